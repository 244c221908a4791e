"""Relations and events between the entities of a document, from rules over the parse.

Each rule is a function `(RuleContext) -> Iterator[Found]` named after what it reads
("title_before_name", "possessive", "visit_verb", …); the rule name is the Assertion's
extractor, and its measured precision (see `rule_confidence`) its confidence.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..extensions import register_extensions
from ..gazetteer import Gazetteer, Known
from ..periods import first_day
from ..lexicon import (
    ORG_HEADS, CALENDAR_WORDS, COMPANY_DESCRIPTOR_NOUNS, HONORIFICS, PARTY_MEMBER_WORDS, PARTY_TITLES,
    AGREEMENT_NOUNS, AGREEMENT_VERBS, DEPLOY_NOUNS, DEPLOY_VERBS, GROUP_NOUNS,
    DEPARTMENT_MODIFIERS, ENDED_ROLE_NOUNS, LEADER_TITLES, LEAVING_VERBS, MEETING_NOUNS, MEETING_VERBS, MEMBER_TITLES, PAST_MODIFIERS,
    PORTFOLIO_MODIFIERS,
    REPORT_VERBS, TITLE_MODIFIERS, VISIT_VERBS, TITLE_PART_WORDS, BETWEEN_OWNER_AND_TITLE,
    PORTFOLIO_NAMES)
from ..names import normalize_name
from ..records import COARSE_CLASS, Event, Evidence, Relation
from .coref import Cluster, antecedent
from .entities import of_state_in_a_title
from ..words import tokens_where, tokens_with_dep, tokens_written
from .relation_model import MODEL_FILE, RelationModel, TokenFacts, candidates, sentence_mentions
from .sentences import is_dateline_sentence

RULE_CONFIDENCE_FILE = "rule_confidence.json"
DEFAULT_CONFIDENCE = 0.6
_ALL_TITLES = LEADER_TITLES | MEMBER_TITLES
_ALL_TITLE_WORDS = frozenset(w for t in _ALL_TITLES for w in t.split())  # "deputy", "prime", "minister"
_TITLE_NOUNS = frozenset(t.split()[-1] for t in _ALL_TITLES if " of " not in t) - {
    "official", "officials", "staff", "member", "partner", "student", "graduate"}
_EVENT_OF_RELATION = {"visited": "Visit", "agreementWith": "Signing", "deployedTo": "Deployment"}


@dataclass(frozen=True)
class Found:
    subject: Cluster
    predicate: str
    object: Cluster
    anchor: Token  # a token of the sentence that states it
    rule: str
    trigger: str = ""


class RuleContext:
    """A parsed document with fast lookups from tokens to entity clusters."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.clusters: list[Cluster] = list(doc._.nkg_entities or ())
        self.at: dict[int, Cluster] = {}
        self.mention_end: dict[int, Cluster] = {}  # last token index -> cluster
        self.mention_start: dict[int, tuple[Cluster, int]] = {}  # first token -> (cluster, end)
        for cluster in self.clusters:
            for start, end in cluster.spans:
                for i in range(start, end):
                    self.at[i] = cluster
                self.mention_end[end - 1] = cluster
                self.mention_start[start] = (cluster, end)

    def coarse(self, cluster: Cluster) -> str:
        return COARSE_CLASS[cluster.cls]

    def dates_in(self, span: Span) -> list[Span]:
        """The model's DATE entities inside `span` (a sentence), in order: `Span.ents` makes a
        Span of every entity of the document on each call."""
        return [d for d in self._dates if span.start <= d.start and d.end <= span.end]

    @cached_property
    def _dates(self) -> list[Span]:
        return [e for e in self.doc.ents if e.label_ == "DATE"]

    def entity_of(self, token: Token) -> Cluster | None:
        """The entity a noun stands for: its own mention, the group it names ("KCUT officials",
        "representatives of X", "the KISU delegation"), or a nominal reference."""
        if token.i in self.at:
            return self.at[token.i]
        if token.lower_ in GROUP_NOUNS or token.lower_ in SENDING_GROUPS:
            found = self._group_of(token)
            if found is not None or token.lower_ not in ORG_HEADS:
                return found
            # "the group" that stands for no group of people may be the company the text named
        if token.pos_ == "NOUN" and token.lower_ in _TITLE_NOUNS and any(c.lower_ == "the" for c in token.children):
            return self._titled_person(token)  # "The vice minister also toured …"
        if token.pos_ in {"NOUN", "PRON"} and any(c.lower_ in {"the", "its", "his", "her", "their", "this"}
                                                   for c in token.children) or token.lower_ in {"its", "their"}:
            return antecedent(self.doc, token)
        return None

    def _group_of(self, token: Token) -> Cluster | None:
        """Whose people a group noun names: "KCUT officials", "representatives of X", "the KISU
        delegation", and "the delegation" that the text tied to a sender before."""
        for child in token.children:
            if child.dep_ in {"compound", "poss", "amod", "nmod"} and child.i in self.at:
                return self.at[child.i]
            if child.dep_ == "prep" and child.lower_ in {"of", "from"}:
                for pobj in (p for p in child.children if p.dep_ == "pobj"):
                    found = self.entity_of(pobj)
                    if found is not None:
                        return found
        if token.lower_ in SENDING_GROUPS and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"}
                                                  for c in token.children):
            return self._earlier_group(token)  # "The delegation arrived in Osaka"
        return None

    def _titled_person(self, token: Token) -> Cluster | None:
        """The person named earlier right after the title a definite noun repeats: "Vice Minister
        Ri Song Gun … The vice minister"; only when one person holds it."""
        words = [c.lower_ for c in token.children if c.dep_ in {"amod", "compound"}] + [token.lower_]
        found = []
        for start, (cluster, _) in self.mention_start.items():  # person mentions, not every token
            if cluster.cls == "Person" and len(words) <= start < token.i and all(c is not cluster for c in found) \
                    and [t.lower_ for t in self.doc[start - len(words):start]] == words:
                found.append(cluster)
        return found[0] if len(found) == 1 else None

    def _earlier_group(self, token: Token, window_sentences: int = 6) -> Cluster | None:
        """Who sent "the delegation": the nearest earlier delegation, group or team the text
        ties to an entity ("a delegation from RRUT", "the KISU delegation")."""
        sentences_back = 0
        for i in range(token.i - 1, -1, -1):
            earlier = self.doc[i]
            if earlier.is_sent_start:
                sentences_back += 1
                if sentences_back > window_sentences:
                    return None
            if earlier.lower_ in SENDING_GROUPS:
                found = self.entity_of(earlier)
                if found is not None:
                    return found
        return None

    def possessed_or_self(self, token: Token) -> Cluster | None:
        """The entity a noun stands for, or, when the noun is a possessor ("India's agency"), the
        entity it possesses: the agency signed, not India."""
        end = token.i + 1
        if end < len(self.doc) and self.doc[end].lower_ in {"'s", "\u2019s"} and end + 1 in self.mention_start:
            return self.mention_start[end + 1][0]
        return self.entity_of(token)

    def with_conjuncts(self, token: Token) -> list[Token]:
        out = [token]
        for conj in token.conjuncts:
            if conj.i > token.i:
                out.append(conj)
        return out

    def capital_to_country(self, cluster: Cluster) -> Cluster:
        """Metonymy: "Moscow and Pyongyang signed" is an agreement of the two countries."""
        known = self.gazetteer.lookup(cluster.name)
        if not (known and known.is_capital and known.country):
            return cluster
        return self.country(known.country)

    def organization(self, name: str, other_than: Cluster | None = None, known: Known | None = None) -> Cluster:
        """The document's organization called `name`, or called by a longer name that starts with
        it ("Conservative" for "the Conservative Party"), other than `other_than`; else a new
        organization of the document, of the class the gazetteer `known` gives it."""
        words = name.lower().split()
        for other in self.clusters:
            if COARSE_CLASS[other.cls] != "Organization" or other is other_than:
                continue
            if (other.kb == known.name or name in other.names) if known else any(
                    n.lower().split()[:len(words)] == words for n in other.names):
                return other  # what the gazetteer knows is that one, not "BBC Radio 4" for "BBC"
        org = Cluster(key=f"Organization:{normalize_name(name)}", cls=known.cls if known else "Organization",
                      names=[name], kb=known.name if known else "", certainty=3 if known else 1)
        self.clusters.append(org)
        self.doc._.nkg_entities = self.clusters
        return org

    def country(self, name: str) -> Cluster:
        """The document's entity for a country; one named only inside another name ("Moscow"
        standing for Russia, "Security Council of Latvia") becomes an entity of the document."""
        for other in self.clusters:
            if other.cls == "Country" and other.name == name:
                return other
        country = Cluster(key=f"Place:{normalize_name(name)}", cls="Country", names=[name], kb=name, certainty=3)
        self.clusters.append(country)
        self.doc._.nkg_entities = self.clusters
        return country


Rule = Callable[[RuleContext], Iterator[Found]]
SENDING_GROUPS = frozenset({"delegation", "delegations", "group", "team", "mission", "guests", "visitors"})


# -- rules ---------------------------------------------------------------------------------
def title_before_name(ctx: RuleContext) -> Iterator[Found]:
    """ "Russian President Vladimir Putin", "NATO Secretary-General Mark Rutte",
    "the department's acting chief Sergey Karlov"."""
    doc = ctx.doc
    for cluster in ctx.clusters:
        if cluster.cls != "Person":
            continue
        for start, _ in cluster.spans:
            i = _before_honorifics(doc, start)  # "Liberal Democrat chief executive Lord Rennard"
            words: list[str] = []
            if of_state_in_a_title(doc, i):  # "US Secretary of State X"
                words, i = ["of", "state"], i - 2
            while i >= 0 and (doc[i].lower_ in TITLE_MODIFIERS or doc[i].lower_ in PAST_MODIFIERS
                              or doc[i].lower_ in _ALL_TITLE_WORDS
                              or doc[i].text in {"-", "–"}) and not doc[i].is_sent_start:
                words.insert(0, doc[i].lower_)
                i -= 1
            if not words or i < 0:
                continue
            title = " ".join(words).replace(" - ", "-")
            before = _before_portfolio(ctx, i)  # "Labour election chief X", "Tory shadow home secretary Y"
            portfolio = before != i
            owned = [t for t in doc[before + 1:i + 1] if t.lower_ not in CIVIC_PORTFOLIOS]
            i = before
            owner = ctx.at.get(i)
            if owned and owner is not None and ctx.coarse(owner) == "Place" and owner.cls != "Country":
                continue  # "Dallas nightclub owner X" owns a nightclub, not Dallas; not "Texas agriculture
                # commissioner"; a country's "counterpart minister" or "oil tycoon" is its national
            if owner is None and doc[i].lower_ in {"its", "their"}:
                owner = antecedent(doc, doc[i])  # "its dean, Zhou Ping"
            if owner is None and doc[i].tag_ == "POS" and i > 0:
                owner = ctx.at.get(i - 1) or ctx.entity_of(doc[i - 1])
            if owner is None or owner is cluster or ctx.coarse(owner) == "Person":
                continue
            owner_start = min((s for s, e in owner.spans if s <= i < e), default=i)
            if _after_past(doc, owner_start):
                continue  # "Former Ukrainian President X", "Ex-Labour leader Y"
            if owner_start > 0 and doc[owner_start - 1].lower_ == "shadow":
                continue  # "Shadow Treasury chief secretary X" speaks for the opposition, not the Treasury
            predicate = _title_predicate(title, owner)
            if predicate == "leaderOf" and (portfolio or words[-1] == "coach" and doc[i].ent_type_ == "NORP"):
                # the election chief leads the campaign, not the party; "Australian coach X" is
                # an Australian, where "Australia coach X" leads its team
                predicate = "affiliatedWith"
            possessor = ctx.at.get(owner_start - 2) if owner_start >= 2 and doc[owner_start - 1].tag_ == "POS" else None
            if possessor is not None and possessor is not owner and ctx.coarse(possessor) == "Organization":
                owner, predicate = possessor, "affiliatedWith"  # "the SNP's Holyrood leader X": the party's, there
            elif predicate == "leaderOf" and ctx.coarse(owner) == "Place" and owner.cls != "Country" \
                    and words[-1] not in PLACE_LEADER_TITLES:  # "Britain's Europe Director X" runs no Europe
                if possessor is None or possessor is owner or possessor.cls != "Country":
                    continue
                owner, predicate = possessor, "affiliatedWith"
            if predicate:
                yield Found(cluster, predicate, owner, doc[start], "title_before_name", title)


# Offices of a national government, written before a name with no country ("Chancellor X",
# "Home Secretary Y"): a prime minister leads the country, the rest serve it. No "president":
# one with no country in a paper of a country without one is a foreign head of state.
GOVERNMENT_HEAD_TITLES = frozenset({"prime minister"})
GOVERNMENT_OFFICE_TITLES = GOVERNMENT_HEAD_TITLES | frozenset({
    "minister", "secretary", "chancellor", "attorney general", "solicitor general"})
NOT_NATIONAL_OFFICES = frozenset({"party", "shadow", "first"}) | PAST_MODIFIERS  # "First Minister": a devolved head


def home_country_titles(ctx: RuleContext, home: str, found: list[Found]) -> Iterator[Found]:
    """ "Chancellor Gordon Brown", "Home Secretary Charles Clarke", "immigration minister Y": a
    government's title with no owner written, read as the home country's (the outlet's, which
    the user names: `home` is its name in the gazetteer), for a person the document ties to no
    other country, in a document that names no other country more often than the home country
    (counting the places in each): an article on Turkey's economy quotes Turkey's ministers. A
    minister of a document about a region of the home country more than about the country may
    be the region's ("Culture Minister X" of an article on Wales)."""
    doc = ctx.doc
    abroad, regional = _where_an_article_is(ctx, home)
    if abroad:
        return
    elsewhere = {id(f.subject) for f in found if f.object.cls == "Country" and f.object.name != home}
    for cluster in [c for c in ctx.clusters if c.cls == "Person" and id(c) not in elsewhere]:
        for start, _ in cluster.spans:
            i = _before_honorifics(doc, start)
            words: list[str] = []
            while i >= 0 and (doc[i].lower_ in _ALL_TITLE_WORDS or doc[i].lower_ in {"prime", "general"}) \
                    and i not in ctx.at and len(words) < 2:
                words.insert(0, doc[i].lower_)
                i -= 1
                if doc[i + 1].is_sent_start:
                    break
            title = " ".join(words)
            if title not in GOVERNMENT_OFFICE_TITLES or (regional and title == "minister"):
                continue
            while i >= 0 and not doc[i + 1].is_sent_start and start - i <= MAX_PORTFOLIO_WORDS + 2 \
                    and doc[i].is_alpha and doc[i].pos_ in {"NOUN", "ADJ", "PROPN"} and i not in ctx.at \
                    and not doc[i].ent_type_:
                words.insert(0, doc[i].lower_)  # "Home Secretary", "immigration minister"
                i -= 1
            if any(w in NOT_NATIONAL_OFFICES for w in words) or _after_past(doc, i + 1):
                continue  # "Shadow home secretary", "former minister", "the resignation of minister X"
            if i >= 0 and not doc[i + 1].is_sent_start and (
                    i in ctx.at or doc[i].ent_type_ or doc[i].is_title or doc[i].tag_ == "POS"
                    or doc[i].pos_ in {"ADJ", "PROPN"} or doc[i].text in {"-", "–"}
                    or doc[i].lower_ in NOT_NATIONAL_OFFICES or doc[i].lower_ in {"a", "an"}):
                continue  # an owner, a party, a descriptor before the title: other rules' or none;
                # "how good a prime minister X will make" is no office held
            heads = title in GOVERNMENT_HEAD_TITLES and not any(w in {"deputy", "acting", "assistant"} for w in words)
            yield Found(cluster, "leaderOf" if heads else "affiliatedWith", ctx.country(home), doc[start],
                        "home_country_title", " ".join(words))


