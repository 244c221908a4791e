"""Property-based: generated text, odd Unicode included, never makes extraction fail, every
offset it reports slices the text exactly, and the graph made of it passes the SHACL shapes."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newskg.extract.pipeline import extract_documents
from newskg.extract.records import SourceDocument
from newskg.graph.build.pipeline import ontology_quads
from newskg.graph.build.rdf import GraphWriter
from pyshacl import validate
from rdflib import Graph

SHAPES = Graph().parse(Path(__file__).resolve().parents[2] / "graph" / "shapes.ttl", format="turtle")

# Pieces of news prose, so that generated text has entities, relations and figures to find.
PIECES = [
    "Amina Otieno", "President Kim Jong Un", "the Tartu Marine Institute", "Riga", "Latvia", "North Korea",
    "Russia", "the Ministry of Foreign Affairs", "KCUT", "(KCUT)", "the BBC", "Reuters", "visited", "met",
    "signed an agreement with", "head of", "said", "reported", "on Monday", "in March 2024", "1,200", "3.5 million",
    "people", "tourists", "arrived in", "in the third quarter", "up from 400", ",", ".", ";", "(", ")", "))", "((",
    "\"", "'s", "\n", "\n\n", " date 2024-11-09 ",
    "\u200d", "\u200b", "\u200e", "\u200f", "\u202e", "\u2066", "\u2069", "\ufeff", "\u2028", "\u00a0",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "\u05e9\u05dc\u05d5\u05dd", "caf\u0065\u0301", "\U0001F600",
    "Z" * 10_000, "\u0000", "\t",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES),
              st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8)),
    min_size=1, max_size=50,
).map(" ".join).filter(lambda text: text.strip())


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(texts=st.lists(TEXT, min_size=1, max_size=3, unique=True))  # a build stores a text once
def test_generated_text_extracts_and_conforms(nlp, texts: list[str]) -> None:
    documents = [SourceDocument(source=f"gen-{k}", text=text, date="2024-11-09") for k, text in enumerate(texts)]
    extractions = list(extract_documents(nlp, documents))
    for extraction in extractions:
        text = extraction.document.text
        for entity in extraction.entities:
            for mention in entity.mentions:
                assert text[mention.start:mention.end] == mention.text
        for fact in (*extraction.relations, *extraction.observations, *extraction.events):
            assert text[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence
    data = Graph()
    for s, p, o, _ in (*GraphWriter().quads(extractions), *ontology_quads()):
        data.add((s, p, o))
    ok, _, report = validate(data, shacl_graph=SHAPES, inference="none")
    assert ok, report[:3000]
