"""The network as one self-contained, interactive HTML page (vis-network, as shipped by pyvis).

`render_html` writes a page that an analyst can trust and work in, with no network:

- nodes shaped by coarse class (people dots, organizations squares, places triangles) and
  coloured in one hue family per coarse class (the legend doubles as the class filter),
  sized by `network.prominence`; edges coloured by relation, wider with more documents;
- labels drawn by the page itself, at a legible size whatever the zoom, most prominent
  first, below, above, right or left of the node or at one of its corners, whichever
  overlaps no label already placed, else not at all (zooming in makes room for more);
  relation labels show when zoomed in far enough to read them, and on hover;
- entities without relations hidden until the "entities without relations" box is ticked;
- a map panel, when places of the view have coordinates: the report's world outline as one
  SVG path, each place a disc sized by its documents, a click selecting it;
- hover: name, class, aliases; click a node or an edge: a side panel with every evidence
  sentence, its document's title, date, source (a link only for http, https and file
  addresses) and confidence;
- filters by class, relation, date range of the evidence and minimum confidence; a search
  box over every label and alias, which offers to show an entity the filters hide;
  "neighbourhood only" around the selected node;
- at most `max_nodes` nodes (2,000 by default), the most prominent, and a banner saying how
  many were left out and how to see them; search still knows them, and in an ``--around``
  view it knows the entities outside it too and says how to see them;
- physics lays the graph out, and is switched off once it has stabilised.

The page is built here, not by pyvis's template: pyvis's template fetches bootstrap from a
CDN, writes a loading bar with ``innerHTML``, and its ``add_node``/``add_edge`` scan lists
(quadratic: minutes at 10,000 nodes). What pyvis contributes is the vis-network 9.1.2
build it ships, inlined into the page with its stylesheet.

How document text is kept inert, by where it goes:
- into HTML markup (page title, heading, subtitle, legend, banner): `html.escape`;
- into a script (our data blob): JSON with ``<``, ``>``, ``&`` written as ``\\u003c``,
  ``\\u003e``, ``\\u0026``, so no string can close the script;
- into the live page (panel, tooltip, search list, filters): ``textContent`` / ``value``
  only; a source becomes a link only when its parsed protocol is http, https or file;
- node and edge labels are drawn on the canvas, which shows text as text; vis-network's
  own tooltips are not used (no ``title`` is given to it);
- and a Content-Security-Policy admits only the page's own scripts, by hash, so even an
  injected ``<script>`` or ``onerror=`` would not run.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from newskg.graph.analysis.network import ENTITY_CLASSES, RELATIONS, by_prominence, edges_with_relation, prominence
from newskg.graph.analysis.worldmap import world_outline

DEFAULT_MAX_NODES = 2000
"""How many nodes a view draws unless told otherwise."""

# class → (vis-network shape, colour): one shape per coarse class, and each coarse class's
# subclasses in shades of its hue, so that a glance tells a person from an organization
# from a place and the legend tells the shades apart
STYLES: dict[str, tuple[str, str]] = {
    "Person": ("dot", "#d62728"),
    "Organization": ("square", "#4e79a7"),
    "GovernmentBody": ("square", "#1b3d6d"),
    "University": ("square", "#6fa8dc"),
    "OrganizationUnit": ("square", "#a9cce3"),
    "MediaOrganization": ("square", "#5b4a9e"),
    "Company": ("square", "#1f8a8a"),
    "Place": ("triangle", "#e67e22"),
    "Country": ("triangle", "#a04000"),
    "City": ("triangle", "#f5b041"),
    "Region": ("triangle", "#c9a27e"),
}
DEFAULT_STYLE = ("dot", "#9e9e9e")
RELATION_COLORS: dict[str, str] = {
    "leaderOf": "#c0392b",
    "affiliatedWith": "#e67e22",
    "partOf": "#8c564b",
    "locatedIn": "#7f8c8d",
    "visited": "#2471a3",
    "agreementWith": "#27ae60",
    "cites": "#8e44ad",
    "deployedTo": "#d35490",
}
DEFAULT_RELATION_COLOR = "#9a9a9a"
_GLYPHS = {  # legend swatches as inline SVG (Unicode shape glyphs are missing from many fonts)
    "dot": '<circle cx="7" cy="7" r="5.5"/>',
    "square": '<rect x="2" y="2" width="10" height="10"/>',
    "triangle": '<path d="M7 1.5 L12.8 12 L1.2 12 Z"/>',
}
LABEL_FONT_PX = (12, 17)
"""On-screen size of the page's own node labels, for the least and the most prominent."""
MAX_LABELS = 400
"""The most node (and relation) labels drawn at once; past it the names would be too many to read anyway."""
EDGE_LABEL_SCALE = 0.9
"""The zoom from which the page names relations (11 px, where no name is yet); below it the
lines crowd too closely for names, and hovering one names it."""

OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "nodes": {"borderWidth": 1},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
        "selectionWidth": 2,
    },
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "navigationButtons": False,
                    "keyboard": False, "multiselect": False},
    "layout": {"improvedLayout": True, "randomSeed": 7},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.02, "springLength": 90,
                             "springConstant": 0.08, "damping": 0.4, "avoidOverlap": 0.5},
        "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 25, "fit": True},
        "minVelocity": 0.75,
    },
}
"""vis-network options of every view; `_options` adapts a few to the graph's size."""

_VIS_DIR = ("templates", "lib", "vis-9.1.2")
_SOURCE_MAP = re.compile(r"//[#@]\s*sourceMappingURL=\S*")
# a tag that would load something from elsewhere: none may be in the page
_REMOTE_REF = re.compile(
    r"""<(?:script|link|img|iframe|source|embed|object|audio|video)\b[^>]*?\b(?:src|href|data)\s*=\s*["']?\s*"""
    r"""(?:https?:)?//""",
    re.IGNORECASE)


def render_html(G: nx.MultiDiGraph, path: str | os.PathLike[str], *, title: str = "newskg",
                max_nodes: int | None = DEFAULT_MAX_NODES, subtitle: str = "", outside: nx.Graph | None = None,
                show_isolated: bool = False) -> dict[str, int]:
    """Write `G` as one self-contained HTML page at `path`; return what was drawn.

    When `G` has more than `max_nodes` nodes (None: no limit), the `max_nodes` most
    prominent (`network.prominence`) are drawn with the edges among them, and a banner says
    how many were left out. Entities without relations are hidden until the page's toggle
    shows them, unless `show_isolated`. `outside` is the graph `G` was cut from (an
    ``--around`` view): the page's search then finds its other entities and says how to
    see them. Reads the node attributes label, cls, aliases, documents and the edge
    attributes relation, weight, confidence, evidence (as `to_networkx` writes them);
    `G` is not changed. `title` and `subtitle` are shown as text.

    Returns ``{"nodes": drawn, "edges": drawn, "omitted_nodes": n, "bytes": size}``.
    """
    page, counts = html_page(G, title=title, max_nodes=max_nodes, subtitle=subtitle, outside=outside,
                             show_isolated=show_isolated)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = page.encode("utf-8")
    path.write_bytes(data)
    return {**counts, "bytes": len(data)}