def _where_an_article_is(ctx: RuleContext, home: str) -> tuple[bool, bool]:
    """Whether the article names another country more often than the home country, each with
    its places ("Berlin" counts for Germany), and whether it names a region of the home country
    (twice or more) more often than the home country itself."""
    mentions: Counter[str] = Counter()
    region_mentions: list[int] = []
    for place in (c for c in ctx.clusters if ctx.coarse(c) == "Place"):
        known = ctx.gazetteer.lookup(place.name)
        if known is not None and known.country:
            mentions[known.country] += len(place.spans)
            if known.country == home and known.cls == "Region":
                region_mentions.append(len(place.spans))
    at_home = mentions.pop(home, 0)
    home_named = sum(len(c.spans) for c in ctx.clusters if c.cls == "Country" and c.name == home)
    return (bool(mentions) and max(mentions.values()) > at_home,
            any(count >= 2 and count > home_named for count in region_mentions))


# Titles of who heads a place; a place's "director" or "manager" is someone's for that place.
PLACE_LEADER_TITLES = frozenset({"governor", "mayor", "premier", "president", "minister", "leader", "head", "chief",
                                 "king", "queen", "emperor", "administrator", "commissioner", "executive", "chairman",
                                 "chairwoman", "chair", "coach"})  # a country's or a town's team: "England coach X"


def _before_honorifics(doc: Doc, start: int) -> int:
    """Where the word before a name stands, past the honorifics it is written with: the title of
    "Home Secretary Mr Clarke" or "chief executive Lord Rennard" ends before them."""
    i = start - 1
    while i >= 0 and doc[i].lower_.rstrip(".") in HONORIFICS and doc[i].is_title and not doc[i].is_sent_start:
        i -= 1
    return i


def party_title_before_name(ctx: RuleContext) -> Iterator[Found]:
    """ "Conservative MP Liam Fox", "Tory co-chairman X", "Green leader Y": a capitalised name that
    the model took for no entity, before a title only a party's people hold. The party becomes an
    organization of the document (one the document names in full, "the Conservative Party", when
    it does)."""
    doc = ctx.doc
    for cluster in ctx.clusters:
        if cluster.cls != "Person":
            continue
        for start, _ in cluster.spans:
            i, title = _before_honorifics(doc, start), []
            while i >= 0 and (doc[i].lower_ in PARTY_TITLES or doc[i].lower_ in {"co", "-", "deputy", "shadow"}
                              or (not title and doc[i].lower_ in OFFICE_TITLES)) and not doc[i].is_sent_start:
                title.insert(0, doc[i].lower_)
                i -= 1
            words = " ".join(title).replace(" - ", "-")
            if not title or i < 0 or words.split()[-1] not in PARTY_TITLES | OFFICE_TITLES | {"co-chairman"} \
                    or i in ctx.at:
                continue
            portfolio = 0
            while i > 0 and not doc[i].is_sent_start and (doc[i].lower_ in BETWEEN_OWNER_AND_TITLE or (
                    portfolio < MAX_PORTFOLIO_WORDS and doc[i].is_lower and doc[i].is_alpha
                    and doc[i].pos_ in {"NOUN", "ADJ"} and doc[i].lower_ not in PAST_MODIFIERS
                    and doc[i].lower_ not in ORG_HEADS)):  # "X committee chairman" chairs the committee
                title.insert(0, doc[i].lower_)  # "Green Home Affairs spokesman", "Tory shadow pensions
                i -= 1                          # secretary": the portfolio is the title's, the party before it
                portfolio += 1
            if i in ctx.at and _named_mid_sentence(doc, doc[_span_of(ctx, ctx.at[i], i)[0]:i + 1].text):
                continue  # "Lib Dem home affairs spokesman": the party is an entity, `title_before_name`'s
            end, party_start = i + 1, i
            # the words of the entity that ends there too ("Lib Dem" opening a sentence), not another's
            while party_start - 1 >= 0 and _party_word(doc[party_start - 1]) \
                    and ctx.at.get(party_start - 1) is ctx.at.get(i) \
                    and not doc[party_start].is_sent_start and end - party_start < 2:
                party_start -= 1
            party_words = doc[party_start:end]
            if not all(_party_word(t) for t in party_words) or any(t.lower_ in TITLE_PART_WORDS for t in party_words):
                continue  # "Home affairs spokesman X" opening a sentence: the portfolio, no party
            if _after_past(doc, party_start) or party_words[0].lower_ in PAST_MODIFIERS:
                continue  # "former Tory MP X", "Ex-Labour leader Y", "Former Conservative leader Z"
            if len(party_words) == 2 and party_words[0].is_sent_start \
                    and _named_without(doc, party_words[1].text, party_words[0].text) \
                    and sum(1 for _ in _occurrences(doc, [t.text for t in party_words])) < 2:
                party_words = party_words[1:]  # "Prospective Tory candidate X": the Tories'; "Liberal Democrat"
                # stays, written twice, though "Democrat John Kerry" is written too
            name = party_words.text
            if not _could_name_a_party(ctx, name):
                continue  # "British MP X", "Scottish leader Y": a country, not a party; "Committee chairman Z"
            if words.split()[-1] not in PARTY_TITLES | {"co-chairman"} and "shadow" not in title \
                    and not _names_an_organization(ctx, name):
                continue  # "Tory shadow chancellor X", "Labour election chief Y": a party the text names
            predicate = "leaderOf" if words in {"leader", "party leader"} else "affiliatedWith"
            yield Found(cluster, predicate, ctx.organization(name), doc[start], "party_title_before_name", words)


# Titles of offices that a party's people hold as its officers or its shadow ministers: with a
# party before them only where the text names the party as an organization, or says "shadow".
OFFICE_TITLES = frozenset({"secretary", "minister", "chancellor", "chief", "director", "treasurer", "president",
                           "agent", "strategist", "organiser", "organizer", "officer", "campaigner"})


def _names_an_organization(ctx: RuleContext, name: str) -> bool:
    """Whether the text names an organization `name` or `name` Party ("Labour", "the Green
    Party"); not one whose longer name only starts so ("Welsh Institute for Health")."""
    forms = {normalize_name(name), normalize_name(name + " Party")}
    return any(ctx.coarse(c) == "Organization" and any(normalize_name(n) in forms for n in c.names)
               for c in ctx.clusters)


def _party_named(ctx: RuleContext, tok: Token) -> Cluster | None:
    """The party a capitalised word before a party's title names ("the Conservative MP"), as
    `party_title_before_name` reads it: a name the text writes capitalised mid-sentence too,
    not a country, a people or a generic word."""
    start, doc = tok.i, ctx.doc
    while start > 0 and tok.i - start < 1 and not doc[start].is_sent_start and _party_word(doc[start - 1]) \
            and start - 1 not in ctx.at:
        start -= 1  # "Liberal Democrat home affairs spokesman": the party's two words, not "Democrat"
    name = doc[start:tok.i + 1].text
    if not _party_word(tok) or (doc[start].is_sent_start and start == tok.i) or not _could_name_a_party(ctx, name):
        return None
    return ctx.organization(name)


def _could_name_a_party(ctx: RuleContext, name: str) -> bool:
    """Whether capitalised words before a party's title can be a party's name: the text writes
    them capitalised mid-sentence too, and they name no place, no people and no kind of body."""
    # two capitalised words are a name even opening the sentence ("Liberal Democrat leader X")
    return (_named_mid_sentence(ctx.doc, name) or len(name.split()) > 1) and not ctx.gazetteer.lookup(name) \
        and not ctx.gazetteer.demonym(name) and name.lower() not in ORG_HEADS


# Lower-case words of a portfolio between an owner and a title, at most this many.
MAX_PORTFOLIO_WORDS = 3


def _before_portfolio(ctx: RuleContext, i: int) -> int:
    """Where the owner of a title would stand, `i` being the word before the title: past the
    lower-case words of a portfolio ("election", "shadow home", "foreign affairs") when a named
    entity precedes them; else `i` unchanged."""
    doc, j = ctx.doc, i
    while j >= 0 and i - j < MAX_PORTFOLIO_WORDS and j not in ctx.at and (doc[j].is_lower or doc[j].lower_ in PORTFOLIO_NAMES) \
            and doc[j].is_alpha and doc[j].pos_ in {"NOUN", "ADJ", "PROPN"} and not doc[j].is_sent_start \
            and doc[j].lower_ not in ORG_HEADS:
        j -= 1
    if j != i and j > 0 and doc[j].tag_ == "POS" and j - 1 in ctx.at:
        return j  # "the Liberal Democrats' economics spokesman X": the owner's possessive, which callers read
    return j if j != i and j >= 0 and j in ctx.at and not doc[j].is_punct else i


def _party_word(tok: Token) -> bool:
    # not a comparative opening the sentence: "Earlier Tory leader X"
    return tok.is_title and tok.is_alpha and tok.pos_ in {"PROPN", "ADJ", "NOUN"} and tok.tag_ not in {"JJR", "JJS"} \
        and tok.lower_ not in TITLE_MODIFIERS and tok.lower_ not in _ALL_TITLES and tok.lower_ not in CALENDAR_WORDS


def _written_forms(name: str) -> set[str]:
    """A party's name and its plurals: "Tory", "Torys", "Tories"."""
    return {name, name + "s", name[:-1] + "ies" if name.endswith("y") else name}


def _named_without(doc: Doc, word: str, before: str) -> bool:
    """Whether `word` (or its plural) is written capitalised mid-sentence without `before` in
    front: "Tory" alone, not only in "Earlier Tory"; "Dem" only ever in "Lib Dem(s)"."""
    forms = _written_forms(word)
    return any(not tok.is_sent_start and doc[tok.i - 1].text != before for tok in tokens_written(doc, forms))


def _occurrences(doc: Doc, words: list[str]) -> Iterator[int]:
    """Where the words `words` are written one after another in `doc`."""
    for tok in tokens_written(doc, words[:1]):
        if [t.text for t in doc[tok.i:tok.i + len(words)]] == words:
            yield tok.i


def _named_mid_sentence(doc: Doc, name: str) -> bool:
    """Whether `name`, or its plural ("Tories", "Conservatives"), is written capitalised somewhere
    other than at a sentence's start: a name, not a word capitalised only because it opens the
    sentence ("Rebel leader X")."""
    forms = _written_forms(name)
    size = len(name.split())
    firsts = {form.split()[0] for form in forms}
    return any(not tok.is_sent_start and doc[tok.i:tok.i + size].text in forms
               for tok in tokens_written(doc, firsts) if tok.is_title)


def company_descriptor(ctx: RuleContext) -> Iterator[Found]:
    """ "US mortgage firm Fannie Mae", "UK drinks and food firm X", "French group Y", "the Japanese
    carmaker Z": a country (or its adjective) heads the description in front of a company's name."""
    doc = ctx.doc
    for cluster in list(ctx.clusters):  # ctx.country may add a cluster
        if ctx.coarse(cluster) != "Organization":
            continue
        for start, _ in cluster.spans:
            i = start - 1
            if i < 1 or doc[i].lower_ not in COMPANY_DESCRIPTOR_NOUNS:
                continue
            i -= 1
            skipped = 0  # the industry: "mortgage", "drinks and food", "luxury goods"
            while i >= 0 and skipped < 5 and i not in ctx.at and doc[i].is_lower and (
                    doc[i].pos_ in {"NOUN", "ADJ", "CCONJ", "PROPN"} or doc[i].text == "-"):
                i -= 1
                skipped += 1
            if i < 0:
                continue
            place = ctx.at.get(i)
            if place is None:
                known = ctx.gazetteer.demonym(doc[i].text) if doc[i].is_title else None
                place = ctx.country(known.name) if known is not None and known.country else None
            if place is not None and ctx.coarse(place) == "Place" and place is not cluster:
                yield Found(cluster, "locatedIn", place, doc[start], "company_descriptor", doc[start - 1].lower_)


def country_noun_before_name(ctx: RuleContext) -> Iterator[Found]:
    """ "UK star Kate Winslet", "Belgium rival Kim Gevaert": a country's name (not its adjective,
    which says only where someone is from) standing before what a person is for it."""
    doc = ctx.doc
    for cluster in ctx.clusters:
        if cluster.cls != "Person":
            continue
        for start, _ in cluster.spans:
            i = start - 1
            while i >= 0 and start - i <= 2 and doc[i].is_lower and doc[i].pos_ == "NOUN":
                i -= 1
            country = ctx.mention_end.get(i)
            if i == start - 1 or country is None or country.cls != "Country" or doc[i].pos_ != "PROPN" \
                    or ctx.gazetteer.demonym(doc[i].text) is not None:
                continue
            yield Found(cluster, "affiliatedWith", country, doc[start], "country_noun_before_name", doc[start - 1].lower_)


def title_of_place_before_name(ctx: RuleContext) -> Iterator[Found]:
    """ "Governor of Russia's Amur Region Mikhail Bereznyakov", "Rector of Nordvik University
    Anna Lind", "First Deputy Commander of the Baltic Fleet Anna Berg": a title, "of" and what it
    is of, then the name; no former title ("Former Commander of the Fleet X")."""
    doc = ctx.doc
    for cluster in ctx.clusters:
        if cluster.cls != "Person":
            continue
        for start, _ in cluster.spans:
            owner = ctx.mention_end.get(start - 1)
            if owner is None or owner is cluster or ctx.coarse(owner) == "Person":
                continue
            i = min(s for s, e in owner.spans if e == start) - 1
            if i >= 2 and doc[i].tag_ == "POS" and ctx.mention_end.get(i - 1) is not None:
                country = ctx.mention_end[i - 1]  # "of Russia's Amur Region"
                i = min(s for s, e in country.spans if e == i) - 1
            if i >= 1 and doc[i].lower_ == "the":
                i -= 1
            if i < 1 or doc[i].lower_ != "of" or doc[i - 1].lower_ not in _ALL_TITLES:
                continue
            words = [doc[i - 1].lower_]
            if i >= 2 and (doc[i - 2].lower_ in TITLE_MODIFIERS | {"vice", "deputy"}
                           or f"{doc[i - 2].lower_} {doc[i - 1].lower_}" in _ALL_TITLES):  # "Secretary General"
                words.insert(0, doc[i - 2].lower_)
            if any(t.lower_ in PAST_MODIFIERS for t in doc[max(0, i - 4):i - 1]):
                continue  # "Former Commander of the Baltic Fleet X"
            predicate = _title_predicate(" ".join(words), owner)
            if predicate:
                yield Found(cluster, predicate, owner, doc[start], "title_of_place_before_name", " ".join(words))


def _owner_of_noun(ctx: RuleContext, noun: Token) -> Cluster | None:
    """Whose a role or a part is: "the company's chairman", "NPU's campus", "the Vice-Chancellor
    of NPU", "one of the three services of the Armed Forces"."""
    for child in noun.children:
        if child.dep_ == "poss":
            if child.lower_ in {"its", "their"}:  # "its dean": an organization's, not a country's
                found = antecedent(ctx.doc, child, classes=("Organization",))
            elif child.lower_ == "whose":  # "X Corporation, whose Vladivostok representative, Y"
                found = _named_before_comma(ctx, child.i)
            else:
                found = ctx.at.get(child.i) or ctx.entity_of(child)
            if found is not None:
                return found
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (p for p in prep.children if p.dep_ == "pobj"):
            found = ctx.at.get(pobj.i) or _place_named_by(ctx, pobj) or ctx.entity_of(pobj) \
                or _owner_of_noun(ctx, pobj)
            if found is not None:
                return found
    return None


