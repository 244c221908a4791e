"""`newskg serve`: a SPARQL 1.1 Protocol endpoint over a graph directory, and a query page.

    /sparql   the SPARQL 1.1 Protocol (GET query=, POST application/sparql-query, POST form
              query= or update=); with no query, the SPARQL 1.1 Service Description
    /         the query page (see page.py)
    /health   JSON for monitors: ok, documents, quads, generation
    /assets/  the query page's editor files

**Processes.** `newskg serve` listens on one socket and starts `--workers` worker processes
(spawned, so none holds the server's memory) that accept on it, a thread per connection
reading its requests with `http11.py` (on httptools); each query runs on the thread of the connection that
sent it: pyoxigraph releases the GIL while it evaluates, so the threads run queries in
parallel, and a request costs no hop between threads or processes (the benchmark,
`tests/benchmarks/bench_sparql.py`, measures what HTTP adds). Connections are capped, and a
socket timeout closes silent clients.

**Timeouts.** pyoxigraph cannot interrupt a running query, but the end of its process
stops it. A watchdog thread in each worker answers a query still running at `--timeout`
with 503 and closes its connection; the worker then stops accepting, the server starts its
replacement at once, and the worker exits as soon as the other requests it is answering
are done (each under the same timeout), closing its idle keep-alive connections. Queries
on the other workers are not disturbed.

**Hostile queries.** A worker process cannot open a TCP connection (sandbox.py), and
SERVICE, LOAD and nesting deeper than the engine's parser can take are refused before the
engine sees them (graph/query.py `refusal`). The server keeps the workers under
`--max-memory` (memory.py): a worker past it is ended and its requests answered 503. A
worker that dies gets exactly one replacement.

**Generations.** For each request a worker reads which generation `DIR/current` names
and reopens its store when that changed, so a query runs entirely on the old
graph or entirely on the new one while a build publishes. Builds keep the previous
generation, so a query already running on it finishes.

**Updates** are refused (403) unless the server was started with `--allow-update`; then a
request must carry `Authorization: Bearer TOKEN` with the token printed at start (or set
in NEWSKG_UPDATE_TOKEN). An update is applied to a copy of the published graph, which is
then published as a new generation like a build's: readers never see half an update. The
next `newskg build` of the directory rebuilds the graph from its documents and drops what
updates added, so updates suit corrections and annotations of a scratch graph; for a graph
that others edit, write it to a SPARQL server with `newskg build --store-url`.
"""
from __future__ import annotations

import gc
import hmac
import json
import multiprocessing
import os
import re
import secrets
import signal
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newskg.extract.errors import NewskgError, StoreError, one_line

from newskg.graph.serve.endpoint import GRAPH_FORMATS, Answer, NotAcceptable, answer_query, negotiate
from newskg.graph.serve.http11 import HEAD_DEADLINE, Connection, HttpError, Request, parse_form
from newskg.graph.serve.memory import InFlight, default_max_memory, overrun_answer, resident_memory, stop_worker
from newskg.graph.serve.page import ASSETS_DIR, content_security_policy, render_page
from newskg.graph.serve.sandbox import forbid_network
from newskg.graph.query import engine_text, refusal, saved_queries
from newskg.graph.store.directory import PREFIXES, GraphDir

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
MAX_BODY = 1 << 20  # bytes of a POSTed query or update
MAX_CONNECTIONS = 1024  # per worker: a slow client holds a thread, not much more
CLIENT_TIMEOUT = 15  # seconds a connection may stay silent between requests
TOKEN_ENV = "NEWSKG_UPDATE_TOKEN"
ENGINE_STACK = 256 << 20  # bytes of stack for each thread that runs queries
MEMORY_POLL = 0.05  # seconds between looks at the workers' memory
_SECURITY_HEADERS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"))
# read-only queries are open to every page, without credentials; the update token (an
# Authorization header) only from the origins named with --cors-origin
_CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Accept, Content-Type"),
    ("Access-Control-Expose-Headers", "X-Newskg-Truncated, X-Newskg-Max-Rows, X-Newskg-Generation"),
)
_METHODS = {"GET", "HEAD", "POST", "OPTIONS"}
_ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".map": "application/json", ".txt": "text/plain; charset=utf-8"}


