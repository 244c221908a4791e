"""Records to RDF: entities, relations, figures and events with provenance, as quads.

Shared facts (entities, their names, relation triples, observations, events) go into one
named graph, `<base>graph/facts`; everything one document says (the document itself, what
it mentions, one `nkg:Assertion` per fact it supports) goes into the document's own named
graph, `<base>doc/<sha>`, so that removing a document removes exactly its support.
Every node gets an IRI derived from its content, so equal inputs give equal graphs.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from newskg.extract.records import DocumentExtraction, Evidence, Observation
from .namespace import DEFAULT_BASE, NKG
from .resolve import Resolution, resolve

Quad = tuple[URIRef, URIRef, object, URIRef]


def _hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


@dataclass
class _ObservationGroup:
    value: float
    about: set[URIRef]
    measure: str
    period: tuple[str | None, str | None]
    reported_by: URIRef | None
    support: list[tuple[str, Observation]] = field(default_factory=list)  # (document sha256, its figure)


class GraphWriter:
    """Turns a set of document extractions into quads under an instance base IRI."""

    def __init__(self, base: str = DEFAULT_BASE, *, min_confidence: float = 0.0) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.min_confidence = min_confidence
        self.facts = URIRef(self.base + "graph/facts")

    def iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def document_iri(self, sha256: str) -> URIRef:
        return self.iri(f"doc/{sha256[:16]}")

    def quads(self, extractions: Iterable[DocumentExtraction], resolution: Resolution | None = None) -> Iterator[Quad]:
        """The quads of `extractions`. Given their `resolution` (made from a light index, see
        `resolve.resolve_entities`), `extractions` must come in order of document sha256 and
        are read one at a time, never held together."""
        if resolution is None:
            extractions = sorted(extractions, key=lambda x: x.document.sha256)
            resolution = resolve(extractions)
        yield from self._entities(resolution)
        observations: dict[float, list[_ObservationGroup]] = defaultdict(list)
        for extraction in extractions:
            yield from self._document(extraction, resolution)
            yield from self._relations(extraction, resolution)
            yield from self._events(extraction, resolution)
            self._group_observations(extraction, resolution, observations)
        yield from self._observations(g for groups in observations.values() for g in groups)

    # -- entities ----------------------------------------------------------------------------
    def _entities(self, resolution: Resolution) -> Iterator[Quad]:
        for entity in resolution.entities:
            node = self.iri(entity.iri_path)
            yield node, RDF.type, NKG[entity.cls], self.facts
            yield node, RDFS.label, Literal(entity.label), self.facts
            for alias in entity.aliases:
                yield node, SKOS.altLabel, Literal(alias), self.facts

    def _entity(self, resolution: Resolution, sha: str, key: str | None) -> URIRef | None:
        if key is None:
            return None
        found = resolution.lookup(sha, key)
        return self.iri(found.iri_path) if found else None

    # -- documents ---------------------------------------------------------------------------
    def _document(self, extraction: DocumentExtraction, resolution: Resolution) -> Iterator[Quad]:
        source = extraction.document
        doc = self.document_iri(source.sha256)
        yield doc, RDF.type, NKG.Document, doc
        yield doc, NKG.sha256, Literal(source.sha256), doc
        yield doc, DCTERMS.source, Literal(source.url or source.source), doc
        yield doc, DCTERMS.format, Literal(source.format), doc
        if source.title:
            yield doc, DCTERMS.title, Literal(source.title), doc
        if source.date:
            yield doc, DCTERMS.issued, Literal(source.date, datatype=XSD.date), doc
        for entity in extraction.entities:
            node = self._entity(resolution, source.sha256, entity.key)
            if node is not None:
                yield doc, NKG.mentions, node, doc

    def _assertion(self, doc: URIRef, subject: URIRef, predicate: URIRef, obj: object,
                   evidence: Evidence, extractor: str, confidence: float) -> Iterator[Quad]:
        node = self.iri(f"assertion/{_hash(doc, subject, predicate, obj, evidence.start, extractor)}")
        yield node, RDF.type, NKG.Assertion, doc
        yield node, RDF.subject, subject, doc
        yield node, RDF.predicate, predicate, doc
        yield node, RDF.object, obj, doc
        yield node, PROV.wasDerivedFrom, doc, doc
        yield node, NKG.evidence, Literal(evidence.sentence), doc
        yield node, NKG.charStart, Literal(evidence.start), doc
        yield node, NKG.charEnd, Literal(evidence.end), doc
        yield node, NKG.confidence, Literal(Decimal(str(round(confidence, 3))), datatype=XSD.decimal), doc
        yield node, NKG.extractor, Literal(extractor), doc

    # -- relations and events ------------------------------------------------------------------
    def _relations(self, extraction: DocumentExtraction, resolution: Resolution) -> Iterator[Quad]:
        sha = extraction.document.sha256
        doc = self.document_iri(sha)
        for relation in extraction.relations:
            if relation.confidence < self.min_confidence:
                continue
            subject = self._entity(resolution, sha, relation.subject)
            obj = self._entity(resolution, sha, relation.object)
            if subject is None or obj is None or subject == obj:
                continue
            predicate = NKG[relation.predicate]
            yield subject, predicate, obj, self.facts
            yield from self._assertion(doc, subject, predicate, obj, relation.evidence,
                                       relation.extractor, relation.confidence)

    def _events(self, extraction: DocumentExtraction, resolution: Resolution) -> Iterator[Quad]:
        sha = extraction.document.sha256
        doc = self.document_iri(sha)
        for event in extraction.events:
            if event.confidence < self.min_confidence:
                continue
            participants = [p for p in (self._entity(resolution, sha, k) for k in event.participants) if p]
            if not participants:
                continue
            node = self.iri(f"event/{_hash(sha, event.cls, event.evidence.start, *sorted(participants))}")
            yield node, RDF.type, NKG[event.cls], self.facts
            yield node, NKG.eventType, Literal(event.trigger), self.facts
            yield node, RDFS.label, Literal(f"{event.trigger} ({event.evidence.sentence[:60]}…)"), self.facts
            for participant in participants:
                yield node, NKG.participant, participant, self.facts
            place = self._entity(resolution, sha, event.place)
            if place is not None:
                yield node, NKG.place, place, self.facts
            if event.date:
                yield node, NKG.date, Literal(event.date, datatype=XSD.date), self.facts
            yield from self._assertion(doc, node, RDF.type, NKG[event.cls], event.evidence,
                                       event.extractor, event.confidence)

    # -- observations -------------------------------------------------------------------------
    def _group_observations(self, extraction: DocumentExtraction, resolution: Resolution,
                            by_value: dict[float, list[_ObservationGroup]]) -> None:
        """The same figure from several documents is one observation: same value, an entity in
        common, and periods that do not disagree."""
        sha = extraction.document.sha256
        for obs in extraction.observations:
            if obs.confidence < self.min_confidence:
                continue
            about = {a for a in (self._entity(resolution, sha, k) for k in obs.about) if a}
            if not about:
                continue
            period = (obs.period_start, obs.period_end)
            reporter = self._entity(resolution, sha, obs.reported_by)
            groups = by_value[obs.value]
            match = next((g for g in groups if g.about & about
                          and _periods_agree(g.period, period)
                          and all(sha != s for s, _ in g.support)), None)
            if match is None:
                groups.append(_ObservationGroup(obs.value, about, obs.measure, period, reporter,
                                                [(sha, obs)]))
                continue
            match.about |= about
            match.support.append((sha, obs))
            if match.period == (None, None):
                match.period = period
            match.reported_by = match.reported_by or reporter
            if len(obs.measure) > len(match.measure):
                match.measure = obs.measure

    def _observations(self, groups: Iterable[_ObservationGroup]) -> Iterator[Quad]:
        for group in groups:
            first = min(group.support, key=lambda s: (s[0], s[1].evidence.start))
            node = self.iri(f"observation/{_hash(first[0], first[1].evidence.start, group.value)}")
            value = _number(group.value)
            yield node, RDF.type, NKG.Observation, self.facts
            yield node, NKG.value, value, self.facts
            yield node, NKG.measure, Literal(group.measure), self.facts
            for about in sorted(group.about):
                yield node, NKG.about, about, self.facts
            if group.period[0]:
                yield node, NKG.periodStart, Literal(group.period[0], datatype=XSD.date), self.facts
            if group.period[1]:
                yield node, NKG.periodEnd, Literal(group.period[1], datatype=XSD.date), self.facts
            if group.reported_by is not None:
                yield node, NKG.reportedBy, group.reported_by, self.facts
            for sha, obs in group.support:
                doc = self.document_iri(sha)
                yield from self._assertion(doc, node, NKG.value, value, obs.evidence, obs.extractor, obs.confidence)


def _periods_agree(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    return a == b or a == (None, None) or b == (None, None)


def _number(value: float) -> Literal:
    if float(value).is_integer():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(Decimal(str(value)), datatype=XSD.decimal)