def _place_named_by(ctx: RuleContext, noun: Token) -> Cluster | None:
    """ "the state of Pará" is Pará (not Brazil, whose state it is)."""
    if noun.lower_ not in PLACE_NOUNS:
        return None
    return next((ctx.at[p.i] for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                 for p in prep.children if p.dep_ == "pobj" and p.i in ctx.at), None)


def title_apposition(ctx: RuleContext) -> Iterator[Found]:
    """ "the company's chairman, Gao Peng", "The Vice-Chancellor of NPU, Professor Ibrahim
    Danjuma", "the Commander of the Lithuanian Navy, Rear Admiral X": a title with its owner, and
    the person in apposition."""
    for noun in tokens_where(ctx.doc, lower=_TITLE_NOUNS):
        if noun.pos_ not in {"NOUN", "PROPN"} or noun.i in ctx.at:
            continue
        person = next((ctx.at[c.i] for c in noun.children if c.dep_ == "appos" and c.i in ctx.at
                       and ctx.at[c.i].cls == "Person"), None)
        if person is None:  # "The governor of the state of Pará, Marcos Lima": hung on the last noun
            person = next((ctx.at[t.i] for t in noun.subtree if t.dep_ == "appos" and t.i in ctx.at
                           and ctx.at[t.i].cls == "Person" and t.head.i in ctx.at
                           and ctx.coarse(ctx.at[t.head.i]) != "Person"), None)
        if person is None:
            continue
        owner = _owner_of_noun(ctx, noun) or next(  # "The Scottish Green Party leader, Ana Bell"
            (ctx.at[c.i] for c in noun.children if c.dep_ == "compound" and c.i in ctx.at
             and ctx.coarse(ctx.at[c.i]) == "Organization" and c.i + 1 == noun.i), None)
        if owner is None or owner is person or ctx.coarse(owner) == "Person":
            continue
        words = [t.lower_ for t in ctx.doc[max(noun.left_edge.i, noun.i - 3):noun.i + 1]
                 if t.lower_ in TITLE_MODIFIERS | {"vice", "deputy", "-"} or t.i == noun.i]
        title = " ".join(words).replace(" - ", "-")
        predicate = _title_predicate(title, owner)
        direct = [c for c in noun.children if c.dep_ in {"poss", "compound"}] + [
            p for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
            for p in prep.children if p.dep_ == "pobj"]
        portfolio = any(c.dep_ in {"compound", "amod"} and c.is_lower and c.lower_ not in TITLE_MODIFIERS
                        and c.ent_type_ != "ORDINAL" for c in noun.children)  # not "the 20th president of X"
        whose = [ctx.at.get(t.i) or _place_named_by(ctx, t) or ctx.entity_of(t) for t in direct]
        if predicate == "leaderOf" and (portfolio or not any(found is owner for found in whose)):
            predicate = "affiliatedWith"  # "Labour's election chief X", "the chairman of the MCB's committee, Y"
        if predicate:
            yield Found(person, predicate, owner, noun, "title_apposition", title)


def part_description(ctx: RuleContext) -> Iterator[Found]:
    """ "Altamira Automotive, one of the group's three divisions", "the ministry's promotion arm,
    the Egyptian Tourism Authority", "X, one of the three services of the Armed Forces"."""
    for noun in tokens_where(ctx.doc, lemma=PART_NOUNS):
        if noun.pos_ != "NOUN":
            continue
        parts = [ctx.at[c.i] for c in noun.children if c.dep_ == "appos" and c.i in ctx.at]
        head = noun.head.head if noun.head.lower_ == "of" and noun.head.head.lower_ == "one" else noun
        if head.dep_ == "appos" and head.head.i in ctx.at:
            parts.append(ctx.at[head.head.i])  # "X, one of the group's divisions"; "X, the ministry's arm"
        owner = _owner_of_noun(ctx, noun)
        possessor = next((c for c in noun.children if c.dep_ == "poss" and c.i not in ctx.at), None)
        if owner is not None and any(owner is p for p in parts) and possessor is not None:
            owner = antecedent(ctx.doc, possessor, exclude=owner)  # "the group" is not the division itself
        if owner is None or ctx.coarse(owner) != "Organization":
            continue
        for part in _unique(parts):
            if part is not owner and ctx.coarse(part) == "Organization":
                yield Found(part, "partOf", owner, noun, "part_description", noun.lemma_.lower())


PART_NOUNS = frozenset({"division", "arm", "unit", "branch", "subsidiary", "affiliate", "service", "wing",
                        "department", "directorate", "bureau", "agency", "programme", "program", "faculty",
                        "school", "institute", "centre", "center", "office", "member"})


def minister_of_ministry(ctx: RuleContext) -> Iterator[Found]:
    """ "Tourism Minister Khaled Abu Rumman" leads the "Ministry of Tourism and Antiquities" the
    text names; "Deputy Interior Minister X" works there; "Home Secretary Y" leads the "Home
    Office", "Education Secretary Z" the "Department for Education and Skills", where a minister
    of a department or an office is one of its ministers."""
    doc = ctx.doc
    ministries = [c for c in ctx.clusters if c.cls in {"GovernmentBody", "OrganizationUnit"}
                  and any(set(n.lower().split()) & MINISTRY_WORDS for n in c.names)]
    if not ministries:
        return
    for cluster in ctx.clusters:
        if cluster.cls != "Person":
            continue
        for start, _ in cluster.spans:
            i = _before_honorifics(doc, start)  # "Home Secretary Mr Clarke"
            while i >= 0 and doc[i].lower_ in TITLE_MODIFIERS and doc[i].lower_ != "minister":
                i -= 1
            if i < 1 or doc[i].lower_ not in {"minister", "secretary"} or not doc[i].is_title:
                continue
            portfolio, j = [], i - 1
            while j >= 0 and doc[j].is_title and j not in ctx.at and (
                    doc[j].lower_ in PORTFOLIO_MODIFIERS or doc[j].lower_ not in TITLE_MODIFIERS):
                portfolio.insert(0, doc[j].lower_)
                j -= 1
            rank = {doc[k].lower_ for k in range(max(0, j - 1), j + 1)} | {doc[k].lower_ for k in range(i + 1, start)}
            if not portfolio or rank & PAST_MODIFIERS:
                continue
            country = _country_at(ctx, j)  # "Swedish Defence Minister" does not lead Latvia's ministry
            for ministry in ministries:
                words = {w.strip(",") for n in ministry.names for w in n.lower().split()}
                theirs = _countries_of(ctx, ministry)
                if all(w in words for w in portfolio) and not (country and theirs and country.name not in theirs):
                    junior = doc[i].lower_ == "minister" and "ministry" not in words  # "Health Minister", a department's
                    predicate = "affiliatedWith" if rank & {"vice", "deputy", "first"} or junior else "leaderOf"
                    yield Found(cluster, predicate, ministry, doc[start], "minister_of_ministry", doc[i].lower_)
                    break


# Words that name a government's department: "Ministry of Defence", "Home Office", "Department of Health".
MINISTRY_WORDS = frozenset({"ministry", "office", "department"})


def _country_at(ctx: RuleContext, i: int) -> Cluster | None:
    found = ctx.at.get(i) if i >= 0 else None
    return found if found is not None and found.cls == "Country" else None


def _countries_of(ctx: RuleContext, body: Cluster) -> set[str]:
    """The countries a body is said to be of: "Latvia's Ministry of Defence", "the Russian
    Foreign Ministry"."""
    found = set()
    for start, _ in body.spans:
        before = start - 2 if start >= 2 and ctx.doc[start - 1].tag_ == "POS" else start - 1
        country = _country_at(ctx, before)
        if country is not None:
            found.add(country.name)
    for name in body.names:
        for word in name.split():
            known = ctx.gazetteer.demonym(word) or ctx.gazetteer.country(word)
            if known is not None:
                found.add(known.name)
    return found


# Heads of the names of bodies their members form, which a country's name after "of" places
# but does not own: "Muslim Association of Britain", "Football Federation of Peru".
MEMBERS_BODIES = frozenset({"association", "society", "federation", "union", "league", "alliance", "party",
                            "movement", "club", "foundation", "trust"})
# Trigger words of rules, each read from RuleContext.tokens_where.
LED_BY_WORDS = frozenset({"led", "headed", "chaired", "run", "directed", "controlled", "founded"})
LEAD_VERBS = frozenset({"head", "lead", "chair", "run", "direct", "helm"})
LINK_VERBS = frozenset({"link", "bind", "connect"})  # "A second agreement links X with Y"
AWARD_VERBS = frozenset({"win", "award", "receive", "secure", "get"})  # "X has won a contract from Y"
CITING_WORDS = frozenset({"cited", "quoted", "according", "citing", "cites", "cite", "quoting", "quotes", "using"})
# Words that make a title a branch's or a helper's: "regional director", "assistant manager".
BRANCH_MODIFIERS = frozenset({"regional", "local", "area", "assistant", "associate", "branch", "divisional"})
# Words of a title that say its holder does not lead the organization named.
NOT_LEADING = frozenset({"vice", "deputy", "former"}) | BRANCH_MODIFIERS
# Trades whose "chief" leads the trade's people, not the organization.
SPECIALIST_CHIEFS = frozenset({"accountant", "economist", "scientist", "engineer", "correspondent", "strategist",
                               "negotiator", "analyst", "whip", "financial officer", "operating officer",
                               "technology officer", "medical officer", "investment officer", "of staff"})


# Services a city or state runs, before a title as its portfolio: "Dallas police officer X".
PUBLIC_SERVICES = frozenset({"police", "fire", "school", "schools", "housing", "tax", "transit", "parks", "water",
                             "prison", "prisons", "court", "election", "elections"})


CIVIC_PORTFOLIOS = PORTFOLIO_MODIFIERS | PUBLIC_SERVICES


def _heads_a_part(title_words: Iterable[str], owner: Cluster) -> bool:
    """Whether a title's portfolio or department makes its holder the head of a part of `owner`
    ("finance director of Tesco", "legal director of Redress"), not of all of it; a ministry
    is all of its portfolio."""
    return owner.cls != "GovernmentBody" and any(w in PORTFOLIO_MODIFIERS or w in DEPARTMENT_MODIFIERS
                                                 for w in title_words)


def _title_predicate(title: str, owner: Cluster) -> str | None:
    words = title.split()
    if any(w in PAST_MODIFIERS for w in words):
        return None
    core = " ".join(w for w in words if w not in TITLE_MODIFIERS or w in {"chief", "head", "general", "prime"})
    core = core or title
    if any(w in BRANCH_MODIFIERS for w in words):
        return "affiliatedWith"  # "regional director of the Countryside Alliance" leads a branch of it
    if owner.cls in {"City", "Region"} and words[-1] in {"chief", "head"}:
        return "affiliatedWith"  # "Humberside chief X" heads its police, not the county
    if words[0] == "chief" and " ".join(words[1:]) in SPECIALIST_CHIEFS:
        return "affiliatedWith"  # "chief accountant", "chief operating officer": the first of a trade, no head
    if words[0] == "chief" and len(words) > 1 and not any(w in {"vice", "deputy"} for w in words):
        return "leaderOf"  # "chief commissioner", "chief executive"
    shared = any(w in {"vice", "deputy"} or w.startswith("co-") for w in words)  # a co-chairman is one of two
    if any(core.endswith(t) for t in LEADER_TITLES) and not _heads_a_part(words, owner) \
            and (not shared or core.replace("-", " ").endswith("vice chancellor")):
        return "leaderOf"  # a vice-chancellor heads a university where a chancellor presides
    if any(core.endswith(t) or t in core for t in _ALL_TITLES):
        return "affiliatedWith"
    return None


def led_by(ctx: RuleContext) -> Iterator[Found]:
    """ "X (XX) led by President Y", "the ministry, headed by Y"."""
    doc = ctx.doc
    for tok in tokens_where(ctx.doc, lower=LED_BY_WORDS):
        if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "by":
            continue
        sent = tok.sent
        leader = next((ctx.at[i] for i in range(tok.i + 2, min(tok.i + 8, sent.end))
                       if i in ctx.at and ctx.at[i].cls == "Person"), None)
        led = next((ctx.at[i] for i in range(tok.i - 1, max(tok.i - 12, sent.start - 1), -1)
                    if i in ctx.at and ctx.coarse(ctx.at[i]) in {"Organization", "Place"}), None)
        if led is None:  # "The new division will be headed by X": the unit the text named before
            led = next((ctx.entity_of(c) for c in tok.children if c.dep_ == "nsubjpass"
                        and c.lower_ not in GROUP_NOUNS | SENDING_GROUPS), None)  # not who sent a delegation
            if led is not None and ctx.coarse(led) not in {"Organization", "Place"}:
                led = None
        if leader and led:
            leader_start = min(s for s, _ in leader.spans if s > tok.i) if any(s > tok.i for s, _ in leader.spans) \
                else tok.i + 2
            deputy = any(t.lower_ in {"vice", "deputy"} or t.lower_.startswith(("vice-", "deputy-"))
                         for t in doc[tok.i + 2:leader_start])  # "led by Vice Minister X"
            yield Found(leader, "affiliatedWith" if deputy else "leaderOf", led, tok, "led_by", tok.lower_)


def leads_verb(ctx: RuleContext) -> Iterator[Found]:
    """ "Y, who heads X", "Y has led X since 2021", "Y chairs the X"."""
    for verb in tokens_where(ctx.doc, lemma=LEAD_VERBS):
        if verb.pos_ != "VERB":
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        people = []
        for subj in subjects:
            if subj.lower_ in {"who", "that"} and verb.dep_ == "relcl":
                subj = verb.head  # the person the relative clause is about
            found = ctx.entity_of(subj)
            if found is not None and found.cls == "Person":
                people.append(found)
        objects = [ctx.entity_of(c) for c in verb.children if c.dep_ == "dobj"]
        if verb.tag_ == "VBD" and any(c.dep_ == "prep" and c.lower_ in {"until", "till", "between"}
                                      for c in verb.children):
            continue  # "who led Labour from 1983 until 1992": a past leader
        for person in people:
            for org in objects:
                if org is not None and ctx.coarse(org) in {"Organization", "Place"}:
                    yield Found(person, "leaderOf", org, verb, "leads_verb", verb.lemma_.lower())


