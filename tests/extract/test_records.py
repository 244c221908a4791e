"""Records are plain data: a JSON round trip gives back an equal extraction."""
from __future__ import annotations

import json

import pytest

from newskg.extract.records import (
    COARSE_CLASS, EVENT_CLASSES, RELATIONS, DocumentExtraction, Entity, Event, Evidence, Mention,
    Observation, Relation, SourceDocument,
)

TEXT = ("Tartu Marine Institute (TMI) Rector Jaan Kask visited Riga. "
        "TMI and Riga Technical University signed a pact. 1,200 students enrolled in 2023.")


def evidence(sentence: str) -> Evidence:
    start = TEXT.index(sentence)
    return Evidence(sentence=sentence, start=start, end=start + len(sentence))


S1 = "Tartu Marine Institute (TMI) Rector Jaan Kask visited Riga."
S2 = "TMI and Riga Technical University signed a pact."
S3 = "1,200 students enrolled in 2023."


@pytest.fixture
def extraction() -> DocumentExtraction:
    return DocumentExtraction(
        document=SourceDocument(source="https://news.example.org/tmi", text=TEXT, title="TMI rector visits Riga",
                                date="2024-11-09", url="https://news.example.org/tmi", format="html",
                                warnings=("not valid UTF-8 (byte 0xa3 at offset 3); decoded as Windows-1252",)),
        entities=(
            Entity(key="Organization:tartu marine institute", cls="University",
                   names=("Tartu Marine Institute", "TMI"),
                   mentions=(Mention("Tartu Marine Institute", 0, 22), Mention("TMI", 24, 27)), acronyms=("TMI",),
                   certainty=2),
            Entity(key="Person:jaan kask", cls="Person", names=("Jaan Kask",), mentions=(Mention("Jaan Kask", 36, 45),)),
            Entity(key="Place:riga", cls="City", names=("Riga",), mentions=(Mention("Riga", 54, 58),), certainty=3),
            Entity(key="Organization:riga technical university", cls="University",
                   names=("Riga Technical University",)),
        ),
        relations=(
            Relation("Person:jaan kask", "leaderOf", "Organization:tartu marine institute", evidence(S1),
                     "title_before_name", 0.9),
            Relation("Organization:tartu marine institute", "agreementWith", "Organization:riga technical university",
                     evidence(S2), "agreement", 0.75),
        ),
        observations=(
            Observation(value=1200.0, measure="students enrolled", about=("Organization:tartu marine institute",),
                        evidence=evidence(S3), extractor="figure_counted_noun", confidence=0.5,
                        period_start="2023-01-01", period_end="2023-12-31",
                        reported_by="Organization:riga technical university"),
            Observation(value=3.5, measure="students", about=("Place:riga", "Person:jaan kask"),
                        evidence=evidence(S3), extractor="figure_counted_noun", confidence=0.5, unit="percent",
                        upper=4.5, approximation="about", change="increase", counted="people"),
        ),
        events=(
            Event(cls="Visit", trigger="visit", participants=("Person:jaan kask", "Place:riga"), evidence=evidence(S1),
                  extractor="visit_verb", confidence=0.8, place="Place:riga", date="2024-11-04"),
            Event(cls="Signing", trigger="sign",
                  participants=("Organization:tartu marine institute", "Organization:riga technical university"),
                  evidence=evidence(S2), extractor="agreement", confidence=0.7),
        ),
        pipeline="en_core_web_sm-3.8.0+newskg1-0123456789ab",
        extra={"cached": True},
    )


def test_every_record_kind_is_filled(extraction):
    assert all((extraction.entities, extraction.relations, extraction.observations, extraction.events))
    assert extraction.document.warnings and extraction.entities[0].acronyms and extraction.entities[0].mentions


def test_json_round_trip(extraction):
    data = json.loads(json.dumps(extraction.to_json()))
    again = DocumentExtraction.from_json(data)
    assert again == extraction
    assert again.to_json() == extraction.to_json()
    assert again.extra == {"cached": True}
    # tuples come back as tuples (hashable, frozen), not lists
    assert isinstance(again.document.warnings, tuple)
    assert isinstance(again.entities[0].names, tuple) and isinstance(again.entities[0].mentions[0], Mention)
    assert isinstance(again.observations[0].about, tuple) and isinstance(again.events[0].participants, tuple)
    assert isinstance(again.relations[0].evidence, Evidence)
    hash(again.relations[0])


def test_json_round_trip_of_an_empty_extraction():
    empty = DocumentExtraction(document=SourceDocument(source="-", text="Nothing here."))
    assert DocumentExtraction.from_json(json.loads(json.dumps(empty.to_json()))) == empty


def test_evidence_slices_the_text(extraction):
    for record in (*extraction.relations, *extraction.observations, *extraction.events):
        ev = record.evidence
        assert TEXT[ev.start:ev.end] == ev.sentence


def test_entity_name_and_coarse_class(extraction):
    tmi, kask, riga, _ = extraction.entities
    assert (tmi.name, tmi.coarse) == ("Tartu Marine Institute", "Organization")
    assert (kask.name, kask.coarse) == ("Jaan Kask", "Person")
    assert (riga.name, riga.coarse) == ("Riga", "Place")


def test_vocabularies_are_consistent(extraction):
    assert set(COARSE_CLASS.values()) == {"Person", "Organization", "Place"}
    assert all(COARSE_CLASS[root] == root for root in COARSE_CLASS.values())
    assert {r.predicate for r in extraction.relations} <= set(RELATIONS)
    assert {e.cls for e in extraction.events} <= set(EVENT_CLASSES)
