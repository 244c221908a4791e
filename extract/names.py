"""Name normalization and comparison: the one place that decides when two names are the same.

>>> normalize_name("The Moscow State University’s")
'moscow state university'
>>> is_acronym("KISU"), is_acronym("U.S."), is_acronym("Rason")
(True, True, False)
>>> acronym_of("Kim Il Sung University")
'KISU'
>>> acronym_fits("MSU", "Lomonosov Moscow State University"), acronym_fits("FSB", "Federal Security Service")
(True, False)
>>> transliteration_key("Muhammad al-Khatib") == transliteration_key("Mohammed Alkhatib")
True
>>> transliteration_key("Choi Jae-won") == transliteration_key("Choe Jae Won")
True
>>> transliteration_key("Kim Jong Un") == transliteration_key("Kim Jong Il")
False
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_STOP_IN_ACRONYM = frozenset({"of", "for", "and", "the", "on", "in", "de", "du", "la", "&", "at"})


_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"'s?$")
_PUNCTUATION = re.compile(r"[^\w\s]")


def clean_surface(text: str) -> str:
    """The surface form as a name: straight quotes, single spaces, no possessive or leading 'the'."""
    s = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    s = _SPACES.sub(" ", s).strip(" \t\n,;:.\"'()[]")
    s = _LEADING_THE.sub("", s)
    s = _POSSESSIVE.sub("", s).strip()
    return s


@lru_cache(maxsize=1 << 14)  # resolution asks for the same few thousand names over and over
def normalize_name(text: str) -> str:
    """A comparison key: case-folded, punctuation-free, without articles or possessives."""
    s = clean_surface(text).casefold().replace("&", " and ")  # "Securities & Exchange" is "Securities and Exchange"
    s = _PUNCTUATION.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


def is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("-", "").replace("&", "")
    return 2 <= len(letters) <= 10 and letters.isalnum() and letters.upper() == letters \
        and any(ch.isalpha() for ch in letters)


def acronym_of(name: str) -> str:
    """Initials of the significant words of a name."""
    words = [w for w in re.split(r"[\s\-]+", clean_surface(name)) if w and w.lower() not in _STOP_IN_ACRONYM]
    return "".join(w[0].upper() for w in words if w[0].isalnum())


def acronym_fits(acronym: str, name: str) -> bool:
    """Whether `acronym` can stand for `name`: its letters are word initials, in order.

    Loose on purpose: "MSU" fits "Lomonosov Moscow State University", "FEFU" fits
    "Far Eastern Federal University", "IAEA" fits "International Atomic Energy Agency".
    """
    letters = acronym.replace(".", "").replace("-", "").upper()
    words = [w for w in re.split(r"[\s\-]+", clean_surface(name)) if w]
    initials = [w[0].upper() for w in words if w[0].isalnum()]
    significant = [w[0].upper() for w in words if w[0].isalnum() and w.lower() not in _STOP_IN_ACRONYM]
    return _subsequence(letters, initials) and len(letters) >= min(2, len(significant)) \
        and letters[0] in initials[:2] and len(letters) >= len(significant) - 1


def _subsequence(needle: str, hay: list[str]) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def slugify(text: str) -> str:
    """An IRI-safe, readable slug.

    >>> slugify("Kim Il Sung University (KISU)")
    'kim-il-sung-university-kisu'
    """
    s = unicodedata.normalize("NFKD", clean_surface(text)).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s[:80] or "x"


def _clipping_words(name: str) -> list[str]:
    words = normalize_name(name).split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s"):
        words[-1] = words[-1][:-1]  # "Lib Dems", "Liberal Democrats": the plural says nothing of the name
    return words


def clipping_key(name: str) -> str | None:
    """A key that a name of several words shares with its clipped short form: the first three
    letters of each word ("Lib Dem" and "Liberal Democrats" are both "lib dem"); None for a name
    of one word or with a word shorter than three letters.

    >>> clipping_key("Lib Dems"), clipping_key("Liberal Democrats"), clipping_key("Labour")
    ('lib dem', 'lib dem', None)
    """
    words = _clipping_words(name)
    if len(words) < 2 or any(len(w) < 3 or not w.isalpha() for w in words):
        return None
    return " ".join(w[:3] for w in words)


def is_clipping(short: str, full: str) -> bool:
    """Whether `short` is `full` with some of its words clipped, as news shortens a party's name:
    word by word the same or a beginning of it, one word at least cut to half its length or
    less ("Lib Dem" for "Liberal Democrats"); not one word longer by a letter or two ("Home
    Office" is not a clipping of "Home Officer").

    >>> is_clipping("Lib Dems", "Liberal Democrats"), is_clipping("Liberal Democrat", "Liberal Democrats")
    (True, False)
    >>> is_clipping("Home Office", "Home Officer"), is_clipping("Lib Dem", "Liberal Party")
    (False, False)
    """
    a, b = _clipping_words(short), _clipping_words(full)
    if len(a) != len(b) or clipping_key(short) is None:
        return False
    return all(y.startswith(x) for x, y in zip(a, b)) and any(2 * len(x) <= len(y) for x, y in zip(a, b))


# Romanizations of one Korean family name: Lee (South) / Ri (North), Park / Pak, Choi / Choe …
KOREAN_SURNAMES = {"lee": "ri", "yi": "ri", "rhee": "ri", "rhie": "ri", "park": "pak", "bak": "pak",
                   "choi": "choe", "roh": "ro", "rho": "ro", "lim": "rim", "im": "rim", "yoo": "ryu",
                   "yu": "ryu", "yang": "ryang", "jung": "jong", "jeong": "jong", "chung": "jong",
                   "shin": "sin", "gang": "kang", "koh": "ko"}


def transliteration_key(name: str) -> str:
    """A key that spellings of one transliterated person's name share: the consonant skeleton
    of the name without Arabic article prefixes, with the initials of its parts.

    Used only as a blocking key between person names; different people rarely share both.
    """
    s = unicodedata.normalize("NFKD", clean_surface(name)).encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in re.split(r"[\s\-']+", s) if w and w not in {"al", "el"}]
    words = [w[2:] if w[:2] in {"al", "el"} and len(w) > 5 and w[2] not in "aeiou" else w for w in words]
    if len(words) >= 2:  # a Korean family name first, in the South's or the North's romanization
        words[0] = KOREAN_SURNAMES.get(words[0], words[0])
    skeleton = re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]|[aeiouyhw]", "", "".join(words)))
    return f"{skeleton}|{''.join(w[0] for w in words)}"


# Honorifics that say whether a person is a man or a woman: "Mrs Howard" is not "Mr Howard".
_MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "baron", "mister", "messrs", "herr", "monsieur"})
_FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "lady", "dame", "baroness", "madam", "mme", "mlle", "frau"})


def honorific_gender(name: str) -> str | None:
    """ "m" or "f" when a name opens with a gendered honorific ("Mr Blair", "Baroness Kennedy").

    >>> honorific_gender("Mrs. Parks"), honorific_gender("Sir Howard"), honorific_gender("Howard")
    ('f', 'm', None)
    """
    first = name.split(maxsplit=1)[0].rstrip(".").lower() if name.strip() else ""
    return "m" if first in _MALE_HONORIFICS else "f" if first in _FEMALE_HONORIFICS else None
