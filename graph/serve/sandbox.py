"""Keep a worker process off the network: it may accept connections on the socket it was
given, but neither connect to nor bind any TCP port.

The endpoint refuses SERVICE and LOAD on the parsed query (graph/query.py); this is the
second wall, for whatever a parser other than the engine's own might read differently: the
engine (Oxigraph, built with an HTTP client) cannot fetch anything even when asked to. It
uses Linux's Landlock (kernel 6.7 or later, network rules are ABI 4), through the three
system calls, as no maintained binding covers the network rules.
"""
from __future__ import annotations

import ctypes
import os
import platform

_SYS_CREATE_RULESET = 444  # the same numbers on every architecture Linux gives Landlock
_SYS_RESTRICT_SELF = 446
_CREATE_RULESET_VERSION = 1
_PR_SET_NO_NEW_PRIVS = 38
_ACCESS_NET_BIND_TCP = 1 << 0
_ACCESS_NET_CONNECT_TCP = 1 << 1
_NET_ABI = 4


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64)]


def landlock_abi() -> int:
    """The Landlock ABI the kernel offers, 0 when it offers none."""
    if platform.system() != "Linux":
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    version = libc.syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(0, version)


def forbid_network() -> str | None:
    """Forbid this process every TCP connect and bind from now on (threads started later
    inherit it; call it before starting any). None when done, else why it could not be."""
    abi = landlock_abi()
    if abi < _NET_ABI:
        return f"Landlock network rules need Linux 6.7 or later (this kernel offers ABI {abi})"
    libc = ctypes.CDLL(None, use_errno=True)
    attr = _RulesetAttr(0, _ACCESS_NET_BIND_TCP | _ACCESS_NET_CONNECT_TCP)
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)),
                           ctypes.c_uint32(0))
    if ruleset < 0:
        return f"landlock_create_ruleset: {os.strerror(ctypes.get_errno())}"
    try:
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return f"prctl(PR_SET_NO_NEW_PRIVS): {os.strerror(ctypes.get_errno())}"
        if libc.syscall(_SYS_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)) != 0:
            return f"landlock_restrict_self: {os.strerror(ctypes.get_errno())}"
    finally:
        os.close(ruleset)
    return None
