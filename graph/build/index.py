"""What a build keeps of every document until the graph is written: a SQLite file, not dicts.

A build reads every record once to index it, resolves entities across all of them, then
writes the graph document by document. Held in memory, the index (metadata and entity
names of every document), the resolution and the figures waiting to be grouped made the
main process grow with the corpus; here they live in one SQLite database beside the graph
(or in memory, for a handful of documents), so that memory is bounded by the batch. The
file is scratch: nothing in it is published, and a build that dies leaves it for the next
build to replace (a build that fails with an error removes it).
"""
from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newskg.extract.records import Entity, SourceDocument, text_sha256

_SCHEMA = """
CREATE TABLE document (
    sha TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT, date TEXT, pipeline TEXT NOT NULL,
    override TEXT  -- the input's metadata as JSON, where it differs from the cached record's
);
CREATE TABLE entity (
    sha TEXT NOT NULL, pos INTEGER NOT NULL, key TEXT NOT NULL, cls TEXT NOT NULL, names TEXT NOT NULL,
    certainty INTEGER NOT NULL, anchors TEXT NOT NULL, PRIMARY KEY (sha, pos)
);
"""


class BuildIndex:
    """Documents, their metadata and their entities, keyed by text sha256, on disk."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
        self.db = sqlite3.connect(":memory:" if self.path is None else str(self.path))
        # scratch: a crash loses nothing that is not rebuilt from the record cache
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE;")
        self.db.executescript(_SCHEMA)

    def add(self, data: dict[str, Any], document: SourceDocument | None = None) -> str:
        """Index a record in its JSON form (replacing an earlier entry for its text); `document`
        is the input it was found for in the cache, whose metadata it keeps. Its sha256."""
        sha = text_sha256(data["document"]["text"])
        meta = data["document"] if document is None else dataclasses.asdict(document)
        override = None
        if document is not None:
            given = {k: v for k, v in meta.items() if k != "text"}
            cached = {k: v for k, v in data["document"].items() if k != "text"}
            if given != {**cached, "warnings": tuple(cached.get("warnings", ()))}:
                override = json.dumps(given, ensure_ascii=False)
        self._put((sha, meta["source"], meta.get("title"), meta.get("date"), data.get("pipeline", ""), override),
                  ((e["key"], e["cls"], e["names"], e.get("certainty", 1), e.get("anchors", ()))
                   for e in data["entities"]))
        return sha

    def add_entities(self, sha: str, entities: Iterable[Entity]) -> None:
        """Index a document known only by its entities (resolution on its own, in tests and
        benchmarks)."""
        self._put((sha, sha, None, None, "", None), ((e.key, e.cls, e.names, e.certainty, e.anchors) for e in entities))

    def _put(self, document: tuple, entities: Iterable[tuple]) -> None:
        """A document's row and its entities (key, class, names, certainty, anchors), in place
        of any it had."""
        sha = document[0]
        self.db.execute("DELETE FROM entity WHERE sha = ?", (sha,))
        self.db.execute("INSERT OR REPLACE INTO document VALUES (?, ?, ?, ?, ?, ?)", document)
        self.db.executemany("INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?, ?)",
                            ((sha, pos, key, cls, pack(names), certainty, pack(anchors))
                             for pos, (key, cls, names, certainty, anchors) in enumerate(entities)))

    def __contains__(self, sha: object) -> bool:
        return self.db.execute("SELECT 1 FROM document WHERE sha = ?", (sha,)).fetchone() is not None

    def shas(self) -> list[str]:
        return [sha for sha, in self.db.execute("SELECT sha FROM document ORDER BY sha")]

    def retain(self, shas: Iterable[str]) -> None:
        """Forget every document but `shas` (texts the new graph no longer holds)."""
        self.db.execute("CREATE TEMP TABLE keep (sha TEXT PRIMARY KEY)")
        self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((sha,) for sha in shas))
        self.db.execute("DELETE FROM document WHERE sha NOT IN (SELECT sha FROM keep)")
        self.db.execute("DELETE FROM entity WHERE sha NOT IN (SELECT sha FROM keep)")
        self.db.execute("DROP TABLE keep")

    def documents(self) -> Iterator[dict[str, Any]]:
        """The manifest's entry of every document, by source then sha256."""
        for source, sha, title, date, pipeline in self.db.execute(
                "SELECT source, sha, title, date, pipeline FROM document ORDER BY source, sha"):
            yield {"source": source, "sha256": sha, "title": title, "date": date, "pipeline": pipeline}

    def override(self, sha: str) -> dict[str, Any] | None:
        """The metadata the input gave a cached text, where it differs from the record's."""
        row = self.db.execute("SELECT override FROM document WHERE sha = ?", (sha,)).fetchone()
        if not row or not row[0]:
            return None
        meta = json.loads(row[0])
        return {**meta, "warnings": tuple(meta.get("warnings", ()))}

    def close(self) -> None:
        self.db.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> BuildIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def pack(values: Iterable[str]) -> str:
    """Names (or anchors, IRIs) as one column: a JSON array, which any string survives.

    >>> unpack(pack(["Moscow State University", "MSU"])), unpack(pack([]))
    (('Moscow State University', 'MSU'), ())
    """
    return json.dumps(list(values), ensure_ascii=False)


def unpack(column: str) -> tuple[str, ...]:
    return tuple(json.loads(column))
