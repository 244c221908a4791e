"""Typed records: what extraction hands on to the graph layer.

Everything here is plain data (frozen dataclasses with JSON round trips), so that
`graph/` never sees a spaCy object and extraction results can be cached on disk.
Offsets are character offsets into `SourceDocument.text`.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

# Fine ontology classes an entity can have, with their coarse root.
COARSE_CLASS = {
    "Person": "Person",
    "Organization": "Organization",
    "University": "Organization",
    "OrganizationUnit": "Organization",
    "GovernmentBody": "Organization",
    "MediaOrganization": "Organization",
    "Company": "Organization",
    "Place": "Place",
    "Country": "Place",
    "City": "Place",
    "Region": "Place",
}

RELATIONS = (
    "leaderOf", "affiliatedWith", "partOf", "locatedIn",
    "visited", "agreementWith", "cites", "deployedTo",
)
SYMMETRIC_RELATIONS = frozenset({"agreementWith"})
EVENT_CLASSES = ("Visit", "Signing", "Deployment", "Meeting")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SourceDocument:
    """One input article, decoded, with the metadata its format gave."""

    source: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    url: str | None = None
    format: str = "txt"
    warnings: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


@dataclass(frozen=True)
class Evidence:
    """The sentence that supports a fact, located in its document."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing as seen in one document.

    `key` is local to the document; cross-document resolution happens in the graph layer.
    `names` are every surface name the document uses for it, canonical first.
    """

    key: str
    cls: str
    names: tuple[str, ...]
    mentions: tuple[Mention, ...] = ()
    acronyms: tuple[str, ...] = ()
    certainty: int = 1  # how the class was decided: 3 known name, 2 rule or context, 1 model guess
    anchors: tuple[str, ...] = ()  # "russia|border service": a generic body of a country the text names

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def coarse(self) -> str:
        return COARSE_CLASS[self.cls]


@dataclass(frozen=True)
class Relation:
    subject: str  # Entity.key
    predicate: str  # one of RELATIONS
    object: str  # Entity.key
    evidence: Evidence
    extractor: str
    confidence: float


# How a figure's number relates to what it measures, besides being its level.
CHANGES = ("increase", "decrease")  # "up 20%", "fell by £30m": the size of a change, not a level
APPROXIMATIONS = ("about", "more than", "at least", "less than", "up to")  # "some 300", "over 900", "as many as"


@dataclass(frozen=True)
class Observation:
    """A figure the document reports: a number, scaled ("£2.6bn" is 2600000000), in its unit
    (an ISO 4217 code, "percent", a unit of measure such as "tonnes", or None for a count)."""

    value: float
    measure: str  # the noun phrase of what is counted, without the number and the period
    about: tuple[str, ...]  # Entity.keys
    evidence: Evidence
    extractor: str
    confidence: float
    period_start: str | None = None
    period_end: str | None = None
    reported_by: str | None = None  # Entity.key
    unit: str | None = None
    upper: float | None = None  # the top of a range ("3,000 to 5,000"); `value` is its bottom
    approximation: str | None = None  # one of APPROXIMATIONS
    change: str | None = None  # one of CHANGES
    counted: str = ""  # what kind of thing is counted, for telling figures apart: "people" or a noun's lemma

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Observation:
        return cls(**{**data, "about": tuple(data["about"]), "evidence": Evidence(**data["evidence"])})


@dataclass(frozen=True)
class Event:
    """A visit, signing, deployment or meeting, with who took part and where."""

    cls: str  # one of EVENT_CLASSES
    trigger: str
    participants: tuple[str, ...]  # Entity.keys
    evidence: Evidence
    extractor: str
    confidence: float
    place: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class DocumentExtraction:
    """Everything extracted from one document."""

    document: SourceDocument
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    observations: tuple[Observation, ...] = ()
    events: tuple[Event, ...] = ()
    pipeline: str = ""  # fingerprint of the pipeline that produced it
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentExtraction:
        def evidence(d: dict[str, Any]) -> Evidence:
            return Evidence(**d)

        doc = data["document"]
        return cls(
            document=SourceDocument(**{**doc, "warnings": tuple(doc.get("warnings", ()))}),
            entities=tuple(
                Entity(
                    key=e["key"], cls=e["cls"], names=tuple(e["names"]),
                    mentions=tuple(Mention(**m) for m in e["mentions"]),
                    acronyms=tuple(e.get("acronyms", ())), certainty=e.get("certainty", 1),
                    anchors=tuple(e.get("anchors", ())),
                )
                for e in data["entities"]
            ),
            relations=tuple(
                Relation(**{**r, "evidence": evidence(r["evidence"])}) for r in data["relations"]
            ),
            observations=tuple(Observation.from_json(o) for o in data["observations"]),
            events=tuple(
                Event(**{**v, "participants": tuple(v["participants"]), "evidence": evidence(v["evidence"])})
                for v in data["events"]
            ),
            pipeline=data.get("pipeline", ""),
            extra=data.get("extra", {}),
        )
