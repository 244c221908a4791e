"""The network as one self-contained, interactive HTML page (pyvis / vis-network).

`render_html` builds a pyvis `Network` node by node (never `from_nx`, which changes the
graph it is given), renders it with pyvis's template with vis-network inlined, and adds a
header with a search box, a legend, a banner when nodes were left out, a hover tooltip and
a side panel that shows the evidence of a clicked node or edge. The page loads nothing
from the network.

How document text is kept inert, by where it goes:
- into HTML markup (page title, heading, legend, banner): `html.escape`;
- into a script (pyvis's node/edge data, our evidence blob): JSON with ``<``, ``>``, ``&``
  written as ``\\u003c``, ``\\u003e``, ``\\u0026``, so no string can close the script;
- into the live page (panel, tooltip, search list): ``textContent`` / ``value`` only, and
  node titles are not given to vis-network at all (pyvis switches to an ``innerHTML``
  popup when a title contains "href"), the tooltip is ours;
- node and edge labels are drawn on the canvas, which shows text as text.
"""
from __future__ import annotations

import html
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import networkx as nx

from newskg.graph.network import ENTITY_CLASSES, pagerank

# class → (vis-network shape, colour)
STYLES: dict[str, tuple[str, str]] = {
    "Person": ("dot", "#e15759"),
    "Organization": ("box", "#4e79a7"),
    "University": ("box", "#76b7b2"),
    "OrganizationUnit": ("box", "#a0cbe8"),
    "GovernmentBody": ("ellipse", "#2c5d8f"),
    "MediaOrganization": ("ellipse", "#b07aa1"),
    "Company": ("ellipse", "#59a14f"),
    "Place": ("triangle", "#f28e2b"),
    "Country": ("diamond", "#edc948"),
    "City": ("triangle", "#ff9d9a"),
    "Region": ("diamond", "#9c755f"),
}
DEFAULT_STYLE = ("dot", "#9e9e9e")
_GLYPHS = {"dot": "\u25cf", "box": "\u25a0", "ellipse": "\u2b2c", "triangle": "\u25b2", "diamond": "\u25c6"}
_LABEL_INSIDE = frozenset({"box", "ellipse", "circle", "database", "text"})
_LIGHT = frozenset({"#a0cbe8", "#76b7b2", "#edc948", "#ff9d9a"})  # backgrounds that want dark text

OPTIONS: dict[str, Any] = {
    "nodes": {"borderWidth": 1},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#555555", "inherit": False},
        "font": {"size": 10, "align": "middle", "color": "#555555"},
        "smooth": {"enabled": True, "type": "dynamic"},
    },
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
    "physics": {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -8000, "centralGravity": 0.3, "springLength": 140,
                      "springConstant": 0.04, "damping": 0.09, "avoidOverlap": 0.2},
        "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 25, "fit": True},
        "minVelocity": 0.75,
    },
}

# a <script>/<link>/… that loads something from elsewhere: none may be left in the page
_REMOTE_TAG = re.compile(
    r"""<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^>]*>(?:\s*</script\s*>)?""",
    re.IGNORECASE)
_REMOTE_REF = re.compile(
    r"""<(?:script|link|img|iframe|source|embed|object)\b[^>]*?\b(?:src|href|data)\s*=\s*["']?\s*(?:https?:)?//""",
    re.IGNORECASE)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")
_COMMENTED_LINKS = re.compile(r"<!--\s*<link\b.*?-->", re.DOTALL)  # pyvis's commented-out node_modules links


