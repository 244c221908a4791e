"""Every command of `newskg`, through its command line."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from newskg.graph.cli import cli
from newskg.graph.store.directory import GraphDir

COMMANDS = sorted(cli.commands)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def shared_pipeline(monkeypatch: pytest.MonkeyPatch, nlp) -> None:
    """Commands load the pipeline once per process; the tests reuse the session's."""
    from newskg.extract import pipeline

    monkeypatch.setattr(pipeline, "load_pipeline", lambda model=None, **_: nlp)


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, nlp) -> Path:
    from newskg.graph.build.pipeline import build

    out = tmp_path_factory.mktemp("cli") / "kg"
    build([str(seeds_dir)], out, nlp=nlp)
    return out


def test_every_command_is_listed() -> None:
    assert {"build", "eval", "export", "query", "stats", "view", "path", "report"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"newskg {command}" in result.output


def test_build_reads_stdin(runner: CliRunner, tmp_path: Path) -> None:
    text = " date 2024-05-02 Delegation news\nOfficials of the Tartu Marine Institute visited Riga.\n"
    result = runner.invoke(cli, ["build", "-", "--out", str(tmp_path / "kg")], input=text)
    assert result.exit_code == 0, result.output
    answer = runner.invoke(cli, ["query", str(tmp_path / "kg"), "SELECT ?t WHERE { ?d a nkg:Document ; dct:title ?t }", "--format", "csv"])
    assert answer.output.splitlines() == ["t", "Delegation news"]


def test_build_needs_exactly_one_target(runner: CliRunner, tmp_path: Path, seeds_dir: Path) -> None:
    result = runner.invoke(cli, ["build", str(seeds_dir)])
    assert result.exit_code == 2 and "--out" in result.output


def test_build_reports_bad_input_and_exits_1(runner: CliRunner, tmp_path: Path, seeds_dir: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(cli, ["build", str(tmp_path / "empty.txt"), str(next(seeds_dir.glob("001*"))),
                                 "--out", str(tmp_path / "kg")])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("newskg: skipped")]
    assert len(lines) == 1 and "empty.txt" in lines[0] and "empty" in lines[0]
    assert (tmp_path / "kg" / "graph.trig").is_file()


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(runner: CliRunner, kg: Path, fmt: str) -> None:
    sparql = "SELECT ?name WHERE { ?p a nkg:Person ; rdfs:label ?name } ORDER BY ?name"
    result = runner.invoke(cli, ["query", str(kg), sparql, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "Vladimir Putin" in result.output
    if fmt == "json":
        bindings = json.loads(result.output)["results"]["bindings"]
        assert {"name": {"type": "literal", "value": "Vladimir Putin"}} in bindings


def test_query_json_is_sparql_results_json(runner: CliRunner, kg: Path) -> None:
    from rdflib import Literal, URIRef
    from rdflib.query import Result

    sparql = ("SELECT ?p ?name (COUNT(?d) AS ?n) WHERE { ?p a nkg:Person ; rdfs:label ?name . "
              "?d nkg:mentions ?p } GROUP BY ?p ?name ORDER BY ?name LIMIT 3")
    result = runner.invoke(cli, ["query", str(kg), sparql, "--format", "json"])
    assert result.exit_code == 0, result.output
    parsed = Result.parse(source=__import__("io").StringIO(result.output), format="json")  # rdflib's own reader
    assert [str(v) for v in parsed.vars] == ["p", "name", "n"] and len(parsed) == 3
    row = list(parsed)[0]
    assert isinstance(row["p"], URIRef) and isinstance(row["name"], Literal)
    assert isinstance(row["n"].toPython(), int)  # a typed number, not the text "1"
    ask = runner.invoke(cli, ["query", str(kg), "ASK { ?p a nkg:Person }", "--format", "json"])
    assert json.loads(ask.output) == {"head": {}, "boolean": True}


def test_query_table_cuts_long_cells_with_an_ellipsis(runner: CliRunner, kg: Path) -> None:
    result = runner.invoke(cli, ["query", str(kg), "SELECT ?s WHERE { ?a nkg:evidence ?s } LIMIT 20"])
    rows = result.output.splitlines()[2:-1]
    long = [row for row in rows if row.rstrip().endswith("…")]
    assert long and all(len(row.rstrip()) == 80 for row in long)


def test_an_unknown_saved_query_is_named_as_such(runner: CliRunner, kg: Path) -> None:
    result = runner.invoke(cli, ["query", str(kg), "nosuchquery"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "no saved query named 'nosuchquery'" in result.stderr and "leaders" in result.stderr


def test_an_undefined_prefix_is_one_line_naming_it(runner: CliRunner, kg: Path) -> None:
    result = runner.invoke(cli, ["query", str(kg), "SELECT * WHERE { ?s foo:bar ?o }"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "undefined prefix 'foo:'" in result.stderr and "\\u{" not in result.stderr


def test_query_from_rq_file(runner: CliRunner, kg: Path, tmp_path: Path) -> None:
    query = tmp_path / "leaders.rq"
    query.write_text("SELECT ?who ?what WHERE { ?p nkg:leaderOf ?o . ?p rdfs:label ?who . ?o rdfs:label ?what }")
    result = runner.invoke(cli, ["query", str(kg), str(query), "--format", "csv"])
    assert result.exit_code == 0
    assert "Mark Rutte,North Atlantic Treaty Organization" in result.output


def test_malformed_query_is_one_clean_line(runner: CliRunner, kg: Path) -> None:
    result = runner.invoke(cli, ["query", str(kg), "SELEC ?x WHERE {"])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("newskg: malformed SPARQL query")
    assert "Traceback" not in result.output


def test_query_on_missing_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["query", str(tmp_path / "nothing"), "ASK {}"])
    assert result.exit_code == 1 and "not a newskg graph directory" in result.stderr


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("ntriples", "nt"), ("trig", "trig"),
                                        ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_export_rdf_formats_parse_back(runner: CliRunner, kg: Path, fmt: str, parser: str) -> None:
    result = runner.invoke(cli, ["export", str(kg), "--format", fmt])
    assert result.exit_code == 0
    graph = Dataset() if fmt in {"trig", "nquads", "jsonld"} else Graph()
    graph.parse(data=result.stdout_bytes, format=parser)
    assert len(graph) > 500 if isinstance(graph, Graph) else len(list(graph.quads())) > 500


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_network_formats(runner: CliRunner, kg: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"kg.{fmt}"
    result = runner.invoke(cli, ["export", str(kg), "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    network = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert network.number_of_nodes() > 20 and network.number_of_edges() > 10
    labels = {d.get("label") for _, _, d in network.edges(data=True)}
    assert labels and labels == {d["relation"] for _, _, d in network.edges(data=True)}
    if fmt == "gexf":  # the edge's own label attribute, which Gephi shows, not only an attribute value
        import xml.etree.ElementTree as ET

        edges = [e for e in ET.parse(out).iter() if e.tag.endswith("}edge")]
        assert edges and all(e.get("label") for e in edges)


def test_export_min_confidence_drops_facts(runner: CliRunner, kg: Path) -> None:
    everything = runner.invoke(cli, ["export", str(kg), "--format", "nquads"]).stdout_bytes
    confident = runner.invoke(cli, ["export", str(kg), "--format", "nquads", "--min-confidence", "1"]).stdout_bytes
    visited = b"> <https://w3id.org/newskg/ontology#visited> <"  # as a predicate, not the ontology's term
    assert visited in everything and visited not in confident


def test_stats(runner: CliRunner, kg: Path) -> None:
    result = runner.invoke(cli, ["stats", str(kg), "--json"])
    numbers = json.loads(result.output)
    assert numbers["documents"] == 3
    assert numbers["entities by class"]["Person"] >= 5
    assert numbers["relations"]["leaderOf"] >= 4 and numbers["observations"] >= 8


def test_view_writes_html(runner: CliRunner, kg: Path, tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    result = runner.invoke(cli, ["view", str(kg), "--output", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Kim Il Sung University" in html


def test_view_around_an_alias(runner: CliRunner, kg: Path, tmp_path: Path) -> None:
    out = tmp_path / "ego.html"
    result = runner.invoke(cli, ["view", str(kg), "--around", "KISU", "--depth", "1", "--output", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    blob = html.split('<script type="application/json" id="nkg-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(blob)
    drawn = {node["label"] for node in data["nodes"].values()}
    assert "Kim Sung Chan" in drawn and "Mark Rutte" not in drawn
    assert ["Mark Rutte"] in [names[:1] for names in data["elsewhere"]]  # the search still finds him


def test_eval_prints_summary(runner: CliRunner, kg: Path, seeds_gold: Path, seeds_dir: Path) -> None:
    result = runner.invoke(cli, ["eval", str(kg), "--gold", str(seeds_gold), "--corpus", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("entities P=") and "provenance=1.00" in last


def test_long_one_line_query_is_not_taken_for_a_file(runner: CliRunner, kg: Path) -> None:
    sparql = "SELECT ?name WHERE { ?p a nkg:Person ; rdfs:label ?name " + "FILTER(STRLEN(?name) > 0) " * 12 + "}"
    assert len(sparql) > 300
    result = runner.invoke(cli, ["query", str(kg), sparql, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Vladimir Putin" in result.output


def namesakes() -> nx.MultiDiGraph:
    """Three people who share a surname (two known by it alone too), one entity named by the
    surname alone, and a city."""
    G = nx.MultiDiGraph()
    for iri, label, docs in [("id:ana", "Ana Vireo", 40), ("id:tomas", "Tomas Vireo", 6), ("id:vireo", "Vireo", 9),
                             ("id:lea", "Lea Vireo", 1), ("id:oslo", "Oslo", 12)]:
        aliases = ["Vireo"] if docs > 5 and label != "Oslo" and label != "Vireo" else []  # as coreference gives them
        G.add_node(iri, label=label, cls="City" if label == "Oslo" else "Person", aliases=aliases, documents=docs)
    G.add_edge("id:ana", "id:oslo", key="visited", relation="visited", weight=1, evidence=[])
    G.add_edge("id:tomas", "id:oslo", key="visited", relation="visited", weight=1, evidence=[])
    return G


@pytest.fixture
def namesake_kg(monkeypatch: pytest.MonkeyPatch, kg: Path) -> Path:
    from newskg.graph.analysis import network

    monkeypatch.setattr(network, "load_network", lambda directory, **_: namesakes())
    return kg


@pytest.mark.parametrize("command", [["view", "--around", "Vireo"], ["path", "Vireo", "Oslo"]])
def test_an_ambiguous_name_lists_the_candidates_and_exits_2(runner: CliRunner, namesake_kg: Path, tmp_path: Path,
                                                            command: list[str]) -> None:
    args = [command[0], str(namesake_kg), *command[1:]]
    if command[0] == "view":
        args += ["-o", str(tmp_path / "v.html")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "'Vireo' names 4 entities" in result.output
    lines = [line.strip() for line in result.output.splitlines() if line.startswith("  ")]
    assert lines[0] == "Ana Vireo  (Person, 40 documents)  id:ana"  # most documents first
    assert {line.split("  ")[0] for line in lines} == {"Ana Vireo", "Vireo", "Tomas Vireo", "Lea Vireo"}
    assert not (tmp_path / "v.html").exists()


@pytest.mark.parametrize("name", ["Tomas Vireo", "id:vireo"])
def test_an_exact_full_label_or_an_iri_picks_one_entity(runner: CliRunner, namesake_kg: Path, tmp_path: Path,
                                                        name: str) -> None:
    result = runner.invoke(cli, ["view", str(namesake_kg), "--around", name, "-o", str(tmp_path / "v.html")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    assert ("Within 2 hops of " + name.replace("id:vireo", "Vireo")) in page
    path = runner.invoke(cli, ["path", str(namesake_kg), "Tomas Vireo", "Ana Vireo", "--evidence", "0"])
    assert path.exit_code == 0 and "Tomas Vireo --visited--> Oslo" in path.output


def _article(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_build_into_a_missing_directory_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    article = _article(tmp_path, "a.txt",
                       " date 2024-05-02 Visit\nOfficials of the Tartu Marine Institute visited Riga.\n")
    result = runner.invoke(cli, ["build", str(article), "--into", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not an existing graph directory" in result.output and "--out" in result.output
    assert not (tmp_path / "nowhere").exists()


def test_build_out_over_a_graph_with_other_documents_changes_nothing_and_exits_2(
        runner: CliRunner, tmp_path: Path) -> None:
    first = _article(tmp_path, "first.txt", " date 2024-05-02 Visit\nOfficials of the Tartu Marine Institute "
                                            "visited Riga on Monday.\n")
    second = _article(tmp_path, "second.txt", " date 2024-06-02 Talks\nThe Riga Technical University signed "
                                              "an agreement with the Tartu Marine Institute.\n")
    kg = tmp_path / "kg"
    assert runner.invoke(cli, ["build", str(first), "--out", str(kg)]).exit_code == 0
    before = (kg / "graph.trig").read_bytes()
    refused = runner.invoke(cli, ["build", str(second), "--out", str(kg)])
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [refused.stderr.strip()]
    assert "holds 1 document the inputs do not have (e.g. " in refused.stderr and "first.txt)" in refused.stderr
    assert "nothing was changed" in refused.stderr and "--into" in refused.stderr and "--replace" in refused.stderr
    assert (kg / "graph.trig").read_bytes() == before
    assert len(list((kg / "records").glob("*.json"))) == 1, "the refused inputs were extracted all the same"

    replaced = runner.invoke(cli, ["build", str(second), "--out", str(kg), "--replace"])
    assert replaced.exit_code == 0, replaced.output
    assert "1 document in " in replaced.stderr and ": 1 new, 0 changed, 1 removed; 1 extracted" in replaced.stderr
    assert [d["source"] for d in GraphDir(kg).manifest()["documents"]] == [str(second)]
    assert runner.invoke(cli, ["build", str(first), "--into", str(kg), "--replace"]).exit_code == 2


def test_build_out_refuses_a_line_its_file_no_longer_holds(runner: CliRunner, tmp_path: Path) -> None:
    """The file is given again, so nothing is read ahead; what it no longer holds is still
    refused, after reading and before anything is written."""
    line = '{{"id": "{}", "date": "2024-05-0{}", "text": "Officials of the {} visited Riga on Monday."}}\n'
    feed = _article(tmp_path, "feed.jsonl", line.format("a1", 1, "Tartu Marine Institute")
                    + line.format("a2", 2, "Riga Technical University"))
    kg = tmp_path / "kg"
    assert runner.invoke(cli, ["build", str(feed), "--out", str(kg)]).exit_code == 0
    before = (kg / "graph.trig").read_bytes()
    feed.write_text(line.format("a1", 1, "Tartu Marine Institute"), encoding="utf-8")
    refused = runner.invoke(cli, ["build", str(feed), "--out", str(kg)])
    assert refused.exit_code == 2 and "holds 1 document the inputs do not have" in refused.stderr
    assert "feed.jsonl#a2" in refused.stderr
    assert (kg / "graph.trig").read_bytes() == before


def test_build_counts_documents_against_the_graph_it_had(runner: CliRunner, tmp_path: Path) -> None:
    first = _article(tmp_path, "first.txt", "Officials of the Tartu Marine Institute visited Riga on Monday.\n")
    second = _article(tmp_path, "second.txt", "The Riga Technical University signed an agreement.\n")
    kg = tmp_path / "kg"
    built = runner.invoke(cli, ["build", str(first), "--out", str(kg)])
    assert "1 text read; 1 document in " in built.stderr
    assert ": 1 new, 0 changed, 0 removed; 1 extracted" in built.stderr
    again = runner.invoke(cli, ["build", str(first), "--out", str(kg)])
    assert again.exit_code == 0 and ": 0 new, 0 changed, 0 removed; 0 extracted" in again.stderr
    into = runner.invoke(cli, ["build", str(first), "--into", str(kg)])
    assert into.exit_code == 0 and ": 0 new, 0 changed, 0 removed; 0 extracted" in into.stderr
    added = runner.invoke(cli, ["build", str(second), "--into", str(kg)])
    assert "2 documents in " in added.stderr and ": 1 new, 0 changed, 0 removed; 1 extracted" in added.stderr
    first.write_text("Officials of the Bergen Coastal Academy visited Oslo on Monday.\n", encoding="utf-8")
    changed = runner.invoke(cli, ["build", str(first), "--into", str(kg)])
    assert "2 documents in " in changed.stderr and ": 0 new, 1 changed, 1 removed; 1 extracted" in changed.stderr
    first.write_text("Officials of the Tartu Marine Institute visited Riga on Monday.\n", encoding="utf-8")
    rebuilt = runner.invoke(cli, ["build", str(first), str(second), "--out", str(kg)])  # a changed text is no drop
    assert rebuilt.exit_code == 0 and ": 0 new, 1 changed, 1 removed; 0 extracted" in rebuilt.stderr


def test_the_progress_bar_counts_texts_read_and_the_summary_documents(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newskg.graph import cli as cli_module

    monkeypatch.setattr(cli_module, "_stderr_is_terminal", lambda: True)
    text = "Officials of the Tartu Marine Institute visited Riga on Monday.\n"
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        _article(tmp_path / "in", name, text)
    _article(tmp_path / "in", "d.txt", "The Riga Technical University signed an agreement.\n")
    result = runner.invoke(cli, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "kg")])
    assert result.exit_code == 0, result.output
    assert "newskg build, texts read" in result.stderr and "4/4" in result.stderr and " texts/s" in result.stderr
    assert "4 texts read (2 repeat another's text, stored once); 2 documents in " in result.stderr


def test_sources_are_stored_as_given_not_where_a_link_points(runner: CliRunner, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "archive" / "2024"
    real.mkdir(parents=True)
    _article(real, "a.txt", "Officials of the Tartu Marine Institute visited Riga on Monday.\n")
    (tmp_path / "latest").symlink_to(real, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["build", "latest/a.txt", "--out", "kg"])
    assert result.exit_code == 0, result.output
    given = str(tmp_path / "latest" / "a.txt")  # absolute, through the link
    assert [d["source"] for d in GraphDir(tmp_path / "kg").manifest()["documents"]] == [given]
    answer = runner.invoke(cli, ["query", "kg", "SELECT ?s WHERE { ?d dct:source ?s }", "--format", "csv"])
    assert answer.output.splitlines() == ["s", given]


def test_build_refuses_a_home_country_the_gazetteer_does_not_know(runner: CliRunner, tmp_path: Path,
                                                                  seeds_dir: Path) -> None:
    result = runner.invoke(cli, ["build", str(seeds_dir), "--out", str(tmp_path / "kg"), "--home-country", "Narnia"])
    assert result.exit_code == 2 and "'Narnia' is no country the gazetteer knows" in result.output
    assert not (tmp_path / "kg").exists()


def test_a_home_country_owns_the_titles_that_name_none(runner: CliRunner, tmp_path: Path, nlp,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """--home-country reaches the pipeline, as the gazetteer names the country, and the graph."""
    from contextlib import ExitStack

    from newskg.extract import pipeline

    article = tmp_path / "budget.txt"
    article.write_text("Budget day\n\nChancellor Ole Brandt said the budget would balance by 2027.\n")
    ask = "SELECT ?c WHERE { ?p rdfs:label \"Ole Brandt\" ; nkg:affiliatedWith ?x . ?x rdfs:label ?c }"
    with ExitStack() as loaded:  # the session's pipeline, set as `load_pipeline` is asked to load one
        monkeypatch.setattr(pipeline, "load_pipeline", lambda model=None, home_country=None, **_:
                            loaded.enter_context(pipeline.home_country_set(nlp, home_country)))
        for home, expected in ((None, ["c"]), ("Britain", ["c", "United Kingdom"])):
            kg = tmp_path / f"kg-{home}"
            result = runner.invoke(cli, ["build", str(article), "--out", str(kg), "-q"]
                                   + (["--home-country", home] if home else []))
            assert result.exit_code == 0, result.output
            answer = runner.invoke(cli, ["query", str(kg), ask, "--format", "csv"])
            assert answer.output.splitlines() == expected, answer.output
