"""Benchmark of `newskg build` against a bare `nlp.pipe`, and its peak memory.

    python tests/benchmarks/bench_build.py                    # the BBC corpus: throughput table
    python tests/benchmarks/bench_build.py --rss 500 10000    # peak RSS at 500 and 10,000 articles

Not a test (pytest imports it only for its doctests): the work runs under `__main__`.

Throughput: the same texts (the 2,225 BBC articles in ../shared/corpus/bbc) go first through
the bare spaCy model (no newskg component: the baseline every ratio is against), then through
the same model with newskg's components as an `nlp.pipe` over the texts already in memory, then
as `build()` into a fresh directory (reading, extraction, the record cache, resolution, RDF and
the Oxigraph store), with 1 and with 2 worker processes. Each pipeline is loaded before its
clock starts (the model, and newskg's tables, which `load_pipeline` loads). Words are
whitespace-separated tokens of the texts.

Memory: `newskg build` run as a command on N articles (the BBC articles repeated, each copy
changed by one sentence so that no two texts are the same): the peak RSS of the main process
and of the largest worker, sampled every 0.2 s, and the kernel's largest over the whole process
tree (wait4's ru_maxrss, which counts reaped workers too).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BBC = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "bbc"


def corpus_texts(root: Path) -> list[str]:
    from newskg.extract.sources import read_inputs

    return [d.text for d in read_inputs([str(root)]) if hasattr(d, "text")]


def words_of(texts: list[str]) -> int:
    """Whitespace-separated words.

    >>> words_of(["Riga port reopened.", "Tartu  opened a lab"])
    7
    """
    return sum(len(t.split()) for t in texts)


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (the build's workers):
    on a shared machine a steadier measure than the clock."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def bare_pipe(nlp, texts: list[str], batch_size: int = 16) -> tuple[float, float]:
    started, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started, cpu_seconds() - cpu


def timed_build(nlp, root: Path, workers: int) -> tuple[float, float, int]:
    from newskg.graph.build.pipeline import build

    out = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        started, cpu = time.perf_counter(), cpu_seconds()
        report = build([str(root)], out / "kg", nlp=nlp, workers=workers)
        return time.perf_counter() - started, cpu_seconds() - cpu, report.documents
    finally:
        shutil.rmtree(out, ignore_errors=True)


def throughput(root: Path, workers: int = 2) -> None:
    from newskg.extract.pipeline import load_pipeline

    import spacy

    # every run gets a pipeline loaded afresh: one that has parsed the corpus before knows its
    # words already, and skips making their lexemes (about a tenth of the model's time)
    ours_nlp = load_pipeline()
    model_name = f"{ours_nlp.meta['lang']}_{ours_nlp.meta['name']}"
    texts = corpus_texts(root)
    words = words_of(texts)
    print(f"{len(texts):,} articles, {words:,} words, {os.cpu_count()} cores\n", file=sys.stderr)
    bare, bare_cpu = bare_pipe(spacy.load(model_name), texts)  # the same model, no newskg component
    ours, ours_cpu = bare_pipe(ours_nlp, texts)
    one, one_cpu, documents = timed_build(load_pipeline(), root, 1)
    rows = [("bare `nlp.pipe`: the spaCy model alone, 1 process", bare, bare_cpu),
            ("`nlp.pipe` with newskg's components, 1 process", ours, ours_cpu),
            ("`newskg build`, 1 worker", one, one_cpu)]
    if workers > 1:
        two, two_cpu, _ = timed_build(load_pipeline(), root, workers)
        rows.append((f"`newskg build`, {workers} workers", two, two_cpu))
    print("| run | seconds | documents/s | words/s | ratio to bare nlp.pipe | speed-up over 1 worker "
          "| CPU seconds | words per CPU second | CPU ratio to bare nlp.pipe |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, seconds, cpu in rows:
        print(f"| {name} | {seconds:.1f} | {len(texts) / seconds:.1f} | {words / seconds:,.0f} | "
              f"{bare / seconds:.2f} | {one / seconds:.2f}x | {cpu:.1f} | {words / cpu:,.0f} | {bare_cpu / cpu:.2f} |")
    print(f"\n({documents:,} documents in the graph: the corpus holds a few texts twice)", file=sys.stderr)


LONGEST = 8  # the corpus's longest articles, in every sample


def replicate(root: Path, n: int, into: Path) -> Path:
    """`n` articles made of the corpus's, the k-th copy of each changed by one sentence; fewer
    than the corpus holds are taken evenly across it (the corpus is sorted by category) and
    include its LONGEST longest articles, so that every size has the same mix and the same
    largest batch: a worker's peak is set by the longest texts it parses, and a sample without
    them would credit the corpus's size with what their length costs."""
    sources = sorted(p for p in root.rglob("*.txt") if p.name != "README.TXT")
    if n < len(sources):
        longest = sorted(sources, key=lambda p: -p.stat().st_size)[:LONGEST]
        evenly = [sources[k * len(sources) // n] for k in range(n)]
        rest = [p for p in evenly if p not in longest][: n - len(longest)]
        sources = sorted(longest + rest)
    into.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        src = sources[k % len(sources)]
        text = src.read_bytes().decode("utf-8", errors="replace")
        copy = k // len(sources)
        if copy:
            text += f"\nThis is copy {copy} of the article, said the archive.\n"
        (into / f"{k:05d}.txt").write_text(text, encoding="utf-8")
    return into


def peak_rss(root: Path, n: int, workers: int) -> dict[str, float]:
    """Peak RSS (MB) of `newskg build` on `n` articles: the main process and its largest worker."""
    import psutil

    scratch = Path(tempfile.mkdtemp(prefix="bench-rss-"))
    try:
        corpus = replicate(root, n, scratch / "in")
        command = [sys.executable, "-m", "newskg.graph.cli", "build", str(corpus), "--out", str(scratch / "kg"),
                   "-q", "--workers", str(workers)]
        started = time.perf_counter()
        process = subprocess.Popen(command)
        main_peak = worker_peak = 0
        watched = psutil.Process(process.pid)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                break
            try:
                main_peak = max(main_peak, watched.memory_info().rss)
                for child in watched.children():
                    worker_peak = max(worker_peak, child.memory_info().rss)
            except psutil.Error:
                pass
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        # wait4's ru_maxrss is the largest of the process and every child it reaped (the workers
        # included), so the main process's own peak is sampled above
        tree_peak = usage.ru_maxrss / 1024
        return {"articles": n, "workers": workers, "main_mb": main_peak / 2**20, "worker_mb": worker_peak / 2**20,
                "tree_mb": tree_peak, "seconds": seconds}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=BBC)
    parser.add_argument("--rss", type=int, nargs="*", metavar="N", help="measure peak RSS at these sizes instead")
    parser.add_argument("--workers", type=int, default=2,
                        help="workers for the --rss runs, and for the second build of the throughput table (1: none)")
    args = parser.parse_args()
    if args.rss:
        print("| articles | workers | peak RSS, main process | peak RSS, largest worker | largest of all (wait4) "
              "| seconds |")
        print("|---:|---:|---:|---:|---:|---:|")
        for n in args.rss:
            row = peak_rss(args.corpus, n, args.workers)
            print(f"| {n:,} | {row['workers']} | {row['main_mb']:.0f} MB | {row['worker_mb']:.0f} MB | "
                  f"{row['tree_mb']:.0f} MB | {row['seconds']:.0f} |", flush=True)
        return
    throughput(args.corpus, args.workers)


if __name__ == "__main__":
    main()
