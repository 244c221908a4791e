"""Names of works, products, brands, characters, awards and laws: not entities of the graph.

The model calls "Kill Bill" a person and "X-Box" an organization; the words around a name
tell a reader better: "the film X", "Malibu rum", "TV series such as X and Y", "Kill Bill
director Quentin Tarantino", "The Boxer (1998)", "Prevention of Terrorism Bill". Every
mention of a name the document shows to be a work is a work.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from spacy.tokens import Doc

from ..lexicon import AWARD_LAW_HEADS, EVENT_AFTER, ORG_HEADS, PLACE_HEADS, PRODUCT_AFTER, WORK_CREDITS, WORK_NOUNS
from ..names import is_acronym, normalize_name
from ..places import world_places
from ..words import tokens_where

# The model's own labels for such names: a name it gives one of these anywhere in the
# document is a work wherever else it stands.
WORK_LABELS = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})


class Named(Protocol):
    start: int
    end: int
    cls: str
    strength: int


def work_names(doc: Doc, candidates: Iterable[Named]) -> set[str]:
    """The normalized names among `candidates` that the document shows to be works or products."""
    candidates = list(candidates)
    person_starts = {c.start for c in candidates if c.cls == "Person"}
    works = {normalize_name(e.text) for e in doc.ents if e.label_ in WORK_LABELS}
    listed = _listed_after_work_nouns(doc)
    titled = _titles_before_work_nouns(doc)
    for c in candidates:
        if c.strength >= 3:
            continue
        in_title = titled.get(c.start)
        if in_title is not None and c.end <= in_title[0] and (
                (in_title[1] and not is_acronym(doc[c.start:c.end].text))
                or (_could_be_a_title(doc, c) and c.cls != "Person")):
            works.add(normalize_name(doc[c.start:c.end].text))
        elif c.start in listed or _is_work_at(doc, c, person_starts):
            works.add(normalize_name(doc[c.start:c.end].text))
    works.discard("")
    return works


def _is_work_at(doc: Doc, c: Named, person_starts: set[int]) -> bool:
    words = [t.lower_ for t in doc[c.start:c.end]]
    if words[-1] in AWARD_LAW_HEADS and (len(words) > 1 or words[-1] not in {"bill", "act"}):
        return True  # "Academy Awards", "Oscars", "Prevention of Terrorism Bill"
    before = c.start - 1
    while before >= 0 and (doc[before].text in _QUOTES or doc[before].lower_ == "the"):
        before -= 1
    if before >= 0 and doc[before].is_lower and doc[before].lower_ in WORK_NOUNS and doc[before].pos_ == "NOUN":
        return True  # "the film Kill Bill", "the game 'Pac-Man'"
    if before >= 1 and doc[before].lower_ in {"of", "as"} and doc[before - 1].lower_ in {"role", "roles", "character",
                                                                                        "copy", "copies", "episode"}:
        return True  # "the role of Don Corleone", "a copy of Spiderman 2"
    after = c.end
    if after < len(doc) and doc[after].tag_ == "POS":
        after += 1
    if after < len(doc) and doc[after].is_lower and doc[after].lower_ in PRODUCT_AFTER:
        return True  # "Malibu rum", "Ballantine's whisky"
    if after == c.end < len(doc) and doc[after].is_lower and doc[after].lower_ in EVENT_AFTER \
            and c.cls != "Person" and _could_be_a_title(doc, c):
        return True  # "the Leipzig International meeting": an event, not its town's organization

    if after + 2 < len(doc) and doc[after].text == "(" and doc[after + 1].like_num and len(doc[after + 1].text) == 4 \
            and doc[after + 2].text == ")":
        return True  # "The Boxer (1998)"
    credited = after < len(doc) and doc[after].is_lower and doc[after].lower_ in WORK_CREDITS \
        and after + 1 in person_starts
    return credited and _could_be_a_title(doc, c)  # "Kill Bill director Quentin Tarantino"


def _could_be_a_title(doc: Doc, c: Named) -> bool:
    """Not an organization's or a place's name, which a director or a star may also follow
    ("FBI director", "Chelsea star")."""
    span = doc[c.start:c.end]
    # the model calls unknown titles places ("Sideways star X"); a place GeoNames knows stays one
    return world_places().lookup(span.text) is None and not is_acronym(span.text) \
        and not any(t.lower_ in ORG_HEADS or t.lower_ in PLACE_HEADS for t in span) \
        and not any(t.ent_type_ == "NORP" for t in span)


# Small words a work's title may hold between its capitalised words: "Breakfast with Frost".
_TITLE_SMALL_WORDS = frozenset({"with", "of", "the", "in", "and", "on", "a", "to", "for", "at"})


def _titles_before_work_nouns(doc: Doc) -> dict[int, tuple[int, bool]]:
    """Token -> (end of the title, whether the title holds small words), for every token of a
    capitalised title right before a work noun: "the Breakfast with Frost programme", "the
    Kill Bill films". A person's name alone before one ("a Ken Loach film") is the maker's,
    so it counts only inside a title with small words."""
    found: dict[int, tuple[int, bool]] = {}
    for noun in tokens_where(doc, lower=WORK_NOUNS):
        if not (noun.is_lower and noun.pos_ == "NOUN") or noun.i == 0:
            continue
        start = noun.i
        while start > noun.sent.start and (doc[start - 1].is_title or doc[start - 1].is_upper
                                           or doc[start - 1].lower_ in _TITLE_SMALL_WORDS):
            start -= 1
        while start < noun.i and doc[start].lower_ in _TITLE_SMALL_WORDS:
            start += 1
        if start == noun.i or not (doc[noun.i - 1].is_title or doc[noun.i - 1].is_upper):
            continue
        small = any(t.lower_ in _TITLE_SMALL_WORDS for t in doc[start:noun.i])
        for i in range(start, noun.i):
            found[i] = (noun.i, small)
    return found


_LIST_OPENERS = frozenset({"such", "including", "like", "include", "includes", "included"})


def _listed_after_work_nouns(doc: Doc) -> set[int]:
    """Starts of the names listed after "such as" or "including" that follows a work noun:
    "TV series such as The Professionals, Minder and Bergerac"."""
    starts: set[int] = set()
    for tok in tokens_where(doc, lower=_LIST_OPENERS):
        if tok.lower_ == "such" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "as":
            first = tok.i + 2
        elif tok.lower_ != "such":
            first = tok.i + 1  # "films such as X", "his film credits include X, Y and Z"
        else:
            continue
        work_nouns = [t for t in doc[max(0, tok.i - 3):tok.i] if t.lower_ in WORK_NOUNS]
        if not work_nouns or work_nouns[-1].i < tok.sent.start:
            continue  # a work noun of the same sentence (Token.sent, slow, only once one is near)
        i, expect_name = first, True
        while i < tok.sent.end:
            t = doc[i]
            if expect_name and (t.is_title or t.is_upper or t.lower_ == "the"):
                item = i + 1 if t.lower_ == "the" else i
                while i < tok.sent.end and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in {"the", "of", "-"}
                                            or doc[i].tag_ == "POS"):
                    if doc[i].tag_ == "POS":
                        item = i + 1  # "Sony's Playstation": the maker owns the product, and is none
                    i += 1
                starts.add(item)
                expect_name = False
                continue
            if not expect_name and t.lower_ in {",", "and", "or"}:
                expect_name = True
                i += 1
                continue
            break
    return starts
