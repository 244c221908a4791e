"""Monitoring credit lines: "Lisbon Radio Renascenca in Portuguese 1130 GMT 12 Mar 06".

News monitors (FBIS, BBC Monitoring) and the wires that quote them credit each item with the
city of the outlet, the outlet's name and the language it broadcast or printed in, often after
a reference code. The model reads the city and the outlet as one name ("Lisbon Radio
Renascenca", a person "Beijing XINHUA"); the line itself says where the split is and that the
outlet is based in that city.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from .words import tokens_where

_REFERENCE_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z\d]{8,}$")  # "FL1402001894", "94WD0125D": the item's number
# Words of an outlet's name: "Radio Lebanon", "Kanal-6 Television"; else its name is in capitals.
MEDIA_WORDS = frozenset({"radio", "television", "tv", "network"})
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
        and not _REFERENCE_CODE.match(tok.text) and not tok.is_punct and tok.text not in {"The", "A", "An"}


def _language_at(doc: Doc, i: int) -> int:
    """The end of a language's name starting at token `i` ("Spanish", "Serbo - Croatian"), or `i`."""
    for width in (3, 1):
        if i + width <= len(doc) and is_language(doc[i:i + width].text.replace(" ", "")):
            return i + width
    return i


def credits(doc: Doc, is_place: Callable[[int, int], bool]) -> list[Credit]:
    """Every "<City> <Outlet> in <Language>" followed by a time, a date or "at" in `doc`, and every
    line that opens with "<City> <Outlet>" and then ends, gives a date or a bracket, where the
    outlet's name is in capitals or says it is one ("Oslo Radio Norge", "Lisbon DIARIO DE
    NOTICIAS 3 Mar 06"); `is_place(start, end)` takes the first one to three words for a place."""
    found = []
    for tok in tokens_where(doc, lower={"in"}):
        if tok.i == 0:
            continue
        language_end = _language_at(doc, tok.i + 1)
        if language_end == tok.i + 1 or language_end >= len(doc):
            continue
        after = doc[language_end]
        if not (after.like_num or after.lower_ == "at"):
            continue
        start = _run_start(doc, tok.i)
        credit = next((Credit((p, p + width), (p + width, tok.i), (tok.i + 1, language_end))
                       for p in range(start, tok.i - 1) for width in range(MAX_CITY_TOKENS, 0, -1)
                       if p + width < tok.i and doc[p + width - 1].text not in {"-", "–"} and is_place(p, p + width)),
                      None)
        if credit is not None:
            found.append(credit)
    taken = {i for c in found for i in range(c.city[0], c.outlet[1])}
    for sent in doc.sents:
        start = sent.start + 1 if _REFERENCE_CODE.match(sent[0].text) else sent.start
        end = start
        while end < sent.end and end - start < MAX_NAME_TOKENS and (
                _name_part(doc[end]) or doc[end].text in {"-", "–"} and end > start and end + 1 < sent.end
                and _name_part(doc[end + 1])):
            end += 1
        if start in taken or not (all(t.is_space or t.is_punct for t in doc[end:sent.end]) or doc[end].like_num
                                  or doc[end].text == "("):
            continue
        city_end = next((start + w for w in range(MAX_CITY_TOKENS, 0, -1)
                         if start + w < end and is_place(start, start + w)), None)
        if city_end is not None and _outlet_like(doc[city_end:end]) and not doc[start:city_end].text.isupper():
            # a city in small letters before the outlet's capitals: no headline in capitals
            found.append(Credit((start, city_end), (city_end, end), (end, end)))
    return found


def _run_start(doc: Doc, end: int) -> int:
    """Where the run of name words that ends before token `end` starts."""
    start = end
    while start > 0 and end - start < MAX_NAME_TOKENS and not doc[start].is_sent_start:
        prev = doc[start - 1]
        inner_hyphen = prev.text in {"-", "–"} and start - 2 >= 0 and _name_part(doc[start - 2])
        if not (_name_part(prev) or inner_hyphen):
            break
        start -= 1
    return start


def _outlet_like(span) -> bool:
    words = [t for t in span if t.is_alpha]
    return bool(words) and (all(t.is_upper and len(t.text) > 1 for t in words)
                            or any(t.lower_ in MEDIA_WORDS for t in words))
