"""Cross-document resolution on the build's index: the result depends on the documents, not on
the order anything was given in, however crowded a name's block."""
from __future__ import annotations

from itertools import permutations

import pytest
from newskg.extract.records import Entity
from newskg.graph.build import resolve as resolve_module
from newskg.graph.build.resolve import resolve_entities


def outcome(documents: list[tuple[str, tuple[Entity, ...]]]) -> tuple[list, dict]:
    resolution = resolve_entities(documents)
    entities = [(e.iri_path, e.cls, e.label, e.aliases) for e in resolution.entities()]
    paths = {(sha, key): path for sha, _ in documents for key, path in resolution.in_document(sha).items()}
    return entities, paths


def test_order_within_a_document_does_not_change_a_crowded_block(monkeypatch: pytest.MonkeyPatch) -> None:
    # past MAX_BLOCK_KINDS kinds only the most frequent are compared, ties broken by the
    # smallest entity: "smallest" must not mean "first in the document's list"
    monkeypatch.setattr(resolve_module, "MAX_BLOCK_KINDS", 2)
    # one hub is taken by another document's company; which of this document's three gets the other?
    crowd = [("0" * 64, (Entity(key="Company:x", cls="Company", names=("Vostra Holdings", "VHC"), certainty=3),))]
    local = (Entity(key="University:c", cls="University", names=("VHC",), certainty=3),
             Entity(key="University:b", cls="University", names=("Vantar Hill College", "VHC"), certainty=3),
             Entity(key="Company:a", cls="Company", names=("Gorvak Corp", "VHC"), certainty=3))
    outcomes = [outcome([*crowd, ("f" * 64, order)]) for order in permutations(local)]
    assert all(o == outcomes[0] for o in outcomes)


def test_order_of_documents_does_not_matter() -> None:
    documents = [("b" * 64, (Entity(key="Person:k", cls="Person", names=("Kolvenik",), certainty=1),)),
                 ("a" * 64, (Entity(key="Person:m", cls="Person", names=("Marta Kolvenik",), certainty=2),
                             Entity(key="City:r", cls="City", names=("Riga",), certainty=3)))]
    assert outcome(documents) == outcome(documents[::-1])
    _, paths = outcome(documents)
    assert paths[("b" * 64, "Person:k")] == paths[("a" * 64, "Person:m")] == "person/marta-kolvenik"


def test_a_key_given_twice_in_a_document_is_one_entity() -> None:
    twice = (Entity(key="Person:j", cls="Person", names=("Jaan Tamm",), certainty=2),
             Entity(key="Person:j", cls="Person", names=("Jaan Tamme",), certainty=2))
    entities, paths = outcome([("c" * 64, twice)])
    assert [e[0] for e in entities] == ["person/jaan-tamme"]  # the last one given, as records are read
    assert paths == {("c" * 64, "Person:j"): "person/jaan-tamme"}


def test_any_name_survives_the_index() -> None:
    odd = "Tartu\x1fMarine Institute"  # a control character from a badly decoded file
    entities, _ = outcome([("d" * 64, (Entity(key="Organization:t", cls="Organization", names=(odd, "TMI"),
                                              certainty=2),))])
    assert entities[0][2] == odd and entities[0][3] == ("TMI",)


def test_a_document_indexed_twice_is_indexed_once() -> None:
    document = ("e" * 64, (Entity(key="City:n", cls="City", names=("Narva",), certainty=3),))
    entities, _ = outcome([document, document])
    assert [e[0] for e in entities] == ["place/narva"]


def test_the_corpus_votes_an_entity_its_class() -> None:
    # one rule's guess ("Harrow territory", a region) does not outweigh many articles' organization
    documents = [(f"{i:064x}", (Entity(key="Organization:harrow", cls="Organization", names=("Harrowgate",),
                                      certainty=1),)) for i in range(5)]
    documents.append(("f" * 64, (Entity(key="Region:harrow", cls="Region", names=("Harrowgate territory", "Harrowgate"),
                                        certainty=2),)))
    entities, _ = outcome(documents)
    assert [(e[1], e[2]) for e in entities] == [("Organization", "Harrowgate")]


