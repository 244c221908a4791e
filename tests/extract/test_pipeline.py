"""Loading the pipeline and running it over documents."""
from __future__ import annotations

import pytest

from newskg.extract.errors import ModelError, NewskgError
from newskg.extract.pipeline import extract_document, extract_documents, fingerprint, home_country_set, load_pipeline
from newskg.extract.records import SourceDocument

NEWSKG_COMPONENTS = ["newskg_sentences", "newskg_entities", "newskg_coref", "newskg_relations", "newskg_figures", "newskg_output"]

DOCS = [
    SourceDocument(source="a", text="Sweden signed an agreement with Latvia on Monday.", date="2024-11-09"),
    SourceDocument(source="b", text="Tartu Marine Institute officials visited Oslo Fjord University in March.\n"
                                    "In April, 3,200 Russian tourists visited Seoul.", date="2023-08-01"),
    SourceDocument(source="c", text="The Baltic Times, citing data from the Latvian Border Service, "
                                    "reported 2,400 arrests in June.", date="2024-07-15"),
]


def test_bad_model_name(tmp_path):
    name = "xx_no_such_model_sm"
    with pytest.raises(ModelError) as caught:
        load_pipeline(name)
    message = str(caught.value)
    assert name in message
    assert "pip install" in message and "--model" in message


def test_model_without_parser_and_ner(tmp_path):
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(ModelError, match="parser, ner"):
        load_pipeline(str(tmp_path / "blank"))


def test_components_in_order(nlp):
    names = nlp.pipe_names
    assert [n for n in names if n.startswith("newskg_")] == NEWSKG_COMPONENTS
    assert names.index("newskg_sentences") < names.index("parser")
    assert names.index("ner") < names.index("newskg_entities")


def test_fingerprint_is_stable(nlp):
    again = load_pipeline()
    assert fingerprint(again) == fingerprint(nlp)
    assert "+newskg" in fingerprint(nlp)
    assert extract_document(nlp, DOCS[0]).pipeline == fingerprint(nlp)


def test_fingerprint_follows_the_gazetteer(nlp, tmp_path):
    gazetteer = tmp_path / "gazetteer.json"
    gazetteer.write_text('{"countries": [{"name": "Valmora", "demonyms": ["Valmoran"]}]}', encoding="utf-8")
    other = load_pipeline(gazetteer=gazetteer)
    assert fingerprint(other) != fingerprint(nlp)
    ex = extract_document(other, SourceDocument(source="v", text="Valmoran troops were deployed to Kaldoria."))
    assert "Valmora" in {e.name for e in ex.entities}


def test_a_home_country_is_named_as_the_gazetteer_names_it_and_changes_the_fingerprint(nlp):
    british = load_pipeline(home_country="Britain")
    assert british.get_pipe("newskg_relations").home_country == "United Kingdom"
    default = fingerprint(nlp)
    assert fingerprint(british) != default
    with home_country_set(nlp, "GB"):  # the loaded pipeline, for a while, as if loaded so
        assert fingerprint(nlp) == fingerprint(british)
        assert nlp.get_pipe("newskg_relations").home_country == "United Kingdom"
    assert fingerprint(nlp) == default and nlp.get_pipe("newskg_relations").home_country is None
    with pytest.raises(NewskgError, match="'Paris' is no country the gazetteer knows"):
        load_pipeline(home_country="Paris")


def test_results_in_input_order(nlp):
    many = [SourceDocument(source=str(i), text=f"Document {i} says Riga is calm.") for i in range(7)] + DOCS
    results = list(extract_documents(nlp, many, batch_size=3))
    assert [r.document for r in results] == many


def test_article_date_reaches_the_components(nlp):
    ex = extract_document(nlp, DOCS[1])
    (obs,) = [o for o in ex.observations if o.value == 3200.0]
    assert (obs.period_start, obs.period_end) == ("2023-04-01", "2023-04-30")


def test_two_processes_give_the_same_records(nlp):
    one = [r.to_json() for r in extract_documents(nlp, DOCS, n_process=1)]
    two = [r.to_json() for r in extract_documents(nlp, DOCS, n_process=2, batch_size=1)]
    assert two == one
    assert all(r["entities"] for r in one) and any(r["relations"] for r in one)


def test_tables_are_loaded_with_the_pipeline():
    """The lazily loaded tables are loaded once, by `load_pipeline`, so that forked workers share
    them rather than each loading its own, and the collector no longer walks them."""
    import gc

    from newskg.extract.amounts import unit_registry
    from newskg.extract.pipeline import load_pipeline
    from newskg.extract.places import world_places

    world_places.cache_clear()
    unit_registry.cache_clear()
    gc.unfreeze()
    load_pipeline()
    assert world_places.cache_info().currsize == 1
    assert unit_registry.cache_info().currsize == 1
    assert gc.get_freeze_count() > 0
