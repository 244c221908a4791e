"""`newskg build`: inputs to a published graph directory.

A build streams: inputs are read one at a time, documents whose text is not already in the
record cache are extracted in batches (in this process, in `workers` forked processes, or on
a Dask cluster) and their records written to the cache as they come back. What the build
keeps of each document until it writes the graph, its metadata and its entities' names and
classes, goes into an index on disk (`index.py`), from which entities are resolved across
all documents of the directory; the quads are then written document by document, each read
back from the cache, into a new generation of the directory. Memory is bounded by the batch,
not by the texts or the number of documents.
"""
from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from newskg.extract.errors import InputError, NewskgError, StoreError, document_failure, one_line
from newskg.extract.records import DocumentExtraction, SourceDocument
from newskg.extract.sources import (DEFAULT_MAX_BYTES, STDIN, SUFFIX_FORMATS, iter_input_paths, read_inputs,
                                    source_name)
from rdflib import URIRef

from newskg.graph.namespace import DEFAULT_BASE, ONTOLOGY_IRI, ontology_path
from newskg.graph.build.rdf import GraphWriter
from newskg.graph.build.index import BuildIndex
from newskg.graph.build.resolve import resolve_index
from newskg.graph.store.directory import GraphDir

Reporter = Callable[[str], None]
EXECUTORS = ("local", "dask")
LOCK_WAIT = 10.0  # seconds to wait for another build of the directory (or a killed one's workers)


class DropRefused(NewskgError):
    """A build without `into` or `replace` would leave out documents the directory holds."""


@dataclass
class BuildReport:
    """What a build did. The counts of documents compare the published graph with the one the
    directory held before the build (none: all are added)."""

    directory: Path
    documents: int = 0  # documents in the published graph
    added: int = 0  # documents (texts) the directory did not hold, `changed` among them
    changed: int = 0  # of those, new texts of a source the directory held with another text
    unchanged: int = 0  # documents the directory held before and still holds
    removed: int = 0  # documents the directory held and no longer holds
    texts: int = 0  # texts read from the inputs: files, JSONL lines (one document can be several texts)
    repeated: int = 0  # texts read that repeat another source's text, stored once under that source
    extracted: int = 0  # documents run through spaCy in this build
    skipped: list[str] = field(default_factory=list)  # one message per bad input
    warnings: list[str] = field(default_factory=list)  # inputs used all the same (e.g. decoded as Windows-1252)
    words: int = 0  # words of the documents read
    quads: int = 0

    @property
    def ok(self) -> bool:
        return not self.skipped


