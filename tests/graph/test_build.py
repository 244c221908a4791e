"""Building graph directories: same graph for the same inputs in any order, incremental
adds, replaced documents, bad inputs skipped, and nothing half-written after a failure."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS

from newskg.graph.build.pipeline import build
from newskg.graph.namespace import NKG
from newskg.graph.store.directory import GraphDir


def quads(directory: Path) -> set[tuple]:
    """Every quad of a published graph, as comparable strings."""
    store = GraphDir(directory).open_store()
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store}


def labels(directory: Path) -> set[str]:
    dataset = Dataset()
    dataset.parse(directory / "graph.trig", format="trig")
    return {str(o) for _, _, o, _ in dataset.quads((None, RDFS.label, None, None))}


@pytest.fixture(scope="module")
def seed_files(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


@pytest.fixture(scope="module")
def seeds_graph(tmp_path_factory: pytest.TempPathFactory, nlp, seeds_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "kg"
    report = build([str(seeds_dir)], out, nlp=nlp)
    assert report.ok and report.documents == 3
    return out


def test_build_publishes_store_and_trig(seeds_graph: Path) -> None:
    assert (seeds_graph / "current").is_symlink()
    assert (seeds_graph / "graph.trig").is_file()
    trig = Dataset()
    trig.parse(seeds_graph / "graph.trig", format="trig")
    assert len(trig) == len(quads(seeds_graph))
    manifest = GraphDir(seeds_graph).manifest()
    assert len(manifest["documents"]) == 3 and manifest["quads"] > 500


def test_rebuild_changes_nothing(tmp_path: Path, nlp, seeds_dir: Path, seeds_graph: Path) -> None:
    again = tmp_path / "again"
    build([str(seeds_dir)], again, nlp=nlp)
    build([str(seeds_dir)], again, nlp=nlp)  # the same directory, built twice
    assert quads(again) == quads(seeds_graph)


def test_input_order_does_not_matter(tmp_path: Path, nlp, seed_files: list[Path], seeds_graph: Path) -> None:
    reverse = tmp_path / "reverse"
    build([str(p) for p in reversed(seed_files)], reverse, nlp=nlp)
    assert quads(reverse) == quads(seeds_graph)


def test_incremental_add_equals_full_build(tmp_path: Path, nlp, seed_files: list[Path], seeds_graph: Path) -> None:
    out = tmp_path / "inc"
    build([str(seed_files[0])], out, nlp=nlp)
    report = build([str(p) for p in seed_files[1:]], out, into=True, nlp=nlp)
    assert report.documents == 3 and report.added == 2
    assert quads(out) == quads(seeds_graph)


def test_changed_document_replaces_its_facts(tmp_path: Path, nlp) -> None:
    article = tmp_path / "in" / "story.txt"
    article.parent.mkdir()
    article.write_text("Officials of the Tartu Marine Institute visited Riga on Monday.\n", encoding="utf-8")
    other = tmp_path / "in" / "other.txt"
    other.write_text("Kenyan Health Minister Amina Otieno visited Nairobi.\n", encoding="utf-8")
    out = tmp_path / "kg"
    build([str(article.parent)], out, nlp=nlp)
    assert "Tartu Marine Institute" in labels(out)

    article.write_text("Officials of the Bergen Coastal Academy visited Oslo on Monday.\n", encoding="utf-8")
    report = build([str(article)], out, into=True, nlp=nlp)
    assert report.documents == 2
    now = labels(out)
    assert "Bergen Coastal Academy" in now and "Amina Otieno" in now
    assert "Tartu Marine Institute" not in now, "a fact of the replaced text survived"
    docs = GraphDir(out).manifest()["documents"]
    assert sorted(Path(d["source"]).name for d in docs) == ["other.txt", "story.txt"]


def test_same_text_under_two_names_is_stored_once(tmp_path: Path, nlp, seed_files: list[Path]) -> None:
    twin = tmp_path / "copy.txt"
    shutil.copy(seed_files[0], twin)
    messages: list[str] = []
    report = build([str(seed_files[0]), str(twin)], tmp_path / "kg", nlp=nlp, on_message=messages.append)
    assert report.documents == 1
    assert any("same text" in m and "copy.txt" in m for m in messages)


def test_bad_inputs_are_skipped_and_named(tmp_path: Path, nlp, seed_files: list[Path]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_files[1], folder / "good.txt")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "a", "title": "T", "date": "2024-01-02", "text": "Paris is in France."}) + "\n{broken\n",
        encoding="utf-8")
    report = build([str(folder)], tmp_path / "kg", nlp=nlp)
    assert report.documents == 2  # good.txt and the good JSONL line
    assert len(report.skipped) == 3
    joined = "\n".join(report.skipped)
    assert "empty.txt" in joined and "binary.txt" in joined and "feed.jsonl:2" in joined
    assert not report.ok


def test_failed_build_leaves_previous_graph_intact(tmp_path: Path, nlp, seed_files: list[Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "kg"
    build([str(seed_files[0])], out, nlp=nlp)
    before_quads, before_trig = quads(out), (out / "graph.trig").read_bytes()

    from newskg.graph.build import rdf

    def explode(self, extractions, resolution=None, on_error=None):
        yield from []
        raise RuntimeError("disk full")  # the stream itself fails, not one document's part of it

    monkeypatch.setattr(rdf.GraphWriter, "quads", explode)
    with pytest.raises(RuntimeError):
        build([str(p) for p in seed_files], out, into=True, nlp=nlp)
    assert quads(out) == before_quads
    assert (out / "graph.trig").read_bytes() == before_trig
    monkeypatch.undo()
    report = build([str(p) for p in seed_files[1:]], out, into=True, nlp=nlp)  # the next build completes
    assert report.documents == 3


def test_killed_build_leaves_previous_graph_readable(tmp_path: Path, seed_files: list[Path], seeds_dir: Path) -> None:
    out = tmp_path / "kg"
    newskg = [sys.executable, "-m", "newskg.graph.cli"]
    subprocess.run([*newskg, "build", str(seed_files[0]), "--out", str(out), "-q"], check=True)
    before = quads(out)
    process = subprocess.Popen([*newskg, "build", str(seeds_dir), "--into", str(out), "-q"])
    time.sleep(3.0)  # model loaded, extraction or publishing under way
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert quads(out) == before or len(quads(out)) > len(before)  # the old graph, or the whole new one
    Graph().parse(out / "graph.trig", format="trig")  # still a complete file
    finished = subprocess.run([*newskg, "build", str(seeds_dir), "--into", str(out), "-q"])
    assert finished.returncode == 0
    assert len(GraphDir(out).manifest()["documents"]) == 3


def test_entities_have_stable_iris_and_one_label(seeds_graph: Path) -> None:
    store = GraphDir(seeds_graph).open_store()
    rows = list(store.query(
        "SELECT ?e (COUNT(?l) AS ?n) WHERE { ?e a ?c ; rdfs:label ?l . FILTER(?c IN (nkg:Person, nkg:University, "
        "nkg:Country)) } GROUP BY ?e", prefixes={"nkg": str(NKG), "rdfs": str(RDFS)}, use_default_graph_as_union=True))
    assert rows and all(int(r["n"].value) == 1 for r in rows)
    iris = {r["e"].value for r in rows}
    assert "https://w3id.org/newskg/id/place/north-korea" in iris


def test_every_relation_has_provenance(seeds_graph: Path) -> None:
    store = GraphDir(seeds_graph).open_store()
    unsupported = store.query("""
        SELECT ?s ?p ?o WHERE {
          VALUES ?p { nkg:leaderOf nkg:affiliatedWith nkg:partOf nkg:locatedIn nkg:visited nkg:agreementWith
                      nkg:cites nkg:deployedTo }
          ?s ?p ?o .
          FILTER NOT EXISTS { GRAPH ?d { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                                            prov:wasDerivedFrom ?d ; nkg:evidence ?e ; nkg:charStart ?b } }
        }""", prefixes={"nkg": str(NKG), "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                        "prov": "http://www.w3.org/ns/prov#"}, use_default_graph_as_union=True)
    assert list(unsupported) == []


def test_evidence_offsets_point_into_the_document(seeds_graph: Path, seeds_dir: Path) -> None:
    store = GraphDir(seeds_graph).open_store()
    rows = list(store.query("""
        SELECT ?src ?e ?b ?f WHERE { GRAPH ?d { ?a nkg:evidence ?e ; nkg:charStart ?b ; nkg:charEnd ?f .
                                                 ?d dct:source ?src } }""",
                            prefixes={"nkg": str(NKG), "dct": "http://purl.org/dc/terms/"},
                            use_default_graph_as_union=True))
    assert len(rows) > 20
    texts = {p.name: p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")}
    for row in rows:
        text = texts[Path(row["src"].value).name]
        assert text[int(row["b"].value):int(row["f"].value)] == row["e"].value


def test_store_refuses_directory_without_graph(tmp_path: Path) -> None:
    from newskg.extract.errors import StoreError

    with pytest.raises(StoreError, match="not a newskg graph directory"):
        GraphDir(tmp_path).open_store()


def test_ontology_is_loaded_as_its_own_graph(seeds_graph: Path) -> None:
    store = GraphDir(seeds_graph).open_store()
    graph = ox.NamedNode("https://w3id.org/newskg/ontology")
    assert any(True for _ in store.quads_for_pattern(ox.NamedNode(str(NKG.University)), None, None, graph))
    assert URIRef(str(NKG.University))  # the closed namespace knows the term
