"""Extraction on a Dask cluster: `newskg build … --executor dask --scheduler tcp://HOST:PORT`.

The cluster's workers each load the pipeline once and turn batches of documents into
records (`DocumentExtraction.to_json`); everything else (the record cache, resolution,
writing the graph) stays with the caller, which gets the records back in input order, so
the graph does not depend on how the work was spread. Every worker needs newskg and the
spaCy model installed, like the machine that starts the build.
"""
from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import NewskgError
from .records import SourceDocument

Settings = tuple[str | None, str | None]  # the model's name and the home country, as `load_pipeline` takes them
_PIPELINES: dict[Settings, Any] = {}  # per worker process: settings -> loaded pipeline


def _pipeline(settings: Settings) -> Any:
    if settings not in _PIPELINES:
        from .pipeline import load_pipeline

        model, home_country = settings
        _PIPELINES[settings] = load_pipeline(model, home_country=home_country)
    return _PIPELINES[settings]


def _worker_fingerprint(settings: Settings) -> str:
    from .pipeline import fingerprint

    return fingerprint(_pipeline(settings))


def _extract_on_worker(batch: list[dict[str, Any]], settings: Settings) -> list[dict[str, Any]]:
    from .pipeline import _extract_batch

    documents = [SourceDocument(**{**d, "warnings": tuple(d["warnings"])}) for d in batch]
    return [x.to_json() for x in _extract_batch(_pipeline(settings), documents, len(documents))]


class DaskExtractor:
    """Records of documents from the Dask cluster at `scheduler` (an address such as
    tcp://HOST:PORT, or a `distributed` Client or cluster object)."""

    def __init__(self, scheduler: Any, *, model: str | None = None, home_country: str | None = None,
                 batch_size: int = 16) -> None:
        try:
            from distributed import Client
        except ImportError as err:
            raise NewskgError("--executor dask needs dask.distributed: pip install 'newskg[dask]'") from err
        self.settings: Settings = (model, home_country)
        self.batch_size = batch_size
        if isinstance(scheduler, Client):
            self.client, self._own = scheduler, False
        else:
            try:
                self.client, self._own = Client(scheduler, timeout="30s"), True
            except (OSError, TimeoutError) as err:
                raise NewskgError(f"cannot reach the Dask scheduler {scheduler}: {err}") from err
        workers = len(self.client.scheduler_info().get("workers", {}))
        self.window = 2 * max(1, workers)

    def fingerprint(self) -> str:
        """The pipeline fingerprint of the cluster's workers (which also loads one's model)."""
        return self.client.submit(_worker_fingerprint, self.settings, pure=False).result()

    def records(self, documents: Iterable[SourceDocument]) -> Iterator[dict[str, Any]]:
        """JSON records of `documents` in input order, a bounded number of batches in flight."""
        pending: deque = deque()
        batch: list[dict[str, Any]] = []

        def submit() -> None:
            pending.append(self.client.submit(_extract_on_worker, batch, self.settings, pure=False))

        for document in documents:
            batch.append(dataclasses.asdict(document))
            if len(batch) >= self.batch_size:
                submit()
                batch = []
                while len(pending) >= self.window:
                    yield from pending.popleft().result()
        if batch:
            submit()
        while pending:
            yield from pending.popleft().result()

    def close(self) -> None:
        if self._own:
            self.client.close()
