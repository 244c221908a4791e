"""Entities with ontology classes: the statistical NER, corrected and completed by rules.

The small English model is good at finding names and poor at typing institutions (it calls
universities persons and cities products). This component keeps the model's spans as
candidates, adds spans from the gazetteer, from organization and place head nouns ("…
University", "Ministry of …", "… region") and from acronyms the text defines, resolves
overlaps (longest span wins), and relabels every entity span with its fine ontology class
("University", "Country", …). Demonyms keep the label NORP with the country as `kb_id_`.
Other labels (DATE, CARDINAL, …) are left as the model set them.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.attrs import IS_LOWER, IS_TITLE, IS_UPPER, LOWER, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..extensions import register_extensions
from ..credits import credits as credit_lines
from ..gazetteer import Gazetteer
from ..given_names import is_given_name
from ..lexicon import (ADDRESS_HONORIFICS, CALENDAR_WORDS, WEEKDAYS, EVENT_NAME_HEADS, GENERIC_BODY_WORDS, GROUP_NOUNS, HONORIFICS, LEADER_TITLES, MEMBER_TITLES, NOT_NAMES,
                       OCCUPATION_TITLES, ORG_HEADS, PAGE_NOISE_PATTERNS, PLACE_HEADS, POSSESSIVE_SITE_NOUNS, BETWEEN_OWNER_AND_TITLE, TITLE_MODIFIERS,
                       NAME_OPENERS, PARTY_MEMBER_WORDS, PORTFOLIO_NAMES, TITLE_PART_WORDS, WORK_CREDITS)
from ..names import acronym_fits, clean_surface, is_acronym, normalize_name
from ..places import names_a_language, world_places
from ..records import COARSE_CLASS
from ..words import tokens_shaped, tokens_where, tokens_with_dep, tokens_written
from .sentences import DASHES, is_dateline
from .works import work_names

MODEL_ENTITY_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "City", "LOC": "Region",
                       "NORP": "NORP", "FAC": None, "PRODUCT": None}
CONNECTORS = frozenset({"of", "for", "and", "on", "de", "&"})
# Words that do not make a name distinctive: "the Russian University" is a description.
GENERIC_NAME_WORDS = frozenset({
    "the", "new", "main", "top", "official", "special", "joint", "higher", "senior", "university",
    "economic", "free", "trade", "industrial", "development", "national", "state", "central",
    "international", "public", "private", "independent", "online", "royal",
    "northern", "southern", "eastern", "western", "north", "south", "east", "west",
})
MEDIA_CUES = frozenset({"publication", "outlet", "newspaper", "broadcaster", "magazine", "website",
                        "daily", "tabloid", "channel", "portal", "wire"})
COMPANY_CUES = frozenset({"company", "firm", "operator", "maker", "manufacturer", "carrier",
                          "startup", "conglomerate", "retailer", "lender", "producer", "group",
                          "giant", "bookmaker", "bookmakers", "insurer", "brewer", "distiller", "airline",
                          "publisher", "supplier", "provider", "distributor", "carmaker", "automaker", "chipmaker",
                          "drugmaker", "studio", "studios", "broker", "chain", "supermarket", "multinational"})
# Words after a name that only a company's can stand before: "Pernod shares", "the Easyjet founder".
COMPANY_AFTER = frozenset({"shares", "stock", "shareholders", "subsidiary", "founder", "takeover"})
# Bodies of members a name can qualify as a plain noun after it: "the Solaris union".
ORGANIZATION_CUES = frozenset({"charity", "body", "watchdog", "think-tank", "thinktank"})
# The class a lower-case word before a name, or in apposition to it, gives it: "drinks firm X",
# "the tabloid Y", "the charity Z", "rights group W" (a group is not always a company).
CUE_CLASSES = {**{w: "Company" for w in COMPANY_CUES}, **{w: "MediaOrganization" for w in MEDIA_CUES},
               **{w: "Organization" for w in ORGANIZATION_CUES}, "group": "Organization"}
MEMBERSHIP_HEADS = frozenset({"union", "party", "movement", "federation", "coalition", "alliance", "league"})
# What is bought is no person: "tried to buy Glenmorangie".
ACQUIRE_VERBS = frozenset({"buy", "acquire", "purchase", "takeover"})
UNIVERSITY_CUES = frozenset({"university", "institute", "college", "academy"})
# The word shape of "NKs", "MPs": capitals (or digits) and one closing lower-case letter.
_PLURAL_ACRONYM_SHAPE = re.compile(r"[^x]*X[^x]*x$")
_NOISE = re.compile("|".join(f"(?:{p})" for p in PAGE_NOISE_PATTERNS), re.IGNORECASE)
# Capitalised titles that stand before a person's name and so end an organization's name:
# "Kim Il Sung University President Kim" is a university and a president.
_TITLE_WORDS = frozenset({
    "president", "minister", "secretary-general", "chairman", "chairwoman", "chairperson", "rector",
    "dean", "director", "director-general", "governor", "mayor", "professor", "prof", "dr", "ceo",
    "prime", "premier", "chancellor", "ambassador", "spokesman", "spokeswoman", "spokesperson",
    "king", "queen", "vice", "deputy", "acting", "mr", "mrs", "ms", "sir", "lord", "senator", "secretary",
})


class WordFacts:
    """What the typer asks of a document's words as a whole, read from its arrays in one pass
    rather than by making a Token of each word: the lower-case forms (as string hashes) it writes
    in lower case ("plans" as well as "Plans"), and those it writes right after a capitalised word
    inside a sentence that is no title ("Navy" in "the Lithuanian Navy", not in "Chief Navy"), and
    those it writes capitalised after "Mr", "Ms" or "Dr": people's surnames ("Ms Sturgeon")."""

    def __init__(self, doc: Doc, title_hashes: Iterable[int], address_hashes: Iterable[int] = ()) -> None:
        self.written_lower: set[int] = set()
        self.after_names: set[int] = set()
        self.addressed: set[int] = set()
        if not len(doc):
            return
        words = doc.to_array([LOWER, IS_LOWER, IS_TITLE, SENT_START])
        self.written_lower = set(words[words[:, 1] == 1, 0].tolist())
        before = words[:-1]
        named = (before[:, 2] == 1) & (before[:, 3] != 1) & ~numpy.isin(before[:, 0], list(title_hashes))
        self.after_names = set(words[1:, 0][named].tolist())
        addressed = numpy.isin(before[:, 0], list(address_hashes)) & (words[1:, 2] == 1)
        self.addressed = set(words[1:, 0][addressed].tolist())


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    cls: str  # fine class or "NORP"
    kb: str  # canonical name when known, else ""
    priority: int  # higher wins among spans of equal length
    strength: int = 1  # how sure the class is: 3 gazetteer, 2 head noun or context, 1 model


@Language.factory(
    "newskg_entities",
    assigns=["doc.ents", "doc._.nkg_noise", "doc._.nkg_acronyms", "doc._.nkg_certainty", "doc._.nkg_titled",
             "doc._.nkg_groups"],
    requires=["doc.sents", "token.pos"],
    default_config={},
)
def make_entity_typer(nlp: Language, name: str) -> EntityTyper:
    return EntityTyper(nlp, name)


