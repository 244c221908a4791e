"""Scoring a built graph against a hand-annotated gold file.

This is the package's own implementation of the metrics of the shared scorer
(`shared/eval/score.py`), so that `newskg eval` works where that script is not at hand.
Given the same graph and gold it gives the same numbers; the test suite checks that.

The graph is read through the core vocabulary only (shared/ONTOLOGY.md):

- entities are nodes typed with a class at or under nkg:Person / nkg:Organization /
  nkg:Place; their names are `rdfs:label` (canonical) and `skos:altLabel`;
- relations are triples whose predicate is at or under one of the eight core relations;
- provenance is the `nkg:Assertion`s that reify those triples;
- figures are `nkg:Observation` nodes with a numeric `nkg:value`.

The gold format (`shared/eval/seeds.gold.json`): `entities` (id, fine type, names),
`relations` (s, p, o with optional alt_s / alt_p / alt_o), `observations` (id, value,
docs, optional period) and `not_entities` (names that must not become nodes). An item
with `"required": false` is not needed, and producing it is no error.
"""
from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from newskg.extract.errors import InputError
from newskg.extract.records import COARSE_CLASS, RELATIONS, SYMMETRIC_RELATIONS
from newskg.graph.namespace import NKG

# The three disjoint top classes every entity node falls under, in the order a node typed
# under two of them is assigned (the first wins).
COARSE_ROOTS: dict[str, URIRef] = {"Person": NKG.Person, "Organization": NKG.Organization, "Place": NKG.Place}
# Two observation values are the same figure when they differ by less than this.
VALUE_TOLERANCE = 1e-6

_APOSTROPHES = {"\u2019": "'", "\u2018": "'"}
_QUOTES = {**_APOSTROPHES, "\u201c": '"', "\u201d": '"'}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Score:
    """Every metric of one graph against one gold file.

    Ratios are rounded to three places. Items named in lists are gold ids, or for
    output nodes their first name. `entity_conflated` holds `([name], [gold ids])` pairs
    for nodes whose names belong to several gold entities.
    """

    entity_precision: float
    entity_recall: float
    entity_f1: float
    entity_f1_lenient: float
    entity_nodes: int
    entity_split: dict[str, int]
    entity_conflated: list[tuple[list[str], list[str]]]
    entity_type_coarse_acc: float
    entity_type_fine_acc: float
    entity_missed: list[str]
    entity_unmatched: list[str]
    entity_junk: list[str]
    relation_precision: float
    relation_recall: float
    relation_f1: float
    relation_pairs: int
    relation_missed: list[str]
    relation_wrong: list[str]
    provenance_coverage: float
    evidence_verbatim: float | None
    observation_precision: float
    observation_recall: float
    observation_f1: float
    observation_period_ok: str
    observation_multi_source_merged: str
    observations_missed: list[str]

    def to_dict(self) -> dict[str, Any]:
        """The metrics as a plain dict, keyed and shaped as the shared scorer's report."""
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        """The metrics as indented JSON, as the shared scorer writes with `--json`."""
        return json.dumps(self.to_dict(), indent=2, default=str)

    def summary_line(self) -> str:
        """The one-line summary the shared scorer prints last."""
        return (
            f"entities P={self.entity_precision:.2f} R={self.entity_recall:.2f} F1={self.entity_f1:.2f}"
            f" (lenient {self.entity_f1_lenient:.2f})"
            f" | relations P={self.relation_precision:.2f} R={self.relation_recall:.2f}"
            f" F1={self.relation_f1:.2f}"
            f" | observations F1={self.observation_f1:.2f} | provenance={self.provenance_coverage:.2f}"
            f" | split={len(self.entity_split)}"
        )

    def report(self) -> str:
        """One `metric: value` line per metric, then the summary line."""
        lines = [f"{key}: {value}" for key, value in self.to_dict().items()]
        return "\n".join([*lines, self.summary_line()])


# --------------------------------------------------------------------------- inputs


def flatten(graph: Graph) -> Graph:
    """All the triples of a graph, or of every graph of a Dataset / ConjunctiveGraph, as one Graph.

    The input is never changed; the result is a new in-memory Graph.

    >>> from rdflib import Dataset, URIRef
    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("urn:g:1")).add((URIRef("urn:a"), RDFS.label, Literal("A")))
    >>> _ = ds.graph(URIRef("urn:g:2")).add((URIRef("urn:b"), RDFS.label, Literal("B")))
    >>> len(flatten(ds))
    2
    """
    flat = Graph()
    if isinstance(graph, ConjunctiveGraph):
        triples: Iterable = ((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None)))
    else:
        triples = graph.triples((None, None, None))
    for triple in triples:
        flat.add(triple)
    return flat


