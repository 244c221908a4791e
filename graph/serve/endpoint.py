"""One SPARQL 1.1 Protocol answer, computed on an open store: content negotiation, the
dataset, the row cap, serialization.

These are plain functions over a `pyoxigraph.Store`: the server (`server.py`) calls them in
its worker processes, and tests and the benchmark can call them in-process.

Results of SELECT and ASK come as SPARQL JSON, XML, CSV or TSV; those of CONSTRUCT and
DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML. The format is the client's preferred
one from `Accept`, or the one a `format` (or `output`) parameter names, which wins.
Pyoxigraph serializes results natively; only when a cap on rows is in force and the query
could exceed it are the rows taken one by one and written here, so that the cap can cut
them and say so.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from json.encoder import encode_basestring as _json_string  # the C encoder, as json.dumps(ensure_ascii=False)
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from newskg.extract.errors import one_line
from newskg.graph.query import engine_text, query_shape, refusal, sparql_keywords
from newskg.graph.store.directory import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
TRUNCATED_HEADER = "X-Newskg-Truncated"
MAX_ROWS_HEADER = "X-Newskg-Max-Rows"

# name -> (media type, pyoxigraph format)
RESULT_FORMATS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}
GRAPH_FORMATS: dict[str, tuple[str, ox.RdfFormat]] = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
# other media types clients send, by kind of result
_RESULT_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
_GRAPH_ALIASES = {"application/x-turtle": "turtle", "text/n3": "turtle", "text/rdf+n3": "turtle",
                  "text/plain": "ntriples", "application/json": "jsonld", "application/xml": "rdfxml",
                  "text/xml": "rdfxml"}
# the `format` parameter: a short name, for results and for graphs
_FORMAT_NAMES = {
    "json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None), "tsv": ("tsv", None),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"), "n3": (None, "turtle"),
    "nt": (None, "ntriples"), "ntriples": (None, "ntriples"), "n-triples": (None, "ntriples"),
    "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"), "rdf/xml": (None, "rdfxml"), "rdf+xml": (None, "rdfxml"), "rdf": (None, "rdfxml"),
}
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


class NotAcceptable(Exception):
    """No format the client accepts fits the kind of result."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q).

    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json, */*;q=0.1")
    [('application/sparql-results+json', 1.0), ('text/csv', 0.5), ('*/*', 0.1)]
    """
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return sorted(ranges, key=lambda r: -r[1])


def negotiate(kind: str, accept: str | None = None, fmt: str | None = None) -> str:
    """The name of the format to answer a `kind` ("results" or "graph") of result in.

    >>> negotiate("results", "text/csv")
    'csv'
    >>> negotiate("graph", "application/sparql-results+xml, application/rdf+xml")
    'rdfxml'
    >>> negotiate("graph", None, "json")
    'jsonld'
    """
    formats, aliases = (RESULT_FORMATS, _RESULT_ALIASES) if kind == "results" else (GRAPH_FORMATS, _GRAPH_ALIASES)
    if fmt:
        fmt = fmt.strip().lower()
        if fmt in _FORMAT_NAMES:
            name = _FORMAT_NAMES[fmt][0 if kind == "results" else 1]
            if name is None:
                raise NotAcceptable(f"format={fmt} does not fit a {_KIND_WORDS[kind]}; "
                                    f"use one of: {', '.join(formats)}")
            return name
        accept = fmt  # a media type given as the format
    ranges = parse_accept(accept)
    if not ranges:
        return next(iter(formats))
    refused = {r for r, q in ranges if q <= 0}
    for media_range, q in ranges:
        if q <= 0:
            continue
        for name, (media_type, _) in formats.items():
            if media_type == media_range:
                return name
        if media_range in aliases:
            return aliases[media_range]
        major = media_range.split("/")[0]
        for name, (media_type, _) in formats.items():
            if media_type in refused:
                continue
            if media_range == "*/*" or (media_range.endswith("/*") and media_type.startswith(major + "/")):
                return name
    offered = ", ".join(media for media, _ in formats.values())
    raise NotAcceptable(f"none of the accepted media types ({accept}) fits a {_KIND_WORDS[kind]}; "
                        f"this endpoint offers {offered}")


_KIND_WORDS = {"results": "SELECT or ASK result", "graph": "CONSTRUCT or DESCRIBE result"}


def query_kind(sparql: str) -> str:
    """"update" when the text is a SPARQL update, else "query" (whether valid or not).

    >>> query_kind("PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }")
    'update'
    """
    for word, _depth in sparql_keywords(sparql):
        if word in {"PREFIX", "BASE"}:
            continue
        return "update" if word in _UPDATE_WORDS else "query"
    return "query"


def answer_query(store: ox.Store, sparql: str, *, accept: str | None = None, fmt: str | None = None,
                 max_rows: int = 0, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()
                 ) -> Answer:
    """Run `sparql` on `store` and answer it as the SPARQL 1.1 Protocol says.

    The default graph is the union of all graphs unless the request names a dataset (the
    protocol's `default-graph-uri` / `named-graph-uri`, which win, or the query's FROM /
    FROM NAMED). With `max_rows` > 0, rows (and triples) past it are left out and the
    answer says so in `X-Newskg-Truncated` (and, in JSON, a `truncated` field).

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://ex.org/a"), ox.NamedNode("http://ex.org/p"),
    ...                   ox.Literal("x"), ox.NamedNode("http://ex.org/g")))
    >>> answer = answer_query(store, "SELECT ?o WHERE { ?s ?p ?o }", accept="text/csv")
    >>> answer.status, answer.content_type, answer.body
    (200, 'text/csv; charset=utf-8', b'o\\r\\nx\\r\\n')
    >>> answer_query(store, "SELECT ?o WHERE { ?s ?p ?o", accept="text/csv").status
    400
    """
    refused = refusal(sparql)
    if refused:
        return Answer.error(400, refused)
    shape = query_shape(sparql)
    options: dict[str, object] = {"prefixes": dict(PREFIXES)}
    if default_graphs or named_graphs:
        try:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        except ValueError as err:
            return Answer.error(400, f"default-graph-uri and named-graph-uri must be IRIs: {one_line(str(err))}")
    elif not shape.names_dataset:
        options["use_default_graph_as_union"] = True
    try:
        result = store.query(engine_text(sparql), **options)
        if isinstance(result, ox.QueryBoolean):
            return _answer_boolean(result, accept, fmt)
        if isinstance(result, ox.QuerySolutions):
            return _answer_solutions(result, shape.limit, accept, fmt, max_rows)
        return _answer_triples(result, accept, fmt, max_rows)
    except NotAcceptable as err:
        return Answer.error(406, str(err))
    except SyntaxError as err:
        if query_kind(sparql) == "update":
            return Answer.error(400, "this is a SPARQL update, not a query: send it as the form field update= "
                                     "or with Content-Type: application/sparql-update")
        return Answer.error(400, f"malformed SPARQL query: {err}")
    except (RuntimeError, ValueError, TypeError) as err:
        return Answer.error(400, f"query failed: {err}")
    except OSError as err:
        return Answer.error(500, f"query failed while reading the store: {err}")


def _text_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8"  # every format offered is text in UTF-8


def _cap_headers(max_rows: int, truncated: bool) -> dict[str, str]:
    if max_rows <= 0:
        return {TRUNCATED_HEADER: "false"}
    return {TRUNCATED_HEADER: "true" if truncated else "false", MAX_ROWS_HEADER: str(max_rows)}


def _answer_boolean(result: ox.QueryBoolean, accept: str | None, fmt: str | None) -> Answer:
    name = negotiate("results", accept, fmt)
    media_type, ox_format = RESULT_FORMATS[name]
    return Answer(200, _text_type(media_type), result.serialize(format=ox_format))


def _answer_solutions(result: ox.QuerySolutions, limit: int | None, accept: str | None, fmt: str | None,
                      max_rows: int) -> Answer:
    name = negotiate("results", accept, fmt)
    media_type, ox_format = RESULT_FORMATS[name]
    if max_rows <= 0 or (limit is not None and limit <= max_rows):
        # cannot pass the cap: pyoxigraph writes the results itself
        return Answer(200, _text_type(media_type), result.serialize(format=ox_format), _cap_headers(max_rows, False))
    variables = [v.value for v in result.variables]
    rows = list(islice(result, max_rows + 1))
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    body = _WRITERS[name](variables, rows, truncated, max_rows)
    return Answer(200, _text_type(media_type), body, _cap_headers(max_rows, truncated))


def _answer_triples(result: Iterable[ox.Triple], accept: str | None, fmt: str | None, max_rows: int) -> Answer:
    name = negotiate("graph", accept, fmt)
    media_type, ox_format = GRAPH_FORMATS[name]
    if max_rows > 0:
        triples = list(islice(result, max_rows + 1))
        truncated = len(triples) > max_rows
        triples = triples[:max_rows]
    else:
        triples, truncated = list(result), False
    body = ox.serialize(triples, format=ox_format, prefixes=dict(PREFIXES) if name == "turtle" else None)
    return Answer(200, _text_type(media_type), body, _cap_headers(max_rows, truncated))


# -- writers for rows taken one by one (the same output as pyoxigraph's) -----------------------

def _json_term(term: object) -> str:
    """A term as SPARQL JSON, written directly: this runs for every cell of a capped result."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _json_string(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _json_string(term.value) + "}"
    if isinstance(term, ox.Literal):
        if term.language:
            extra = ',"xml:lang":' + _json_string(term.language)
        elif term.datatype.value != XSD_STRING:
            extra = ',"datatype":' + _json_string(term.datatype.value)
        else:
            extra = ""
        return '{"type":"literal","value":' + _json_string(term.value) + extra + "}"
    if isinstance(term, ox.Triple):
        return ('{"type":"triple","value":{"subject":' + _json_term(term.subject) + ',"predicate":'
                + _json_term(term.predicate) + ',"object":' + _json_term(term.object) + "}}")
    raise TypeError(f"not an RDF term: {term!r}")


