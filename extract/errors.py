"""The project's exceptions: one root, a few kinds, messages a user can act on.

Library code raises these; only the CLI turns them into exit codes.
"""
from __future__ import annotations


_CONTROL = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7f, 0xa0))}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def one_line(text: str) -> str:
    """`text` with every control character and line separator escaped, so that a name or a
    request taken from outside cannot break a message or a log into forged lines.

    >>> one_line("a\\nb\\x1b[31m\\u2028c")
    'a\\\\nb\\\\x1b[31m\\\\u2028c'
    """
    return text.translate(_CONTROL)


def document_failure(source: str, doing: str, err: BaseException) -> str:
    """One line saying that `doing` failed for the document `source`, with the error's kind and
    the first line of its message.

    >>> document_failure("a.txt", "extraction", ValueError("bad\\nthing"))
    'a.txt: extraction failed (ValueError: bad)'
    """
    text = str(err).strip()
    detail = text.splitlines()[0] if text else ""
    return one_line(f"{source}: {doing} failed ({type(err).__name__}: {detail[:300]})")


class NewskgError(Exception):
    """Root of every error newskg raises on purpose."""


class InputError(NewskgError):
    """An input document cannot be used; the rest of a batch goes on without it."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{one_line(source)}:{line}" if line is not None else one_line(source)
        super().__init__(f"{where}: {one_line(reason)}")


class ModelError(NewskgError):
    """No usable spaCy pipeline could be loaded."""


class StoreError(NewskgError):
    """A graph directory is missing, locked or not a newskg store."""


class QueryError(NewskgError):
    """A SPARQL query could not be parsed or run."""
