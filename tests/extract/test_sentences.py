"""The sentence-boundary component on a blank pipeline: it only reads tokens."""
from __future__ import annotations

import pytest
import spacy

from newskg.extract.components.sentences import is_dateline_sentence


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("newskg_sentences")
    return nlp


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # a headline and a dateline never run into the next sentence
        ("Riga port reopens\nThe port of Riga reopened on Friday", ["Riga", "The"]),
        ("RIGA, May 17\n\nThe port reopened", ["RIGA", "The"]),
        # an agency's dateline ends at its dash, with or without a date
        ("TARTU (Baltic Wire) - The port reopened", ["TARTU", "The"]),
        # a hyphen inside a word ends no dateline: "Estonia's fourth-largest bank"
        ("KELDA Holdings, Estonia's fourth-largest bank, fell", ["KELDA"]),
        # a free-standing full stop before a capital starts a sentence
        ("Officials met Min. Kask arrived later", ["Officials", "Kask"]),
        ("It rained! Ships waited? Nobody knew", ["It", "Ships", "Nobody"]),
        # abbreviations are single tokens, and a lower-case word after a stop does not start one
        ("The U.S. envoy met Dr. Kask in Riga", ["The"]),
        ("Prices rose 3.5 percent. then fell", ["Prices"]),
    ],
)
def test_sentence_starts(blank, text, starts):
    doc = blank(text)
    assert [t.text for t in doc if t.is_sent_start] == starts
    assert doc[0].is_sent_start is not False
    # nothing else is decided: the parser is free to split elsewhere
    assert all(t.is_sent_start is None for t in doc[1:] if t.text not in starts)


def test_component_order_in_a_blank_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("newskg_sentences")
    nlp.add_pipe("sentencizer")
    doc = nlp("Riga port reopens\nThe port of Riga reopened. Ships returned.")
    assert [s.text.strip() for s in doc.sents] == ["Riga port reopens", "The port of Riga reopened.", "Ships returned."]


@pytest.mark.parametrize(("text", "dateline"), [
    ("TARTU (Baltic Wire)\nThe port reopened.", True),
    ("NARVA, Estonia, May 3 (Baltic Wire) -\nThe port reopened.", True),
    ("EU (and NATO) talks resumed in Tartu on Monday.\nThe port reopened.", False),
    ("US (and UK) troops leave Tartu - reports\nThe port reopened.", False),
    ("(Text) Narva, March 5 (BALTA) --\nThe port reopened.", True),
    ("Narva, February 15 (BALTA) --\nThe port reopened.", True),
])
def test_a_dateline_on_its_own_line_is_a_dateline_sentence(text, dateline):
    nlp = spacy.blank("en")
    nlp.add_pipe("newskg_sentences")
    nlp.add_pipe("sentencizer")
    first = next(iter(nlp(text).sents))
    assert is_dateline_sentence(first) is dateline