def render_html(G: nx.MultiDiGraph, path: str | os.PathLike[str], *, title: str = "newskg",
                max_nodes: int = 2000) -> dict[str, int]:
    """Write `G` as one self-contained HTML page at `path`; return what was drawn.

    When `G` has more than `max_nodes` nodes, the `max_nodes` with the highest PageRank are
    drawn with the edges among them, and a banner says how many were left out. Reads the
    node attributes label, cls, aliases, documents and the edge attributes relation,
    weight, confidence, evidence (as `to_networkx` writes them); `G` is not changed.

    Returns ``{"nodes": drawn, "edges": drawn, "omitted_nodes": n}``.
    """
    from pyvis.network import Network  # the only module that needs pyvis

    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {max_nodes!r}")
    rank = pagerank(G)
    drawn = sorted(G, key=lambda n: (-rank.get(n, 0.0), str(n)))[:max_nodes]
    keep = set(drawn)
    omitted = len(G) - len(drawn)

    net = Network(directed=True, cdn_resources="in_line", height="100vh", width="100%", heading="")
    net.set_options(json.dumps(OPTIONS))  # pyvis drops every space from this: OPTIONS holds no string with one
    low = min((rank[n] for n in drawn), default=0.0)
    high = max((rank[n] for n in drawn), default=0.0)
    nodes: dict[str, dict[str, Any]] = {}
    classes: list[str] = []
    for n in drawn:
        d = G.nodes[n]
        cls = str(d.get("cls") or "")
        shape, color = STYLES.get(cls, DEFAULT_STYLE)
        t = (rank[n] - low) / (high - low) if high > low else 0.5
        size = 10 + 30 * t
        font = {"size": round(12 + 10 * t) if shape in _LABEL_INSIDE else 14,
                "color": ("#222222" if color in _LIGHT else "#ffffff") if shape in _LABEL_INSIDE else "#222222"}
        label = str(d.get("label") or n)
        net.add_node(str(n), label=label, shape=shape, color=color, size=round(size, 1), font=font)
        nodes[str(n)] = {"label": label, "cls": cls, "aliases": [str(a) for a in d.get("aliases") or ()],
                         "documents": d.get("documents") or 0, "edges": []}
        if cls not in classes:
            classes.append(cls)

    edges: dict[str, dict[str, Any]] = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        if u not in keep or v not in keep:
            continue
        eid = f"e{len(edges)}"
        relation = str(d.get("relation") or k)
        weight = d.get("weight") or 0
        net.add_edge(str(u), str(v), id=eid, label=relation,
                     width=round(min(1 + 2 * math.log2(1 + weight), 10), 2),
                     arrows="to,from" if relation == "agreementWith" else "to")
        edges[eid] = {"from": str(u), "to": str(v), "relation": relation, "weight": weight,
                      "confidence": d.get("confidence"), "evidence": [dict(e) for e in d.get("evidence") or ()]}
        nodes[str(u)]["edges"].append(eid)
        if v != u:
            nodes[str(v)]["edges"].append(eid)

    page = _page(net.generate_html(), title=title, classes=classes, data={"nodes": nodes, "edges": edges},
                 shown=len(drawn), total=len(G), omitted=omitted)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return {"nodes": len(net.nodes), "edges": len(net.edges), "omitted_nodes": omitted}


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no string in it can end the element.

    >>> script_json({"s": "</script><b>&"})
    '{"s": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return (json.dumps(value, ensure_ascii=False, default=str)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _page(generated: str, *, title: str, classes: list[str], data: dict[str, Any],
          shown: int, total: int, omitted: int) -> str:
    """pyvis's page without its CDN links, with our head, controls, data and script added."""
    page = _REMOTE_TAG.sub("", generated)  # pyvis's template loads bootstrap from a CDN; the page needs none of it
    page = _EMPTY_HEADING.sub("", page)
    page = _COMMENTED_LINKS.sub("", page)
    for marker in ("</head>", "<body>", "</body>", "drawGraph();"):
        if marker not in page:
            raise RuntimeError(f"the pyvis page has no {marker!r}; this pyvis version's template is not supported")
    head = f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n"
    page = page.replace("</head>", head + "</head>", 1)
    page = page.replace("<body>", "<body>\n" + _controls(title, classes, shown, total, omitted), 1)
    before, _, after = page.rpartition("</body>")
    tail = (f'<script type="application/json" id="nkg-data">{script_json(data)}</script>\n'
            f"<script>{_JS}</script>\n")
    page = before + tail + "</body>" + after
    if not page.lstrip().lower().startswith("<!doctype"):
        page = "<!DOCTYPE html>\n" + page
    remote = _REMOTE_REF.search(page)
    if remote:
        raise RuntimeError(f"the page would load {remote.group(0)!r} from the network; it must be self-contained")
    return page


def _controls(title: str, classes: list[str], shown: int, total: int, omitted: int) -> str:
    esc = html.escape
    legend = "".join(
        f'<li><span class="nkg-swatch" style="color:{STYLES.get(c, DEFAULT_STYLE)[1]}">'
        f"{_GLYPHS.get(STYLES.get(c, DEFAULT_STYLE)[0], _GLYPHS['dot'])}</span> {esc(c or 'unclassified')}</li>"
        for c in _legend_order(classes))
    banner = ""
    if omitted:
        banner = (f'<div id="nkg-banner" role="status">Showing the {shown} most central of {total} entities; '
                  f"{omitted} left out. To see one of them with its neighbours run "
                  f"<code>newskg view DIR --around NAME</code>, or draw more with "
                  f"<code>newskg view DIR --max-nodes N</code>.</div>\n")
    return (
        f'<div id="nkg-bar"><h1>{esc(title)}</h1>'
        f'<input id="nkg-search" type="search" list="nkg-names" placeholder="Find an entity or alias" '
        f'autocomplete="off" aria-label="Find an entity"><span id="nkg-search-status"></span>'
        f'<datalist id="nkg-names"></datalist></div>\n'
        f"{banner}"
        f'<div id="nkg-legend"><strong>Classes</strong><ul>{legend}</ul>'
        f"<small>Size: PageRank. Click a node or edge for its evidence.</small></div>\n"
        f'<aside id="nkg-panel" hidden><button id="nkg-close" type="button" aria-label="Close">\u00d7</button>'
        f'<div id="nkg-panel-body"></div></aside>\n'
        f'<div id="nkg-tip" hidden></div>\n'
    )