def test_a_known_name_decides_its_class() -> None:
    documents = [(f"{i:064x}", (Entity(key="Person:tallinn", cls="Person", names=("Tallinn",), certainty=1),))
                 for i in range(20)]
    documents.append(("f" * 64, (Entity(key="City:tallinn", cls="City", names=("Tallinn",), certainty=3),)))
    entities, _ = outcome(documents)
    assert [e[1] for e in entities] == ["City"]


def person(sha: str, *names: str) -> tuple[str, tuple[Entity, ...]]:
    return sha, (Entity(key=f"Person:{names[0]}", cls="Person", names=names, certainty=1),)


def test_a_bare_surname_joins_the_person_the_corpus_names_far_most_often() -> None:
    documents = [person(f"{i:064x}", "Ilmar Vahter", "Vahter") for i in range(12)]
    documents.append(person("e" * 64, "Kersti Vahter"))
    documents.append(person("f" * 64, "Vahter"))
    _, paths = outcome(documents)
    assert paths[("f" * 64, "Person:Vahter")] == "person/ilmar-vahter"


def test_a_bare_surname_of_two_people_named_alike_often_stays_apart() -> None:
    documents = [person(f"{i:064x}", "Ilmar Vahter", "Vahter") for i in range(6)]
    documents += [person(f"{i + 6:064x}", "Kersti Vahter") for i in range(3)]
    documents.append(person("f" * 64, "Vahter"))
    _, paths = outcome(documents)
    assert paths[("f" * 64, "Person:Vahter")] == "person/vahter"


def test_many_votes_for_a_generic_class_outweigh_one_for_a_specific() -> None:
    documents = [(f"{i:064x}", (Entity(key="Organization:v", cls="Organization", names=("Verdant Party",),
                                      certainty=2),)) for i in range(6)]
    documents.append(("f" * 64, (Entity(key="Company:v", cls="Company", names=("Verdant Party",), certainty=2),)))
    assert [e[1] for e in outcome(documents)[0]] == ["Organization"]
    # a specific class with as many votes wins
    documents = documents[:1] + [("f" * 64, (Entity(key="Company:v", cls="Company", names=("Verdant Party",),
                                                   certainty=2),))]
    assert [e[1] for e in outcome(documents)[0]] == ["Company"]


def test_a_bare_surname_with_mrs_does_not_join_a_mr() -> None:
    documents = [person(f"{i:064x}", "Ilmar Vahter", "Vahter", "Mr Vahter") for i in range(12)]
    documents.append(person("f" * 64, "Vahter", "Mrs Vahter"))
    _, paths = outcome(documents)
    assert paths[("f" * 64, "Person:Vahter")] == "person/vahter"


def test_a_baroness_is_not_the_mr_of_another_article() -> None:
    # "Baroness Vahter" in one article, "Mr Vahter" (and his full name) in others: the bare names
    # share a block, but a woman's honorific keeps hers apart from his, and from his full name
    documents = [person(f"{i:064x}", "Ilmar Vahter", "Vahter", "Mr Vahter") for i in range(6)]
    documents += [person(f"{i + 6:064x}", "Vahter", "Mr Vahter") for i in range(3)]
    documents.append(person("f" * 64, "Vahter", "Baroness Vahter"))
    _, paths = outcome(documents)
    assert paths[("f" * 64, "Person:Vahter")] == "person/vahter"
    assert paths[(f"{6:064x}", "Person:Vahter")] == "person/ilmar-vahter"


def test_a_baroness_is_not_the_man_a_first_name_says_another_article_names() -> None:
    # no "Mr" anywhere: the census lists say "Jonathan" is a man's name, and "Baroness" a woman
    documents = [person(f"{i:064x}", "Jonathan Vahter", "Vahter") for i in range(6)]
    documents.append(person("f" * 64, "Vahter", "Baroness Vahter"))
    documents.append(person("e" * 64, "Vahter", "Lord Vahter"))
    _, paths = outcome(documents)
    assert paths[("f" * 64, "Person:Vahter")] == "person/vahter"
    assert paths[("e" * 64, "Person:Vahter")] == "person/jonathan-vahter"


def test_a_first_name_alone_joins_only_a_unique_person() -> None:
    documents = [person(f"{i:064x}", "Ilmar Vahter", "Vahter") for i in range(12)]
    documents.append(person("d" * 64, "Ilmar Kask"))
    documents.append(person("f" * 64, "Ilmar"))
    _, paths = outcome(documents)
    assert paths[("f" * 64, "Person:Ilmar")] == "person/ilmar"