def write_view(directory: str | os.PathLike[str], output: str | os.PathLike[str] | None = None, *,
               around: str | None = None, depth: int = 2, max_nodes: int | None = DEFAULT_MAX_NODES,
               min_confidence: float = 0.0) -> dict[str, Any]:
    """Write the view of a graph directory (DIR/view.html unless `output`), or with
    `around` of the entities within `depth` hops of the one so named (`resolve_entity`:
    an ambiguous name raises `AmbiguousEntity` with the candidates). Returns
    `render_html`'s counts and the ``path`` written."""
    from newskg.graph.analysis.network import ego, load_network, resolve_entity

    G = whole = load_network(directory, min_confidence=min_confidence)
    subtitle = ""
    if around:
        center = resolve_entity(whole, around)
        G = ego(whole, center, depth=depth)
        subtitle = f"Within {depth} hop{'s' if depth != 1 else ''} of {G.nodes[center].get('label') or center}"
    target = Path(output) if output is not None else Path(directory) / "view.html"
    counts = render_html(G, target, title=f"newskg: {Path(directory).resolve().name}", max_nodes=max_nodes,
                         subtitle=subtitle, outside=whole if around else None, show_isolated=bool(around))
    return {**counts, "path": target}


def write_result_view(directory: str | os.PathLike[str], result: Any, output: str | os.PathLike[str], *,
                      min_confidence: float = 0.0, max_nodes: int | None = DEFAULT_MAX_NODES) -> dict[str, Any]:
    """Write a view of just the entities a query result names (`subgraph_of` its
    `result_values`) and the relations among them."""
    from newskg.graph.analysis.network import load_network

    G = subgraph_of(load_network(directory, min_confidence=min_confidence), result_values(result))
    counts = render_html(G, output, title=f"newskg: {Path(directory).resolve().name}", max_nodes=max_nodes,
                         subtitle=f"The {len(G)} entities of a query result")
    return {**counts, "path": Path(output)}


def html_page(G: nx.MultiDiGraph, *, title: str = "newskg", max_nodes: int | None = DEFAULT_MAX_NODES,
              subtitle: str = "", outside: nx.Graph | None = None,
              show_isolated: bool = False) -> tuple[str, dict[str, int]]:
    """The page `render_html` writes, as a string, with the counts of what it draws.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="<b>A</b>", cls="Person")
    >>> page, counts = html_page(G, title="x & y")
    >>> counts
    {'nodes': 1, 'edges': 0, 'omitted_nodes': 0}
    >>> "<b>A</b>" in page, "<title>x &amp; y</title>" in page
    (False, True)
    """
    if max_nodes is not None and max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1 (or None for no limit), not {max_nodes!r}")
    data = view_data(G, max_nodes=max_nodes, outside=outside)
    page = _page(data, title=title, subtitle=subtitle, show_isolated=show_isolated)
    counts = {"nodes": len(data["nodes"]), "edges": len(data["edges"]), "omitted_nodes": data["omitted"]["count"]}
    return page, counts