def _write_json(variables: list[str], rows: list[ox.QuerySolution], truncated: bool, max_rows: int) -> bytes:
    cache: dict[object, str] = {}
    keys = [_json_string(v) + ":" for v in variables]
    bindings = []
    for row in rows:
        items = []
        for key, term in zip(keys, row, strict=True):
            if term is None:
                continue
            text = cache.get(term)
            if text is None:
                text = cache[term] = _json_term(term)
            items.append(key + text)
        bindings.append("{" + ",".join(items) + "}")
    tail = f',"truncated":true,"maxRows":{max_rows}' if truncated else ""
    head = '{"head":{"vars":[' + ",".join(_json_string(v) for v in variables) + "]}"
    return (head + ',"results":{"bindings":[' + ",".join(bindings) + "]}" + tail + "}").encode("utf-8")


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def _write_xml(variables: list[str], rows: list[ox.QuerySolution], truncated: bool, max_rows: int) -> bytes:
    out = ['<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out.extend(f"<variable name={quoteattr(v)}/>" for v in variables)
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        out.extend(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                   for v, t in zip(variables, row, strict=True) if t is not None)
        out.append("</result>")
    out.append("</results></sparql>")
    if truncated:
        out.append(f"<!-- truncated: only the first {max_rows} rows -->")
    return "".join(out).encode("utf-8")


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _write_csv(variables: list[str], rows: list[ox.QuerySolution], truncated: bool, max_rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_value(t) for t in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _write_tsv(variables: list[str], rows: list[ox.QuerySolution], truncated: bool, max_rows: int) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv}
