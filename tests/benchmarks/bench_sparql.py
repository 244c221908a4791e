"""Benchmark of `newskg serve`: the saved queries over HTTP against the same queries run
in-process on the engine, on graphs of about 10k, 100k and 1M triples. A script that prints
numbers, not a test (pytest collects only test_*.py; importing this module does nothing).

    python tests/benchmarks/bench_sparql.py                 # 10k and 100k triples
    python tests/benchmarks/bench_sparql.py --sizes 10000 100000 1000000 --out /tmp/bench

The graphs are the seed articles' graph (built with the real pipeline) replicated under
other base IRIs: copy 0 keeps the default base, so queries that name an entity by IRI find
one of it, and queries that name one by label find one per copy. The ontology graph is
written once.

For each size and saved query: p50 and p99 latency of `store.query(...)` serialized as
SPARQL JSON in-process (pyoxigraph, the store opened read-only), and of the same query
POSTed to `newskg serve` over loopback, in the server's default configuration (--max-rows
100000), by two keep-alive clients: a bare socket that writes the request and reads the
answer by its length (so its times are the server's and the loopback's), and Python's
`http.client` (what SPARQLWrapper and rdflib's SPARQLStore build on, its own parsing
included). Then the throughput of 8 concurrent clients, each
sending a bounded number of requests round-robin over the saved queries, beside 8 threads
running them in-process; every non-200 answer counts as an error.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

DEFAULT_BASE = "https://w3id.org/newskg/id/"
ONTOLOGY = "https://w3id.org/newskg/ontology"
REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def seed_graph(work: Path) -> Path:
    from newskg.graph.build.pipeline import build

    seeds = work / "seeds"
    if not (seeds / "current").exists():
        build([str(SEEDS)], seeds)
    return seeds


def replicated(seeds: Path, target: int, work: Path) -> Path:
    """A graph directory of about `target` quads: the seed graph copied under other bases."""
    import pyoxigraph as ox

    from newskg.graph.store.directory import GraphDir

    directory = work / f"kg-{target}"
    if (directory / "current").exists():
        return directory
    source = GraphDir(seeds).open_store()
    ontology = [q for q in source if q.graph_name == ox.NamedNode(ONTOLOGY)]
    content = [q for q in source if q.graph_name != ox.NamedNode(ONTOLOGY)]
    copies = max(1, round((target - len(ontology)) / len(content)))

    def quads():
        yield from ((q.subject, q.predicate, q.object, q.graph_name) for q in ontology)
        for copy in range(copies):
            base = DEFAULT_BASE if copy == 0 else f"https://copy{copy}.bench.example/id/"
            cache: dict[object, object] = {}

            def move(term, base=base, cache=cache):
                if isinstance(term, ox.NamedNode) and term.value.startswith(DEFAULT_BASE):
                    moved = cache.get(term)
                    if moved is None:
                        moved = cache[term] = ox.NamedNode(base + term.value[len(DEFAULT_BASE):])
                    return moved
                return term

            for q in content:
                yield move(q.subject), q.predicate, move(q.object), move(q.graph_name)

    manifest = {"format": 1, "base": DEFAULT_BASE, "documents": [], "benchmark": f"{copies} copies of the seeds"}
    GraphDir(directory).publish(quads(), manifest)
    return directory


def in_process_runner(directory: Path):
    """Run a query on the engine directly and serialize it as SPARQL JSON."""
    import pyoxigraph as ox

    from newskg.graph.store.directory import PREFIXES, GraphDir

    store = GraphDir(directory).open_store()

    def run(text: str) -> bool:
        store.query(text, prefixes=dict(PREFIXES), use_default_graph_as_union=True).serialize(
            format=ox.QueryResultsFormat.JSON)
        return True

    return run


class Client:
    """One keep-alive `http.client` connection that POSTs form-encoded queries: what a Python
    caller (SPARQLWrapper, rdflib's SPARQLStore) pays, its own parsing included."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)

    def ask(self, query: str) -> tuple[int, bytes]:
        body = urlencode({"query": query})
        for attempt in range(2):
            try:
                self.connection.request("POST", "/sparql", body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # the server lets a keep-alive connection go after 15 s of silence, which the
                # in-process runs of a slow query can take on a loaded machine: ask again
                self.connection.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")


class SocketClient:
    """The same request written on a keep-alive socket, the answer read by its Content-Length:
    a client that costs almost nothing, so that its times are the server's (and the loopback's)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.address = (parts.hostname, parts.port)
        self.host = f"{parts.hostname}:{parts.port}"
        self._connect()

    def _connect(self) -> None:
        self.sock = socket.create_connection(self.address, timeout=120)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def ask(self, query: str) -> tuple[int, bytes]:
        body = urlencode({"query": query}).encode()
        request = (f"POST /sparql HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/x-www-form-urlencoded"
                   f"\r\nAccept: application/sparql-results+json\r\nContent-Length: {len(body)}\r\n\r\n"
                   .encode() + body)
        try:
            self.sock.sendall(request)
        except OSError:  # see below
            self.sock.close()
            self._connect()
            self.sock.sendall(request)
        data, retried = b"", False
        while b"\r\n\r\n" not in data:
            try:
                data += self._receive()
            except (ConnectionError, OSError):
                if data or retried:
                    raise
                retried = True
                # closed before any answer: the server let the idle keep-alive connection go
                # (after 15 s, which the in-process runs of a slow query can take on a loaded
                # machine); a new connection, as any client would
                self.sock.close()
                self._connect()
                self.sock.sendall(request)
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
        while len(rest) < length:
            rest += self._receive()
        return int(lines[0].split()[1]), rest

    def _receive(self) -> bytes:
        data = self.sock.recv(1 << 16)
        if not data:
            raise ConnectionError("the server closed the connection")
        return data


def latencies(directory: Path, url: str, queries: dict[str, str], repeat: int, seconds: float
              ) -> tuple[dict[str, dict[str, list[float]]], dict[str, int]]:
    """Seconds per run of each query in-process, over HTTP with the socket client and with
    http.client, the three interleaved run by run so that none profits from caches another
    warmed; at least `repeat` runs and `seconds` of them (at most 2,000); and the rows of each."""
    runners = {"local": in_process_runner(directory), "socket": SocketClient(url).ask, "http.client": Client(url).ask}
    timings: dict[str, dict[str, list[float]]] = {}
    rows: dict[str, int] = {}
    for name, text in queries.items():
        for _ in range(2):  # warm all
            runners["local"](text)
            for way in ("socket", "http.client"):
                status, body = runners[way](text)
                assert status == 200, (name, way, status, body[:300])
        rows[name] = len(json.loads(body)["results"]["bindings"])
        timings[name] = {way: [] for way in runners}
        began = time.perf_counter()
        runs = 0
        while runs < 2000 and (runs < repeat or time.perf_counter() - began < seconds):
            for way, run in runners.items():
                started = time.perf_counter()
                answer = run(text)
                timings[name][way].append(time.perf_counter() - started)
                assert answer is True or answer[0] == 200, (name, way, answer)
            runs += 1
    return timings, rows


def throughput(run_one, queries: dict[str, str], clients: int, per_client: int) -> tuple[float, int]:
    """Requests a second for `clients` threads, each running `per_client` queries; and errors."""
    names = list(queries)
    errors = [0] * clients
    barrier = threading.Barrier(clients + 1)

    def work(index: int) -> None:
        runner = run_one()
        barrier.wait()
        for i in range(per_client):
            if not runner(queries[names[(index + i) % len(names)]]):
                errors[index] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - started
    return clients * per_client / took, sum(errors)


def start_server(directory: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "newskg.graph.cli", "serve", str(directory), "--port", "0",
                                "--quiet"], stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        match = re.search(r"at (http://\S+/) ", line)
        if match:
            url = match.group(1)
            break
    else:
        raise RuntimeError("newskg serve did not start")
    threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
    client = Client(url)
    for _ in range(300):
        try:
            if client.ask("ASK {}")[0] == 200:
                return process, url
        except OSError:
            client = Client(url)
        time.sleep(0.1)
    raise RuntimeError("newskg serve answered no query")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=40, help="timed runs of each query at least (sequential)")
    parser.add_argument("--seconds", type=float, default=3.0, help="and at least this long for each query")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=25, help="requests of each concurrent client")
    parser.add_argument("--out", type=Path, help="work directory (kept; default: a temporary one)")
    args = parser.parse_args()

    import pyoxigraph as ox

    from newskg.graph.query import saved_queries
    from newskg.graph.store.directory import GraphDir

    queries = {name: q.text for name, q in saved_queries().items()}
    work = args.out or Path(tempfile.mkdtemp(prefix="newskg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work directory {work}; {os.cpu_count()} CPUs; pyoxigraph {ox.__version__}", file=sys.stderr)
    seeds = seed_graph(work)
    latency_rows, load_rows = [], []
    for size in args.sizes:
        started = time.perf_counter()
        directory = replicated(seeds, size, work)
        quads = len(GraphDir(directory).open_store())
        print(f"{quads} quads ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        repeat = args.repeat if size < 500_000 else max(10, args.repeat // 4)
        process, url = start_server(directory)
        try:
            timings, rows = latencies(directory, url, queries, repeat, args.seconds)
            per_client = args.per_client if size < 500_000 else max(5, args.per_client // 5)
            def http_runner(url: str = url):
                client = Client(url)
                return lambda text: client.ask(text)[0] == 200

            def local_runner(directory: Path = directory):
                return in_process_runner(directory)

            http_rate, http_errors = throughput(http_runner, queries, args.clients, per_client)
            local_rate, _ = throughput(local_runner, queries, args.clients, per_client)
        finally:
            process.terminate()
            process.wait(30)
        for name in queries:
            cells = []
            for way in ("local", "socket", "http.client"):
                p50, p99 = statistics.median(timings[name][way]) * 1000, percentile(timings[name][way], 99) * 1000
                cells += [p50, p99] if way == "local" else [p50, p99, p50 / cells[0]]
            latency_rows.append((quads, name, rows[name], len(timings[name]["local"]), *cells))
        load_rows.append((quads, args.clients, args.clients * per_client, local_rate, http_rate, http_errors))
        print(f"{quads} quads done", file=sys.stderr)

    print("| quads | saved query | rows | runs | in-process p50 ms | p99 | HTTP p50 ms (socket client) | p99 | "
          "ratio (p50) | HTTP p50 ms (http.client) | p99 | ratio (p50) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for quads, name, count, runs, l50, l99, s50, s99, s_ratio, h50, h99, h_ratio in latency_rows:
        print(f"| {quads:,} | {name} | {count:,} | {runs} | {l50:.2f} | {l99:.2f} | {s50:.2f} | {s99:.2f} | "
              f"{s_ratio:.2f}x | {h50:.2f} | {h99:.2f} | {h_ratio:.2f}x |")
    print()
    print("| quads | concurrent clients | requests | in-process queries/s | HTTP requests/s | HTTP errors |")
    print("|---:|---:|---:|---:|---:|---:|")
    for quads, clients, requests, local_rate, http_rate, errors in load_rows:
        print(f"| {quads:,} | {clients} | {requests} | {local_rate:.1f} | {http_rate:.1f} | {errors} |")


if __name__ == "__main__":
    main()
