"""Finding a document's tokens by their words through its arrays.

Rules look for a few trigger words ("visited", "regional", "city") in documents of thousands;
making a spaCy Token of every word to ask it cost more than the rules themselves, so the
lower-case forms and lemmas are read from `Doc.to_array` and only the matches become Tokens.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import numpy
from spacy.attrs import DEP, ENT_TYPE, LEMMA, LOWER, ORTH, SHAPE
from spacy.tokens import Doc, Token


def tokens_where(doc: Doc, lower: Iterable[str] = (), lemma: Iterable[str] = ()) -> Iterator[Token]:
    """The tokens of `doc`, in order, whose lower-case form is in `lower` or whose lemma,
    lower-cased, is in `lemma` (lemmas keep a proper noun's capitals: "Visit" is looked for too).

    >>> import spacy
    >>> doc = spacy.blank("en")("The Region and the city of Lida")
    >>> [t.i for t in tokens_where(doc, lower={"region", "city"})]
    [1, 4]
    """
    if not len(doc):
        return
    strings = doc.vocab.strings
    lowers = [strings.add(w) for w in lower]
    lemmas = [strings.add(v) for w in lemma for v in {w, w.capitalize(), w.upper()}]
    words = doc.to_array([LOWER, LEMMA])
    hits = numpy.isin(words[:, 0], lowers)
    if lemmas:
        hits |= numpy.isin(words[:, 1], lemmas)
    for i in numpy.flatnonzero(hits):
        yield doc[int(i)]


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
    if not len(doc):
        return []
    wanted = [doc.vocab.strings.add(value) for value in values]
    return numpy.flatnonzero(numpy.isin(doc.to_array(attr), wanted)).tolist()


def positions_where(doc: Doc, attr: int, test: Callable[[str], bool]) -> list[int]:
    """The positions, in order, of the tokens of `doc` whose attribute `attr`, as a string,
    passes `test`: each distinct value is tested once, not each word.

    >>> import spacy
    >>> from spacy.attrs import ORTH
    >>> positions_where(spacy.blank("en")("Stop. Go - now"), ORTH, lambda w: w in {".", "-"})
    [1, 3]
    """
    if not len(doc):
        return []
    values = doc.to_array(attr)
    strings = doc.vocab.strings
    wanted = [h for h in set(values.tolist()) if test(strings[h])]
    return numpy.flatnonzero(numpy.isin(values, wanted)).tolist()
