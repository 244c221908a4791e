"""One cluster per real thing in a document.

Names join a cluster when they are the same name normalized, a known alias (gazetteer,
demonym), an acronym the text defined, a person's surname after the full name, or a bare
place name after "X region". Nominal references ("the department", "its", "his university")
are resolved on demand by `antecedent`, which relation rules call.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..extensions import register_extensions
from ..lexicon import INDUSTRY_HEADS, ORG_HEADS
from ..given_names import person_gender
from ..names import clean_surface, is_acronym, normalize_name
from ..records import COARSE_CLASS

# The generic tail of a place name: "Kursk region", "Rason Special Economic Zone".
_PLACE_TAIL = re.compile(
    r"(\s+(special|free|economic|trade|autonomous|administrative|federal|industrial|development|border|"
    r"region|province|oblast|krai|prefecture|governorate|district|zone|territory|area|county|state))+$", re.I)
_ZONE_TAIL = re.compile(r"\b(zone|special|economic|free|trade|industrial|development)\b", re.I)
# Pronoun / nominal head -> coarse classes it can refer to.
NOMINAL_CLASSES = {
    "its": ("Organization", "Place"), "their": ("Organization", "Place"),
    "his": ("Organization",), "her": ("Organization",),
    "country": ("Country",), "nation": ("Country",), "city": ("City",), "capital": ("City",),
    "region": ("Region",), "province": ("Region",), "county": ("Region",), "state": ("Region",),
    "zone": ("Region",), "area": ("Region", "City"),
    "watchdog": ("GovernmentBody",), "regulator": ("GovernmentBody",),
    **{head: (cls,) for head, cls in ORG_HEADS.items() if head not in INDUSTRY_HEADS},
}


@dataclass
class Cluster:
    key: str
    cls: str
    names: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # token offsets
    acronyms: list[str] = field(default_factory=list)
    kb: str = ""
    certainty: int = 1

    @property
    def name(self) -> str:
        return self.names[0]


@Language.factory(
    "newskg_coref",
    assigns=["doc._.nkg_entities"],
    requires=["doc.ents", "doc._.nkg_acronyms"],
    default_config={},
)
def make_coref(nlp: Language, name: str) -> NameClusterer:
    return NameClusterer(name)


class NameClusterer:
    def __init__(self, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.nkg_entities = cluster_names(doc)
        return doc


def entity_spans(doc: Doc) -> list[Span]:
    return [e for e in doc.ents if e.label_ in COARSE_CLASS or e.label_ == "NORP"]


def cluster_names(doc: Doc) -> list[Cluster]:
    spans = entity_spans(doc)
    acronyms: dict[str, str] = doc._.nkg_acronyms or {}
    certainty: dict[tuple[int, int], int] = doc._.nkg_certainty or {}
    titled: dict[tuple[int, int], str] = doc._.nkg_titled or {}
    surname_owners: dict[str, set[str]] = {}
    bare_places: dict[str, str] = {}
    bare_orgs: dict[str, str] = {}
    for span in spans:
        surface = clean_surface(span.text)
        words = surface.split()
        if span.label_ == "Person" and len(words) > 1:
            for k in range(1, len(words)):  # "Abu Rumman" and "Rumman" for "Khaled Abu Rumman"
                surname_owners.setdefault(" ".join(words[k:]), set()).add(normalize_name(surface))
        match = _PLACE_TAIL.search(surface)
        if COARSE_CLASS.get(span.label_) == "Place" and match and match.start() > 0:
            bare_places.setdefault(normalize_name(surface[: match.start()]), normalize_name(surface))
        stem = _org_stem(surface) if COARSE_CLASS.get(span.label_) == "Organization" else None
        if stem:
            bare_orgs.setdefault(normalize_name(stem), normalize_name(surface))
    companies_named_short = _companies_named_short(spans, certainty)
    short_orgs = _short_org_names(spans, companies_named_short)
    # "Blair" after "Tony Blair"; but after "Tony Blair" and "Cherie Blair" it names neither for sure
    surnames = {surname: next(iter(owners)) for surname, owners in surname_owners.items() if len(owners) == 1}

    clusters: dict[str, Cluster] = {}
    order: list[str] = []
    titled_names: dict[str, list[str]] = {}
    genders: dict[str, str] = {}  # person's ident -> "m" / "f", as an honorific first said
    for span in spans:
        surface = clean_surface(span.text)
        if not surface:
            continue
        cls = "Country" if span.label_ == "NORP" else companies_named_short.get((span.start, span.end), span.label_)
        if cls == "Person" and normalize_name(surface) in bare_orgs and certainty.get((span.start, span.end), 1) < 3:
            cls = "Organization"  # "Labour" the model took for a person, where the text says "Labour Party"
        short_of = short_orgs.get(surface) if certainty.get((span.start, span.end), 1) < 3 else None
        if short_of is not None and cls in {"Person", "Organization"}:
            cls = short_of[1]  # "Pernod" after "Pernod Ricard", "Allied" after "Allied Domecq"
        coarse = COARSE_CLASS[cls]
        zone = bare_places.get(normalize_name(surface)) if coarse == "Place" else None
        if zone is not None and _ZONE_TAIL.search(zone):
            ident = zone  # "Rason" after "Rason Special Economic Zone" is the zone, as news writes it
        elif span.kb_id_:
            ident = normalize_name(span.kb_id_)
        elif surface in acronyms:
            ident = normalize_name(acronyms[surface])
        elif cls == "Person" and surface in surnames and normalize_name(surface) != surnames[surface] \
                and _same_gender(genders, surnames[surface], titled.get((span.start, span.end), "")):
            ident = surnames[surface]  # "Mr Howard" after "Michael Howard"; not "Mrs Howard" after "Mr Howard"
        elif coarse == "Place" and normalize_name(surface) in bare_places:
            ident = bare_places[normalize_name(surface)]
        elif short_of is not None and coarse == "Organization":
            ident = short_of[0]
        elif coarse == "Organization" and normalize_name(surface) in bare_orgs:
            ident = bare_orgs[normalize_name(surface)]  # "Labour" after "Labour Party"
        else:
            ident = normalize_name(surface)
        gender = person_gender(titled.get((span.start, span.end)) or surface) if cls == "Person" else None
        if gender is not None and genders.get(ident, gender) != gender:
            ident = f"{ident} {gender}"  # "Mrs Howard" after "Mr Howard" with no full name: his wife, not him
        key = f"{coarse}:{ident}"
        if gender is not None:
            genders.setdefault(ident, gender)
        cluster = clusters.get(key)
        if cluster is None:
            cluster = clusters[key] = Cluster(key=key, cls=cls, kb=span.kb_id_)
            order.append(key)
        cluster.spans.append((span.start, span.end))
        cluster.certainty = max(cluster.certainty, certainty.get((span.start, span.end), 1))
        if span.label_ == "NORP":
            continue  # a demonym mentions the country but is not one of its names
        if is_acronym(surface) and surface not in cluster.acronyms:
            cluster.acronyms.append(surface)
        if surface not in cluster.names and any(ch.isupper() for ch in surface):
            cluster.names.append(surface)
        tail = _PLACE_TAIL.search(surface) if coarse == "Place" else None
        if tail and tail.start() > 0 and surface[: tail.start()] not in cluster.names:
            cluster.names.append(surface[: tail.start()])
        stem = _org_stem(surface) if coarse == "Organization" else None
        if stem and stem not in cluster.names:
            cluster.names.append(stem)  # "Labour" for "Labour Party", as other articles write it
        form = clean_surface(titled.get((span.start, span.end), ""))
        if form and form not in titled_names.setdefault(key, []):
            titled_names[key].append(form)
    result = []
    for key in order:
        cluster = clusters[key]
        if not cluster.names and cluster.kb:
            cluster.names.append(cluster.kb)
        if not cluster.names:
            continue
        cluster.names = _canonical_first(cluster)
        # "Mr Blair", "Gov. Cecil Andrus": how the text also calls the person, after every name
        cluster.names += [form for form in titled_names.get(key, ()) if form not in cluster.names]
        cluster.cls = _best_class(doc, cluster, companies_named_short)
        result.append(cluster)
    return result


def _companies_named_short(spans: list[Span], certainty: dict[tuple[int, int], int]) -> dict[tuple[int, int], str]:
    """Person-typed names the model guessed ("Pernod Ricard") whose first word the text calls an
    organization on surer grounds ("Pernod shares", "drinks group Pernod"): span -> that class."""
    sure_orgs = {clean_surface(s.text): s.label_ for s in spans if COARSE_CLASS.get(s.label_) == "Organization"
                 and len(s) == 1 and certainty.get((s.start, s.end), 1) >= 2}
    found = {}
    for span in spans:
        words = clean_surface(span.text).split()
        if span.label_ == "Person" and 2 <= len(words) <= 3 and certainty.get((span.start, span.end), 1) < 2 \
                and words[0] in sure_orgs:
            found[(span.start, span.end)] = sure_orgs[words[0]]
    return found


def _short_org_names(spans: list[Span], relabelled: dict[tuple[int, int], str]) -> dict[str, tuple[str, str]]:
    """First word -> (normalized name, class) of each two- or three-word organization name whose
    first word is a name of its own, as news shortens "Pernod Ricard" to "Pernod"; not a
    generic word ("Bank", "National") and not one two organizations of the text share. And a
    house of parliament by its last word: "Commons" for "House of Commons"."""
    found: dict[str, set[tuple[str, str]]] = {}
    for span in spans:
        words = clean_surface(span.text).split()
        label = relabelled.get((span.start, span.end), span.label_)
        if COARSE_CLASS.get(label) != "Organization" or not 2 <= len(words) <= 3 or is_acronym(words[0]):
            continue
        if len(words) == 3 and words[0] == "House" and words[1] == "of" and words[2][:1].isupper():
            found.setdefault(words[2], set()).add((normalize_name(span.text), label))
            continue  # "the Commons", "the Lords": parliaments' houses go by their last word
        first = words[0]
        if not first[:1].isupper() or first.lower() in ORG_HEADS or first.lower() in SHORT_NAME_STOPWORDS \
                or span[0].ent_type_ in {"GPE", "NORP", "LOC"} or any(t.lower_ in {"of", "for", "and", "&"} for t in span):
            continue
        found.setdefault(first, set()).add((normalize_name(span.text), label))
    return {first: next(iter(owners)) for first, owners in found.items() if len({o for o, _ in owners}) == 1}


# First words of organizations' names that say nothing by themselves.
SHORT_NAME_STOPWORDS = frozenset({"the", "new", "national", "international", "united", "general", "royal", "first",
                                  "world", "global", "american", "british", "european", "north", "south", "east",
                                  "west", "northern", "southern", "eastern", "western", "central", "federal", "state"})


def _same_gender(genders: dict[str, str], ident: str, titled: str) -> bool:
    """Whether a titled mention ("Mrs Howard") can be the person `ident` as far as honorifics tell."""
    gender = person_gender(titled)
    return gender is None or genders.get(ident, gender) == gender


# Last words that make an organization's name formal without making it distinctive: news
# writes "Labour" as often as "Labour Party", "Allied Domecq" for "Allied Domecq plc".
ORG_NAME_SUFFIXES = frozenset({"party", "plc", "inc", "corp", "corporation", "ltd", "llc", "co", "limited",
                               "holdings", "group"})


def _org_stem(surface: str) -> str | None:
    """ "Labour" for "Labour Party": the name without a formal last word, when what remains is
    a name of its own (capitalised, not a bare article or initial)."""
    words = surface.split()
    if len(words) < 2 or words[-1].lower().rstrip(".") not in ORG_NAME_SUFFIXES or not words[-1][:1].isupper():
        return None
    stem = " ".join(words[:-1]).rstrip(" ,&")
    if len(stem) < 3 or not stem[:1].isupper() or stem.lower() in {"the", "new", "national", "international"}:
        return None
    return stem


def _canonical_first(cluster: Cluster) -> list[str]:
    if cluster.kb:
        best = cluster.kb
    else:
        full = [n for n in cluster.names if not is_acronym(n)] or cluster.names
        best = max(full, key=lambda n: (len(n.split()), len(n)))
    return [best] + [n for n in cluster.names if n != best]


def _best_class(doc: Doc, cluster: Cluster, relabelled: dict[tuple[int, int], str] | None = None) -> str:
    """The class of the most informative mention: a known one, else the longest."""
    if cluster.kb:
        return cluster.cls
    votes: Counter[str] = Counter()
    for start, end in sorted(set(cluster.spans)):  # in the text's order: a tie goes to the first
        label = _entity_label(doc, start, end)
        if label in COARSE_CLASS:
            votes[(relabelled or {}).get((start, end), label)] += end - start
    return votes.most_common(1)[0][0] if votes else cluster.cls


def _entity_label(doc: Doc, start: int, end: int) -> str:
    """The label of the entity spanning exactly `start`..`end`, else "" (read from the tokens:
    `doc.ents` makes a Span of every entity in the document)."""
    first = doc[start]
    if first.ent_iob_ != "B" or (end < len(doc) and doc[end].ent_iob_ == "I") \
            or any(doc[i].ent_iob_ != "I" for i in range(start + 1, end)):
        return ""
    return first.ent_type_


def cluster_at(doc: Doc, token: Token) -> Cluster | None:
    """The cluster a token belongs to, if it is inside an entity mention."""
    for cluster in doc._.nkg_entities or ():
        for start, end in cluster.spans:
            if start <= token.i < end:
                return cluster
    return None


# "the company" may be an organization the model found but nothing typed ("Orbitalis"); a
# surname the model took for an organization ("Choi") is not one.
UNTYPED_ORG_NOMINALS = frozenset({"company", "firm", "group", "organization", "organisation", "operator",
                                  "division", "unit", "subsidiary"})


def _window_start(doc: Doc, token: Token, sentences: int) -> int:
    """Where the sentence `sentences` before `token`'s begins (or the first one): found by
    stepping back sentence by sentence, not by listing the document's sentences, which on a
    text of a million characters cost more than all the rest for each word looked up."""
    start = token.sent.start
    for _ in range(sentences):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return start


def antecedent(doc: Doc, token: Token, window_sentences: int = 4,
               classes: tuple[str, ...] | None = None, exclude: Cluster | None = None) -> Cluster | None:
    """What a nominal or possessive pronoun refers to: the nearest earlier entity of a class the
    word can name (or of `classes`), preferring one whose name holds the word ("the department"
    → "Chemistry Department")."""
    word = token.lower_
    classes = classes or NOMINAL_CLASSES.get(word) or NOMINAL_CLASSES.get(token.lemma_.lower())
    if classes is None:
        return None
    lower_bound = _window_start(doc, token, window_sentences)
    best: tuple[int, int, Cluster] | None = None
    clusters = doc._.nkg_entities or ()
    person_words = {w for c in clusters if c.cls == "Person" for n in c.names for w in n.split()}
    for cluster in clusters:
        if cluster is exclude:
            continue
        fine_ok = cluster.cls in classes or COARSE_CLASS[cluster.cls] in classes or (
            word in UNTYPED_ORG_NOMINALS and cluster.cls == "Organization"
            and not all(w in person_words for n in cluster.names for w in n.split()))
        if not fine_ok:
            continue
        named = any(word in n.lower().split() for n in cluster.names)
        for start, end in cluster.spans:
            if lower_bound <= start and end <= token.i:
                rank = (1 if named else 0, end)
                if best is None or rank > best[:2]:
                    best = (rank[0], rank[1], cluster)
    return best[2] if best else None
