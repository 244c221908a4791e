"""Finding a document's tokens by their words through its arrays.

Rules look for a few trigger words ("visited", "regional", "city") in documents of thousands;
making a spaCy Token of every word to ask it cost more than the rules themselves, so the
lower-case forms and lemmas are read from `Doc.to_array` and only the matches become Tokens.
A document is asked some thirty times, so the values of each attribute that no later
component changes are sorted once, with their positions, and kept in `doc.user_data`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import numpy
from spacy.attrs import DEP, ENT_TYPE, LEMMA, LOWER, ORTH, SHAPE
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token


def tokens_where(doc: Doc, lower: Iterable[str] = (), lemma: Iterable[str] = ()) -> Iterator[Token]:
    """The tokens of `doc`, in order, whose lower-case form is in `lower` or whose lemma,
    lower-cased, is in `lemma` (lemmas keep a proper noun's capitals: "Visit" is looked for too).

    >>> import spacy
    >>> doc = spacy.blank("en")("The Region and the city of Lida")
    >>> [t.i for t in tokens_where(doc, lower={"region", "city"})]
    [1, 4]
    """
    found = _positions_of(doc, LOWER, _string_ids(frozenset(lower)))
    if lemma:
        found += _positions_of(doc, LEMMA, _string_ids(frozenset(lemma), cased=True))
    for i in sorted(set(found)):
        yield doc[i]


def tokens_written(doc: Doc, words: Iterable[str]) -> Iterator[Token]:
    """The tokens of `doc`, in order, written exactly as one of `words` (case kept).

    >>> import spacy
    >>> doc = spacy.blank("en")("Lind met Lind's lind")
    >>> [t.i for t in tokens_written(doc, {"Lind"})]
    [0, 2]
    """
    for i in positions_with(doc, ORTH, words):
        yield doc[i]


def tokens_shaped(doc: Doc, shape: re.Pattern[str]) -> Iterator[Token]:
    """The tokens of `doc`, in order, whose word shape ("d.d", "dxx", "Xxxxx": digits "d",
    letters "x" or "X") `shape` matches at its start: numbers found without a Token per word.

    >>> import spacy
    >>> doc = spacy.blank("en")("It cost 5bn, or .5 of it, in 2004")
    >>> [t.text for t in tokens_shaped(doc, re.compile(r"\\.?d"))]
    ['5bn', '.5', '2004']
    """
    for i in positions_where(doc, SHAPE, lambda value: bool(shape.match(value))):
        yield doc[i]


def tokens_with_dep(doc: Doc, deps: Iterable[str]) -> Iterator[Token]:
    """The tokens of `doc`, in order, whose dependency label is one of `deps` ("appos").

    >>> import spacy
    >>> doc = spacy.blank("en")("Kivu Mining")
    >>> list(tokens_with_dep(doc, {"appos"}))
    []
    """
    for i in positions_with(doc, DEP, deps):
        yield doc[i]


def tokens_labelled(doc: Doc, labels: Iterable[str]) -> set[int]:
    """The positions of the tokens inside an entity whose label is one of `labels` ("DATE"),
    read from the tokens' entity types without making a Span of every entity.

    >>> import spacy
    >>> from spacy.tokens import Span
    >>> doc = spacy.blank("en")("Paid 5 euros on 3 May")
    >>> doc.ents = [Span(doc, 1, 3, "MONEY"), Span(doc, 4, 6, "DATE")]
    >>> sorted(tokens_labelled(doc, {"DATE"}))
    [4, 5]
    """
    return set(positions_with(doc, ENT_TYPE, labels))


def positions_with(doc: Doc, attr: int, values: Iterable[str]) -> list[int]:
    """The positions, in order, of the tokens of `doc` whose attribute `attr` (a `spacy.attrs`
    ID: ORTH, DEP, ENT_TYPE …) is one of the strings `values`."""
    wanted = _string_ids(frozenset(values))
    if attr in _SETTLED_AFTER:
        return sorted(_positions_of(doc, attr, wanted))
    if not len(doc) or not wanted:
        return []
    values = doc.to_array(attr)
    hits = values == wanted[0]
    for value in wanted[1:]:  # a few labels: comparing for each costs a fifth of numpy.isin's set-up
        hits |= values == value
    return numpy.flatnonzero(hits).tolist()


def positions_where(doc: Doc, attr: int, test: Callable[[str], bool]) -> list[int]:
    """The positions, in order, of the tokens of `doc` whose attribute `attr`, as a string,
    passes `test`: each distinct value is tested once, not each word.

    >>> import spacy
    >>> from spacy.attrs import ORTH
    >>> positions_where(spacy.blank("en")("Stop. Go - now"), ORTH, lambda w: w in {".", "-"})
    [1, 3]
    """
    strings = doc.vocab.strings
    distinct = numpy.unique(_index_of(doc, attr)[0]).tolist()
    return sorted(_positions_of(doc, attr, [h for h in distinct if test(strings[h])]))


# Attributes whose values stay as they are once the named annotation is there (None: from the
# tokenizer on): no component after the parser and the lemmatizer rewrites a lemma or a label.
_SETTLED_AFTER: dict[int, str | None] = {ORTH: None, LOWER: None, SHAPE: None, LEMMA: "LEMMA", DEP: "DEP"}


@lru_cache(maxsize=1024)  # the rules ask for the same few sets of words in every document
def _string_ids(words: frozenset[str], cased: bool = False) -> tuple[int, ...]:
    """The string hashes of `words` (and of their capitalised and upper-case forms when `cased`:
    lemmas keep a proper noun's capitals)."""
    forms = {form for w in words for form in ((w, w.capitalize(), w.upper()) if cased else (w,))}
    return tuple(get_string_id(form) for form in forms)


def _positions_of(doc: Doc, attr: int, hashes: Iterable[int]) -> list[int]:
    """The positions of the tokens whose `attr` is one of `hashes`, unordered."""
    values, order = _index_of(doc, attr)
    wanted = numpy.asarray(list(hashes), dtype=values.dtype)
    firsts = numpy.searchsorted(values, wanted, side="left").tolist()
    lasts = numpy.searchsorted(values, wanted, side="right").tolist()
    return [i for first, last in zip(firsts, lasts) if last > first for i in order[first:last].tolist()]


def _index_of(doc: Doc, attr: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The values of `attr` in `doc`, sorted, and the positions of the tokens in that order: made
    on the first question, kept once the attribute is settled (made again each time until then,
    and always for one that components change, such as entity types)."""
    key = ("newskg.words", attr)
    index = doc.user_data.get(key)
    if index is None:
        values = doc.to_array(attr) if len(doc) else numpy.zeros(0, dtype="uint64")
        order = numpy.argsort(values, kind="stable")
        index = (values[order], order)
        if attr in _SETTLED_AFTER and (_SETTLED_AFTER[attr] is None or doc.has_annotation(_SETTLED_AFTER[attr])):
            doc.user_data[key] = index
    return index
