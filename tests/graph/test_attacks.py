"""The endpoint probed as an attacker would (issue 14): every probe against a real `newskg
serve` process on loopback, each finding with the answer it must now get."""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))  # the suite runs with --import-mode=importlib
from test_server import Running, _copy, _raw_exchange, kg, start_server  # noqa: E402, F401  (kg is a fixture)


# -- a loopback listener that must hear nothing ----------------------------------------------------

class Listener:
    """A TCP port on loopback that counts every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.heard: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            connection.settimeout(1)
            try:
                self.heard.append(connection.recv(4096) or b"(connected)")
            except OSError:
                self.heard.append(b"(connected)")
            connection.close()

    def close(self) -> None:
        self.socket.close()


@pytest.fixture(scope="module")
def listener():
    listening = Listener()
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def updatable(kg: Path, tmp_path_factory: pytest.TempPathFactory):
    running = start_server(_copy(kg, tmp_path_factory.mktemp("attacks") / "kg"), "--allow-update", "--workers", "2",
                           "--timeout", "5")
    yield running
    running.stop()


def post(server: Running, media_type: str, body: str, headers: dict[str, str] | None = None
         ) -> tuple[int, str]:
    host, port = server.url.split("//")[1].rstrip("/").rsplit(":", 1)
    client = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        client.request("POST", "/sparql", body.encode("utf-8"), {"Content-Type": media_type, **(headers or {})})
        answer = client.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        client.close()


# -- SERVICE and LOAD hidden every way SPARQL allows ------------------------------------------------

def _spelled(word: str) -> st.SearchStrategy[str]:
    """`word` with each letter in either case, and some letters as \\u or \\U escapes."""
    def letter(char: str) -> st.SearchStrategy[str]:
        return st.sampled_from([char.upper(), char.lower(), f"\\u{ord(char.upper()):04X}",
                                f"\\u{ord(char.lower()):04x}", f"\\U{ord(char.upper()):08X}"])
    return st.tuples(*[letter(c) for c in word]).map("".join)


_BREAK = st.sampled_from([" ", "\t", "\n", "\r", "\r\n", "#\n", "# hidden\r", "#x\r\n", " #\r ", "\n#}\r"])
_BEFORE = st.sampled_from([".", " .", ".#\r", " .\r\n", "", "#\r", " . { ?x ?y ?z }"])


@st.composite
def hidden_service(draw: st.DrawFn, port: int) -> str:
    keyword = draw(_spelled("SERVICE"))
    silent = draw(st.sampled_from(["", " SILENT", " sIlEnT", "#\rSILENT"]))
    use_prefix = draw(st.booleans())
    path = draw(st.sampled_from(["x", "\\u0078", "\\U00000078"]))
    target = "ex:x" if use_prefix else f"<http://127.0.0.1:{port}/{path}>"
    prologue = f"PREFIX ex: <http://127.0.0.1:{port}/>\n" if use_prefix else ""
    select = draw(_spelled("SELECT"))
    return (f"{prologue}{select} * WHERE {{ ?s ?p ?o{draw(_BEFORE)}{draw(_BREAK)}{keyword}{silent}"
            f"{draw(_BREAK)}{target} {{ ?x ?y ?z }} }}")


@st.composite
def hidden_load(draw: st.DrawFn, port: int) -> str:
    keyword = draw(_spelled("LOAD"))
    silent = draw(st.sampled_from(["", " SILENT", "\rsilent"]))
    into = draw(st.sampled_from(["", " INTO GRAPH <x:g>", "#\r INTO GRAPH <x:g>"]))
    return f"{draw(_BREAK)}{keyword}{silent}{draw(_BREAK)}<http://127.0.0.1:{port}/data.ttl>{into}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_service_is_refused_however_it_is_written(updatable: Running, listener: Listener, data: st.DataObject
                                                   ) -> None:
    query = data.draw(hidden_service(listener.port))
    status, text = post(updatable, "application/sparql-query", query)
    assert status == 400 and "SERVICE" in text, (query, status, text)
    assert listener.heard == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_load_is_refused_however_it_is_written(updatable: Running, listener: Listener, data: st.DataObject) -> None:
    update = data.draw(hidden_load(listener.port))
    status, text = post(updatable, "application/sparql-update", update,
                        {"Authorization": f"Bearer {updatable.token}"})
    assert status == 400 and "LOAD" in text, (update, status, text)
    assert listener.heard == []


def test_the_issues_own_repro_is_refused(updatable: Running, listener: Listener) -> None:
    query = f"SELECT * WHERE {{ #\rSERVICE <http://127.0.0.1:{listener.port}/x> {{ ?x ?y ?z }} }}"
    assert post(updatable, "application/sparql-query", query)[0] == 400
    assert post(updatable, "application/sparql-update", f"#\rLOAD <http://127.0.0.1:{listener.port}/x>",
                {"Authorization": f"Bearer {updatable.token}"})[0] == 400
    assert listener.heard == []


def test_words_like_service_in_a_literal_are_not_refused(updatable: Running) -> None:
    status, text = post(updatable, "application/sparql-query",
                        "SELECT * WHERE { ?s ?p ?o FILTER(?o = 'customer service and load') } LIMIT 1")
    assert status == 200, text


_ENGINE_ASKED_TO_FETCH = """
import sys
import pyoxigraph as ox
from newskg.graph.serve.sandbox import forbid_network
if sys.argv[2] == "sandboxed":
    assert forbid_network() is None