class EntityTyper:
    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name
        self.vocab = nlp.vocab
        self.gazetteer = Gazetteer({})
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self._make_doc = nlp.make_doc
        self._title_hashes = [nlp.vocab.strings.add(w) for w in PERSON_TITLES]
        self._address_hashes = [nlp.vocab.strings.add(w) for w in ADDRESS_HONORIFICS]
        self._words = WordFacts(nlp.make_doc(""), self._title_hashes)  # of the document being typed
        self._only_modifiers: set[str] = set()  # of the document being typed
        self._firm_names: set[str] = set()  # of the document being typed
        self._group_names: dict[str, set[tuple[int, int]]] = {}  # of the document being typed
        # read on first use: a saved pipeline fills the lemmatizer's tables after making this component
        self._lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        self._dictionary_words: frozenset[str] | None = None

    # -- data ------------------------------------------------------------------------------
    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None,
                   gazetteer: Gazetteer | None = None) -> None:
        self._set_gazetteer(gazetteer or Gazetteer.from_file())

    def _set_gazetteer(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(self.vocab, attr="NORM")
        surfaces = [s for s, _ in gazetteer.surfaces()]
        self.matcher.add("GAZETTEER", [self._make_doc(s) for s in surfaces])

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "gazetteer.json").write_text(json.dumps(self.gazetteer.data), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityTyper:
        data = json.loads((Path(path) / "gazetteer.json").read_text(encoding="utf-8"))
        self._set_gazetteer(Gazetteer(data))
        return self

    # -- processing ------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # a slice of it is the sentence's text, without building it from Tokens
        noise = [(s.start_char, s.end_char) for s in doc.sents if _NOISE.search(text[s.start_char:s.end_char])]
        doc._.nkg_noise = noise
        in_noise = _range_test(noise)

        self._words = WordFacts(doc, self._title_hashes, self._address_hashes)
        self._only_modifiers = _names_only_modifying(doc)
        self._firm_names = _names_called_organizations_again(doc)
        self._group_names = _group_names(doc)
        doc._.nkg_groups = {normalize_name(e.text) for e in doc.ents if e.label_ == "NORP" and _a_political_group(
            e, self.gazetteer)}
        candidates: list[Candidate] = []
        others: list[Span] = []
        for ent in _joined_party_names(doc):
            if ent.label_ in MODEL_ENTITY_LABELS:
                candidates.extend(self._from_model(doc, ent))
            else:
                others.append(ent)
        candidates.extend(self._from_gazetteer(doc))
        candidates.extend(_from_head_nouns(doc, self.gazetteer))
        candidates.extend(_from_place_cues(doc, self.gazetteer))
        candidates.extend(_owners_before_titles(doc, self.gazetteer))
        candidates.extend(_groups_owning_titles(doc, self.gazetteer))
        candidates.extend(_named_by_apposition(doc))
        candidates.extend(_sites_named_with_a_possessive(doc))
        candidates.extend(_dateline_agencies(doc))
        companies = _named_by_company_words(doc)
        candidates.extend(companies)
        candidates = self._split_credit_lines(doc, candidates)
        chosen = _resolve_overlaps(doc, candidates)
        chosen, acronyms = self._add_acronyms(doc, chosen)
        chosen = _with_owned_units(doc, chosen)
        chosen = _add_surname_mentions(doc, chosen)
        chosen = _places_by_position(doc, chosen)
        chosen = _states_after_places(doc, chosen)
        chosen = _propagate_types(doc, chosen)
        works = work_names(doc, chosen) - {normalize_name(doc[c.start:c.end].text) for c in companies}
        chosen = [c for c in chosen if c.strength >= 3 or normalize_name(doc[c.start:c.end].text) not in works]

        lower_words = self._words.written_lower
        named_companies = {(c.start, c.end) for c in companies}
        certainty: dict[tuple[int, int], int] = {}
        ents = []
        for cand in chosen:
            span = doc[cand.start:cand.end]
            if in_noise(span.start_char) or not _looks_like_name(span, cand) or of_state_in_a_title(doc, cand.start) \
                    or (span.text in acronyms and _names_an_event(acronyms[span.text])):
                continue  # "CES" after "the Consumer Electronics Show (CES)" is the show too
            if cand.strength < 3 and cand.cls != "Person" and all(t.lower_ in TITLE_PART_WORDS | PERSON_TITLES for t in span):
                continue  # "Shadow", "Home Affairs": what is left of "Shadow Home Affairs Secretary"
            if cand.strength < 3 and COARSE_CLASS.get(cand.cls) == "Organization" and _names_a_portfolio(doc, span):
                continue  # "Trade and Industry Secretary X", "Armed Forces Minister Y": an office's remit
            if len(span) == 1 and cand.strength < 3 and span.start > 0 and doc[span.start - 1].like_num \
                    and is_acronym(span.text):
                continue  # "2100 GMT", "20 MW": a unit after its number
            if len(span) == 1 and cand.strength < 3 and span.start > 0 and doc[span.start - 1].lower_ in {"a", "an"} \
                    and is_acronym(span.text) and span[0].dep_ != "compound":
                continue  # "a GP", "an MP": someone's job, no body; not "a BBC reporter"
            if len(span) == 1 and cand.strength < 3 and (span.start, span.end) not in named_companies \
                    and (span[0].lower in lower_words or span[0].lower_ in PERSON_TITLES):
                continue  # "Cholera cases rose" when the text also says "cholera": a common noun
            ents.append(Span(doc, cand.start, cand.end, label=cand.cls, kb_id=cand.kb))
            certainty[(cand.start, cand.end)] = cand.strength
        taken = {i for e in ents for i in range(e.start, e.end)}
        ents.extend(e for e in others if not taken.intersection(range(e.start, e.end)))
        doc.ents = filter_spans(ents)
        doc._.nkg_acronyms = acronyms
        doc._.nkg_certainty = certainty
        doc._.nkg_titled = {**titled_forms(doc, self.gazetteer), **qualified_places(doc)}
        return doc

    def _from_model(self, doc: Doc, ent: Span) -> list[Candidate]:
        """The model's span, trimmed of articles and titles, split at an inner possessive or bracket."""
        dash = next((t.i for t in ent[1:] if t.text in DASHES and t.whitespace_ and doc[t.i - 1].whitespace_),
                    None)
        if dash is not None:  # "Veritas - Latin for truth", "MPs - Keith Vaz": a dash between spaces ends a name
            named_before = any(t.is_title or t.is_upper for t in doc[ent.start:dash])
            ent = Span(doc, ent.start, dash, label=ent.label_) if named_before \
                else Span(doc, dash + 1, ent.end, label=ent.label_)
            if not len(ent):
                return []
        if of_state_in_a_title(doc, ent.start):  # "Secretary of State Colin Powell", "… State for Health, X"
            rest = ent.start + 1
            if rest < ent.end and doc[rest].lower_ == "for":
                rest = next((t.i + 1 for t in doc[rest:ent.end] if t.text == ","), ent.end)
            if rest >= ent.end:
                return []
            ent = Span(doc, rest, ent.end, label="PERSON")
        if ent.label_ != "PERSON" and _after_honorific(doc, ent):
            ent = Span(doc, ent.start, ent.end, label="PERSON")  # "Ms Blears", "Mr Hague": people, not places
        elif ent.label_ == "PERSON" and (ent[0].lower_ == "the" or (ent.start > 0 and doc[ent.start - 1].lower_ == "the")
                                         or ent.text in self._only_modifiers):
            ent = Span(doc, ent.start, ent.end, label="ORG")  # "the Lib Dems", "Lib Dem plans": nobody's name
        if ent.label_ in {"ORG", "PERSON"} and ent.start > 1 and doc[ent.start - 1].is_title \
                and doc[ent.start - 1].pos_ == "PROPN" and not doc[ent.start - 1].ent_type_ \
                and doc[ent.start - 2].lower_ in MEDIA_CUES | COMPANY_CUES:
            ent = Span(doc, ent.start - 1, ent.end, label="ORG")  # "the business daily Delovoy Vestnik"
        if ent.label_ in {"ORG", "GPE", "LOC", "FAC"} and len(ent) >= 2:
            title = next((t.i for t in ent[:-1] if t.lower_ in TITLES_BETWEEN and t.is_title
                          and doc[t.i + 1].lower_ not in {"of", "for", "general"}
                          and not any(x.lower_ in ORG_HEADS or x.lower_ in PLACE_HEADS for x in doc[t.i + 1:ent.end])),
                         None)
            if title is not None:  # "NSMU Rector Tatyana Ilyina", "Rector Ilyina": the person after a title
                before = self._from_model(doc, Span(doc, ent.start, title, label=ent.label_)) if title > ent.start \
                    else []
                return before + self._from_model(doc, Span(doc, title + 1, ent.end, label="PERSON"))
        if ent.label_ in {"PERSON", "ORG"} and len(ent) > 1 and ent[-1].lower_ in PARTY_MEMBER_WORDS \
                and ent[-1].lower_.endswith("s"):
            ent = Span(doc, ent.start, ent.end - 1, label="ORG")  # "Lib Dem MPs": the party's people, the party
        organization: list[Candidate] = []  # one the model's span for a person opened with
        title_after = ent.end < len(doc) and doc[ent.end].lower_.rstrip(".") in PERSON_TITLES
        if ent.label_ in {"PERSON", "ORG"} and len(ent) > 1 and ent[-1].lower_ in BETWEEN_OWNER_AND_TITLE \
                and (ent.label_ == "PERSON" or title_after):
            end = ent.end
            while end > ent.start + 1 and doc[end - 1].lower_ in BETWEEN_OWNER_AND_TITLE:
                end -= 1  # "Lib Dem Home Affairs (spokesman)", "Welsh First (Minister)": who the title is of
            ent = Span(doc, ent.start, end, label="ORG")
        if ent.label_ == "PERSON":
            ent = _with_first_names(doc, ent, self.gazetteer)
            if len(ent) > 2 and self._no_name_word(ent[0]) and ent[1].is_title and is_given_name(ent[1].text):
                ent = Span(doc, ent.start + 1, ent.end, label="PERSON")  # "Conservative Graham Brady"
            party = _organization_before_name(doc, ent, self._group_names)
            if party is not None:  # "Fellow Lib Dem Norman Baker" where the text names the Lib Dems
                named = self.classify(doc, party[0], party[1], "Organization", priority=1)
                organization = [named] if named else []
                ent = Span(doc, party[1], ent.end, label="PERSON")
        elif ent.label_ == "ORG" and ent[0].lower_ == "the" and len(ent) > 3 and ent[1].lower_ in PERSON_TITLES \
                and ent[2].lower_ == "of":
            ent = Span(doc, ent.start + 1, ent.end, label="ORG")  # "the Rector of X University"
        if ent.label_ == "ORG" and len(ent) > 2 and ent[0].lower_ in PERSON_TITLES and ent[1].lower_ == "of":
            # "Secretary of the Security Council": a title, then the organization
            first = ent.start + 3 if ent[2].lower_ == "the" else ent.start + 2
            ent = Span(doc, first, ent.end, label="ORG")
        elif ent.label_ == "ORG" and head_noun_class(ent) is None and (_person_cue(doc, ent)
                                                                        or _listed_with_a_person(doc, ent)):
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        elif ent.label_ in {"GPE", "LOC"} and (_aged(doc, ent) or _after_a_role(doc, ent)):
            ent = Span(doc, ent.start, ent.end, label="PERSON")  # "Kolbeck, 29, fled": no place has an age
        owner_at = self._owner_after_of(doc, ent)
        if owner_at is not None:  # "Peggy Say of Batavia", "Institute of Zoology of Kunming": two entities
            of, first = owner_at
            return organization + self._from_model(doc, Span(doc, ent.start, of, label=ent.label_)) \
                + self._named_after_of(doc, first, ent.end)
        pieces = []
        start = ent.start
        only_a_match = True  # parted by a match alone, each part is the kind the whole was: "Brentford v Southampton"
        for tok in ent:
            if _inside_a_name(doc, tok):
                continue
            if tok.text in MATCH_VERSUS or _in_a_score(doc, tok.i):  # written lower-case: not "George V"
                pieces.append((start, tok.i))  # "Brentford v Southampton", "Arsenal 2-1 winners"
                start = tok.i + 1
            elif tok.tag_ == "POS" or tok.lower_ in {"'s", "’s"} or tok.text in {"(", ")"} or tok.is_space:
                pieces.append((start, tok.i))
                start, only_a_match = tok.i + 1, False
            elif tok.text == "The" and tok.i - 1 > start and doc[tok.i - 1].lower_ in CONNECTORS:
                pieces.append((start, tok.i - 1))  # "the Senate for The Baltic Herald": a name starts
                start, only_a_match = tok.i, False
        pieces.append((start, ent.end))
        pieces = [(s, e) for s, e in pieces if e > s]  # "Mara Quillon's": a possessive at the end cuts off nothing
        out = []
        for s, e in pieces:
            if ent.label_ == "PERSON":  # "NSMU Rector Tatyana Ilyina", "Rep. Han Dong-wook": the name follows the title
                s = max([s] + [k + 1 for k in range(s, e - 1) if _is_title_word(doc[k], self.gazetteer)
                               and doc[k + 1].lower_.rstrip(".") not in NAME_SUFFIXES])  # not "Arthur Lewis King Jr."
            while s < e and (doc[s].lower_ in {"the", "a", "an"} or doc[s].is_punct
                             or (doc[s].lower_ == "ex" and s + 1 < e and doc[s + 1].text == "-")  # "Ex-Labour"
                             or (doc[s].lower_ in NAME_OPENERS and doc[s].is_sent_start and e - s > 1)  # "Injured Chelsea"
                             or (ent.label_ == "PERSON" and e - s > 1 and doc[s].lower_.rstrip(".") in PERSON_TITLES)
                             or (ent.label_ == "PERSON" and e - s > 1 and doc[s].is_lower and doc[s].is_alpha
                                 and doc[s].lower_ not in NAME_PARTICLES)):  # "plus Ryan Giggs", not "van Gogh"
                s += 1
            while e > s and (doc[e - 1].is_punct or doc[e - 1].tag_ == "POS" or doc[e - 1].lower_ in CONNECTORS | {"the"}
                             or (ent.label_ == "ORG" and doc[e - 1].lower_ in PERSON_TITLES | {"general"}
                                 and doc[e - 1].tag_ not in {"NNS", "NNPS"}  # not "Chief Police Officers"
                                 and not any(t.lower_ == "of" for t in doc[s:e - 1]))):  # nor "Joint Chiefs of Staff"
                e -= 1
            if ent.label_ == "PERSON" and e - s > 1 and e == ent.end and e < len(doc) and doc[e - 1].is_title \
                    and doc[e - 1].lower_ in TITLES_BETWEEN and doc[e].pos_ == "PROPN" and doc[e].is_title:
                e -= 1  # "Mbeya Governor" before "Joseph Mwakilema": a title is no part of a name
            if s >= e:
                continue
            label = MODEL_ENTITY_LABELS[ent.label_] if len(pieces) == 1 or only_a_match else None
            if label == "Person" and len(pieces) > 1:
                label = "Organization"  # "Bolton v Derby", "Newcastle 2-1 Bolton", one name to the model: two teams
            cand = self.classify(doc, s, e, label, priority=1)
            if cand is not None:
                out.append(cand)
        return organization + out

    def _split_credit_lines(self, doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
        """ "Lisbon Radio Renascenca in Portuguese": a city, then an outlet (`extract/credits.py`)."""
        found = credit_lines(doc, lambda start, end: is_known_place(doc[start:end].text, self.gazetteer))
        doc._.nkg_credits = found  # the relation rule `credit_line` reads the same lines
        if not found:
            return candidates
        ranges = [(c.city[0], c.outlet[1]) for c in found] + [c.language for c in found]  # "in Portuguese": no Portugal
        kept = [c for c in candidates if not any(c.start < e and s < c.end for s, e in ranges)]
        for credit in found:
            city = self.classify(doc, *credit.city, "City", priority=3)
            if city is not None and COARSE_CLASS.get(city.cls) == "Place":
                kept.append(Candidate(city.start, city.end, city.cls, city.kb, 3, 3))
            kept.append(Candidate(*credit.outlet, "MediaOrganization", "", 3, 3))
        return kept

    def _owner_after_of(self, doc: Doc, ent: Span) -> tuple[int, int] | None:
        return owner_after_of(doc, ent, self.gazetteer)

    def _named_after_of(self, doc: Doc, start: int, end: int) -> list[Candidate]:
        """What the words after a parting "of" name: whatever the gazetteer, a head noun or GeoNames says."""
        cand = self.classify(doc, start, end, None, priority=1)
        if cand is not None:
            return [cand]
        place = world_places().lookup(clean_surface(doc[start:end].text))
        return [Candidate(start, end, place.cls, "", 1, 2)] if place is not None else []

    def _from_gazetteer(self, doc: Doc) -> list[Candidate]:
        out = []
        for tok in tokens_shaped(doc, _PLURAL_ACRONYM_SHAPE):  # "NKs": the people of a country named by its acronym
            if len(tok.text) > 2 and tok.text.endswith("s") and tok.text[:-1].isupper():
                cand = self.classify(doc, tok.i, tok.i + 1, None, priority=2)
                if cand is not None and cand.cls == "NORP":
                    out.append(cand)
        for _, s, e in self.matcher(doc):
            text = doc[s:e].text
            if not text[:1].isupper():
                continue
            cand = self.classify(doc, s, e, None, priority=2)
            if cand is not None and cand.kb:
                out.append(cand)
        return out

    def classify(self, doc: Doc, start: int, end: int, model_cls: str | None, priority: int) -> Candidate | None:
        """The fine class of a name, from the gazetteer, its head noun, its context, the model."""
        span = doc[start:end]
        surface = clean_surface(span.text)
        if not surface:
            return None
        known = self.gazetteer.lookup(surface)
        if known is not None and known.cls == "City" and context_class(doc, start, end) == "Region":
            # "the region of Kursk": the region named after the city
            region = next((r for r in (self.gazetteer.lookup(f"{surface} {tail}") for tail in
                                       ("region", "Oblast", "Province", "Krai", "Prefecture")) if r), None)
            return Candidate(start, end, "Region", region.name if region else "", priority, 3)
        if known is not None:
            return Candidate(start, end, known.cls, known.name, priority, 3)
        country = self.gazetteer.demonym(surface)
        if country is None and surface.endswith("s") and surface[:-1].isupper():
            plural_of = self.gazetteer.lookup(surface[:-1])  # "NKs": people of NK
            country = plural_of if plural_of is not None and plural_of.cls == "Country" else None
        if country is not None:
            return Candidate(start, end, "NORP", country.name, priority, 3)
        if model_cls == "NORP":
            return None  # a group ("Western", "Muslims") that is no country: not an entity
        if end - start == 1 and span[0].is_title and span[0].lower_ in NATIONAL_BODIES and not span[0].is_sent_start:
            # "passed by Parliament", "pressure on Congress": the country's own, named by its one word;
            # but after "the Lithuanian Navy", "the Navy" is that one, a reference and no new name
            if span[0].lower in self._words.after_names:  # "Chief Treasury Secretary" is no name, though
                return None
            return Candidate(start, end, "GovernmentBody", "", priority, 1)
        head_cls = head_noun_class(span)
        if head_cls is not None:
            if not _distinctive(span, self.gazetteer) and not (model_cls == "Organization" and head_cls != "GovernmentBody"
                                                                and _generic_proper_name(span, self.gazetteer)):
                return None  # "the Russian University": a description, not a name
            return Candidate(start, end, head_cls, "", priority, 2)
        context = context_class(doc, start, end, model_cls)
        if context is not None:
            return Candidate(start, end, context, "", priority, 2)
        if model_cls not in {None, "Person"} and not (model_cls == "Organization" and span.text in self._firm_names) \
                and (_named_as_a_person(doc, span, self.gazetteer) or self._surname_addressed(doc, span)):
            # a better guess than the model's, and no more than a guess: "William Hill" takes bets
            return Candidate(start, end, "Person", "", priority, 1)
        place = world_places().lookup(surface) if model_cls is not None else None
        if place is not None and (COARSE_CLASS.get(model_cls) == "Place" or _locative(doc, start, end)
                                  or _listed_with_places(doc, start, end)):
            # GeoNames knows it: "Boise", "Brighton"; its class there, whatever the model guessed
            return Candidate(start, end, place.cls, "", priority, 2)
        if model_cls is None:
            return None
        if model_cls == "Person" and end - start == 1 and is_acronym(surface):
            model_cls = "Organization"  # "APTA said": an acronym is no one's name
        return Candidate(start, end, model_cls, "", priority, 1)

    def _no_name_word(self, tok: Token) -> bool:
        """Whether a capitalised word is an English noun or adjective that no one in the census's
        lists of first names bears ("Conservative", "Musician", "Welshman"; not "Sonny", "Hank"), or
        that only a few bear and the document writes as a word elsewhere ("Tory"; never "Mike"), and
        no title, honorific or company word ("Broadcaster"): those the rules read before the name.
        (WordNet's index holds names too, "Nestor", "Sung": the caller asks for a given name after it.)"""
        if self._dictionary_words is None:
            self._dictionary_words = dictionary_words(self._lemmatizer)
        return tok.is_title and tok.lower_ in self._dictionary_words \
            and (not is_given_name(tok.text, 0)
                 or (not is_given_name(tok.text) and _written_before_a_common_word(tok))) \
            and tok.lower_ not in PERSON_TITLES and tok.lower_ not in CUE_CLASSES and not _is_honorific(tok)

    def _surname_addressed(self, doc: Doc, span: Span) -> bool:
        """ "The SNP's Nicola Sturgeon … Ms Sturgeon": two or three capitalised words, no body's
        word among them, whose last the document writes after "Mr", "Ms" or "Dr" (which may open
        them, "Mr Bussereau", but not stand inside them: "Analysing Mr Brown" is the model's span
        running into a name from outside)."""
        return 2 <= len(span) <= 3 and all(t.is_alpha and t.is_title for t in span) \
            and span[-1].lower in self._words.addressed and not any(t.lower_ in ORG_HEADS for t in span) \
            and not any(_is_honorific(t) for t in span[1:]) and not _modifies_a_common_noun(doc, span)

    def _add_acronyms(self, doc: Doc, chosen: list[Candidate]) -> tuple[list[Candidate], dict[str, str]]:
        """`Long Name (LN)` defines LN; every later LN is the same entity."""
        acronyms: dict[str, Candidate] = {}
        by_start = {c.start: c for c in chosen}
        for cand in chosen:
            i = cand.end
            if i < len(doc) and doc[i].tag_ == "POS":
                i += 1
            if i + 2 < len(doc) + 1 and i + 2 <= len(doc) - 1 and doc[i].text == "(" and doc[i + 2].text == ")" \
                    and _acronym_like(doc[i + 1].text) and COARSE_CLASS.get(cand.cls) in {"Organization", "Place"}:
                if COARSE_CLASS[cand.cls] == "Place" and not acronym_fits(doc[i + 1].text, doc[cand.start:cand.end].text):
                    continue  # "TARTU, Estonia (AP)": the wire agency's credit after a dateline, no name of the place
                acronyms.setdefault(doc[i + 1].text, cand)
        if not acronyms:
            return chosen, {}
        covered = {i for c in chosen for i in range(c.start, c.end)}
        extra = []
        for tok in tokens_written(doc, acronyms):
            definition = acronyms[tok.text]
            existing = by_start.get(tok.i)
            if existing is not None and existing.end == tok.i + 1:
                extra.append((existing, Candidate(tok.i, tok.i + 1, definition.cls, definition.kb, 3, 3)))
            elif tok.i not in covered:
                extra.append((None, Candidate(tok.i, tok.i + 1, definition.cls, definition.kb, 3, 3)))
        replaced = {id(old) for old, _ in extra if old is not None}
        result = [c for c in chosen if id(c) not in replaced] + [new for _, new in extra]
        names = {acr: clean_surface(doc[c.start:c.end].text) for acr, c in acronyms.items()}
        return sorted(result, key=lambda c: c.start), names


def _written_before_a_common_word(tok: Token) -> bool:
    """Whether the document writes the word elsewhere before a lower-case word, as no one's first
    name: "Tory leader", "the Tory party" make "Tory Dominic Grieve" a Tory, where "Sonny Bill
    Williams" is never written so."""
    doc = tok.doc
    return any(other.i != tok.i and other.i + 1 < len(doc) and doc[other.i + 1].is_lower and doc[other.i + 1].is_alpha
               for other in tokens_written(doc, {tok.text}))


def dictionary_words(lemmatizer: object | None) -> frozenset[str]:
    """The English nouns and adjectives a rule-based lemmatizer indexes (WordNet's, inside the
    model); none for a pipeline without one."""
    tables = getattr(lemmatizer, "lookups", None)
    if tables is None or not tables.has_table("lemma_index"):
        return frozenset()
    index = tables.get_table("lemma_index")
    return frozenset(w for pos in ("noun", "adj") if pos in index for w in index[pos])


def _acronym_like(text: str) -> bool:
    """ "FSB", "BP2MI", and in brackets after a name also "UAdeC" or "MoD" (an acronym of the name
    in another language, or with small letters for short words)."""
    return is_acronym(text) or (2 <= len(text) <= 8 and text.isalnum() and text[0].isupper()
                                and sum(ch.isupper() for ch in text) >= 2 and not text[1:].islower())


def _with_first_names(doc: Doc, ent: Span, gazetteer: Gazetteer) -> Span:
    """ "Defence Minister Anders Lindqvist" where the model found only "Lindqvist", "Otis Ferry"
    opening a sentence where it found "Ferry", and "Ri Chol Ung" where it stopped at "Ri Chol"."""
    end = ent.end
    while end < len(doc) and end - ent.end < 2 and doc[end].pos_ == "PROPN" and doc[end].is_title \
            and not doc[end].ent_type_ and doc[end].lower_ not in PERSON_TITLES and not doc[end].is_sent_start:
        end += 1
    if end != ent.end:
        ent = Span(doc, ent.start, end, label="PERSON")
    start = ent.start
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
            and doc[start - 1].lower_ not in _TITLE_WORDS and not _is_title_word(doc[start - 1], gazetteer) \
            and (not doc[start - 1].ent_type_ or _family_name_taken_for_a_people(doc[start - 1])) \
            and (not doc[start - 1].is_sent_start or is_given_name(doc[start - 1].text)) and start - ent.start > -3 \
            and not doc[start].is_sent_start:
        start -= 1
    return ent if start == ent.start else Span(doc, start, ent.end, label="PERSON")


MATCH_VERSUS = frozenset({"v", "vs", "vs.", "v."})
# Lower-case words that open people's names: "van Gogh", "de Villepin", "al-Sadr", "bin Laden".
NAME_PARTICLES = frozenset({"van", "von", "de", "da", "di", "del", "della", "der", "den", "du", "la", "le", "bin",
                            "ibn", "al", "el", "ben", "ter", "ten", "dos", "das", "d'"})


def _in_a_score(doc: Doc, i: int) -> bool:
    """Whether token `i` is part of a match's score: "2-1", "3 - 0"."""
    def score_at(k: int) -> bool:
        return 0 <= k and k + 2 < len(doc) and doc[k].is_digit and len(doc[k]) <= 2 \
            and doc[k + 1].text in {"-", "–"} and doc[k + 2].is_digit and len(doc[k + 2]) <= 2
    return score_at(i) or score_at(i - 1) or score_at(i - 2)


def owner_after_of(doc: Doc, ent: Span, gazetteer: Gazetteer) -> tuple[int, int] | None:
    """Where a span that runs across "of" into another entity parts: (the "of", the first word
    after it and its article). A person's name never holds "of" ("Kenneth Starr of the U.S.
    Circuit Court"); an organization's holds it once ("Institute of Zoology"), and a second
    "of" before a place, or one after a company's name, names where it is ("Institute of
    Zoology of Kunming", "Wyeth-Ayerst Laboratories of Philadelphia")."""
    ofs = [t.i for t in ent[1:-1] if t.lower_ == "of"]
    if not ofs or ent.label_ not in {"PERSON", "ORG"}:
        return None
    of = ofs[0] if ent.label_ == "PERSON" else ofs[-1]
    first = of + 2 if doc[of + 1].lower_ == "the" and of + 2 < ent.end else of + 1
    if ent.label_ == "PERSON":
        return (of, first) if doc[of - 1].is_title and doc[first].is_title else None
    right = clean_surface(doc[first:ent.end].text)
    is_place = is_known_place(right, gazetteer)
    left = [t for t in doc[ent.start:of] if t.lower_ not in {"the", "a", "an"}]
    if len(left) < 2 or all(t.lower_ in ORG_HEADS or t.lower_ in GENERIC_NAME_WORDS for t in left):
        # "Bank of America", "Central Bank of Kenya": nothing before "of" names it, the place does
        return None
    owned = len(ofs) > 1 or ORG_HEADS.get(left[-1].lower_) == "Company" or left[-1].lower_ in {"laboratories", "labs"} \
        or not any(t.lower_ in ORG_HEADS or t.lower_ in GENERIC_BODY_WORDS for t in left)  # "Hanna Brisk of Batavia",
    # not "Defence Intelligence of Ukraine": a body's words make an institution's "X of Y"
    return (of, first) if is_place and owned else None


def is_known_place(name: str, gazetteer: Gazetteer) -> bool:
    """Whether the gazetteer knows `name` as a place, or GeoNames does."""
    known = gazetteer.lookup(name)
    return (known is not None and COARSE_CLASS.get(known.cls) == "Place") or world_places().lookup(name) is not None


def _named_as_a_person(doc: Doc, span: Span, gazetteer: Gazetteer) -> bool:
    """ "Lucy Stone", "Robert Bernero": a first name from the census lists, then one or two more
    names, whatever the model saw. Not where the first name is also a place's ("Virginia Tech"),
    the last word is a first name too ("Morgan Stanley"), or the name stands where a place or a
    modifier does ("Marion, Ohio", "the Rocky Flats plant")."""
    if not 2 <= len(span) <= 3 or not all(t.is_alpha and t.text[0].isupper() and not t.is_upper for t in span):
        return False  # capitalised, "McGee" too
    first, last = span[0].text, span[-1].text
    return (is_given_name(first) and not is_given_name(last) and not is_known_place(first, gazetteer)
            and not is_known_place(span.text, gazetteer) and not _modifies_a_common_noun(doc, span)
            and not _locative(doc, span.start, span.end))


def _sites_named_with_a_possessive(doc: Doc) -> list[Candidate]:
    """ "Ford's Theater", "St Paul's Cathedral", "St Egwin's Middle School": a capitalised name, a
    possessive and a capitalised kind of site, or a saint's name, a possessive and what is named
    after the saint, are one name, which the model reads as an owner and a thing owned."""
    out = []
    for tok in tokens_where(doc, lower={"'s", "’s", "'", "’"}):  # the possessives only, not every word
        if tok.tag_ != "POS" or not 0 < tok.i < len(doc) - 1:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" and tok.i - start < 3:
            start -= 1
        saint = start < tok.i and doc[start].text.rstrip(".") in {"St", "Saint"}
        end = tok.i + 1
        while end < len(doc) and doc[end].is_title and doc[end].is_alpha and end - tok.i <= (3 if saint else 1):
            end += 1
        if end == tok.i + 1 or start == tok.i or (end < len(doc) and doc[end].is_lower and doc[end].pos_ == "NOUN"):
            continue  # not "Labour's Hospital plans": a modifier, no site's name
        if saint or doc[end - 1].lower_ in POSSESSIVE_SITE_NOUNS:  # "St Egwin's Middle School" is a saint's
            cls = head_noun_class(doc[start:end]) or "Place"
            out.append(Candidate(start, end, cls, "", 2, 2))
    return out


def _names_called_organizations_again(doc: Doc) -> set[str]:
    """Names the model calls organizations more than once in the document: a firm named after a
    person ("William Hill", "Freddie Mac"), where a first name alone would say person."""
    counts = Counter(ent.text for ent in doc.ents if ent.label_ == "ORG")
    return {text for text, n in counts.items() if n > 1}


def _names_only_modifying(doc: Doc) -> set[str]:
    """Names the model took for persons' that the document only ever uses as modifiers ("Lib
    Dem plans", "the Lib Dem stance"), as a party's or a firm's name is used, never a person's."""
    uses: dict[str, bool] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            modifier = _modifies_a_common_noun(doc, ent) or (ent.start > 0 and doc[ent.start - 1].lower_ == "the")
            uses[ent.text] = uses.get(ent.text, True) and modifier
    return {text for text, only in uses.items() if only}


def _modifies_a_common_noun(doc: Doc, ent: Span) -> bool:
    """ "Lib Dem plans", "Lib Dem home affairs spokesman": a name the model took for a person's
    that stands as a modifier before a lower-case noun, as a party's or a firm's does. (A
    person's surname may too, "Blair aides"; across the corpus the full name outvotes that.)"""
    if ent.end >= len(doc) or len(ent) < 2:
        return False
    noun = doc[ent.end]
    return noun.is_lower and noun.pos_ == "NOUN" and ent.root.dep_ == "compound"


def _is_honorific(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in HONORIFICS and (tok.is_title or tok.is_upper)


def _after_honorific(doc: Doc, ent: Span) -> bool:
    """ "Mr Hague", "Ms Blears" (the honorific inside the model's span or just before it): a short
    name that only a person can have."""
    if len(ent) > 4 or any(t.lower_ in {"of", "and", "&"} for t in ent):
        return False
    if _is_honorific(ent[0]) and len(ent) > 1:
        return True
    return ent.start > 0 and _is_honorific(doc[ent.start - 1])


def _is_title_word(tok: Token, gazetteer: Gazetteer) -> bool:
    """A capitalised word that stands before a person's name without being part of it: a title,
    an honorific, a job ("Photographer"), a people ("American", "Dutchman")."""
    if not (tok.is_title or tok.is_upper) or tok.pos_ not in {"PROPN", "NOUN", "ADJ"}:
        return False
    word = tok.lower_.rstrip(".")
    if word in PERSON_TITLES:
        return word not in CAPITALISED_NAME_PARTS
    for suffix in ("women", "woman", "men", "man"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return gazetteer.demonym(tok.text[:-len(suffix)]) is not None  # "Dutchman", "Frenchwoman"
    return gazetteer.demonym(tok.text) is not None and tok.ent_type_ in {"", "NORP", "PERSON"}


# Titles written lower-case ("Leicester wing X") that, capitalised, are parts of names: "Chan Wing Kee".
CAPITALISED_NAME_PARTS = frozenset({"wing"})
# Titles a person is addressed by, as "Mr Blair" or "President Lincoln" is; not a job description
# such as "Photographer Jeff Widener" (a name in no one's mouth).
TITLE_WORDS_OF_ADDRESS = HONORIFICS | frozenset({
    "president", "prime", "premier", "chancellor", "governor", "gov", "senator", "sen", "rep", "representative",
    "judge", "justice", "mayor", "king", "queen", "general", "gen", "colonel", "col", "captain", "capt",
    "lieutenant", "lt", "sgt", "sergeant", "admiral", "adm", "maj", "professor", "prof", "bishop",
    "archbishop", "cardinal", "pope", "rabbi", "imam", "father", "ambassador", "minister", "secretary",
    "commissioner", "chairman", "inspector", "detective", "det", "officer", "sheriff", "dr"})


def titled_forms(doc: Doc, gazetteer: Gazetteer) -> dict[tuple[int, int], str]:
    """Each person's span -> the name as written with the titles before it ("Mr Blair", "Gov.
    Cecil Andrus"), where there are any: a form a reader knows the person by, but no name."""
    forms = {}
    for ent in doc.ents:
        if ent.label_ != "Person":
            continue
        before = doc[ent.start - 1] if ent.start > 0 else None
        # one title, not the modifiers or the people before it: "Minister X", not "Kenyan Health Minister X"
        if before is not None and _is_title_word(before, gazetteer) and before.lower_.rstrip(".") not in TITLE_MODIFIERS \
                and gazetteer.demonym(before.text) is None and before.lower_ not in PERSON_TITLES - TITLE_WORDS_OF_ADDRESS:
            forms[(ent.start, ent.end)] = doc[before.i:ent.end].text
    return forms


def qualified_places(doc: Doc) -> dict[tuple[int, int], str]:
    """Each place's span -> the place as written with the state or country after it ("Harlan,
    Ky.", "Graz, Austria"): the form that tells it from its namesakes, though no name itself."""
    forms = {}
    ents = list(doc.ents)
    for place, qualifier in zip(ents, ents[1:]):
        if COARSE_CLASS.get(place.label_) == "Place" and place.label_ != "Country" \
                and qualifier.label_ in {"Region", "Country"} and qualifier.start == place.end + 1 \
                and doc[place.end].text == ",":
            forms[(place.start, place.end)] = doc[place.start:qualifier.end].text
    return forms


def _family_name_taken_for_a_people(tok: Token) -> bool:
    """ "Han" in "Vice-President Han Kwang Song": one word the model took for a people, between a
    title and a person's name."""
    doc = tok.doc
    return (tok.ent_type_ == "NORP" and tok.ent_iob_ == "B" and (tok.i + 1 >= len(doc) or doc[tok.i + 1].ent_iob_ != "I")
            and tok.i > 0 and doc[tok.i - 1].lower_ in PERSON_TITLES)


ROLE_NOUNS = frozenset(t for t in LEADER_TITLES | MEMBER_TITLES if " " not in t) - {"chair", "head", "co", "general"}


def _listed_with_a_person(doc: Doc, ent: Span) -> bool:
    """ "Hugh Jackman and Ewan McGregor": a two- or three-word name joined by "and" to a person's
    name of the same shape is a person's too."""
    if not 2 <= len(ent) <= 3 or not all(t.text[:1].isupper() and t.is_alpha for t in ent):
        return False
    neighbours = []
    if ent.start >= 2 and doc[ent.start - 1].lower_ in {"and", "or"}:
        neighbours.append(ent.start - 2)
    if ent.end + 1 < len(doc) and doc[ent.end].lower_ in {"and", "or"}:
        neighbours.append(ent.end + 1)
    return any(x.label_ == "PERSON" and len(x) >= 2 and x.start <= i < x.end for i in neighbours for x in doc.ents)


def _person_cue(doc: Doc, ent: Span) -> bool:
    """ "Daulet Seitkali, who heads …", "spokesman Tobias Krämer": a person, whatever the model said."""
    after = [t.lower_ for t in doc[ent.end:ent.end + 9]]
    if after[:1] == ["who"] or after[:2] == [",", "who"]:
        return True
    if after[:1] == [","] and any(w in ROLE_NOUNS for w in after[1:8]):
        return True  # "Abdou Diallo, the WHO representative"
    if _aged(doc, ent):
        return True
    if ent.start > 0 and doc[ent.start - 1].lower_ in PERSON_TITLES and len(ent) >= 2:
        return True
    return _lives(ent)


def _group_names(doc: Doc) -> dict[str, set[tuple[int, int]]]:
    """The names the model gives organizations and peoples in the document (and persons after
    "the": "the Lib Dems"), without a plural "s", each with where it stands."""
    names: dict[str, set[tuple[int, int]]] = {}
    for x in doc.ents:
        if x.label_ in {"ORG", "NORP"} or (x.start > 0 and doc[x.start - 1].lower_ == "the"):
            names.setdefault(normalize_name(x.text).removesuffix("s"), set()).add((x.start, x.end))
    return names


def _organization_before_name(doc: Doc, ent: Span, group_names: dict[str, set[tuple[int, int]]]
                              ) -> tuple[int, int] | None:
    """Where an organization the document names elsewhere (`_group_names`) opens a span the model
    took for one person's name ("Fellow Lib Dem Norman Baker" beside "the Lib Dems"): its start
    and end."""
    if len(ent) < 3:
        return None
    for first in range(ent.start, min(ent.start + 2, ent.end - 2)):
        for end in range(ent.end - 2, first, -1):
            where = group_names.get(normalize_name(doc[first:end].text).removesuffix("s"), ())
            named = any(not (s < ent.end and ent.start < e) for s, e in where)
            # one word only if an acronym ("SNP"): "Han" of "Han Kwang Song" is a surname the model calls a people
            if named and (end - first > 1 or is_acronym(doc[first].text)):
                return first, end
    return None


def _after_a_role(doc: Doc, ent: Span) -> bool:
    """ "Wales prop Gethin Jenkins": a name of two words or more right after a lower-case job."""
    return len(ent) >= 2 and ent.start > 0 and doc[ent.start - 1].is_lower \
        and doc[ent.start - 1].lower_ in ROLE_NOUNS | OCCUPATION_TITLES


def _aged(doc: Doc, ent: Span) -> bool:
    """ "Ngata, 34, was charged": a name with an age between commas is a person's."""
    after = doc[ent.end:ent.end + 3]
    return len(after) == 3 and after[0].text == "," and after[2].text == "," and after[1].text.isdigit() \
        and 0 < int(after[1].text) < 120


def _lives(span: Span) -> bool:
    """ "X was born in …", "X died on Monday", "X's widow": what only a person does or has."""
    root = span.root
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_.lower() in LIFE_EVENT_VERBS:
        return root.head.lemma_.lower() != "bear" or root.dep_ == "nsubjpass"
    return root.dep_ == "poss" and (root.head.lower_ in KIN_NOUNS or root.head.lower_ in BIRTHPLACE_NOUNS)


# What follows a person's name without being a name of its own: "Arthur Lewis King Jr."
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "junior", "senior"})
# What only a person does or has: "X was born", "X's widow".
LIFE_EVENT_VERBS = frozenset({"bear", "die", "marry", "divorce"})
BIRTHPLACE_NOUNS = frozenset({"hometown", "birthplace", "birthday"})  # "Nelson's hometown of Abbott"
KIN_NOUNS = frozenset({"wife", "husband", "widow", "widower", "son", "sons", "daughter", "daughters", "mother",
                       "father", "brother", "sister", "parents", "children", "grandson", "granddaughter", "fiancee",
                       "fiance", "girlfriend", "boyfriend", "nephew", "niece", "uncle", "aunt", "cousin"})


def head_noun_class(span: Span) -> str | None:
    """Class from the generic head of a name: the last head noun before any 'of/for' complement."""
    words = [t.lower_.rstrip(".") or t.lower_ for t in span]  # "Cox Packing Co.": "co"
    cut = next((i for i, w in enumerate(words) if w in {"of", "for", "on"} and i > 0), len(words))
    if "news" in words[:cut - 1] and words[cut - 1] in {"agency", "network", "service", "channel", "group"}:
        return "MediaOrganization"  # "Baltic News Agency" is an outlet, not a government agency
    for w in reversed(words[:cut]):
        if w in ORG_HEADS and any(t.is_title or t.is_upper for t, x in zip(span, words) if x == w):
            return ORG_HEADS[w]
        if w in PLACE_HEADS and len(words) > 1:
            return PLACE_HEADS[w]
    for w in words[cut:]:
        if w in ORG_HEADS:
            return ORG_HEADS[w]
    return None


def context_class(doc: Doc, start: int, end: int, model_cls: str | None = None) -> str | None:
    """Class from the words right before a name: "the outlet X", "border city X", "in X"."""
    if model_cls in {None, "Person", "Organization"} and _lives(doc[start:end]):
        return "Person"
    before = [t.lower_ for t in doc[max(0, start - 3):start]]
    after = doc[end:end + 4]
    if before and before[-1] in {'"', "“", "'"}:
        before = before[:-1]
    if before:
        last = before[-1]
        if last == "agency" and "news" in before:
            return "MediaOrganization"
        if last in CUE_CLASSES:
            return CUE_CLASSES[last]  # "the charity Shelter Norge", "drinks giant X", "the tabloid Y"
        if (last == "based" and len(before) > 1 and before[-2] == "-") or before[-2:] == ["market", "leader"]:
            return "Company"  # "drinks giant X", "Santa Monica-based X", "market leader X"
        # "border city X", "the city of X"; not "Amur Region Mikhail Bereznyakov", a name after a name
        if last in PLACE_HEADS and doc[start - 1].is_lower:
            return PLACE_HEADS[last]
        if last == "of" and len(before) > 1 and before[-2] in PLACE_HEADS and doc[start - 2].is_lower:
            return PLACE_HEADS[before[-2]]
        kind = _kind_before_a_given_name(doc, start, end)
        if kind is not None:
            return kind
    # apposition after the name: "X, a travel company", "X, the state news agency", "X, the state capital"
    if after[:1] and after[0].text == ",":
        # only the apposition right after the comma: in "Lee, editor of the Times, a daily newspaper"
        # the parser may hang the newspaper on Lee too
        appos = next((c for c in doc[start:end].root.children if c.dep_ == "appos" and c.left_edge.i == end + 1), None)
        cls = apposition_class(appos, doc[start:end].text) if appos is not None else None
        if cls is not None and not (model_cls == "Person" and _a_persons_job(appos)):
            return cls
    if after[:1] and after[0].is_lower and after[0].lower_ in COMPANY_AFTER:
        return "Company"
    if model_cls != "Person" and after[:1] and after[0].lower_ in MEMBERSHIP_HEADS and after[0].is_lower \
            and after[0].dep_ != "compound" and doc[start:end].root.head.i == after[0].i:
        return "Organization"  # "the Solaris union", "the Likud party"; not "the Brighton party conference"
    head = doc[start:end].root
    if model_cls in {None, "Person", "Organization"} and head.dep_ == "dobj" and head.head.lemma_ in ACQUIRE_VERBS:
        return "Company"
    if head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS_ALWAYS:
        return "City"  # "crossings near Görlitz"
    if model_cls in {None, "Person"} and not is_acronym(doc[start:end].text) and head.dep_ == "pobj" \
            and head.head.lower_ in {"to", "into", "from"} and head.head.head.lemma_.lower() in MOTION_WORDS:
        return "City"  # "travelled to Boa Vista", "day trips to Petra": nobody travels to a person
    return None


def _kind_before_a_given_name(doc: Doc, start: int, end: int) -> str | None:
    """ "a consortium known as Respond", "a town called Mirny", "the charity named X": the class of
    the kind of thing a name is given to; not where the verb gives a person a role ("the company
    named X as its chief", "the club named X manager", "called X a liar")."""
    if start < 2 or doc[start - 1].lower_ not in {"as", "called", "named", "dubbed"}:
        return None
    participle = doc[start - 2] if doc[start - 1].lower_ == "as" else doc[start - 1]
    if participle.lower_ not in {"known", "called", "named", "dubbed"} or participle.dep_ not in {"acl", "amod"} \
            or participle.head.i != participle.i - 1 or not participle.head.is_lower:
        return None
    if end < len(doc) and (doc[end].lower_ == "as" or doc[end].pos_ in {"NOUN", "ADJ", "DET", "PROPN"}):
        return None
    word = participle.head.lemma_.lower()  # "groups known as X": one group of them
    return CUE_CLASSES.get(word) or ORG_HEADS.get(word) or PLACE_HEADS.get(word)


def apposition_class(appos: Token, name: str) -> str | None:
    """The class an apposition's noun gives the name it describes: "a travel company", "the state
    news agency", "the state capital", "first prime minister of X"; no person's for a place's
    `name` ("Sen. X, D-N.Y., chairman of …": the parser may hang the role on the state)."""
    word = appos.lower_
    if word in PLACE_APPOSITION:
        return PLACE_APPOSITION[word]
    if word == "agency" and any(c.lower_ == "news" for c in appos.children):
        return "MediaOrganization"
    if word in CUE_CLASSES:
        return CUE_CLASSES[word]
    if word in UNIVERSITY_CUES:
        return "University"
    if (word in PERSONS_ONLY_ROLES or word in KIN_NOUNS) and not _a_place_by_name(name):
        return "Person"
    return None


def _a_place_by_name(text: str) -> bool:
    places = world_places()
    return places.lookup(clean_surface(text)) is not None or places.us_state(text) is not None


# Roles only a person holds, as an apposition's noun: "X, first prime minister of Cambodia",
# "Y, the company's spokesman", "Z, his wife".
PERSONS_ONLY_ROLES = frozenset({
    "president", "premier", "minister", "chancellor", "chairman", "chairwoman", "governor", "mayor", "senator",
    "congressman", "congresswoman", "spokesman", "spokeswoman", "ambassador", "professor", "lawyer", "attorney",
    "judge", "actor", "actress", "singer"})


def _a_persons_job(appos: Token) -> bool:
    """ "a director-producer", "publisher of the Herald-Press": a noun a company shares with the
    job of the person the model named."""
    if any(c.lower_ in ROLE_NOUNS | WORK_CREDITS for c in appos.children if c.dep_ in {"compound", "amod"}):
        return True
    return appos.lower_ in PERSON_OR_COMPANY_JOBS and any(c.lower_ == "of" for c in appos.children)


# Nouns for a company and for a person's job alike: "Penguin, the publisher", "X, publisher of Y".
PERSON_OR_COMPANY_JOBS = frozenset({"publisher", "producer", "broker", "operator", "distributor"})
PLACE_APPOSITION = {w: c for w, c in PLACE_HEADS.items() if not w.endswith("s") or w in {"towns", "cities"}}
PLACE_PREPOSITIONS_ALWAYS = frozenset({"near", "towards", "toward"})
MOTION_WORDS = frozenset({"travel", "fly", "drive", "trip", "trips", "deploy", "move", "return", "arrive",
                          "go", "come", "head", "sail", "relocate", "evacuate", "flee", "journey", "route",
                          "flight", "flights", "send", "transfer", "visit", "ship", "cross"})


def _from_head_nouns(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Capitalised runs that carry an organization or place head noun."""
    out = []
    for s, e in _capitalised_runs(doc):
        for ps, pe in (piece for part in _split_of_the(doc, s, e) for piece in _split_on_and(doc, *part)):
            ps = _after_a_person_of(doc, ps, pe)
            owner = owner_after_of(doc, Span(doc, ps, pe, label="ORG"), gazetteer) if pe - ps > 2 else None
            if owner is not None:
                pe = owner[0]  # "Institute of Zoology of Kunming": the institute; the city is its own
            cand = _head_noun_span(doc, ps, pe, gazetteer)
            if cand is not None:
                out.append(cand)
    return out


def _capitalised_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words, joined by connectors ("of", "and"), within a sentence."""
    runs: list[tuple[int, int]] = []
    start = None
    capitalised = doc.to_array([IS_TITLE, IS_UPPER]).any(axis=1).tolist() if len(doc) else []
    for i, cap in enumerate(capitalised):
        if start is None and not cap:
            continue  # neither name-like nor inside a run: most words, passed without a Token
        tok = doc[i]
        if start is not None and tok.is_sent_start:
            runs.append((start, tok.i))
            start = None
        title_ahead = tok.lower_ in {"general", "first", "chief", "executive"} and tok.i + 1 < len(doc) \
            and doc[tok.i + 1].lower_ in _TITLE_WORDS  # "… of Korea General Secretary Kim Jong Un"
        if _name_like(tok) and not title_ahead:
            start = tok.i if start is None else start
        elif start is not None and tok.lower_ in CONNECTORS | {"the"} and tok.i + 1 < len(doc) \
                and (_name_like(doc[tok.i + 1]) or doc[tok.i + 1].lower_ == "the"):
            continue
        elif start is not None and _inside_a_name(doc, tok):
            continue  # "Workers' Party of Korea", "People's Committee"
        elif start is not None:
            runs.append((start, tok.i))
            start = None
    if start is not None:
        runs.append((start, len(doc)))
    return runs


def _inside_a_name(doc: Doc, tok: Token) -> bool:
    """ "Workers' Party", "People's Committee", "Women's Union": a possessive that names no owner
    but is part of one name, unlike "Russia's Federal Security Service" or "Armed Forces'
    Regiment" (a body's name, then a unit of it)."""
    if not (tok.lower_ in {"'s", "’s", "'", "’"} and 0 < tok.i < len(doc) - 1 and doc[tok.i + 1].is_title):
        return False
    before = doc[tok.i - 1]
    if tok.text in {"'", "’"}:
        return before.lower_ not in ORG_HEADS
    return before.is_title and before.lower_ in COLLECTIVE_POSSESSORS


def _name_like(tok: Token) -> bool:
    if not (tok.is_title or tok.is_upper) or not any(ch.isalpha() for ch in tok.text):
        return False
    if tok.ent_type_ in {"DATE", "TIME"}:
        return _opens_a_paper_name(tok)  # not "University on Monday"; but "Sunday Telegraph"
    if not (tok.is_alpha or "-" in tok.text or "." in tok.text):
        return False
    return tok.lower_ in ORG_HEADS or tok.lower_ not in _TITLE_WORDS


def of_state_in_a_title(doc: Doc, i: int) -> bool:
    """Whether token `i` is the "State" of "Secretary of State" or "Minister of State": the
    title's word, never a body's or a place's name."""
    return i >= 2 and doc[i].lower_ == "state" and doc[i - 1].lower_ == "of" \
        and doc[i - 2].lower_ in {"secretary", "minister"}


def _opens_a_paper_name(tok: Token) -> bool:
    """ "Sunday Telegraph", "Sunday Times": a weekday before a newspaper's capitalised head word
    that ends the name (not "on Sunday Times Square")."""
    doc, i = tok.doc, tok.i
    return tok.lower_ in WEEKDAYS and i + 1 < len(doc) and doc[i + 1].is_title \
        and ORG_HEADS.get(doc[i + 1].lower_) == "MediaOrganization" and (i + 2 == len(doc) or not doc[i + 2].is_title)


def _after_a_person_of(doc: Doc, start: int, end: int) -> int:
    """Where an organization's name starts in a run that opens with a person and "of": "Judge
    Kenneth Starr of the U.S. Circuit Court of Appeals", "Dominique Beuff of the International
    Committee". The words before the first "of" have no head noun and hold a person's name."""
    of = next((t.i for t in doc[start + 1:end - 1] if t.lower_ == "of"), None)
    if of is None or any(t.lower_ in ORG_HEADS or t.lower_ in PLACE_HEADS for t in doc[start:of]):
        return start
    if not any(t.ent_type_ == "PERSON" for t in doc[start:of]):
        return start
    return of + 2 if doc[of + 1].lower_ == "the" and of + 2 < end else of + 1


def _split_of_the(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """ "Institute of Oriental Studies of the Russian Academy of Sciences", "Border Service of the
    Federal Security Service": a unit, then the organization it belongs to, are two names."""
    for tok in doc[start + 1:max(start + 1, end - 2)]:
        if tok.lower_ == "of" and doc[tok.i + 1].lower_ == "the":
            left, right = doc[start:tok.i], doc[tok.i + 2:end]
            head = next((t.i for t in left if t.lower_ in ORG_HEADS), None)
            if head is not None and (any(t.lower_ in ORG_HEADS for t in right)
                                     or any(t.lower_ == "of" for t in doc[head:tok.i])):
                # "People's Committee of X Province of the Democratic People's Republic of Korea":
                # a name with its own of-complement, then the country it belongs to
                return [(start, tok.i)] + _split_of_the(doc, tok.i + 2, end)
    return [(start, end)]


def _split_on_and(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split "X University and Y Institute" or "Kim Sung Chan and Z University" in two, but keep
    "Ministry of Education and Science", where the "and" is inside an of-complement."""
    for tok in doc[start:end]:
        if tok.lower_ in {"for", "of"} and tok.i + 1 < end and doc[tok.i + 1].text == "The" and tok.i > start:
            # "the Senate for The Baltic Herald": a capitalised article starts a name of its own
            return _split_on_and(doc, start, tok.i) + _split_on_and(doc, tok.i + 1, end)
        if tok.lower_ in {"and", "&"} and tok.i + 1 < end and (doc[tok.i + 1].lower_ == "the"
                                                             or doc[tok.i + 1].ent_iob_ == "B"
                                                             and doc[tok.i + 1].ent_type_ == "PERSON"):
            # "X and the Y", "the Institute of X and Wang Mei" (a person the model found): two names
            return _split_on_and(doc, start, tok.i) + _split_on_and(doc, tok.i + 1, end)
        if tok.lower_ in {"and", "&"}:
            left = doc[start:tok.i]
            head_then_of = any(t.lower_ in ORG_HEADS for t in left) and any(
                t.lower_ in {"of", "for", "on"} for t in left if t.i > min(x.i for x in left if x.lower_ in ORG_HEADS))
            if not head_then_of:
                return _split_on_and(doc, start, tok.i) + _split_on_and(doc, tok.i + 1, end)
    return [(start, end)]


def _head_noun_span(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> Candidate | None:
    heads = [t.i for t in doc[start:end] if t.lower_ in ORG_HEADS or (t.lower_ in PLACE_HEADS and t.is_title)]
    if not heads:
        return None
    last = heads[-1]
    stop = last + 1
    # keep an "of/for …" complement: "Ministry of Education and Science"
    if stop < end and doc[stop].lower_ in {"of", "for", "on"}:
        stop = end
    # "Officials of the X Institute", "the Rector of X University": the group or title is not the name
    for i in range(start, min(stop, start + 3)):
        if doc[i].lower_ in CONNECTORS and doc[i].lower_ != "and" and all(
                t.lower_ in GROUP_NOUNS or t.lower_ in TITLES_BETWEEN | {"commander", "head", "chief", "the"}
                or (t.is_sent_start and t.pos_ != "PROPN") for t in doc[start:i]):
            start = i + 1
            break
    while start < stop and (doc[start].lower_ in {"the", "a", "an"} or doc[start].lower_ in CONNECTORS
                            or doc[start].pos_ in {"CCONJ", "DET", "ADP", "PRON", "SCONJ"}
                            or (doc[start].is_sent_start and doc[start].pos_ in {"NOUN", "ADV", "ADJ", "VERB"}
                                and doc[start].lower_ not in ORG_HEADS)):
        start += 1
    while stop > start and doc[stop - 1].lower_ in CONNECTORS | {"the"}:
        stop -= 1
    span = doc[start:stop]
    if len(span) < 2 or not _distinctive(span, gazetteer):
        return None
    cls = head_noun_class(span)
    return Candidate(start, stop, cls, "", 1, 2) if cls else None


def _generic_proper_name(span: Span, gazetteer: Gazetteer) -> bool:
    """ "News International", "Radio Times": generic nouns, each capitalised mid-sentence, make a
    name; not a people's word nor a generic qualifier before the head ("the Russian University",
    "the National University" are descriptions). A government's body so named ("the Coast Guard",
    "the Foreign Ministry") is every country's, and is not taken: nothing would tell one country's
    from another's across articles."""
    words = [t for t in span if t.lower_ != "the"]
    return len(words) >= 2 and all(t.is_title and not t.is_sent_start and t.ent_type_ != "NORP"
                                   and gazetteer.demonym(t.text) is None for t in words) \
        and any(t.lower_ not in GENERIC_NAME_WORDS for t in words[:-1])


def _distinctive(span: Span, gazetteer: Gazetteer | None) -> bool:
    """Whether a name has a word of its own beyond generic heads, connectors and demonyms; or is
    a capitalised "X of Y" ("Ministry of Economic Development") or a company's ("Russian Railways")."""
    words = [t for t in span if t.lower_ not in {"the", "a", "an"}]
    if any(t.lower_ in {"of", "for"} and 0 < i < len(words) - 1 and words[i + 1].is_title and words[0].is_title
           for i, t in enumerate(words)):
        return True
    if words and words[-1].is_title and ORG_HEADS.get(words[-1].lower_) == "Company" and len(words) >= 2:
        return True
    if any(ORG_HEADS.get(t.lower_) == "Company" and t.is_title and t.i < span.end - 1 for t in words[1:]):
        return True  # "Estonian Petroleum Institute": a field names the body
    return any(t.lower_ not in ORG_HEADS and t.lower_ not in PLACE_HEADS and t.lower_ not in CONNECTORS
               and t.lower_ not in GENERIC_NAME_WORDS and t.ent_type_ != "NORP" and t.is_alpha
               and not (gazetteer is not None and gazetteer.demonym(t.text) is not None)
               for t in span)


def _from_place_cues(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """ "Kursk region", "the region of Kursk", "border city X": places the model may miss."""
    out = []
    for tok in tokens_where(doc, lower=PLACE_HEADS):
        cls = PLACE_HEADS.get(tok.lower_)
        if cls is None or tok.is_title:
            continue
        # X region  (capitalised name right before a lower-case place head; not "Mexican states")
        j = tok.i
        while j > 0 and doc[j - 1].is_title and doc[j - 1].is_alpha and not doc[j - 1].is_sent_start \
                and doc[j - 1].lower_ not in _TITLE_WORDS:
            j -= 1
        # not "Los Angeles County district (attorney)": a name that ends with its own head has no other
        if j < tok.i and cls == "Region" and not tok.lower_.endswith("s") and doc[tok.i - 1].lower_ not in PLACE_HEADS \
                and gazetteer.demonym(doc[j:tok.i].text) is None:
            out.append(Candidate(j, tok.i + 1, "Region", "", 1, 2))
        # region of X / city X / the states of X and Y
        k = tok.i + 1
        if k < len(doc) and doc[k].lower_ == "of":
            k += 1
        while k < len(doc):
            m = k
            while m < len(doc) and doc[m].is_title and doc[m].is_alpha:
                m += 1
            if not (0 < m - k <= 3):
                break
            out.append(Candidate(k, m, cls, "", 1, 2))
            plural = tok.tag_ in {"NNS", "NNPS"} or tok.lower_.endswith("s")
            if plural and m + 1 < len(doc) and doc[m].lower_ in {"and", ","} and doc[m + 1].is_title:
                k = m + 1  # a list of places after a plural head, not "the state of Pará, Marcos Lima"
            else:
                break
    return out


def _add_surname_mentions(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """Every later "Lindqvist" after "Anders Lindqvist", even where the model saw no name."""
    surnames: dict[str, int] = {}
    for c in chosen:
        if c.cls == "Person" and c.end - c.start > 1:
            surnames.setdefault(doc[c.end - 1].text, c.end)
    if not surnames:
        return chosen
    covered = {i for c in chosen for i in range(c.start, c.end)}
    extra = [Candidate(t.i, t.i + 1, "Person", "", 1, 2) for t in tokens_written(doc, surnames)
             if t.i >= surnames[t.text] and t.i not in covered and t.pos_ == "PROPN"
             and not _after_another_first_name(doc, t.i)]
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def _after_another_first_name(doc: Doc, i: int) -> bool:
    """ "Otis Ferry" after "Bryan Ferry": a capitalised name before the surname, no honorific, makes
    another person of the family."""
    return i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].is_title and is_given_name(doc[i - 1].text) \
        and not _is_honorific(doc[i - 1]) and doc[i - 1].lower_ not in PERSON_TITLES


def _owners_before_titles(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """ "Hanbit chief executive Choi Jae-won": the name before a lower-case title and a person
    is the organization the title belongs to; so is a group the model names that is no country's
    people ("Tory leader X", opening a sentence, where "Senior MP Y" names nothing)."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        i = ent.start - 1
        while i >= 0 and ((doc[i].is_lower and doc[i].lower_ in WORDS_BEFORE_A_MEMBER)
                          or (doc[i].is_upper and doc[i].lower_ in ELECTED_TITLES)):
            i -= 1
        if i == ent.start - 1 or i < 0:
            continue
        end = i + 1
        # the model often calls the owner a person too: "Lib Dem leader Charles Kennedy"
        group = next((e for e in doc[i].sent.ents if e.end == end and e.label_ == "NORP"), None)
        if group is not None and _a_political_group(group, gazetteer) \
                and (group.start == 0 or not doc[group.start - 1].is_title):
            i = group.start - 1  # "Tory leader X", "Rovers boss Y"; "Liberal Democrat leader Z" is the rules'
        while i >= 0 and doc[i].pos_ == "PROPN" and doc[i].ent_type_ in {"", "PERSON", "ORG"} \
                and (doc[i].is_title or doc[i].is_upper):
            i -= 1
        while end > i + 1 and doc[end - 1].lower_ in BETWEEN_OWNER_AND_TITLE:
            end -= 1  # "Lib Dem Home Affairs spokesman": the party; "Home Affairs" is part of the title
        if end - (i + 1) > 1 and doc[i + 1].lower_ in NAME_OPENERS and doc[i + 1].is_sent_start:
            i += 1  # "Injured Chelsea winger X": Chelsea's
        if i + 1 < end:
            out.append(Candidate(i + 1, end, "Organization", "", 2, 1))
    return out


def _groups_owning_titles(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """ "X, the Liberal Democrats' foreign affairs spokesman", "the Tories' health spokesman": a
    group the model names (`_a_political_group`) that owns a title is an organization, with the
    capitalised words the model left before it ("Liberal")."""
    out = []
    for group in doc.ents:
        if group.label_ != "NORP" or group.end >= len(doc) or doc[group.end].tag_ != "POS":
            continue
        run_end = next((t.i for t in doc[group.end + 1:group.end + 5] if not (t.is_lower and t.is_alpha)),
                       min(group.end + 5, len(doc)))
        words = doc[group.end + 1:run_end]  # "foreign affairs spokesman"
        if not words or words[-1].lower_ not in ROLE_NOUNS:
            continue
        start = group.start
        while start > group.sent.start and doc[start - 1].is_title and doc[start - 1].pos_ in {"PROPN", "ADJ"} \
                and not doc[start - 1].ent_type_:
            start -= 1
        if _a_political_group(doc[start:group.end], gazetteer) or (
                start < group.start and _a_political_group(group, gazetteer)):
            out.append(Candidate(start, group.end, "Organization", "", 2, 1))
    return out


def _a_political_group(group: Span, gazetteer: Gazetteer) -> bool:
    """Whether a capitalised group the model names (NORP) is named by a noun, not a people's
    adjective ("Scottish", "Soviet"), and is no country's people, no people named as its language
    is ("Chechen") and no faith: a party ("Tory"), a club ("Rovers") or a firm it mistook."""
    return all((t.is_title or t.is_upper) and t.pos_ != "ADJ" and t.lower_ not in FAITHS for t in group) \
        and gazetteer.demonym(group.text) is None and not names_a_language(group.text)


# Titles of elected members, written in capitals: "Lib Dem MP Sarah Teather", "Labour MEP X".
ELECTED_TITLES = frozenset({"mp", "mep", "msp", "mla", "am", "td"})
# Members of a party or a body before a person's name that are no titles ("Labour peer Lord Y",
# "Tory donor X"); candidates, backbenchers, whips and leaders are among PERSON_TITLES.
MEMBER_NOUNS = frozenset({"peer", "veteran", "colleague", "rebel", "donor"})


def _named_by_apposition(doc: Doc) -> list[Candidate]:
    """ "Grupo Altamira Industrial, the Monterrey-based maker of …", "Kivu Mining, a tin
    producer": a proper name that an apposition gives a class (`apposition_class`), where the
    model saw no name."""
    out = []
    for noun in tokens_with_dep(doc, {"appos"}):
        if noun.dep_ != "appos" or noun.pos_ != "NOUN" or noun.head.pos_ != "PROPN" or noun.head.ent_type_:
            continue
        head = noun.head
        if head.i + 1 >= len(doc) or doc[head.i + 1].text != ",":
            continue
        start = head.i
        while start > head.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" \
                and _name_like(doc[start - 1]) and not doc[start - 1].ent_type_:
            start -= 1
        cls = apposition_class(noun, doc[start:head.i + 1].text)
        if cls is not None and _name_like(head):  # the words before it were checked as the span grew
            out.append(Candidate(start, head.i + 1, cls, "", 1, 2))
    return out


# A capitalised title between a name and a person's name says what the first name is:
# "Coahuila Governor Arturo Ramos", "Busan Mayor Park Hyung-joon".
PLACE_BEFORE_TITLE = {"governor": "Region", "mayor": "City"}


def _opens_a_dateline(doc: Doc, cand: Candidate) -> bool:
    """ "KARSHI, Qashqadaryo, March 3 (Agency) -", "(Excerpts) Knin, 12 Feb (TANJUG) --": a name
    first in its line (after a monitor's "(Text)"), a comma, then what `is_dateline` reads before
    the dash."""
    line = cand.start - 3 if cand.start >= 3 and doc[cand.start - 1].text == ")" and doc[cand.start - 3].text == "(" \
        else cand.start
    if not doc[line].is_sent_start or len(doc[cand.start].text) <= 2 or cand.end >= len(doc) \
            or doc[cand.end].text != ",":
        return False
    dash = next((t.i for t in doc[cand.end:min(len(doc), cand.end + 10)] if t.text in DASHES
                 and doc[t.i - 1].whitespace_), None)  # a spaced dash: not "UFJ Holdings, Japan's fourth-largest"
    if dash is None:  # "MILLINOCKET, Maine (AP)" as a line of its own, the agency's bracket last
        end = doc[cand.start].sent.end
        while end > cand.end and doc[end - 1].is_space:
            end -= 1
        dash = end if end - cand.end <= 10 and doc[end - 1].text == ")" else None
    return dash is not None and is_dateline(doc[line:dash])


def _dateline_agencies(doc: Doc) -> list[Candidate]:
    """ "Prague, March 5 (TANJUG) --", "Guatemala City, 2 Feb (ACAN-EFE) --": the agency a
    dateline credits in brackets before its dash, in capitals, a comma before it in the line."""
    out = []
    for open_ in tokens_written(doc, {"("}):
        close = next((t.i for t in doc[open_.i + 1:open_.i + 5] if t.text == ")"), None)
        if close is None or close == open_.i + 1 or close + 1 >= len(doc) or doc[close + 1].text not in DASHES:
            continue
        inside = doc[open_.i + 1:close]
        line = doc[open_.sent.start:open_.i]
        if all(t.is_upper or t.text == "-" for t in inside) and inside[0].is_alpha and len(line) <= 12 \
                and any(t.text == "," for t in line):
            out.append(Candidate(open_.i + 1, close, "MediaOrganization", "", 1, 2))
    return out


def _named_by_company_words(doc: Doc) -> list[Candidate]:
    """ "mobile phone giant Orange", "the Easyjet founder", "Easyjet's shares": a proper name that
    a lower-case word for a company or an outlet describes, whatever the model saw in it (a
    product, a place); and the same name written again where the model saw nothing ("Orange said")."""
    classes: dict[str, str] = {}
    described: set[int] = set()  # where a cue describes the name
    for cue in tokens_where(doc, lower=CUE_CLASSES.keys() | COMPANY_AFTER):
        if not cue.is_lower:
            continue
        if cue.lower_ in PERSON_OR_COMPANY_JOBS:
            continue  # "film producer Ivo Sand": a person's job as often
        if cue.lower_ in CUE_CLASSES:  # the cue before the name, and hanging from it
            start = end = cue.i + 1
            while end < len(doc) and _name_word(doc[end]):
                end += 1
            cls = CUE_CLASSES[cue.lower_]
        else:  # the name before the cue, as its compound or its owner
            end = cue.i - 1 if cue.i > 0 and doc[cue.i - 1].tag_ == "POS" else cue.i
            start = end
            while start > 0 and _name_word(doc[start - 1]) and not doc[start].is_sent_start:
                start -= 1
            if start > 0 and doc[start - 1].is_title and not doc[start].is_sent_start \
                    and doc[start - 1].pos_ in {"VERB", "ADJ", "NOUN", "PROPN"}:
                continue  # "Allied Domecq shares" read as a verb and a name: no part of a name alone
            cls = "Company" if cue.lower_ in {"shares", "stock", "shareholders", "subsidiary"} else "Organization"
        if start == end or _is_honorific(doc[start]) or any(t.ent_type_ == "PERSON" for t in doc[start:end]):
            continue  # "cult film-maker Wood", "watchdog Sir Philip Mawer": the model's person stays its
        if start <= cue.head.i < end or doc[end - 1].head.i == cue.i:
            classes.setdefault(doc[start:end].text, cls)
            described.add(start)
    out = []
    for name, cls in classes.items():
        words = name.split()
        for first in tokens_written(doc, {words[0]}):
            end = first.i + len(words)
            if doc[first.i:end].text == name and (first.i in described or (
                    (first.pos_ == "PROPN" or not first.is_sent_start)  # not "Next year" opening a sentence
                    and _one_entity_or_none(doc, first.i, end))):
                # before the model's reading: "Orange said" is the mobile phone giant, not a town in France
                out.append(Candidate(first.i, end, cls, "", 2, 2))
    return out


def _one_entity_or_none(doc: Doc, start: int, end: int) -> bool:
    """Whether the model saw nothing in tokens `start` to `end`, or saw them as one entity."""
    if all(not t.ent_type_ for t in doc[start:end]):
        return True
    return doc[start].ent_iob_ == "B" and all(t.ent_iob_ == "I" for t in doc[start + 1:end]) \
        and (end == len(doc) or doc[end].ent_iob_ != "I")


def _name_word(tok: Token) -> bool:
    """A capitalised proper noun, no date nor number: "Orange", "Easyjet", "T-Mobile"."""
    return tok.pos_ == "PROPN" and tok.ent_type_ in NAME_ENTITY_TYPES and tok.text[:1].isupper() \
        and any(ch.isalpha() for ch in tok.text)


NAME_ENTITY_TYPES = frozenset({"", "ORG", "PERSON", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})


def _places_by_position(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """Places the model took for something else or missed, told by where they stand: before a
    governor's or a mayor's title and name, in a dateline, after a city and a comma."""
    retyped = _places_before_titles(doc, chosen)
    chosen, in_dateline = _dateline_places(doc, chosen)
    retyped.update(in_dateline)
    retyped.update(_regions_after_cities(doc, chosen, retyped))
    if not retyped:
        return chosen
    return [Candidate(c.start, c.end, retyped[c.start], c.kb, c.priority, 2) if c.start in retyped else c
            for c in chosen]


def _locative(doc: Doc, start: int, end: int) -> bool:
    """Whether a name stands where only a place can: "in X", "near X", "X, Texas", "Ann Lee, of X,"."""
    if start > 0 and doc[start - 1].lower_ in {"in", "near", "outside", "over", "across", "around", "throughout"}:
        return True
    if end < len(doc) and doc[end].lower_ in {"native", "natives", "resident", "residents"}:
        return True  # "a Fargo native"
    if start > 1 and doc[start - 1].lower_ == "of" and ORG_HEADS.get(doc[start - 2].lower_.rstrip(".")) == "Company" \
            and doc[start - 2].is_title:
        return True  # "Waste Disposal Co. of Randolph": where a company is
    if start > 2 and doc[start - 1].lower_ in {"of", "from"} and doc[start - 2].text == "," \
            and doc[start - 3].ent_type_ == "PERSON" and end < len(doc) and doc[end].text in {",", "."}:
        return True  # "Tony Martin, of Burnley, said": where a person lives, in British news's way
    if end + 1 < len(doc) and doc[end].text == ",":
        follower = doc[end + 1]
        return follower.ent_type_ == "GPE" or world_places().us_state(follower.text) is not None \
            and (follower.is_title or follower.is_upper) and len(follower.text.rstrip(".")) <= 5
    return False


def _listed_with_places(doc: Doc, start: int, end: int) -> bool:
    """Whether a name is one of a list most of whose other names GeoNames knows, two or more of
    them called places by the model: "Oaxaca, Tampico, Leon and Tapachula", a town the model took
    for a firm or a person among cities (not a team sheet's surnames, which it may call places)."""
    others = _listed_names(doc, start, end)
    known = [span for span in others if world_places().lookup(clean_surface(span.text)) is not None]
    return len(known) * 2 > len(others) and sum(1 for span in known if span[0].ent_type_ in {"GPE", "LOC"}) >= 2


def _listed_names(doc: Doc, start: int, end: int) -> list[Span]:
    """The model's names listed with the words at start:end, joined by commas, "and" or "or"
    ("A, B, and C")."""
    joiners = {",", "and", "or"}
    names: list[Span] = []
    i = start  # leftwards: a joiner (", and" counts as one), then a name ending before it
    while i >= 2 and doc[i - 1].lower_ in joiners:
        j = i - 2 if doc[i - 1].lower_ != "," and doc[i - 2].text == "," else i - 1
        if j < 1 or doc[j - 1].ent_iob_ == "O":
            break
        first = j - 1
        while first > 0 and doc[first].ent_iob_ == "I":
            first -= 1
        names.append(doc[first:j])
        i = first
    i = end  # rightwards: a joiner, then a name starting after it
    while i + 1 < len(doc) and doc[i].lower_ in joiners:
        j = i + 2 if doc[i].text == "," and doc[i + 1].lower_ in joiners else i + 1
        if j >= len(doc) or doc[j].ent_iob_ != "B":
            break
        last = j + 1
        while last < len(doc) and doc[last].ent_iob_ == "I":
            last += 1
        names.append(doc[j:last])
        i = last
    return names


def _states_after_places(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """ "Austin, Tex.", "Amherst, Mass", "Burlington, Vt.": after a place and a comma, a US state's
    abbreviation is that state (GeoNames' name and class), not a place of its own called "Tex"."""
    places = world_places()
    found: list[Candidate] = []
    for c in chosen:
        i = c.end + 1
        if COARSE_CLASS.get(c.cls) != "Place" or i >= len(doc) or doc[c.end].text != ",":
            continue
        word = doc[i]
        if not (word.is_title or word.is_upper) or len(word.text.replace(".", "")) > 5:
            continue
        end = i + 2 if i + 1 < len(doc) and doc[i + 1].text == "." and not word.text.endswith(".") else i + 1
        if end < len(doc) and doc[end].is_title and not doc[end].is_sent_start:
            continue  # "Pease Pottage, West Sussex": the first word of a name, no "W. Va."
        # a full stop the tokenizer split off may end the sentence: "in Chatham, Kent."
        state = places.us_state(word.text)
        if state is not None and doc[i:end].text.rstrip(".") != state.name:
            found.append(Candidate(i, end, "Region", state.name, 3, 3))
    if not found:
        return chosen
    covered = {k for f in found for k in range(f.start, f.end)}
    kept = [c for c in chosen if not covered.intersection(range(c.start, c.end))]
    return sorted(kept + found, key=lambda c: c.start)


def _places_before_titles(doc: Doc, chosen: list[Candidate]) -> dict[int, str]:
    """ "Coahuila Governor Arturo Ramos", "Busan Mayor Park": start of the name -> its class."""
    by_start = {c.start: c for c in chosen}
    retyped = {}
    for c in chosen:
        if c.strength >= 3 or c.end + 1 >= len(doc) or COARSE_CLASS.get(c.cls) == "Place":
            continue
        title, follower = doc[c.end], by_start.get(c.end + 1)
        if title.is_title and title.lower_ in PLACE_BEFORE_TITLE and follower is not None and follower.cls == "Person":
            retyped[c.start] = PLACE_BEFORE_TITLE[title.lower_]
    return retyped


def _dateline_places(doc: Doc, chosen: list[Candidate]) -> tuple[list[Candidate], dict[int, str]]:
    """ "KARSHI, Qashqadaryo, March 3 -": the first name is a city, and a name after it the model
    missed is a region; the candidates with those added, and the starts of those to retype."""
    starts = {c.start for c in chosen}
    retyped, added = {}, []
    for sentence in doc.sents:  # "AOSTA, Italy (AP)": the city in capitals the model did not see
        end = sentence.start
        while end < sentence.end and doc[end].is_upper and doc[end].is_alpha and not doc[end].ent_type_:
            end += 1
        if end > sentence.start and sentence.start not in starts:
            city = Candidate(sentence.start, end, "City", "", 1, 2)
            if _opens_a_dateline(doc, city):
                added.append(city)
    for c in chosen:
        if not _opens_a_dateline(doc, c):
            continue
        if c.strength < 3 and c.cls != "City":
            retyped[c.start] = "City"
        k = c.end + 1
        while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].is_title and not doc[k].ent_type_ and k - c.end <= 3:
            k += 1
        if c.end + 1 < k < len(doc) and doc[k].text == "," and c.end + 1 not in starts:
            added.append(Candidate(c.end + 1, k, "Region", "", 1, 2))
    return (sorted(chosen + added, key=lambda c: c.start) if added else chosen), retyped


def _regions_after_cities(doc: Doc, chosen: list[Candidate], retyped: dict[int, str]) -> dict[int, str]:
    """ "in Saltillo, Coahuila, on Monday", "MONTERREY, Nuevo León, June 10": after a city and a
    comma, the region or country it lies in, unless the two are items of a list ("Riga,
    Tallinn and Vilnius"); and the first is then surely a city."""
    by_start = {c.start: c for c in chosen}
    place_ends = {c.end for c in chosen if COARSE_CLASS.get(c.cls) == "Place"}
    found = {}
    for c in chosen:
        after = by_start.get(c.end + 1)
        if retyped.get(c.start, c.cls) != "City" or after is None or doc[c.end].text != "," \
                or after.strength >= 3 or after.cls not in {"City", "Person"}:
            continue
        following = doc[after.end] if after.end < len(doc) else None
        in_list = (c.start >= 2 and doc[c.start - 1].text == "," and c.start - 1 in place_ends) or (
            following is not None and (following.lower_ in {"and", "or"} or (
                following.text == "," and after.end + 1 in by_start
                and COARSE_CLASS.get(by_start[after.end + 1].cls) == "Place")))
        if in_list or (after.cls == "Person" and not _nobody_stands_before(doc, following)):
            continue
        found[after.start] = "Region"
        if c.strength < 2:
            found[c.start] = "City"  # "Saltillo" in the headline too
    return found


def _nobody_stands_before(doc: Doc, following: Token | None) -> bool:
    """Whether what follows a name leaves no room for a person: a date after a comma, or the
    sentence's end ("In Paris, Macron said" is a person)."""
    if following is None or following.is_sent_end or following.text in {".", ")"}:
        return True
    rest = doc[following.i + 1:following.i + 3] if following.text == "," else []
    return bool(rest) and (rest[0].ent_type_ == "DATE" or (
        rest[0].pos_ == "ADP" and len(rest) > 1 and rest[1].ent_type_ == "DATE"))


def _resolve_overlaps(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    ranked = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, -c.strength, c.start))
    taken: set[int] = set()
    chosen = []
    for cand in ranked:
        if taken.intersection(range(cand.start, cand.end)):
            continue
        taken.update(range(cand.start, cand.end))
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _propagate_types(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """One class per name in a document, from its surest mention; and a bare name takes the
    class of a longer place name it starts ("Rason" in "Rason Special Economic Zone")."""
    surest: dict[str, Candidate] = {}
    starts_place: dict[str, Candidate] = {}
    surnames = {" ".join(words[k:]) for c in chosen if c.cls == "Person"
                for words in [clean_surface(doc[c.start:c.end].text).split()] for k in range(1, len(words))}
    for c in chosen:
        text = clean_surface(doc[c.start:c.end].text)
        if c.cls != "NORP" and (text not in surest or c.strength > surest[text].strength):
            surest[text] = c
        if c.end - c.start > 1 and COARSE_CLASS.get(c.cls) == "Place" \
                and any(t.lower_ in PLACE_HEADS for t in doc[c.start + 1:c.end]):
            starts_place.setdefault(doc[c.start].text, c)  # "Rason" in "Rason Special Economic Zone"
    out = []
    for c in chosen:
        text = clean_surface(doc[c.start:c.end].text)
        best = surest.get(text)
        if c.strength < 3 and c.cls != "Person" and text in surnames:
            c = Candidate(c.start, c.end, "Person", "", c.priority, 2)  # "Lindqvist said": the minister
        elif best is not None and best.strength > c.strength:
            c = Candidate(c.start, c.end, best.cls, best.kb, c.priority, best.strength)
        elif c.end - c.start == 1 and c.strength < 2 and doc[c.start].text in starts_place:
            c = Candidate(c.start, c.end, starts_place[doc[c.start].text].cls, c.kb, c.priority, 2)
        out.append(c)
    return out


# One-word names news gives a country's legislature and forces, capitalised mid-sentence.
NATIONAL_BODIES = frozenset({"parliament", "congress", "senate", "duma", "commons", "lords", "legislature", "army", "navy",
                             "treasury", "cabinet"})
# Words that stand before a person's name without being part of it: "Rector Aigerim Bekova".
PERSON_TITLES = frozenset({w for t in LEADER_TITLES | MEMBER_TITLES for w in t.split()} | TITLE_MODIFIERS
                          | HONORIFICS | OCCUPATION_TITLES | {"prof"}) - {"of", "and", "peer"}  # "Peer Steinbrück"
WORDS_BEFORE_A_MEMBER = PERSON_TITLES | MEMBER_NOUNS  # "Hanbit chief executive X", "Labour peer Y"
# Faiths and their branches, which the model calls groups as it calls parties ("Shia leader X").
FAITHS = frozenset({"muslim", "muslims", "islamic", "islamist", "christian", "christians", "catholic", "catholics",
                    "protestant", "protestants", "anglican", "orthodox", "evangelical", "jewish", "jew", "jews",
                    "hindu", "hindus", "sikh", "sikhs", "buddhist", "buddhists", "sunni", "sunnis", "shia",
                    "shias", "shiite", "shiites"})
COLLECTIVE_POSSESSORS = frozenset({"people", "workers", "women", "children", "citizens", "farmers", "veterans",
                                   "youth", "soldiers", "teachers", "writers", "journalists", "peoples"})
# Titles that, inside what the model took for one organization's name, part an organization
# from the person after it ("NSMU Rector Tatyana Ilyina").
TITLES_BETWEEN = frozenset({"rector", "vice-rector", "president", "minister", "director", "chairman", "chairwoman",
                            "governor", "mayor", "dean", "ceo", "ambassador", "spokesman", "spokeswoman",
                            "spokesperson", "secretary", "professor", "commissioner", "director-general"})
UNIT_HEADS = frozenset(h for h, cls in ORG_HEADS.items() if cls in {"GovernmentBody", "OrganizationUnit"})


def _with_owned_units(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """ "FSB border service", "NATO press office": an organization's name, then a lower-case
    unit of it, is that unit's name. After an acronym in brackets ("Federal Security Service
    (FSB) border service") the unit is named with the acronym."""
    out = []
    for c in chosen:
        if COARSE_CLASS.get(c.cls) == "Organization":
            first = c.end + 1 if c.end < len(doc) and doc[c.end].text == ")" else c.end
            j = first
            while j < len(doc) and j - first < 3 and doc[j].is_lower and doc[j].pos_ in {"NOUN", "ADJ"} \
                    and doc[j].lower_ not in UNIT_HEADS:
                j += 1
            if j < len(doc) and j > first and doc[j].lower_ in UNIT_HEADS and doc[j].is_lower \
                    and not (j + 1 < len(doc) and doc[j + 1].pos_ in {"NOUN", "PROPN"}):
                cls = ORG_HEADS[doc[j].lower_]
                if first == c.end:
                    out.append(Candidate(c.start, j + 1, cls, "", c.priority, 2))
                    continue
                owner = clean_surface(doc[c.start:c.end].text)
                out.append(c)
                out.append(Candidate(first, j + 1, cls, f"{owner} {doc[first:j + 1].text}", c.priority, 2))
                continue
        out.append(c)
    return out


def _looks_like_name(span: Span, cand: Candidate) -> bool:
    text = (cand.kb or span.text).strip()
    if len(text) < 2 or not any(ch.isupper() for ch in text) or text.isdigit() or text.lower() in NOT_NAMES:
        return False
    if cand.cls != "Person" and (_names_an_event(text) or text.split()[-1].lower() in CALENDAR_WORDS):
        return False  # an event's name or a date ("ginseng sales Wednesday"), not an organization or a place
    if cand.cls == "Person" and (len(span) == 1 and span[0].lower_ in _TITLE_WORDS):
        return False
    return True


def _names_an_event(name: str) -> bool:
    """ "Pacific Trade Expo", "Norwich Union Grand Prix": a name whose last word names an event."""
    words = name.split()
    return bool(words) and words[-1].lower() in EVENT_NAME_HEADS


def _joined_party_names(doc: Doc) -> list[Span]:
    """The model's entities, with an organization and the people's word right after it made one
    name: the model reads "Liberal Democrat leader X" as "Liberal" (ORG) and "Democrat" (NORP)."""
    out: list[Span] = []
    for ent in doc.ents:
        previous = out[-1] if out else None
        if previous is not None and previous.label_ == "ORG" and ent.label_ == "NORP" and ent.start == previous.end \
                and len(ent) == 1 and ent[0].is_title:
            out[-1] = Span(doc, previous.start, ent.end, label="ORG")
        else:
            out.append(ent)
    return out


def _names_a_portfolio(doc: Doc, span: Span) -> bool:
    """Whether capitalised words right before "Secretary" or "Minister" name what a minister is
    for ("Culture, Media and Sport Secretary") rather than a body: no body's head noun, no
    acronym ("UN Secretary-General"), no "General" after the title."""
    end = span.end
    while end < len(doc) and end - span.end < 6 and (doc[end].text in {",", "and", "&"} or doc[end].is_title) \
            and doc[end].lower_ not in {"secretary", "minister"}:
        end += 1  # "Culture, Media and Sport": the title ends the list
    if end >= len(doc) or not doc[end].is_title or doc[end].lower_ not in {"secretary", "minister"}:
        return False
    if end + 1 < len(doc) and (doc[end + 1].lower_ == "general" or doc[end + 1].text in {"-", "–"}):
        return False
    return not is_acronym(span.text) and span[-1].lower_ not in MINISTERS_BODIES


# Heads of the names of bodies that have a minister or a secretary of their own: "Home Office
# Minister", "Labour Party Secretary", "Treasury Minister"; not "Trade and Industry", "Armed Forces".
MINISTERS_BODIES = frozenset({"office", "department", "ministry", "party", "council", "committee", "commission",
                              "agency", "bureau", "service", "union", "government", "assembly", "executive",
                              "board", "authority"}) | NATIONAL_BODIES | PORTFOLIO_NAMES


def _range_test(ranges: list[tuple[int, int]]) -> Callable[[int], bool]:
    return lambda pos: any(s <= pos < e for s, e in ranges)


def is_entity_span(span: Span) -> bool:
    return span.label_ in COARSE_CLASS or span.label_ == "NORP"
