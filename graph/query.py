"""SPARQL over a graph directory, on Oxigraph's query engine.

The default graph is the union of all named graphs, so a plain `?s nkg:visited ?o`
pattern sees every document's facts; `GRAPH ?g { … }` reaches one document's graph.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newskg.extract.errors import QueryError

from .store import GraphDir, PREFIXES

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                 "xml": ox.RdfFormat.RDF_XML}
PREFIX_HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (`variables`, `rows`), the answer of an ASK, or the triples of a
    CONSTRUCT/DESCRIBE serialized as `graph`."""

    kind: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, ...], ...] = ()
    boolean: bool | None = None
    graph: bytes = b""

    def as_dicts(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]


def read_query(text_or_path: str) -> str:
    """The query itself, or the text of the .rq file it names."""
    candidate = Path(text_or_path)
    if text_or_path.endswith((".rq", ".sparql")) or (len(text_or_path) < 4096 and "\n" not in text_or_path
                                                     and candidate.is_file()):
        try:
            return candidate.read_text(encoding="utf-8")
        except OSError as err:
            raise QueryError(f"{text_or_path}: cannot read query file: {err.strerror}") from err
    return text_or_path


def run_query(store: ox.Store, sparql: str, *, graph_format: str = "turtle") -> QueryResult:
    """Run `sparql` (with the project's prefixes predeclared) over the union of all graphs."""
    try:
        result = store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=True)
    except SyntaxError as err:
        raise QueryError(f"malformed SPARQL query: {err}") from err
    except OSError as err:
        raise QueryError(f"query failed: {err}") from err
    if isinstance(result, bool):
        return QueryResult("ask", boolean=result)
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows = tuple(tuple(_plain(solution[v]) for v in variables) for solution in result)
        return QueryResult("select", variables=variables, rows=rows)
    fmt = GRAPH_FORMATS.get(graph_format, ox.RdfFormat.TURTLE)
    return QueryResult("graph", graph=ox.serialize(result, format=fmt, prefixes=dict(PREFIXES)))


def query(directory: str | Path, sparql: str, *, graph_format: str = "turtle") -> QueryResult:
    return run_query(GraphDir(directory).open_store(), sparql, graph_format=graph_format)


def _plain(term: object) -> str | None:
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result as an aligned text table, CSV, TSV or SPARQL-JSON-like JSON."""
    if result.kind == "ask":
        return json.dumps({"boolean": result.boolean}) if fmt == "json" else str(result.boolean).lower()
    if result.kind == "graph":
        return result.graph.decode("utf-8")
    if fmt in {"csv", "tsv"}:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows(["" if v is None else v for v in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps({"head": {"vars": list(result.variables)}, "results": result.as_dicts()},
                          indent=2, ensure_ascii=False)
    widths = [len(v) for v in result.variables]
    cells = [["" if v is None else v for v in row] for row in result.rows]
    for row in cells:
        widths = [max(w, min(len(c), 80)) for w, c in zip(widths, row)]
    line = "  ".join(v.ljust(w) for v, w in zip(result.variables, widths))
    body = ["  ".join(c[:80].ljust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join([line, "  ".join("-" * w for w in widths), *body, f"({len(cells)} rows)"])
