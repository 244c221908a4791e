"""A graph directory: an embedded Oxigraph store that a crash can never leave half-written.

Layout of DIR:

    DIR/current -> gen-…          the published generation (a symlink, switched atomically)
    DIR/graph.trig -> current/graph.trig
    DIR/gen-…/store/              the Oxigraph (RocksDB) store of that generation
    DIR/gen-…/graph.trig          every quad, for other tools
    DIR/gen-…/manifest.json       which documents the generation holds, and how it was built
    DIR/records/<sha256>.json     cached extraction records, one per document text

A build writes a complete new generation next to the published one and only then switches
`current` to it with one `rename`, so readers see the old graph or the new one, never a
mix; a build killed at any moment leaves the published generation untouched.
"""
from __future__ import annotations

import fcntl
import gc
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from newskg.extract.errors import StoreError
from newskg.extract.records import DocumentExtraction, text_sha256

CURRENT = "current"
TRIG = "graph.trig"
MANIFEST = "manifest.json"
STORE = "store"
RECORDS = "records"
KEEP_GENERATIONS = 2  # the published one and its predecessor, which a running reader may hold open
PREFIXES = {
    "nkg": "https://w3id.org/newskg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


LOAD_CHUNK = 20_000  # quads per bulk load


def to_oxigraph(term: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode, ox.DefaultGraph)):
        return term  # already pyoxigraph's (a SPARQL update republishes a store's own quads)
    raise TypeError(f"not an RDF term: {term!r}")


