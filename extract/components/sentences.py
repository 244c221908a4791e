"""Sentence boundaries the parser must respect, set before it runs: line breaks (so that
headlines, datelines and paragraphs never run into the next sentence), and a free-standing
full stop before a capitalised word (the small model sometimes reads "Min. KCUT" as one name).
Abbreviations such as "U.S." and "Dr." are single tokens, so they are not split."""
from __future__ import annotations

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..words import positions_where


@Language.component("newskg_sentences", assigns=["token.is_sent_start"])
def line_break_sentences(doc: Doc) -> Doc:
    line_start = 0
    for i in _breaking_tokens(doc):
        token, following = doc[i], doc[i + 1]
        if "\n" in token.text:
            following.is_sent_start = True
            line_start = token.i + 1
        elif token.text in {".", "!", "?"} and token.whitespace_ and following.text[:1].isupper():
            following.is_sent_start = True
        elif token.text in DASHES and doc[token.i - 1].whitespace_ and token.i - line_start < 15 \
                and is_dateline(doc[line_start:token.i]):  # a spaced dash: not "Japan's fourth-largest"
            following.is_sent_start = True  # "NEW DELHI, June 12 (Reuters) - India's agency …"
    return doc


# The dashes that end a dateline ("NAIROBI, April 10 (Reuters) -", "(Text) Prague, March 5 (TANJUG) --").
DASHES = frozenset({"-", "–", "—", "--"})
_STOPS_AND_DASHES = frozenset({".", "!", "?"}) | DASHES


def _breaking_tokens(doc: Doc) -> list[int]:
    """Positions, but the last, of the tokens after which a sentence may start: line breaks, full
    stops and dashes, found among the document's distinct words rather than by making a Token
    of each."""
    found = positions_where(doc, ORTH, lambda word: "\n" in word or word in _STOPS_AND_DASHES)
    return [i for i in found if i < len(doc) - 1]


def is_dateline(tokens) -> bool:
    """A wire dateline before its dash: a capitalised place first, then a bracketed agency or, after a
    comma, a date ("WASHINGTON (AP)", "NAIROBI, April 10 (Reuters)", "KARSHI, March 3"); written as
    a name, both ("Sofia, February 15 (BTA)"), after a monitor's "(Text)" too."""
    tokens = list(tokens)
    if len(tokens) > 3 and tokens[0].text == "(" and tokens[2].text == ")":
        tokens = tokens[3:]  # a monitor's "(Text) Prague, March 5 (TANJUG)"
    words = [t for t in tokens if t.is_alpha]
    if not words or len(words[0]) < 2:
        return False
    opening = max((k for k, t in enumerate(tokens) if t.text == "("), default=None)
    # an agency's bracket closes the line, and only names and dates stand before it: not
    # "US (and UK) troops leave Basra"
    credited = opening is not None and tokens[-1].text == ")" \
        and not any(t.is_alpha and t.is_lower for t in tokens[:opening])
    dated = any(t.text == "," for t in tokens) and any(t.like_num for t in tokens)
    if words[0].is_upper:
        return credited or dated
    return words[0].is_title and credited and dated  # "Sofia, February 15 (BTA)"


def is_dateline_sentence(sentence: Span) -> bool:
    """ "NAIROBI, April 10 (Reuters) -" as a sentence of its own: where a report was filed, which
    states nothing about the agency or the place."""
    words = [t for t in sentence if not t.is_space]
    if not 1 < len(words) < 15:
        return False
    if words[-1].text in DASHES:
        return is_dateline(words[:-1])
    return words[-1].text == ")" and is_dateline(words)  # "SAN FRANCISCO (AP)" on a line of its own
