"""Benchmark of cross-document entity resolution at 1k, 10k and 50k synthetic entities.

    python tests/benchmarks/bench_resolve.py                      # prints a Markdown table
    python tests/benchmarks/bench_resolve.py --sizes 1000 100000

Not a test (pytest imports it only for its doctests): the work runs under `__main__`.

Entities come 25 to a document. "zipf": names drawn from a pool a fifth the size of the
corpus with Zipf-like frequencies (a few names in thousands of documents, as "BBC" or
"London" are), classes mixed, some model guesses, acronyms and country anchors.
"one name": the worst case, every organization also called "Police" (one blocking key
for all), under as many different full names as there are entities.
"""
from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from newskg.extract.records import Entity
from newskg.graph.build.resolve import _blocking_keys, resolve_entities

CLASSES = ["Person", "Organization", "Company", "GovernmentBody", "University", "Place", "City", "Country"]
PER_DOCUMENT = 25


def synthetic(n: int, *, shape: str = "zipf", seed: int = 0) -> list[tuple[str, list[Entity]]]:
    """`n` entities in documents of 25, as (document sha, entities).

    >>> docs = synthetic(100)
    >>> len(docs), sum(len(e) for _, e in docs)
    (4, 100)
    """
    rng = random.Random(seed)
    pool = max(10, n // 5)
    weights = [1 / (k + 1) for k in range(pool)]
    documents = []
    for d in range(0, n, PER_DOCUMENT):
        entities = []
        for k in range(min(PER_DOCUMENT, n - d)):
            if shape == "one name":
                name, cls = f"Police Unit {d + k}", "GovernmentBody"
                names: tuple[str, ...] = (name, "Police")
            else:
                i = rng.choices(range(pool), weights)[0]
                cls = CLASSES[i % len(CLASSES)]
                name = f"Name{i} Family{i % 97}" if cls == "Person" else f"Thing {i} {cls}"
                names = (name, f"T{i}") if cls != "Person" and i % 7 == 0 else (name,)
            anchors = (f"country{rng.randrange(20)}|ministry",) if cls == "GovernmentBody" else ()
            entities.append(Entity(key=f"{cls}:{k}", cls=cls, names=names, certainty=rng.choice((1, 2, 2, 3)),
                                   anchors=anchors))
        documents.append((f"{d:064x}", entities))
    return documents


def largest_block(documents: list[tuple[str, list[Entity]]]) -> int:
    sizes: Counter = Counter()
    for _, entities in documents:
        for e in entities:
            for key in _blocking_keys(e.cls, e.name, e.names, e.anchors):
                sizes[key] += 1
    return max(sizes.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    args = parser.parse_args()
    print("| entities | shape | documents | largest block | resolved entities | seconds | µs per entity |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for shape in ("zipf", "one name"):
        for n in args.sizes:
            documents = synthetic(n, shape=shape)
            started = time.perf_counter()
            resolution = resolve_entities(documents)
            seconds = time.perf_counter() - started
            print(f"| {n:,} | {shape} | {len(documents):,} | {largest_block(documents):,} | "
                  f"{len(resolution):,} | {seconds:.2f} | {seconds / n * 1e6:.0f} |", flush=True)


if __name__ == "__main__":
    main()
