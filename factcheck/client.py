"""The console entry point, and the hand-off to a warm ``factcheck serve``.

A fresh ``factcheck check`` spends most of its time loading (Python's start-up, Typer,
compiled patterns, the tokenizer's dictionary), not checking. So ``check`` first looks for a
server of this very installation on a per-user Unix socket; when one listens, it sends the
command line, the working directory and the environment, and prints what comes back: the
same report, the same exit code, in a fraction of the time.

When none listens, the command runs in this process as always, and afterwards starts one in
the background (detached from the terminal and from the hook's output), which stops by
itself after ``FACTCHECK_SERVE_IDLE`` seconds without work (default 900). So the first check
of a working session pays the start-up, and the ones after it do not.

- ``FACTCHECK_NO_SERVER=1``: never use or start a server; every command runs by itself.
- ``FACTCHECK_SERVE_IDLE=0``: use a running server, never start one. In CI (``$CI`` set) no
  server is started unless ``FACTCHECK_SERVE_IDLE`` asks for one: a job checks once and ends.
- ``FACTCHECK_SOCKET``: the socket to use (default: one per installation, in a private
  per-user directory under the temporary directory).

Only the standard library's lightest modules are imported before the hand-off.
"""
from __future__ import annotations

import os
import sys

PROTOCOL = 2
SERVED_COMMANDS = frozenset({"check"})
AUTO_IDLE_SECONDS = 900.0
REPLY_TIMEOUT = 300.0  # a server that takes longer than this is given up on: the check runs here
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def code_stamp() -> str:
    """Which factcheck this is: the environment (venv) and Python version, and the names, sizes and times of the
    package's files. A server of another installation, or started before an upgrade or an
    edit, has another stamp and is not used."""
    import zlib

    parts = [sys.prefix, sys.version]
    for folder in (_PACKAGE, os.path.join(_PACKAGE, "data"), os.path.join(_PACKAGE, "report")):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            if e.is_file() and e.name.endswith((".py", ".yaml")):
                st = e.stat()
                parts.append(f"{os.path.basename(folder)}/{e.name}:{st.st_size}:{st.st_mtime_ns}")
    data = ";".join(parts).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _temp_dir() -> str:
    """The temporary directory as :func:`tempfile.gettempdir` finds it on POSIX (without
    importing :mod:`tempfile`, which costs more than the whole hand-off)."""
    for name in ("TMPDIR", "TEMP", "TMP"):
        value = os.environ.get(name)
        if value and os.path.isdir(value):
            return value
    return "/tmp"


def default_socket() -> str:
    """``$FACTCHECK_SOCKET``, else this installation's socket in a private per-user directory."""
    configured = os.environ.get("FACTCHECK_SOCKET")
    if configured:
        return os.path.abspath(configured)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return os.path.join(_temp_dir(), f"factcheck-{uid}", f"serve-{code_stamp()}.sock")


def private_dir(folder: str) -> bool:
    """Whether ``folder`` belongs to this user and nobody else can write in it: only then is
    a socket in it the user's own (a client sends it its environment)."""
    try:
        st = os.stat(folder)
    except OSError:
        return False
    return not hasattr(os, "getuid") or (st.st_uid == os.getuid() and not st.st_mode & 0o022)


def send(sock, payload: dict) -> None:
    import json

    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    sock.sendall(len(data).to_bytes(4, "big") + data)


def receive(sock) -> dict | None:
    import json

    head = _read(sock, 4)
    if head is None:
        return None
    body = _read(sock, int.from_bytes(head, "big"))
    return None if body is None else json.loads(body.decode("utf-8"))


def _read(sock, n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def try_server(argv: list[str], path: str) -> int | str:
    """Run ``argv`` on the server listening at ``path``: its exit code, or why it ran nowhere:
    ``"absent"`` (no server listens) or ``"refused"`` (one of another version, or unusable)."""
    if not os.path.exists(path):
        return "absent"
    if not private_dir(os.path.dirname(path)):
        return "refused"
    import socket

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(REPLY_TIMEOUT)
            try:
                sock.connect(path)
            except OSError:
                return "absent"  # a socket file left behind by a server that was killed
            send(sock, {"protocol": PROTOCOL, "stamp": code_stamp(), "argv": argv, "cwd": os.getcwd(),
                        "env": dict(os.environ), "tty": sys.stdout.isatty()})
            reply = receive(sock)
    except (OSError, ValueError):
        return "refused"  # gone, or too slow: run here
    if not reply or reply.get("status") != "ok":
        return "refused"
    sys.stdout.write(reply["stdout"])
    sys.stdout.flush()
    sys.stderr.write(reply["stderr"])
    sys.stderr.flush()
    return int(reply["code"])


def auto_idle_seconds() -> float:
    """How long an automatically started server waits for work; 0: start none."""
    configured = os.environ.get("FACTCHECK_SERVE_IDLE")
    if configured is None:
        return 0.0 if os.environ.get("CI", "").lower() not in ("", "0", "false") else AUTO_IDLE_SECONDS
    try:
        return max(float(configured), 0.0)
    except ValueError:
        return AUTO_IDLE_SECONDS


def start_server(path: str, idle_seconds: float) -> bool:
    """Start ``factcheck serve`` on ``path`` in the background, in a session of its own, with
    no terminal and none of this process's output streams (a hook's output ends when the
    hook does); its log is the socket's name with ``.log``. False if it could not be started:
    the next check then runs by itself, as this one did."""
    folder = os.path.dirname(path)
    here = os.getcwd()
    env = dict(os.environ)
    # the server must import this very package, whatever the directory it starts in
    parent = os.path.dirname(_PACKAGE)
    env["PYTHONPATH"] = parent + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    argv = [sys.executable, "-m", "factcheck", "serve", "--socket", path, "--idle-timeout", f"{idle_seconds:g}"]
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not private_dir(folder):
            return False
        log = os.path.splitext(path)[0] + ".log"
        os.chdir("/")  # a server must not keep the draft's directory busy
        os.posix_spawn(sys.executable, argv, env, setsid=True, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
        ])
        return True
    except (OSError, AttributeError, NotImplementedError, ValueError):
        return False  # no posix_spawn, no setsid, no writable temporary directory
    finally:
        try:
            os.chdir(here)
        except OSError:
            pass


def main() -> None:
    argv = sys.argv[1:]
    served = (bool(argv) and argv[0] in SERVED_COMMANDS and os.name == "posix"
              and not os.environ.get("FACTCHECK_NO_SERVER"))
    path = default_socket() if served else ""
    outcome = try_server(argv, path) if served else "refused"
    if isinstance(outcome, int):
        sys.exit(outcome)
    from .cli import main as run_here

    try:
        run_here()
    except SystemExit as done:
        idle = auto_idle_seconds() if outcome == "absent" else 0.0
        if idle and done.code != 130:  # not after Ctrl-C
            start_server(path, idle)
        raise