class GraphDir:
    """The graph directory DIR of `newskg build --out DIR`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._link = os.path.join(self.path, CURRENT)
        self._root: Path | None = None
        self._last: tuple[str, Path] | None = None  # the link's last text and the generation it named

    # -- reading ---------------------------------------------------------------------------
    @property
    def generation(self) -> Path | None:
        # read on every query the server answers: one readlink, and a stat only when it changed
        try:
            name = os.readlink(self._link)
        except FileNotFoundError:
            return None
        except OSError:  # not a symlink: a directory someone put there
            name = None
        if name is not None and self._last is not None and self._last[0] == name:
            return self._last[1]
        if name is None or os.sep in name or name in (os.curdir, os.pardir):
            target = Path(self._link).resolve()
            return target if target.is_dir() else None
        if self._root is None:
            self._root = self.path.resolve()
        target = self._root / name
        if not target.is_dir():
            return None
        self._last = (name, target)
        return target

    def exists(self) -> bool:
        return self.generation is not None

    def require(self) -> Path:
        generation = self.generation
        if generation is None:
            raise StoreError(f"{self.path}: not a newskg graph directory (no published graph); "
                             f"build one first with `newskg build INPUT --out {self.path}`")
        return generation

    def manifest(self) -> dict[str, Any]:
        generation = self.generation
        if generation is None:
            return {"documents": []}
        return json.loads((generation / MANIFEST).read_text(encoding="utf-8"))

    def open_store(self, generation: Path | None = None) -> ox.Store:
        """The store of `generation` (by default the published one), read-only."""
        store_path = (generation or self.require()) / STORE
        try:
            return ox.Store.read_only(str(store_path))
        except OSError as err:
            raise StoreError(f"{store_path}: cannot open the store: {err}") from err

    @property
    def trig_path(self) -> Path:
        return self.path / TRIG

    # -- the record cache --------------------------------------------------------------------
    def record_path(self, sha256: str) -> Path:
        return self.path / RECORDS / f"{sha256}.json"

    def load_record(self, sha256: str, pipeline: str | None = None) -> DocumentExtraction | None:
        """Cached records of a document text, if made by `pipeline` (any pipeline when None)."""
        path = self.record_path(sha256)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if pipeline is not None and data.get("pipeline") != pipeline:
            return None
        return DocumentExtraction.from_json(data)

    def save_record(self, extraction: DocumentExtraction | dict[str, Any]) -> None:
        """Cache the records of one document text (a `DocumentExtraction` or its JSON form)."""
        data = extraction if isinstance(extraction, dict) else extraction.to_json()
        path = self.record_path(text_sha256(data["document"]["text"]))
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def remove_partial_records(self) -> None:
        """Temporary files of record writes a killed build left behind."""
        for leftover in (self.path / RECORDS).glob(".*.tmp"):
            leftover.unlink(missing_ok=True)

    def scratch_path(self) -> Path:
        """Where a build keeps its index (see `index.py`) while it runs: one build at a time,
        under the lock, so one name; a killed build's is replaced by the next."""
        return self.path / ".build-index.sqlite"

    # -- writing -----------------------------------------------------------------------------
    @contextmanager
    def lock(self, wait: float = 0.0) -> Iterator[None]:
        """One build at a time per directory; wait up to `wait` seconds for another to end
        (or for the worker processes of a killed one to notice and exit)."""
        self.path.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + wait
        with open(self.path / ".lock", "w") as handle:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreError(f"{self.path}: another build is writing to this directory") from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def publish(self, quads: Iterable[tuple], manifest: dict[str, Any]) -> Path:
        """Write a new generation holding `quads` (each given once) and switch `current` to it."""
        self.path.mkdir(parents=True, exist_ok=True)
        self._remove_unpublished()
        generation = self.path / f"gen-{time.time_ns():020d}-{os.getpid()}"
        (generation / STORE).mkdir(parents=True)
        store = ox.Store(str(generation / STORE))
        count = 0

        def loaded(store: ox.Store) -> Iterator[ox.Quad]:
            """The quads on their way to the TriG file, bulk-loaded into `store` in chunks."""
            nonlocal count
            batch: list[ox.Quad] = []
            for s, p, o, g in quads:
                quad = ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g))
                batch.append(quad)
                yield quad
                if len(batch) >= LOAD_CHUNK:
                    store.bulk_extend(batch)
                    count += len(batch)
                    batch = []
            store.bulk_extend(batch)
            count += len(batch)

        # One pass writes both, as the quads come: dumping the store afterwards would read it
        # back through RocksDB's caches, which grow with the graph up to ~160 MB. Bulk loading
        # (no transaction: the generation is private until published) in chunks keeps memory
        # flat however many quads: a chunk of 100,000 held 70 MB more than one of 20,000.
        with open(generation / TRIG, "wb") as trig:
            ox.serialize(loaded(store), trig, ox.RdfFormat.TRIG, prefixes=PREFIXES)
        store.flush()
        del store
        gc.collect()  # closes the RocksDB handle before the directory is published
        manifest = {**manifest, "quads": count}
        (generation / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        _fsync_tree(generation)
        self._switch(generation)
        return generation

    def _switch(self, generation: Path) -> None:
        tmp = self.path / f".{CURRENT}.{os.getpid()}"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        tmp.symlink_to(generation.name)
        os.replace(tmp, self.path / CURRENT)
        trig = self.path / TRIG
        if not trig.is_symlink():
            if trig.exists():
                trig.unlink()
            trig.symlink_to(f"{CURRENT}/{TRIG}")
        _fsync_dir(self.path)
        self._remove_old(keep=generation)

    def _generations(self) -> list[Path]:
        return sorted(p for p in self.path.glob("gen-*") if p.is_dir())

    def _remove_unpublished(self) -> None:
        """Leftovers of builds that died before publishing."""
        published = self.generation
        newer = [g for g in self._generations() if published is None or g.name > published.name]
        for leftover in newer:
            shutil.rmtree(leftover, ignore_errors=True)

    def _remove_old(self, keep: Path) -> None:
        older = [g for g in self._generations() if g.name < keep.name]
        for stale in older[: max(0, len(older) - (KEEP_GENERATIONS - 1))]:
            shutil.rmtree(stale, ignore_errors=True)


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    for dirpath, _, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


def load_rdflib(graph_dir: GraphDir) -> Graph:
    """The union of all named graphs as an rdflib Graph (for networkx and scoring)."""
    dataset = Dataset()
    dataset.parse(data=graph_dir.open_store().dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
