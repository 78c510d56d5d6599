"""The console entry point, and the hand-off to a warm ``factcheck serve``.

A fresh ``factcheck check`` spends most of its time loading (the tokenizer's dictionary,
Typer, compiled patterns), not checking. When ``factcheck serve`` is listening on the
socket, ``check`` sends it the command line, the working directory and the environment,
and prints what comes back: the same report, the same exit code, in a fraction of the
time. When no server listens (the usual case), or it runs other code, or
``FACTCHECK_NO_SERVER`` is set, the command runs in this process as always.

Only the standard library is imported here, so that the hand-off stays cheap.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import struct
import sys
import tempfile
from pathlib import Path

PROTOCOL = 1
SERVED_COMMANDS = frozenset({"check"})
_PACKAGE = Path(__file__).resolve().parent


def default_socket() -> Path:
    """``$FACTCHECK_SOCKET``, else a per-user socket in the temporary directory."""
    configured = os.environ.get("FACTCHECK_SOCKET")
    if configured:
        return Path(configured)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"factcheck-{uid}" / "serve.sock"


def code_stamp() -> str:
    """Which factcheck this is: names, sizes and times of the package's files. A server
    started before an upgrade or an edit has another stamp and is not used."""
    h = hashlib.sha256()
    for folder in (_PACKAGE, _PACKAGE / "data", _PACKAGE / "report"):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            if e.is_file() and e.name.endswith((".py", ".yaml")):
                st = e.stat()
                h.update(f"{folder.name}/{e.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:16]


def send(sock: socket.socket, payload: dict) -> None:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    sock.sendall(struct.pack(">I", len(data)) + data)


def receive(sock: socket.socket) -> dict | None:
    head = _read(sock, 4)
    if head is None:
        return None
    body = _read(sock, struct.unpack(">I", head)[0])
    return None if body is None else json.loads(body.decode("utf-8"))


def _read(sock: socket.socket, n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def try_server(argv: list[str]) -> int | None:
    """Run ``argv`` on a listening server; its exit code, or None to run it here."""
    if not argv or argv[0] not in SERVED_COMMANDS or os.environ.get("FACTCHECK_NO_SERVER"):
        return None
    path = default_socket()
    if not hasattr(socket, "AF_UNIX") or not path.exists():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(path))
            send(sock, {"protocol": PROTOCOL, "stamp": code_stamp(), "argv": argv, "cwd": os.getcwd(),
                        "env": dict(os.environ), "tty": sys.stdout.isatty()})
            reply = receive(sock)
    except OSError:
        return None  # not listening (a stale socket file), or gone: run here
    if not reply or reply.get("status") != "ok":
        return None
    sys.stdout.write(reply["stdout"])
    sys.stdout.flush()
    sys.stderr.write(reply["stderr"])
    sys.stderr.flush()
    return int(reply["code"])


def main() -> None:
    code = try_server(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from .cli import main as run_here

    run_here()