@dataclass(frozen=True)
class ServeOptions:
    """How `newskg serve` runs; `max_rows` 0 means no cap."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    allow_update: bool = False
    token: str | None = None
    workers: int = 0  # 0: one per CPU, at least two
    log: bool = True
    max_memory: int = 0  # bytes a worker process may hold; 0: a quarter of the machine's, shared
    cors_origins: tuple[str, ...] = ()  # origins whose pages may send credentials
    head_deadline: float = HEAD_DEADLINE  # seconds a request's head may take to arrive


# -- answering inside a worker process, under a watchdog ---------------------------------------

class _Ticket:
    """A request being answered, as the watchdog sees it: whoever claims it first (its handler,
    or the watchdog when it overruns) writes the one answer it gets."""

    __slots__ = ("handler", "deadline", "_claimed", "_lock")

    def __init__(self, handler: Any, deadline: float) -> None:
        self.handler = handler
        self.deadline = deadline
        self._claimed = False
        self._lock = threading.Lock()

    def claim(self) -> bool:
        with self._lock:
            if self._claimed:
                return False
            self._claimed = True
            return True

    @property
    def claimed(self) -> bool:
        return self._claimed


class Watchdog:
    """The requests and connections of one worker process, and the end of the process.

    A request still running at the timeout is answered 503 at once; the process then stops
    accepting connections, tells the server to start its replacement, lets the other requests
    it is answering finish (each under the same timeout), closes its idle connections and
    exits, which is the only way to stop the overrunning query.
    """

    def __init__(self, timeout: float, on_retire: Callable[[], None]) -> None:
        self.timeout = timeout
        self.retiring = False
        self._on_retire = on_retire
        self._tickets: set[_Ticket] = set()
        self._connections: set[Any] = set()  # handlers with an open connection
        self._lock = threading.Lock()
        threading.Thread(target=self._watch, daemon=True, name="newskg-watchdog").start()

    # connections
    def opened(self, handler: Any) -> None:
        with self._lock:
            self._connections.add(handler)

    def closed(self, handler: Any) -> None:
        with self._lock:
            self._connections.discard(handler)

    # requests
    def begin(self, handler: Any) -> _Ticket:
        ticket = _Ticket(handler, time.monotonic() + self.timeout)
        with self._lock:
            self._tickets.add(ticket)
        return ticket

    def end(self, ticket: _Ticket) -> None:
        with self._lock:
            self._tickets.discard(ticket)

    def _watch(self) -> None:
        # Wakes at the earliest deadline it knows of, or one timeout from now: a request that
        # begins while it sleeps is due no earlier than that, so requests need not wake it.
        while True:
            now = time.monotonic()
            with self._lock:
                pending = [t for t in self._tickets if not t.claimed]
            overdue = [t for t in pending if t.deadline <= now]
            if not overdue:
                time.sleep(max(0.005, min((t.deadline for t in pending), default=now + self.timeout) - now))
                continue
            for ticket in overdue:
                if ticket.claim():
                    ticket.handler.answer_overrun(self.timeout)
            self.retire()

    def retire(self) -> None:
        with self._lock:
            if self.retiring:
                return
            self.retiring = True
        self._on_retire()

    def drain(self) -> None:
        """Wait until every request has been answered, closing connections that sit idle."""
        while True:
            with self._lock:
                busy = {t.handler for t in self._tickets}
                idle = self._connections - busy
                answered = all(t.claimed for t in self._tickets)
            for handler in idle:
                handler.hang_up()
            if answered:
                return
            time.sleep(0.05)


def _worker_main(listener: socket.socket, directory: str, options: ServeOptions, notices: Any,
                 server_pid: int, in_flight: InFlight) -> None:
    """One HTTP worker process: answer on the shared listening socket until retired; started
    with the spawn method, so it holds nothing of the server's memory."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    unguarded = forbid_network()  # before any thread starts, so that every thread inherits it
    if unguarded:
        sys.stderr.write(f"newskg serve: warning: the query engine is not kept off the network: {unguarded}\n")
    # queries run on their connection's thread: the engine's parser and evaluator recurse, and
    # a deep query (a long chain of + or UNION) needs more stack than the 8 MB default; the
    # memory is only reserved, pages are used as the stack grows
    threading.stack_size(ENGINE_STACK)
    app = SparqlApp(directory, options)
    handler = type("Handler", (_Handler,), {"app": app})
    httpd = _Server(listener, handler)

    def retire() -> None:
        try:
            notices.send("retiring")
        except (OSError, ValueError):
            pass
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    app.watchdog = Watchdog(options.timeout, retire)
    app.in_flight = in_flight
    # the server's pid comes from the server: one killed while this process was starting is
    # already gone, and os.getppid() here would name whoever adopted it
    threading.Thread(target=_exit_with_server, args=(server_pid,), daemon=True, name="newskg-orphan-check").start()
    try:
        httpd.serve_forever(poll_interval=0.2)
    finally:
        app.watchdog.drain()
        sys.stderr.flush()
        os._exit(0)  # also ends any query still running in this process


