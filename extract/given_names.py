"""Given names from maintained data: the US Census Bureau's 1990 frequency lists of first names
(1,219 men's, 4,275 women's, each with the share of people who bear it), as the `names`
package ships them.

They answer two questions a name alone can: whether a word is someone's first name ("Lucy
Stone" is a person whatever the model says) and whether it is a man's or a woman's ("Baroness
Morgan" is not "Jonathan Morgan"). The lists' rarest entries are mostly miscodings or words
("Santa", "Marine", "Golden"), so a name counts only if one person in ten thousand bears it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from names import FILES

from .names import honorific_gender

# Percent of the census population bearing a first name for it to count as one.
MIN_SHARE = 0.01
# How many times more often a name must be one gender's than the other's to tell a gender.
GENDER_RATIO = 10


@lru_cache(maxsize=1)
def _shares() -> dict[str, tuple[float, float]]:
    """Lower-case first name -> (percent of men, percent of women) bearing it."""
    shares: dict[str, list[float]] = {}
    for column, key in ((0, "first:male"), (1, "first:female")):
        for line in Path(FILES[key]).read_text(encoding="ascii").splitlines():
            fields = line.split()
            if len(fields) >= 2:
                shares.setdefault(fields[0].lower(), [0.0, 0.0])[column] = float(fields[1])
    return {name: (men, women) for name, (men, women) in shares.items()}


def is_given_name(word: str, min_share: float = MIN_SHARE) -> bool:
    """Whether `word` is a first name one person in ten thousand bears (in `min_share` percent
    of the census's people: 0 for any name the lists hold, "Sonny", "Bonny", "Hank").

    >>> is_given_name("Lucy"), is_given_name("Bernero"), is_given_name("Santa"), is_given_name("Sonny", 0)
    (True, False, False, True)
    """
    return max(_shares().get(word.lower(), (-1.0, -1.0))) >= min_share


def given_name_gender(word: str) -> str | None:
    """ "m" or "f" for a first name far more often one gender's; None otherwise.

    >>> given_name_gender("Jonathan"), given_name_gender("Estelle"), given_name_gender("Jordan")
    ('m', 'f', None)
    """
    if not is_given_name(word):
        return None  # the lists' rarest entries are mostly miscodings or words
    men, women = _shares()[word.lower()]
    if men > GENDER_RATIO * women:
        return "m"
    if women > GENDER_RATIO * men:
        return "f"
    return None


def person_gender(name: str) -> str | None:
    """ "m" or "f" when a person's name says so: by its honorific ("Baroness Morgan"), else by
    the first of two or more words ("Jonathan Morgan"); None when it says nothing.

    >>> person_gender("Baroness Morgan"), person_gender("Jonathan Morgan"), person_gender("Morgan")
    ('f', 'm', None)
    """
    by_honorific = honorific_gender(name)
    if by_honorific is not None:
        return by_honorific
    words = name.split()
    return given_name_gender(words[0]) if len(words) > 1 else None
