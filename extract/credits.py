"""Monitoring credit lines: "Havana Radio Reloj Network in Spanish 2100 GMT 13 Feb 94".

News monitors (FBIS, BBC Monitoring) and the wires that quote them credit each item with the
city of the outlet, the outlet's name and the language it broadcast or printed in, often after
a reference code. The model reads the city and the outlet as one name ("Havana Radio Reloj
Network", a person "Beijing XINHUA"); the line itself says where the split is and that the
outlet is based in that city.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

_REFERENCE_CODE = re.compile(r"^[A-Z]{2}\d{6,}$")  # "FL1402001894": the monitor's item number
MAX_NAME_TOKENS = 8
MAX_CITY_TOKENS = 3


@dataclass(frozen=True)
class Credit:
    """Token ranges of the city and of the outlet in one credit line."""

    city: tuple[int, int]
    outlet: tuple[int, int]
    language: tuple[int, int]


@lru_cache(maxsize=256)
def is_language(word: str) -> bool:
    """ "Spanish", "Serbo-Croatian": a language ISO 639 names (pycountry)."""
    import pycountry

    try:
        return pycountry.languages.get(name=word) is not None
    except (KeyError, LookupError):
        return False


def _name_part(tok: Token) -> bool:
    return (tok.is_title or tok.is_upper or (tok.text[:1].isupper() and any(ch.isdigit() for ch in tok.text))) \
        and not _REFERENCE_CODE.match(tok.text) and not tok.is_punct


def _language_at(doc: Doc, i: int) -> int:
    """The end of a language's name starting at token `i` ("Spanish", "Serbo - Croatian"), or `i`."""
    for width in (3, 1):
        if i + width <= len(doc) and is_language(doc[i:i + width].text.replace(" ", "")):
            return i + width
    return i


def credits(doc: Doc, is_place: Callable[[int, int], bool]) -> list[Credit]:
    """Every "<City> <Outlet> in <Language>" followed by a time, a date or "at" in `doc`, where
    `is_place(start, end)` takes the first one to three words for a place."""
    found = []
    for tok in doc:
        if tok.lower_ != "in" or tok.i == 0:
            continue
        language_end = _language_at(doc, tok.i + 1)
        if language_end == tok.i + 1 or language_end >= len(doc):
            continue
        after = doc[language_end]
        if not (after.like_num or after.lower_ == "at"):
            continue
        start = tok.i
        while start > 0 and tok.i - start < MAX_NAME_TOKENS and not doc[start].is_sent_start:
            prev = doc[start - 1]
            inner_hyphen = prev.text in {"-", "–"} and start - 2 >= 0 and _name_part(doc[start - 2])
            if not (_name_part(prev) or inner_hyphen):
                break
            start -= 1
        credit = next((Credit((p, p + width), (p + width, tok.i), (tok.i + 1, language_end))
                       for p in range(start, tok.i - 1) for width in range(MAX_CITY_TOKENS, 0, -1)
                       if p + width < tok.i and doc[p + width - 1].text not in {"-", "–"} and is_place(p, p + width)),
                      None)
        if credit is not None:
            found.append(credit)
    return found