def view_data(G: nx.MultiDiGraph, *, max_nodes: int | None = DEFAULT_MAX_NODES,
              outside: nx.Graph | None = None) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-able data.

    ``nodes``: id → label, cls, aliases, documents, prominence, size (prominence scaled
    to 0..1 among the drawn nodes), edges (edge ids), in order of prominence;
    ``edges``: id → from, to, relation, weight, confidence, evidence (sentence, doc,
    confidence, extractor, start, end) and smooth (a curve for parallel edges);
    ``docs``: document id → title, date, source; ``omitted``: the count and the names of
    the nodes left out; ``total``: nodes in `G`; ``elsewhere``: the names of `outside`'s
    nodes that `G` lacks (an ``--around`` view's search finds them) and how to show one.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="visited", relation="visited", weight=1)
    >>> _ = G.add_edge("c", "b", key="partOf", relation="partOf", weight=1)
    >>> d = view_data(G, max_nodes=2)
    >>> sorted(d["nodes"]), d["omitted"], d["total"]
    (['a', 'b'], {'count': 1, 'names': [['c']]}, 3)
    """
    score = prominence(G)
    order = by_prominence(G, score)
    drawn = order if max_nodes is None else order[:max_nodes]
    keep = set(drawn)
    low = min((score[n] for n in drawn), default=0.0)
    high = max((score[n] for n in drawn), default=0.0)

    nodes: dict[str, dict[str, Any]] = {}
    for n in drawn:
        d = G.nodes[n]
        t = (score[n] - low) / (high - low) if high > low else 0.5
        nodes[str(n)] = {
            "label": str(d.get("label") or n), "cls": str(d.get("cls") or ""),
            "aliases": [str(a) for a in d.get("aliases") or ()], "documents": d.get("documents") or 0,
            "prominence": round(score[n], 4), "size": round(t, 3), "edges": [],
        }
        if d.get("lat") is not None and d.get("long") is not None:
            nodes[str(n)].update(lat=round(float(d["lat"]), 4), long=round(float(d["long"]), 4))

    docs: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    pairs: dict[frozenset[str], int] = defaultdict(int)
    for u, v, k, d in edges_with_relation(G):
        if u not in keep or v not in keep:
            continue
        eid = f"e{len(edges)}"
        relation = str(d.get("relation") or k)
        evidence = []
        for e in d.get("evidence") or ():
            doc = e.get("document")
            key = "" if doc is None else str(doc)
            if key not in docs:
                docs[key] = {"title": e.get("title"), "date": e.get("date"), "source": e.get("source")}
            evidence.append({"sentence": e.get("sentence") or "", "doc": key, "confidence": e.get("confidence"),
                             "extractor": e.get("extractor"), "start": e.get("start"), "end": e.get("end")})
        pair = frozenset((str(u), str(v)))
        nth = pairs[pair]
        pairs[pair] += 1
        edges[eid] = {"from": str(u), "to": str(v), "relation": relation, "weight": d.get("weight") or 0,
                      "confidence": d.get("confidence"), "evidence": evidence,
                      "curve": round(0.25 * nth, 2) if nth else 0}
        nodes[str(u)]["edges"].append(eid)
        if v != u:
            nodes[str(v)]["edges"].append(eid)

    left_out = [n for n in order if n not in keep]
    names = [[str(G.nodes[n].get("label") or n), *(str(a) for a in G.nodes[n].get("aliases") or ())]
             for n in left_out]
    elsewhere = [] if outside is None else [
        [str(d.get("label") or n), *(str(a) for a in d.get("aliases") or ())]
        for n, d in outside.nodes(data=True) if n not in G]
    return {"nodes": nodes, "edges": edges, "docs": docs, "total": len(G),
            "omitted": {"count": len(left_out), "names": names}, "elsewhere": elsewhere}


def subgraph_of(G: nx.MultiDiGraph, values: Iterable[str], *, label: str = "label") -> nx.MultiDiGraph:
    """The entities named by `values` (node ids, or exact labels) and the edges among
    them, as a new graph; `G` is not changed. Values that name no entity are ignored.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("id:a", "id:b", key="visited")
    >>> _ = G.add_edge("id:b", "id:c", key="partOf")
    >>> G.nodes["id:c"]["label"] = "C"
    >>> H = subgraph_of(G, ["id:b", "C", "3765", None])
    >>> sorted(H), list(H.edges(keys=True))
    (['id:b', 'id:c'], [('id:b', 'id:c', 'partOf')])
    """
    by_label: dict[str, list[Any]] = defaultdict(list)
    for n, name in G.nodes(data=label):
        if name is not None:
            by_label[str(name)].append(n)
    chosen: set[Any] = set()
    for value in values:
        if value is None:
            continue
        if value in G:
            chosen.add(value)
        else:
            chosen.update(by_label.get(str(value), ()))
    return G.subgraph(chosen).copy()


def result_values(result: Any) -> list[str]:
    """Every value of a query result (`newskg.graph.query.QueryResult`): the cells of a
    SELECT, the subjects and objects of a CONSTRUCT or DESCRIBE; nothing for an ASK."""
    if getattr(result, "kind", None) == "select":
        return [cell for row in result.rows for cell in row if cell is not None]
    if getattr(result, "kind", None) == "graph":
        from rdflib import Graph

        g = Graph()
        g.parse(data=result.graph, format="turtle")
        return [str(t) for s, _, o in g for t in (s, o)]
    return []


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no string in it can end the element.

    >>> script_json({"s": "</script><b>&"})
    '{"s": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return (json.dumps(value, ensure_ascii=False, default=str)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@functools.lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet, from the copy pyvis ships (no source-map link)."""
    from importlib import resources

    base = resources.files("pyvis")
    for part in _VIS_DIR:
        base = base / part
    try:
        js = (base / "vis-network.min.js").read_text(encoding="utf-8")
        css = (base / "vis-network.css").read_text(encoding="utf-8")
    except OSError as err:
        raise RuntimeError(f"vis-network is not where pyvis 0.3 keeps it ({'/'.join(_VIS_DIR)}): {err}; "
                           f"install pyvis>=0.3.2,<0.4") from err
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("the vis-network files cannot be inlined: they contain a closing tag")
    return _SOURCE_MAP.sub("", js), _SOURCE_MAP.sub("", css)


def _options(nodes: int, edges: int) -> dict[str, Any]:
    """`OPTIONS`, with a lighter layout for larger graphs: vis-network's "improved layout"
    (Kamada-Kawai on clustered nodes) costs seconds above a few hundred nodes; each
    layout iteration costs about 10 ms per thousand nodes in headless chromium, so the
    iterations go down as the graph grows (2,000 nodes settle in about 3.5 s); edges are
    hidden while zooming and dragging a large graph.

    >>> [_options(n, 2 * n)["physics"]["stabilization"]["iterations"] for n in (100, 800, 2000)]
    [300, 200, 100]
    """
    options = json.loads(json.dumps(OPTIONS))
    if nodes > 150:
        options["layout"]["improvedLayout"] = False
    if nodes > 500:
        options["physics"]["stabilization"]["iterations"] = 200
    if nodes > 1000 or edges > 2000:
        options["interaction"]["hideEdgesOnZoom"] = True
        options["physics"]["stabilization"]["iterations"] = 100
    return options


@functools.lru_cache(maxsize=1)
def world_path() -> str:
    """The world outline (`worldmap.world_outline`) as one SVG path in a 360 × 180 box
    (x = longitude + 180, y = 90 − latitude), points closer than half a degree merged: 100 kB,
    so a page carries it only when it has places to put on it."""
    parts = []
    for ring in world_outline():
        points: list[tuple[float, float]] = []
        for x, y in ring:
            p = (round(x + 180, 1), round(90 - y, 1))
            if points and abs(p[0] - points[-1][0]) + abs(p[1] - points[-1][1]) < 0.5:
                continue
            points.append(p)
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{a:g},{b:g}" for a, b in points) + "Z")
    return "".join(parts)


def _csp(scripts: Iterable[str]) -> str:
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            f"font-src data:; base-uri 'none'; form-action 'none'")


