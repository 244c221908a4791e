"""HTTP/1.1 on one client connection: read the next request, write its answer in one send.

Requests are parsed by httptools (llhttp, the parser of Node.js), so that what a request
may look like is decided by a parser the ecosystem tests and fuzzes, not by this module.
h11, the pure-Python alternative, was measured too: it took 170 µs to read a request and
write its answer where httptools takes 5 µs, and the query an endpoint answers most often
takes the engine 0.4 to 0.6 ms, so h11 alone would have put HTTP past 1.5x the in-process
time (tests/benchmarks/bench_sparql.py). Answers are still written here, in one send: an
answer's head is a few fixed lines.

What this adds to the parser is the endpoint's policy:

- keep-alive as HTTP/1.1 says (HTTP/1.0 only when asked), pipelined requests answered in
  order, `Expect: 100-continue` honoured;
- request heads past 64 KiB or 100 header lines answered 431, bodies past the cap 413
  before they are read, what the parser refuses 400 with its reason, other HTTP versions
  505, bodies sent chunked 411 (every SPARQL client sends a Content-Length), a missing or
  repeated Host 400, a head that takes longer than the head deadline to arrive 408; after
  each of these the connection is closed, as its next request cannot be found.
"""
from __future__ import annotations

import binascii
import re
import socket
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from urllib.parse import unquote_plus

import httptools

from newskg.extract.errors import one_line

MAX_HEAD = 64 * 1024  # bytes of a request line and its headers
MAX_HEADERS = 100
HEAD_DEADLINE = 10.0  # seconds a request's head may take to arrive, however it trickles in
SERVER = "newskg"
_RECEIVE = 65536
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_REASONS = {status.value: status.phrase for status in HTTPStatus}


