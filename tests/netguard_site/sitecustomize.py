"""Loaded by every Python process started with this folder on PYTHONPATH.

It makes any network use fail and records it: an audit hook sees every socket
the interpreter creates or connects and every name lookup, so the attempt
fails where it happens (with the stack in the log) instead of timing out.
Unix-domain sockets (X11, D-Bus, asyncio's self-pipe) are local and allowed.
The log file is `$IJREF_NETGUARD_LOG`; the test fails if it is not empty.
"""

import os
import socket
import sys
import traceback
from pathlib import Path

_LOG = os.environ.get("IJREF_NETGUARD_LOG")
_INET = {socket.AF_INET, socket.AF_INET6}
_LOOKUPS = {
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
}
_ADDRESSED = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}


def _blocked(event: str, args: tuple) -> bool:
    if event in _LOOKUPS:
        return True
    if event == "socket.__new__":
        return len(args) > 1 and args[1] in _INET
    if event in _ADDRESSED:
        address = args[1] if len(args) > 1 else None
        return not isinstance(address, (str, bytes))  # AF_UNIX addresses are paths
    return False


def _hook(event: str, args: tuple) -> None:
    if not event.startswith("socket.") or not _blocked(event, args):
        return
    stack = "".join(traceback.format_stack(limit=12)[:-1])
    if _LOG:
        with Path(_LOG).open("a", encoding="utf-8") as log:
            log.write(f"{event} {args[1:]!r}\n{stack}\n")
    raise PermissionError(f"ijref test: network use blocked ({event})")


if _LOG:
    sys.addaudithook(_hook)
