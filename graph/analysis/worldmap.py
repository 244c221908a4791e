"""Places on a world map, drawn offline.

The outline is Natural Earth's 1:110m countries (public domain), shipped with the package as
the TopoJSON of the npm package world-atlas (`data/countries-110m.json`, copied by
`tools/world-outline.sh`); nothing is fetched when a map is drawn. The places are the
entities with coordinates (``lat`` and ``long`` node attributes, which `to_networkx` reads
from nkg:lat / nkg:long), each a disc whose area grows with the documents that mention it.
"""
from __future__ import annotations

import io
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

OUTLINE = Path(__file__).parent / "data" / "countries-110m.json"
LABELLED = 12
"""How many places, those most mentioned, the map names."""

Ring = list[tuple[float, float]]


@lru_cache(maxsize=1)
def world_outline() -> tuple[Ring, ...]:
    """Every country's rings (outer boundaries and holes) as (longitude, latitude) lists.

    TopoJSON stores shared borders once, as delta-encoded integer arcs; a ring lists arcs,
    a negative index (~i) meaning arc i reversed.

    >>> rings = world_outline()
    >>> len(rings) > 250, all(-540 <= x <= 540 and -90 <= y <= 90 for ring in rings for x, y in ring)
    (True, True)
    """
    topology = json.loads(OUTLINE.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices: list[int]) -> Ring:
        points: Ring = []
        for i in indices:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc if not points else arc[1:])  # consecutive arcs share an end point
        return points

    rings = []
    for shape in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [shape.get("arcs")], "MultiPolygon": shape.get("arcs")}.get(shape["type"]) or []
        for polygon in polygons:
            for r in polygon:
                rings.extend(_across_the_antimeridian(ring(r)))
    return tuple(rings)


def _across_the_antimeridian(ring: Ring) -> list[Ring]:
    """A ring that crosses longitude 180 (Russia, Fiji) made continuous, plus its copy one
    turn over, so that a map clipped to -180..180 draws both halves and no line across the
    world.

    >>> [[x for x, _ in r] for r in _across_the_antimeridian([(179.0, 0.0), (-179.0, 0.0), (-179.0, 1.0)])]
    [[179.0, 181.0, 181.0], [-181.0, -179.0, -179.0]]
    """
    turn, last, unwrapped = 0.0, None, []
    for x, y in ring:
        if last is not None and x - last > 180:
            turn -= 360
        elif last is not None and last - x > 180:
            turn += 360
        last = x
        unwrapped.append((x + turn, y))
    xs = [x for x, _ in unwrapped]
    if max(xs) > 180:
        return [unwrapped, [(x - 360, y) for x, y in unwrapped]]
    if min(xs) < -180:
        return [unwrapped, [(x + 360, y) for x, y in unwrapped]]
    return [unwrapped]


def places(G: nx.Graph, *, lat: str = "lat", long: str = "long", label: str = "label", cls: str = "cls",
           documents: str = "documents", geonames: str = "geonames") -> list[dict[str, Any]]:
    """The nodes that have coordinates, most documents first: id, label, cls, lat, long,
    documents and geonames (its GeoNames IRI, or None).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("id:oslo", label="Oslo", cls="City", lat=59.91, long=10.75, documents=4)
    >>> G.add_node("id:x", label="Nowhere", cls="Place", documents=9)
    >>> [(p["label"], p["lat"], p["documents"]) for p in places(G)]
    [('Oslo', 59.91, 4)]
    """
    found = []
    for n, d in G.nodes(data=True):
        y, x = d.get(lat), d.get(long)
        if y is None or x is None or not (-90 <= float(y) <= 90 and -180 <= float(x) <= 180):
            continue
        found.append({"id": n, "label": str(d.get(label) or n), "cls": d.get(cls), "lat": float(y), "long": float(x),
                      "documents": int(d.get(documents) or 0), "geonames": d.get(geonames)})
    return sorted(found, key=lambda p: (-p["documents"], p["label"], str(p["id"])))


def plot_map(points: list[dict[str, Any]], *, labelled: int = LABELLED) -> bytes | None:
    """The places on the world outline as a PNG (None when there is no place): an
    equirectangular map, each place a disc whose area is proportional to its documents,
    the `labelled` most mentioned named."""
    if not points:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 4.4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.add_collection(PolyCollection(world_outline(), facecolors="#ececec", edgecolors="#b5b5b5", linewidths=0.4))
    most = max(p["documents"] for p in points) or 1
    ordered = sorted(points, key=lambda p: p["documents"])  # the big discs under the small ones
    ax.scatter([p["long"] for p in ordered], [p["lat"] for p in ordered],
               s=[12 + 500 * max(p["documents"], 0) / most for p in ordered],
               color="#c0392b", alpha=0.55, edgecolors="#7b241c", linewidths=0.6, zorder=3)
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 85)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"{len(points)} places with coordinates; disc area: documents that mention the place", fontsize=10)
    fig.tight_layout()
    place_labels(ax, points[:labelled], most)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def place_labels(ax, points: list[dict[str, Any]], most: int) -> list:
    """Name `points` (most mentioned first) beside their discs where no earlier name is: each
    tries the right, the left, above and below its disc; a name with no free place is left
    out rather than drawn over another (the report's table lists every place). Return the
    names drawn, as matplotlib annotations."""
    renderer = ax.figure.canvas.get_renderer()
    taken = []
    drawn = []
    for p in points:
        gap = 4 + 6 * math.sqrt(max(p["documents"], 0) / most)
        for dx, dy, ha, va in ((gap, 2, "left", "bottom"), (gap, -2, "left", "top"), (-gap, 2, "right", "bottom"),
                               (-gap, -2, "right", "top"), (0, gap, "center", "bottom"), (0, -gap, "center", "top")):
            label = ax.annotate(p["label"], (p["long"], p["lat"]), textcoords="offset points", xytext=(dx, dy),
                                ha=ha, va=va, fontsize=8, zorder=4)
            box = label.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in taken):
                taken.append(box)
                drawn.append(label)
                break
            label.remove()
    return drawn
