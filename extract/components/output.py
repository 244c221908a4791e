"""The last component: everything the newskg components found, as plain JSON-like data on
the Doc (`doc._.nkg_output`), which is what records are made from."""
from __future__ import annotations

import dataclasses

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions
from ..lexicon import GENERIC_BODY_WORDS
from ..names import normalize_name
from ..records import COARSE_CLASS


@Language.component(
    "newskg_output",
    assigns=["doc._.nkg_output"],
    requires=["doc._.nkg_entities", "doc._.nkg_relations", "doc._.nkg_observations"],
)
def package_output(doc: Doc) -> Doc:
    register_extensions()
    doc._.nkg_output = {
        "entities": [
            {"key": c.key, "cls": c.cls, "names": list(c.names), "acronyms": list(c.acronyms),
             "certainty": c.certainty, "anchors": sorted(country_anchors(doc, c)),
             "mentions": [{"text": doc[s:e].text, "start": doc[s].idx, "end": doc[e - 1].idx + len(doc[e - 1].text)}
                          for s, e in c.spans]}
            for c in doc._.nkg_entities or ()
        ],
        "relations": [dataclasses.asdict(r) for r in doc._.nkg_relations or ()],
        "observations": [dataclasses.asdict(o) for o in doc._.nkg_observations or ()],
        "events": [dataclasses.asdict(v) for v in doc._.nkg_events or ()],
    }
    return doc


def country_anchors(doc: Doc, cluster) -> set[str]:
    """ "Russian Border Service" and "FSB border service" (where the text makes the FSB Russia's)
    both anchor to "russia|border service": a qualifier that stands for a country, then a
    generic name of a body."""
    if COARSE_CLASS[cluster.cls] != "Organization":
        return set()
    countries: dict[str, str] | None = None  # read from the document only for a name that needs them
    anchors = set()
    for name in cluster.names:
        words = name.split()
        for k in range(1, min(len(words), 4)):
            qualifier, tail = " ".join(words[:k]), [w.lower() for w in words[k:]]
            if not all(w in GENERIC_BODY_WORDS for w in tail) or not any(w in GENERIC_BODY_HEADS for w in tail):
                continue
            countries = _countries_of_names(doc) if countries is None else countries
            country = countries.get(normalize_name(qualifier))
            if country:
                anchors.add(f"{country}|{' '.join(tail)}")
    return anchors


GENERIC_BODY_HEADS = frozenset({"service", "ministry", "agency", "police", "guard", "office", "department",
                                "directorate", "committee", "commission", "administration", "bureau", "forces"})


def _countries_of_names(doc: Doc) -> dict[str, str]:
    """Normalized name -> country, for the countries of the document and what the text puts in them."""
    clusters = list(doc._.nkg_entities or ())
    by_key = {c.key: c for c in clusters}
    out: dict[str, str] = {}
    for c in clusters:
        if c.cls == "Country":
            for name in c.names:
                out[normalize_name(name)] = normalize_name(c.name)
    for ent in doc.ents:
        if ent.label_ == "NORP" and ent.kb_id_:
            out[normalize_name(ent.text)] = normalize_name(ent.kb_id_)
    for relation in doc._.nkg_relations or ():
        whole = by_key.get(relation.object)
        part = by_key.get(relation.subject)
        if relation.predicate in {"partOf", "locatedIn"} and whole is not None and part is not None \
                and whole.cls == "Country":
            for name in part.names:
                out.setdefault(normalize_name(name), normalize_name(whole.name))
    return out
