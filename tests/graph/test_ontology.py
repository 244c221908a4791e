"""The ontology, the closed namespace and the SHACL shapes agree, and built graphs conform."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import OWL, RDF, Dataset, Graph

from newskg.graph.build.pipeline import build
from newskg.graph.namespace import NKG, ontology_path

SHAPES = Path(__file__).resolve().parents[2] / "graph" / "shapes.ttl"
ONTOLOGY_MD_TERMS = {
    "Person", "Organization", "University", "OrganizationUnit", "GovernmentBody", "MediaOrganization",
    "Company", "Place", "Country", "City", "Region", "Event", "Observation", "Document", "Assertion",
    "leaderOf", "affiliatedWith", "partOf", "locatedIn", "visited", "agreementWith", "cites", "deployedTo",
    "mentions", "evidence", "charStart", "charEnd", "confidence", "extractor", "value", "measure", "about",
    "periodStart", "periodEnd", "reportedBy", "sha256",
}


def ontology_terms() -> set[str]:
    graph = Graph().parse(ontology_path(), format="turtle")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s).rsplit("#", 1)[1] for kind in kinds for s in graph.subjects(RDF.type, kind)
            if str(s).startswith(str(NKG._NS))}


def test_namespace_module_mirrors_ontology() -> None:
    assert set(NKG.__annotations__) == ontology_terms()


def test_ontology_defines_the_public_contract() -> None:
    assert ONTOLOGY_MD_TERMS <= ontology_terms()


def test_closed_namespace_rejects_typos() -> None:
    with pytest.raises(AttributeError):
        NKG.visted  # noqa: B018


def conforms(trig: Path) -> tuple[bool, str]:
    dataset = Dataset()
    dataset.parse(trig, format="trig")
    data = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        data.add((s, p, o))
    ok, _, text = validate(data, shacl_graph=Graph().parse(SHAPES, format="turtle"), inference="none")
    return ok, text


@pytest.mark.parametrize("corpus", ["seeds", "sample", "devset"])
def test_built_graphs_pass_the_shapes(corpus: str, tmp_path: Path, nlp, seeds_dir: Path, sample_dir: Path,
                                      devset_dir: Path) -> None:
    source = {"seeds": seeds_dir, "sample": sample_dir, "devset": devset_dir}[corpus]
    build([str(source)], tmp_path / "kg", nlp=nlp)
    ok, text = conforms(tmp_path / "kg" / "graph.trig")
    assert ok, text[:3000]


def test_shapes_catch_a_broken_graph(tmp_path: Path) -> None:
    broken = tmp_path / "broken.trig"
    broken.write_text("""
        @prefix nkg: <https://w3id.org/newskg/ontology#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        <urn:g> { <urn:a> a nkg:Assertion ; rdf:subject <urn:x> ; nkg:confidence 1.7 . }
    """, encoding="utf-8")
    ok, text = conforms(broken)
    assert not ok and "confidence" in text
