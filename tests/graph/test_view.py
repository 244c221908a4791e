"""The HTML view: self-contained, complete, and inert whatever the documents say."""
from __future__ import annotations

import copy
import html
import json
import re
from decimal import Decimal

import networkx as nx
import pytest
from jinja2.utils import htmlsafe_json_dumps
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from newskg.graph.namespace import NKG
from newskg.graph.analysis import view
from newskg.graph.analysis.network import ENTITY_CLASSES, to_networkx
from newskg.graph.analysis.view import render_html

ID = "https://w3id.org/newskg/id/"
XSS_LABEL = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = "</script><script>alert(1)</script>"
XSS_TITLE = '<script>alert("title")</script>'
ENTITIES = {
    "pak": (NKG.Person, "Pak Ji Min", ["Pak J. M."]),
    "kcut": (NKG.University, "Kim Chaek University of Technology", ["KCUT"]),
    "mpei": (NKG.University, "Moscow Power Engineering Institute", ["MPEI"]),
    "russia": (NKG.Country, "Russia", []),
    "fsb": (NKG.GovernmentBody, "Federal Security Service", ["FSB"]),
}
RELATIONS = [
    ("pak", NKG.leaderOf, "kcut", "a", "Pak Ji Min, president of KCUT, arrived."),
    ("pak", NKG.leaderOf, "kcut", "b", "KCUT president Pak Ji Min left for Russia."),
    ("kcut", NKG.visited, "mpei", "a", "The KCUT delegation toured MPEI."),
    ("mpei", NKG.locatedIn, "russia", "b", "MPEI, in Moscow, Russia, hosted them."),
    ("fsb", NKG.partOf, "russia", "b", "Russia's FSB said so."),
]


def iri(key: str) -> URIRef:
    return URIRef(ID + "entity/" + key)


def build_graph(entities=ENTITIES, relations=RELATIONS) -> Graph:
    g = Graph()
    for key, (cls, label, aliases) in entities.items():
        g.add((iri(key), RDF.type, cls))
        g.add((iri(key), RDFS.label, Literal(label)))
        for alias in aliases:
            g.add((iri(key), SKOS.altLabel, Literal(alias)))
    for name, date in [("a", "2024-05-10"), ("b", "2024-03-01")]:
        doc = URIRef(ID + "document/" + name)
        g.add((doc, RDF.type, NKG.Document))
        g.add((doc, DCTERMS.title, Literal(f"Article {name.upper()}")))
        g.add((doc, DCTERMS.issued, Literal(date, datatype=XSD.date)))
        g.add((doc, DCTERMS.source, Literal(f"news/{name}.txt")))
    for s, p, o, doc, sentence in relations:
        g.add((iri(s), p, iri(o)))
        a = BNode()
        for prop, value in [(RDF.type, NKG.Assertion), (RDF.subject, iri(s)), (RDF.predicate, p),
                            (RDF.object, iri(o)), (PROV.wasDerivedFrom, URIRef(ID + "document/" + doc)),
                            (NKG.evidence, Literal(sentence)), (NKG.charStart, Literal(0)),
                            (NKG.charEnd, Literal(len(sentence))), (NKG.extractor, Literal("rule")),
                            (NKG.confidence, Literal(Decimal("0.8"), datatype=XSD.decimal))]:
            g.add((a, prop, value))
    return g


@pytest.fixture
def G() -> nx.MultiDiGraph:
    return to_networkx(build_graph())


@pytest.fixture
def xss_graph() -> nx.MultiDiGraph:
    entities = dict(ENTITIES, evil=(NKG.Organization, XSS_LABEL, ["A & B's <b>alias</b>"]))
    relations = RELATIONS + [("evil", NKG.cites, "fsb", "a", XSS_SENTENCE)]
    return to_networkx(build_graph(entities, relations))


def in_script(text: str) -> str:
    """How a string looks inside the page's JSON: <, >, & and ' as \\u escapes."""
    return htmlsafe_json_dumps(text)[1:-1]


