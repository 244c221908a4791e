"""The HTML view: self-contained, complete, and inert whatever the documents say."""
from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from decimal import Decimal

import networkx as nx
import pytest
from jinja2.utils import htmlsafe_json_dumps
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from newskg.graph.namespace import NKG
from newskg.graph.network import to_networkx
from newskg.graph.view import render_html

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
    assert counts == {"nodes": 5, "edges": 4, "omitted_nodes": 0}
    page = path.read_text(encoding="utf-8")
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
    assert [e["title"] for e in leader["evidence"]] == ["Article B", "Article A"]
    assert {"sentence", "title", "date", "source", "confidence"} <= set(leader["evidence"][0])


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
    import newskg.graph.view as view

    monkeypatch.setattr(view, "_REMOTE_TAG", re.compile(r"(?!)"))  # as if pyvis's CDN links were not stripped
    with pytest.raises(RuntimeError, match="self-contained"):
        render_html(G, tmp_path / "view.html")
    assert not (tmp_path / "view.html").exists()


def test_page_has_legend_search_panel_and_physics_hook(G, tmp_path):
    path = tmp_path / "view.html"
    render_html(G, path)
    page = path.read_text(encoding="utf-8")
    legend = re.search(r'<div id="nkg-legend">.*?</div>', page, re.DOTALL).group(0)
    for cls in ("Person", "University", "Country", "GovernmentBody"):
        assert cls in legend
    assert 'id="nkg-search"' in page and "network.selectNodes" in page and "network.focus" in page
    assert 'network.on("click"' in page and "textContent" in page
    assert "stabilizationIterationsDone" in page and "physics: false" in page
    assert '"solver": "barnesHut"' in page or '"solver":"barnesHut"' in page


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


# A stand-in for the browser: the page's own script run under node against a fake DOM and a
# fake vis network, to check what clicking, hovering and searching do.
HARNESS = r"""
const fs = require("fs");
const [script, data] = [fs.readFileSync(process.argv[2], "utf8"), fs.readFileSync(process.argv[3], "utf8")];
const els = {};
function mk(id) {
  return { id, kids: [], hidden: false, style: {}, text: "", value: "", className: "",
    appendChild(c) { this.kids.push(c); return c; },
    addEventListener(ev, f) { (this.on = this.on || {})[ev] = f; },
    getBoundingClientRect() { return { left: 0, top: 0 }; },
    set textContent(t) { this.text = t; this.kids = []; },
    get textContent() {
      return id === "nkg-data" ? data : [this.text, ...this.kids.map(k => k.textContent)].join("|");
    },
    set innerHTML(v) { throw new Error("innerHTML used"); } };
}
global.document = { getElementById(id) { return els[id] = els[id] || mk(id); }, createElement: mk };
const handlers = {}, calls = [];
global.network = { on(ev, f) { (handlers[ev] = handlers[ev] || []).push(f); }, once(ev, f) { this.on(ev, f); },
  setOptions(o) { calls.push(["setOptions", o]); }, selectNodes(ids) { calls.push(["select", ids]); },
  focus(id) { calls.push(["focus", id]); } };
eval(script);
const fire = (ev, p) => handlers[ev].forEach(f => f(p));
const out = {};
fire("stabilizationIterationsDone");
fire("click", { nodes: [process.argv[4]], edges: [] });
out.node = els["nkg-panel-body"].textContent; out.hidden = els["nkg-panel"].hidden;
fire("click", { nodes: [], edges: ["e0"] });
out.edge = els["nkg-panel-body"].textContent;
fire("hoverNode", { node: process.argv[4], pointer: { DOM: { x: 1, y: 2 } } });
out.tip = els["nkg-tip"].textContent;
els["nkg-search"].value = "kcut"; els["nkg-search"].on.input();
els["nkg-search"].value = "nothing like it"; els["nkg-search"].on.keydown({ key: "Enter" });
out.status = els["nkg-search-status"].textContent;
out.calls = calls;
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's script")
def test_page_script_shows_evidence_and_finds_nodes(xss_graph, tmp_path):
    path = tmp_path / "view.html"
    render_html(xss_graph, path)
    page = path.read_text(encoding="utf-8")
    scripts = re.findall(r"<script(?: type=\"text/javascript\")?>(.*?)</script>", page, re.DOTALL)
    for i, code in enumerate(scripts):  # every inline script parses
        (tmp_path / f"s{i}.js").write_text(code, encoding="utf-8")
        subprocess.run(["node", "--check", str(tmp_path / f"s{i}.js")], check=True)
    (tmp_path / "ours.js").write_text(scripts[-1], encoding="utf-8")
    data = re.search(r'id="nkg-data">(.*?)</script>', page, re.DOTALL).group(1)
    (tmp_path / "data.json").write_text(data, encoding="utf-8")
    (tmp_path / "harness.js").write_text(HARNESS, encoding="utf-8")
    evil = str(iri("evil"))
    run = subprocess.run(["node", str(tmp_path / "harness.js"), str(tmp_path / "ours.js"),
                          str(tmp_path / "data.json"), evil], capture_output=True, text=True, check=True)
    out = json.loads(run.stdout)
    assert out["hidden"] is False
    assert XSS_LABEL in out["node"] and XSS_SENTENCE in out["node"]
    assert "Article A" in out["node"] and "2024-05-10" in out["node"] and "news/a.txt" in out["node"]
    assert "confidence 0.80" in out["node"]
    assert "Article" in out["edge"]
    assert XSS_LABEL in out["tip"] and "Organization" in out["tip"]
    assert ["setOptions", {"physics": False}] in out["calls"]
    assert ["select", [str(iri("kcut"))]] in out["calls"] and ["focus", str(iri("kcut"))] in out["calls"]
    assert out["status"] == "no match"
