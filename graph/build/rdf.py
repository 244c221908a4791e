"""Records to RDF: entities, relations, figures and events with provenance, as quads.

Shared facts (entities, their names, relation triples, observations, events) go into one
named graph, `<base>graph/facts`; everything one document says (the document itself, what
it mentions, one `nkg:Assertion` per fact it supports) goes into the document's own named
graph, `<base>doc/<sha>`, so that removing a document removes exactly its support.
Every node gets an IRI derived from its content, so equal inputs give equal graphs.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, groupby

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS, XSD

from newskg.extract.places import world_places
from newskg.extract.records import DocumentExtraction, Evidence, Observation
from newskg.graph.build.index import pack, unpack
from newskg.graph.namespace import DEFAULT_BASE, NKG
from newskg.graph.build.resolve import Resolution, resolve

Quad = tuple[URIRef, URIRef, object, URIRef]
# The fine classes GeoNames has places of: countries, first-level divisions, populated places.
PLACE_CLASSES = frozenset({"Country", "Region", "City"})


def _hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class _Figure:
    """One figure of one document, its entities resolved."""

    sha: str
    observation: Observation
    about: frozenset[URIRef]
    reported_by: URIRef | None


@dataclass
class _ObservationGroup:
    value: float
    about: set[URIRef]
    measure: str
    period: tuple[str | None, str | None]
    reported_by: URIRef | None
    support: list[tuple[str, Observation]] = field(default_factory=list)  # (document sha256, its figure)


class _Figures:
    """Figures waiting until every document is read, in a table of the build's index: the same
    figure from several documents is one observation, and they are grouped by value."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        db.executescript("""DROP TABLE IF EXISTS figure;
            CREATE TABLE figure (seq INTEGER PRIMARY KEY, value REAL, sha TEXT, about TEXT, reported_by TEXT,
                                 observation TEXT);""")

    def add(self, figures: Iterable[_Figure]) -> None:
        self.db.executemany("INSERT INTO figure (value, sha, about, reported_by, observation) VALUES (?, ?, ?, ?, ?)",
                            ((float(f.observation.value), f.sha, pack(sorted(f.about)), f.reported_by,
                              json.dumps(dataclasses.asdict(f.observation), ensure_ascii=False)) for f in figures))

    def by_value(self) -> Iterator[list[_ObservationGroup]]:
        """The observations of each value: same value, an entity in common, periods that do not
        disagree, different documents make one. Only one value's figures are in memory at a time."""
        rows = self.db.cursor().execute("SELECT value, sha, about, reported_by, observation FROM figure "
                                        "ORDER BY value, seq")
        for _, figures in groupby(rows, key=lambda row: row[0]):
            groups: list[_ObservationGroup] = []
            for _, sha, about, reported_by, data in figures:
                obs = Observation.from_json(json.loads(data))
                _group(groups, _Figure(sha, obs, frozenset(URIRef(a) for a in unpack(about)),
                                       URIRef(reported_by) if reported_by else None))
            yield groups