def evidence_blob(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="nkg-data">(.*?)</script>', page, re.DOTALL)
    assert match, "the evidence blob is missing"
    return json.loads(match.group(1))


def test_writes_a_page_with_every_node_and_edge(G, tmp_path):
    path = tmp_path / "view.html"
    counts = render_html(G, path, title="North Korea and Russia")
    page = path.read_text(encoding="utf-8")
    assert counts == {"nodes": 5, "edges": 4, "omitted_nodes": 0, "bytes": len(page.encode("utf-8"))}
    assert page.startswith("<!DOCTYPE html>")
    for _, label in G.nodes(data="label"):
        assert in_script(label) in page
    assert "<title>North Korea and Russia</title>" in page
    assert 'id="nkg-banner"' not in page
    blob = evidence_blob(page)
    assert set(blob["nodes"]) == set(G)
    assert len(blob["edges"]) == 4
    leader = next(e for e in blob["edges"].values() if e["relation"] == "leaderOf")
    assert leader["weight"] == 2
    assert [blob["docs"][e["doc"]]["title"] for e in leader["evidence"]] == ["Article B", "Article A"]
    assert {"sentence", "doc", "confidence"} <= set(leader["evidence"][0])
    assert set(blob["docs"][leader["evidence"][0]["doc"]]) == {"title", "date", "source"}


def test_page_loads_nothing_from_the_network(G, tmp_path):
    path = tmp_path / "view.html"
    render_html(G, path)
    page = path.read_text(encoding="utf-8")
    tags = re.findall(r"<(?:script|link)\b[^>]*>", page, re.IGNORECASE)
    assert tags, "expected the inlined scripts"
    for tag in tags:
        assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", tag, re.IGNORECASE), tag
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.IGNORECASE)  # every script is inline
    assert not re.search(r"<link\b[^>]*stylesheet", page, re.IGNORECASE)  # every style is inline
    assert "vis.Network" in page and ".vis-network" in page  # vis-network's JS and CSS are in the file


def test_a_remote_resource_left_in_the_page_is_an_error(G, tmp_path, monkeypatch):
    import newskg.graph.analysis.view as view

    js, css = view.vis_assets()
    sneaky = css + '</style><link rel="stylesheet" href="https://cdn.example.org/x.css"><style>'
    monkeypatch.setattr(view, "vis_assets", lambda: (js, sneaky))
    with pytest.raises(RuntimeError, match="self-contained"):
        render_html(G, tmp_path / "view.html")
    assert not (tmp_path / "view.html").exists()


def test_scripts_are_admitted_by_hash_and_nothing_else(G, tmp_path):
    import base64
    import hashlib

    path = tmp_path / "view.html"
    render_html(G, path)
    page = path.read_text(encoding="utf-8")
    csp = html.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1))
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 2  # vis-network and ours; the data block is JSON, not run
    for code in scripts:
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
        assert f"'sha256-{digest}'" in csp
    assert "sourceMappingURL" not in page


def test_page_has_legend_filters_search_panel_and_physics_hook(G, tmp_path):
    path = tmp_path / "view.html"
    render_html(G, path)
    page = path.read_text(encoding="utf-8")
    legend = re.search(r'<ul id="nkg-legend">.*?</ul>', page, re.DOTALL).group(0)
    for cls in ("Person", "University", "Country", "GovernmentBody"):
        assert f'class="nkg-class" value="{cls}" checked' in legend
    relations = re.search(r'<ul id="nkg-relations">.*?</ul>', page, re.DOTALL).group(0)
    found = re.findall(r'class="nkg-relation" value="(\w+)"', relations)
    assert found == ["leaderOf", "partOf", "locatedIn", "visited"]
    for control in ("nkg-search", "nkg-from", "nkg-to", "nkg-conf", "nkg-neighbourhood", "nkg-reset", "nkg-isolated"):
        assert f'id="{control}"' in page
    assert 'min="2024-03-01" max="2024-05-10"' in page  # the date inputs span the documents' dates
    assert "network.selectNodes" in page and "network.focus" in page
    assert 'network.on("click"' in page and "textContent" in page
    assert "stabilizationIterationsDone" in page and "physics: false" in page
    assert evidence_blob(page)["config"]["options"]["physics"]["solver"] == "forceAtlas2Based"


def test_large_views_lighten_the_layout():
    from newskg.graph.analysis.view import _options

    small, large = _options(100, 200), _options(2000, 4000)
    assert small["layout"]["improvedLayout"] is True and large["layout"]["improvedLayout"] is False
    assert large["interaction"]["hideEdgesOnZoom"] is True
    assert large["physics"]["stabilization"]["iterations"] < small["physics"]["stabilization"]["iterations"]


def test_banner_when_nodes_are_left_out(G, tmp_path):
    path = tmp_path / "view.html"
    counts = render_html(G, path, max_nodes=2)
    assert counts["nodes"] == 2 and counts["omitted_nodes"] == 3
    page = path.read_text(encoding="utf-8")
    banner = re.search(r'<div id="nkg-banner"[^>]*>(.*?)</div>', page, re.DOTALL).group(1)
    assert "3 left out" in banner
    assert "--around NAME" in banner and "--max-nodes" in banner
    blob = evidence_blob(page)
    assert len(blob["nodes"]) == 2
    assert all(e["from"] in blob["nodes"] and e["to"] in blob["nodes"] for e in blob["edges"].values())
    assert counts["edges"] == len(blob["edges"])


