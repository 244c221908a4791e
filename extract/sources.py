"""Reading input articles: files, folders and stdin, in .txt, .md, .html and .jsonl.

Each reader yields `SourceDocument`s, or an `InputError` for an input it cannot use, so
that one bad file never stops a batch. Nothing here knows spaCy or RDF.
"""
from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .records import SourceDocument

SUFFIX_FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
}
DEFAULT_MAX_BYTES = 10_000_000
STDIN = "-"

# ` date 2024-11-09 Title…`, the header some news exports put on the first line.
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.*)$", re.IGNORECASE)
# A trailing timestamp such exports append to the title: "Saturday, November 9, 2024 10:00:11 AM".
_TRAILING_TIMESTAMP = re.compile(
    r"\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+)?[A-Z][a-z]+\s+\d{1,2},\s+\d{4}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)?)?\s*$"
)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_MAX_TITLE_CHARS = 200
_SURROGATE = re.compile("[\ud800-\udfff]")


def iter_input_paths(inputs: Iterable[str]) -> Iterator[str | InputError]:
    """Expand files, folders (recursively, supported suffixes only) and `-` into input names."""
    for name in inputs:
        if name == STDIN:
            yield STDIN
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIX_FORMATS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            yield from (str(p) for p in found)
        elif path.is_file():
            yield str(path)
        else:
            yield InputError(name, "no such file or folder")


def read_inputs(
    inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin_format: str = "txt"
) -> Iterator[SourceDocument | InputError]:
    """Every document in `inputs`, in input order; an `InputError` in place of each bad one.

    Lazy: one file (one JSONL line) is read at a time, so a corpus is never held in memory.
    """
    for item in iter_input_paths(inputs):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            if item == STDIN:
                if stdin_format == "jsonl":
                    yield from _parse_jsonl(STDIN, sys.stdin.buffer, max_bytes)
                else:
                    raw = sys.stdin.buffer.read(max_bytes + 1)
                    yield from _parse(STDIN, raw, stdin_format, max_bytes)
            else:
                yield from read_file(Path(item), max_bytes=max_bytes)
        except InputError as err:
            yield err


def source_name(path: str | os.PathLike[str]) -> str:
    """The name a file's documents are stored under: the path as the user gave it, made
    absolute (from the current directory, `.` and `..` removed) so that the same file has the
    same name whatever directory a later build runs in, but with symbolic links kept as they
    are: a corpus reached through a link is recorded where the user said it is.

    >>> source_name("/data/corpus/../corpus/./a.txt")
    '/data/corpus/a.txt'
    """
    return os.path.abspath(path)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDocument | InputError]:
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                         f"expected one of {', '.join(sorted(SUFFIX_FORMATS))}")
    source = source_name(path)
    try:
        size = path.stat().st_size
        if size > max_bytes and fmt != "jsonl":
            raise InputError(source, f"file is {size:,} bytes, over the limit of {max_bytes:,} (--max-bytes); "
                                     "not read")
        with path.open("rb") as handle:
            if fmt == "jsonl":  # any size: read line by line, each line under the limit
                yield from _parse_jsonl(source, handle, max_bytes)
                return
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(source, "file disappeared before it could be read") from None
    except IsADirectoryError:
        raise InputError(source, "is a folder, not a file") from None
    except OSError as err:
        raise InputError(source, f"cannot read file: {err.strerror or err}") from None
    yield from _parse(source, raw, fmt, max_bytes)


def _parse(source: str, raw: bytes, fmt: str, max_bytes: int) -> Iterator[SourceDocument | InputError]:
    if fmt == "jsonl":
        yield from _parse_jsonl(source, io.BytesIO(raw), max_bytes)
        return
    if len(raw) > max_bytes:
        raise InputError(source, f"input is over the limit of {max_bytes:,} bytes (--max-bytes)")
    text, warnings = decode(source, raw)
    if fmt == "html":
        yield _parse_html(source, text, warnings)
    else:
        yield _parse_text(source, text, fmt, warnings)