def copular_role(ctx: RuleContext) -> Iterator[Found]:
    """ "Lim Wei Ting is a senior fellow at the Straits Policy Institute", "Ana Ruiz is the
    director of the Andes Water Agency", "Ole Brandt, who is chairman of Fennick Foods,"."""
    for verb in tokens_where(ctx.doc, lemma={"be"}):
        if verb.lemma_ != "be":
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ == "who" and verb.dep_ == "relcl":
            # "X, who is chairman of Y,"; not "who was chairman of Y until 2001", a role told as past
            subject = _who(ctx, verb.head) if verb.tag_ in {"VBZ", "VBP"} else None
        person = ctx.at.get(subject.i) if subject is not None else None
        role = next((c for c in verb.children if c.dep_ == "attr" and c.lower_ in _TITLE_NOUNS | {"member"}), None)
        if person is None or person.cls != "Person" or role is None or not _told_as_done(verb):
            continue  # not "if he became king, X would be the supreme governor of Y"
        owner = _owner_of_noun(ctx, role) or next(
            (ctx.at[t.i] for prep in role.children if prep.dep_ == "prep" and prep.lower_ in {"at", "with", "for", "in"}
             for t in prep.subtree if t.i in ctx.at and ctx.coarse(ctx.at[t.i]) == "Organization"), None)
        if owner is None or owner is person or ctx.coarse(owner) == "Person" \
                or (role.lower_ == "member" and ctx.coarse(owner) != "Organization"):
            continue  # not "a member of Britain's Jewish community"
        words = [t.lower_ for t in role.children if t.dep_ in {"amod", "compound"}] + [role.lower_]
        rank_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in role.children)
        predicate = _title_predicate(" ".join(words), owner) if rank_of else "affiliatedWith"
        if predicate:
            yield Found(person, predicate, owner, verb, "copular_role", role.lower_)


# Parts of a body or of a country that a title may head without heading the whole.
UNITS_OF_A_BODY = PART_NOUNS - {"member"} | frozenset({
    "delegation", "delegations", "team", "mission", "committee", "forces", "force", "troops", "army", "navy",
    "contingent", "section"})


def role_apposition(ctx: RuleContext) -> Iterator[Found]:
    """ "Jeong Eunlee, an economy expert at Korea Institute X", "Y, the rector of Z"."""
    for cluster in ctx.clusters:
        if cluster.cls != "Person":
            continue
        for start, end in cluster.spans:
            root = ctx.doc[start:end].root
            apposes = {c.i: c for c in root.children if c.dep_ == "appos"}
            # "X, a barrister and chairman of Y": each noun of a joined apposition is a role
            joined = [c for a in apposes.values() for c in a.children if c.dep_ == "conj" and c.pos_ == "NOUN"
                      and not any(d.dep_ in {"det", "appos"} for d in c.children)]  # not "… and the secretary, Y"
            for appos in [*apposes.values(), *joined]:
                if appos.text == "-" or (appos.i + 1 in apposes and ctx.doc[appos.i + 1].text == "-"):
                    continue  # "vice - rector" parsed as three appositions: read it at "rector"
                parts = [appos]
                while parts[0].i - 2 in apposes and ctx.doc[parts[0].i - 1].text == "-":
                    parts.insert(0, apposes[parts[0].i - 2])
                role_words = {p.lower_ for p in parts} | {c.lower_ for p in parts for c in p.children
                                                         if c.dep_ in {"compound", "amod"}}
                role = " ".join(sorted(role_words))
                if not any(w in _ALL_TITLES for w in role_words) and appos.lower_ not in _ALL_TITLES:
                    continue
                if role_words & PAST_MODIFIERS:
                    continue  # "X, former Labour minister and now a European Commissioner"
                # "Abdou Diallo, the WHO representative", "Costa, UNHCR's head of office"
                for owner_tok in (c for p in parts for c in p.children if c.dep_ in {"compound", "poss", "nmod", "amod"}):
                    org = ctx.at.get(owner_tok.i) or (ctx.entity_of(owner_tok) if owner_tok.dep_ == "poss" else None)
                    if org is None and appos.lower_ in PARTY_TITLES and owner_tok.dep_ in {"compound", "amod"} \
                            and not role_words & PAST_MODIFIERS:
                        org = _party_named(ctx, owner_tok)  # "X, the Conservative MP for Y"
                    if org is None or org is cluster or ctx.coarse(org) == "Person":
                        continue
                    # "a North Korea expert": the subject of expertise, not an employer; but "the
                    # region's deputy governor" works for the region
                    if ctx.coarse(org) != "Organization" and owner_tok.dep_ != "poss":
                        continue
                    sub_office = any(c.dep_ == "prep" and c.lower_ == "of" for c in appos.children) \
                        or any(c.dep_ in {"compound", "amod"} and c.is_lower and c.lower_ not in TITLE_MODIFIERS
                               for p in parts for c in p.children)  # "EU foreign policy chief"
                    predicate = "leaderOf" if appos.lower_ in LEADER_TITLES and not sub_office and not _shared(appos) \
                        and not role_words & NOT_LEADING and not _heads_a_part(role_words, org) else "affiliatedWith"
                    yield Found(cluster, predicate, org, appos, "role_apposition", role)
                for prep in _role_prepositions(appos):
                    if prep.lower_ == "for" and appos.lower_ in PARTY_MEMBER_WORDS:
                        continue  # "X, MP for Hornsey and Wood Green": a seat, whatever the model calls it
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        org = ctx.entity_of(pobj)
                        if org is None or org is cluster or ctx.coarse(org) == "Person":
                            continue
                        if pobj.i not in ctx.at and any(c.dep_ in {"compound", "amod"} for c in pobj.children) \
                                and not any(ctx.at.get(t.i) is org for t in pobj.subtree if t.i < pobj.i):
                            continue  # "chairman of the Commons public accounts committee": a body described,
                            # not the one named before; but "an economist with the X research group" is X's
                        predicate = "leaderOf" if appos.lower_ in LEADER_TITLES and prep.lower_ == "of" \
                            and not role_words & NOT_LEADING and not _heads_a_part(role_words, org) \
                            and not _shared(appos) else "affiliatedWith"
                        where = [c for c in (*pobj.children, *appos.children)
                                 if c.dep_ == "prep" and c.lower_ in {"in", "on"}]
                        caucus = pobj.lower_ == "group" and bool(where)
                        in_a_house = any(g.dep_ == "pobj" and g.lower_ in LEGISLATURE_NAMES
                                         for c in where for g in c.children)
                        if (pobj.i not in ctx.at and (pobj.lower_ in UNITS_OF_A_BODY or caucus)) or in_a_house:
                            predicate = "affiliatedWith"  # "head of the X delegation", "commander of U.S.
                            # forces", "leader of the X group in the assembly", "… on Newham Council", "leader
                            # of the X party in the assembly": its members there
                        yield Found(cluster, predicate, org, appos, "role_apposition", role)


def _shared(role: Token) -> bool:
    """ "co-chairman", "co-head": one of two who hold the role (not "the Kelda Co chairman")."""
    doc = role.doc
    return role.i >= 2 and doc[role.i - 1].text == "-" and doc[role.i - 2].lower_ == "co"


# Words of the names of an outlet's parts ("the BBC's World Service", "ITV's news channel"), as
# against its programmes and titles, which it makes but which are no part of it.
OUTLET_UNIT_WORDS = PART_NOUNS - {"programme", "program"} | frozenset({
    "news", "radio", "channel", "network", "station", "television", "tv", "online", "studios", "studio", "world",
    "newsroom", "press"})


def possessive(ctx: RuleContext) -> Iterator[Found]:
    """ "Russia's Kursk region", "Russia's Federal Security Service", "MSU's Chemistry Department"."""
    doc = ctx.doc
    for tok in tokens_where(ctx.doc, lower={"'s", "’s", "'", "’", "s"}):
        if (tok.tag_ != "POS" and tok.lower_ not in {"'s", "’s"}) or tok.i == 0:
            continue
        owner = ctx.at.get(tok.i - 1) or ctx.entity_of(doc[tok.i - 1])
        if owner is None:
            continue
        j = tok.i + 1
        if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
            j += 3  # "University's (MSU) Chemistry Department"
        skipped = 0
        while j < len(doc) and j not in ctx.mention_start and skipped < 4 and doc[j].text not in {",", ".", ";", ":"} and (
                doc[j].pos_ in {"ADJ", "ADV", "PUNCT", "VERB", "NUM"} or _hyphenated(doc, j)):
            j += 1
            skipped += 1
        if j not in ctx.mention_start:
            continue
        owned, owned_end = ctx.mention_start[j]
        after = doc[owned_end].lower_ if owned_end < len(doc) else ""
        if _qualifies_a_noun(ctx, j, owned_end) or after in PARTY_MEMBER_WORDS:
            continue  # "the party's Holyrood leader", "Scotland's only Conservative MP": the leader's, the MP's
        if owner.cls == "Person":
            if _a_persons_body(ctx, owner, owned, after):
                yield Found(owner, "affiliatedWith", owned, tok, "possessive")  # "Robert Kilroy-Silk's Veritas Party"
            continue
        predicate = _part_predicate(ctx, owned, owner)
        if predicate == "partOf" and owner.cls == "MediaOrganization" \
                and not any(t.lower_ in OUTLET_UNIT_WORDS for t in doc[j:owned_end]):
            continue  # "ITV's Celebrity Fit Club", "GMTV's Sunday Programme": what it broadcasts
        if predicate:
            yield Found(owned, predicate, owner, tok, "possessive")


def _a_persons_body(ctx: RuleContext, person: Cluster, owned: Cluster, after: str) -> bool:
    """Whether "X's Y" ties a person to a body: Y's name says it is one ("Matrix Chambers", "the
    Veritas Party": a film or a band the model calls an organization does not), X is named in
    full, and no title follows Y (`after`, the word after it: "X's Kelda Group chief executive Z"
    is X's chief executive)."""
    return ctx.coarse(owned) == "Organization" and " " in person.name \
        and any(word in ORG_HEADS for word in owned.name.lower().split()) \
        and after not in _TITLE_WORDS_AFTER_A_BODY


_TITLE_WORDS_AFTER_A_BODY = _ALL_TITLE_WORDS - {"of", "and"}  # "head of department", "president and ceo"


def _after_past(doc: Doc, i: int) -> bool:
    """Whether "former" (or another past modifier) stands in the two tokens before token `i`,
    "ex-" or "ex -" right before it, the token is itself written "Ex-Labour", or an "of" there
    hangs from a noun that ends a role ("the resignation of BBC chairman X"), or the name the token
    opens hangs from a role said to be past ("a barrister and former chairman of the X Trust")."""
    before = doc[max(0, i - 2):i]
    return any(t.lower_ in PAST_MODIFIERS for t in before) or doc[i].lower_.startswith(("ex-", "former-")) \
        or (len(before) > 0 and before[-1].lower_.endswith("ex-")) \
        or (len(before) == 2 and before[-1].text == "-" and before[0].lower_ == "ex") \
        or any(t.lower_ == "of" and t.head.lemma_.lower() in ENDED_ROLE_NOUNS for t in before) \
        or _of_a_former_role(doc[i])


def _names_a_kind(noun: Token) -> bool:
    """Whether a noun says what the name compounded with it is ("its border city Rason", "its
    Vladivostok office"), not something the name only qualifies ("their EU status", "its two
    London Assembly members", "the party's Holyrood leader")."""
    word = noun.lower_
    return (word in PLACE_NOUNS or word in ORG_HEADS or word in PART_NOUNS or word in SITE_NOUNS) \
        and word not in {"member", "members"}


def _qualifies_a_noun(ctx: RuleContext, start: int, end: int) -> bool:
    """Whether the mention at start:end only qualifies the lower-case noun after it."""
    doc = ctx.doc
    return end < len(doc) and doc[end].is_lower and doc[end].pos_ == "NOUN" and doc[start:end].root.head.i == end \
        and not _names_a_kind(doc[end])


def _hyphenated(doc: Doc, i: int) -> bool:
    return (i + 1 < len(doc) and doc[i + 1].text == "-") or (i > 0 and doc[i - 1].text == "-")


def _part_predicate(ctx: RuleContext, part: Cluster, whole: Cluster) -> str | None:
    if part is whole:
        return None
    part_coarse, whole_coarse = ctx.coarse(part), ctx.coarse(whole)
    if part_coarse == "Person":
        return "affiliatedWith" if whole_coarse != "Person" else None
    if whole_coarse == "Person":
        return None
    if part_coarse == "Place":
        return "locatedIn" if whole_coarse == "Place" and part.cls != "Country" else None
    if part.cls in {"GovernmentBody", "OrganizationUnit"} or whole_coarse == "Organization":
        return "partOf"
    return "locatedIn"


def its_part(ctx: RuleContext) -> Iterator[Found]:
    """ "X and its School of Y", "the zone of its border city Rason", "X (XU), whose Russian
    Language Faculty …"."""
    for tok in tokens_where(ctx.doc, lower={"its", "their", "whose"}):
        if tok.dep_ != "poss":
            continue
        head = tok.head
        if any(t.lemma_.lower() in COUNTERPARTS for t in ctx.doc[tok.i + 1:head.i + 1]):
            continue  # "its two main rivals - Mengniu Dairy": another company, no part of it
        owned = ctx.at.get(head.i) or next(
            (ctx.at[c.i] for c in head.children if c.dep_ in {"appos", "compound", "npadvmod"} and c.i in ctx.at
             and (c.dep_ != "compound" or _names_a_kind(head))), None)
        if owned is None:
            continue
        if tok.lower_ == "whose":
            owner = _named_before_comma(ctx, tok.i)
        elif owned.cls in {"OrganizationUnit", "Person"}:  # "its Faculty of X", "its dean, Y": an organization's
            owner = antecedent(ctx.doc, tok, classes=("Organization",))
        else:
            owner = antecedent(ctx.doc, tok)
        if owner is None:
            continue
        predicate = _part_predicate(ctx, owned, owner)
        if predicate == "affiliatedWith" and head.lower_ in LEADER_TITLES and not any(
                c.lower_ in {"vice", "deputy", "former"} for c in head.children):
            predicate = "leaderOf"  # "its dean, Zhou Ping"
        if predicate:
            yield Found(owned, predicate, owner, tok, "its_part")


# Who a body deals with, not what it is made of: "its rivals", "their customers".
COUNTERPARTS = frozenset({"rival", "competitor", "customer", "client", "supplier", "critic", "opponent",
                          "neighbour", "neighbor", "ally", "creditor", "bidder"})


def _named_before_comma(ctx: RuleContext, i: int) -> Cluster | None:
    """The entity named right before the comma before token `i` (", whose …", ", a Paris-based
    …"), past an acronym in brackets."""
    doc = ctx.doc
    i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    i -= 1
    if doc[i].text == ")":
        while i > 0 and doc[i].text != "(":
            i -= 1
        i -= 1
    return ctx.at.get(i)


def organization_before_name(ctx: RuleContext) -> Iterator[Found]:
    """ "Lib Dem Norman Baker", "Republican Ada Vance": an organization's name written right
    before a person's, with no title between, says the person belongs to it."""
    doc = ctx.doc
    for cluster in ctx.clusters:
        if cluster.cls != "Person":
            continue
        for start, end in cluster.spans:
            owner = ctx.mention_end.get(start - 1)
            if owner is None or owner is cluster or ctx.coarse(owner) != "Organization" \
                    or doc[start - 1].is_punct or doc[start].is_sent_start \
                    or doc[start - 1].dep_ != "compound" or not start <= doc[start - 1].head.i < end:
                continue  # one noun phrase: not "told the BBC Michael Howard has", "of State John Bolton"
            owner_start = min(s for s, e in owner.spans if e == start)
            if owner_start > 0 and doc[owner_start - 1].lower_ in {"the", "a", "an"}:
                continue  # "told the BBC Michael Howard has": a party before a name takes no article
            if not _after_past(doc, owner_start):
                yield Found(cluster, "affiliatedWith", owner, doc[start], "organization_before_name")