def _read_record(graph_dir: GraphDir, sha256: str, pipeline: str | None = None) -> dict[str, Any] | None:
    """A cached record in its JSON form, if made by `pipeline` (any pipeline when None)."""
    try:
        data = json.loads(graph_dir.record_path(sha256).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or (pipeline is not None and data.get("pipeline") != pipeline):
        return None
    return data


def build(
    inputs: Iterable[str],
    out: str | Path,
    *,
    into: bool = False,
    replace: bool = True,
    model: str | None = None,
    home_country: str | None = None,
    base: str = DEFAULT_BASE,
    min_confidence: float = 0.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 16,
    workers: int = 1,
    executor: str = "local",
    scheduler: Any = None,
    progress: bool = False,
    on_message: Reporter | None = None,
    nlp: object | None = None,
) -> BuildReport:
    """Build (or with `into`, extend) the graph directory `out` from `inputs`.

    Without `into` the directory ends up holding exactly the documents of `inputs`; with it,
    they are added to those it held, a document whose source is known but whose text changed
    replacing the old one. Without `into`, a graph already in `out` that holds documents the
    inputs do not (neither their text nor their source) is replaced when `replace`, else
    `DropRefused` is raised and nothing changes: before any extraction when the inputs can be
    read twice (not standard input), else before the graph is written. `workers` processes
    run spaCy (`executor="local"`), or the Dask cluster at `scheduler` does
    (`executor="dask"`); the graph is the same either way. `progress` shows a progress bar
    (of texts read) on stderr. `home_country` (a country's name) owns the government titles
    that name no country ("Chancellor X" in a British paper).
    """
    if executor not in EXECUTORS:
        raise NewskgError(f"unknown executor {executor!r}; expected one of {', '.join(EXECUTORS)}")
    if executor == "dask" and scheduler is None:
        raise NewskgError("--executor dask needs --scheduler tcp://HOST:PORT (the Dask scheduler's address)")
    inputs = list(inputs)
    graph_dir = GraphDir(out)
    report = BuildReport(directory=graph_dir.path)
    with graph_dir.lock(wait=LOCK_WAIT), BuildIndex(graph_dir.scratch_path()) as index:
        graph_dir.remove_partial_records()
        held = {d["sha256"]: d["source"] for d in graph_dir.manifest().get("documents", [])}
        keep_held = not into and not replace and bool(held)
        if keep_held and STDIN not in inputs and not _all_held_files_given(held, inputs):
            _refuse_to_drop(held, _texts_and_sources(inputs, max_bytes), graph_dir.path)
        read: tuple[set[str], set[str]] = (set(), set())
        bar = _Progress(inputs if progress else None)
        say = bar.wrap(on_message or (lambda _msg: None))
        extractor = _Extractor(graph_dir, model=model, home_country=home_country, nlp=nlp, batch_size=batch_size,
                               workers=workers, executor=executor, scheduler=scheduler)
        try:
            wanted = _read_and_extract(inputs, graph_dir, extractor, index, bar, say, report,
                                       into=into, max_bytes=max_bytes, read=read)
        finally:
            bar.close()
            extractor.close()
        if keep_held:
            _refuse_to_drop(held, read, graph_dir.path)
        for sha in sorted(wanted):
            if sha in index:
                continue
            data = _read_record(graph_dir, sha)
            if data is None:
                report.skipped.append(f"{sha}: records of an earlier build are missing; rebuild its input")
                say(f"skipped {report.skipped[-1]}")
                continue
            index.add(data)
        index.retain(wanted)
        shas = index.shas()
        _count_documents(report, held, list(index.documents()))
        resolution = resolve_index(index)
        writer = GraphWriter(base, min_confidence=min_confidence)
        manifest = {
            "format": 1,
            "base": writer.base,
            "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "documents": list(index.documents()),
        }
        documents = _stream_records(graph_dir, shas, index)

        def unwritten(extraction: DocumentExtraction, err: Exception) -> None:
            # the document is left out of the graph being published, as one that failed to
            # extract is; the manifest is written after the last quad, so it can still drop it
            source = extraction.document
            failure = document_failure(source.source, "writing its graph", err)
            report.skipped.append(failure)
            say(f"skipped {failure}")
            manifest["documents"] = [d for d in manifest["documents"] if d["sha256"] != source.sha256]
            report.documents = len(manifest["documents"])

        generation = graph_dir.publish(
            chain(writer.quads(documents, resolution=resolution, on_error=unwritten), ontology_quads()), manifest)
        report.quads = graph_dir.manifest().get("quads", 0) if generation else 0
    return report


def _read_and_extract(inputs: list[str], graph_dir: GraphDir, extractor: _Extractor, index: BuildIndex,
                      bar: _Progress, say: Reporter, report: BuildReport, *, into: bool, max_bytes: int,
                      read: tuple[set[str], set[str]]) -> set[str]:
    """Read every input, extract what the cache does not hold, index every document read;
    the sha256 of every document the new graph is to hold. `read` gets the sha256 and the
    source of every text read."""
    previous = graph_dir.manifest() if into else {"documents": []}
    by_source: dict[str, str] = {d["source"]: d["sha256"] for d in previous.get("documents", [])}
    previous_by_source = dict(by_source)
    holder: dict[str, str] = {}  # sha256 -> a source that holds that text
    for source, sha in by_source.items():
        holder.setdefault(sha, source)
    seen_sources: set[str] = set()

    def to_extract() -> Iterator[SourceDocument]:
        for item in read_inputs(inputs, max_bytes=max_bytes):
            if isinstance(item, InputError):
                report.skipped.append(str(item))
                say(f"skipped {item}")
                bar.update()
                continue
            for warning in item.warnings:
                report.warnings.append(f"{item.source}: {warning}")
                say(f"warning {item.source}: {warning}")
            words = len(item.text.split())
            report.words += words
            report.texts += 1
            sha = item.sha256
            read[0].add(sha)
            read[1].add(item.source)
            if sha in holder:
                if holder[sha] != item.source:
                    say(f"note {item.source}: same text as {holder[sha]}; stored once")
                    report.repeated += 1
                bar.update(words)
                continue
            if item.source in seen_sources:
                bar.update(words)
                continue
            seen_sources.add(item.source)
            if item.source in by_source:
                say(f"note {item.source}: text changed; its earlier facts are replaced")
                if holder.get(by_source[item.source]) == item.source:
                    del holder[by_source[item.source]]
            by_source[item.source] = sha
            holder[sha] = item.source
            cached = _read_record(graph_dir, sha, extractor.pipeline)
            if cached is not None:
                index.add(cached, item)
                bar.update(words)
                continue
            yield item

    for data in extractor.records(to_extract()):
        bar.update(len(data["document"]["text"].split()))
        failure = data.get("error")
        if failure is None:
            try:
                graph_dir.save_record(data)
            except OSError as err:
                failure = one_line(f"{data['document']['source']}: its records could not be written ({err})")
        if failure is not None:
            # the document is left out of this build; with --into its earlier text, if any, stays
            source, sha = data["document"]["source"], SourceDocument(**data["document"]).sha256
            report.skipped.append(failure)
            say(f"skipped {failure}")
            if holder.get(sha) == source:
                del holder[sha]
            if source in previous_by_source:
                by_source[source] = previous_by_source[source]
            else:
                by_source.pop(source, None)
            continue
        index.add(data)
        report.extracted += 1
    return set(by_source.values())


def _count_documents(report: BuildReport, held: dict[str, str], documents: list[dict[str, Any]]) -> None:
    """`report`'s counts of documents: the new graph's `documents` (manifest entries) against
    the `held` one's (sha256 -> source)."""
    now = {d["sha256"] for d in documents}
    sources = set(held.values())
    report.documents = len(now)
    report.added = len(now - held.keys())
    report.changed = sum(1 for d in documents if d["sha256"] not in held and d["source"] in sources)
    report.unchanged = len(now & held.keys())
    report.removed = len(held.keys() - now)


def _all_held_files_given(held: dict[str, str], inputs: list[str]) -> bool:
    """Whether the file of every `held` document (sha256 -> source; a JSONL line's source is its
    file's name with "#" and the line's id) is among the files `inputs` name: the common rebuild,
    which then needs no reading ahead of the build's own (what a file no longer holds is still
    refused after reading, before anything is written)."""
    given = {source_name(name) for name in iter_input_paths(inputs) if isinstance(name, str)}
    return all(source in given or source.rpartition("#")[0] in given for source in held.values())


def _texts_and_sources(inputs: list[str], max_bytes: int) -> tuple[set[str], set[str]]:
    """The sha256 and the source of every text `inputs` hold (a reading ahead of the build's own)."""
    shas: set[str] = set()
    sources: set[str] = set()
    for item in read_inputs(inputs, max_bytes=max_bytes):
        if not isinstance(item, InputError):
            shas.add(item.sha256)
            sources.add(item.source)
    return shas, sources


def _refuse_to_drop(held: dict[str, str], read: tuple[set[str], set[str]], directory: Path) -> None:
    """Raise `DropRefused` if a `held` document (sha256 -> source) has neither its text nor its
    source among those `read`."""
    shas, sources = read
    dropped = sorted(source for sha, source in held.items() if sha not in shas and source not in sources)
    if dropped:
        n = len(dropped)
        raise DropRefused(f"{one_line(str(directory))} holds {n} document{'s' if n != 1 else ''} the inputs do not "
                          f"have (e.g. {one_line(dropped[0])}); nothing was changed: --into {one_line(str(directory))} "
                          f"adds the inputs to it, --replace builds it anew from the inputs alone")


def _stream_records(graph_dir: GraphDir, shas: list[str], index: BuildIndex) -> Iterator[DocumentExtraction]:
    """The records of `shas`, in that order, read from the cache one at a time, each with the
    metadata its input gave it."""
    for sha in shas:
        record = graph_dir.load_record(sha)
        if record is None:
            raise StoreError(f"{graph_dir.record_path(sha)}: cached records vanished during the build; build again")
        meta = index.override(sha)
        if meta is not None:
            document = SourceDocument(text=record.document.text, **meta)
            record = dataclasses.replace(record, document=document)
        yield record


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


class _Extractor:
    """Records of the documents the cache lacks: in this process, in forked worker processes,
    or on a Dask cluster. The pipeline (or the cluster) is only set up once a document needs it."""

    def __init__(self, graph_dir: GraphDir, *, model: str | None, home_country: str | None, nlp: object | None,
                 batch_size: int, workers: int, executor: str, scheduler: Any) -> None:
        self.graph_dir = graph_dir
        self.model, self.home_country, self.nlp = model, home_country, nlp
        self.batch_size, self.workers = batch_size, workers
        self.executor, self.scheduler = executor, scheduler
        self._pipeline: str | None = None
        self._dask: Any = None

    @property
    def pipeline(self) -> str:
        """The fingerprint of the pipeline that extracts: cached records of another are stale."""
        if self._pipeline is None:
            if self.executor == "dask":
                from newskg.extract.cluster import DaskExtractor

                self._dask = DaskExtractor(self.scheduler, model=self.model, home_country=self.home_country,
                                           batch_size=self.batch_size)
                self._pipeline = self._dask.fingerprint()
            else:
                from newskg.extract.pipeline import fingerprint, load_pipeline

                self.nlp = self.nlp or load_pipeline(self.model, home_country=self.home_country)
                self._pipeline = fingerprint(self.nlp)
        return self._pipeline

    def records(self, documents: Iterable[SourceDocument]) -> Iterator[dict[str, Any]]:
        documents = iter(documents)
        first = next(documents, None)  # reading it sets up the pipeline, if any document needs one
        if first is None:
            return
        documents = chain([first], documents)
        if self._dask is not None:
            yield from self._dask.records(documents)
            return
        from newskg.extract.pipeline import extract_records

        yield from extract_records(self.nlp, documents, batch_size=self.batch_size, n_process=self.workers)

    def close(self) -> None:
        if self._dask is not None:
            self._dask.close()


class _Progress:
    """A progress bar on stderr (texts read, texts/s, words/s, time left), or nothing. It counts
    texts, not documents: which texts are one document (the same text under two names) is
    only known once they are read."""

    def __init__(self, inputs: list[str] | None) -> None:
        self.bar = None
        self.words = 0
        if inputs is None:
            return
        from tqdm import tqdm

        self.bar = tqdm(total=_count_texts(inputs), unit=" texts", file=sys.stderr, dynamic_ncols=True,
                        smoothing=0.05, desc="newskg build, texts read")

    def update(self, words: int = 0) -> None:
        if self.bar is None:
            return
        self.words += words
        self.bar.update(1)
        elapsed = self.bar.format_dict.get("elapsed") or 0
        if elapsed:
            self.bar.set_postfix_str(f"{self.words / elapsed:,.0f} words/s", refresh=False)

    def wrap(self, say: Reporter) -> Reporter:
        """`say`, with the bar moved out of the way of its message."""
        if self.bar is None:
            return say

        def said(message: str) -> None:
            from tqdm import tqdm

            with tqdm.external_write_mode(file=sys.stderr):
                say(message)

        return said

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _count_texts(inputs: list[str]) -> int | None:
    """How many texts `inputs` hold, about (a file each, a line per JSONL file), for the
    bar's time left; None when reading standard input."""
    total = 0
    for name in iter_input_paths(inputs):
        if isinstance(name, InputError):
            total += 1
            continue
        if name == "-":
            return None
        if SUFFIX_FORMATS.get(Path(name).suffix.lower()) != "jsonl":
            total += 1
            continue
        try:
            with open(name, "rb") as handle:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        except OSError:
            total += 1
    return total