def _page(data: dict[str, Any], *, title: str, subtitle: str, show_isolated: bool = False) -> str:
    esc = html.escape
    vis_js, vis_css = vis_assets()
    present = {n["cls"] for n in data["nodes"].values()}
    classes = [c for c in ENTITY_CLASSES.values() if c in present] + sorted(c for c in present if c not in STYLES)
    present_rel = {e["relation"] for e in data["edges"].values()}
    relations = [r for r in RELATIONS.values() if r in present_rel] + sorted(present_rel - set(RELATIONS.values()))
    # a graph with no relation at all would show nothing: then its entities are the view
    show_isolated = show_isolated or not data["edges"]
    config = {
        "styles": {c: list(STYLES.get(c, DEFAULT_STYLE)) for c in classes},
        "relationColors": {r: RELATION_COLORS.get(r, DEFAULT_RELATION_COLOR) for r in relations},
        "options": _options(len(data["nodes"]), len(data["edges"])),
        "showIsolated": show_isolated, "labelPx": list(LABEL_FONT_PX), "maxLabels": MAX_LABELS,
        "edgeLabelScale": EDGE_LABEL_SCALE,
        "worldPath": world_path() if any("lat" in n for n in data["nodes"].values()) else "",
        "font": 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    }
    blob = script_json({**data, "config": config})
    ours = _JS
    csp = _csp([vis_js, ours])
    dates = sorted(d["date"][:10] for d in data["docs"].values() if d.get("date"))
    date_attrs = f' min="{esc(dates[0])}" max="{esc(dates[-1])}"' if dates else ""

    legend = "".join(
        f'<li><label><input type="checkbox" class="nkg-class" value="{esc(c)}" checked> '
        f'<svg class="nkg-swatch" viewBox="0 0 14 14" aria-hidden="true" fill="{STYLES.get(c, DEFAULT_STYLE)[1]}">'
        f'{_GLYPHS.get(STYLES.get(c, DEFAULT_STYLE)[0], _GLYPHS["dot"])}</svg> {esc(c or "unclassified")} '
        f'<span class="nkg-n">{sum(1 for n in data["nodes"].values() if n["cls"] == c)}</span></label></li>'
        for c in classes)
    rel_items = "".join(
        f'<li><label><input type="checkbox" class="nkg-relation" value="{esc(r)}" checked> '
        f'<span class="nkg-line" style="background:{RELATION_COLORS.get(r, DEFAULT_RELATION_COLOR)}"></span> '
        f'{esc(r)} <span class="nkg-n">{sum(1 for e in data["edges"].values() if e["relation"] == r)}</span>'
        f"</label></li>"
        for r in relations)
    isolated = sum(1 for n in data["nodes"].values() if not n["edges"])
    omitted = data["omitted"]["count"]
    banner = ""
    if omitted:
        shown = len(data["nodes"])
        banner = (f'<div id="nkg-banner" role="status">Showing the {shown:,} most prominent of {data["total"]:,} '
                  f"entities (by documents and centrality); {omitted:,} left out. The search box still finds them. "
                  f"To see one of them with its neighbours run <code>newskg view DIR --around NAME</code>, "
                  f"or draw more with <code>newskg view DIR --max-nodes N</code>."
                  f'<button type="button" id="nkg-banner-close" aria-label="Dismiss">\u00d7</button></div>\n')
    sub = f'<div id="nkg-subtitle">{esc(subtitle)}</div>' if subtitle else ""
    located = sum(1 for n in data["nodes"].values() if "lat" in n)
    map_button = (f' <button id="nkg-map-toggle" type="button" title="{located} places with coordinates">Map</button>'
                  if located else "")
    map_panel = ('<aside id="nkg-map" hidden aria-label="Places on a world map"><div class="nkg-meta">Places with '
                 "coordinates; disc area: documents. Click one to select it.</div></aside>\n" if located else "")
    body = f"""<div id="mynetwork"></div>
<header id="nkg-bar"><div><h1>{esc(title)}</h1>{sub}</div>
<input id="nkg-search" type="search" list="nkg-names" placeholder="Find an entity or alias" autocomplete="off"
 aria-label="Find an entity"><span id="nkg-search-status" role="status"></span>
<datalist id="nkg-names"></datalist></header>
{banner}<nav id="nkg-filters" aria-label="Filters">
<div id="nkg-count" role="status"></div>
<div id="nkg-layout">Laying out the graph\u2026</div>
<section><h2>Classes</h2><ul id="nkg-legend">{legend}</ul>
<label class="nkg-row"><span><input type="checkbox" id="nkg-isolated"{" checked" if show_isolated else ""}>
 entities without relations</span>
<span class="nkg-n">{isolated}</span></label></section>
<section><h2>Relations</h2><ul id="nkg-relations">{rel_items or '<li class="nkg-meta">none</li>'}</ul></section>
<section><h2>Evidence</h2>
<label class="nkg-row">from <input id="nkg-from" type="date"{date_attrs}></label>
<label class="nkg-row">to <input id="nkg-to" type="date"{date_attrs}></label>
<label class="nkg-row">confidence \u2265 <output id="nkg-conf-value">0.00</output>
<input id="nkg-conf" type="range" min="0" max="1" step="0.05" value="0"></label></section>
<section><div class="nkg-row"><button id="nkg-neighbourhood" type="button" disabled
 title="Select a node first">Neighbourhood only</button>
<label>depth <select id="nkg-depth"><option>1</option><option>2</option><option>3</option></select></label></div>
<button id="nkg-reset" type="button">Reset all filters</button>{map_button}</section>
<small class="nkg-meta">Size: prominence (documents that mention the entity, and its centrality). Edge width:
documents. Zoom in for more names and the relations' names; click a node or an edge for its evidence.</small>
</nav>
{map_panel}<aside id="nkg-panel" hidden><button id="nkg-close" type="button" aria-label="Close">\u00d7</button>
<div id="nkg-panel-body"></div></aside>
<div id="nkg-tip" hidden></div>
"""
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="newskg">
<title>{esc(title)}</title>
<style>{vis_css}</style>
<style>{_CSS}</style>
</head>
<body>
{body}<script>{vis_js}</script>
<script type="application/json" id="nkg-data">{blob}</script>
<script>{ours}</script>
</body>
</html>
"""
    remote = _REMOTE_REF.search(page)
    if remote:
        raise RuntimeError(f"the page would load {remote.group(0)!r} from the network; it must be self-contained")
    return page


_CSS = """
html, body { margin: 0; padding: 0; height: 100%; overflow: hidden; color: #222;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; }
#mynetwork { position: fixed; top: 0; right: 0; bottom: 0; left: 236px; background: #fbfbfb; }
#nkg-bar { position: fixed; top: 8px; left: 8px; z-index: 10; display: flex; gap: 10px; align-items: center;
  background: rgba(255,255,255,0.94); padding: 6px 10px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.2); max-width: calc(100vw - 460px); }
#nkg-bar h1 { font-size: 16px; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  max-width: 40vw; }
#nkg-subtitle { font-size: 12px; color: #555; }
#nkg-search { width: 240px; padding: 3px 6px; }
#nkg-search-status { color: #a33; font-size: 12px; max-width: 300px; }
#nkg-banner { position: fixed; bottom: 8px; left: 50%; transform: translateX(-50%); z-index: 11; max-width: 50%;
  background: #fff4c2; border: 1px solid #e0c860; padding: 6px 28px 6px 10px; border-radius: 6px; font-size: 13px; }
#nkg-banner-close { position: absolute; top: 2px; right: 4px; border: none; background: none; font-size: 16px;
  cursor: pointer; }
#nkg-filters { position: fixed; top: 64px; left: 8px; bottom: 8px; z-index: 10; width: 220px; overflow-y: auto;
  background: rgba(255,255,255,0.94); padding: 6px 10px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.2); font-size: 12px; box-sizing: border-box; }
