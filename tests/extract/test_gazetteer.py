"""The gazetteer and the entity component's gazetteer matching, in isolation: a blank pipeline
and a small invented gazetteer, so that no statistical model is involved."""
from __future__ import annotations

import json

import pytest
import spacy

import newskg.extract.components.entities  # noqa: F401  (registers the factory)
import newskg.extract.components.sentences  # noqa: F401
from newskg.extract.errors import NewskgError
from newskg.extract.gazetteer import Gazetteer, Known

DATA = {
    "countries": [
        {"name": "Valmora", "aliases": ["VM", "Republic of Valmora"], "demonyms": ["Valmoran", "Valmorans"],
         "capital": "Port Elin"},
        {"name": "United States", "aliases": ["U.S.", "US"], "demonyms": ["American"], "capital": "Washington"},
    ],
    "cities": [{"name": "Kaldorsk", "country": "Valmora"}, {"name": "Port Elin", "country": "Valmora"}],
    "regions": [{"name": "Kaldoria Oblast", "aliases": ["Kaldoria region"], "country": "Valmora"}],
    "organizations": [{"name": "Baltic Ocean Agency", "aliases": ["BOA"], "class": "GovernmentBody",
                       "country": "Valmora"}],
}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(DATA)


@pytest.fixture(scope="module")
def blank(gazetteer):
    nlp = spacy.blank("en")
    nlp.add_pipe("newskg_sentences")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("newskg_entities").initialize(gazetteer=gazetteer)
    return nlp


@pytest.mark.parametrize(
    ("surface", "known"),
    [
        ("Valmora", Known("Valmora", "Country", "Valmora")),
        ("the Republic of Valmora", Known("Valmora", "Country", "Valmora")),
        ("VM", Known("Valmora", "Country", "Valmora")),
        ("vm", None),  # an acronym only: case must match
        ("US", Known("United States", "Country", "United States")),
        ("U.S.", Known("United States", "Country", "United States")),
        ("us", None),
        ("Port Elin", Known("Port Elin", "City", "Valmora", is_capital=True)),
        ("Kaldorsk", Known("Kaldorsk", "City", "Valmora")),
        ("Kaldoria region", Known("Kaldoria Oblast", "Region", "Valmora")),
        ("BOA", Known("Baltic Ocean Agency", "GovernmentBody", "Valmora")),
        ("boa", None),
        ("the Baltic Ocean Agency's", Known("Baltic Ocean Agency", "GovernmentBody", "Valmora")),
        ("Atlantis", None),
    ],
)
def test_lookup(gazetteer, surface, known):
    assert gazetteer.lookup(surface) == known


@pytest.mark.parametrize(("surface", "country"), [("Valmoran", "Valmora"), ("Valmorans", "Valmora"),
                                                  ("American", "United States"), ("Martian", None)])
def test_demonym(gazetteer, surface, country):
    found = gazetteer.demonym(surface)
    assert (found.name if found else None) == country


def test_country_of_a_place(gazetteer):
    assert gazetteer.country("Kaldorsk") == Known("Valmora", "Country", "Valmora")
    assert gazetteer.country("Atlantis") is None


@pytest.mark.parametrize(("given", "country"), [
    ("Valmora", "Valmora"), ("VM", "Valmora"), ("US", "United States"),
    ("USA", "United States"), ("us", "United States"),  # an ISO 3166 code, through pycountry
])
def test_a_country_called_by_a_name_or_a_code(gazetteer, given, country):
    assert gazetteer.country_called(given) == country


@pytest.mark.parametrize("given", ["Kaldorsk", "Narnia"])  # a city; nothing at all
def test_no_country_called_so(gazetteer, given):
    with pytest.raises(NewskgError, match="no country the gazetteer knows"):
        gazetteer.country_called(given)


def test_from_file(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps(DATA), encoding="utf-8")
    assert Gazetteer.from_file(path).lookup("VM").name == "Valmora"
    assert Gazetteer.from_file().lookup("Russia").cls == "Country"  # the packaged data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Valmoran troops left Kaldorsk on Monday.", [("Valmoran", "NORP", "Valmora"), ("Kaldorsk", "City", "Kaldorsk")]),
        ("The BOA said the boa was long.", [("BOA", "GovernmentBody", "Baltic Ocean Agency")]),
        ("Let us go to the US soon.", [("US", "Country", "United States")]),
        ("Floods hit the Kaldoria region overnight.", [("Kaldoria region", "Region", "Kaldoria Oblast")]),
        ("Many Valmorans and VMs came.", [("Valmorans", "NORP", "Valmora"), ("VMs", "NORP", "Valmora")]),
        ("Share\nValmora won.", [("Valmora", "Country", "Valmora")]),
    ],
)
def test_gazetteer_matching_without_a_model(blank, text, expected):
    doc = blank(text)
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == expected


def test_matching_follows_a_new_gazetteer(blank, tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("newskg_sentences")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("newskg_entities").initialize(gazetteer=Gazetteer({}))
    assert not nlp("Valmoran troops left.").ents
    blank.get_pipe("newskg_entities").to_disk(tmp_path / "ents")
    nlp.get_pipe("newskg_entities").from_disk(tmp_path / "ents")
    assert [(e.text, e.kb_id_) for e in nlp("Valmoran troops left.").ents] == [("Valmoran", "Valmora")]
