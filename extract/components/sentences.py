"""Sentence boundaries the parser must respect, set before it runs: line breaks (so that
headlines, datelines and paragraphs never run into the next sentence), and a free-standing
full stop before a capitalised word (the small model sometimes reads "Min. KCUT" as one name).
Abbreviations such as "U.S." and "Dr." are single tokens, so they are not split."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newskg_sentences", assigns=["token.is_sent_start"])
def line_break_sentences(doc: Doc) -> Doc:
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if "\n" in token.text:
            following.is_sent_start = True
        elif token.text in {".", "!", "?"} and token.whitespace_ and following.text[:1].isupper():
            following.is_sent_start = True
    return doc
