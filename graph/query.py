"""SPARQL over a graph directory, on Oxigraph's query engine.

The default graph is the union of all named graphs, so a plain `?s nkg:visited ?o`
pattern sees every document's facts; `GRAPH ?g { … }` reaches one document's graph. A query
with its own dataset (FROM / FROM NAMED) gets exactly that dataset, as SPARQL defines it.

Saved queries ship as `queries/NAME.rq`; `read_query("leaders")` returns one by name.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from newskg.extract.errors import QueryError

from newskg.graph.store.directory import GraphDir, PREFIXES

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
    terms: tuple[tuple[dict[str, str] | None, ...], ...] = ()
    """The rows' RDF terms as SPARQL 1.1 JSON results write them (type, value, datatype, xml:lang)."""

    def as_dicts(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]


def read_query(text_or_path: str) -> str:
    """The query itself, the text of the .rq file it names, or the saved query of that name."""
    candidate = Path(text_or_path)
    if text_or_path.endswith((".rq", ".sparql")) or ("\n" not in text_or_path and _is_file(candidate)):
        if not candidate.is_file() and candidate.stem in saved_queries() and candidate.parent == Path("."):
            return saved_queries()[candidate.stem].text
        try:
            return candidate.read_text(encoding="utf-8")
        except OSError as err:
            raise QueryError(f"{text_or_path}: cannot read query file: {err.strerror}") from err
    if text_or_path in saved_queries():
        return saved_queries()[text_or_path].text
    if _BARE_NAME.fullmatch(text_or_path.strip()):
        raise QueryError(f"no saved query named {text_or_path.strip()!r} (saved: {', '.join(saved_queries())}); "
                         f"give SPARQL text, a .rq file or one of those names")
    return text_or_path


_BARE_NAME = re.compile(r"[A-Za-z_][\w-]*")
"""One word and nothing else: meant as a saved query's name, as no SPARQL query is one word."""


def _is_file(path: Path) -> bool:
    """Whether a command-line word names a file; a long one-line query is no file name."""
    try:
        return path.is_file()
    except OSError:  # "File name too long"
        return False


QUERIES_DIR = Path(__file__).parent / "queries"


@dataclass(frozen=True)
class SavedQuery:
    """A packaged example query: `queries/NAME.rq`, whose leading comment lines are its title
    (the first) and description (the rest)."""

    name: str
    title: str
    description: str
    text: str


@lru_cache(maxsize=1)
def saved_queries() -> dict[str, SavedQuery]:
    """The packaged example queries by name.

    >>> "leaders" in saved_queries()
    True
    """
    found = {}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("#").strip())
        title = comments[0] if comments else path.stem
        found[path.stem] = SavedQuery(path.stem, title, " ".join(c for c in comments[1:] if c), text)
    return found


_TOKEN = re.compile(
    r"(?P<comment>#[^\n]*)"
    r'|(?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}' r"|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*')"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<var>[?$]\w+)"
    r"|(?P<pname>[A-Za-z_][\w.-]*:[^\s{}();,]*|:[^\s{}();,]*)"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<number>\d+)"
    r"|(?P<brace>[{}])",
    re.DOTALL,
)


@dataclass(frozen=True)
class QueryShape:
    """What the endpoint reads from a query's text before running it: its bare words (each
    with its depth in braces), its own LIMIT, and whether it names its own dataset."""

    keywords: tuple[tuple[str, int], ...]
    words: frozenset[str]
    limit: int | None
    names_dataset: bool


@lru_cache(maxsize=512)
def query_shape(sparql: str) -> QueryShape:
    """The shape of a query or update; cached, as an endpoint sees the same queries again and
    again, and reading them costs more than a small query takes to run.

    >>> shape = query_shape("SELECT * FROM <x:g> WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 } } LIMIT 20")
    >>> shape.limit, shape.names_dataset, sorted(shape.words)
    (20, True, ['FROM', 'LIMIT', 'SELECT', 'WHERE'])
    """
    tokens, depth = [], 0
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup or "", match.group()
        if kind == "brace":
            depth += 1 if text == "{" else -1
        elif kind in ("word", "number"):
            tokens.append((kind, text.upper(), depth))
    limit = None
    for (kind, text, depth), following in zip(tokens, tokens[1:], strict=False):
        if kind == "word" and text == "LIMIT" and depth == 0 and following[0] == "number":
            # past 18 digits, no cap could be smaller; int() of thousands of digits raises
            limit = int(following[1]) if len(following[1]) <= 18 else 10**18
            break
    keywords = tuple((text, depth) for kind, text, depth in tokens if kind == "word")
    return QueryShape(keywords=keywords, words=frozenset(word for word, _ in keywords), limit=limit,
                      names_dataset=any(word == "FROM" and depth == 0 for word, depth in keywords))


