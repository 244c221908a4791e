"""The memory bound of the worker processes, kept by the server process.

A worker cannot watch its own memory: while Oxigraph sorts or joins it may hold the GIL for
many seconds, and no Python thread of that process runs. So the server, whose threads the
worker's engine cannot block, reads each worker's resident memory; a worker past the bound
is ended (SIGKILL: only the end of its process stops the engine and frees what it took),
and the requests it was answering get a 503 first. The worker marks the sockets of the
requests it is answering in a shared table (`InFlight`); the server takes copies of those
sockets from the worker with `pidfd_getfd` (Linux 5.6 or later) and writes the answer on
them. Where that is not possible the worker is ended all the same and its clients see the
connection close.
"""
from __future__ import annotations

import ctypes
import os
import signal
import socket
from typing import Any

from newskg.extract.errors import one_line

_SYS_PIDFD_GETFD = 438
MAX_FD = 1 << 16


def default_max_memory(workers: int) -> int:
    """Bytes each worker may hold: a quarter of the machine's memory, shared among them, so
    that a few runaway queries at once leave the machine usable."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not a POSIX system
        total = 8 << 30
    return max(256 << 20, total // 4 // max(1, workers))


def resident_memory(pid: int) -> int:
    """Bytes process `pid` holds in memory (its resident set); 0 when that cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class InFlight:
    """Which file descriptors of a worker carry a request being answered: one shared byte
    per descriptor, set by the worker, read by the server."""

    def __init__(self, context: Any) -> None:
        self.flags = context.RawArray(ctypes.c_uint8, MAX_FD)

    def mark(self, fd: int, busy: bool) -> None:
        if 0 <= fd < MAX_FD:
            self.flags[fd] = busy

    def busy(self) -> list[int]:
        return [fd for fd, flag in enumerate(bytes(self.flags)) if flag]


def stop_worker(pid: int, in_flight: InFlight, answer: bytes) -> int:
    """Write `answer` (a whole HTTP response) on every request worker `pid` is answering,
    close those connections and kill the worker; the number of requests answered."""
    answered = 0
    try:
        os.kill(pid, signal.SIGSTOP)  # no more writes of its own on those sockets
    except OSError:
        return 0
    try:
        pidfd = os.pidfd_open(pid)
    except (OSError, AttributeError):
        pidfd = -1
    if pidfd >= 0:
        libc = ctypes.CDLL(None, use_errno=True)
        try:
            for fd in in_flight.busy():
                copy = libc.syscall(_SYS_PIDFD_GETFD, pidfd, fd, 0)
                if copy < 0:
                    continue
                with socket.socket(fileno=copy) as client:
                    try:
                        client.settimeout(1)
                        client.sendall(answer)
                        client.shutdown(socket.SHUT_RDWR)
                        answered += 1
                    except OSError:
                        pass
        finally:
            os.close(pidfd)
    os.kill(pid, signal.SIGKILL)
    return answered


def overrun_answer(limit: int, extra_headers: list[tuple[str, str]]) -> bytes:
    """The 503 written on the requests of a worker ended for its memory."""
    body = (f"the query was stopped: the worker answering it went past the memory limit of {limit >> 20} MB "
            "(requests it was answering at the same time are stopped too); narrow the query down (more "
            "specific patterns, LIMIT, no ORDER BY over a large product) or start the server with a larger "
            "--max-memory\n").encode("utf-8")
    head = ["HTTP/1.1 503 Service Unavailable", "Content-Type: text/plain; charset=utf-8",
            *(f"{name}: {one_line(value)}" for name, value in extra_headers),
            f"Content-Length: {len(body)}", "Connection: close"]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