def load_gold(path: str | Path) -> dict:
    """Read and check a gold file in the shared format.

    Raises `InputError` naming the file and the problem when it cannot be read, is not
    JSON, or lacks what scoring needs (an `entities` list of {id, type, names}, ...).
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(source, f"cannot read the gold file ({exc.strerror or exc}); "
                                 "pass the path of a gold JSON file such as shared/eval/seeds.gold.json") from exc
    except UnicodeDecodeError as exc:
        raise InputError(source, f"the gold file is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    try:
        gold = json.loads(text)
    except ValueError as exc:
        raise InputError(source, f"the gold file is not valid JSON: {exc}", getattr(exc, "lineno", None)) from exc
    problem = gold_problem(gold)
    if problem:
        raise InputError(source, problem)
    return gold


def gold_problem(gold: Any) -> str | None:
    """What makes `gold` unusable for scoring, or None when it is fine.

    >>> gold_problem({"entities": []}) is None
    True
    >>> gold_problem({"entities": [{"id": "x", "type": "Dog", "names": ["Rex"]}]})
    "entity 'x' has type 'Dog'; expected one of: City, Company, ..."
    """
    if not isinstance(gold, dict) or not isinstance(gold.get("entities"), list):
        return 'expected a JSON object with an "entities" list (the shared gold format)'
    for i, ent in enumerate(gold["entities"]):
        if not isinstance(ent, dict) or not {"id", "type", "names"} <= ent.keys():
            return f'entity #{i} must be an object with "id", "type" and "names"'
        if ent["type"] not in COARSE_CLASS:
            return f"entity {ent['id']!r} has type {ent['type']!r}; expected one of: {', '.join(sorted(COARSE_CLASS))}"
        if not isinstance(ent["names"], list):
            return f'entity {ent["id"]!r}: "names" must be a list of strings'
    for key, required in (("relations", {"s", "p", "o"}), ("observations", {"id", "value", "docs"})):
        items = gold.get(key, [])
        if not isinstance(items, list):
            return f'"{key}" must be a list'
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not required <= item.keys():
                return f"{key} #{i} must be an object with {', '.join(sorted(required))}"
            if key == "observations" and not _is_number(item["value"]):
                return f"observation {item['id']!r} has value {item['value']!r}; expected a number"
    if not isinstance(gold.get("not_entities", []), list):
        return '"not_entities" must be a list of names'
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --------------------------------------------------------------------------- text


def normalize_name(name: str) -> str:
    """The form in which an output name and a gold name are compared.

    >>> normalize_name("The Kim Chaek University of Technology's")
    'kim chaek university of technology'
    >>> normalize_name("U.S.")
    'u s'
    """
    text = _translate(unicodedata.normalize("NFKC", str(name)), _APOSTROPHES).casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return _collapse_spaces(text)


def squash_text(text: str) -> str:
    """Text with typographic quotes made plain and whitespace runs made one space.

    >>> squash_text("\u201cHello,\u201d  she\\nsaid")
    '"Hello," she said'
    """
    return _collapse_spaces(_translate(unicodedata.normalize("NFKC", text), _QUOTES))


def _translate(text: str, table: dict[str, str]) -> str:
    for old, new in table.items():
        text = text.replace(old, new)
    return text


def _collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- arithmetic


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _r3(value: float) -> float:
    return round(value, 3)


# --------------------------------------------------------------------------- vocabulary


def closure_down(hierarchy: Graph, top: URIRef, link: URIRef) -> set[Node]:
    """`top` and every term declared beneath it, directly or not, through `link`.

    >>> g = Graph()
    >>> _ = g.add((NKG.City, RDFS.subClassOf, NKG.Place))
    >>> sorted(str(c).rsplit("#")[1] for c in closure_down(g, NKG.Place, RDFS.subClassOf))
    ['City', 'Place']
    """
    seen: set[Node] = {top}
    todo: list[Node] = [top]
    while todo:
        for sub in hierarchy.subjects(link, todo.pop()):
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return seen


def _hierarchy(graph: Graph, ontology: Graph | None) -> Graph:
    """The graph itself, or when an ontology is given, the graph plus its class and property tree."""
    if ontology is None:
        return graph
    tree = Graph()
    for source in (graph, ontology):
        for link in (RDFS.subClassOf, RDFS.subPropertyOf):
            for triple in source.triples((None, link, None)):
                tree.add(triple)
    return tree


def _local_name(term: Node) -> str:
    return str(term).rsplit("#", 1)[-1]


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True)
class _OutputEntities:
    """The entity nodes of a graph: coarse class, fine nkg: classes and names of each."""

    coarse: dict[Node, str]
    fine: dict[Node, set[str]]
    labels: dict[Node, list[str]]
    names: dict[Node, list[str]]  # labels first, then alternative labels

    def first_name(self, node: Node) -> str:
        return (self.names.get(node) or [str(node)])[0]


def _output_entities(graph: Graph, hierarchy: Graph) -> _OutputEntities:
    coarse: dict[Node, str] = {}
    for coarse_name, root in COARSE_ROOTS.items():
        for cls in closure_down(hierarchy, root, RDFS.subClassOf):
            for node in graph.subjects(RDF.type, cls):
                coarse.setdefault(node, coarse_name)
    namespace = str(NKG)
    fine = {node: {_local_name(t) for t in graph.objects(node, RDF.type) if str(t).startswith(namespace)}
            for node in coarse}
    labels = {node: [str(x) for x in graph.objects(node, RDFS.label)] for node in coarse}
    names = {node: labels[node] + [str(x) for x in graph.objects(node, SKOS.altLabel)] for node in coarse}
    return _OutputEntities(coarse, fine, labels, names)


@dataclass(frozen=True)
class _EntityMatch:
    """Which gold entity each output node stands for, and the nodes that stand for none."""

    gold_of: dict[Node, str]
    conflated: list[tuple[list[str], list[str]]]
    junk: list[str]
    unmatched: list[str]


def _gold_ids_by_name(gold: dict) -> dict[str, set[str]]:
    by_name: dict[str, set[str]] = defaultdict(set)
    for ent in gold["entities"]:
        for name in ent["names"]:
            by_name[normalize_name(name)].add(ent["id"])
    return by_name


def _match_entities(out: _OutputEntities, gold: dict) -> _EntityMatch:
    """Map each node to one gold entity: by its label first, else by any of its names."""
    by_name = _gold_ids_by_name(gold)
    junk_names = {normalize_name(n) for n in gold.get("not_entities", [])}

    def ids_for(names: list[str]) -> set[str]:
        return {gid for name in names for gid in by_name.get(normalize_name(name), ())}

    gold_of: dict[Node, str] = {}
    conflated, junk, unmatched = [], [], []
    for node, names in out.names.items():
        labels = out.labels[node]
        any_hits, label_hits = ids_for(names), ids_for(labels)
        if len(any_hits) > 1:
            conflated.append((labels[:1] or names[:1], sorted(any_hits)))
        if any_hits:
            gold_of[node] = min(label_hits or any_hits)
        elif any(normalize_name(n) in junk_names for n in names):
            junk.append(names[0])
        else:
            unmatched.append(out.first_name(node))
    return _EntityMatch(gold_of, sorted(conflated), sorted(junk), sorted(unmatched))


def _required_ids(items: list[dict]) -> list[str]:
    return [item["id"] for item in items if item.get("required", True)]


def _entity_scores(out: _OutputEntities, match: _EntityMatch, gold: dict) -> dict[str, Any]:
    """Headline scores count one node per entity, with the right coarse type; lenient ones any match."""
    gold_type = {ent["id"]: ent["type"] for ent in gold["entities"]}
    required = _required_ids(gold["entities"])
    n_nodes = len(out.coarse)

    nodes_of: dict[str, list[Node]] = defaultdict(list)
    for node, gid in match.gold_of.items():
        nodes_of[gid].append(node)
    lenient_p = _ratio(len(match.gold_of), n_nodes)
    lenient_r = _ratio(sum(1 for gid in required if nodes_of.get(gid)), len(required))

    well_typed = [node for node, gid in match.gold_of.items() if out.coarse[node] == COARSE_CLASS[gold_type[gid]]]
    found = {match.gold_of[node] for node in well_typed}
    precision = _ratio(len(found), n_nodes)
    recall = _ratio(len(found & set(required)), len(required))
    fine_ok = sum(1 for node, gid in match.gold_of.items() if gold_type[gid] in out.fine[node])
    n_matched = len(match.gold_of)
    return {
        "entity_precision": _r3(precision),
        "entity_recall": _r3(recall),
        "entity_f1": _r3(_f1(precision, recall)),
        "entity_f1_lenient": _r3(_f1(lenient_p, lenient_r)),
        "entity_nodes": n_nodes,
        "entity_split": {gid: len(nodes) for gid, nodes in nodes_of.items() if len(nodes) > 1},
        "entity_conflated": match.conflated,
        "entity_type_coarse_acc": _r3(_ratio(len(well_typed), n_matched)),
        "entity_type_fine_acc": _r3(_ratio(fine_ok, n_matched)),
        "entity_missed": [gid for gid in required if gid not in found],
        "entity_unmatched": match.unmatched,
        "entity_junk": match.junk,
    }


# --------------------------------------------------------------------------- relations


def _core_relation_of(hierarchy: Graph) -> dict[Node, str]:
    """Each predicate that is, or is declared beneath, a core relation, with that relation's name."""
    core_of: dict[Node, str] = {}
    for name in RELATIONS:
        for prop in closure_down(hierarchy, NKG[name], RDFS.subPropertyOf):
            core_of.setdefault(prop, name)
    return core_of