def sparql_keywords(sparql: str) -> tuple[tuple[str, int], ...]:
    """The bare words of a query or update, upper-cased, each with its depth in braces; words
    inside strings, IRIs, comments, variables and prefixed names are not keywords.

    >>> sparql_keywords('SELECT ?from WHERE { ?s <x:FROM> "FROM" } # FROM')
    (('SELECT', 0), ('WHERE', 0))
    """
    return query_shape(sparql).keywords


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query names its own dataset (FROM or FROM NAMED), which only a top-level
    query can: then the default graph is what it names, not the union of all graphs.

    >>> has_dataset_clause("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }")
    True
    >>> has_dataset_clause("SELECT ?from WHERE { ?from <http://example.org/from> 'FROM' }")
    False
    """
    return query_shape(sparql).names_dataset


# -- what the engine is never asked to run -------------------------------------------------------

MAX_NESTING = 256  # brackets deep, or unary operators in a row
MAX_CHECKED_LENGTH = 64 * 1024  # characters of a text that names SERVICE or LOAD, parsed to check it
_BRACKET = re.compile(r"[{}()\[\]]")
_UNARY_RUN = re.compile(r"(?:[!^+\-]\s*){%d,}" % (MAX_NESTING + 1))
_FETCHING = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}


def engine_text(sparql: str) -> str:
    """The text handed to the engine and to the check alike: SPARQL ends a comment at a CR as
    at a LF, and rdflib's parser only at a LF, so a lone CR would let the two read different
    queries; with every line end a LF they read the same one."""
    return sparql.replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=512)
def refusal(sparql: str) -> str | None:
    """Why the engine must not be given this query or update (one line), or None.

    Refused: anything that makes the engine fetch from the network (SERVICE, LOAD), decided on
    the parsed query, and nesting deep enough to overflow the engine's parser, whose stack
    overflow would end the whole process.

    >>> refusal("SELECT * WHERE { #\\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    'SERVICE is disabled on this endpoint: it fetches nothing from the network'
    >>> refusal("SELECT * WHERE { ?s ?p 'a service to load' }") is None
    True
    """
    depth = nesting_depth(sparql)
    if depth > MAX_NESTING:
        return f"the query nests {depth} levels deep; at most {MAX_NESTING} are accepted"
    fetch = outbound_fetch(sparql)
    if fetch:
        return f"{fetch} is disabled on this endpoint: it fetches nothing from the network"
    return None


def nesting_depth(sparql: str) -> int:
    """The deepest nesting of brackets, or the longest run of unary operators, counted on the
    raw text: brackets inside strings and comments count too, which can only over-count.

    >>> nesting_depth("SELECT * WHERE { { ?s ?p ?o FILTER((1)) } }")
    4
    """
    depth = deepest = 0
    for match in _BRACKET.finditer(sparql):
        if match.group() in "{([":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    runs = _UNARY_RUN.search(sparql)
    return max(deepest, len(re.sub(r"\s", "", runs.group())) if runs else 0)


def outbound_fetch(sparql: str) -> str | None:
    """"SERVICE" or "LOAD" when the query or update would make the engine fetch from the
    network, else None.

    The keywords can only be written with their letters (in any case, \\u-escaped or not), so
    a text without them fetches nothing; a text with them is parsed by rdflib's SPARQL parser
    and the operations of the parsed query decide. A text with them that cannot be parsed, or
    is too long to parse quickly, counts as fetching: the check fails closed.
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate

    lowered = sparql.lower()
    try:
        expanded = expandUnicodeEscapes(sparql).lower()
    except ValueError:
        expanded = lowered
    named = [word for word in ("SERVICE", "LOAD") if word.lower() in lowered or word.lower() in expanded]
    if not named:
        return None
    if len(sparql) > MAX_CHECKED_LENGTH:
        return " or ".join(named)
    text = engine_text(sparql)
    for parse in (parseQuery, parseUpdate):
        try:
            tree = parse(text)
        except (RecursionError, ValueError, IndexError, Exception):  # pyparsing's errors and rdflib's
            continue
        found = _fetching_operations(tree)
        return " and ".join(sorted(found)) if found else None
    return " or ".join(named)


def _fetching_operations(tree: object) -> set[str]:
    from rdflib.plugins.sparql.parserutils import CompValue

    found, pending, seen = set(), [tree], set()
    while pending:
        node = pending.pop()
        if id(node) in seen or isinstance(node, (str, bytes)):
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name in _FETCHING:
                found.add(_FETCHING[node.name])
            pending.extend(dict.values(node))
        elif isinstance(node, dict):
            pending.extend(node.values())
        elif hasattr(node, "__iter__"):
            pending.extend(node)
    return found


def run_query(store: ox.Store, sparql: str, *, graph_format: str = "turtle") -> QueryResult:
    """Run `sparql` (with the project's prefixes predeclared) over the union of all graphs."""
    refused = refusal(sparql)
    if refused:
        raise QueryError(refused)
    try:
        result = store.query(engine_text(sparql), prefixes=dict(PREFIXES),
                             use_default_graph_as_union=not has_dataset_clause(sparql))
    except SyntaxError as err:
        raise QueryError(f"malformed SPARQL query: {_syntax_message(sparql, str(err))}") from err
    except OSError as err:
        raise QueryError(f"query failed: {err}") from err
    if isinstance(result, (bool, ox.QueryBoolean)):  # pyoxigraph 0.5 answers ASK with a QueryBoolean
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        solutions = [tuple(solution[v] for v in variables) for solution in result]
        return QueryResult("select", variables=variables, rows=tuple(tuple(map(_plain, s)) for s in solutions),
                           terms=tuple(tuple(map(_json_term, s)) for s in solutions))
    fmt = GRAPH_FORMATS.get(graph_format, ox.RdfFormat.TURTLE)
    return QueryResult("graph", graph=ox.serialize(result, format=fmt, prefixes=dict(PREFIXES)))


def _syntax_message(sparql: str, message: str) -> str:
    """Oxigraph's parse error in one readable line: an undefined prefix named as such (its
    message lists the Unicode ranges a name may hold), a long list of expected tokens cut.

    >>> _syntax_message("SELECT * WHERE { ?s foo:bar ?o }", "error at 1:22: expected one of Prefix not found, ['%']")
    "undefined prefix 'foo:' (predeclared: nkg, rdf, owl, ...; declare others with PREFIX foo: <IRI>)"
    """
    if "Prefix not found" in message:
        declared = set(PREFIXES) | set(re.findall(r"PREFIX\s+([\w.-]*):", sparql, flags=re.IGNORECASE))
        for match in _TOKEN.finditer(sparql):
            if match.lastgroup == "pname":
                prefix = match.group().split(":", 1)[0]
                if prefix not in declared:
                    return (f"undefined prefix {prefix + ':'!r} (predeclared: {', '.join(PREFIXES)}; declare others "
                            f"with PREFIX {prefix}: <IRI>)")
    first = " ".join(message.split())
    return first if len(first) <= 200 else first[:199] + "…"


def query(directory: str | Path, sparql: str, *, graph_format: str = "turtle") -> QueryResult:
    return run_query(GraphDir(directory).open_store(), sparql, graph_format=graph_format)


def _plain(term: object) -> str | None:
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term: object) -> dict[str, str] | None:
    """A term as SPARQL 1.1 Query Results JSON writes it (section 3.2.2).

    >>> _json_term(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    {'type': 'literal', 'value': '3', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}
    >>> _json_term(ox.Literal("Seoul", language="en")), _json_term(ox.NamedNode("https://example.org/x"))
    ({'type': 'literal', 'value': 'Seoul', 'xml:lang': 'en'}, {'type': 'uri', 'value': 'https://example.org/x'})
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}  # an RDF-star triple: its text


TABLE_CELL = 80
"""The widest a table cell gets; a longer value ends in "…" (the CSV, TSV and JSON keep it whole)."""


def _cut(text: str) -> str:
    """
    >>> _cut("x" * 100)[-3:], len(_cut("x" * 100)), _cut("short")
    ('xx…', 80, 'short')
    """
    return text if len(text) <= TABLE_CELL else text[:TABLE_CELL - 1] + "…"


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result as an aligned text table (cells past `TABLE_CELL` characters cut with
    "…"), CSV, TSV or SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return (json.dumps({"head": {}, "boolean": result.boolean}) if fmt == "json"
                else str(result.boolean).lower())
    if result.kind == "graph":
        return result.graph.decode("utf-8")
    if fmt in {"csv", "tsv"}:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows(["" if v is None else v for v in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "json":
        bindings = [{v: t for v, t in zip(result.variables, row) if t is not None} for row in result.terms]
        return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
                          indent=2, ensure_ascii=False)
    widths = [len(v) for v in result.variables]
    cells = [[_cut("" if v is None else " ".join(v.split())) for v in row] for row in result.rows]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    line = "  ".join(v.ljust(w) for v, w in zip(result.variables, widths))
    body = ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join([line, "  ".join("-" * w for w in widths), *body, f"({len(cells)} rows)"])
