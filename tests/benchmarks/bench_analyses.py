"""Benchmark of the analyses a report runs: the centrality table (prominence, PageRank,
degree, betweenness) and the communities, on synthetic graphs of 10,000, 100,000 and
1,000,000 entities.

    python tests/benchmarks/bench_analyses.py                    # 10k and 100k, a Markdown table
    python tests/benchmarks/bench_analyses.py --sizes 1000000

Not a test (pytest imports it only for its doctests): the work runs under `__main__`.
The graphs are Barabási–Albert (m=2: about two relations per entity, a few hubs), as a
`nx.MultiDiGraph` with the attributes `to_networkx` writes that the analyses read
(documents per entity, weight per relation). Times are wall-clock seconds, one run each,
and include the conversion of the networkx graph for igraph, which each call makes.
"""
from __future__ import annotations

import argparse
import random
import time

import networkx as nx

from newskg.graph.analysis import network


def synthetic_graph(n: int, seed: int = 0) -> nx.MultiDiGraph:
    """`n` entities and about 2n relations shaped like `to_networkx`'s output.

    >>> G = synthetic_graph(100)
    >>> len(G), G.number_of_edges(), sorted(G.nodes[0])
    (100, 196, ['documents'])
    """
    rnd = random.Random(seed)
    skeleton = nx.barabasi_albert_graph(n, 2, seed=seed)
    G = nx.MultiDiGraph()
    G.add_nodes_from((i, {"documents": 1 + int(rnd.paretovariate(1.5))}) for i in skeleton)
    G.add_edges_from((u, v, "visited", {"weight": rnd.randint(1, 3)}) for u, v in skeleton.edges())
    return G


def measure(n: int) -> dict[str, float]:
    started = time.perf_counter()
    G = synthetic_graph(n)
    made = time.perf_counter()
    table = network.centrality_table(G, top=15)
    ranked = time.perf_counter()
    parts = network.communities(G)
    done = time.perf_counter()
    assert len(table) == 15 and sum(len(p) for p in parts) == n
    return {"entities": n, "relations": G.number_of_edges(), "graph": made - started,
            "centrality": ranked - made, "communities": done - ranked, "both": done - made,
            "parts": len(parts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    print(f"| entities | relations | centrality table (s) | communities (s) | both (s) | communities found |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        r = measure(n)
        print(f"| {r['entities']:,} | {r['relations']:,} | {r['centrality']:.1f} | {r['communities']:.1f} | "
              f"{r['both']:.1f} | {r['parts']:,} |", flush=True)


if __name__ == "__main__":
    main()