def _entity_triples(graph: Graph, predicates: Iterable[Node], entities: dict[Node, str]) -> set[tuple]:
    """The (s, p, o) triples with one of `predicates` between two entity nodes."""
    return {(s, p, o) for p in predicates for s, o in graph.subject_objects(p) if s in entities and o in entities}


def _gold_relation_matches(grel: dict, s: str, relation: str, o: str) -> bool:
    """Whether the gold relation accepts `s -relation-> o` (either way round when symmetric)."""
    if relation not in {grel["p"], *grel.get("alt_p", [])}:
        return False
    subjects = {grel["s"], *grel.get("alt_s", [])}
    objects = {grel["o"], *grel.get("alt_o", [])}
    forward = s in subjects and o in objects
    backward = relation in SYMMETRIC_RELATIONS and s in objects and o in subjects
    return forward or backward


def _relation_scores(out: _OutputEntities, match: _EntityMatch, core_of: dict[Node, str],
                     triples: set[tuple], gold: dict) -> dict[str, Any]:
    """A relation counts once per (subject, core relation, object), whatever sub-property wrote it."""
    grels = gold.get("relations", [])
    pairs = {(s, core_of[p], o) for s, p, o in triples}
    correct, found, wrong = 0, set(), []
    for s, relation, o in sorted(pairs):
        gs, go = match.gold_of.get(s), match.gold_of.get(o)
        hits = [i for i, grel in enumerate(grels) if gs and go and _gold_relation_matches(grel, gs, relation, go)]
        if hits:
            correct += 1
            found.update(hits)
        else:
            wrong.append(f"{out.first_name(s)} -{relation}-> {out.first_name(o)}")
    required = [i for i, grel in enumerate(grels) if grel.get("required", True)]
    precision = _ratio(correct, len(pairs))
    recall = _ratio(sum(1 for i in required if i in found), len(required))
    return {
        "relation_precision": _r3(precision),
        "relation_recall": _r3(recall),
        "relation_f1": _r3(_f1(precision, recall)),
        "relation_pairs": len(pairs),
        "relation_missed": [f"{grels[i]['s']} -{grels[i]['p']}-> {grels[i]['o']}" for i in required if i not in found],
        "relation_wrong": wrong,
    }


