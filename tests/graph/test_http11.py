"""The endpoint's HTTP/1.1 reader and writer (graph/serve/http11.py), on a connected socket pair:
what a client sends, byte for byte, and what the server's side reads and writes."""
from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, quote, unquote_plus

import pytest

from newskg.graph.serve.http11 import MAX_HEAD, MAX_HEADERS, Connection, HttpError, parse_form, unquote_form

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, Connection]]:
    client, server = socket.socketpair()
    client.settimeout(5)
    server.settimeout(5)
    yield client, Connection(server, max_body=1000)
    client.close()
    server.close()


def post(body: bytes, *headers: str, version: str = "HTTP/1.1") -> bytes:
    lines = [f"POST /sparql?format=json HTTP/{version[-3:]}", "Host: x", f"Content-Type: {FORM}",
             f"Content-Length: {len(body)}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def read_answer(client: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += client.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += client.recv(65536)
    return head + b"\r\n\r\n" + body


def test_pipelined_requests_are_read_in_order_with_their_bodies(pair) -> None:
    client, connection = pair
    client.sendall(post(b"query=ASK%7B%7D") + b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n" + post(b"query=x"))
    first, second, third = (connection.read_request() for _ in range(3))
    assert (first.method, first.path, first.query_string, first.body) == ("POST", "/sparql", "format=json",
                                                                        b"query=ASK%7B%7D")
    assert first.headers["content-type"] == FORM and first.keep_alive
    assert (second.method, second.target, second.body) == ("GET", "/health", b"")
    assert third.body == b"query=x"
    client.shutdown(socket.SHUT_WR)
    assert connection.read_request() is None  # the client closed between requests


@pytest.mark.parametrize(("raw", "kept"), [
    (post(b""), True),
    (post(b"", "Connection: close"), False),
    (post(b"", version="HTTP/1.0"), False),
    (post(b"", "Connection: Keep-Alive", version="HTTP/1.0"), True),
])
def test_keep_alive_follows_the_version_and_the_connection_header(pair, raw: bytes, kept: bool) -> None:
    client, connection = pair
    client.sendall(raw)
    assert connection.read_request().keep_alive is kept


def test_a_client_that_expects_100_continue_is_told_to_go_on_before_it_sends_the_body(pair) -> None:
    client, connection = pair
    body = b"query=" + b"A" * 500
    client.sendall(post(body, "Expect: 100-continue")[:-len(body)])
    reader = threading.Thread(target=lambda: setattr(reader, "request", connection.read_request()))
    reader.start()
    assert client.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
    client.sendall(body)
    reader.join(5)
    assert reader.request.body == body


@pytest.mark.parametrize(("raw", "status", "words"), [
    # the reasons of 400s are the parser's (httptools, llhttp)
    (b"GARBAGE\r\n\r\n", 400, "method"),
    (b"get /sparql HTTP/1.1\r\n\r\n", 400, "method"),
    (b"GET /sparql HTTP/2.0\r\nHost: x\r\n\r\n", 505, "HTTP/2.0"),
    (b"GET /sparql HTTP/one\r\n\r\n", 400, "version"),
    (b"GET /sparql HTTP/1.1\r\nno colon here\r\n\r\n", 400, "header"),
    (b"GET /sparql HTTP/1.1\r\nAccept: a\r\n folded: b\r\n\r\n", 400, "header"),
    (b"GET /sparql HTTP/1.1\r\nHost : x\r\n\r\n", 400, "header"),
    (b"GET / HTTP/1.1\r\nHost: x\r\nAccept: a\rb\r\n\r\n", 400, "LF"),  # a bare CR in a value
    (b"GET / HTTP/1.1\r\nHost: x\r\nAccept: a\x00b\r\n\r\n", 400, "header value"),
    (b"GET / HTTP/1.1\r\nHost: x\r\nAcc\x00ept: ab\r\n\r\n", 400, "header"),
    (b"GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n", 400, "url"),
    (b"GET / HTTP/1.1\r\n\r\n", 400, "Host"),
    (b"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400, "Host"),
    (b"GET / HTTP/1.0\r\nHost: x\r\nHost: x\r\n\r\n", 400, "Host"),
    (b"CONNECT example.org:80 HTTP/1.1\r\nHost: example.org\r\n\r\n", 501, "CONNECT"),
    (b"POST / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 3\r\n\r\nabc", 400,
     "Upgrade"),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nquery\r\n0\r\n\r\n", 411,
     "Content-Length"),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
     "Content-Length"),
    (b"POST /sparql HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\nquery", 400, "Content-Length"),
    (b"POST /sparql HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nquery", 400, "Content-Length"),
    (b"POST /sparql HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400, "Content-Length"),
    ("POST /sparql HTTP/1.1\r\nContent-Length: \u00b2\r\n\r\n".encode(), 400, "Content-Length"),  # a non-ASCII digit
    (b"POST /sparql HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400, "Content-Length"),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", 413, "5000 bytes"),
    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nExpect: something\r\nContent-Length: 1\r\n\r\nx", 417, "Expect"),
    (b"GET /sparql HTTP/1.1\r\n" + b"X-A: b\r\n" * (MAX_HEADERS + 1) + b"\r\n", 431, "header lines"),
    (b"GET /sparql HTTP/1.1\r\nX-A: " + b"b" * MAX_HEAD + b"\r\n\r\n", 431, "bytes"),
])
def test_a_request_that_cannot_be_read_is_refused_with_a_status_that_says_why(pair, raw: bytes, status: int,
                                                                               words: str) -> None:
    client, connection = pair
    threading.Thread(target=client.sendall, args=(raw,), daemon=True).start()
    with pytest.raises(HttpError) as refused:
        connection.read_request()
    assert refused.value.status == status and words in refused.value.message


def test_a_request_cut_off_in_its_head_or_body_is_refused(pair) -> None:
    client, connection = pair
    client.sendall(post(b"query=ASK%7B%7D")[:-5])
    client.shutdown(socket.SHUT_WR)
    with pytest.raises(HttpError, match="closed after 10 of the body's 15 bytes"):
        connection.read_request()


def test_empty_lines_before_a_request_are_tolerated_and_bare_line_feeds_refused(pair) -> None:
    client, connection = pair
    client.sendall(b"\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n"
                   b"GET /health HTTP/1.1\nHost: x\n\n")
    request = connection.read_request()
    assert (request.path, request.headers) == ("/health", {"host": "x", "accept": "text/csv"})
    with pytest.raises(HttpError, match="CRLF"):
        connection.read_request()


def test_requests_pipelined_before_a_bad_one_are_read_first_and_nothing_after_it(pair) -> None:
    client, connection = pair
    client.sendall(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nX: \x00\r\n\r\n"
                   b"GET /c HTTP/1.1\r\nHost: x\r\n\r\n")
    assert connection.read_request().path == "/a"
    with pytest.raises(HttpError) as refused:
        connection.read_request()
    assert refused.value.status == 400
    assert connection.read_request() is None


def test_an_offer_to_upgrade_is_declined_by_answering_in_http_1_1(pair) -> None:
    client, connection = pair
    client.sendall(b"GET /a HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                   b"HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")
    assert [connection.read_request().path for _ in range(2)] == ["/a", "/b"]


def test_a_head_that_trickles_in_past_the_deadline_is_answered_408() -> None:
    client, server = socket.socketpair()
    connection = Connection(server, max_body=1000, head_deadline=0.3)
    client.sendall(b"GET /sparql HTTP/1.1\r\n")
    stop = threading.Event()

    def trickle() -> None:
        while not stop.wait(0.05):
            client.sendall(b"X: y\r\n")  # never silent long enough for an idle timeout

    threading.Thread(target=trickle, daemon=True).start()
    started = time.monotonic()
    with pytest.raises(HttpError) as refused:
        connection.read_request()
    stop.set()
    assert refused.value.status == 408 and "0.3 s" in refused.value.message
    assert time.monotonic() - started < 2
    client.close()
    server.close()


def test_repeated_headers_are_joined(pair) -> None:
    client, connection = pair
    client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\naccept: application/json\r\n\r\n")
    assert connection.read_request().headers["accept"] == "text/csv, application/json"


def test_an_answer_is_written_whole_with_its_length_and_a_head_answer_without_the_body(pair) -> None:
    client, connection = pair
    connection.write(200, [("Content-Type", "text/plain")], b"hello")
    answer = read_answer(client)
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK" and body == b"hello"
    assert {"Content-Type: text/plain", "Content-Length: 5", "Server: newskg"} <= set(lines)
    assert any(line.startswith("Date: ") and line.endswith(" GMT") for line in lines)
    connection.write(404, [], b"not here", head=True, close=True)
    client.shutdown(socket.SHUT_WR)
    connection.sock.shutdown(socket.SHUT_WR)
    rest = b"".join(iter(lambda: client.recv(65536), b""))
    assert rest.startswith(b"HTTP/1.1 404 Not Found\r\n") and rest.endswith(b"\r\n\r\n")
    assert b"Content-Length: 8\r\n" in rest and b"Connection: close\r\n" in rest and b"not here" not in rest


def test_forms_are_read_as_the_standard_library_reads_them() -> None:
    query = 'SELECT ?s WHERE { ?s <http://x.org/p> "café = 100% + 1 & more" } # ok'
    text = f"query={quote(query, safe='')}&format=json&empty=&bare&default-graph-uri=a&default-graph-uri=b"
    assert parse_form(text) == parse_qs(text, keep_blank_values=True)
    assert parse_form(text)["query"] == [query]
    symbols = "%+=&aF09zé\r\n\t _~"
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(symbols) for _ in range(rng.randint(0, 16)))
        assert unquote_form(text) == unquote_plus(text), text
        assert parse_form(text) == parse_qs(text, keep_blank_values=True), text
    for _ in range(5_000):
        raw = bytes(rng.randrange(256) for _ in range(rng.randint(0, 12)))
        encoded = "".join(rng.choice((f"%{byte:02x}", f"%{byte:02X}")) for byte in raw)
        assert unquote_form(encoded) == unquote_plus(encoded), encoded


def test_the_path_of_an_absolute_target_is_its_path(pair) -> None:
    client, connection = pair
    client.sendall(b"GET http://example.org:7878/sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: example.org\r\n\r\n"
                   b"GET http://example.org HTTP/1.1\r\nHost: example.org\r\n\r\n")
    first, second = connection.read_request(), connection.read_request()
    assert (first.path, first.query_string) == ("/sparql", "query=ASK%7B%7D")
    assert second.path == "/"