def name_prefix(ctx: RuleContext) -> Iterator[Found]:
    """ "FSB border service" is part of the FSB; "MSU Chemistry Department" of MSU; "House of
    Commons Treasury Committee" of the House of Commons, which the gazetteer knows though the text
    names it nowhere else. The rest of the name must name a unit ("Labour Party" is not part of
    "Labour"; "Reuters news agency" is Reuters)."""
    by_name = {n: c for c in ctx.clusters for n in c.names}
    for cluster in list(ctx.clusters):  # ctx.organization may add a cluster
        if ctx.coarse(cluster) != "Organization" or not cluster.spans:
            continue
        for name in cluster.names:
            words = name.split()
            if not words or ORG_HEADS.get(words[-1].lower()) not in {"OrganizationUnit", "GovernmentBody"}:
                continue
            whole = next((by_name[" ".join(words[:k])] for k in range(len(words) - 1, 0, -1)
                          if " ".join(words[:k]) in by_name), None) or _known_organization_opening(ctx, cluster, words)
            if whole is not None and whole is not cluster and ctx.coarse(whole) == "Organization":
                start = cluster.spans[0][0]
                yield Found(cluster, "partOf", whole, ctx.doc[start], "name_prefix")
                break


# The last words of a unit's name, after the name of the body it belongs to ("House of Lords Record
# Office"); name_prefix reads only names that ORG_HEADS ends as a unit or a government's body.
UNIT_NOUNS = frozenset({"committee", "service", "office", "department", "division", "directorate", "bureau"})


def _known_organization_opening(ctx: RuleContext, cluster: Cluster, words: list[str]) -> Cluster | None:
    """The organization the gazetteer knows by the first words of a name whose other words, two at
    least, are capitalised and end in a unit's noun: "House of Lords" of "House of Lords Record
    Office", the FSB of "FSB Border Service"; not Scotland Yard of "Metropolitan Police Service",
    its own name."""
    if "," in " ".join(words) or words[-1].lower() not in UNIT_NOUNS:
        return None  # "House of Commons, European Parliament": two names the model ran together;
        # "Metropolitan Police Authority" oversees the police
    for k in range(len(words) - 1, 0, -1):
        known = ctx.gazetteer.lookup(" ".join(words[:k]))
        if known is not None:
            if COARSE_CLASS.get(known.cls) != "Organization" or known.cls == "MediaOrganization" \
                    or known.name == cluster.kb or len(words) - k < 2 \
                    or not all(w[:1].isupper() for w in words[k:]):
                return None  # a broadcaster's services are its outlets, named as itself ("BBC World Service")
            return ctx.organization(" ".join(words[:k]), other_than=cluster, known=known)
    return None


def of_the_parent(ctx: RuleContext) -> Iterator[Found]:
    """ "the Border Service of the Federal Security Service", "the Institute of Oriental Studies of
    the Russian Academy of Sciences"; "the Security Council of Russia"."""
    doc = ctx.doc
    for cluster in list(ctx.clusters):  # ctx.country may add a cluster
        if ctx.coarse(cluster) != "Organization" or not cluster.spans:
            continue  # a body the rules found inside another's name ("Bank of Japan" of its department)
        for start, end in cluster.spans:
            j = end
            if j + 1 < len(doc) and doc[j].lower_ == "of":
                j += 2 if doc[j + 1].lower_ == "the" else 1
                whole = ctx.mention_start.get(j, (None, 0))[0]
                if whole is None or whole is cluster:
                    continue
                if ctx.coarse(whole) == "Organization":
                    yield Found(cluster, "partOf", whole, doc[start], "of_the_parent")
                elif whole.cls in {"Country", "Region", "City"}:  # "Ryonggang University of Marine Sciences of the DPRK"
                    # a country's or region's body is part of it; anything "of" a city stands there:
                    # "Manufacturers Hanover Trust Co. of New York"
                    predicate = "partOf" if cluster.cls in {"GovernmentBody", "OrganizationUnit"} \
                        and whole.cls != "City" else "locatedIn"
                    yield Found(cluster, predicate, whole, doc[start], "of_the_parent")
        places = {n: c for c in ctx.clusters if c.cls in {"Country", "Region"} for n in c.names}
        for name in cluster.names:  # the place is inside the name: "Security Council of Russia"
            head, sep, tail = name.rpartition(" of ")
            if not (sep and head):
                continue
            tail = tail.removeprefix("the ")
            known = ctx.gazetteer.lookup(tail)
            if known is not None and known.cls == "Country":
                whole = ctx.country(known.name)
            elif cluster.cls in {"GovernmentBody", "OrganizationUnit"}:
                whole = places.get(tail)  # "Tourism Agency of Primorsky Krai", the krai named elsewhere
            else:
                whole = None  # "Pacific National University of Khabarovsk" is in the city, not part of it
            if whole is not None and whole is not cluster:
                # a country's council is part of it; an association "of Britain" only stands there
                predicate = "locatedIn" if head.split()[-1].lower() in MEMBERS_BODIES else "partOf"
                yield Found(cluster, predicate, whole, ctx.doc[cluster.spans[0][0]], "of_the_parent")
                break


def based_in(ctx: RuleContext) -> Iterator[Found]:
    """ "FSIC, a Paris-based trade body"; "a China-based travel agency" … "Young Pioneer Tours, a
    travel company": the organization the phrase describes, by apposition, else the next one named."""
    doc = ctx.doc
    for tok in tokens_where(ctx.doc, lower={"based"}):
        if tok.i < 2 or doc[tok.i - 1].text not in {"-", "–"}:
            continue
        place = ctx.at.get(tok.i - 2)
        if place is None or ctx.coarse(place) != "Place":
            continue
        phrase_start = tok.i - 2 - (len(_span_of(ctx, place, tok.i - 2)) - 1)
        org = _described_by_apposition(ctx, phrase_start)
        if org is None and _after_a_name_and_comma(ctx.doc, phrase_start):
            continue  # the phrase describes a name that is no entity; the next one named is another
        if org is None:
            sent = tok.sent
            following = list(range(tok.i + 1, sent.end))
            if sent.end < len(doc):
                following += list(range(sent.end, doc[sent.end].sent.end))
            org = next((ctx.at[i] for i in following if i in ctx.at and ctx.coarse(ctx.at[i]) == "Organization"), None)
        if org is not None:
            yield Found(org, "locatedIn", place, tok, "based_in")


def credit_line(ctx: RuleContext) -> Iterator[Found]:
    """ "Lisbon Radio Renascenca in Portuguese 1130 GMT": a monitor credits an outlet of that city
    (the lines the entity typer found and split, `doc._.nkg_credits`)."""
    for credit in ctx.doc._.nkg_credits or ():
        city, outlet = ctx.mention_start.get(credit.city[0]), ctx.mention_start.get(credit.outlet[0])
        if city is not None and city[1] == credit.city[1] and ctx.coarse(city[0]) == "Place" \
                and outlet is not None and ctx.coarse(outlet[0]) == "Organization":
            yield Found(outlet[0], "locatedIn", city[0], ctx.doc[credit.outlet[0]], "credit_line")


def _span_of(ctx: RuleContext, cluster: Cluster, token_index: int) -> range:
    for start, end in cluster.spans:
        if start <= token_index < end:
            return range(start, end)
    return range(token_index, token_index + 1)


def _with_article(doc: Doc, phrase_start: int) -> int:
    """Where the phrase at `phrase_start` ("Paris-based …") starts with its article ("a")."""
    while phrase_start > 0 and doc[phrase_start - 1].lower_ in {"a", "an", "the"}:
        phrase_start -= 1
    return phrase_start


def _after_a_name_and_comma(doc: Doc, phrase_start: int) -> bool:
    """Whether the phrase at `phrase_start` ("a Paris-based …") follows a proper name and a comma."""
    phrase_start = _with_article(doc, phrase_start)
    return phrase_start > 1 and doc[phrase_start - 1].text == "," and doc[phrase_start - 2].pos_ == "PROPN"


def _described_by_apposition(ctx: RuleContext, phrase_start: int) -> Cluster | None:
    """The organization right before ", a/an/the …" that starts at `phrase_start`."""
    phrase_start = _with_article(ctx.doc, phrase_start)
    found = _named_before_comma(ctx, phrase_start)  # "Council (FSIC), a Paris-based …"
    return found if found is not None and ctx.coarse(found) == "Organization" else None


def person_of_org(ctx: RuleContext) -> Iterator[Found]:
    """ "Rep. Han Dong-wook of the Intelligence Committee", "Anna Lind of Nordvik University",
    "said Ole Berg from the Nordic Institute", the sprinter "Ana Lima of Brazil"; between commas,
    "Ann Weller, for the Greens, said", "Tom Reddle, from the charity Shelter Norge, said"; through
    a possessive, "of the DEM's water division", "of Oslo's Halden Institute"; and for both of
    "Ann Berg and Ole Lind of the Halden Institute"."""
    doc = ctx.doc
    for cluster in ctx.clusters:
        if cluster.cls != "Person":
            continue
        for start, end in cluster.spans:
            found = _organization_after_person(ctx, end)
            if found is None:
                continue
            org, prep = found
            yield Found(cluster, "affiliatedWith", org, doc[prep], "person_of_org")  # "Christine Arron of France"
            if start >= 2 and doc[start - 1].lower_ == "and" and ctx.mention_end.get(start - 2) is not None \
                    and ctx.mention_end[start - 2].cls == "Person" and ctx.mention_end[start - 2] is not cluster:
                yield Found(ctx.mention_end[start - 2], "affiliatedWith", org, doc[prep], "person_of_org")


def _organization_after_person(ctx: RuleContext, end: int) -> tuple[Cluster, int] | None:
    """The organization "of", "from" (or between commas "for") names after a person's name that
    ends at `end`, with the preposition's index."""
    doc = ctx.doc
    aged = end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].like_num and doc[end + 2].text == ","
    if aged:
        end += 2  # "Ulf Merbold, 47, of the European Space Agency and X of NASA": past the age
    comma = end < len(doc) and doc[end].text == ","  # "John Doe, of the Halden Institute, said"
    prep = end + 1 if comma else end
    j = prep + (2 if prep + 1 < len(doc) and doc[prep + 1].lower_ in {"the", "a"} else 1)
    while comma and j < len(doc) and j - prep <= 3 and doc[j].is_lower and doc[j].is_alpha:
        j += 1  # "from the charity X", "from voluntary body X": what it is, said between commas
    prepositions = {"of", "from", "for", "at"} if comma else {"of", "from", "at"}  # not "voted for Labour"
    if prep >= len(doc) or doc[prep].lower_ not in prepositions or j not in ctx.mention_start:
        return None
    org, org_end = ctx.mention_start[j]
    if doc[prep].lower_ == "at" and org.cls != "University":
        return None  # "Li Wei at the Institute of Optics" works there; "Blair at the UN" may be visiting
    possessive = org_end < len(doc) and doc[org_end].tag_ == "POS"
    first = k = org_end + 1 if possessive else org_end
    while k < len(doc) and k - first < 3 and doc[k].is_lower and doc[k].is_alpha \
            and (possessive or doc[k].pos_ in {"NOUN", "ADJ"}):
        k += 1
    # "of New York's Mount Sinai School", "of the party's Youth League", "of Vesta imaging partner
    # Kordex": of what is named last, which the first name only describes (not "of Y told
    # reporters Z would pay": no description, a clause)
    described = ctx.mention_start.get(k) if possessive or (k > first and doc[k - 1].pos_ == "NOUN") else None
    if described is not None:
        return (described[0], prep) if ctx.coarse(described[0]) == "Organization" else None
    if possessive:
        return (org, prep) if ctx.coarse(org) == "Organization" else None  # "of the DEM's division of groundwater"
    if comma and (org_end >= len(doc) or doc[org_end].text not in {",", ".", ";", ")"}) \
            and not (aged and org_end < len(doc) and doc[org_end].lower_ == "and"):
        return None  # between commas the organization closes the apposition
    if aged and org.certainty < 2:
        return None  # "Leslie Gray, 43, of Tuxford": after an age, a hometown unless surely a body
    if ctx.coarse(org) == "Organization" or (org.cls == "Country" and doc[prep].lower_ == "of" and not comma):
        return org, prep
    return None


def works_for(ctx: RuleContext) -> Iterator[Found]:
    """ "Ana Ruiz, who works for the Andes Water Agency", "Lee joined Kestrel Bank in 2001",
    "X works in the mapping department of Y": a person and the organization named under the verb."""
    for verb in tokens_where(ctx.doc, lemma={"work", "join", "serve", "teach"}):
        if verb.pos_ != "VERB":
            continue
        people = [s for s in _subjects(ctx, verb) if s.cls == "Person"]
        if not people:
            continue
        if verb.lemma_.lower() == "join":
            holders = [c for c in verb.children if c.dep_ == "dobj"]
        else:
            holders = [p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"for", "at", "in", "with"}
                       for p in c.children if p.dep_ == "pobj"]
        orgs = [found for holder in holders for found in [ctx.entity_of(holder) or _owner_of_noun(ctx, holder)
                                                          or _last_org_in(ctx, holder)] if found is not None]
        for person in people:
            for org in _unique(orgs):
                if ctx.coarse(org) == "Organization":
                    yield Found(person, "affiliatedWith", org, verb, "works_for", verb.lemma_.lower())