try:
    list(ox.Store().query("SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:%s/x> { ?s ?p ?o } }" % sys.argv[1]))
except Exception as err:
    print(type(err).__name__)
"""


def test_a_sandboxed_engine_cannot_reach_the_network_even_when_asked() -> None:
    """The second wall: in a worker the engine itself cannot connect, whatever a parser misses."""
    for mode, expected in (("open", 1), ("sandboxed", 0)):
        listening = Listener()
        try:
            subprocess.run([sys.executable, "-c", _ENGINE_ASKED_TO_FETCH, str(listening.port), mode], check=True,
                           timeout=60, capture_output=True)
            assert len(listening.heard) == expected, mode  # "open" proves the listener hears the engine
        finally:
            listening.close()


# -- parser bombs and dying workers ------------------------------------------------------------------

def _workers_of(server: Running) -> list[int]:
    """The pids of the server's worker processes (not multiprocessing's resource tracker)."""
    pid, workers = server.process.pid, []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                workers.append(int(child))
        except OSError:  # it ended meanwhile
            pass
    return workers


@pytest.mark.parametrize("bomb", [
    "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 100_000 + "1" + ")" * 100_000 + ") }",
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 500_000 + "true) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "CONCAT(" * 5000 + "'a'" + ")" * 5000 + ") }",
])
def test_a_parser_bomb_is_answered_400_quickly_and_no_worker_is_lost(updatable: Running, bomb: str) -> None:
    workers = _workers_of(updatable)
    started = time.monotonic()
    status, text = post(updatable, "application/sparql-query", bomb)
    assert status == 400 and "deep" in text, text
    assert time.monotonic() - started < 2
    assert _workers_of(updatable) == workers  # the same processes: none died
    assert post(updatable, "application/sparql-query", "ASK { ?s ?p ?o }")[0] == 200


def test_a_dead_worker_gets_exactly_one_replacement(kg: Path) -> None:
    running = start_server(kg, "--workers", "2", "--quiet")
    try:
        for _ in range(5):
            victim = _workers_of(running)[0]
            os.kill(victim, signal.SIGKILL)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                alive = _workers_of(running)
                if victim not in alive and len(alive) >= 2:
                    break
                time.sleep(0.1)
        time.sleep(3)  # long enough for a second, wrong replacement to appear
        assert len(_workers_of(running)) == 2
        assert post(running, "application/sparql-query", "ASK { ?s ?p ?o }")[0] == 200
    finally:
        running.stop()


# -- memory ------------------------------------------------------------------------------------------

def _resident(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError):
        return 0


def test_a_query_past_the_memory_bound_is_answered_503_and_the_server_goes_on(kg: Path) -> None:
    bound, margin = 500 << 20, 150 << 20
    running = start_server(kg, "--workers", "2", "--max-memory", str(bound >> 20), "--timeout", "60", "--quiet")
    peak, sampling = [0], [True]

    def sample() -> None:
        while sampling[0]:
            for worker in _workers_of(running):
                peak[0] = max(peak[0], _resident(worker))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        started = time.monotonic()
        status, text = post(running, "application/sparql-query",
                            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f")
        took = time.monotonic() - started
        assert status == 503 and "memory limit of 500 MB" in text, (status, text[:300])
        assert took < 30  # stopped by the bound, long before the 60 s timeout
        assert post(running, "application/sparql-query", "ASK { ?s ?p ?o }")[0] == 200
    finally:
        sampling[0] = False
        sampler.join()
        running.stop()
    assert 0 < peak[0] < bound + margin, peak[0] >> 20


# -- headers -----------------------------------------------------------------------------------------

def _answer_headers(server: Running, method: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    host, port = server.url.split("//")[1].rstrip("/").rsplit(":", 1)
    client = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        client.request(method, path, headers=headers)
        answer = client.getresponse()
        answer.read()
        return answer.status, {name.lower(): value for name, value in answer.getheaders()}
    finally:
        client.close()


def test_security_headers_on_every_answer_and_the_page_cannot_be_framed(updatable: Running) -> None:
    for path in ("/", "/health", "/sparql?query=ASK%7B%7D", "/nowhere", "/sparql?query=SELEC"):
        _status, headers = _answer_headers(updatable, "GET", path, {})
        assert headers["x-content-type-options"] == "nosniff", path
    _status, page = _answer_headers(updatable, "GET", "/", {})
    policy = page["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy and "'sha256-" in policy
    assert page["x-frame-options"] == "DENY"


def test_authorization_is_allowed_only_from_the_origins_named(kg: Path) -> None:
    running = start_server(kg, "--workers", "1", "--allow-update", "--cors-origin", "https://editor.example",
                           "--quiet")
    try:
        preflight = {"Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "content-type, authorization"}
        _, stranger = _answer_headers(running, "OPTIONS", "/sparql", {"Origin": "https://evil.example", **preflight})
        assert "authorization" not in stranger["access-control-allow-headers"].lower()
        assert stranger["access-control-allow-origin"] == "*" and "access-control-allow-credentials" not in stranger
        _, named = _answer_headers(running, "OPTIONS", "/sparql", {"Origin": "https://editor.example", **preflight})
        assert "authorization" in named["access-control-allow-headers"].lower()
        assert named["access-control-allow-origin"] == "https://editor.example" and "Origin" in named["vary"]
    finally:
        running.stop()


# -- malformed requests: an answer with a one-line reason, never silence -----------------------------

_ASK = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: t\r\n\r\n"


@pytest.mark.parametrize("request_bytes, reason", [
    ("POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/sparql-query\r\nContent-Length: ²\r\n\r\n"
     .encode("utf-8"), "Content-Length"),
    # the reasons of these are the HTTP parser's (httptools, llhttp)
    (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: t\r\nX-Note: a\rb\r\n\r\n", "LF after header value"),
    (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: t\r\nX-Note: a\x00b\r\n\r\n", "header value char"),
    (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n\r\n", "Host"),
    (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "Host"),
    (b"GET /sparql?query=ASK%7B%7D\x1b[31m HTTP/1.1\r\nHost: t\r\n\r\n", "char in url"),
])
def test_an_unreadable_request_is_answered_400_with_one_line(updatable: Running, request_bytes: bytes,
                                                             reason: str) -> None:
    [(status, headers, body)] = _raw_exchange(updatable, request_bytes, 1)
    assert status == 400 and reason in body.decode("utf-8"), body
    assert body.decode("utf-8").count("\n") == 1 and headers["connection"] == "close"


@pytest.mark.parametrize("target", [
    "/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri",
    "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%20" + "9" * 5000,
])
def test_a_bad_parameter_is_answered_400_and_the_pipelined_request_behind_it_too(updatable: Running,
                                                                                 target: str) -> None:
    first = f"GET {target} HTTP/1.1\r\nHost: t\r\n\r\n".encode()
    (status, _, body), (after, _, _) = _raw_exchange(updatable, first + _ASK, 2)
    assert status in (200, 400) and b"Traceback" not in body
    assert after == 200
    if "default-graph-uri" in target:
        assert status == 400 and b"IRI" in body


def test_the_log_escapes_control_characters(updatable: Running) -> None:
    _raw_exchange(updatable, b"GET /sparql?query=ASK%7B%7D&x=\x1b[2J HTTP/1.1\r\nHost: t\r\n\r\n", 1)
    _raw_exchange(updatable, b"GET /nowhere%0Aforged HTTP/1.1\r\nHost: t\r\n\r\n", 1)
    time.sleep(0.5)
    assert not any("\x1b" in line for line in updatable.stderr)
    assert not any(line.startswith("forged") for line in updatable.stderr)


def test_a_slowloris_of_1000_connections_leaves_a_query_answered_within_a_second(kg: Path) -> None:
    running = start_server(kg, "--workers", "2", "--quiet")
    host, port = running.url.split("//")[1].rstrip("/").rsplit(":", 1)
    slow: list[socket.socket] = []
    try:
        for _ in range(1000):
            connection = socket.create_connection((host, int(port)), timeout=10)
            connection.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: t\r\n")  # never ends its head
            slow.append(connection)
        time.sleep(1)
        started = time.monotonic()
        [(status, _, _)] = _raw_exchange(running, _ASK, 1)
        assert status == 200 and time.monotonic() - started < 1
    finally:
        for connection in slow:
            connection.close()
        running.stop()


def _open_files(wanted: int) -> None:
    """Raise this process's limit of open files (and so its children's) to `wanted`, or skip."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            pytest.skip(f"needs {wanted} open files; the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def test_a_head_that_does_not_arrive_within_the_deadline_is_answered_408(kg: Path) -> None:
    running = start_server(kg, "--workers", "2", "--quiet", "--head-deadline", "0.5")
    host, port = running.url.split("//")[1].rstrip("/").rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            started = time.monotonic()
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: t\r\n")
            answer = b""
            while b"\r\n\r\n" not in answer:  # a header line every 0.1 s: never silent, never done
                sock.settimeout(0.1)
                try:
                    answer += sock.recv(4096)
                except TimeoutError:
                    sock.sendall(b"X-Slow: y\r\n")
            took = time.monotonic() - started
            sock.settimeout(5)
            while not answer.endswith(b"\n"):
                answer += sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408 ") and b"Connection: close" in answer
        assert b"0.5 s" in answer and 0.4 < took < 3
    finally:
        running.stop()


def test_2000_idle_connections_do_not_block_another_client(kg: Path) -> None:
    _open_files(2500)
    running = start_server(kg, "--workers", "2", "--quiet")
    host, port = running.url.split("//")[1].rstrip("/").rsplit(":", 1)
    idle: list[socket.socket] = []
    try:
        for _ in range(2000):  # connected, and silent
            idle.append(socket.create_connection((host, int(port)), timeout=10))
        time.sleep(1)
        started = time.monotonic()
        [(status, _, _)] = _raw_exchange(running, _ASK, 1)
        assert status == 200 and time.monotonic() - started < 1
    finally:
        for connection in idle:
            connection.close()
        running.stop()
