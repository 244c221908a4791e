"""The word finders answer from a document's index of an attribute only once that attribute can no
longer change; before that, and for attributes that do change (entity types), from the Doc as it is."""
import spacy
from spacy.attrs import ENT_TYPE, LOWER
from spacy.tokens import Span

from newskg.extract.words import positions_with, tokens_labelled, tokens_where


def test_lemmas_set_after_a_first_question_are_found():
    doc = spacy.blank("en")("Delegates visited Tartu and visit Riga")
    assert list(tokens_where(doc, lemma={"visit"})) == []  # no lemmas yet
    for token in doc:
        token.lemma_ = "visit" if token.lower_.startswith("visit") else token.lower_
    assert [t.i for t in tokens_where(doc, lemma={"visit"})] == [1, 4]


def test_entity_types_are_read_as_they_are_now():
    doc = spacy.blank("en")("Anna Berg met Olle Lind in Visby")
    assert tokens_labelled(doc, {"PERSON"}) == set()
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 3, 5, "PERSON")]
    assert tokens_labelled(doc, {"PERSON"}) == {0, 1, 3, 4}
    assert positions_with(doc, ENT_TYPE, {"PERSON"}) == [0, 1, 3, 4]


def test_words_are_found_in_order_however_often_asked():
    doc = spacy.blank("en")("The port and the city and the Port")
    assert [t.i for t in tokens_where(doc, lower={"port", "city"})] == [1, 4, 7]
    assert positions_with(doc, LOWER, {"the", "and"}) == [0, 2, 3, 5, 6]
    assert [t.i for t in tokens_where(doc, lower={"city", "port"})] == [1, 4, 7]
