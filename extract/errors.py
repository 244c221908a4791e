"""The project's exceptions: one root, a few kinds, messages a user can act on.

Library code raises these; only the CLI turns them into exit codes.
"""
from __future__ import annotations


class NewskgError(Exception):
    """Root of every error newskg raises on purpose."""


class InputError(NewskgError):
    """An input document cannot be used; the rest of a batch goes on without it."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class ModelError(NewskgError):
    """No usable spaCy pipeline could be loaded."""


class StoreError(NewskgError):
    """A graph directory is missing, locked or not a newskg store."""


class QueryError(NewskgError):
    """A SPARQL query could not be parsed or run."""
