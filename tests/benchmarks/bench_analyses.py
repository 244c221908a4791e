"""Benchmark of the analyses a report runs: the centrality table (prominence, PageRank,
degree, betweenness) and the communities, on synthetic graphs of 10,000, 100,000 and
1,000,000 entities.

    python tests/benchmarks/bench_analyses.py                    # 10k and 100k, a Markdown table
    python tests/benchmarks/bench_analyses.py --sizes 1000000

Not a test (pytest imports it only for its doctests): the work runs under `__main__`.
The graphs are Barabási–Albert (m=2: about two relations per entity, a few hubs), as a
`nx.MultiDiGraph` with the attributes `to_networkx` writes that the analyses read
(documents per entity, weight per relation). Times are seconds of one run each, wall-clock
and the process's CPU time (igraph runs on one core, so on an idle machine the two agree; on
a machine shared with other work the CPU time is what the analyses cost), and include the
conversion of the networkx graph for igraph, made once for both as `newskg report` makes it
(counted in the centrality table's column).
"""
from __future__ import annotations

import argparse
import random
import time

import networkx as nx

from newskg.graph.analysis import backend, network


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
    G = synthetic_graph(n)
    made, made_cpu = time.perf_counter(), time.process_time()
    projection = backend.project(G)
    table = network.centrality_table(G, top=15, projection=projection)
    ranked, ranked_cpu = time.perf_counter(), time.process_time()
    parts = network.communities(G, projection=projection)
    done, done_cpu = time.perf_counter(), time.process_time()
    assert len(table) == 15 and sum(len(p) for p in parts) == n
    return {"entities": n, "relations": G.number_of_edges(), "centrality": ranked - made,
            "centrality_cpu": ranked_cpu - made_cpu, "communities": done - ranked,
            "communities_cpu": done_cpu - ranked_cpu, "both": done - made, "both_cpu": done_cpu - made_cpu,
            "parts": len(parts), "pivots": network.betweenness_pivots(n, G.number_of_edges())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    print("| entities | relations | betweenness pivots | centrality table, s (CPU) | communities, s (CPU) | "
          "both, s (CPU) | communities found |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        r = measure(n)
        print(f"| {r['entities']:,} | {r['relations']:,} | {r['pivots']} | {r['centrality']:.1f} "
              f"({r['centrality_cpu']:.1f}) | {r['communities']:.1f} ({r['communities_cpu']:.1f}) | "
              f"{r['both']:.1f} ({r['both_cpu']:.1f}) | {r['parts']:,} |", flush=True)


if __name__ == "__main__":
    main()
