"""Observations in the graph: one per figure, however many documents report it, and one per
figure when documents give the same number for different things."""
from __future__ import annotations

from rdflib import Dataset, Literal, RDF
from rdflib.namespace import PROV, XSD

from newskg.extract.records import DocumentExtraction, Entity, Evidence, Mention, Observation, SourceDocument
from newskg.graph.build.rdf import GraphWriter
from newskg.graph.namespace import NKG

LATVIA = Entity(key="Place:latvia", cls="Country", names=("Latvia",), mentions=(Mention("Latvia", 0, 6),))
ESTONIA = Entity(key="Place:estonia", cls="Country", names=("Estonia",), mentions=(Mention("Estonia", 0, 7),))


def document(text: str, *figures: dict) -> DocumentExtraction:
    observations = []
    for spec in figures:
        fields = {"about": ("Place:latvia",), "extractor": "figure_counted_noun", "confidence": 0.9,
                  "evidence": Evidence(text, 0, len(text)), **spec}
        observations.append(Observation(**fields))
    return DocumentExtraction(document=SourceDocument(source=f"{abs(hash(text))}.txt", text=text, date="2024-05-01"),
                              entities=(LATVIA, ESTONIA), observations=tuple(observations))


def graph(*extractions: DocumentExtraction) -> Dataset:
    ds = Dataset(default_union=True)
    for s, p, o, g in GraphWriter().quads(extractions):
        ds.add((s, p, o, g))
    return ds


def observations(ds: Dataset) -> list:
    return sorted(set(ds.subjects(RDF.type, NKG.Observation)))


def documents(ds: Dataset, obs) -> set:
    return {ds.value(a, PROV.wasDerivedFrom) for a in ds.subjects(RDF.subject, obs)}


def test_the_same_figure_from_two_documents_is_one_observation():
    ds = graph(document("Latvia counted 2,100 Estonian nationals in April.",
                        {"value": 2100.0, "measure": "Estonian nationals", "counted": "people",
                         "period_start": "2024-04-01", "period_end": "2024-04-30"}),
               document("In April 2,100 Estonian citizens lived in Latvia.",
                        {"value": 2100.0, "measure": "Estonian citizens", "counted": "people",
                         "period_start": "2024-04-01", "period_end": "2024-04-30"}))
    [obs] = observations(ds)
    assert len(documents(ds, obs)) == 2


def test_the_same_number_for_different_things_is_two_observations():
    ds = graph(document("The Latvian report runs to 500 pages.",
                        {"value": 500.0, "measure": "pages", "counted": "page"}),
               document("Latvia will spend £500m on roads.",
                        {"value": 500_000_000.0, "measure": "spend", "counted": "spend", "unit": "GBP"}),
               document("500 Latvian students left.",
                        {"value": 500.0, "measure": "Latvian students", "counted": "people"}),
               document("Latvia and Estonia count 500 students.",
                        {"value": 500.0, "measure": "students", "counted": "people",
                         "about": ("Place:estonia",)}))
    found = observations(ds)
    assert len(found) == 4
    assert all(len(documents(ds, obs)) == 1 for obs in found)


def test_a_change_is_not_the_level_of_the_same_number():
    ds = graph(document("Latvian exports rose 5%.", {"value": 5.0, "measure": "Latvian exports", "counted": "export",
                                                      "unit": "percent", "change": "increase"}),
               document("Latvian exports were 5% of output.", {"value": 5.0, "measure": "Latvian exports",
                                                              "counted": "export", "unit": "percent"}))
    assert len(observations(ds)) == 2


def test_unit_range_hedge_and_change_are_written():
    ds = graph(document("Latvia spent between £2bn and £3bn, about 4% more.",
                        {"value": 2e9, "upper": 3e9, "unit": "GBP", "measure": "spending", "counted": "spending"},
                        {"value": 4.0, "unit": "percent", "measure": "spending", "counted": "spending",
                         "approximation": "about", "change": "increase"}))
    by_value = {ds.value(o, NKG.value).toPython(): o for o in observations(ds)}
    money, share = by_value[2_000_000_000], by_value[4]
    assert ds.value(money, NKG.unit) == Literal("GBP")
    assert ds.value(money, NKG.upperValue) == Literal(3_000_000_000, datatype=XSD.integer)
    assert ds.value(share, NKG.unit) == Literal("percent")
    assert ds.value(share, NKG.approximation) == Literal("about")
    assert ds.value(share, NKG.change) == Literal("increase")
    assert ds.value(money, NKG.change) is None
