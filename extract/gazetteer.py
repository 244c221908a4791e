"""General-knowledge names: countries with their aliases, demonyms and capitals, major
cities and regions, and world-famous organizations.

The data lives in `data/gazetteer.json`; a user can pass another file of the same shape.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import NewskgError, one_line
from .names import normalize_name

DEFAULT_GAZETTEER = "gazetteer.json"


@dataclass(frozen=True)
class Known:
    """What the gazetteer knows of a name."""

    name: str  # canonical name
    cls: str  # fine ontology class
    country: str | None = None  # the country it is in or of
    is_capital: bool = False


class Gazetteer:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._names: dict[str, Known] = {}
        self._demonyms: dict[str, Known] = {}
        self._surfaces: dict[str, str] = {}  # surface -> "name" | "demonym"
        self._cased_keys: set[str] = set()  # names written in lower or mixed case somewhere
        for entry in data.get("countries", []):
            country = Known(entry["name"], "Country", entry["name"])
            self._add(entry["name"], country)
            for alias in entry.get("aliases", []):
                self._add(alias, country)
            for demonym in entry.get("demonyms", []):
                self._demonyms.setdefault(normalize_name(demonym), country)
                self._surfaces.setdefault(demonym, "demonym")
            if entry.get("capital"):
                self._add(entry["capital"], Known(entry["capital"], "City", entry["name"], is_capital=True))
        for section, cls in (("cities", "City"), ("regions", "Region")):
            for entry in data.get(section, []):
                known = Known(entry["name"], cls, entry.get("country"),
                              is_capital=self.lookup(entry["name"]) is not None
                              and self.lookup(entry["name"]).is_capital)
                for surface in [entry["name"], *entry.get("aliases", [])]:
                    self._add(surface, known)
        for entry in data.get("organizations", []):
            known = Known(entry["name"], entry.get("class", "Organization"), entry.get("country"))
            for surface in [entry["name"], *entry.get("aliases", [])]:
                self._add(surface, known)

    def _add(self, surface: str, known: Known) -> None:
        self._names.setdefault(normalize_name(surface), known)
        self._surfaces.setdefault(surface, "name")
        if surface.upper() != surface:
            self._cased_keys.add(normalize_name(surface))

    @classmethod
    def from_file(cls, path: str | Path | None = None) -> Gazetteer:
        if path is None:
            text = resources.files(__package__).joinpath("data", DEFAULT_GAZETTEER).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        return cls(json.loads(text))

    def lookup(self, surface: str) -> Known | None:
        """The known entity a name stands for, if it is general knowledge.

        Acronym-like names must match in case, so that "us" is not the United States.
        """
        key = normalize_name(surface)
        known = self._names.get(key)
        if known is None:
            return None
        if key not in self._cased_keys and not surface.isupper():
            return None  # only ever an acronym: "US" is a country, "us" is not
        return known

    def demonym(self, surface: str) -> Known | None:
        """The country a demonym ("North Korean", "Kenyans") points to."""
        return self._demonyms.get(normalize_name(surface))

    def country(self, name: str) -> Known | None:
        known = self.lookup(name)
        return Known(known.country, "Country", known.country) if known and known.country else None

    def country_called(self, name: str) -> str:
        """The gazetteer's name of the country `name` names: a name or a short form it knows
        ("UK", "Britain": "United Kingdom"), or an ISO 3166 code or name that pycountry knows
        ("GB", "FRA", "Korea, Democratic People's Republic of"); `NewskgError` when it names none
        (or a place inside one)."""
        import pycountry

        names = [name]
        try:
            iso = pycountry.countries.lookup(name.strip())
            names += [getattr(iso, attr) for attr in ("common_name", "name", "official_name") if hasattr(iso, attr)]
        except LookupError:
            pass
        for candidate in names:
            known = self.lookup(candidate)
            if known is not None and known.cls == "Country":
                return known.name
        raise NewskgError(f"{one_line(name)!r} is no country the gazetteer knows; give its English name, a "
                          "common short form or its ISO 3166 code ('United Kingdom', 'UK', 'GB', 'France')")

    def surfaces(self) -> Iterator[tuple[str, str]]:
        """Every surface form with its kind ("name" or "demonym"), for phrase matching."""
        yield from self._surfaces.items()