#nkg-filters h2 { font-size: 13px; margin: 8px 0 2px; }
#nkg-filters ul { list-style: none; margin: 0; padding: 0; }
#nkg-filters li label { display: block; padding: 1px 0; cursor: pointer; }
#nkg-filters section { border-top: 1px solid #e4e4e4; padding: 4px 0; }
#nkg-filters button { margin: 4px 4px 2px 0; }
#nkg-count { font-weight: 600; }
#nkg-layout { color: #666; }
.nkg-row { display: flex; justify-content: space-between; align-items: center; gap: 6px; margin: 3px 0; }
.nkg-row input[type=date] { width: 130px; }
.nkg-row input[type=range] { width: 100%; }
.nkg-n { color: #888; float: right; }
.nkg-swatch { width: 14px; height: 14px; vertical-align: -2px; margin: 0 2px; stroke: rgba(0,0,0,0.35);
  stroke-width: 0.8; }
.nkg-line { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin: 0 3px; }
#nkg-panel { position: fixed; top: 0; right: 0; bottom: 0; width: 420px; max-width: 90vw; z-index: 12;
  overflow-y: auto; background: #fff; border-left: 1px solid #ccc; box-shadow: -2px 0 8px rgba(0,0,0,0.15);
  padding: 12px 16px; box-sizing: border-box; }
#nkg-panel[hidden], #nkg-tip[hidden], #nkg-map[hidden] { display: none; }
#nkg-map { position: fixed; right: 12px; bottom: 12px; z-index: 11; width: 560px; max-width: 60vw;
  background: #ffffff; border: 1px solid #ccc; border-radius: 6px; padding: 6px;
  box-shadow: 0 1px 6px rgba(0,0,0,0.2); }