# --------------------------------------------------------------------------- provenance


def _document_texts(graph: Graph, corpus: Path | None) -> dict[Node, str]:
    """The squashed text of each nkg:Document whose dct:source file name is found in `corpus`."""
    texts: dict[Node, str] = {}
    if corpus is None:
        return texts
    corpus = Path(corpus)
    for doc in graph.subjects(RDF.type, NKG.Document):
        for source in graph.objects(doc, DCTERMS.source):
            path = corpus / Path(str(source)).name
            if path.is_file():
                texts[doc] = squash_text(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def _assertions_by_statement(graph: Graph) -> dict[tuple, list[Node]]:
    by_statement: dict[tuple, list[Node]] = defaultdict(list)
    for assertion in graph.subjects(RDF.type, NKG.Assertion):
        statement = tuple(graph.value(assertion, term) for term in (RDF.subject, RDF.predicate, RDF.object))
        by_statement[statement].append(assertion)
    return by_statement


def _has_provenance(graph: Graph, assertion: Node) -> bool:
    """An assertion supports its fact when it names a document and a non-empty evidence sentence."""
    evidence = graph.value(assertion, NKG.evidence)
    return graph.value(assertion, PROV.wasDerivedFrom) is not None and bool(str(evidence or "").strip())


def _provenance_scores(graph: Graph, triples: set[tuple], corpus: Path | None) -> dict[str, Any]:
    """Share of relation triples with a supported Assertion; share of checkable evidence found verbatim."""
    texts = _document_texts(graph, corpus)
    by_statement = _assertions_by_statement(graph)
    covered, checked, verbatim = 0, 0, 0
    for triple in triples:
        supported = [a for a in by_statement.get(triple, []) if _has_provenance(graph, a)]
        covered += bool(supported)
        for assertion in supported:
            text = texts.get(graph.value(assertion, PROV.wasDerivedFrom))
            if text is not None:
                checked += 1
                verbatim += squash_text(str(graph.value(assertion, NKG.evidence))) in text
    return {
        "provenance_coverage": _r3(_ratio(covered, len(triples))),
        "evidence_verbatim": _r3(verbatim / checked) if checked else None,
    }


# --------------------------------------------------------------------------- observations


def _observation_values(graph: Graph) -> dict[Node, float]:
    """Each nkg:Observation with a value that reads as a number."""
    values: dict[Node, float] = {}
    for obs in graph.subjects(RDF.type, NKG.Observation):
        value = graph.value(obs, NKG.value)
        try:
            values[obs] = float(value.toPython() if isinstance(value, Literal) else value)
        except (TypeError, ValueError):
            continue
    return values


def _period_matches(graph: Graph, obs: Node, period: list[str]) -> bool:
    """Start and end agree with the gold period to the month (or to the year, if that is all it gives)."""
    start = str(graph.value(obs, NKG.periodStart) or "")
    end = str(graph.value(obs, NKG.periodEnd) or "")
    return start.startswith(period[0][:7]) and end.startswith(period[1][:7])


def _source_documents(graph: Graph, obs: Node) -> set:
    """The documents an observation cites: through its Assertions, or directly with prov:wasDerivedFrom.

    An Assertion that names no document still counts, as one unnamed source (None).
    """
    docs = {graph.value(a, PROV.wasDerivedFrom) for a in graph.subjects(RDF.subject, obs)
            if (a, RDF.type, NKG.Assertion) in graph}
    return docs | set(graph.objects(obs, PROV.wasDerivedFrom))


def _observation_scores(graph: Graph, gold: dict) -> dict[str, Any]:
    """Figures match by value; of the required ones found, check period and multi-document merging."""
    values = _observation_values(graph)
    gobs = gold.get("observations", [])
    required = [go for go in gobs if go.get("required", True)]

    def same_value(go: dict) -> list[Node]:
        return [obs for obs, v in values.items() if abs(v - go["value"]) < VALUE_TOLERANCE]

    found, period_ok, merged_ok, merged_total = set(), 0, 0, 0
    for go in required:
        candidates = same_value(go)
        if not candidates:
            continue
        found.add(go["id"])
        if "period" in go:
            period_ok += any(_period_matches(graph, obs, go["period"]) for obs in candidates)
        if len(go["docs"]) > 1:
            merged_total += 1
            merged_ok += any(len(_source_documents(graph, obs)) >= len(go["docs"]) for obs in candidates)
    correct = sum(1 for v in values.values() if any(abs(v - go["value"]) < VALUE_TOLERANCE for go in gobs))
    precision = _ratio(correct, len(values))
    recall = _ratio(len(found), len(required))
    with_period = sum(1 for go in required if "period" in go)
    return {
        "observation_precision": _r3(precision),
        "observation_recall": _r3(recall),
        "observation_f1": _r3(_f1(precision, recall)),
        "observation_period_ok": f"{period_ok}/{with_period}",
        "observation_multi_source_merged": f"{merged_ok}/{merged_total}",
        "observations_missed": [go["id"] for go in required if go["id"] not in found],
    }


# --------------------------------------------------------------------------- entry point


def score_graph(graph: Graph, gold: dict, *, corpus: Path | None = None, ontology: Graph | None = None) -> Score:
    """Score a built graph against a gold dict (see `load_gold`).

    `graph` holds every triple of the build (a Dataset is flattened first). `ontology`,
    when given, adds its rdfs:subClassOf / rdfs:subPropertyOf tree to the graph's own, so
    that nodes typed with a declared subclass, and triples with a declared sub-property,
    count; without it only the tree inside the graph is used (none: core terms only).
    `corpus` is the folder of the source texts, named as the Documents' dct:source, so
    that evidence sentences can be checked against the text they quote.
    """
    problem = gold_problem(gold)
    if problem:
        raise InputError("gold", problem)
    if isinstance(graph, ConjunctiveGraph):
        graph = flatten(graph)
    hierarchy = _hierarchy(graph, ontology)
    out = _output_entities(graph, hierarchy)
    match = _match_entities(out, gold)
    core_of = _core_relation_of(hierarchy)
    triples = _entity_triples(graph, core_of, out.coarse)
    return Score(
        **_entity_scores(out, match, gold),
        **_relation_scores(out, match, core_of, triples, gold),
        **_provenance_scores(graph, triples, corpus),
        **_observation_scores(graph, gold),
    )


def score_every_alias(graph: Graph, gold: dict, *, ontology: Graph | None = None) -> dict[str, float]:
    """Entity and relation precision, recall and F1 counted as `score_graph` counts them, except
    that a node stands for every gold entity its names hit, not for one: what a gold that makes
    each written form of a name an entity ("Tenn.", "Tennessee") costs a graph that joins them.
    An explanation of a score (`graph/evaluation/conventions.py`), never a score to report as one."""
    graph = flatten(graph) if isinstance(graph, ConjunctiveGraph) else graph
    hierarchy = _hierarchy(graph, ontology)
    out = _output_entities(graph, hierarchy)
    by_name = _gold_ids_by_name(gold)
    gold_type = {ent["id"]: ent["type"] for ent in gold["entities"]}
    stands_for = {node: {gid for name in names for gid in by_name.get(normalize_name(name), ())}
                  for node, names in out.names.items()}
    typed = {node: {gid for gid in gids if out.coarse[node] == COARSE_CLASS[gold_type[gid]]}
             for node, gids in stands_for.items()}
    required = set(_required_ids(gold["entities"]))
    found = set().union(*typed.values()) & required if typed else set()
    entity_p = _ratio(sum(1 for gids in typed.values() if gids), len(out.coarse))
    entity_r = _ratio(len(found), len(required))

    core_of = _core_relation_of(hierarchy)
    pairs = {(s, core_of[p], o) for s, p, o in _entity_triples(graph, core_of, out.coarse)}
    grels = gold.get("relations", [])
    correct, found_relations = 0, set()
    for s, relation, o in pairs:
        hits = {i for i, grel in enumerate(grels) for gs in stands_for[s] for go in stands_for[o]
                if _gold_relation_matches(grel, gs, relation, go)}
        correct += bool(hits)
        found_relations |= hits
    wanted = {i for i, grel in enumerate(grels) if grel.get("required", True)}
    relation_p = _ratio(correct, len(pairs))
    relation_r = _ratio(len(found_relations & wanted), len(wanted))
    return {"entity_precision": _r3(entity_p), "entity_recall": _r3(entity_r), "entity_f1": _r3(_f1(entity_p, entity_r)),
            "relation_precision": _r3(relation_p), "relation_recall": _r3(relation_r),
            "relation_f1": _r3(_f1(relation_p, relation_r))}


# --------------------------------------------------------------------------- per-assertion judgement


def judge_assertions(graph: Graph, gold: dict, *, ontology: Graph | None = None) -> list[tuple[str, bool]]:
    """(extractor, correct) for every Assertion of a relation or a figure, judged against `gold`
    the way the scores are: a relation is correct when a gold relation accepts it, a figure when
    a gold figure has its value. Used to measure each rule's precision (`graph/evaluation/calibrate.py`)."""
    graph = flatten(graph)
    hierarchy = _hierarchy(graph, ontology)
    out = _output_entities(graph, hierarchy)
    match = _match_entities(out, gold)
    core_of = _core_relation_of(hierarchy)
    gold_values = [float(o["value"]) for o in gold.get("observations", [])]
    values = _observation_values(graph)
    verdicts = []
    for assertion in graph.subjects(RDF.type, NKG.Assertion):
        extractor = str(graph.value(assertion, NKG.extractor) or "")
        s, p, o = (graph.value(assertion, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if p in core_of:
            gs, go = match.gold_of.get(s), match.gold_of.get(o)
            correct = bool(gs and go and any(_gold_relation_matches(g, gs, core_of[p], go)
                                             for g in gold.get("relations", [])))
        elif p == NKG.value and s in values:
            correct = any(abs(values[s] - v) < 1e-6 for v in gold_values)
        else:
            continue
        verdicts.append((extractor, correct))
    return verdicts
