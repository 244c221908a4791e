"""Nothing lost: builds killed with SIGKILL at 20 random moments (loading the model,
extracting, writing the store, switching generations) leave the previous graph intact and
readable, and the next build completes the work."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from newskg.graph.build.pipeline import build
from newskg.graph.store.directory import GraphDir

KILLS = 20


def quads(directory: Path) -> frozenset[tuple]:
    store = GraphDir(directory).open_store()
    return frozenset((str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store)


def test_builds_killed_at_random_moments_lose_nothing(tmp_path: Path, nlp, seeds_dir: Path,
                                                      sample_dir: Path) -> None:
    corpora = [[str(seeds_dir)], [str(seeds_dir), str(sample_dir)], [str(sample_dir)]]
    expected = []
    for k, inputs in enumerate(corpora):  # each corpus's graph, built without interruption
        build(inputs, tmp_path / f"expected-{k}", nlp=nlp)
        expected.append(quads(tmp_path / f"expected-{k}"))
    assert len(set(expected)) == 3

    out = tmp_path / "kg"
    newskg = [sys.executable, "-m", "newskg.graph.cli", "build"]
    started = time.monotonic()
    subprocess.run([*newskg, *corpora[0], "--out", str(out), "-q"], check=True)
    whole = time.monotonic() - started  # how long a build takes here, start-up included
    published = quads(out)
    assert published == expected[0]

    rng = random.Random(6)
    outcomes = {"killed": 0, "finished": 0, "published": 0}
    for attempt in range(KILLS):
        target = (attempt + 1) % len(corpora)
        if attempt % 4 == 3:  # no cached records: this build has to extract again
            for record in (out / "records").glob("*.json"):
                record.unlink()
        command = [*newskg, *corpora[target], "--out", str(out), "--replace", "-q", "--workers", str(1 + attempt % 2)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.1, whole))  # from start-up through extraction to publishing
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            outcomes["killed"] += 1
        else:
            outcomes["finished"] += 1
        _, stderr = process.communicate()
        assert process.returncode in (0, -signal.SIGKILL), stderr.decode()

        now = quads(out)  # the directory opens...
        assert now == published or now == expected[target], f"attempt {attempt}: a graph that was never built"
        outcomes["published"] += now != published
        published = now
        manifest = GraphDir(out).manifest()  # ...its manifest and TriG file are whole
        assert manifest["quads"] == len(now)
        assert sum(1 for _ in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)) == len(now)

    assert outcomes["killed"] >= KILLS // 2, outcomes
    finished = subprocess.run([*newskg, *corpora[1], "--out", str(out), "--replace", "-q"], capture_output=True)
    assert finished.returncode == 0, finished.stderr.decode()
    assert quads(out) == expected[1]
    assert len([g for g in out.glob("gen-*")]) <= 2  # what killed builds left behind is gone
    assert not list((out / "records").glob(".*.tmp"))
