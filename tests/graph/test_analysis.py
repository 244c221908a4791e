"""The analyses an analyst runs (centrality, communities, support, paths), the report, and
the commands over them: `path`, `report`, `query --view`, `view --around`."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from click.testing import CliRunner

from newskg.graph.analysis import network
from newskg.graph.cli import cli
from newskg.graph.analysis.report import (REPORT_MAP, REPORT_PNG, figures, md, plot_figures, render_markdown,
                                          report_data, write_report)
from newskg.graph.analysis.worldmap import place_labels, plot_map


@pytest.fixture(scope="module")
def kg(tmp_path_factory, sample_dir: Path, nlp) -> Path:
    from newskg.graph.build.pipeline import build

    out = tmp_path_factory.mktemp("analysis") / "kg"
    assert build([str(sample_dir)], out, nlp=nlp).ok
    return out


@pytest.fixture(scope="module")
def G(kg: Path) -> nx.MultiDiGraph:
    return network.load_network(kg)


@pytest.fixture
def runner(monkeypatch, nlp) -> CliRunner:
    from newskg.extract import pipeline

    monkeypatch.setattr(pipeline, "load_pipeline", lambda model=None, **_: nlp)
    return CliRunner()


def chain() -> nx.MultiDiGraph:
    """Two triangles joined by one edge, plus an isolated node."""
    G = nx.MultiDiGraph()
    for u, v, w in [("a", "b", 2), ("b", "c", 1), ("c", "a", 1), ("x", "y", 1), ("y", "z", 3), ("z", "x", 1),
                    ("c", "x", 1)]:
        G.add_edge(u, v, key="visited", relation="visited", weight=w, confidence=0.5 + 0.1 * w,
                   evidence=[{"sentence": f"{u} visited {v}.", "title": "T", "date": "2024-01-01",
                              "source": "s.txt", "confidence": 0.5}])
    G.add_node("lonely")
    for n in G:
        G.nodes[n].update(label=n.upper(), cls="Organization")
    return G


# -- analysis -------------------------------------------------------------------------------


def test_centrality_table_ranks_by_prominence_with_documents_degree_and_betweenness():
    G = chain()
    G.nodes["lonely"]["documents"] = 10
    table = network.centrality_table(G)
    rank = network.undirected_pagerank(G)
    # 0.5 each for the most documents and for the most central; a tie goes to documents
    assert [row["id"] for row in table][:2] == ["lonely", max(rank, key=rank.get)]
    assert {row["id"] for row in table} == set(chain())
    by_id = {row["id"]: row for row in table}
    assert by_id["c"]["betweenness"] > by_id["a"]["betweenness"] and by_id["x"]["betweenness"] > 0
    assert by_id["lonely"]["degree"] == 0.0 and by_id["lonely"]["betweenness"] == 0.0
    assert [row["prominence"] for row in table] == sorted((row["prominence"] for row in table), reverse=True)
    assert by_id["lonely"]["prominence"] == pytest.approx(0.5) and by_id["lonely"]["documents"] == 10
    assert [row["id"] for row in network.centrality_table(G, top=3)] == [row["id"] for row in table[:3]]


def test_communities_their_table_and_the_bridges_between_them():
    G = chain()
    parts = network.communities(G)
    assert sorted(map(sorted, parts)) == [["a", "b", "c"], ["lonely"], ["x", "y", "z"]]
    table = network.community_table(G, parts)
    assert [(c["size"], c["internal_edges"], c["bridges"]) for c in table] == [(3, 3, 1), (3, 3, 1), (1, 0, 0)]
    assert all(set(c["members"]) == {G.nodes[n]["label"] for n in c["ids"]} for c in table)
    bridges = network.bridges_between_communities(G, parts)
    assert [(u, r, v) for u, r, v, _ in bridges] == [("c", "visited", "x")]


def test_facts_by_support_splits_on_documents():
    several, single = network.facts_by_support(chain())
    assert [(u, v) for u, _, v, _ in several] == [("y", "z"), ("a", "b")]  # weight 3, then 2
    assert len(single) == 5 and all(h[3]["weight"] == 1 for h in single)
    none, everything = network.facts_by_support(chain(), min_sources=4)
    assert none == [] and len(everything) == chain().number_of_edges()


def test_analyses_need_no_scipy():
    code = """