class HttpError(Exception):
    """A request answered with `status` and `message` instead of what it asked."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(slots=True)
class Request:
    """One request: headers by lower-case name (repeated ones joined with ", ")."""

    method: str
    target: str
    version: str
    headers: dict[str, str]
    body: bytes
    keep_alive: bool

    @property
    def path(self) -> str:
        path = self.target.partition("?")[0].partition("#")[0]
        if path.startswith(("http://", "https://")):  # the absolute form, which proxies send
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        return path

    @property
    def query_string(self) -> str:
        return self.target.partition("?")[2].partition("#")[0]


class _Message:
    """A request the parser is in the middle of."""

    __slots__ = ("target", "headers", "lines", "hosts", "head_bytes", "head_done", "length", "body",
                 "expects_continue", "began")

    def __init__(self, began: float) -> None:
        self.target = b""
        self.headers: dict[str, str] = {}
        self.lines = 0  # header lines, repeated names included
        self.hosts = 0
        self.head_bytes = 0
        self.head_done = False
        self.length = 0  # of the body, from Content-Length
        self.body: list[bytes] = []
        self.expects_continue = False
        self.began = began


class Connection:
    """Requests read from, and answers written to, one connected socket.

    The parser is fed whatever arrives; the requests it completes wait in `_ready`, in
    order, and a request it refuses waits there behind them as an `HttpError`, so that the
    requests pipelined before a bad one are still answered first.
    """

    def __init__(self, sock: socket.socket, *, max_body: int, idle_timeout: float = 60.0,
                 head_deadline: float = HEAD_DEADLINE) -> None:
        self.sock = sock
        self.max_body = max_body
        self.idle_timeout = idle_timeout
        self.head_deadline = head_deadline
        self._parser = httptools.HttpRequestParser(self)
        self._ready: deque[Request | HttpError] = deque()
        self._message: _Message | None = None
        self._broken = False  # the parser refused something: nothing after it can be read
        self._fed_since_begin = 0

    def read_request(self) -> Request | None:
        """The next request, or None when the client closed the connection between requests.

        Raises `HttpError` for a request that cannot be read (the caller answers it and closes
        the connection) and `OSError` (a timeout among them) from the socket when the client
        is silent between requests.
        """
        waiting_since = time.monotonic()
        while not self._ready:
            if self._broken:
                return None
            message = self._message
            if message is not None and message.expects_continue:
                message.expects_continue = False  # once, and only when its turn has come
                self.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            self._receive(message, waiting_since)
        item = self._ready.popleft()
        if isinstance(item, HttpError):
            raise item
        return item

    def write(self, status: int, headers: Iterable[tuple[str, str]], body: bytes, *, head: bool = False,
              close: bool = False, keep_alive_header: bool = False) -> None:
        """Send the answer in one call: the status line, `headers`, the length and the body
        (not for a HEAD request, though its length is the body's)."""
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, '')}", f"Server: {SERVER}", f"Date: {http_date()}"]
        lines.extend(f"{name}: {value}" for name, value in headers)
        lines.append(f"Content-Length: {len(body)}")
        if close:
            lines.append("Connection: close")
        elif keep_alive_header:
            lines.append("Connection: keep-alive")  # an HTTP/1.0 client asked for it
        data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.sock.sendall(data if head else data + body)

    # -- reading -------------------------------------------------------------------------
    def _receive(self, message: _Message | None, waiting_since: float) -> None:
        """Wait for more of the connection's bytes and feed them to the parser."""
        in_head = message is not None and not message.head_done
        if in_head:
            # the deadline runs from the head's first byte, or from when it became this
            # request's turn if it arrived while the one before was being answered
            left = max(message.began, waiting_since) + self.head_deadline - time.monotonic()
            if left <= 0:
                raise self._refuse(self._head_too_slow())
            self.sock.settimeout(min(left, self.idle_timeout))
        else:
            self.sock.settimeout(self.idle_timeout)
        try:
            data = self.sock.recv(_RECEIVE)
        except TimeoutError:
            if in_head:
                raise self._refuse(self._head_too_slow()) from None
            if message is not None:
                raise self._refuse(HttpError(408, f"the request's body stopped arriving after "
                                                  f"{sum(map(len, message.body))} of its {message.length} bytes")) \
                    from None
            raise
        if not data:
            if message is None:
                self._broken = True
                return
            if message.head_done:
                raise self._refuse(HttpError(400, f"the connection was closed after {sum(map(len, message.body))} "
                                                  f"of the body's {message.length} bytes"))
            raise self._refuse(HttpError(400, "the connection was closed in the middle of a request"))
        self._feed(data)
        message = self._message
        if message is not None and not message.head_done and not self._broken:
            # what the parser holds of an unfinished header line is not yet counted in
            # `head_bytes`; bound it by what was fed, counted from the chunk the head began in
            self._fed_since_begin += len(data)
            if self._fed_since_begin > MAX_HEAD + _RECEIVE:
                raise self._refuse(HttpError(431, f"the request's head is over {MAX_HEAD} bytes"))

    def _feed(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade as upgrade:
            # a request that offered to switch protocols (Upgrade: h2c) was read whole and is
            # answered in HTTP/1.1, which declines the offer; a new parser reads what follows
            self._parser = httptools.HttpRequestParser(self)
            self._message = None
            rest = data[upgrade.args[0]:]
            if rest:
                self._feed(rest)
        except httptools.HttpParserCallbackError as err:
            refused = err.__context__
            if not isinstance(refused, HttpError):  # a bug here, not the client's: still an answer
                refused = HttpError(400, f"malformed request: {type(refused).__name__}: {refused}")
            self._ready.append(self._refuse(refused))
        except httptools.HttpParserError as err:
            if str(err) == "Invalid HTTP version":  # well formed, but one llhttp does not speak (HTTP/9.9)
                version = self._parser.get_http_version()
                self._ready.append(self._refuse(HttpError(505, f"HTTP/{version} is not supported: speak HTTP/1.1 "
                                                               "(or 1.0)")))
            else:
                self._ready.append(self._refuse(HttpError(400, f"malformed request: {err}")))

    def _head_too_slow(self) -> HttpError:
        return HttpError(408, f"the request's head took longer than {self.head_deadline:g} s to arrive")

    def _refuse(self, err: HttpError) -> HttpError:
        self._broken = True
        err.message = one_line(err.message)
        return err

    # -- the parser's callbacks ------------------------------------------------------------
    def on_message_begin(self) -> None:
        self._message = _Message(time.monotonic())
        self._fed_since_begin = 0

    def on_url(self, url: bytes) -> None:
        message = self._message
        message.target += url
        message.head_bytes += len(url)
        if message.head_bytes > MAX_HEAD:
            raise HttpError(431, f"the request's target is over {MAX_HEAD} bytes")

    def on_header(self, name: bytes, value: bytes) -> None:
        message = self._message
        message.head_bytes += len(name) + len(value) + 4
        if message.head_bytes > MAX_HEAD:
            raise HttpError(431, f"the request's head is over {MAX_HEAD} bytes")
        message.lines += 1
        if message.lines > MAX_HEADERS:
            raise HttpError(431, f"the request has over {MAX_HEADERS} header lines; at most {MAX_HEADERS} are "
                                 "accepted")
        key, text = name.decode("latin-1").lower(), value.decode("latin-1")
        if key == "host":
            message.hosts += 1
        headers = message.headers
        headers[key] = f"{headers[key]}, {text}" if key in headers else text

    def on_headers_complete(self) -> None:
        message, parser = self._message, self._parser
        message.head_done = True
        version = parser.get_http_version()
        if not version.startswith("1."):
            raise HttpError(505, f"HTTP/{version} is not supported: speak HTTP/1.1 (or 1.0)")
        headers = message.headers
        if message.hosts != 1 and (version == "1.1" or message.hosts > 1):
            raise HttpError(400, "a request needs exactly one Host header (HTTP/1.1 requires one)")
        if "transfer-encoding" in headers:
            raise HttpError(411, "send the body with a Content-Length, not a Transfer-Encoding "
                                 f"({headers['transfer-encoding'][:40]})")
        message.length = int(headers.get("content-length", "0"))  # the parser took only digits
        if parser.should_upgrade():
            if parser.get_method() == b"CONNECT":
                raise HttpError(501, "CONNECT is not supported: this is a SPARQL endpoint, not a proxy")
            if message.length:
                raise HttpError(400, "a request that offers to switch protocols (Upgrade) cannot carry a body here")
        if message.length > self.max_body:
            raise HttpError(413, f"the request body is {message.length} bytes; at most {self.max_body} are accepted")
        expect = headers.get("expect", "").lower()
        if expect and expect != "100-continue":
            raise HttpError(417, f"cannot meet Expect: {headers['expect'][:40]}")
        message.expects_continue = bool(expect) and version == "1.1" and message.length > 0

    def on_body(self, body: bytes) -> None:
        message = self._message
        message.body.append(body)
        message.expects_continue = False  # the client did not wait

    def on_message_complete(self) -> None:
        message, parser = self._message, self._parser
        self._message = None
        version = "HTTP/1.0" if parser.get_http_version() == "1.0" else "HTTP/1.1"
        self._ready.append(Request(parser.get_method().decode("ascii"), message.target.decode("latin-1"), version,
                                   message.headers, b"".join(message.body), parser.should_keep_alive()))


_date_cache: tuple[int, str] = (0, "")


def http_date() -> str:
    """The Date header's value; formatted once a second."""
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache = (now, formatdate(now, usegmt=True))
    return _date_cache[1]


# -- application/x-www-form-urlencoded ------------------------------------------------------

def parse_form(text: str) -> dict[str, list[str]]:
    """The fields of a form body or a URL's query string, as `urllib.parse.parse_qs` with
    `keep_blank_values` gives them.

    >>> parse_form("query=SELECT+%3Fs%0AWHERE&format=json&default-graph-uri=a&default-graph-uri=b&x")
    {'query': ['SELECT ?s\\nWHERE'], 'format': ['json'], 'default-graph-uri': ['a', 'b'], 'x': ['']}
    """
    fields: dict[str, list[str]] = {}
    for pair in text.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            fields.setdefault(unquote_form(name), []).append(unquote_form(value))
    return fields


def unquote_form(text: str) -> str:
    """`urllib.parse.unquote_plus`, in C for the usual case: a query of a kilobyte has a few
    hundred %XX escapes, and the standard library's loop over them took longer than a small
    query runs. Quoted-printable decoding is percent-decoding with "=" for "%", so it serves
    whenever no "=" or line break could be misread and every "%" starts an escape.

    >>> unquote_form("a+%C3%A9%3D%25") == unquote_plus("a+%C3%A9%3D%25") == "a é=%"
    True
    >>> unquote_form("100%+sure=yes") == unquote_plus("100%+sure=yes")
    True
    """
    if "%" not in text:
        return text.replace("+", " ")
    if not text.isascii() or "=" in text or "\r" in text or "\n" in text or _BAD_ESCAPE.search(text):
        return unquote_plus(text)
    return binascii.a2b_qp(text.replace("+", " ").replace("%", "=")).decode("utf-8", "replace")