def _role_prepositions(role: Token) -> list[Token]:
    """The prepositions that say whose a role is ("chairman of Y", "adviser to Y"). In "a barrister
    and chairman of Y" the parser may hang "of Y" on "barrister", no title: it is the title's; in
    "chairman and chief executive of Y" it is both titles'."""
    def preps(noun: Token) -> list[Token]:
        return [c for c in noun.children if c.dep_ == "prep" and (c.lower_ in {"of", "at", "with", "for", "from"}
                                                                  or c.lower_ == "to" and noun.lower_ in ROLES_TO_A_BODY)]
    if role.dep_ == "conj" and role.head.dep_ == "appos" and role.head.lower_ not in _ALL_TITLES:
        return preps(role) + [p for p in preps(role.head) if p.i > role.i]
    joined = [c for c in role.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
    if role.lower_ not in _ALL_TITLES:
        return [p for p in preps(role) if not any(j.i < p.i for j in joined)]
    return preps(role)


# Roles held "to" a body that one works in: "Chief Secretary to the Treasury", "adviser to the
# board"; not an envoy's or a representative's, sent to it by another.
ROLES_TO_A_BODY = frozenset({"secretary", "adviser", "advisor", "consultant", "assistant", "aide", "counsel",
                             "spokesman", "spokeswoman", "spokesperson", "chaplain", "physician"})


def member_as(ctx: RuleContext) -> Iterator[Found]:
    """ "X is to step down as a Labour MP", "Y stood as a Conservative candidate", "Z was elected
    as Green Party leader": a person and the body whose role the person takes "as"."""
    for as_ in tokens_where(ctx.doc, lower={"as"}):
        verb = as_.head
        if as_.dep_ != "prep" or verb.pos_ not in {"VERB", "AUX"}:
            continue
        leaving = verb.lemma_.lower() in LEAVING_VERBS or (verb.lemma_.lower() in {"step", "stand"} and any(
            c.dep_ in {"prt", "advmod"} and c.lower_ in {"down", "aside"} for c in verb.children))
        if verb.lemma_.lower() in {"succeed", "follow"}:
            continue  # "to succeed Mr Blair as Labour leader": the role passes from one to the other
        if leaving and verb.tag_ != "VB":
            continue  # "he stepped down as Chelsea chairman": no longer; but "is to step down as …" still is
        role = next((c for c in as_.children if c.dep_ == "pobj"), None)
        if role is None or role.lower_ not in PARTY_TITLES | MEMBER_TITLES:
            continue
        if any(c.lower_ in PAST_MODIFIERS for c in role.children):
            continue  # "as a former Labour MP"
        org = next((found for c in role.children if c.dep_ in {"compound", "amod", "poss"}
                    for found in [ctx.at.get(c.i) or _party_named(ctx, c)] if found is not None), None)
        if org is None or ctx.coarse(org) != "Organization":
            continue  # "as a new Labour MP": any of the role's modifiers may name the body
        predicate = "leaderOf" if role.lower_ in LEADER_TITLES and role.lower_ not in PARTY_OFFICERS else "affiliatedWith"
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        holders = [ctx.entity_of(o) for o in objects] if objects else _subjects(ctx, verb)
        for person in holders:  # "Smith named Jones as Labour candidate": the role is Jones's
            if person is not None and person.cls == "Person":
                yield Found(person, predicate, org, role, "member_as", role.lower_)


def _last_org_in(ctx: RuleContext, noun: Token) -> Cluster | None:
    """The organization a phrase ends in: "the survey unit of one of the partners, the Nordic
    Space Agency"."""
    return next((ctx.at[t.i] for t in reversed(list(noun.subtree)) if t.i in ctx.at
                 and ctx.coarse(ctx.at[t.i]) == "Organization"), None)


def part_of_phrase(ctx: RuleContext) -> Iterator[Found]:
    """ "Geomap, the UN survey agency that is part of the Vesta consortium", "X is a member of
    the Y alliance", "X, part of the Y group": an organization said to be part of another."""
    for noun in tokens_where(ctx.doc, lower={"part", "member", "members"}):
        if noun.pos_ != "NOUN":
            continue
        whole = next((ctx.entity_of(p) or _named_by_compound(ctx, p) for prep in noun.children
                      if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj"), None)
        if whole is None or ctx.coarse(whole) != "Organization":
            continue
        if noun.dep_ == "attr":  # "X is (a) part of Y", "which is part of Y"
            parts = _subjects(ctx, noun.head)
        elif noun.dep_ == "appos":  # "X, part of Y"
            parts = [p for p in [ctx.at.get(noun.head.i)] if p is not None]
        else:
            parts = []
        for part in parts:
            if part is not whole and ctx.coarse(part) == "Organization":
                yield Found(part, "partOf", whole, noun, "part_of_phrase", noun.lower_)


def _named_by_compound(ctx: RuleContext, noun: Token) -> Cluster | None:
    """The name a common noun is qualified by: "the Respond consortium", "the Vesta alliance"."""
    if noun.pos_ != "NOUN":
        return None
    return next((ctx.at[c.i] for c in noun.children if c.dep_ == "compound" and c.i in ctx.at), None)


def place_in_place(ctx: RuleContext) -> Iterator[Found]:
    """ "the Halvik reserve in the Yunling Province", "Tarnby in eastern Denmark", "Yunling
    Province of southwest China": a place named right before "in"/"of" another, larger one."""
    doc = ctx.doc
    for cluster in ctx.clusters:
        if cluster.cls not in {"City", "Region", "Place"}:
            continue
        for _, end in cluster.spans:
            if end >= len(doc) or doc[end].lower_ not in {"in", "of"}:
                continue
            j = end + 1
            while j < len(doc) and j not in ctx.mention_start and j - end <= 3 and (
                    doc[j].lower_ == "the" or doc[j].lower_ in COMPASS_WORDS):
                j += 1
            container = ctx.mention_start.get(j, (None, 0))[0]
            if container is None or container is cluster or ctx.coarse(container) != "Place" \
                    or container.cls == "City" or (cluster.cls == "Region" and container.cls == "Region") \
                    or (doc[end].lower_ == "of" and container.cls != "Country"):
                continue
            for place in [cluster, *_listed_before(ctx, cluster, end, container)]:
                if not _contradicts_gazetteer(ctx, place, "locatedIn", container):  # "Ana Lima of Brazil"
                    yield Found(place, "locatedIn", container, doc[end], "place_in_place")


def _listed_before(ctx: RuleContext, cluster: Cluster, end: int, container: Cluster) -> list[Cluster]:
    """The places of `cluster`'s kind that a list names before its mention ending at `end`, and
    that the gazetteer does not put in another country than `container`'s: "Salida and Gunnison,
    Colorado", "Kosovo, Sandzak and Vojvodina in Serbia"; not London in "London and Springfield,
    Illinois", nor Texas in "Texas and Henry County, Ala."."""
    doc = ctx.doc
    start = next(s for s, e in cluster.spans if e == end)
    listed: list[Cluster] = []
    if start < 2 or doc[start - 1].lower_ not in {"and", "or"}:
        return listed  # "Subs: Macken, Weaver, Onuoha, Jordan" lists names, not places in one
    while start >= 2 and doc[start - 1].lower_ in {"and", "or", ","}:
        gap = start - 1
        if doc[gap].lower_ in {"and", "or"} and doc[gap - 1].text == ",":
            gap -= 1  # "A, B, and C"
        before = ctx.mention_end.get(gap - 1)
        if before is None or before.cls != cluster.cls or before is cluster:
            break
        if _is_subdivision(before) == _is_subdivision(cluster) \
                and not _contradicts_gazetteer(ctx, before, "locatedIn", container, regions=True):
            listed.append(before)
        start = next(s for s, e in before.spans if e == gap)
    return listed


def _is_subdivision(place: Cluster) -> bool:
    """ "Henry County", "Cameron Parish": a state's part, named by its head."""
    return place.cls == "Region" and place.name.split()[-1].lower() in SUBDIVISION_HEADS


COMPASS_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                           "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
                           "south-east", "south-west", "central", "northeastern", "northwestern", "southeastern",
                           "southwestern", "rural", "coastal"})


def located_in(ctx: RuleContext) -> Iterator[Found]:
    """ "The university is located in Nakhodka", "X is headquartered in Y"."""
    for verb in tokens_where(ctx.doc, lemma={"locate", "headquarter", "situate", "base"}):
        if verb.tag_ != "VBN":
            continue
        subjects = [s for s in _subjects(ctx, verb) if ctx.coarse(s) == "Organization"]
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"):
            for place in _places_under(ctx, prep)[:1]:
                for subject in subjects:
                    yield Found(subject, "locatedIn", place, verb, "located_in")


def org_in_place(ctx: RuleContext) -> Iterator[Found]:
    """ "the Institute for Space Affairs (ISSA) in New Delhi", "KMIF, a state-backed lender in Seoul",
    "Air Koryo, North Korea's state airline"."""
    doc = ctx.doc
    for prep in tokens_where(doc, lower={"in"}):
        if prep.dep_ != "prep":
            continue
        place = next((ctx.at[p.i] for p in prep.children if p.dep_ == "pobj" and p.i in ctx.at), None)
        if place is None or ctx.coarse(place) != "Place":
            continue
        head = prep.head
        org = ctx.at.get(head.i)
        if org is None and head.dep_ == "appos" and head.pos_ == "NOUN":
            org = ctx.at.get(head.head.i)  # "X, a lender in Seoul"
        if org is None and head.lower_ in {"campus", "headquarters", "head", "office", "offices", "seat"}:
            org = _owner_of_noun(ctx, head)  # "ATU's campus in Kayseri", "the headquarters of X in Y"
        if org is None and head.pos_ == "PROPN" and head.i + 1 < len(doc):
            org = None
        if org is None and prep.i >= 4 and doc[prep.i - 1].text == ")" and doc[prep.i - 3].text == "(" \
                and place.cls in {"City", "Region"}:
            org, head = ctx.at.get(prep.i - 4), doc[prep.i - 4]  # "the Institute for X (IX) in Delhi"
        if org is not None and ctx.coarse(org) == "Organization" and head.pos_ in {"NOUN", "PROPN"}:
            yield Found(org, "locatedIn", place, prep, "org_in_place")
    for noun in tokens_with_dep(doc, {"appos"}):  # "Air Koryo, North Korea's state airline"
        described = noun.head
        if noun.lower_ == "one":  # "X, one of Scotland's whisky firms": what X is one of
            noun = next((pobj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                         for pobj in prep.children if pobj.dep_ == "pobj"), noun)
        if noun.pos_ != "NOUN" or described.i not in ctx.at:
            continue
        org = ctx.at[described.i]
        place = next((ctx.at[c.i] for c in noun.children if c.dep_ == "poss" and c.i in ctx.at), None)
        if ctx.coarse(org) == "Organization" and place is not None and ctx.coarse(place) == "Place" \
                and noun.lemma_.lower() not in PART_NOUNS:  # not "one of Estonia's divisions"
            yield Found(org, "locatedIn", place, noun, "org_in_place")


def place_description(ctx: RuleContext) -> Iterator[Found]:
    """ "the Polish town of Słubice", "the Venezuelan states of Bolívar and Monagas", "Santa Elena,
    the Venezuelan town facing …", "Daugavpils, Latgale's largest city", "Lodwar, the county's
    main town" (the county named before)."""
    doc = ctx.doc
    for noun in tokens_where(doc, lower=PLACE_NOUNS | SEAT_NOUNS):
        if noun.pos_ != "NOUN":
            continue
        container = None
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
        for child in noun.children:
            if child.dep_ not in {"amod", "compound", "poss", "nmod"}:
                continue
            if child.i in ctx.at:
                found = ctx.at[child.i]
            elif child.pos_ == "NOUN" and (definite or child.dep_ == "poss"):
                found = antecedent(ctx.doc, child)  # "Lodwar, the county's main town", "the state capital"
            elif child.lower_ in REGION_ADJECTIVES and definite:
                found = antecedent(ctx.doc, child, classes=("Region",))  # "Hamhung, the provincial capital"
            else:
                found = None
            if found is not None and ctx.coarse(found) == "Place":
                container = found
        if container is None and noun.dep_ == "appos" and noun.lower_ in SEAT_NOUNS and noun.head.i in ctx.at:
            # "Khabarovsk, the administrative center of Russia's Khabarovsk Krai"
            seat = ctx.at[noun.head.i]
            for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    region = ctx.possessed_or_self(pobj)
                    if region is not None and ctx.coarse(region) == "Place" and region is not seat \
                            and seat.cls != "Country":
                        yield Found(seat, "locatedIn", region, noun, "place_description")
            continue
        if container is None:
            continue
        places: list[Cluster] = []
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                places += [ctx.at[t.i] for t in ctx.with_conjuncts(pobj) if t.i in ctx.at]
        if noun.dep_ == "appos" and noun.head.i in ctx.at:
            places.append(ctx.at[noun.head.i])
        for place in _unique(places):
            if ctx.coarse(place) == "Place" and place is not container and place.cls != "Country":
                yield Found(place, "locatedIn", container, noun, "place_description")


REGION_ADJECTIVES = frozenset({"provincial", "regional", "state", "county"})
SEAT_NOUNS = frozenset({"capital", "center", "centre", "seat", "hub"})
PLACE_NOUNS = frozenset({"town", "city", "village", "port", "state", "states", "region", "regions", "province",
                         "provinces", "county", "district", "capital", "towns", "cities", "island", "oblast"})


# Last words of the names of a state's parts: "Henry County, Ala.", "Cameron Parish, La."
SUBDIVISION_HEADS = frozenset({"county", "parish", "district", "borough", "township", "province"})


def place_comma_country(ctx: RuleContext) -> Iterator[Found]:
    """ "Vladivostok, Russia", "Nakhodka, Primorsky Krai", "Henry County, Ala." """
    doc = ctx.doc
    for cluster in ctx.clusters:
        if cluster.cls not in {"City", "Region"}:
            continue
        for _, end in cluster.spans:
            if end + 1 < len(doc) and doc[end].text == "," and end + 1 in ctx.mention_start:
                container, container_end = ctx.mention_start[end + 1]
                listed = container_end < len(doc) and (doc[container_end].lower_ in {"and", "or"} or (
                    doc[container_end].text == "," and container_end + 1 in ctx.mention_start))  # "Riga, Tallinn and …"
                if container is not cluster and not listed and (container.cls == "Country" or (
                        cluster.cls == "City" or _is_subdivision(cluster)) and container.cls == "Region"):
                    for place in [cluster, *_listed_before(ctx, cluster, end, container)]:
                        if not _contradicts_gazetteer(ctx, place, "locatedIn", container):
                            yield Found(place, "locatedIn", container, doc[end], "place_comma_country")


def visit_verb(ctx: RuleContext) -> Iterator[Found]:
    """ "KCUT officials visited MPEI", "the delegation toured X and Y", "traveled to North Korea",
    "attended an exhibition in Russia", "X sent a delegation to Y"."""
    for verb in tokens_where(ctx.doc, lemma=VISIT_VERBS | {"send", "dispatch"}):
        sends_delegation = verb.lemma_.lower() in {"send", "dispatch"} and any(
            c.dep_ == "dobj" and c.lower_ in SENDING_GROUPS for c in verb.children)  # "X sent a delegation to Y"
        if verb.pos_ != "VERB" or (verb.lemma_.lower() not in VISIT_VERBS and not sends_delegation):
            continue
        if verb.lemma_.lower() == "head" and any(c.dep_ == "dobj" for c in verb.children):
            continue  # "headed the Centers for Disease Control in Atlanta" led it, went nowhere
        if not _told_as_done(verb):
            continue  # "will visit", "is to travel to", "plans to tour", "did not go": no visit yet
        subjects = _subjects(ctx, verb)
        if not subjects:
            continue
        targets = []
        for child in verb.children:
            if child.dep_ == "dobj" and sends_delegation:
                targets += [ctx.entity_of(p) for prep in child.children if prep.dep_ == "prep" and prep.lower_ == "to"
                            for p in prep.children if p.dep_ == "pobj"]
            elif child.dep_ == "dobj" and verb.lemma_.lower() != "head":  # "heads the ministry" is leading it
                targets += [_visited_site(ctx, t) for t in ctx.with_conjuncts(child)]
                for prep in (c for c in child.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}):
                    targets += [ctx.entity_of(p) for p in prep.children if p.dep_ == "pobj"]
            if child.dep_ == "prep" and child.lower_ in {"to", "in", "into", "at"}:
                for pobj in (p for p in child.children if p.dep_ == "pobj"):
                    targets += [ctx.entity_of(t) for t in ctx.with_conjuncts(pobj)]
            if child.dep_ == "advmod" and child.lower_ == "where" and verb.dep_ == "relcl":
                targets.append(ctx.at.get(verb.head.i))  # "Blagoveshchensk, where the delegation arrived"
        for subject in subjects:
            for target in targets:
                if target is not None and target is not subject and ctx.coarse(target) != "Person" \
                        and not (verb.lemma_.lower() == "go" and target.cls == "University"):  # went there to study
                    yield Found(subject, "visited", target, verb, "visit_verb", verb.lemma_.lower())


# Auxiliaries of what has not happened or may not: "will visit", "could travel".
UNREALISED_AUXILIARIES = frozenset({"will", "would", "shall", "should", "could", "may", "might", "must", "'ll", "wo"})
# Verbs and adjectives whose complement is a plan, a hope or a duty: "plans to visit", "is to
# travel" ("be"), "is due to arrive", "refused to go".
INTENT_HEADS = frozenset({"plan", "intend", "hope", "expect", "want", "wish", "aim", "be", "go", "set", "due",
                          "prepare", "agree", "promise", "seek", "try", "refuse", "decline", "schedule", "likely",
                          "threaten", "vow", "pledge", "offer", "invite", "urge", "ask"})


