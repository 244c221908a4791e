"""Places carry their GeoNames IRI, ISO code and coordinates (shared/ONTOLOGY.md, "Identifiers
outside the graph"), taken from the packaged GeoNames and ISO data."""
from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, XSD

from newskg.extract.records import DocumentExtraction, Entity, SourceDocument
from newskg.graph.build.rdf import GraphWriter
from newskg.graph.namespace import NKG


def facts_of(*entities: Entity) -> dict[str, dict]:
    extraction = DocumentExtraction(document=SourceDocument(source="x.txt", text="x"), entities=entities)
    writer = GraphWriter()
    found: dict[str, dict] = {}
    for s, p, o, _ in writer.quads([extraction]):
        found.setdefault(str(s).rsplit("/", 1)[-1], {}).setdefault(p, set()).add(o)
    return found


def test_a_country_a_state_and_a_city_carry_their_identifiers() -> None:
    found = facts_of(Entity(key="Country:de", cls="Country", names=("Germany",), certainty=3),
                     Entity(key="Region:tx", cls="Region", names=("Texas", "Tex"), certainty=3),
                     Entity(key="City:b", cls="City", names=("Boise",), certainty=2))
    assert found["germany"][OWL.sameAs] == {URIRef("https://sws.geonames.org/2921044/")}
    assert found["germany"][NKG.isoCode] == {Literal("DE")}
    assert found["texas"][NKG.isoCode] == {Literal("US-TX")}
    (lat,) = found["boise"][NKG.lat]
    (long,) = found["boise"][NKG.long]
    assert lat.datatype == XSD.decimal and abs(lat.toPython() - Decimal("43.61")) < 1
    assert abs(long.toPython() - Decimal("-116.2")) < 1


def test_a_person_named_like_a_city_gets_no_place_identifier() -> None:
    found = facts_of(Entity(key="Person:l", cls="Person", names=("Lincoln",), certainty=1))
    assert OWL.sameAs not in found["lincoln"] and NKG.lat not in found["lincoln"]