import sys
sys.modules["scipy"] = None  # any import of scipy now fails
import networkx as nx
from newskg.graph.analysis import network
G = nx.MultiDiGraph(nx.barabasi_albert_graph(network.BETWEENNESS_SAMPLE + 100, 2, seed=1))
parts = network.communities(G)
network.centrality_table(G)
network.community_table(G, parts)
network.bridges_between_communities(G, parts)
network.shortest_paths(G, 0, 5)
print("ok", len(parts))
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok")


def two_hops(G: nx.MultiDiGraph) -> tuple[str, str]:
    """Labels of two entities two hops apart (the first such pair, in a stable order), so
    that the tests follow the sample's extraction wherever it goes."""
    view = G.to_undirected(as_view=True)
    for s in sorted(G, key=lambda n: G.nodes[n]["label"]):
        far = sorted(n for n, d in nx.single_source_shortest_path_length(view, s, cutoff=2).items() if d == 2)
        if far:
            return G.nodes[s]["label"], G.nodes[far[0]]["label"]
    raise AssertionError("the sample graph has no two entities two hops apart")


def test_paths_between_names_and_their_text(G):
    source, target = two_hops(G)
    paths = network.paths_between(G, source.upper(), target)  # names match whatever their case
    assert paths and all(len(p) == 2 for p in paths)
    start = network.resolve_entity(G, source)
    text = network.format_paths(G, paths, source=start, evidence=5)
    assert text.startswith(f"Path 1 of {len(paths)} (2 hops): {source} ... {target}")
    for _, relation, _, data in paths[0]:
        assert f"--{relation}-->" in text
        for e in data["evidence"]:
            assert f'"{e["sentence"]}"' in text and e["title"] in text and e["source"] in text
    alias = next((a for n, d in G.nodes(data=True) for a in d["aliases"] if n == start), None)
    if alias:
        assert network.paths_between(G, alias, target) == paths
    with pytest.raises(network.UnknownEntity, match="'Atlantis'"):
        network.paths_between(G, "Atlantis", target)
    assert network.format_paths(G, []) == "No path."


# -- the report -----------------------------------------------------------------------------


def test_the_report_converts_the_graph_for_igraph_once_and_gets_the_same_answers(
        kg: Path, G, monkeypatch: pytest.MonkeyPatch) -> None:
    from newskg.graph.analysis import backend
    from newskg.graph.store.directory import GraphDir, load_rdflib

    graph = load_rdflib(GraphDir(kg))
    made = []
    project = backend.project
    monkeypatch.setattr(backend, "project", lambda *args, **kwargs: made.append(1) or project(*args, **kwargs))
    data = report_data(graph, G=G)
    assert len(made) == 1  # at 100,000 entities a conversion costs a third of a second
    monkeypatch.undo()
    parts = network.communities(G)
    assert data["key_actors"] == network.centrality_table(G, top=15, k=data["betweenness_sampled"])
    assert data["communities"] == [c for c in network.community_table(G, parts) if c["size"] > 1]