def decode(source: str, raw: bytes) -> tuple[str, tuple[str, ...]]:
    """UTF-8 text, or Windows-1252 with a warning; binary and empty input are errors."""
    if not raw.strip():
        raise InputError(source, "file is empty")
    if b"\x00" in raw[:8192]:
        raise InputError(source, "file is binary (it holds NUL bytes), not text")
    text, warnings = _utf8_or_cp1252(raw.removeprefix(b"\xef\xbb\xbf"), "")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError(source, "file is binary (too many control characters), not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(source, "file holds only white space")
    return text, warnings


def _parse_text(source: str, text: str, fmt: str, warnings: tuple[str, ...]) -> SourceDocument:
    title = published = None
    front = _FRONT_MATTER.match(text) if fmt == "md" else None
    if front:
        meta = dict(
            (k.strip().lower(), v.strip().strip("'\""))
            for k, _, v in (line.partition(":") for line in front.group(1).splitlines()) if v
        )
        title, published = meta.get("title"), _iso_date(meta.get("date"))
        text = text[front.end():]
    first_line = text.split("\n", 1)[0]
    header = _DATE_HEADER.match(first_line)
    if header:
        published = published or _iso_date(header.group(1))
        title = title or _TRAILING_TIMESTAMP.sub("", header.group(2)).strip() or None
    elif title is None:
        candidate = first_line.strip().lstrip("#").strip()
        if candidate and len(candidate) <= _MAX_TITLE_CHARS and candidate[-1] not in ".!?:;,\"”" \
                and "\n" in text.strip():
            title = candidate
    return SourceDocument(source=source, text=text, title=title, date=published, format=fmt, warnings=warnings)


def _parse_html(source: str, html: str, warnings: tuple[str, ...]) -> SourceDocument:
    import trafilatura  # heavy; only needed for HTML input

    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = (extracted.text if extracted is not None else "") or ""
    if not text.strip():
        raise InputError(source, "no article text found in the HTML page")
    # Blank lines between paragraphs keep sentences from running across them.
    text = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    return SourceDocument(
        source=source, text=text, title=extracted.title or None, date=_iso_date(extracted.date),
        url=extracted.url or None, format="html", warnings=warnings,
    )


def _lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line of `handle`; None for a line over `max_bytes`, which
    is skipped without being held in memory."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # the rest of the long line
                line = handle.readline(1 << 20)
            yield number, None
            continue
        yield number, line


def _utf8_or_cp1252(raw: bytes, what: str) -> tuple[str, tuple[str, ...]]:
    """The bytes as UTF-8, else as Windows-1252 with a warning that starts with `what`."""
    try:
        return raw.decode("utf-8"), ()
    except UnicodeDecodeError as err:
        return raw.decode("cp1252", errors="replace"), (
            f"{what}not valid UTF-8 (byte {raw[err.start]:#04x} at offset {err.start}); decoded as Windows-1252",)


def _parse_jsonl(source: str, handle: BinaryIO, max_bytes: int) -> Iterator[SourceDocument | InputError]:
    """One document per line, read line by line; a bad line is reported and the rest read."""
    head = handle.peek(8192)[:8192] if hasattr(handle, "peek") else b""
    if head and b"\x00" in head:
        raise InputError(source, "file is binary (it holds NUL bytes), not text")
    found = False
    for number, raw in _lines(handle, max_bytes):
        found = found or raw is None or bool(raw.strip())
        if raw is None:
            yield InputError(source, f"line is over the limit of {max_bytes:,} bytes (--max-bytes); skipped",
                             line=number)
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        line, warnings = _utf8_or_cp1252(raw, f"line {number} is ")
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(source, f"broken JSON line ({err.msg} at column {err.colno})", line=number)
            continue
        if not isinstance(row, dict):
            yield InputError(source, "JSON line is not an object", line=number)
            continue
        body = row.get("text")
        if not isinstance(body, str) or not body.strip():
            yield InputError(source, "JSON line has no non-empty 'text' field", line=number)
            continue
        if _SURROGATE.search(body):  # "\ud800" is valid JSON but no text: it cannot be encoded
            body = _SURROGATE.sub("\ufffd", body)
            warnings += (f"line {number}: unpaired surrogate escapes in 'text' replaced by U+FFFD",)
        if len(body.encode("utf-8")) > max_bytes:
            yield InputError(source, f"article text is over the limit of {max_bytes:,} bytes", line=number)
            continue
        ident = str(row.get("id") or number)
        yield SourceDocument(
            source=_clean(row.get("url") or f"{source}#{ident}"),
            text=body.replace("\r\n", "\n"),
            title=_clean(row["title"]) if row.get("title") else None,
            date=_iso_date(row.get("date")),
            url=_clean(row["url"]) if row.get("url") else None,
            format="jsonl",
            warnings=warnings,
        )
    if not found:
        raise InputError(source, "file is empty (no JSON lines)")


def _clean(value: object) -> str:
    return _SURROGATE.sub("\ufffd", str(value))


def _iso_date(value: object) -> str | None:
    if not value:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value))
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None