class _SharedFacts:
    """Quads of the facts graph that documents give, each kept once in a table of the build's
    index (many documents state the same relation) and handed back once all are read."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        db.executescript("""DROP TABLE IF EXISTS shared;
            CREATE TABLE shared (key BLOB PRIMARY KEY, quad BLOB);""")

    def add(self, quad: Quad) -> None:
        self.db.execute("INSERT OR IGNORE INTO shared VALUES (?, ?)",
                        (hashlib.blake2b(" ".join(term.n3() for term in quad).encode(), digest_size=16).digest(),
                         pickle.dumps(quad)))

    def quads(self) -> Iterator[Quad]:
        for data, in self.db.cursor().execute("SELECT quad FROM shared ORDER BY rowid"):
            yield pickle.loads(data)


def _group(groups: list[_ObservationGroup], figure: _Figure) -> None:
    """Add a figure to the first group of its value that is the same figure, or start one.

    The same figure is the same value in the same unit, the same kind of number (a level, or a
    change the same way; the same range), counting the same kind of thing, about the same
    entities, in periods that do not disagree, from another document: two documents giving
    "500" for pages and for people, or "£3bn" for two budgets, make two observations."""
    obs, sha, period = figure.observation, figure.sha, (figure.observation.period_start, figure.observation.period_end)
    match = next((g for g in groups if _same_figure(g, figure) and _periods_agree(g.period, period)
                  and all(sha != s for s, _ in g.support)), None)
    if match is None:
        groups.append(_ObservationGroup(obs.value, set(figure.about), obs.measure, period, figure.reported_by,
                                        [(sha, obs)]))
        return
    match.about |= figure.about
    match.support.append((sha, obs))
    if match.period == (None, None):
        match.period = period
    match.reported_by = match.reported_by or figure.reported_by
    if len(obs.measure) > len(match.measure):
        match.measure = obs.measure


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

    def quads(self, extractions: Iterable[DocumentExtraction], resolution: Resolution | None = None,
              on_error: Callable[[DocumentExtraction, Exception], None] | None = None) -> Iterator[Quad]:
        """The quads of `extractions`. Given their `resolution` (see `resolve.resolve_index`),
        `extractions` must come in order of document sha256 and are read one at a time, never
        held together; their figures wait in the resolution's index until all are read.

        With `on_error`, a document whose quads cannot be made is left out whole (none of its
        quads are written; the resolved entities it shares with others stay) and `on_error` is
        told; without it, the exception ends the stream.
        """
        if resolution is None:
            extractions = sorted(extractions, key=lambda x: x.document.sha256)
            resolution = resolve(extractions)
        yield from self._entities(resolution)
        shared, figures = _SharedFacts(resolution.index.db), _Figures(resolution.index.db)
        for extraction in extractions:
            entities = resolution.in_document(extraction.document.sha256)
            try:
                # each quad once: the stream is written out as it comes, not into a set; a
                # document's quads are all made before any is written, so one that fails
                # leaves nothing half-written
                said = dict.fromkeys(chain(self._document(extraction, entities), self._relations(extraction, entities),
                                           self._events(extraction, entities)))
                found = list(self._figures(extraction, entities))
            except Exception as err:  # noqa: BLE001  (one document's failure costs only that document)
                if on_error is None:
                    raise
                on_error(extraction, err)
                continue
            for quad in said:
                if quad[3] == self.facts:  # what several documents may say: once, at the end
                    shared.add(quad)
                else:
                    yield quad
            figures.add(found)
        yield from shared.quads()
        for groups in figures.by_value():
            # the facts graph's quads first, then the documents' assertions: fewer graph blocks in TriG
            yield from sorted(dict.fromkeys(self._observations(groups)), key=lambda quad: quad[3] != self.facts)

    # -- entities ----------------------------------------------------------------------------
    def _entities(self, resolution: Resolution) -> Iterator[Quad]:
        for entity in resolution.entities():
            node = self.iri(entity.iri_path)
            yield node, RDF.type, NKG[entity.cls], self.facts
            yield node, RDFS.label, Literal(entity.label), self.facts
            for alias in entity.aliases:
                yield node, SKOS.altLabel, Literal(alias), self.facts
            yield from self._place_identifiers(node, entity.cls, entity.label)

    def _place_identifiers(self, node: URIRef, cls: str, label: str) -> Iterator[Quad]:
        """owl:sameAs its GeoNames IRI, its ISO code, its coordinates: for a place GeoNames
        knows by its label as a place of the same class (a city "Lincoln", not a person)."""
        if cls not in PLACE_CLASSES:
            return
        place = world_places().lookup(label)
        if place is None or place.cls != cls:
            return
        yield node, OWL.sameAs, URIRef(place.iri), self.facts
        if place.iso:
            yield node, NKG.isoCode, Literal(place.iso), self.facts
        if place.lat is not None and place.long is not None:
            yield node, NKG.lat, Literal(Decimal(str(place.lat)), datatype=XSD.decimal), self.facts
            yield node, NKG.long, Literal(Decimal(str(place.long)), datatype=XSD.decimal), self.facts

    def _entity(self, entities: dict[str, str], key: str | None) -> URIRef | None:
        """The node of a document's entity, given the document's key -> IRI path map."""
        if key is None:
            return None
        path = entities.get(key)
        return self.iri(path) if path else None

    # -- documents ---------------------------------------------------------------------------
    def _document(self, extraction: DocumentExtraction, entities: dict[str, str]) -> Iterator[Quad]:
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
            node = self._entity(entities, entity.key)
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
    def _relations(self, extraction: DocumentExtraction, entities: dict[str, str]) -> Iterator[Quad]:
        sha = extraction.document.sha256
        doc = self.document_iri(sha)
        for relation in extraction.relations:
            if relation.confidence < self.min_confidence:
                continue
            subject = self._entity(entities, relation.subject)
            obj = self._entity(entities, relation.object)
            if subject is None or obj is None or subject == obj:
                continue
            predicate = NKG[relation.predicate]
            yield subject, predicate, obj, self.facts
            yield from self._assertion(doc, subject, predicate, obj, relation.evidence,
                                       relation.extractor, relation.confidence)

    def _events(self, extraction: DocumentExtraction, entities: dict[str, str]) -> Iterator[Quad]:
        sha = extraction.document.sha256
        doc = self.document_iri(sha)
        for event in extraction.events:
            if event.confidence < self.min_confidence:
                continue
            participants = [p for p in (self._entity(entities, k) for k in event.participants) if p]
            if not participants:
                continue
            node = self.iri(f"event/{_hash(sha, event.cls, event.evidence.start, *sorted(participants))}")
            yield node, RDF.type, NKG[event.cls], self.facts
            yield node, NKG.eventType, Literal(event.trigger), self.facts
            yield node, RDFS.label, Literal(f"{event.trigger} ({event.evidence.sentence[:60]}…)"), self.facts
            for participant in participants:
                yield node, NKG.participant, participant, self.facts
            place = self._entity(entities, event.place)
            if place is not None:
                yield node, NKG.place, place, self.facts
            if event.date:
                yield node, NKG.date, Literal(event.date, datatype=XSD.date), self.facts
            yield from self._assertion(doc, node, RDF.type, NKG[event.cls], event.evidence,
                                       event.extractor, event.confidence)

    # -- observations -------------------------------------------------------------------------
    def _figures(self, extraction: DocumentExtraction, entities: dict[str, str]) -> Iterator[_Figure]:
        """The document's figures, with the nodes they are about and who reported them."""
        sha = extraction.document.sha256
        for obs in extraction.observations:
            if obs.confidence < self.min_confidence:
                continue
            about = frozenset(a for a in (self._entity(entities, k) for k in obs.about) if a)
            if about:
                yield _Figure(sha, obs, about, self._entity(entities, obs.reported_by))

    def _observations(self, groups: Iterable[_ObservationGroup]) -> Iterator[Quad]:
        for group in groups:
            first = min(group.support, key=lambda s: (s[0], s[1].evidence.start))
            node = self.iri(f"observation/{_hash(first[0], first[1].evidence.start, group.value, first[1].unit)}")
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
            first_obs = first[1]
            if first_obs.unit:
                yield node, NKG.unit, Literal(first_obs.unit), self.facts
            if first_obs.upper is not None:
                yield node, NKG.upperValue, _number(first_obs.upper), self.facts
            if first_obs.change:
                yield node, NKG.change, Literal(first_obs.change), self.facts
            approximations = {o.approximation for _, o in group.support if o.approximation}
            if len(approximations) == 1:  # documents that hedge differently leave it open
                yield node, NKG.approximation, Literal(approximations.pop()), self.facts
            for sha, obs in group.support:
                doc = self.document_iri(sha)
                yield from self._assertion(doc, node, NKG.value, value, obs.evidence, obs.extractor, obs.confidence)


def _same_figure(group: _ObservationGroup, figure: _Figure) -> bool:
    first, obs = group.support[0][1], figure.observation
    return (first.unit == obs.unit and first.upper == obs.upper and first.change == obs.change
            and (first.counted or first.measure.lower()) == (obs.counted or obs.measure.lower())
            and _about_agrees(group.about, figure.about))


def _about_agrees(a: set[URIRef] | frozenset[URIRef], b: set[URIRef] | frozenset[URIRef]) -> bool:
    """The same entities, or one document naming one more of them ("in Russia's Kursk region")."""
    return bool(a & b) and (a <= b or b <= a)


def _periods_agree(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    return a == b or a == (None, None) or b == (None, None)


def _number(value: float) -> Literal:
    if float(value).is_integer():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(Decimal(str(value)), datatype=XSD.decimal)