#nkg-map svg { width: 100%; display: block; }
.nkg-land { fill: #ececec; stroke: #b5b5b5; stroke-width: 0.25; }
.nkg-place { fill: rgba(192,57,43,0.55); stroke: #7b241c; stroke-width: 0.3; cursor: pointer; }
.nkg-place:hover { fill: rgba(192,57,43,0.9); }
#nkg-close { position: absolute; top: 6px; right: 8px; border: none; background: none; font-size: 20px;
  cursor: pointer; }
#nkg-panel h2 { font-size: 17px; margin: 0 24px 4px 0; }
#nkg-panel h3 { font-size: 14px; margin: 14px 0 4px; }
.nkg-meta { color: #666; font-size: 12px; }
.nkg-meta a { color: #1a5fb4; }
.nkg-iri { color: #888; font-size: 11px; word-break: break-all; }
.nkg-evidence { list-style: none; padding: 0; margin: 0; }
.nkg-evidence li { margin: 6px 0 10px; }
.nkg-evidence blockquote { margin: 0 0 2px; padding: 4px 8px; border-left: 3px solid #4e79a7;
  background: #f6f8fb; }
#nkg-tip { position: fixed; z-index: 13; pointer-events: none; background: #fffff0; border: 1px solid #999;
  padding: 4px 8px; border-radius: 3px; font-size: 12px; max-width: 360px;
  box-shadow: 1px 1px 4px rgba(0,0,0,0.2); }
"""

# Everything from the data reaches the page through textContent or value, never innerHTML.
# window.nkgView is what tests and curious analysts can reach from the console.
_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("nkg-data").textContent);
  var CFG = DATA.config;
  var $ = function (id) { return document.getElementById(id); };
  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };
  var panel = $("nkg-panel"), body = $("nkg-panel-body"), tip = $("nkg-tip"), container = $("mynetwork");
  var view = window.nkgView = { data: DATA, stabilized: false, stabilizedAt: null, selected: null };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function labelOf(id) { return has(DATA.nodes, id) ? DATA.nodes[id].label : id; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function conf(c) { return (c === null || c === undefined) ? "n/a" : Number(c).toFixed(2); }

  // -- the network ------------------------------------------------------------------------
  // the nodes come in order of prominence; none is given a label: the page draws the labels (below)
  var order = Object.keys(DATA.nodes);
  var visNodes = order.map(function (id) {
    var n = DATA.nodes[id], style = CFG.styles[n.cls] || ["dot", "#9e9e9e"];
    return { id: id, shape: style[0], size: Math.round(7 + 23 * n.size),
             color: { background: style[1], border: "#ffffff", highlight: { background: style[1], border: "#111111" },
                      hover: { background: style[1], border: "#111111" } },
             borderWidth: 1.5, hidden: !CFG.showIsolated && !n.edges.length };
  });
  var visEdges = Object.keys(DATA.edges).map(function (eid) {
    var e = DATA.edges[eid], c = CFG.relationColors[e.relation] || "#9a9a9a";
    var item = { id: eid, from: e.from, to: e.to, relation: e.relation,
                 width: Math.min(1 + 2 * Math.log2(1 + (e.weight || 0)), 10),
                 color: { color: c, highlight: c, hover: c, opacity: 0.85 },
                 arrows: e.relation === "agreementWith" ? "to,from" : "to" };
    if (e.curve) { item.smooth = { enabled: true, type: "curvedCW", roundness: e.curve }; }
    return item;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, CFG.options);
  view.network = network; view.nodes = nodes; view.edges = edges;

  function settled() {
    if (view.stabilized) { return; }
    network.setOptions({ physics: false });  // the layout is done: stop the simulation so the view stays still
    view.stabilized = true;
    view.stabilizedAt = performance.now();
    fitShown(0);
    document.body.setAttribute("data-stabilized", "1");
    $("nkg-layout").hidden = true;
  }
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  network.on("stabilized", function () {
    // a layout run again (entities without relations shown) stops as the first one did
    if (view.stabilized) { network.setOptions({ physics: false }); }
  });

  function shownIds() { return nodes.getIds({ filter: function (n) { return !n.hidden; } }); }
  function fitShown(duration) {
    var ids = shownIds();
    if (ids.length) { network.fit({ nodes: ids, animation: duration ? { duration: duration } : false }); }
  }

  // -- labels: drawn here, at a size that reads at any zoom, most prominent first, never overlapping --
  var canvas = container.getElementsByTagName("canvas")[0];
  var widths = {};
  function labelWidth(ctx, text, px) {
    if (!has(widths, text)) { ctx.font = "600 10px " + CFG.font; widths[text] = ctx.measureText(text).width; }
    return widths[text] * px / 10;
  }
  function labelOrder() {
    // the selected node and its neighbours first, so what the analyst clicked is always named
    if (view.selected === null || !has(DATA.nodes, view.selected)) { return order; }
    var first = [view.selected], seen = {};
    seen[view.selected] = true;
    DATA.nodes[view.selected].edges.forEach(function (eid) {
      var e = DATA.edges[eid], other = e.from === view.selected ? e.to : e.from;
      if (!seen[other]) { seen[other] = true; first.push(other); }
    });
    return first.concat(order.filter(function (id) { return !seen[id]; }));
  }
  function placeLabels(ctx) {
    var scale = network.getScale(), w = canvas.clientWidth, h = canvas.clientHeight;
    var cell = 48, grid = {}, placed = [];
    function cells(b) {
      var out = [], x, y;
      for (x = Math.floor(b.x / cell); x <= Math.floor((b.x + b.w) / cell); x++) {
        for (y = Math.floor(b.y / cell); y <= Math.floor((b.y + b.h) / cell); y++) { out.push(x + ":" + y); }
      }
      return out;
    }
    function free(b) {
      return cells(b).every(function (c) {
        return !(grid[c] || []).some(function (o) {
          // a few pixels apart, so that two names never read as one
          return b.x < o.x + o.w + 4 && o.x < b.x + b.w + 4 && b.y < o.y + o.h + 2 && o.y < b.y + b.h + 2;
        });
      });
    }
    function inside(b) {
      // a name that would run off the canvas is moved back onto it, so that none is cut
      b.x = Math.max(2, Math.min(b.x, w - b.w - 2));
      b.y = Math.max(2, Math.min(b.y, h - b.h - 2));
      b.cx = b.x + b.w / 2;
      return b;
    }
    labelOrder().forEach(function (id) {
      if (hiddenNodes[id] || placed.length >= CFG.maxLabels) { return; }
      var n = DATA.nodes[id], at = network.canvasToDOM(network.getPosition(id));
      if (at.x < -50 || at.y < -50 || at.x > w + 50 || at.y > h + 50) { return; }
      var px = CFG.labelPx[0] + (CFG.labelPx[1] - CFG.labelPx[0]) * n.size;
      var tw = labelWidth(ctx, n.label, px), r = (7 + 23 * n.size) * scale, bw = tw + 4, bh = px + 3;
      // below the node, else above, right, left, then at its four corners: a name crowded out
      // of one side (a leader among the party names around him) still gets another
      var d = r * 0.7 + 2;
      var b = [[at.x - bw / 2, at.y + r + 1], [at.x - bw / 2, at.y - r - 1 - bh],
               [at.x + r + 3, at.y - bh / 2], [at.x - r - 3 - bw, at.y - bh / 2],
               [at.x + d, at.y + d], [at.x - d - bw, at.y + d],
               [at.x + d, at.y - d - bh], [at.x - d - bw, at.y - d - bh]].map(function (xy) {
        return { id: id, x: xy[0], y: xy[1], w: bw, h: bh, px: px, cx: xy[0] + bw / 2 };
      }).map(inside).filter(free)[0];
      if (!b) { return; }
      cells(b).forEach(function (c) { (grid[c] = grid[c] || []).push(b); });
      placed.push(b);
    });
    // relation names once zoomed in to CFG.edgeLabelScale, at the middle of their edge, where no name is yet
    var relations = [];
    if (scale >= CFG.edgeLabelScale) {
      Object.keys(DATA.edges).forEach(function (eid) {
        var drawn = network.body.edges[eid];
        if (hiddenEdges[eid] || !drawn || !drawn.edgeType || relations.length >= CFG.maxLabels) { return; }
        var at = network.canvasToDOM(drawn.edgeType.getPoint(0.5));
        if (at.x < 0 || at.y < 0 || at.x > w || at.y > h) { return; }
        var text = DATA.edges[eid].relation, tw = labelWidth(ctx, text, 11);
        var b = { id: eid, x: at.x - tw / 2 - 2, y: at.y - 8, w: tw + 4, h: 14, cx: at.x };
        if (!free(b)) { return; }
        cells(b).forEach(function (c) { (grid[c] = grid[c] || []).push(b); });
        relations.push(b);
      });
    }
    return { nodes: placed, edges: relations };
  }
  network.on("afterDrawing", function (ctx) {
    if (!view.stabilized) { return; }
    var ratio = canvas.width / (canvas.clientWidth || 1);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var found = placeLabels(ctx), placed = found.nodes;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    found.edges.forEach(function (b) {
      var relation = DATA.edges[b.id].relation;
      ctx.font = "11px " + CFG.font;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.95)";
      ctx.strokeText(relation, b.cx, b.y + 1);
      ctx.fillStyle = CFG.relationColors[relation] || "#555555";
      ctx.fillText(relation, b.cx, b.y + 1);
    });
    placed.forEach(function (b) {
      ctx.font = "600 " + b.px.toFixed(1) + "px " + CFG.font;
      ctx.lineWidth = 3.5;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(DATA.nodes[b.id].label, b.cx, b.y + 1);
      ctx.fillStyle = DATA.nodes[b.id].size > 0.2 ? "#111111" : "#3d3d3d";
      ctx.fillText(DATA.nodes[b.id].label, b.cx, b.y + 1);
    });
    ctx.restore();
    view.labels = placed.map(function (b) { return { id: b.id, x: b.x, y: b.y, w: b.w, h: b.h, px: b.px }; });
    view.relationLabels = found.edges.map(function (b) { return { id: b.id, x: b.x, y: b.y, w: b.w, h: b.h }; });
  });
  network.on("stabilizationProgress", function (p) {
    $("nkg-layout").textContent = "Laying out the graph\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  if (!visNodes.length) { settled(); }

  // -- the evidence panel -----------------------------------------------------------------
  function sourceLink(source) {
    // only http, https and file addresses become links; anything else (javascript:, data:, …) stays text
    var raw = String(source), url = null;
    try {
      url = new URL(raw.charAt(0) === "/" ? "file://" + encodeURI(raw) : raw);
    } catch (err) { url = null; }
    if (url && (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "file:")) {
      var a = el("a", raw);
      a.href = url.href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      return a;
    }
    return el("span", raw);
  }
  function evidenceList(items) {
    var ul = el("ul", null, "nkg-evidence");
    if (!items.length) { ul.appendChild(el("li", "No evidence recorded.", "nkg-meta")); }
    items.forEach(function (e) {
      var doc = DATA.docs[e.doc] || {};
      var li = el("li");
      li.appendChild(el("blockquote", e.sentence));
      var meta = el("div", null, "nkg-meta");
      meta.appendChild(el("span", (doc.title || "(untitled document)") + " \u00b7 " + (doc.date || "undated") +
                          " \u00b7 "));
      if (doc.source) { meta.appendChild(sourceLink(doc.source)); meta.appendChild(el("span", " \u00b7 ")); }
      meta.appendChild(el("span", "confidence " + conf(e.confidence) +
                          (e.extractor ? " \u00b7 " + e.extractor : "")));
      li.appendChild(meta);
      ul.appendChild(li);
    });
    return ul;
  }
  function edgeHeading(eid, tag) {
    var e = DATA.edges[eid], box = el("div");
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
    body.appendChild(el("div", (n.cls || "unclassified") + " \u00b7 mentioned in " + plural(n.documents, "document") +
                        " \u00b7 prominence " + Number(n.prominence).toFixed(3), "nkg-meta"));
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
    if (!has(DATA.edges, eid)) { return; }
    body.textContent = "";
    body.appendChild(edgeHeading(eid, "h2"));
    body.appendChild(evidenceList(DATA.edges[eid].evidence));
    open();
  }
  function select(id) {
    view.selected = id;
    network.redraw();
    $("nkg-neighbourhood").disabled = (id === null && state.focus === null);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0]); showNode(params.nodes[0]); }
    else if (params.edges.length) { select(null); showEdge(params.edges[0]); }
    else { select(null); panel.hidden = true; }
  });
  $("nkg-close").addEventListener("click", function () { panel.hidden = true; });
  if ($("nkg-banner-close")) {
    $("nkg-banner-close").addEventListener("click", function () { $("nkg-banner").hidden = true; });
  }

  // -- hover: ours, so that no string is ever parsed as HTML --------------------------------
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

  // -- filters ------------------------------------------------------------------------------
  var state = { classes: {}, relations: {}, isolated: CFG.showIsolated, from: "", to: "", minConf: 0, focus: null,
                depth: 1 };
  var classBoxes = Array.prototype.slice.call(document.querySelectorAll("input.nkg-class"));
  var relationBoxes = Array.prototype.slice.call(document.querySelectorAll("input.nkg-relation"));
  var hiddenNodes = {}, hiddenEdges = {};
  visNodes.forEach(function (n) { if (n.hidden) { hiddenNodes[n.id] = true; } });

  function readControls() {
    classBoxes.forEach(function (b) { state.classes[b.value] = b.checked; });
    relationBoxes.forEach(function (b) { state.relations[b.value] = b.checked; });
    state.from = $("nkg-from").value || "";
    state.to = $("nkg-to").value || "";
    state.minConf = Number($("nkg-conf").value) || 0;
    state.depth = Number($("nkg-depth").value) || 1;
    state.isolated = $("nkg-isolated").checked;
    $("nkg-conf-value").textContent = state.minConf.toFixed(2);
  }
  function evidenceFiltered() { return state.minConf > 0 || state.from !== "" || state.to !== ""; }
  function supported(e) {
    if (!evidenceFiltered()) { return true; }
    return e.evidence.some(function (ev) {
      if (state.minConf > 0 && !(ev.confidence !== null && ev.confidence >= state.minConf - 1e-9)) { return false; }
      if (state.from || state.to) {
        var date = ((DATA.docs[ev.doc] || {}).date || "").slice(0, 10);
        if (!date || (state.from && date < state.from) || (state.to && date > state.to)) { return false; }
      }
      return true;
    });
  }
  function classShown(id) {
    var n = DATA.nodes[id];
    return state.classes[n.cls] !== false && (state.isolated || n.edges.length > 0);
  }
  function apply() {
    readControls();
    var edgeFiltered = evidenceFiltered() || relationBoxes.some(function (b) { return !b.checked; });
    var edgeOk = {}, nodeOk = {};
    Object.keys(DATA.edges).forEach(function (eid) {
      var e = DATA.edges[eid];
      edgeOk[eid] = state.relations[e.relation] !== false && supported(e) && classShown(e.from) && classShown(e.to);
    });
    Object.keys(DATA.nodes).forEach(function (id) {
      var n = DATA.nodes[id];
      nodeOk[id] = classShown(id) &&
        (!edgeFiltered || !n.edges.length || n.edges.some(function (eid) { return edgeOk[eid]; }));
    });
    if (state.focus !== null && has(DATA.nodes, state.focus)) {
      var near = {}, frontier = [state.focus], d;
      near[state.focus] = true;
      for (d = 0; d < state.depth; d++) {
        var next = [];
        frontier.forEach(function (id) {
          DATA.nodes[id].edges.forEach(function (eid) {
            if (!edgeOk[eid]) { return; }
            var e = DATA.edges[eid], other = e.from === id ? e.to : e.from;
            if (!near[other]) { near[other] = true; next.push(other); }
          });
        });
        frontier = next;
      }
      Object.keys(nodeOk).forEach(function (id) { nodeOk[id] = nodeOk[id] && !!near[id]; });
      nodeOk[state.focus] = true;
    }
    var nodeChanges = [], edgeChanges = [], shownNodes = 0, shownEdges = 0;
    Object.keys(DATA.nodes).forEach(function (id) {
      var hide = !nodeOk[id];
      if (!hide) { shownNodes++; }
      if (!!hiddenNodes[id] !== hide) { hiddenNodes[id] = hide; nodeChanges.push({ id: id, hidden: hide }); }
    });
    Object.keys(DATA.edges).forEach(function (eid) {
      var e = DATA.edges[eid], hide = !(edgeOk[eid] && nodeOk[e.from] && nodeOk[e.to]);
      if (!hide) { shownEdges++; }
      if (!!hiddenEdges[eid] !== hide) { hiddenEdges[eid] = hide; edgeChanges.push({ id: eid, hidden: hide }); }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    var total = Object.keys(DATA.nodes).length, totalEdges = Object.keys(DATA.edges).length;
    $("nkg-count").textContent = shownNodes + " of " + total + " entities, " + shownEdges + " of " +
      totalEdges + " relations shown";
    view.shown = { nodes: shownNodes, edges: shownEdges };
  }
  classBoxes.concat(relationBoxes).forEach(function (b) { b.addEventListener("change", apply); });
  function relayout() {
    // entities just shown sit where vis-network put them at the start: let the layout place them
    if (!view.stabilized) { return; }
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(CFG.options.physics.stabilization.iterations);
  }
  $("nkg-isolated").addEventListener("change", function () {
    apply();
    if (state.isolated) { relayout(); }
  });
  ["nkg-from", "nkg-to", "nkg-conf", "nkg-depth"].forEach(function (id) {
    $(id).addEventListener("input", apply);
    $(id).addEventListener("change", apply);
  });
  $("nkg-neighbourhood").addEventListener("click", function () {
    var button = $("nkg-neighbourhood");
    if (state.focus === null && view.selected !== null) {
      state.focus = view.selected;
      button.textContent = "Show all";
    } else {
      state.focus = null;
      button.textContent = "Neighbourhood only";
    }
    button.disabled = (state.focus === null && view.selected === null);
    apply();
    if (state.focus !== null) {
      var shown = nodes.getIds({ filter: function (n) { return !n.hidden; } });
      network.fit({ nodes: shown, animation: { duration: 300 } });
    }
  });
  $("nkg-reset").addEventListener("click", function () {
    classBoxes.concat(relationBoxes).forEach(function (b) { b.checked = true; });
    $("nkg-isolated").checked = CFG.showIsolated;
    $("nkg-from").value = ""; $("nkg-to").value = ""; $("nkg-conf").value = "0"; $("nkg-depth").value = "1";
    state.focus = null;
    $("nkg-neighbourhood").textContent = "Neighbourhood only";
    $("nkg-neighbourhood").disabled = view.selected === null;
    apply();
  });
  view.apply = apply;
  view.state = state;
  apply();

  // -- search: any label or alias, also of the nodes left out --------------------------------
  var input = $("nkg-search"), status = $("nkg-search-status"), names = $("nkg-names");
  var index = {}, keys = [];
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim(); }
  function addName(name, target) {
    var key = norm(name);
    if (!key || has(index, key)) { return; }
    index[key] = target;
    keys.push(key);
    var option = document.createElement("option");
    option.value = name;
    names.appendChild(option);
  }
  Object.keys(DATA.nodes).forEach(function (id) { addName(DATA.nodes[id].label, { id: id }); });
  Object.keys(DATA.nodes).forEach(function (id) {
    DATA.nodes[id].aliases.forEach(function (a) { addName(a, { id: id }); });
  });
  DATA.omitted.names.forEach(function (list) {
    list.forEach(function (a) { addName(a, { omitted: list[0] }); });
  });
  DATA.elsewhere.forEach(function (list) {
    list.forEach(function (a) { addName(a, { elsewhere: list[0] }); });
  });
  function lookup(text, loose) {
    var q = norm(text), i, hit = null;
    if (!q) { return null; }
    if (has(index, q)) { return index[q]; }
    if (!loose) { return null; }
    for (i = 0; i < keys.length && hit === null; i++) { if (keys[i].indexOf(q) === 0) { hit = index[keys[i]]; } }
    for (i = 0; i < keys.length && hit === null; i++) { if (keys[i].indexOf(q) !== -1) { hit = index[keys[i]]; } }
    return hit;
  }
  function go(loose) {
    var hit = lookup(input.value, loose);
    status.textContent = "";
    if (hit === null) {
      if (loose && input.value.trim()) { status.textContent = "no match"; }
      return;
    }
    if (hit.omitted !== undefined) {
      status.textContent = "\u201c" + hit.omitted + "\u201d is left out of this view: newskg view DIR --around \"" +
        hit.omitted + "\" shows it";
      return;
    }
    if (hit.elsewhere !== undefined) {
      status.textContent = "\u201c" + hit.elsewhere + "\u201d is outside this view: newskg view DIR --around \"" +
        hit.elsewhere + "\" shows it";
      return;
    }
    pick(hit.id);
  }
  function pick(id) {
    // select an entity of the view: shown and focused, or, when the filters hide it, an offer to show it
    status.textContent = "";
    if (hiddenNodes[id]) {
      var isolated = !DATA.nodes[id].edges.length && !state.isolated;
      status.textContent = isolated ? "\u201c" + DATA.nodes[id].label + "\u201d has no relations and is hidden "
                                    : "hidden by the filters ";
      var show = el("button", isolated ? "Show entities without relations" : "Reset the filters");
      show.type = "button";
      show.id = "nkg-show-hit";
      show.addEventListener("click", function () {
        if (isolated) { $("nkg-isolated").checked = true; $("nkg-isolated").dispatchEvent(new Event("change")); }
        else { $("nkg-reset").click(); }
        status.textContent = "";
        reveal(id);
      });
      status.appendChild(show);
    } else {
      reveal(id);
    }
    select(id);
    showNode(id);
  }
  view.pick = pick;

  // -- the map: the places of the view that have coordinates, on the world outline ----------
  if (CFG.worldPath && $("nkg-map-toggle")) {
    var NS = "http://www.w3.org/2000/svg", mapBox = $("nkg-map");
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 360 150");
    svg.setAttribute("id", "nkg-map-svg");
    var land = document.createElementNS(NS, "path");
    land.setAttribute("d", CFG.worldPath);
    land.setAttribute("class", "nkg-land");
    land.setAttribute("transform", "translate(0,-5)");  // the map runs from 85 N to 65 S
    svg.appendChild(land);
    var located = order.filter(function (id) { return DATA.nodes[id].lat !== undefined; });
    var most = Math.max.apply(null, located.map(function (id) { return DATA.nodes[id].documents || 0; }).concat([1]));
    located.slice().reverse().forEach(function (id) {  // the most mentioned drawn last, on top
      var n = DATA.nodes[id], dot = document.createElementNS(NS, "circle");
      dot.setAttribute("cx", String(n.long + 180));
      dot.setAttribute("cy", String(85 - n.lat));
      dot.setAttribute("r", String(1.2 + 5 * Math.sqrt((n.documents || 0) / most)));
      dot.setAttribute("class", "nkg-place");
      dot.setAttribute("data-id", id);
      var title = document.createElementNS(NS, "title");
      title.textContent = n.label + " \u00b7 " + plural(n.documents, "document");
      dot.appendChild(title);
      dot.addEventListener("click", function () { pick(id); });
      svg.appendChild(dot);
    });
    mapBox.appendChild(svg);
    $("nkg-map-toggle").addEventListener("click", function () {
      mapBox.hidden = !mapBox.hidden;
      $("nkg-map-toggle").textContent = mapBox.hidden ? "Map" : "Hide the map";
    });
  }
  function reveal(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
  }
  input.addEventListener("input", function () { go(false); });
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { go(true); } });
  view.search = function (text) { input.value = text; go(true); };
})();
"""