def _legend_order(classes: list[str]) -> list[str]:
    known = [c for c in ENTITY_CLASSES.values() if c in classes]
    return known + sorted(c for c in classes if c not in STYLES)


_CSS = """
html, body { margin: 0; padding: 0; height: 100%; overflow: hidden;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; }
#mynetwork { border: none !important; }
#nkg-bar { position: fixed; top: 8px; left: 8px; z-index: 10; display: flex; gap: 8px; align-items: center;
  background: rgba(255,255,255,0.92); padding: 6px 10px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.2); }
#nkg-bar h1 { font-size: 16px; margin: 0; }
#nkg-search { width: 260px; padding: 3px 6px; }
#nkg-search-status { color: #a33; font-size: 12px; }
#nkg-banner { position: fixed; top: 8px; left: 50%; transform: translateX(-50%); z-index: 11; max-width: 46%;
  background: #fff4c2; border: 1px solid #e0c860; padding: 6px 10px; border-radius: 6px; font-size: 13px; }
#nkg-legend { position: fixed; bottom: 8px; left: 8px; z-index: 10; background: rgba(255,255,255,0.92);
  padding: 6px 10px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.2); font-size: 12px; }
#nkg-legend ul { list-style: none; margin: 4px 0; padding: 0; }
.nkg-swatch { display: inline-block; width: 1.2em; text-align: center; font-size: 15px; }
#nkg-panel { position: fixed; top: 0; right: 0; bottom: 0; width: 400px; max-width: 90vw; z-index: 12;
  overflow-y: auto; background: #fff; border-left: 1px solid #ccc; box-shadow: -2px 0 8px rgba(0,0,0,0.15);
  padding: 12px 16px; box-sizing: border-box; }
#nkg-panel[hidden], #nkg-tip[hidden] { display: none; }
#nkg-close { position: absolute; top: 6px; right: 8px; border: none; background: none; font-size: 20px;
  cursor: pointer; }
#nkg-panel h2 { font-size: 17px; margin: 0 24px 4px 0; }
#nkg-panel h3 { font-size: 14px; margin: 14px 0 4px; }
.nkg-meta { color: #666; font-size: 12px; }
.nkg-iri { color: #888; font-size: 11px; word-break: break-all; }
.nkg-evidence { list-style: none; padding: 0; margin: 0; }
.nkg-evidence li { margin: 6px 0 10px; }
.nkg-evidence blockquote { margin: 0 0 2px; padding: 4px 8px; border-left: 3px solid #4e79a7; background: #f6f8fb; }
#nkg-tip { position: fixed; z-index: 13; pointer-events: none; background: #fffff0; border: 1px solid #999;
  padding: 4px 8px; border-radius: 3px; font-size: 12px; max-width: 360px; box-shadow: 1px 1px 4px rgba(0,0,0,0.2); }
"""

