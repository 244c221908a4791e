"""Benchmark of the HTML view: size, generation time, and time to a stabilised, clickable
view in headless chromium, at 500, 2,000 and 10,000 nodes of a synthetic graph.

    python tests/benchmarks/bench_view.py            # prints a Markdown table
    python tests/benchmarks/bench_view.py --runs 5 --sizes 500 2000

Not a test (pytest imports it only for its doctests): the work runs under `__main__`.
The graphs are Barabási–Albert (m=2, so about two relations per entity, a few hubs), with
the attributes `to_networkx` writes: eleven classes, eight relations, one to three evidence
sentences per relation with a document title, date, source and confidence.

"Stabilised" is the moment the page's layout stops (vis-network's stabilizationIterationsDone,
after which physics is switched off), measured from navigation start by the page itself;
"clickable" adds a real mouse click on the most central node until the evidence panel shows.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx

from newskg.graph.analysis.network import ENTITY_CLASSES, RELATIONS
from newskg.graph.analysis.view import DEFAULT_MAX_NODES, render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def synthetic_graph(n: int, seed: int = 0) -> nx.MultiDiGraph:
    """A graph of `n` entities shaped like `to_networkx`'s output.

    >>> G = synthetic_graph(50)
    >>> len(G), G.number_of_edges(), sorted(G.nodes["id:0"])
    (50, 96, ['aliases', 'cls', 'coarse', 'documents', 'label'])
    """
    rnd = random.Random(seed)
    classes, relations = list(ENTITY_CLASSES.values()), list(RELATIONS.values())
    skeleton = nx.barabasi_albert_graph(n, 2, seed=seed)
    G = nx.MultiDiGraph()
    for i in skeleton:
        cls = rnd.choice(classes)
        G.add_node(f"id:{i}", label=f"{cls} number {i}", cls=cls, coarse=cls, aliases=[f"E{i}"],
                   documents=rnd.randint(1, 6))
    for u, v in skeleton.edges():
        relation = rnd.choice(relations)
        evidence = []
        for _ in range(rnd.randint(1, 3)):
            doc = rnd.randint(0, max(n // 5, 1))
            evidence.append({
                "sentence": f"{G.nodes[f'id:{u}']['label']} {relation} {G.nodes[f'id:{v}']['label']}, a sentence "
                            f"about as long as one in a news article, with some context around it.",
                "document": f"doc:{doc}", "title": f"Article {doc}",
                "date": f"2024-{doc % 12 + 1:02d}-{doc % 28 + 1:02d}",
                "source": f"https://news.example.org/{doc}", "confidence": round(rnd.uniform(0.3, 1.0), 2),
                "extractor": "rule", "start": 0, "end": 120})
        G.add_edge(f"id:{u}", f"id:{v}", key=relation, relation=relation,
                   weight=len({e["document"] for e in evidence}), confidence=max(e["confidence"] for e in evidence),
                   evidence=evidence)
    return G


def generate(G: nx.MultiDiGraph, path: Path, max_nodes: int | None, runs: int) -> tuple[dict, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        counts = render_html(G, path, max_nodes=max_nodes)
        times.append(time.perf_counter() - start)
    return counts, statistics.median(times)


def in_browser(browser, path: Path, runs: int) -> tuple[float, float]:
    """Median seconds to a stabilised view, and to the panel after a click, over `runs` loads."""
    stable, clickable = [], []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-stabilized]", state="attached", timeout=600_000)
        stable.append(page.evaluate("nkgView.stabilizedAt") / 1000)
        node = page.evaluate("""() => Object.keys(nkgView.data.nodes)[0]""")  # the nodes come most prominent first
        x, y = page.evaluate("""(id) => { const n = nkgView.network;
            n.moveTo({position: n.getPositions([id])[id], scale: 1.0});
            const d = n.canvasToDOM(n.getPositions([id])[id]);
            const box = document.getElementById("mynetwork").getBoundingClientRect();
            return [box.left + d.x, box.top + d.y]; }""", node)
        start = time.perf_counter()
        page.mouse.click(x, y)
        page.wait_for_selector("#nkg-panel:not([hidden])", timeout=60_000)
        clickable.append(stable[-1] + time.perf_counter() - start)
        page.close()
        if errors:
            raise RuntimeError(f"{path}: {errors}")
    return statistics.median(stable), statistics.median(clickable)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (the median is shown)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        cases = [(n, DEFAULT_MAX_NODES) for n in args.sizes]
        cases += [(n, None) for n in args.sizes if n > DEFAULT_MAX_NODES]
        for n, cap in cases:
            G = synthetic_graph(n)
            path = Path(tmp) / f"view-{n}-{cap}.html"
            counts, seconds = generate(G, path, cap, args.runs)
            stable, clickable = in_browser(browser, path, args.runs)
            rows.append((f"{n:,}" + ("" if cap else " (all drawn)"), f"{counts['nodes']:,} / {counts['edges']:,}",
                         f"{counts['bytes'] / 1e6:.1f} MB", f"{seconds:.2f} s", f"{stable:.1f} s",
                         f"{clickable:.1f} s"))
            print(f"done: {rows[-1]}", flush=True)
        browser.close()
    head = ("entities in graph", "nodes / edges drawn", "HTML size", "generation", "stabilised", "clickable")
    print()
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
