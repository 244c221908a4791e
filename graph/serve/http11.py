"""HTTP/1.1 on one client connection: read the next request, write its answer in one send.

The endpoint's worker threads (server.py) answer through this rather than the standard
library's `http.server`, which parses every request's headers with the e-mail parser and
sends the status line and each header through its own buffered call: for a query the engine
answers in a third of a millisecond, that was more time than the query
(tests/benchmarks/bench_sparql.py measures it). This reads what an endpoint needs and is
strict where a server must be:

- keep-alive as HTTP/1.1 says (HTTP/1.0 only when asked), pipelined requests answered in
  order, `Expect: 100-continue` honoured;
- request heads past 64 KiB or 100 header lines answered 431, bodies past the cap 413
  before they are read, a malformed request line or header 400, other HTTP versions 505,
  bodies sent chunked 411 (every SPARQL client sends a Content-Length); after each of
  these the connection is closed, as its next request cannot be found.
"""
from __future__ import annotations

import binascii
import re
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from urllib.parse import unquote_plus

from newskg.extract.errors import one_line

MAX_HEAD = 64 * 1024  # bytes of a request line and its headers
MAX_HEADERS = 100
HEAD_DEADLINE = 10.0  # seconds a request's head may take to arrive, however it trickles in
SERVER = "newskg"
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_METHOD = re.compile(r"[A-Z]+")
_VERSION = re.compile(r"HTTP/(\d)\.(\d)")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # what no request line or header may hold (a tab may)
_LENGTH = re.compile(r"[0-9]{1,18}")
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


class Connection:
    """Requests read from, and answers written to, one connected socket."""

    def __init__(self, sock: socket.socket, *, max_body: int, idle_timeout: float = 60.0) -> None:
        self.sock = sock
        self.max_body = max_body
        self.idle_timeout = idle_timeout
        self._buffer = b""

    def read_request(self) -> Request | None:
        """The next request, or None when the client closed the connection between requests.

        Raises `HttpError` for a request that cannot be read (the caller answers it and closes
        the connection) and `OSError` (a timeout among them) from the socket.
        """
        head = self._read_head()
        if head is None:
            return None
        lines = [line.rstrip("\r") for line in head.decode("latin-1").split("\n")]
        for line in lines:
            bad = _CONTROL.search(line)
            if bad:
                raise HttpError(400, f"the request's head holds a control character ({bad.group()!r}) in "
                                     f"{one_line(line[:80])!r}")
        method, target, version = _request_line(lines[0])
        headers = _headers(lines[1:])
        connection = {token.strip().lower() for token in headers.get("connection", "").split(",")}
        keep_alive = "keep-alive" in connection if version == "HTTP/1.0" else "close" not in connection
        body = self._read_body(headers, version)
        host = headers.get("host")  # repeated headers are joined with ", ", which no host name holds
        if (host is None and version == "HTTP/1.1") or (host is not None and "," in host):
            raise HttpError(400, "a request needs exactly one Host header (HTTP/1.1 requires one)")
        return Request(method, target, version, headers, body, keep_alive)

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
    def _receive(self) -> bytes:
        data = self.sock.recv(65536)
        self._buffer += data
        return data

    def _read_head(self) -> bytes | None:
        scanned = 0
        deadline = None
        while True:
            self._buffer = self._buffer.lstrip(b"\r\n")  # empty lines before a request are allowed
            found = _HEAD_END.search(self._buffer, max(0, scanned - 3))
            if found:
                head, self._buffer = self._buffer[:found.start()], self._buffer[found.end():]
                if len(head) > MAX_HEAD:
                    raise HttpError(431, f"the request's head is {len(head)} bytes; at most {MAX_HEAD} are accepted")
                return head
            if len(self._buffer) > MAX_HEAD:
                raise HttpError(431, f"the request's head is over {MAX_HEAD} bytes")
            scanned = len(self._buffer)
            if self._buffer:  # a request has begun: its head has HEAD_DEADLINE to arrive whole
                deadline = deadline or time.monotonic() + HEAD_DEADLINE
                left = deadline - time.monotonic()
                if left <= 0:
                    raise HttpError(408, f"the request's head took longer than {HEAD_DEADLINE:g} s to arrive")
                self.sock.settimeout(min(left, self.idle_timeout))
            else:
                self.sock.settimeout(self.idle_timeout)
            try:
                received = self._receive()
            except TimeoutError:
                if self._buffer:
                    raise HttpError(408, f"the request's head took longer than {HEAD_DEADLINE:g} s to arrive") \
                        from None
                raise
            if not received:
                if self._buffer:
                    raise HttpError(400, "the connection was closed in the middle of a request")
                return None

    def _read_body(self, headers: dict[str, str], version: str) -> bytes:
        if "transfer-encoding" in headers:
            raise HttpError(411, "send the body with a Content-Length, not a Transfer-Encoding "
                                 f"({headers['transfer-encoding']})")
        given = headers.get("content-length")
        if given is None:
            return b""
        lengths = {value.strip() for value in given.split(",")}
        if len(lengths) != 1 or not _LENGTH.fullmatch(next(iter(lengths))):
            raise HttpError(400, f"bad Content-Length: {one_line(given[:40])!r}")
        length = int(lengths.pop())
        if length > self.max_body:
            raise HttpError(413, f"the request body is {length} bytes; at most {self.max_body} are accepted")
        expect = headers.get("expect", "").lower()
        if expect and expect != "100-continue":
            raise HttpError(417, f"cannot meet Expect: {headers['expect']}")
        if expect and version == "HTTP/1.1" and len(self._buffer) < length:
            self.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        while len(self._buffer) < length:
            if not self._receive():
                raise HttpError(400, f"the connection was closed after {len(self._buffer)} of the body's "
                                     f"{length} bytes")
        body, self._buffer = self._buffer[:length], self._buffer[length:]
        return body


def _request_line(line: str) -> tuple[str, str, str]:
    parts = line.split(" ")
    if len(parts) != 3 or not _METHOD.fullmatch(parts[0]) or not parts[1]:
        raise HttpError(400, f"malformed request line: {line[:200]!r}")
    method, target, version = parts
    matched = _VERSION.fullmatch(version)
    if not matched:
        raise HttpError(400, f"malformed HTTP version: {version[:40]!r}")
    if matched.group(1) != "1":
        raise HttpError(505, f"{version} is not supported: speak HTTP/1.1 (or 1.0)")
    return method, target, "HTTP/1.0" if matched.group(2) == "0" else "HTTP/1.1"


def _headers(lines: list[str]) -> dict[str, str]:
    if len(lines) > MAX_HEADERS:
        raise HttpError(431, f"the request has {len(lines)} header lines; at most {MAX_HEADERS} are accepted")
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip() or " " in name:
            raise HttpError(400, f"malformed header line: {line[:200]!r}")
        name, value = name.lower(), value.strip(" \t")
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


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