# Runs after pyvis's script, which leaves `network` (and `nodes`, `edges`) as globals.
# Everything from the data reaches the page through textContent or value, never innerHTML.
_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("nkg-data").textContent);
  var panel = document.getElementById("nkg-panel");
  var body = document.getElementById("nkg-panel-body");
  var tip = document.getElementById("nkg-tip");
  var container = document.getElementById("mynetwork");

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function labelOf(id) { return DATA.nodes[id] ? DATA.nodes[id].label : id; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function conf(c) { return (c === null || c === undefined) ? "n/a" : Number(c).toFixed(2); }

  // once the layout has settled, stop the simulation so the view stays still
  network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); });

  function evidenceList(items) {
    var ul = el("ul", null, "nkg-evidence");
    if (!items.length) { ul.appendChild(el("li", "No evidence recorded.", "nkg-meta")); }
    items.forEach(function (e) {
      var li = el("li");
      li.appendChild(el("blockquote", e.sentence));
      var meta = [e.title || "(untitled document)", e.date || "undated", e.source || e.document || "",
                  "confidence " + conf(e.confidence)];
      if (e.extractor) { meta.push(e.extractor); }
      li.appendChild(el("div", meta.filter(Boolean).join(" \u00b7 "), "nkg-meta"));
      ul.appendChild(li);
    });
    return ul;
  }
  function edgeHeading(eid, tag) {
    var e = DATA.edges[eid];
    var box = el("div");
    box.appendChild(el(tag, labelOf(e.from) + " \u2014 " + e.relation + " \u2192 " + labelOf(e.to)));
    box.appendChild(el("div", plural(e.weight, "document") + " \u00b7 best confidence " + conf(e.confidence),
                       "nkg-meta"));
    return box;
  }
  function open() { panel.hidden = false; panel.scrollTop = 0; }
  function showNode(id) {
    var n = DATA.nodes[id];
    if (!n) { return; }
    body.textContent = "";
    body.appendChild(el("h2", n.label));
    body.appendChild(el("div", (n.cls || "unclassified") + " \u00b7 mentioned in " +
                        plural(n.documents, "document"), "nkg-meta"));
    if (n.aliases.length) { body.appendChild(el("div", "Also: " + n.aliases.join("; "))); }
    body.appendChild(el("div", id, "nkg-iri"));
    if (!n.edges.length) { body.appendChild(el("p", "No relations drawn.", "nkg-meta")); }
    n.edges.forEach(function (eid) {
      body.appendChild(edgeHeading(eid, "h3"));
      body.appendChild(evidenceList(DATA.edges[eid].evidence));
    });
    open();
  }
  function showEdge(eid) {
    if (!DATA.edges[eid]) { return; }
    body.textContent = "";
    body.appendChild(edgeHeading(eid, "h2"));
    body.appendChild(evidenceList(DATA.edges[eid].evidence));
    open();
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else { panel.hidden = true; }
  });
  document.getElementById("nkg-close").addEventListener("click", function () { panel.hidden = true; });

  // hover tooltip (ours, so that no title string is ever parsed as HTML)
  function showTip(lines, pointer) {
    tip.textContent = "";
    lines.forEach(function (line) { tip.appendChild(el("div", line)); });
    var box = container.getBoundingClientRect();
    tip.style.left = (box.left + pointer.DOM.x + 14) + "px";
    tip.style.top = (box.top + pointer.DOM.y + 14) + "px";
    tip.hidden = false;
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) {
    var n = DATA.nodes[p.node];
    if (!n) { return; }
    var lines = [n.label, n.cls || "unclassified"];
    if (n.aliases.length) { lines.push("also: " + n.aliases.join("; ")); }
    lines.push("mentioned in " + plural(n.documents, "document"));
    showTip(lines, p.pointer);
  });
  network.on("hoverEdge", function (p) {
    var e = DATA.edges[p.edge];
    if (!e) { return; }
    showTip([labelOf(e.from) + " \u2014 " + e.relation + " \u2192 " + labelOf(e.to),
             plural(e.weight, "document") + " \u00b7 confidence " + conf(e.confidence)], p.pointer);
  });
  ["blurNode", "blurEdge", "dragStart", "zoom", "click"].forEach(function (ev) { network.on(ev, hideTip); });

  // search: a label or alias selects and focuses its node
  var input = document.getElementById("nkg-search");
  var status = document.getElementById("nkg-search-status");
  var names = document.getElementById("nkg-names");
  var index = {};
  var keys = [];
  function norm(s) {
    return String(s).normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function addName(name, id) {
    var key = norm(name);
    if (!key || Object.prototype.hasOwnProperty.call(index, key)) { return; }
    index[key] = id;
    keys.push(key);
    var option = document.createElement("option");
    option.value = name;
    names.appendChild(option);
  }
  Object.keys(DATA.nodes).forEach(function (id) { addName(DATA.nodes[id].label, id); });
  Object.keys(DATA.nodes).forEach(function (id) {
    DATA.nodes[id].aliases.forEach(function (a) { addName(a, id); });
  });
  function lookup(text, loose) {
    var q = norm(text);
    if (!q) { return null; }
    if (Object.prototype.hasOwnProperty.call(index, q)) { return index[q]; }
    if (!loose) { return null; }
    var i, hit = null;
    for (i = 0; i < keys.length && hit === null; i++) { if (keys[i].indexOf(q) === 0) { hit = index[keys[i]]; } }
    for (i = 0; i < keys.length && hit === null; i++) { if (keys[i].indexOf(q) !== -1) { hit = index[keys[i]]; } }
    return hit;
  }
  function go(loose) {
    var id = lookup(input.value, loose);
    status.textContent = (id === null && loose && input.value.trim()) ? "no match" : "";
    if (id === null) { return; }
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: {duration: 400}});
    showNode(id);
  }
  input.addEventListener("input", function () { go(false); });
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { go(true); } });
})();
"""