def _told_as_done(verb: Token) -> bool:
    """Whether a verb tells of something that happened: not negated, not under a modal, not
    the complement of a plan ("plans to visit", "is to visit")."""
    if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in UNREALISED_AUXILIARIES) for c in verb.children):
        return False
    return not (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in INTENT_HEADS)


def _visited_site(ctx: RuleContext, noun: Token) -> Cluster | None:
    """What a visit to a site visits: the entity named, or the owner of the plant, port or campus
    toured ("toured the Amur Agro plant", "a processing plant operated by Amur Fish Holding")."""
    found = ctx.entity_of(noun)
    if found is not None or noun.lower_ not in SITE_NOUNS:
        return found
    for child in noun.children:
        if child.dep_ in {"compound", "poss"} and child.i in ctx.at:
            return ctx.at[child.i]
        if child.dep_ == "prep" and child.lower_ == "of" or child.dep_ == "acl" and child.lemma_.lower() in {
                "operate", "own", "run", "build", "manage"}:
            for grand in child.subtree:
                if grand.i in ctx.at and ctx.coarse(ctx.at[grand.i]) == "Organization":
                    return ctx.at[grand.i]
    return None


SITE_NOUNS = frozenset({"plant", "factory", "port", "campus", "headquarters", "office", "offices", "laboratory",
                        "laboratories", "lab", "labs", "shipyard", "facility", "facilities", "mine", "farm",
                        "museum", "school", "hospital", "base", "terminal", "site", "mill", "workshop", "vessel"})


# What a visit is before it happens: "a planned visit", "her forthcoming trip".
PLANNED_MODIFIERS = frozenset({"planned", "proposed", "forthcoming", "upcoming", "expected", "scheduled",
                               "possible", "future", "cancelled", "postponed"})


def visit_noun(ctx: RuleContext) -> Iterator[Found]:
    """ "X said during a visit to Lodwar", "Y's trip to Moscow"."""
    for noun in tokens_where(ctx.doc, lemma={"visit", "trip", "tour", "mission", "journey"}):
        if noun.pos_ != "NOUN":
            continue
        targets = [ctx.entity_of(p) for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in {"to", "of"}
                   for p in prep.children if p.dep_ == "pobj" for p in ctx.with_conjuncts(p)]
        if any(c.dep_ == "amod" and c.lower_ in PLANNED_MODIFIERS for c in noun.children):
            continue  # "his planned visit to Sheffield"
        visitors = [ctx.at[c.i] for c in noun.children if c.dep_ in {"poss", "compound"} and c.i in ctx.at]
        if not visitors:
            head = noun.head.head if noun.head.dep_ == "prep" else noun.head
            # who went, as the verb tells it: not "X is to join Y in a visit to Sheffield"
            visitors = _subjects(ctx, head) if head.pos_ in {"VERB", "AUX"} and _told_as_done(head) else []
        for visitor in visitors:
            for target in targets:
                if target is not None and target is not visitor and ctx.coarse(target) != "Person":
                    yield Found(visitor, "visited", target, noun, "visit_noun", noun.lemma_.lower())


def agreement(ctx: RuleContext) -> Iterator[Found]:
    """ "Moscow and Pyongyang signed a treaty", "X inked a memorandum with Y",
    "a memorandum of understanding between X and Y"."""
    for tok in tokens_where(ctx.doc, lemma=AGREEMENT_VERBS | AGREEMENT_NOUNS | LINK_VERBS | AWARD_VERBS):
        parties: list[Cluster] = []
        signers = 0  # how many of `parties` are the verb's subjects
        if tok.pos_ == "VERB" and tok.lemma_.lower() in AGREEMENT_VERBS:
            objects = [c for c in tok.children if c.dep_ == "dobj"]
            if tok.lemma_.lower() != "agree" and not any(o.lemma_.lower() in AGREEMENT_NOUNS for o in objects):
                continue
            parties += _subjects(ctx, tok)
            signers = len(parties)
            preps = [c for c in tok.children if c.dep_ == "prep"] + [
                t for o in objects for t in o.subtree if t.dep_ == "prep" and _in_noun_phrase(t, o)]
            for prep in (p for p in preps if p.lower_ in {"with", "between"}):
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    parties += [e for e in map(ctx.possessed_or_self, ctx.with_conjuncts(pobj)) if e]
        elif tok.lemma_.lower() in AGREEMENT_NOUNS and tok.pos_ == "NOUN":
            # "a memorandum (of understanding) between X and Y"
            for prep in (c for c in tok.subtree if c.dep_ == "prep" and c.lower_ == "between"):
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    parties += [e for e in map(ctx.entity_of, ctx.with_conjuncts(pobj)) if e]
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in LINK_VERBS and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in AGREEMENT_NOUNS for c in tok.children):
            # "A second agreement links SUSI with Karaganda Mining Academy"
            for child in tok.children:
                if child.dep_ == "dobj":
                    parties += [e for e in map(ctx.entity_of, ctx.with_conjuncts(child)) if e]
                if child.dep_ == "prep" and child.lower_ in {"with", "to"}:
                    parties += [e for p in child.children if p.dep_ == "pobj" for e in [ctx.entity_of(p)] if e]
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in AWARD_VERBS and any(
                c.dep_ == "dobj" and c.lemma_.lower() in AGREEMENT_NOUNS for c in tok.children):
            # "X has won a contract from Y"
            parties += _subjects(ctx, tok)
            signers = len(parties)
            for holder in [tok, *[c for c in tok.children if c.dep_ == "dobj"]]:
                for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ in {"from", "with"}):
                    parties += [e for p in prep.children if p.dep_ == "pobj" for e in [ctx.possessed_or_self(p)] if e]
        else:
            continue
        for a, b in _agreement_pairs(ctx, parties, signers):
            yield Found(a, "agreementWith", b, tok, "agreement", tok.lemma_.lower())


def _agreement_pairs(ctx: RuleContext, parties: list[Cluster], signers: int) -> Iterator[tuple[Cluster, Cluster]]:
    """Who agreed with whom. The first `signers` parties are the verb's subjects: "X signed
    agreements with A, B and C" binds X to each of A, B and C, not A to B; "Moscow and Pyongyang
    signed a treaty" and "a deal between A and B" bind the parties named together."""
    def usable(group: Iterable[Cluster]) -> list[Cluster]:
        return _unique(ctx.capital_to_country(p) for p in group if ctx.coarse(p) != "Person")
    subjects, partners = usable(parties[:signers]), usable(parties[signers:])
    partners = [p for p in partners if all(p is not s for s in subjects)]
    if subjects and partners:
        for subject in subjects:
            for partner in partners:
                yield subject, partner
        return
    together = subjects or partners
    for a_index, a in enumerate(together):
        for b in together[a_index + 1:]:
            yield a, b


def _in_noun_phrase(tok: Token, head: Token) -> bool:
    """Whether `tok` hangs from `head` through nouns and prepositions only: "a memorandum of
    understanding on academic cooperation with X", not "a memorandum that was drafted with X"."""
    while tok.i != head.i:
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.pos_ not in {"NOUN", "PROPN", "ADP", "ADJ"} and tok.i != head.i:
            return False
    return True


def citation(ctx: RuleContext) -> Iterator[Found]:
    """ "Mediazona, citing figures from the Border Service", "data from X, cited by Y",
    "Using data from X, the outlet Y …", "KCNA quoted a statement by X", "X said, according to
    Interfax"."""
    doc = ctx.doc
    for tok in tokens_where(ctx.doc, lower=CITING_WORDS, lemma={"tell"}):
        low = tok.lower_
        if low in {"cited", "quoted"} and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "by":
            orgs_before, orgs_after = _organizations_around(ctx, tok)
            if orgs_before and orgs_after:
                yield Found(orgs_after[0], "cites", orgs_before[-1], tok, "citation", f"{low} by")
        elif tok.lemma_.lower() == "tell" and tok.pos_ == "VERB":
            outlet = next((ctx.entity_of(c) for c in tok.children if c.dep_ in {"dobj", "dative"}), None)
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            speakers = _subjects(ctx, tok) + [ctx.entity_of(p) for c in subjects for prep in c.children
                                              if prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj"]
            speaker = next((s for s in speakers if s is not None and ctx.coarse(s) == "Organization"
                            and (s.cls != "Organization" or s.certainty > 1)), None)  # not "Choi told AFP"
            if outlet is not None and outlet.cls == "MediaOrganization" and speaker is not None \
                    and speaker is not outlet:
                yield Found(outlet, "cites", speaker, tok, "citation", "told")  # "the ministry told Interfax"
        elif low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            found = _according_to(ctx, tok)
            if found is not None:
                yield found
        elif low in {"citing", "cites", "cite", "quoting", "quoted", "quotes"} or (
                low == "using" and _data_from(doc, tok)):
            source = source_after(ctx, tok)
            if source is None:
                continue
            orgs_before, orgs_after = _organizations_around(ctx, tok)
            citer = next((o for o in reversed(orgs_before) if o is not source), None)
            if citer is None and low == "using":
                citer = next((o for o in orgs_after if o is not source and not _in_subtree(ctx, o, tok)), None)
            if citer is not None and citer is not source:
                yield Found(citer, "cites", source, tok, "citation", low)


def _organizations_around(ctx: RuleContext, tok: Token) -> tuple[list[Cluster], list[Cluster]]:
    """The organizations named in `tok`'s sentence before it and after it, in order."""
    sent = tok.sent
    before = [ctx.at[i] for i in range(sent.start, tok.i) if i in ctx.at and ctx.coarse(ctx.at[i]) == "Organization"]
    after = [ctx.at[i] for i in range(tok.i + 1, sent.end) if i in ctx.at and ctx.coarse(ctx.at[i]) == "Organization"]
    return before, after


def _according_to(ctx: RuleContext, according: Token) -> Found | None:
    """ "the Border Service said on Monday, according to Interfax": the outlet cites whoever
    said it. Only an outlet cites: "according to the ministry" names a source, not a citer."""
    outlet = next((ctx.entity_of(p) for p in ctx.doc[according.i + 1].children if p.dep_ == "pobj"), None)
    if outlet is None or outlet.cls != "MediaOrganization":
        return None
    verb = according.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    for _ in range(2):  # "X said 40 were detained, according to Y": up from what was said to "said"
        if verb.lemma_.lower() in REPORT_VERBS or verb.dep_ not in {"ccomp", "conj"}:
            break
        verb = verb.head
    if verb.lemma_.lower() not in REPORT_VERBS:
        return None
    speaker = next((s for s in _subjects(ctx, verb) if ctx.coarse(s) == "Organization" and s is not outlet), None)
    if speaker is None:
        return None
    return Found(outlet, "cites", speaker, according, "citation", "according to")


def _data_from(doc: Doc, tok: Token) -> bool:
    return any(t.lower_ in {"data", "figures", "statistics", "numbers", "information"} for t in doc[tok.i + 1:tok.i + 4])


def source_after(ctx: RuleContext, trigger: Token) -> Cluster | None:
    """The organization a citation names: the one the "from" phrase ends in, else the first after."""
    for tok in trigger.subtree:
        if tok.lower_ == "from" and tok.dep_ == "prep":
            for pobj in (p for p in tok.children if p.dep_ == "pobj"):
                found = ctx.at.get(pobj.i)
                if found is not None and ctx.coarse(found) == "Organization":
                    return found
    return next((ctx.at[t.i] for t in trigger.subtree if t.i > trigger.i and t.i in ctx.at
                 and ctx.coarse(ctx.at[t.i]) == "Organization"), None)


def _in_subtree(ctx: RuleContext, cluster: Cluster, trigger: Token) -> bool:
    return any(ctx.at.get(t.i) is cluster for t in trigger.subtree)


def deployment(ctx: RuleContext) -> Iterator[Found]:
    """ "the deployment of North Korean troops to Russia", "10,000 North Korean soldiers … in
    Russia's Kursk region"."""
    doc = ctx.doc
    for tok in tokens_where(ctx.doc, lemma=DEPLOY_NOUNS):
        if tok.pos_ != "NOUN":
            continue
        sender = next((ctx.at[c.i] for c in tok.children if c.dep_ in {"amod", "compound", "poss", "nmod"}
                       and c.i in ctx.at and ctx.at[c.i].cls == "Country"), None)
        if sender is None:
            continue
        sent = tok.sent
        deploy_words = any(t.lemma_.lower() in DEPLOY_VERBS | {"deployment", "present", "presence"} for t in sent)
        if not deploy_words:
            continue
        destination = None
        for t in doc[tok.i + 1:sent.end]:
            if t.lower_ in {"to", "in", "into"} and t.dep_ == "prep":
                places = [ctx.at[p.i] for p in t.subtree if p.i in ctx.at and ctx.coarse(ctx.at[p.i]) == "Place"]
                # "in Russia's Kursk region": the most specific place is the last one named
                if places:
                    destination = places[-1]
                    break
        if destination is not None and destination is not sender:
            yield Found(sender, "deployedTo", destination, tok, "deployment", tok.lemma_.lower())


def deploy_verb(ctx: RuleContext) -> Iterator[Found]:
    """ "Sweden will deploy 600 soldiers to Latvia's Latgale region", "the ministry has deployed
    teams to Lodwar and to Kakuma", "has stationed officers in the states of Brandenburg and Saxony"."""
    for verb in tokens_where(ctx.doc, lemma=DEPLOY_VERBS - {"move", "post", "transfer"}):
        if verb.pos_ != "VERB":
            continue
        if verb.lemma_.lower() == "send" and not any(c.dep_ == "dobj" and c.lemma_.lower() in DEPLOY_NOUNS
                                                     for c in verb.children):
            continue  # "sent a delegation" is no deployment
        senders = [s for s in _subjects(ctx, verb) if ctx.coarse(s) in {"Organization", "Place"}]
        if not senders:
            continue
        destinations: list[Cluster] = []
        holders = [verb, *[c for c in verb.children if c.dep_ == "dobj"]]
        for holder in holders:
            for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ in {"to", "in", "into"}):
                destinations += _places_under(ctx, prep)
                for conj in (c for c in prep.conjuncts):
                    destinations += _places_under(ctx, conj)
        for sender in senders:
            for place in _unique(destinations):
                if place is not sender:
                    yield Found(sender, "deployedTo", place, verb, "deploy_verb", verb.lemma_.lower())


def _places_under(ctx: RuleContext, prep: Token) -> list[Cluster]:
    """The places a preposition leads to; "Latvia's Latgale region" gives the region, "the states of
    Brandenburg and Saxony" both states."""
    out = []
    for pobj in (p for p in prep.children if p.dep_ == "pobj"):
        for tok in ctx.with_conjuncts(pobj):
            found = ctx.at.get(tok.i)
            if found is None:
                for of in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
                    out += [ctx.at[p.i] for q in of.children if q.dep_ == "pobj"
                            for p in ctx.with_conjuncts(q) if p.i in ctx.at]
            elif ctx.coarse(found) == "Place":
                out.append(found)
    return [p for p in out if ctx.coarse(p) == "Place"]


def _subjects(ctx: RuleContext, verb: Token) -> list[Cluster]:
    """The entities doing what a verb says, following participles up to their main verb."""
    head = verb
    for _ in range(3):
        subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        subjects = [_who(ctx, head.head) if s.lower_ == "who" and head.dep_ == "relcl"
                    else _described(ctx, head.head) if s.lower_ in {"which", "that"} and head.dep_ == "relcl" else s
                    for s in subjects]  # "Kozlovsky, who visited Rason"
        if subjects:
            found = [ctx.possessed_or_self(t) for s in subjects for t in ctx.with_conjuncts(s)]
            return _unique(f for f in found if f is not None)
        if head.dep_ in {"advcl", "xcomp", "conj", "acl"} and head.head.i != head.i:
            head = head.head
        else:
            break
    return []