def test_a_bare_surname_prefers_surnames_to_first_names() -> None:
    documents = [person(f"{i:064x}", "Ilmar Vahter", "Vahter") for i in range(12)]
    documents.append(person("d" * 64, "Vahter Kallas"))
    documents.append(person("f" * 64, "Vahter"))
    _, paths = outcome(documents)
    assert paths[("f" * 64, "Person:Vahter")] == "person/ilmar-vahter"


def test_a_surname_guessed_an_organization_votes_as_the_person() -> None:
    documents = [person("a" * 64, "Ilse Tamberg")]
    documents.append(("f" * 64, (Entity(key="Organization:t", cls="Organization", names=("Tamberg",), certainty=1),)))
    entities, _ = outcome(documents)
    assert [(e[1], e[2]) for e in entities] == [("Person", "Ilse Tamberg")]


def test_a_full_name_speaks_for_a_few_articles_guessing_its_surname_an_organization() -> None:
    documents = [person("a" * 64, "Robert Tamberg")]
    documents += [(f"{i:064x}", (Entity(key="Organization:t", cls="Organization", names=("Tamberg",), certainty=1),))
                  for i in range(2)]
    entities, _ = outcome(documents)
    assert {e[1] for e in entities} == {"Person"}


def test_a_bodys_word_at_the_end_of_a_persons_name_is_no_surname() -> None:
    documents = [person("a" * 64, "Robert Kelda Trust")]  # the model's person
    documents.append(("f" * 64, (Entity(key="Organization:t", cls="Organization", names=("Trust",), certainty=1),)))
    entities, _ = outcome(documents)
    assert "Person" not in {e[1] for e in entities}, entities


def test_a_name_many_articles_call_an_organization_is_no_persons_surname() -> None:
    documents = [(f"{i:064x}", (Entity(key="Organization:g", cls="Organization", names=("Greenfield",),
                                      certainty=1),)) for i in range(5)]
    documents.append(person("f" * 64, "Greenfield MPs"))
    entities, _ = outcome(documents)
    assert "Organization" in [e[1] for e in entities if e[2] == "Greenfield"]


def org(sha: str, cls: str, *names: str) -> tuple[str, tuple[Entity, ...]]:
    return sha, (Entity(key=f"{cls}:{names[0]}", cls=cls, names=names, certainty=1),)


def test_a_party_clipped_in_one_article_is_the_party_named_in_full_in_another() -> None:
    # "Soc Dems" is how news shortens "Social Democrats": each word a beginning of the full one's
    documents = [org("a" * 64, "Organization", "Social Democrats"), org("b" * 64, "Organization", "Soc Dems"),
                 org("c" * 64, "Organization", "Soc Dem"),
                 # not a clipping: a word longer by a letter, another word, another class
                 org("d" * 64, "GovernmentBody", "Home Officer"), org("e" * 64, "GovernmentBody", "Home Office"),
                 org("f" * 64, "Organization", "Soc Party"), org("0" * 64, "City", "Soc Demville")]
    _, paths = outcome(documents)
    assert paths[("a" * 64, "Organization:Social Democrats")] == paths[("b" * 64, "Organization:Soc Dems")] \
        == paths[("c" * 64, "Organization:Soc Dem")]
    assert len({paths[k] for k in paths}) == 5


def test_a_union_keeps_the_honorifics_of_both_sides() -> None:
    # "Ilmar Vahter" joins a longer form of his name; the person keeps the "Mr" his other
    # mentions carry, so "Baroness Vahter" of another article still does not join him
    # (read in the documents' order: the plain full name first, then the baroness, then the rest)
    documents = [person("0" * 64, "Verdant Ilmar Vahter"), person("1" * 64, "Ilmar Vahter"),
                 person("2" * 64, "Vahter", "Baroness Vahter")]
    documents += [person(f"{i + 3:x}" * 64, "Ilmar Vahter", "Vahter", "Mr Vahter") for i in range(6)]
    _, paths = outcome(documents)
    assert paths[("2" * 64, "Person:Vahter")] == "person/vahter"
