"""The analyst's report on a graph directory: `DIR/report.html` and `DIR/report.md`.

What it says: the key actors by prominence (`network.prominence`: the documents that
mention an entity and its centrality, with PageRank, degree and betweenness beside it); the
communities (Leiden) with their members; the places with coordinates on a world map
(`worldmap`) and the relations that bridge them; the reported
figures over time, as a matplotlib plot (a PNG beside the Markdown, embedded as a data URI
in the HTML); and which facts several documents support and which rest on one.

`report_data` returns all of it as plain data (what the tests and the notebook use);
`render_markdown` and `render_html` only lay it out; `write_report` writes the files.
Every string from a document is escaped for where it goes (HTML text, or Markdown that a
renderer could otherwise turn into links or tags), and the HTML page runs no script.
"""
from __future__ import annotations

import base64
import html
import io
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import DCTERMS, PROV

from newskg.graph.namespace import NKG
from newskg.graph.store.directory import GraphDir, load_rdflib
from newskg.graph.analysis import backend
from newskg.graph.analysis.worldmap import places, plot_map
from newskg.graph.analysis.network import (
    betweenness_pivots,
    bridges_between_communities,
    centrality_table,
    communities,
    community_table,
    facts_by_support,
    to_networkx,
)

REPORT_HTML = "report.html"
REPORT_MD = "report.md"
REPORT_PNG = "report-figures.png"
REPORT_MAP = "report-map.png"
MAP_ROWS = 25
"""The places the report's table lists under the map (the most mentioned)."""
SEVERAL = 2
"""A fact is "supported by several sources" when at least this many documents assert it."""
PROMINENCE = ("Ranked by prominence: the mean of an entity's share of documents (the documents that mention it "
              "over the most any entity has) and its share of centrality (PageRank over the relations taken in "
              "either direction, weighted by supporting documents, scaled from 0 for the least central to 1). "
              "Degree is the share of other entities linked; betweenness is over the undirected graph")
"""How the report says what its key actors are ranked by (the view's node sizes use the same measure)."""


# -- data -----------------------------------------------------------------------------------


def figures(graph: Graph) -> list[dict[str, Any]]:
    """The reported figures (Observations) of `graph`: value, measure, period, what they
    are about, who reported them, and the documents that report them (title, date,
    source, sentence), ordered by period (or the earliest report), then measure.

    `date` is where the figure sits on a time axis: the middle of its period, or the date
    of the first document that reports it when it has no period; None when neither is known.
    """
    docs: dict[Any, dict[str, Any]] = {}

    def doc_info(doc: Any) -> dict[str, Any]:
        if doc not in docs:
            docs[doc] = {"document": str(doc), "title": _str(graph.value(doc, DCTERMS.title)),
                         "date": _str(graph.value(doc, DCTERMS.issued)),
                         "source": _str(graph.value(doc, DCTERMS.source))}
        return docs[doc]

    support: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for a in graph.subjects(RDF.predicate, NKG.value):
        obs = graph.value(a, RDF.subject)
        doc = graph.value(a, PROV.wasDerivedFrom)
        if obs is None or doc is None:
            continue
        confidence = graph.value(a, NKG.confidence)
        support[obs].append({**doc_info(doc), "sentence": _str(graph.value(a, NKG.evidence)) or "",
                             "confidence": None if confidence is None else float(confidence.toPython())})

    found = []
    for obs in set(graph.subjects(RDF.type, NKG.Observation)):
        value = graph.value(obs, NKG.value)
        if value is None:
            continue
        number = value.toPython()
        try:
            number = float(number) if not isinstance(number, int) else number
        except (TypeError, ValueError):
            continue
        start, end = _date(graph.value(obs, NKG.periodStart)), _date(graph.value(obs, NKG.periodEnd))
        reports = sorted(support.get(obs, ()), key=lambda r: (r["date"] or "9999", r["document"]))
        documents = sorted({r["document"] for r in reports})
        if start and end:
            when: date | None = start + (end - start) / 2
        else:
            when = start or end or next((_date(r["date"]) for r in reports if _date(r["date"])), None)
        found.append({
            "id": str(obs), "value": number, "measure": _str(graph.value(obs, NKG.measure)) or "",
            "unit": _str(graph.value(obs, NKG.unit)), "change": _str(graph.value(obs, NKG.change)),
            "approximation": _str(graph.value(obs, NKG.approximation)),
            "upper": _plain(graph.value(obs, NKG.upperValue)),
            "start": start.isoformat() if start else None, "end": end.isoformat() if end else None,
            "date": when.isoformat() if when else None, "has_period": bool(start or end),
            "about": sorted(_label(graph, x) for x in graph.objects(obs, NKG.about)),
            "reported_by": sorted(_label(graph, x) for x in graph.objects(obs, NKG.reportedBy)),
            "documents": len(documents), "reports": reports,
        })
    return sorted(found, key=lambda f: (f["date"] is None, f["date"] or "", f["measure"], f["value"]))