def test_report_data(kg: Path, G):
    from newskg.graph.store.directory import load_rdflib
    from newskg.graph.store.directory import GraphDir

    data = report_data(load_rdflib(GraphDir(kg)), G=G)
    assert data["documents"] == 10 and data["entities"] == len(G) and data["relations"] == G.number_of_edges()
    assert [a["label"] for a in data["key_actors"]][:2] == ["Russia", "North Korea"]
    assert len(data["key_actors"]) == 15
    members = [m for c in data["communities"] for m in c["ids"]]
    assert len(members) == len(set(members)) and len(members) + data["singletons"] == len(G)
    assert len(data["several_sources"]) + len(data["one_source"]) == G.number_of_edges()
    assert all(f["documents"] >= 2 for f in data["several_sources"])
    assert all(f["documents"] < 2 for f in data["one_source"])
    assert data["several_sources"], "the sample has facts that several articles report"
    assert all(b["communities"][0] != b["communities"][1] for b in data["bridges"])
    figs = data["figures"]
    assert len(figs) >= 10 and all(f["reports"] for f in figs)
    dated = [f["date"] for f in figs if f["date"]]
    assert dated == sorted(dated)
    from datetime import date

    for f in figs:
        if f["start"] and f["end"]:
            start, end = date.fromisoformat(f["start"]), date.fromisoformat(f["end"])
            assert f["date"] == (start + (end - start) / 2).isoformat()
        elif not f["has_period"] and f["date"]:
            assert f["date"] == min(r["date"] for r in f["reports"] if r["date"])


def test_write_report(kg: Path):
    paths = write_report(kg)
    assert set(paths) == {"html", "md", "png", "map"}
    assert paths["png"] == kg / REPORT_PNG and paths["png"].read_bytes().startswith(b"\x89PNG\r\n")
    page = paths["html"].read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 2  # the figures plot and the map
    for heading in ("Key actors", "Communities", "Bridges between communities", "Figures over time",
                    "Facts supported by several sources", "Facts resting on one source"):
        assert heading in page
    text = paths["md"].read_text(encoding="utf-8")
    assert f"![Reported figures over time]({REPORT_PNG})" in text
    assert "| 1 | Russia | Country |" in text
    assert "<script" not in page.lower()
    # the sample's places carry GeoNames coordinates, so the report draws them
    assert "Places on the map" in page and f"![Places on a world map]({REPORT_MAP})" in text
    assert paths["map"] == kg / REPORT_MAP and paths["map"].read_bytes().startswith(b"\x89PNG\r\n")