def _described(ctx: RuleContext, noun: Token) -> Token:
    """The name a noun describes in apposition ("Kelda, the UN mapping organisation that …"),
    else the noun."""
    return noun.head if noun.dep_ == "appos" and noun.pos_ == "NOUN" and noun.head.i in ctx.at else noun


def _who(ctx: RuleContext, noun: Token) -> Token:
    """The person a "who" clause is about, when the parser hung it on the person's description
    or a place inside it: "Anna Berg, a schoolteacher from Bergen who visited …"."""
    found, tok = ctx.at.get(noun.i), noun
    if found is not None and ctx.coarse(found) != "Place":
        return noun  # "Kozlovsky, who …"; else "a teacher (from Bergen) who …": the person described
    for _ in range(4):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        found = ctx.at.get(tok.i)
        if found is not None and found.cls == "Person":
            return tok
    return noun


def _unique(clusters: Iterable[Cluster]) -> list[Cluster]:
    seen, out = set(), []
    for c in clusters:
        if id(c) not in seen:
            seen.add(id(c))
            out.append(c)
    return out


RULES: tuple[Rule, ...] = (
    title_before_name, party_title_before_name, company_descriptor, country_noun_before_name, title_of_place_before_name, title_apposition, copular_role, minister_of_ministry, led_by, leads_verb, role_apposition, possessive, its_part, organization_before_name, name_prefix, of_the_parent,
    based_in, credit_line,
    person_of_org, works_for, member_as, part_of_phrase, place_in_place, located_in, part_description, org_in_place, place_description, place_comma_country, visit_verb, visit_noun, agreement, citation,
    deployment, deploy_verb,
)


def meetings(ctx: RuleContext) -> Iterator[tuple[list[Cluster], Token]]:
    """Meetings, talks and workshops with the entities that took part."""
    for tok in tokens_where(ctx.doc, lemma=MEETING_VERBS | MEETING_NOUNS):
        lemma = tok.lemma_.lower()
        if (tok.pos_ == "VERB" and lemma in MEETING_VERBS) or (tok.pos_ == "NOUN" and lemma in MEETING_NOUNS
                                                                and tok.dep_ in {"dobj", "nsubj", "pobj"}):
            parties = _subjects(ctx, tok if tok.pos_ == "VERB" else tok.head)
            for child in tok.children:
                if child.dep_ in {"dobj"} or (child.dep_ == "prep" and child.lower_ in {"with", "between"}):
                    objs = [child] if child.dep_ == "dobj" else [p for p in child.children if p.dep_ == "pobj"]
                    parties += [e for o in objs for e in map(ctx.entity_of, ctx.with_conjuncts(o)) if e]
            parties = _unique(parties)
            if len(parties) >= 2:
                yield parties, tok


# -- component -----------------------------------------------------------------------------
MODES = ("both", "rules", "model")


@Language.factory(
    "newskg_relations",
    assigns=["doc._.nkg_relations", "doc._.nkg_events"],
    requires=["doc._.nkg_entities", "token.dep"],
    default_config={"mode": "both", "home_country": None},
)
def make_relation_extractor(nlp: Language, name: str, mode: str, home_country: str | None) -> RelationExtractor:
    return RelationExtractor(name, mode, home_country)


class RelationExtractor:
    """The rules, and the trained classifier (`relation_model`) for the pairs no rule ties:
    mode "both" (the default), "rules" or "model" alone (for the ablation). `home_country`,
    the gazetteer's name of the outlet's country, is the owner of a government's titles
    written without one (`home_country_titles`)."""

    def __init__(self, name: str, mode: str = "both", home_country: str | None = None) -> None:
        register_extensions()
        if mode not in MODES:
            raise ValueError(f"relation mode {mode!r}: expected one of {', '.join(MODES)}")
        self.name = name
        self.mode = mode
        self.home_country = home_country
        self.gazetteer = Gazetteer({})
        self.confidence: dict[str, float] = {}
        self.model: RelationModel | None = None

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None,
                   gazetteer: Gazetteer | None = None, confidence: dict[str, float] | None = None,
                   model: RelationModel | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.from_file()
        if self.home_country:
            self.home_country = self.gazetteer.country_called(self.home_country)
        self.confidence = confidence if confidence is not None else load_rule_confidence()
        self.model = model if model is not None else RelationModel.from_file()

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / RULE_CONFIDENCE_FILE).write_text(json.dumps(self.confidence), encoding="utf-8")
        (path / "gazetteer.json").write_text(json.dumps(self.gazetteer.data), encoding="utf-8")
        if self.model is not None:
            (path / MODEL_FILE).write_text(json.dumps(self.model.to_json()), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RelationExtractor:
        path = Path(path)
        self.confidence = json.loads((path / RULE_CONFIDENCE_FILE).read_text(encoding="utf-8"))
        self.gazetteer = Gazetteer(json.loads((path / "gazetteer.json").read_text(encoding="utf-8")))
        self.model = RelationModel.from_file(path / MODEL_FILE)
        return self

    def __call__(self, doc: Doc) -> Doc:
        ctx = RuleContext(doc, self.gazetteer)
        relations: dict[tuple, Relation] = {}
        events: list[Event] = []
        found_all = [found for rule in RULES for found in rule(ctx)] if self.mode != "model" else []
        if self.home_country and self.mode != "model":
            found_all += list(home_country_titles(ctx, self.home_country, found_all))
        model_confidence: dict[int, float] = {}  # the model's probability, until `make calibrate` measures it
        if self.mode != "rules" and self.model is not None:
            for found, probability in list(self._classified(ctx, found_all)):
                found_all.append(found)
                model_confidence[id(found)] = round(probability, 3)
        called_leader: dict[int, set[int]] = {}  # a body's id -> the ids of those a "leader" title ties to it
        for f in found_all:
            if f.predicate == "leaderOf" and f.trigger.split()[-1:] == ["leader"]:
                called_leader.setdefault(id(f.object), set()).add(id(f.subject))
        for found in found_all:
            if found.subject is found.object:
                continue
            found = _leadership_as_titled(ctx, found, called_leader)
            evidence = sentence_evidence(found.anchor.sent)
            relation = Relation(
                subject=found.subject.key, predicate=found.predicate, object=found.object.key,
                evidence=evidence, extractor=found.rule,
                confidence=self.confidence.get(found.rule) or model_confidence.get(id(found)) or DEFAULT_CONFIDENCE,
            )
            key = (relation.subject, relation.predicate, relation.object, evidence.start)
            relations.setdefault(key, relation)
            event_cls = _EVENT_OF_RELATION.get(found.predicate)
            if event_cls:
                events.append(_event(ctx, event_cls, found.trigger or found.predicate,
                                     [found.subject, found.object], found.anchor, found.rule, relation.confidence))
        for parties, anchor in meetings(ctx):
            events.append(_event(ctx, "Meeting", anchor.lemma_.lower(), parties, anchor, "meeting",
                                 self.confidence.get("meeting", DEFAULT_CONFIDENCE)))
        doc._.nkg_relations = list(relations.values())
        doc._.nkg_events = _merge_events(events)
        return doc


    def _classified(self, ctx: RuleContext, by_rules: list[Found]) -> Iterator[tuple[Found, float]]:
        """What the classifier finds between entities of a sentence that no rule tied there:
        a rule's reading of a pair is surer than the model's, whichever way it points."""
        assert self.model is not None
        tied = {(found.anchor.sent.start, frozenset((id(found.subject), id(found.object)))) for found in by_rules}
        facts = TokenFacts(ctx.doc)  # each token's facts read once, for every pair it is in
        for sentence in ctx.doc.sents:
            mentions = sentence_mentions(sentence, ctx.clusters)
            if len(mentions) < 2 or is_dateline_sentence(sentence):
                continue
            for candidate in candidates(sentence, mentions):
                if (sentence.start, frozenset((id(candidate.subject), id(candidate.object)))) in tied:
                    continue
                if _after_past(ctx.doc, candidate.object_span.start):
                    continue  # "Former NatWest chief executive X", "X, a former chairman of Y": no longer its
                if ctx.coarse(candidate.object) == "Place" and candidate.object_span.root.conjuncts:
                    continue  # "operations in Australia, South Africa, Spain": a list of where it works
                if _someone_elses_title(ctx, candidate):
                    continue  # "A Labour Party spokesman criticised Michael Howard's record": the spokesman's
                predicted = self.model.predict(candidate, facts)
                if predicted is not None and not _contradicts_gazetteer(ctx, candidate.subject, predicted[0],
                                                                          candidate.object, regions=True):
                    predicate, probability = predicted
                    yield Found(candidate.subject, predicate, candidate.object, candidate.subject_span.root,
                                MODEL_EXTRACTOR), probability


def _of_a_former_role(tok: Token) -> bool:
    """Whether the name `tok` is part of hangs, through "of", "for", "to", "at" or "with", from a
    role said to be past: "a barrister and former chairman of the Kelda Trust"."""
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head  # "Kelda" in "the Kelda Trust": the name's head
    for _ in range(2):
        if tok.dep_ != "pobj" or tok.head.lower_ not in {"of", "for", "to", "at", "with"}:
            return False
        role = tok.head.head
        if any(c.lower_ in PAST_MODIFIERS for c in role.children if c.dep_ in {"amod", "compound", "advmod"}):
            return True
        tok = role
    return False


def _someone_elses_title(ctx: RuleContext, candidate: Candidate) -> bool:
    """Whether the organization qualifies a lower-case title of an unnamed person, not the
    person of the pair: "A Labour Party spokesman said ... Mr Blair"."""
    head = candidate.object_span.root
    if head.dep_ != "compound" or not head.head.is_lower or head.head.lower_ not in _ALL_TITLES:
        return False
    title = head.head
    return ctx.at.get(title.head.i) is not candidate.subject and not any(
        ctx.at.get(c.i) is candidate.subject for c in title.children if c.dep_ in {"appos", "compound"})


MODEL_EXTRACTOR = "relation_model"

# Officers of a party who do not lead it (in Britain its leader does): "party chairman X",
# "Lib Dem president Y".
PARTY_OFFICERS = frozenset({"chairman", "chairwoman", "chair", "chairperson", "co-chairman", "president"})


def _leadership_as_titled(ctx: RuleContext, found: Found, called_leader: dict[int, set[int]]) -> Found:
    """A leadership that the title read does not give, read as membership: "Commons leader X"
    (who manages a legislature's business), a party's chairman or president, and the chairman
    of a body whose leader the text names as another ("UKIP leader X", "UKIP's chairman Y")."""
    if found.predicate != "leaderOf" or not found.trigger:
        return found
    title = found.trigger.split()[-1]
    if title == "leader":
        demoted = _is_a_legislature(found.object)
    else:
        others = called_leader.get(id(found.object), set()) - {id(found.subject)}
        demoted = title in PARTY_OFFICERS and (bool(others) or _is_a_party(ctx, found.object))
    return replace(found, predicate="affiliatedWith") if demoted else found


# Last words of the names of legislatures, whose "leader" (of the House, of a majority) is no head.
LEGISLATURE_NAMES = frozenset({"commons", "lords", "parliament", "senate", "assembly", "congress", "duma",
                               "legislature", "representatives"})


def _is_a_legislature(cluster: Cluster) -> bool:
    return cluster.cls in {"Organization", "GovernmentBody"} \
        and any(name.split()[-1].lower() in LEGISLATURE_NAMES for name in cluster.names)


def _is_a_party(ctx: RuleContext, cluster: Cluster) -> bool:
    """Whether the text shows `cluster` to be a political party: a name ending "Party", or a
    name written before words only a party's people are ("Lib Dem MPs"), or before "parties",
    or what "the party" after it refers to ("UKIP chairman X … the party's leader"), or a
    body the model calls a group of people ("Tory")."""
    if any(name.lower().endswith(" party") for name in cluster.names):
        return True
    doc = ctx.doc
    if cluster.cls == "Organization" and normalize_name(cluster.name) in (doc._.nkg_groups or ()):
        return True
    if cluster.cls == "Organization" and any(antecedent(doc, tok) is cluster for tok in tokens_where(
            doc, lower={"party"}) if tok.i > 0 and doc[tok.i - 1].lower_ == "the"):
        return True  # not a company or a ministry "the party" happens to follow
    sizes = {len(name.split()) for name in cluster.names}
    return any(ctx.at.get(tok.i - 1) is cluster or any(doc[max(0, tok.i - n):tok.i].text in cluster.names for n in sizes)
               for tok in tokens_where(doc, lower=PARTY_MEMBER_WORDS | {"party", "parties"}) if tok.i > 0)


def _contradicts_gazetteer(ctx: RuleContext, subject: Cluster, predicate: str, obj: Cluster, *,
                           regions: bool = False) -> bool:
    """Whether a place said to be in a country is, to the gazetteer, in another one ("Moscow in
    North Korea" of a sentence naming both), or a country is said to be in something. With
    `regions`, a region's country counts too ("London" and "Illinois"): for what no text states
    of the pair itself, a place listed before another's container or a pair the model reads;
    "San Jose, California" stands as written."""
    if predicate != "locatedIn" or ctx.coarse(subject) != "Place":
        return False
    if subject.cls == "Country":
        return True
    known = ctx.gazetteer.lookup(subject.name)
    if not (known and known.country) or (obj.cls != "Country" and not regions):
        return False
    lies_in = ctx.gazetteer.lookup(obj.name)
    country = obj.name if obj.cls == "Country" else lies_in.country if lies_in else None
    return country is not None and country != known.country


def _event(ctx: RuleContext, cls: str, trigger: str, parties: list[Cluster], anchor: Token,
           rule: str, confidence: float) -> Event:
    place = next((p for p in reversed(parties) if ctx.coarse(p) == "Place"), None)
    dates = [first_day(e.text, ctx.doc._.nkg_date) for e in ctx.dates_in(anchor.sent)]
    dates = [d for d in dates if d]
    return Event(
        cls=cls, trigger=trigger, participants=tuple(p.key for p in parties),
        evidence=sentence_evidence(anchor.sent), extractor=rule, confidence=confidence,
        place=place.key if place else None, date=dates[0] if dates else None,
    )


def _merge_events(events: list[Event]) -> list[Event]:
    """One event per kind and sentence, with everyone the sentence says took part."""
    merged: dict[tuple[str, int], Event] = {}
    for event in events:
        key = (event.cls, event.evidence.start)
        if key in merged:
            old = merged[key]
            participants = tuple(dict.fromkeys(old.participants + event.participants))
            merged[key] = Event(old.cls, old.trigger, participants, old.evidence, old.extractor,
                                max(old.confidence, event.confidence), old.place or event.place, old.date)
        else:
            merged[key] = event
    return list(merged.values())


def sentence_evidence(sent: Span) -> Evidence:
    """The sentence verbatim, without surrounding white space, with its character offsets."""
    text = sent.text  # the document's characters from start_char to end_char, without building all of them
    stripped = text.strip()
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return Evidence(sentence=stripped, start=start, end=start + len(stripped))


def load_rule_confidence(path: str | Path | None = None) -> dict[str, float]:
    """Each rule's precision, measured on the annotated development articles."""
    try:
        if path is None:
            text = resources.files("newskg.extract").joinpath("data", RULE_CONFIDENCE_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = json.loads(text)
    return {rule: float(v["precision"]) if isinstance(v, dict) else float(v) for rule, v in data.get("rules", data).items()}