def test_rejects_a_max_nodes_below_one(G, tmp_path):
    with pytest.raises(ValueError, match="max_nodes"):
        render_html(G, tmp_path / "view.html", max_nodes=0)


def test_does_not_change_the_graph(G, tmp_path):
    before = copy.deepcopy(G)
    render_html(G, tmp_path / "view.html", max_nodes=3)
    assert nx.utils.graphs_equal(G, before)
    assert list(G.edges(keys=True, data=True)) == list(before.edges(keys=True, data=True))


def test_document_strings_cannot_inject_markup(G, xss_graph, tmp_path):
    path = tmp_path / "view.html"
    render_html(xss_graph, path, title=XSS_TITLE)
    page = path.read_text(encoding="utf-8")
    for raw in (XSS_LABEL, XSS_SENTENCE, XSS_TITLE, "<b>alias</b>", "alert(1)</script>"):
        assert raw not in page
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in page  # HTML-escaped title and heading
    assert in_script(XSS_LABEL) in page  # the label, JSON-escaped inside the script data
    blob = evidence_blob(page)  # and it reads back unchanged
    evil = next(n for n in blob["nodes"].values() if n["label"] == XSS_LABEL)
    assert evil["aliases"] == ["A & B's <b>alias</b>"]
    [cites] = [e for e in blob["edges"].values() if e["relation"] == "cites"]
    assert cites["evidence"][0]["sentence"] == XSS_SENTENCE
    # nothing in the data can end a script early: no more "</script" than a harmless page has
    render_html(G, tmp_path / "plain.html")
    assert page.count("</script") == (tmp_path / "plain.html").read_text(encoding="utf-8").count("</script")
    assert "<" not in re.search(r'id="nkg-data">(.*?)</script>', page, re.DOTALL).group(1)
    # no document text is ever handed to innerHTML
    assert "innerHTML" not in page.split('id="nkg-data"', 1)[1]


def test_one_shape_per_coarse_class_and_distinct_shades_within_it():
    from newskg.extract.records import COARSE_CLASS

    shapes: dict[str, set[str]] = {}
    for cls, (shape, _) in view.STYLES.items():
        shapes.setdefault(COARSE_CLASS[cls], set()).add(shape)
    assert all(len(s) == 1 for s in shapes.values())  # a family shares its shape
    assert len({next(iter(s)) for s in shapes.values()}) == len(shapes)  # and no two families share one
    colours = [colour for _, colour in view.STYLES.values()]
    assert len(set(colours)) == len(colours)
    assert set(view.STYLES) == set(ENTITY_CLASSES.values())


def test_the_most_prominent_are_drawn_first_and_biggest():
    G = nx.MultiDiGraph()
    G.add_node("minister", label="Minister", cls="Person", documents=50)
    G.add_node("hub", label="Hub", cls="Organization", documents=2)
    for i in range(4):
        G.add_node(f"p{i}", label=f"P{i}", cls="City", documents=1)
        G.add_edge("hub", f"p{i}", key="partOf", relation="partOf", weight=1)
    G.add_edge("minister", "hub", key="leaderOf", relation="leaderOf", weight=1)
    G.add_node("rare", label="Rare", cls="Person", documents=1)
    data = view.view_data(G, max_nodes=3)
    assert list(data["nodes"])[:2] == ["minister", "hub"]
    assert data["nodes"]["minister"]["size"] == 1.0 and data["omitted"]["count"] == 4
    assert "rare" not in data["nodes"]


def test_an_around_view_knows_the_names_outside_it():
    G = nx.MultiDiGraph()
    G.add_node("a", label="Alpha", aliases=["A"])
    G.add_node("b", label="Beta")
    G.add_node("far", label="Far Away", aliases=["FA"])
    G.add_edge("a", "b", key="visited", relation="visited", weight=1)
    near = G.subgraph(["a", "b"]).copy()
    assert view.view_data(near, outside=G)["elsewhere"] == [["Far Away", "FA"]]
    assert view.view_data(near)["elsewhere"] == []


def test_only_a_view_with_places_carries_the_world_outline():
    G = nx.MultiDiGraph()
    G.add_node("a", label="Alpha", cls="City")
    plain, _ = view.html_page(G)
    assert 'id="nkg-map-toggle"' not in plain and view.world_path()[:40] not in plain
    G.nodes["a"].update(lat=10.5, long=-20.25)
    with_map, _ = view.html_page(G)
    assert 'id="nkg-map-toggle"' in with_map and view.world_path()[:40] in with_map
    assert view.view_data(G)["nodes"]["a"]["lat"] == 10.5
