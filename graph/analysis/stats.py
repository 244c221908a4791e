"""Numbers that describe a graph directory."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from newskg.graph.query import run_query
from newskg.graph.store.directory import GraphDir

_COUNT_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  GRAPH ?g { ?x a ?class }
  FILTER (STRSTARTS(STR(?class), STR(nkg:)) && ?class NOT IN (nkg:Assertion, nkg:Document))
  FILTER NOT EXISTS { GRAPH <https://w3id.org/newskg/ontology> { ?x ?p ?o } }
} GROUP BY ?class ORDER BY DESC(?n) ?class"""
_COUNT_RELATIONS = """
SELECT ?relation (COUNT(*) AS ?n) WHERE {
  { SELECT DISTINCT ?s ?relation ?o WHERE {
      VALUES ?relation { nkg:leaderOf nkg:affiliatedWith nkg:partOf nkg:locatedIn nkg:visited
                         nkg:agreementWith nkg:cites nkg:deployedTo }
      ?s ?relation ?o } }
} GROUP BY ?relation ORDER BY DESC(?n) ?relation"""
_COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a %s }"


def graph_stats(directory: str | Path) -> dict[str, Any]:
    graph_dir = GraphDir(directory)
    store = graph_dir.open_store()
    manifest = graph_dir.manifest()

    def count(cls: str) -> int:
        return int(run_query(store, _COUNT % cls).rows[0][0])

    classes = {_short(c): int(n) for c, n in run_query(store, _COUNT_BY_CLASS).rows}
    relations = {_short(r): int(n) for r, n in run_query(store, _COUNT_RELATIONS).rows}
    return {
        "documents": count("nkg:Document"),
        "quads": manifest.get("quads", 0),
        "built": manifest.get("built", ""),
        "entities by class": {k: v for k, v in classes.items() if k not in {"Observation", "Visit", "Signing",
                                                                           "Deployment", "Meeting"}},
        "relations": relations,
        "observations": count("nkg:Observation"),
        "events": sum(v for k, v in classes.items() if k in {"Visit", "Signing", "Deployment", "Meeting"}),
        "assertions": count("nkg:Assertion"),
    }


def _short(iri: str | None) -> str:
    return (iri or "").rsplit("#", 1)[-1]