def report_data(graph: Graph, *, min_confidence: float = 0.0, top: int = 15, seed: int = 0,
                G: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """Everything the report shows, as plain data, from the rdflib `graph` of a directory
    (and its networkx projection `G`, made here when not given)."""
    if G is None:
        G = to_networkx(graph, min_confidence=min_confidence)
    P = backend.project(G)  # converted for igraph once, for every analysis below
    parts = communities(G, seed=seed, projection=P)
    # the pivots the centrality table samples, counted on the projection it uses, so the report states them exactly
    pivots = betweenness_pivots(G.number_of_nodes(), P.graph.ecount())
    table = community_table(G, parts, projection=P)
    bridges = bridges_between_communities(G, parts)
    member = {n: i + 1 for i, part in enumerate(parts) for n in part}
    several, single = facts_by_support(G, SEVERAL)
    figs = figures(graph)
    dates = sorted(str(d)[:10] for d in graph.objects(None, DCTERMS.issued))
    return {
        "documents": len(set(graph.subjects(RDF.type, NKG.Document))),
        "document_dates": [dates[0], dates[-1]] if dates else None,
        "entities": G.number_of_nodes(), "relations": G.number_of_edges(),
        "min_confidence": min_confidence,
        "betweenness_sampled": pivots,
        "key_actors": centrality_table(G, top=top, seed=seed, k=pivots, projection=P),
        "communities": [c for c in table if c["size"] > 1],
        "singletons": sum(1 for c in table if c["size"] == 1),
        "bridges": [_fact(G, h, communities=(member.get(h[0]), member.get(h[2]))) for h in bridges],
        "several_sources": [_fact(G, h) for h in several],
        "one_source": [_fact(G, h) for h in single],
        "figures": figs,
        "figures_several_sources": sum(1 for f in figs if f["documents"] >= SEVERAL),
        "places": places(G),
    }


def _fact(G: nx.MultiDiGraph, hop: tuple[Any, Any, Any, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    u, relation, v, d = hop
    evidence = list(d.get("evidence") or ())
    return {"subject": str(G.nodes[u].get("label", u)), "relation": str(relation),
            "object": str(G.nodes[v].get("label", v)), "documents": d.get("weight") or 0,
            "confidence": d.get("confidence"), "evidence": evidence, **extra}


def _plain(term: Any) -> float | int | None:
    if term is None:
        return None
    number = term.toPython()
    return number if isinstance(number, int) else float(number)


def _str(term: Any) -> str | None:
    return None if term is None else str(term)


def _date(term: Any) -> date | None:
    if term is None:
        return None
    try:
        return date.fromisoformat(str(term)[:10])
    except ValueError:
        return None


def _label(graph: Graph, node: Any) -> str:
    labels = sorted(str(x) for x in graph.objects(node, RDFS.label))
    return labels[0] if labels else str(node).rstrip("/").rsplit("/", 1)[-1]


# -- the plot -------------------------------------------------------------------------------


PANEL_SERIES = 8
"""Measures drawn in colour in one panel; the rest are grey."""


def figure_panels(figs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The dated figures grouped for plotting: one panel per unit (each currency, percentages,
    plain counts, each unit of measure), changes apart from levels, and in a panel one series
    per measure; each point keeps its number in the report's table, its period and its reporter.
    Panels with the most points come first.

    >>> panels = figure_panels([
    ...     {"value": 5e9, "unit": "GBP", "measure": "pre-tax profits", "date": "2024-07-01",
    ...      "start": "2024-01-01", "end": "2024-12-31", "reported_by": ["Harbour Bank"], "documents": 1},
    ...     {"value": 4100, "unit": None, "measure": "loans", "date": "2024-03-01", "start": None, "end": None,
    ...      "reported_by": [], "documents": 2}])
    >>> [(p["title"], sorted(p["series"])) for p in panels]
    [('GBP', ['pre-tax profits']), ('count', ['loans'])]
    >>> panels[0]["series"]["pre-tax profits"][0]["label"]
    '#1 Harbour Bank'
    """
    panels: dict[str, dict[str, Any]] = {}
    for number, f in enumerate(figs, 1):
        if not f.get("date"):
            continue
        unit = f.get("unit") or "count"
        title = unit + (f" ({f['change']})" if f.get("change") else "")
        panel = panels.setdefault(title, {"title": title, "unit": unit, "change": f.get("change"), "series": {}})
        reporter = "; ".join(f.get("reported_by") or ())
        point = {"number": number, "value": f["value"], "date": f["date"], "start": f.get("start"),
                 "end": f.get("end"), "documents": f.get("documents", 1), "reported_by": reporter,
                 "label": f"#{number}" + (f" {reporter}" if reporter else "")}
        panel["series"].setdefault((f.get("measure") or "").strip() or "(no measure)", []).append(point)
    return sorted(panels.values(), key=lambda p: (-sum(len(v) for v in p["series"].values()), p["title"]))


def plot_figures(figs: list[dict[str, Any]], *, max_panels: int = 6) -> bytes | None:
    """The figures over time as a PNG (None when no figure has a date): one panel per unit
    (money apart from counts and percentages, changes apart from levels), one colour per
    measure, each figure at its value with a bar across its period (a hollow marker at the
    report's date when it has none), labelled with its number in the report's table and who
    reported it; a larger marker when several documents report it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    panels = figure_panels(figs)[:max_panels]
    if not panels:
        return None
    fig = Figure(figsize=(10, 3.6 * len(panels) + 0.6), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(panels), 1, squeeze=False)[:, 0]
    palette = [f"C{i}" for i in range(PANEL_SERIES)]
    for ax, panel in zip(axes, panels):
        ranked = sorted(panel["series"].items(), key=lambda kv: (-len(kv[1]), kv[0]))
        values = [p["value"] for _, points in ranked for p in points]
        positive = [v for v in values if v > 0]
        if positive and len(positive) == len(values) and max(positive) / min(positive) > 50:
            ax.set_yscale("log")
        handles = []
        for rank, (measure, points) in enumerate(ranked):
            color = palette[rank] if rank < PANEL_SERIES else "#999999"
            for p in points:
                when = date.fromisoformat(p["date"])
                size = 8 if p["documents"] >= SEVERAL else 5
                if p["start"] and p["end"]:
                    ax.plot([date.fromisoformat(p["start"]), date.fromisoformat(p["end"])], [p["value"]] * 2,
                            color=color, linewidth=3, alpha=0.5, solid_capstyle="butt")
                    ax.plot([when], [p["value"]], "o", color=color, markersize=size)
                else:
                    ax.plot([when], [p["value"]], "o", markerfacecolor="white", markeredgecolor=color,
                            markersize=size)
                ax.annotate(p["label"][:40], (when, p["value"]), textcoords="offset points", xytext=(5, 4),
                            fontsize=7)
            if rank < PANEL_SERIES:
                handles.append(Line2D([], [], color=color, marker="o", linewidth=3, alpha=0.7,
                                      label=(measure[:45] + "…") if len(measure) > 46 else measure))
        if len(ranked) > PANEL_SERIES:
            handles.append(Line2D([], [], color="#999999", marker="o", linestyle="none",
                                  label=f"{len(ranked) - PANEL_SERIES} other measures"))
        ax.set_title(f"Reported figures in {panel['title']}", fontsize=10)
        ax.set_ylabel(panel["unit"])
        ax.grid(True, alpha=0.3)
        ax.legend(handles=handles, loc="best", fontsize=7)
    axes[-1].set_xlabel("period (bar) or date of the report (hollow marker); large marker: "
                        f"{SEVERAL}+ documents; labels: # in the table, reporter", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


# -- layout ---------------------------------------------------------------------------------


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(text: Any) -> str:
    """`text` as inert Markdown table-cell text: no tag, link, emphasis or cell break.

    >>> md("<img src=x onerror=alert(1)> [a](javascript:x) | *b*")
    '&lt;img src=x onerror=alert\\\\(1\\\\)&gt; \\\\[a\\\\]\\\\(javascript:x\\\\) \\\\| \\\\*b\\\\*'
    """
    s = html.escape(" ".join(str(text).split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", s)


def _number(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return f"{x:,}" if isinstance(x, int) else f"{x:,.2f}"


def _conf(c: Any) -> str:
    return "n/a" if c is None else f"{c:.2f}"


def _period(f: dict[str, Any]) -> str:
    if f["start"] and f["end"]:
        return f"{f['start']} to {f['end']}"
    return f["start"] or f["end"] or "(no period)"


def _first(f: dict[str, Any]) -> dict[str, Any]:
    return f["evidence"][0] if f["evidence"] else {}


def render_markdown(data: dict[str, Any], *, title: str, image: str | None, limit: int = 50,
                    map_image: str | None = None) -> str:
    """The report as Markdown; `image` and `map_image` are the PNGs' file names beside it
    (None: no such plot)."""
    out = [f"# {md(title)}", ""]
    span = data["document_dates"]
    out.append(f"{data['documents']} documents" + (f" ({span[0]} to {span[1]})" if span else "") +
               f", {data['entities']} entities, {data['relations']} relations" +
               (f", relations below confidence {data['min_confidence']} left out" if data["min_confidence"] else "") +
               ".")
    out += ["", "## Key actors", "",
            PROMINENCE +
            (f", estimated from {data['betweenness_sampled']} sampled nodes." if data["betweenness_sampled"] else "."),
            "",
            "| # | entity | class | prominence | documents | PageRank | degree | betweenness |",
            "|---|---|---|---|---|---|---|---|"]
    for i, a in enumerate(data["key_actors"], 1):
        out.append(f"| {i} | {md(a['label'])} | {md(a['cls'])} | {a['prominence']:.3f} | {a['documents']} | "
                   f"{a['pagerank']:.4f} | {a['degree']:.3f} | {a['betweenness']:.3f} |")
    out += ["", "## Communities", "",
            f"Leiden communities (by modularity) of the undirected graph; {data['singletons']} entities without "
            "relations are left out.", "",
            "| # | size | members (most prominent first) | relations inside | relations leaving |",
            "|---|---|---|---|---|"]
    for c in data["communities"]:
        names = ", ".join(md(m) for m in c["members"][:12]) + (f" and {c['size'] - 12} more" if c["size"] > 12 else "")
        out.append(f"| {c['community']} | {c['size']} | {names} | {c['internal_edges']} | {c['bridges']} |")
    out += ["", "### Bridges between communities", ""]
    if data["bridges"]:
        out += ["| from (community) | relation | to (community) | documents | evidence |", "|---|---|---|---|---|"]
        for b in data["bridges"][:limit]:
            out.append(f"| {md(b['subject'])} ({b['communities'][0]}) | {md(b['relation'])} | {md(b['object'])} "
                       f"({b['communities'][1]}) | {b['documents']} | {md(_first(b).get('sentence', ''))} |")
    else:
        out.append("None: no relation joins two communities.")
    out += ["", "## Places on the map", ""] + _places_markdown(data.get("places") or [], map_image)
    out += ["", "## Figures over time", ""]
    figs = data["figures"]
    if image:
        out += [f"![Reported figures over time]({image})", ""]
    if figs:
        out += [f"{len(figs)} figures, {data['figures_several_sources']} of them reported by several documents.", "",
                "| # | value | measure | period | about | reported by | documents | first report |",
                "|---|---|---|---|---|---|---|---|"]
        for i, f in enumerate(figs, 1):
            first = f["reports"][0] if f["reports"] else {}
            out.append(f"| {i} | {_number(f['value'])} | {md(f['measure'])} | {_period(f)} | "
                       f"{md('; '.join(f['about']))} | {md('; '.join(f['reported_by']))} | {f['documents']} | "
                       f"{md(first.get('title') or '')} ({first.get('date') or 'undated'}) |")
    else:
        out.append("No reported figures.")
    for key, heading, note in (
            ("several_sources", f"Facts supported by several sources ({SEVERAL}+ documents)", ""),
            ("one_source", "Facts resting on one source", "")):
        facts = data[key]
        out += ["", f"## {heading}", "", f"{len(facts)} relations." + note]
        if facts:
            out += ["", "| subject | relation | object | documents | best confidence | evidence (first) |",
                    "|---|---|---|---|---|---|"]
            for f in facts[:limit]:
                out.append(f"| {md(f['subject'])} | {md(f['relation'])} | {md(f['object'])} | {f['documents']} | "
                           f"{_conf(f['confidence'])} | {md(_first(f).get('sentence', ''))} |")
            if len(facts) > limit:
                out += ["", f"… and {len(facts) - limit} more (see report.html)."]
    return "\n".join(out) + "\n"


def render_html(data: dict[str, Any], *, title: str, png: bytes | None, map_png: bytes | None = None) -> str:
    """The report as one HTML page with the plots inlined; it runs no script."""
    e = html.escape

    def table(head: list[str], rows: list[list[str]]) -> str:
        return ("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>" +
                "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) +
                "</tbody></table>")

    def evidence(items: list[dict[str, Any]]) -> str:
        parts = []
        for item in items:
            meta = " · ".join(x for x in (item.get("title") or "(untitled)", item.get("date") or "undated",
                                          item.get("source") or "", "confidence " + _conf(item.get("confidence"))) if x)
            parts.append(f"<blockquote>{e(item.get('sentence') or '')}</blockquote><div class=meta>{e(meta)}</div>")
        return "<details><summary>" + f"{len(items)} sentence{'s' if len(items) != 1 else ''}" + \
            "</summary>" + "".join(parts) + "</details>" if items else ""

    span = data["document_dates"]
    body = [f"<h1>{e(title)}</h1>",
            f"<p>{data['documents']} documents" + (f" ({e(span[0])} to {e(span[1])})" if span else "") +
            f", {data['entities']} entities, {data['relations']} relations.</p>",
            "<h2>Key actors</h2><p class=meta>" + e(PROMINENCE) +
            (f", estimated from {data['betweenness_sampled']} sampled nodes" if data["betweenness_sampled"] else "") +
            ".</p>",
            table(["#", "entity", "class", "prominence", "documents", "PageRank", "degree", "betweenness"],
                  [[str(i), e(str(a["label"])), e(str(a["cls"])), f"{a['prominence']:.3f}", str(a["documents"]),
                    f"{a['pagerank']:.4f}", f"{a['degree']:.3f}", f"{a['betweenness']:.3f}"]
                   for i, a in enumerate(data["key_actors"], 1)]),
            f"<h2>Communities</h2><p class=meta>Leiden (modularity); {data['singletons']} entities without relations "
            "left out.</p>",
            table(["#", "size", "members (most prominent first)", "relations inside", "relations leaving"],
                  [[str(c["community"]), str(c["size"]), e(", ".join(c["members"])), str(c["internal_edges"]),
                    str(c["bridges"])] for c in data["communities"]]),
            "<h3>Bridges between communities</h3>",
            table(["from (community)", "relation", "to (community)", "documents", "evidence"],
                  [[f"{e(b['subject'])} ({b['communities'][0]})", e(b["relation"]),
                    f"{e(b['object'])} ({b['communities'][1]})", str(b["documents"]), evidence(b["evidence"])]
                   for b in data["bridges"]]) if data["bridges"] else "<p>None.</p>",
            "<h2>Places on the map</h2>"]
    located = data.get("places") or []
    if map_png:
        body.append(f'<img alt="Places on a world map" src="data:image/png;base64,'
                    f'{base64.b64encode(map_png).decode("ascii")}">')
    if located:
        body.append(f"<p class=meta>{e(_PLACES_NOTE)}</p>")
        body.append(table(["place", "class", "documents", "latitude", "longitude", "GeoNames"],
                          [[e(p["label"]), e(str(p["cls"])), str(p["documents"]), f"{p['lat']:.3f}",
                            f"{p['long']:.3f}", e(p["geonames"] or "")] for p in located[:MAP_ROWS]]))
    else:
        body.append(f"<p>{e(_NO_PLACES)}</p>")
    body.append("<h2>Figures over time</h2>")
    if png:
        body.append(f'<img alt="Reported figures over time" src="data:image/png;base64,'
                    f'{base64.b64encode(png).decode("ascii")}">')
    figs = data["figures"]
    if figs:
        body.append(f"<p>{len(figs)} figures, {data['figures_several_sources']} of them reported by several "
                    f"documents.</p>")
        body.append(table(["#", "value", "measure", "period", "about", "reported by", "documents", "reports"],
                          [[str(i), _number(f["value"]), e(f["measure"]), e(_period(f)), e("; ".join(f["about"])),
                            e("; ".join(f["reported_by"])), str(f["documents"]), evidence(f["reports"])]
                           for i, f in enumerate(figs, 1)]))
    else:
        body.append("<p>No reported figures.</p>")
    for key, heading in (("several_sources", f"Facts supported by several sources ({SEVERAL}+ documents)"),
                         ("one_source", "Facts resting on one source")):
        facts = data[key]
        body.append(f"<h2>{e(heading)}</h2><p>{len(facts)} relations.</p>")
        if facts:
            body.append(table(["subject", "relation", "object", "documents", "best confidence", "evidence"],
                              [[e(f["subject"]), e(f["relation"]), e(f["object"]), str(f["documents"]),
                                _conf(f["confidence"]), evidence(f["evidence"])] for f in facts]))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{e(title)}</title>
<style>{_CSS}</style></head>
<body>
{chr(10).join(body)}
</body></html>
"""


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; color: #222;
  max-width: 1100px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ddd; } h3 { font-size: 15px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f5f8; }
blockquote { margin: 4px 0 2px; padding: 3px 8px; border-left: 3px solid #4e79a7; background: #f6f8fb; }
.meta { color: #666; font-size: 12px; }
img { max-width: 100%; }
"""


_PLACES_NOTE = ("Places with coordinates (nkg:lat / nkg:long, from their GeoNames entries), each a disc whose "
                "area grows with the documents that mention it; the outline is Natural Earth's 1:110m countries, "
                "shipped with newskg. The most mentioned:")
_NO_PLACES = "No place in this graph has coordinates (nkg:lat / nkg:long), so there is no map."


def _places_markdown(located: list[dict[str, Any]], map_image: str | None) -> list[str]:
    if not located:
        return [_NO_PLACES]
    out = [f"![Places on a world map]({map_image})", ""] if map_image else []
    out += [f"{len(located)} places. " + _PLACES_NOTE, "",
            "| place | class | documents | latitude | longitude | GeoNames |", "|---|---|---|---|---|---|"]
    for p in located[:MAP_ROWS]:
        out.append(f"| {md(p['label'])} | {md(p['cls'])} | {p['documents']} | {p['lat']:.3f} | {p['long']:.3f} | "
                   f"{md(p['geonames'] or '')} |")
    return out


def write_report(directory: str | Path, *, min_confidence: float = 0.0, top: int = 15,
                 seed: int = 0) -> dict[str, Path]:
    """Write `report.html`, `report.md`, the plot `report-figures.png` and the map
    `report-map.png` into the graph directory; return their paths (no "png" when there is
    no dated figure, no "map" when no place has coordinates)."""
    graph_dir = GraphDir(directory)
    graph = load_rdflib(graph_dir)
    data = report_data(graph, min_confidence=min_confidence, top=top, seed=seed)
    title = f"newskg report: {graph_dir.path.resolve().name}"
    png = plot_figures(data["figures"])
    paths = {"html": graph_dir.path / REPORT_HTML, "md": graph_dir.path / REPORT_MD}
    if png:
        paths["png"] = graph_dir.path / REPORT_PNG
        paths["png"].write_bytes(png)
    elif (graph_dir.path / REPORT_PNG).exists():
        (graph_dir.path / REPORT_PNG).unlink()
    map_png = plot_map(data["places"])
    if map_png:
        paths["map"] = graph_dir.path / REPORT_MAP
        paths["map"].write_bytes(map_png)
    elif (graph_dir.path / REPORT_MAP).exists():
        (graph_dir.path / REPORT_MAP).unlink()
    paths["md"].write_text(render_markdown(data, title=title, image=REPORT_PNG if png else None,
                                           map_image=REPORT_MAP if map_png else None), encoding="utf-8")
    paths["html"].write_text(render_html(data, title=title, png=png, map_png=map_png), encoding="utf-8")
    return paths
