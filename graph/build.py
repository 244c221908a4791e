"""`newskg build`: inputs to a published graph directory.

Reads every input (bad ones are reported and skipped), extracts records for each document
text not already cached, resolves entities across all documents the directory holds, and
publishes the resulting quads as a new generation of the directory.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import chain
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from newskg.extract.errors import InputError
from newskg.extract.records import DocumentExtraction, SourceDocument
from newskg.extract.sources import DEFAULT_MAX_BYTES, read_inputs

from rdflib import URIRef

from .namespace import DEFAULT_BASE, ONTOLOGY_IRI, ontology_path
from .rdf import GraphWriter
from .store import GraphDir

Reporter = Callable[[str], None]


@dataclass
class BuildReport:
    directory: Path
    documents: int = 0  # documents in the published graph
    added: int = 0  # documents new to the directory or changed
    unchanged: int = 0
    extracted: int = 0  # documents run through spaCy in this build
    skipped: list[str] = field(default_factory=list)  # one message per bad input
    quads: int = 0

    @property
    def ok(self) -> bool:
        return not self.skipped


def build(
    inputs: Iterable[str],
    out: str | Path,
    *,
    into: bool = False,
    model: str | None = None,
    base: str = DEFAULT_BASE,
    min_confidence: float = 0.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 16,
    workers: int = 1,
    on_message: Reporter | None = None,
    nlp: object | None = None,
) -> BuildReport:
    """Build (or with `into`, extend) the graph directory `out` from `inputs`.

    Without `into` the directory ends up holding exactly the documents of `inputs`; with it,
    they are added to those it held, a document whose source is known but whose text changed
    replacing the old one.
    """
    say = on_message or (lambda _msg: None)
    graph_dir = GraphDir(out)
    report = BuildReport(directory=graph_dir.path)
    with graph_dir.lock():
        previous = graph_dir.manifest() if into else {"documents": []}
        by_source: dict[str, str] = {d["source"]: d["sha256"] for d in previous.get("documents", [])}
        new_docs: dict[str, SourceDocument] = {}
        seen_sources: set[str] = set()
        for item in read_inputs(inputs, max_bytes=max_bytes):
            if isinstance(item, InputError):
                report.skipped.append(str(item))
                say(f"skipped {item}")
                continue
            for warning in item.warnings:
                say(f"warning {item.source}: {warning}")
            if item.sha256 in new_docs or item.sha256 in by_source.values():
                twin = next((s for s, h in by_source.items() if h == item.sha256), None) \
                    or new_docs.get(item.sha256, item).source
                if twin != item.source:
                    say(f"note {item.source}: same text as {twin}; stored once")
                report.unchanged += 1
                continue
            if item.source in seen_sources:
                continue
            seen_sources.add(item.source)
            if item.source in by_source:
                say(f"note {item.source}: text changed; its earlier facts are replaced")
            by_source[item.source] = item.sha256
            new_docs[item.sha256] = item

        extractions = _extract(graph_dir, list(new_docs.values()), model=model, nlp=nlp,
                               batch_size=batch_size, workers=workers, report=report)
        wanted = set(by_source.values())
        for sha in sorted(wanted - set(extractions)):
            record = graph_dir.load_record(sha)
            if record is None:
                report.skipped.append(f"{sha}: records of an earlier build are missing; rebuild its input")
                say(f"skipped {report.skipped[-1]}")
                continue
            extractions[sha] = record
        documents = [extractions[sha] for sha in sorted(extractions) if sha in wanted]
        report.documents = len(documents)
        report.added = len(new_docs)
        writer = GraphWriter(base, min_confidence=min_confidence)
        manifest = {
            "format": 1,
            "base": writer.base,
            "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "documents": sorted(
                ({"source": d.document.source, "sha256": d.document.sha256, "title": d.document.title,
                  "date": d.document.date, "pipeline": d.pipeline} for d in documents),
                key=lambda d: (d["source"], d["sha256"]),
            ),
        }
        generation = graph_dir.publish(chain(writer.quads(documents), ontology_quads()), manifest)
        report.quads = graph_dir.manifest().get("quads", 0) if generation else 0
    return report


@lru_cache(maxsize=1)
def _canonical_ontology() -> tuple[tuple, ...]:
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    ontology = to_canonical_graph(Graph().parse(ontology_path(), format="turtle"))
    return tuple(sorted(ontology, key=lambda t: tuple(map(str, t))))


def ontology_quads() -> Iterator[tuple]:
    """The ontology as its own named graph, with blank nodes named canonically so that every
    build writes the same quads."""
    graph = URIRef(str(ONTOLOGY_IRI))
    for s, p, o in _canonical_ontology():
        yield s, p, o, graph


def _extract(graph_dir: GraphDir, docs: list[SourceDocument], *, model: str | None, nlp: object | None,
             batch_size: int, workers: int, report: BuildReport) -> dict[str, DocumentExtraction]:
    """Records for each document: from the cache when the same pipeline made them, else from spaCy."""
    from newskg.extract.pipeline import extract_documents, fingerprint, load_pipeline

    results: dict[str, DocumentExtraction] = {}
    if not docs:
        return results
    nlp = nlp or load_pipeline(model)
    pipeline = fingerprint(nlp)
    todo = []
    for doc in docs:
        cached = graph_dir.load_record(doc.sha256, pipeline)
        if cached is not None:
            # the cache is keyed by text: keep this input's own metadata
            results[doc.sha256] = DocumentExtraction(
                document=doc, entities=cached.entities, relations=cached.relations,
                observations=cached.observations, events=cached.events, pipeline=pipeline)
        else:
            todo.append(doc)
    for extraction in extract_documents(nlp, todo, batch_size=batch_size, n_process=workers):
        graph_dir.save_record(extraction)
        results[extraction.document.sha256] = extraction
        report.extracted += 1
    return results
