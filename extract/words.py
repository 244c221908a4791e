"""Finding a document's tokens by their words through its arrays.

Rules look for a few trigger words ("visited", "regional", "city") in documents of thousands;
making a spaCy Token of every word to ask it cost more than the rules themselves, so the
lower-case forms and lemmas are read from `Doc.to_array` and only the matches become Tokens.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

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
    if not len(doc):
        return
    wanted = [doc.vocab.strings.add(w) for w in words]
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), wanted)):
        yield doc[int(i)]


def tokens_shaped(doc: Doc, shape: re.Pattern[str]) -> Iterator[Token]:
    """The tokens of `doc`, in order, whose word shape ("d.d", "dxx", "Xxxxx": digits "d",
    letters "x" or "X") `shape` matches at its start: numbers found without a Token per word.

    >>> import spacy
    >>> doc = spacy.blank("en")("It cost 5bn, or .5 of it, in 2004")
    >>> [t.text for t in tokens_shaped(doc, re.compile(r"\\.?d"))]
    ['5bn', '.5', '2004']
    """
    if not len(doc):
        return
    shapes = doc.to_array(SHAPE)
    strings = doc.vocab.strings
    wanted = [h for h in set(shapes.tolist()) if shape.match(strings[h])]
    for i in numpy.flatnonzero(numpy.isin(shapes, wanted)):
        yield doc[int(i)]


def tokens_with_dep(doc: Doc, deps: Iterable[str]) -> Iterator[Token]:
    """The tokens of `doc`, in order, whose dependency label is one of `deps` ("appos").

    >>> import spacy
    >>> doc = spacy.blank("en")("Kivu Mining")
    >>> list(tokens_with_dep(doc, {"appos"}))
    []
    """
    if not len(doc):
        return
    wanted = [doc.vocab.strings.add(d) for d in deps]
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(DEP), wanted)):
        yield doc[int(i)]


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
    if not len(doc):
        return set()
    wanted = [doc.vocab.strings.add(label) for label in labels]
    return set(numpy.flatnonzero(numpy.isin(doc.to_array(ENT_TYPE), wanted)).tolist())