def _exit_with_server(server_pid: int) -> None:
    """End this worker once its server is gone: a server killed outright (SIGKILL, the OOM
    killer) cannot stop its workers, which would go on answering on the socket they share."""
    while os.getppid() == server_pid:
        time.sleep(1)
    os._exit(0)


class _StoreCache:
    """The store of the published generation, opened read-only once per generation."""

    def __init__(self, graph_dir: GraphDir) -> None:
        self._graph_dir = graph_dir
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._store: Any = None

    def get(self, generation: Path) -> Any:
        with self._lock:
            if generation != self._generation:
                # queries still running keep the old store alive through their own reference
                self._store = self._graph_dir.open_store(generation)
                self._generation = generation
            return self._store


def _graph_sizes(store: Any) -> Answer:
    result = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    sizes = {solution["g"].value: int(solution["n"].value) for solution in result}
    return Answer(200, "application/json", json.dumps(sizes).encode())


def apply_update(directory: str | Path, update: str) -> Answer:
    """Apply a SPARQL update to a copy of the published graph and publish the copy as a new
    generation of `directory`."""
    import pyoxigraph as ox

    refused = refusal(update)
    if refused:
        return Answer.error(400, refused)
    update = engine_text(update)
    try:
        ox.Store().update(update, prefixes=dict(PREFIXES))  # parse (and try) it on an empty store first
    except SyntaxError as err:
        return Answer.error(400, f"malformed SPARQL update: {err}")
    except (OSError, RuntimeError, ValueError) as err:
        return Answer.error(400, f"update failed: {err}")
    graph_dir = GraphDir(directory)
    try:
        with graph_dir.lock():
            scratch = ox.Store()
            source = graph_dir.open_store()
            scratch.extend(source)
            del source
            gc.collect()
            try:
                scratch.update(update, prefixes=dict(PREFIXES))
            except (OSError, RuntimeError, ValueError, SyntaxError) as err:
                return Answer.error(400, f"update failed: {err}")
            manifest = graph_dir.manifest()
            manifest.pop("quads", None)
            manifest["updates"] = int(manifest.get("updates", 0)) + 1
            manifest["updated"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
            generation = graph_dir.publish(((q.subject, q.predicate, q.object, q.graph_name) for q in scratch),
                                           manifest)
    except StoreError as err:
        return Answer.error(409, f"update not applied: {err}")
    quads = graph_dir.manifest().get("quads", 0)
    return Answer(200, "text/plain; charset=utf-8",
                  f"update applied: published {generation.name} ({quads} quads)\n".encode(),
                  {"X-Newskg-Generation": generation.name})


# -- the application ----------------------------------------------------------------------------

class SparqlApp:
    """What the HTTP handler asks: answers for each route, given the graph directory."""

    def __init__(self, directory: str | Path, options: ServeOptions) -> None:
        self.graph_dir = GraphDir(directory)
        self.options = options
        self.token = options.token
        self.watchdog: Watchdog | None = None  # set in a worker process
        self.in_flight: InFlight | None = None  # likewise
        self._stores = _StoreCache(self.graph_dir)
        self._manifests: dict[str, dict[str, Any]] = {}
        self._sizes: dict[str, dict[str, int]] = {}

    # -- state of the directory
    def generation(self) -> Path | None:
        return self.graph_dir.generation

    def manifest(self, generation: Path) -> dict[str, Any]:
        key = str(generation)
        if key not in self._manifests:
            try:
                self._manifests[key] = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return {}
        return self._manifests[key]

    def health(self) -> tuple[int, dict[str, Any]]:
        generation = self.generation()
        if generation is None:
            return 503, {"ok": False, "error": f"{self.graph_dir.path}: no published graph"}
        manifest = self.manifest(generation)
        return 200, {"ok": True, "documents": len(manifest.get("documents", [])), "quads": manifest.get("quads"),
                     "generation": generation.name, "built": manifest.get("built"),
                     "updates": manifest.get("updates", 0), "workers": self.options.workers}

    # -- SPARQL
    def query(self, sparql: str, *, accept: str | None, fmt: str | None, default_graphs: list[str],
              named_graphs: list[str]) -> Answer:
        return self._on_generation(lambda store: answer_query(
            store, sparql, accept=accept, fmt=fmt, max_rows=self.options.max_rows, default_graphs=default_graphs,
            named_graphs=named_graphs))

    def _on_generation(self, run: Callable[[Any], Answer]) -> Answer:
        """`run` on the store of the published generation; a build that publishes and prunes
        between reading `current` and opening the store means reading it again."""
        for _attempt in range(3):
            generation = self.generation()
            if generation is None:
                return Answer.error(503, f"{self.graph_dir.path}: no published graph; build one with newskg build")
            try:
                store = self._stores.get(generation)
            except StoreError:  # pruned by a build since `current` was read
                continue
            answer = run(store)
            answer.headers.setdefault("X-Newskg-Generation", generation.name)
            return answer
        return Answer.error(503, "the graph changed under the query three times in a row; try again")

    def update(self, update: str, authorization: str | None) -> Answer:
        if not self.options.allow_update:
            return Answer.error(403, "this endpoint is read-only: updates are refused. To allow them, start it with "
                                     "`newskg serve DIR --allow-update` and send the token it prints as "
                                     "`Authorization: Bearer TOKEN`")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not self.token or not hmac.compare_digest(given.strip(), self.token):
            answer = Answer.error(401, "updates need the token that `newskg serve` printed at start, sent as "
                                       "`Authorization: Bearer TOKEN`")
            answer.headers["WWW-Authenticate"] = 'Bearer realm="newskg"'
            return answer
        return apply_update(self.graph_dir.path, update)

    def service_description(self, endpoint_url: str, accept: str | None, fmt: str | None) -> Answer:
        from rdflib import BNode, Graph, Literal, Namespace, URIRef
        from rdflib.namespace import DCTERMS, RDF, XSD

        try:
            name = negotiate("graph", accept, fmt)
        except NotAcceptable as err:
            return Answer.error(406, str(err))
        generation = self.generation()
        sizes: dict[str, int] = {}
        if generation is not None:
            key = str(generation)
            if key not in self._sizes:
                answer = self._on_generation(_graph_sizes)
                if answer.status != 200:
                    return answer
                self._sizes[key] = json.loads(answer.body)
            sizes = self._sizes[key]
        sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
        formats = Namespace("http://www.w3.org/ns/formats/")
        void = Namespace("http://rdfs.org/ns/void#")
        graph = Graph()
        graph.bind("sd", sd)
        graph.bind("formats", formats)
        graph.bind("void", void)
        service, dataset, default = BNode("service"), BNode("dataset"), BNode("defaultGraph")
        graph.add((service, RDF.type, sd.Service))
        graph.add((service, sd.endpoint, URIRef(endpoint_url)))
        graph.add((service, sd.supportedLanguage, sd.SPARQL11Query))
        if self.options.allow_update:
            graph.add((service, sd.supportedLanguage, sd.SPARQL11Update))
        graph.add((service, sd.feature, sd.UnionDefaultGraph))
        graph.add((service, sd.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
        for term in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                     "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
            graph.add((service, sd.resultFormat, formats[term]))
        graph.add((service, sd.defaultDataset, dataset))
        graph.add((dataset, RDF.type, sd.Dataset))
        graph.add((dataset, sd.defaultGraph, default))
        graph.add((default, RDF.type, sd.Graph))
        graph.add((default, DCTERMS.description, Literal("the union of all named graphs", lang="en")))
        for index, (iri, count) in enumerate(sorted(sizes.items())):
            named, described = BNode(f"named{index}"), BNode(f"graph{index}")
            graph.add((dataset, sd.namedGraph, named))
            graph.add((named, RDF.type, sd.NamedGraph))
            graph.add((named, sd.name, URIRef(iri)))
            graph.add((named, sd.graph, described))
            graph.add((described, RDF.type, sd.Graph))
            graph.add((described, void.triples, Literal(count, datatype=XSD.integer)))
        rdflib_format = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[name]
        media_type = GRAPH_FORMATS[name][0]
        return Answer(200, f"{media_type}; charset=utf-8", graph.serialize(format=rdflib_format, encoding="utf-8"))

    # -- the page
    def page(self) -> Answer:
        _status, info = self.health()
        body = render_page(saved=saved_queries().values(), prefixes=PREFIXES, info=info)
        return Answer(200, "text/html; charset=utf-8", body.encode("utf-8"),
                      {"Content-Security-Policy": content_security_policy(body), "X-Frame-Options": "DENY"})

    def asset(self, name: str) -> Answer:
        path = ASSETS_DIR / name
        if not re.fullmatch(r"[\w.-]+", name) or name.startswith(".") or not path.is_file():
            return Answer.error(404, f"no asset {name}")
        return Answer(200, _ASSET_TYPES.get(path.suffix, "application/octet-stream"), path.read_bytes(),
                      {"Cache-Control": "public, max-age=86400"})


# -- HTTP -------------------------------------------------------------------------------------

class _Handler(socketserver.BaseRequestHandler):
    """One client connection of a worker process: its requests in turn, each answered once."""

    app: SparqlApp  # set on the subclass made for each server

    def setup(self) -> None:
        self.request.settimeout(CLIENT_TIMEOUT)  # a silent client is let go
        # headers and body leave in one send; no Nagle delay waits on the client's ACK
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connection = Connection(self.request, max_body=MAX_BODY, idle_timeout=CLIENT_TIMEOUT,
                                     head_deadline=self.app.options.head_deadline)
        self.incoming: Request | None = None
        self.close_connection = False
        self.doing = "query"
        self.app.watchdog.opened(self)

    def handle(self) -> None:
        while not self.close_connection:
            self.incoming = None  # an unreadable request is answered as none in particular
            try:
                incoming = self.connection.read_request()
            except HttpError as err:
                self.close_connection = True  # where the next request starts is unknown
                self._send(Answer.error(err.status, one_line(err.message)), time.perf_counter())
                return
            except (ValueError, UnicodeError) as err:  # whatever the reader did not foresee: still an answer
                self.close_connection = True
                self._send(Answer.error(400, one_line(f"malformed request: {err}")), time.perf_counter())
                return
            except OSError:  # a silent client timed out, or it reset the connection
                return
            if incoming is None:
                return
            self.incoming = incoming
            self.close_connection = not incoming.keep_alive
            self._handle(incoming)

    def finish(self) -> None:
        self.app.watchdog.closed(self)

    def _handle(self, incoming: Request) -> None:
        started = time.perf_counter()
        self.doing = "query"
        ticket = self.app.watchdog.begin(self)
        fd = self.request.fileno()
        self.app.in_flight.mark(fd, True)  # the server answers it if this process must be ended
        try:
            try:
                answer = self._route(incoming)
            except HttpError as err:
                answer = Answer.error(err.status, one_line(err.message))
            except NewskgError as err:
                answer = Answer.error(500, one_line(str(err)))
            except Exception as err:  # noqa: BLE001  (a request is answered, never dropped with a traceback)
                self.close_connection = True
                answer = Answer.error(500, one_line(f"internal error: {type(err).__name__}: {err}"))
            if ticket.claim():
                self._send(answer, started)
            else:
                self.close_connection = True  # the watchdog answered, and hung up
        finally:
            self.app.in_flight.mark(fd, False)
            self.app.watchdog.end(ticket)

    def answer_overrun(self, timeout: float) -> None:
        """Answer 503 and hang up, from the watchdog's thread while the handler's is still
        inside the engine."""
        self.close_connection = True
        self._send(Answer.error(503, f"the {self.doing} ran past the time limit of {timeout:g} s and was stopped; "
                                     "narrow it down (more specific patterns, LIMIT) or start the server with a "
                                     "longer --timeout"), time.perf_counter())
        self.hang_up()

    def hang_up(self) -> None:
        try:
            self.request.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _route(self, incoming: Request) -> Answer:
        method, path = incoming.method, incoming.path
        if method not in _METHODS:
            raise HttpError(501, f"{method} is not supported: send GET, POST, HEAD or OPTIONS")
        if method == "OPTIONS":
            return Answer(204, "text/plain", b"", {"Access-Control-Max-Age": "86400", "Allow": "GET, POST, OPTIONS"})
        if path in ("/", "/index.html"):
            return self._only(method, ("GET", "HEAD")) or self.app.page()
        if path == "/health":
            refused = self._only(method, ("GET", "HEAD"))
            if refused:
                return refused
            status, info = self.app.health()
            return Answer(status, "application/json", json.dumps(info).encode())
        if path.startswith("/assets/"):
            return self._only(method, ("GET", "HEAD")) or self.app.asset(path[len("/assets/"):])
        if path == "/sparql":
            return self._sparql(incoming)
        return Answer.error(404, f"nothing at {path}: the SPARQL endpoint is /sparql, the query page /")

    @staticmethod
    def _only(method: str, allowed: tuple[str, ...]) -> Answer | None:
        if method in allowed:
            return None
        answer = Answer.error(405, f"{method} is not allowed here")
        answer.headers["Allow"] = ", ".join(allowed)
        return answer

    def _sparql(self, incoming: Request) -> Answer:
        method, headers = incoming.method, incoming.headers
        params = parse_form(incoming.query_string)
        if method == "POST":
            media_type = headers.get("content-type", "").split(";")[0].strip().lower()
            body = self._body(incoming)
            if media_type == "application/x-www-form-urlencoded":
                for key, values in parse_form(body).items():
                    params.setdefault(key, []).extend(values)
            elif media_type == "application/sparql-query":
                params.setdefault("query", []).append(body)
            elif media_type == "application/sparql-update":
                params.setdefault("update", []).append(body)
            else:
                raise HttpError(415, f"POST a query as application/sparql-query, an update as "
                                     f"application/sparql-update, or either as application/x-www-form-urlencoded "
                                     f"(query= or update=), not {media_type or 'no Content-Type'}")
        queries, updates = params.get("query", []), params.get("update", [])
        if len(queries) + len(updates) > 1:
            raise HttpError(400, "give exactly one query= or update=")
        accept = headers.get("accept")
        fmt = (params.get("format") or params.get("output") or [None])[0]
        if updates:
            if method != "POST":
                raise HttpError(405, "send updates with POST")
            self.doing = "update"
            return self.app.update(updates[0], headers.get("authorization"))
        if not queries:
            return self.app.service_description(self._endpoint_url(incoming), accept, fmt)
        return self.app.query(queries[0], accept=accept, fmt=fmt,
                              default_graphs=params.get("default-graph-uri", []),
                              named_graphs=params.get("named-graph-uri", []))

    @staticmethod
    def _body(incoming: Request) -> str:
        if "content-length" not in incoming.headers:
            raise HttpError(411, "a POST needs a Content-Length")
        try:
            return incoming.body.decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the request body is not UTF-8") from None

    def _endpoint_url(self, incoming: Request) -> str:
        host = incoming.headers.get("host", "")
        if not re.fullmatch(r"[\w.\-\[\]:]+", host):
            address, port = self.server.server_address[:2]
            host = f"[{address}]:{port}" if ":" in str(address) else f"{address}:{port}"
        return f"http://{host}/sparql"

    def _cors(self, incoming: Request | None) -> list[tuple[str, str]]:
        origin = incoming.headers.get("origin") if incoming is not None else None
        if origin is None or origin not in self.app.options.cors_origins:
            return list(_CORS_HEADERS)
        return [("Access-Control-Allow-Origin", origin),
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type"),
                ("Access-Control-Allow-Credentials", "true"), _CORS_HEADERS[-1]]

    def _send(self, answer: Answer, started: float) -> None:
        incoming = self.incoming
        if self.app.watchdog.retiring:
            self.close_connection = True  # the client's next request goes to a process that stays
        headers = [*_SECURITY_HEADERS, *self._cors(incoming), ("Content-Type", answer.content_type)]
        vary = ["Origin"] if self.app.options.cors_origins else []  # the CORS headers depend on it
        if incoming is not None and incoming.path == "/sparql":
            vary.append("Accept")
        if vary:
            headers.append(("Vary", ", ".join(vary)))
        headers.extend(answer.headers.items())
        try:
            self.connection.write(answer.status, headers, answer.body,
                                  head=incoming is not None and incoming.method == "HEAD",
                                  close=self.close_connection,
                                  keep_alive_header=incoming is not None and incoming.version == "HTTP/1.0")
        except OSError:  # the client went away
            self.close_connection = True
        if self.app.options.log:
            took = (time.perf_counter() - started) * 1000
            line = one_line(f"{incoming.method} {incoming.target[:120]}") if incoming else "(unreadable request)"
            sys.stderr.write(f"{self.client_address[0]} {line} {answer.status} {len(answer.body)}B {took:.1f}ms\n")


class _Server(socketserver.ThreadingTCPServer):
    """The HTTP server of one worker process, on the listening socket all workers share."""

    daemon_threads = True

    def __init__(self, listener: socket.socket, handler: type[socketserver.BaseRequestHandler]) -> None:
        self.address_family = listener.family
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(listener.getsockname(), handler, bind_and_activate=False)
        self.socket.close()
        self.socket = listener

    def process_request(self, request: Any, client_address: Any) -> None:
        self._slots.acquire()  # at most MAX_CONNECTIONS threads; the next connection waits
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


# -- the server: a listening socket and the worker processes on it -------------------------------

@dataclass
class _Worker:
    process: Any
    notices: Any  # the end of a pipe on which the worker says it retires
    in_flight: InFlight
    started: float
    retiring: bool = False
    silent: bool = False  # its pipe closed; only its sentinel is waited on


class SparqlServer:
    """A running endpoint: `url`, `serve_forever()`, `shutdown()`, `close()`.

    This process only listens and keeps `workers` worker processes answering on its socket:
    it starts a replacement for one that retires (after a query overran) or dies."""

    def __init__(self, directory: str | Path, options: ServeOptions | None = None) -> None:
        options = options or ServeOptions()
        if options.allow_update and not options.token:
            options = replace(options, token=os.environ.get(TOKEN_ENV) or secrets.token_urlsafe(24))
        options = replace(options, workers=options.workers or max(2, os.cpu_count() or 1))
        if not options.max_memory:
            options = replace(options, max_memory=default_max_memory(options.workers))
        self.options = options
        graph_dir = GraphDir(directory)
        graph_dir.require()
        self.directory = graph_dir.path
        family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
        try:
            self.listener = socket.create_server((options.host, options.port), family=family, backlog=128)
        except OSError as err:
            raise StoreError(f"cannot listen on {options.host}:{options.port}: {err.strerror or err}") from err
        # every worker waits on the socket; those that lose the race to accept get EAGAIN, not a hang
        self.listener.setblocking(False)
        host, port = self.listener.getsockname()[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        self.url = f"http://{shown}:{port}/"
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._stopping = threading.Event()

    @property
    def token(self) -> str | None:
        return self.options.token

    @property
    def workers(self) -> int:
        return self.options.workers

    def _start_worker(self) -> None:
        notices, notifier = self._context.Pipe(duplex=False)
        in_flight = InFlight(self._context)
        process = self._context.Process(target=_worker_main, name="newskg-serve-worker", daemon=True,
                                        args=(self.listener, str(self.directory), self.options, notifier, os.getpid(),
                                              in_flight))
        process.start()
        notifier.close()
        self._workers.append(_Worker(process, notices, in_flight, time.monotonic()))

    def _keep_memory_bound(self) -> None:
        """End every worker past the memory bound, answering its requests 503 first."""
        for worker in self._workers:
            if worker.retiring or resident_memory(worker.process.pid) <= self.options.max_memory:
                continue
            worker.retiring = True
            self._start_worker()
            stopped = stop_worker(worker.process.pid, worker.in_flight,
                                  overrun_answer(self.options.max_memory, [*_SECURITY_HEADERS, *_CORS_HEADERS]))
            if self.options.log:
                sys.stderr.write(f"newskg serve: a worker went past {self.options.max_memory >> 20} MB and was "
                                 f"ended; {stopped} requests answered 503\n")

    def serve_forever(self) -> None:
        from multiprocessing.connection import wait

        try:
            for _ in range(self.workers):
                self._start_worker()
            while not self._stopping.is_set():
                waiting = {w.process.sentinel: w for w in self._workers}
                waiting.update({w.notices: w for w in self._workers if not w.retiring and not w.silent})
                self._keep_memory_bound()
                for ready in wait(list(waiting), timeout=MEMORY_POLL):
                    worker = waiting[ready]
                    if ready is worker.notices:
                        try:
                            worker.notices.recv()
                        except (EOFError, OSError):
                            # the pipe closed: the worker died, and its sentinel (now or on the
                            # next wait) starts the one replacement it gets
                            worker.silent = True
                            continue
                        worker.retiring = True
                        self._start_worker()
                    elif worker in self._workers:
                        self._workers.remove(worker)
                        worker.process.join()
                        worker.notices.close()
                        if not worker.retiring and not self._stopping.is_set():
                            if time.monotonic() - worker.started < 2:
                                time.sleep(1)  # a worker that dies at start would otherwise spin
                            self._start_worker()
        finally:
            self.close()

    def shutdown(self) -> None:
        """Make `serve_forever` return (from another thread or a signal handler)."""
        self._stopping.set()

    def close(self) -> None:
        self._stopping.set()
        for worker in self._workers:
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in self._workers:
            worker.process.join(5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(5)
        self._workers.clear()
        self.listener.close()


def serve(directory: str | Path, options: ServeOptions | None = None,
          on_ready: Callable[[SparqlServer], None] | None = None) -> None:
    """Serve `directory` until interrupted (Ctrl-C or SIGTERM)."""
    server = SparqlServer(directory, options)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: server.shutdown())
    if on_ready:
        on_ready(server)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