def located_graph() -> Graph:
    """Three cities, two with coordinates and GeoNames identifiers, mentioned by 3, 1 and 2 documents."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL, RDF, RDFS, XSD

    from newskg.graph.namespace import NKG

    g = Graph()
    cities = [("harbour", "Harbourton", ("59.913", "10.752"), 3), ("hill", "Hillmouth", ("-33.9", "151.2"), 1),
              ("nowhere", "Nowhere Town", None, 2)]
    for key, name, where, docs in cities:
        city = URIRef(f"https://w3id.org/newskg/id/city/{key}")
        g.add((city, RDF.type, NKG.City))
        g.add((city, RDFS.label, Literal(name)))
        if where:
            g.add((city, NKG.lat, Literal(where[0], datatype=XSD.decimal)))
            g.add((city, NKG.long, Literal(where[1], datatype=XSD.decimal)))
            g.add((city, OWL.sameAs, URIRef(f"https://sws.geonames.org/{len(key)}000/")))
        for i in range(docs):
            doc = URIRef(f"https://w3id.org/newskg/id/doc/{key}{i}")
            g.add((doc, RDF.type, NKG.Document))
            g.add((doc, NKG.mentions, city))
    return g


def test_places_with_coordinates_go_on_a_map(monkeypatch):
    import socket

    G = network.to_networkx(located_graph())
    harbour = G.nodes["https://w3id.org/newskg/id/city/harbour"]
    assert (harbour["lat"], harbour["long"], harbour["geonames"]) == (59.913, 10.752, "https://sws.geonames.org/7000/")
    assert "lat" not in G.nodes["https://w3id.org/newskg/id/city/nowhere"]
    data = report_data(located_graph(), G=G)
    assert [(p["label"], p["documents"]) for p in data["places"]] == [("Harbourton", 3), ("Hillmouth", 1)]

    def no_network(*args, **kwargs):
        raise AssertionError("the map must be drawn offline")

    monkeypatch.setattr(socket, "socket", no_network)
    png = plot_map(data["places"])
    assert png.startswith(b"\x89PNG\r\n") and png != plot_map(data["places"][:1])
    text = render_markdown(data, title="t", image=None, map_image=REPORT_MAP)
    assert f"![Places on a world map]({REPORT_MAP})" in text
    assert "| Harbourton | City | 3 | 59.913 | 10.752 | https://sws.geonames.org/7000/ |" in text
    assert "Nowhere Town |" not in text.split("## Places on the map")[1].split("##")[0]
    assert plot_map([]) is None


def test_plot_without_dated_figures_is_none():
    assert plot_figures([]) is None
    png = plot_figures([{"value": 5, "date": "2024-01-02", "start": None, "end": None, "documents": 2}])
    assert png.startswith(b"\x89PNG")


def test_markdown_cells_stay_inert():
    cell = md("<script>x</script> [click](javascript:alert(1)) | **b**\nnext")
    assert "<" not in cell and "](" not in cell and " | " not in cell and "\n" not in cell
    assert re.sub(r"\\(.)", r"\1", cell) == "&lt;script&gt;x&lt;/script&gt; [click](javascript:alert(1)) | **b** next"


def test_figures_of_a_graph_without_observations():
    from rdflib import Graph

    assert figures(Graph()) == []


# -- commands -------------------------------------------------------------------------------


def test_path_command(runner: CliRunner, kg: Path, G):
    source, target = two_hops(G)
    result = runner.invoke(cli, ["path", str(kg), source, target, "--evidence", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Path 1 of ") and lines[0].endswith(f"(2 hops): {source} ... {target}")
    assert re.match(r"  1\. .+ --\w+--> .+  \(\d+ documents?\)$", lines[1])
    assert lines[2].startswith('     "') and lines[3].startswith("     -- ")
    assert "confidence" in lines[3] and ("sample/" in lines[3] or "https://" in lines[3])
    as_json = runner.invoke(cli, ["path", str(kg), source, target, "--json"])
    first_path = json.loads(as_json.stdout)[0]
    assert len(first_path) == 2 and all(hop["evidence"][0]["sentence"] for hop in first_path)
    assert {"from", "relation", "to", "weight", "confidence"} <= set(first_path[0])


def test_path_command_without_a_path_or_a_name(runner: CliRunner, kg: Path, G):
    lonely = next(d["label"] for n, d in sorted(G.nodes(data=True)) if G.degree(n) == 0)
    other = next(d["label"] for n, d in sorted(G.nodes(data=True)) if G.degree(n) > 0)
    none = runner.invoke(cli, ["path", str(kg), lonely, other])
    assert none.exit_code == 1 and none.stdout == ""
    assert f"no path between {lonely!r} and {other!r}" in none.stderr
    unknown = runner.invoke(cli, ["path", str(kg), "Atlantis", "Rason"])
    assert unknown.exit_code == 1 and "no entity is named 'Atlantis'" in unknown.stderr
    assert "Traceback" not in unknown.output


def test_report_command(runner: CliRunner, kg: Path):
    result = runner.invoke(cli, ["report", str(kg), "--top", "5"])
    assert result.exit_code == 0, result.output
    assert "report.html" in result.stderr and "report.md" in result.stderr
    assert (kg / "report.md").read_text(encoding="utf-8").count("\n| ") >= 5


def test_query_view_shows_just_the_entities_of_the_result(runner: CliRunner, kg: Path, G, tmp_path: Path):
    out = tmp_path / "leaders.html"
    result = runner.invoke(cli, ["query", str(kg), "SELECT ?p ?o WHERE { ?p nkg:leaderOf ?o }", "--format", "csv",
                                 "--view", str(out)])
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    named = {cell for row in rows for cell in row.split(",")}
    blob = json.loads(re.search(r'id="nkg-data">(.*?)</script>', out.read_text(encoding="utf-8"), re.DOTALL).group(1))
    assert set(blob["nodes"]) == named
    assert {e["relation"] for e in blob["edges"].values()} >= {"leaderOf"}
    assert "wrote" in result.stderr
    by_label = tmp_path / "by-label.html"
    result = runner.invoke(cli, ["query", str(kg), "SELECT ?n WHERE { ?p a nkg:Person ; rdfs:label ?n }",
                                 "--view", str(by_label)])
    assert result.exit_code == 0
    blob = json.loads(re.search(r'id="nkg-data">(.*?)</script>', by_label.read_text(encoding="utf-8"),
                                re.DOTALL).group(1))
    assert {n["cls"] for n in blob["nodes"].values()} == {"Person"}


def test_view_around_an_unknown_name_is_one_clean_line(runner: CliRunner, kg: Path, tmp_path: Path):
    result = runner.invoke(cli, ["view", str(kg), "--around", "Atlantis", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and result.stderr.startswith("newskg: no entity is named 'Atlantis'")
    ok = runner.invoke(cli, ["view", str(kg), "--around", "dprk", "--depth", "1", "-o", str(tmp_path / "nk.html")])
    assert ok.exit_code == 0
    page = (tmp_path / "nk.html").read_text(encoding="utf-8")
    assert "Within 1 hop of North Korea" in page


def test_figures_are_plotted_per_unit_and_measure_with_reporter_and_period():
    from newskg.graph.analysis.report import figure_panels

    figs = [
        {"value": 2_600_000_000, "unit": "GBP", "measure": "pre-tax profits", "date": "2024-07-01",
         "start": "2024-01-01", "end": "2024-12-31", "reported_by": ["Harbour Bank"], "documents": 2},
        {"value": 3.5, "unit": "percent", "change": "increase", "measure": "pre-tax profits", "date": "2024-07-01",
         "start": "2024-01-01", "end": "2024-12-31", "reported_by": [], "documents": 1},
        {"value": 4100, "unit": None, "measure": "loans", "date": "2024-03-01", "start": None, "end": None,
         "reported_by": ["Latvian Bank Office"], "documents": 1},
        {"value": 5200, "unit": None, "measure": "loans", "date": "2024-09-01", "start": None, "end": None,
         "reported_by": [], "documents": 1},
        {"value": 90, "unit": "USD", "measure": "fees", "date": None, "start": None, "end": None,
         "reported_by": [], "documents": 1},
    ]
    panels = {p["title"]: p for p in figure_panels(figs)}
    assert set(panels) == {"GBP", "percent (increase)", "count"}  # money apart from counts; undated left out
    assert [p["number"] for p in panels["count"]["series"]["loans"]] == [3, 4]
    money = panels["GBP"]["series"]["pre-tax profits"][0]
    assert (money["start"], money["end"], money["reported_by"]) == ("2024-01-01", "2024-12-31", "Harbour Bank")
    assert money["label"] == "#1 Harbour Bank"
    assert plot_figures(figs).startswith(b"\x89PNG")


def test_map_names_do_not_cover_each_other():
    """Crowded places (cities a few degrees apart) are named around their discs, none over
    another, and the most mentioned is always named."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    crowd = [{"label": f"Placename {i}", "lat": 40 + (i % 3), "long": 125 + (i // 3), "documents": 10 - i}
             for i in range(9)]
    fig = Figure(figsize=(10, 4.4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 85)
    ax.set_aspect("equal")
    drawn = place_labels(ax, crowd, most=10)
    boxes = [label.get_window_extent(fig.canvas.get_renderer()) for label in drawn]
    assert drawn[0].get_text() == "Placename 0" and 1 < len(drawn) < len(crowd)
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert len(ax.texts) == len(drawn)  # names that found no room are not left on the map
