"""``factcheck serve``: a warm process for hooks and editors (see :mod:`factcheck.client`).

It loads factcheck once (the tokenizer's dictionary, Typer, compiled patterns) and then
runs the ``check`` command lines that clients send over a Unix socket, one at a time, each
in the client's working directory, environment and umask, with the client's stdout and
stderr captured and sent back. Everything a check reads (configuration, the claims DB, the
drafts) is read again for every request, as a fresh process would (and ``api.check`` keeps
no project's home region for the next). A client whose code differs from
the server's (an upgrade, an edit) is refused and runs the command itself.

A server holds ``<socket>.lock`` (``flock``) while it lives: a second one on the same socket
stops at once, and a socket file found without the lock is one left behind by a killed
server, safe to replace.
"""
from __future__ import annotations

import io
import os
import signal
import socket
import sys
import threading
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from .client import PROTOCOL, SERVED_COMMANDS, code_stamp, private_dir, receive, send


class ServerError(Exception):
    """The server cannot start (another one listens, the socket cannot be made)."""


class _Capture(io.StringIO):
    """One of a command's output streams, captured in the order of writes across both (so
    that ``2>&1`` reads as from a fresh process), answering ``isatty`` as the client's
    own stream would."""

    def __init__(self, fd: int, tty: bool, chunks: list[tuple[int, str]]) -> None:
        super().__init__()
        self._fd, self._tty, self._chunks = fd, tty, chunks

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # as io.StringIO does: click probes with write(b"")
            raise TypeError(f"string argument expected, got {type(text).__name__!r}")
        if text:
            self._chunks.append((self._fd, text))
        return len(text)

    def isatty(self) -> bool:
        return self._tty


def _set_environ(env: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(env)
    if hasattr(time, "tzset"):
        time.tzset()  # TZ: today's date of an undated draft is the client's


def run_command(argv: list[str], cwd: str, env: dict[str, str], tty: bool = False,
                stderr_tty: bool = False, umask: int | None = None,
                prog: str = "factcheck") -> tuple[int, list[tuple[int, str]]]:
    """Run one command line as a fresh ``factcheck`` would: (exit code, its output as
    (1 or 2, text) chunks in the order written). Raises OSError if ``cwd`` is gone."""
    from .cli import app

    chunks: list[tuple[int, str]] = []
    out, err = _Capture(1, tty, chunks), _Capture(2, stderr_tty, chunks)
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.chdir(cwd)
    saved_umask = os.umask(umask) if umask is not None else None
    code = 0
    try:
        _set_environ(env)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                app(args=argv, prog_name=prog)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
            except Exception as exc:  # the same message as a fresh process gives
                err.write(f"factcheck: internal error: {type(exc).__name__}: {exc} "
                          "(set FACTCHECK_DEBUG=1 for details)\n")
                code = 2
    finally:
        os.chdir(saved_cwd)
        _set_environ(saved_env)
        if saved_umask is not None:
            os.umask(saved_umask)
    return code, chunks


def _lock(path: Path) -> int:
    """Take ``<socket>.lock`` for this server's life; its file descriptor."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not private_dir(str(path.parent)):
        raise ServerError(f"{path.parent} is not a private directory of this user")
    fd = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise ServerError(f"another factcheck server is listening on {path}") from None
    except ImportError:
        pass  # no flock (not POSIX): one server per socket is then the user's affair
    return fd


def _bind(path: Path) -> socket.socket:
    """Listen on ``path`` (with the lock held: a socket file already there is stale)."""
    if path.exists() or path.is_symlink():
        path.unlink()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)  # the socket is the user's alone: it runs commands in their name
    try:
        sock.bind(str(path))
    finally:
        os.umask(old)
    sock.listen(16)
    return sock


_WARM_UP_ARTICLE = "# 示例\n\n2024年，全州新增高新技术企业120家，授信金额1.5亿元。\n"
_WARM_UP_DRAFT = "# 草稿\n\n2024年，全州新增高新技术企业121家。\n"


def _warm_up() -> None:
    """Load what every check needs, so that the first request is as fast as the others: the
    whole dictionary (a server segments many drafts), and one check of a made-up draft against
    a made-up archive, which imports and caches what a check reaches for only when it runs."""
    import tempfile

    from . import api
    from .tokenizer import load_whole

    load_whole()
    with tempfile.TemporaryDirectory(prefix="factcheck-warm-") as tmp:
        article, draft = Path(tmp, "article.md"), Path(tmp, "draft.md")
        article.write_text(_WARM_UP_ARTICLE, encoding="utf-8")
        draft.write_text(_WARM_UP_DRAFT, encoding="utf-8")
        api.ingest([article], Path(tmp, "db"))
        run_command(["check", str(draft), "--db", str(Path(tmp, "db"))], tmp, dict(os.environ))


MAX_LOG_BYTES = 1 << 20  # a log file longer than this is started afresh
# How often an idle server looks whether its code is still the installed one. After an edit
# or an upgrade, clients have another stamp and another socket: the old server would only
# hold its memory until its idle timeout (a developer editing factcheck would pile them up).
STAMP_RECHECK_SECONDS = 30.0
_STOPPING = threading.Event()  # SIGTERM arrived


def _open_log(file: Path):
    """Append to ``file`` (started afresh when it has grown past :data:`MAX_LOG_BYTES`)."""
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    if os.fstat(fd).st_size > MAX_LOG_BYTES:
        os.ftruncate(fd, 0)
    return os.fdopen(fd, "w", encoding="utf-8", errors="replace")


def serve(path: Path, idle_timeout: float = 0.0, log=sys.stderr, log_file: Path | None = None) -> None:
    """Serve until interrupted, terminated, idle for ``idle_timeout`` seconds (0: never), or
    until factcheck or its packages change on disk, logging to ``log`` (or appending to
    ``log_file``).

    The socket is made once the server is warm: a check that comes earlier runs by itself
    instead of waiting for the warm-up (the lock already keeps a second server away)."""
    path = path.absolute()
    lock = _lock(path)
    own_log = _open_log(log_file) if log_file else None
    log = own_log or log
    sock = None

    def stop(signum: int, frame: object) -> None:
        _STOPPING.set()  # remembered: a command running now may swallow the interrupt (click)
        raise KeyboardInterrupt

    _STOPPING.clear()
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        _warm_up()
        if _STOPPING.is_set():
            raise KeyboardInterrupt
        try:
            sock = _bind(path)
        except OSError as exc:
            print(f"factcheck serve: cannot listen on {path}: {exc}", file=log, flush=True)
            raise
        os.chdir("/")  # each request runs in its client's directory; between them, keep none busy
        print(f"factcheck serve: listening on {path} (pid {os.getpid()})", file=log, flush=True)
        _serve_requests(sock, code_stamp(), idle_timeout, log)
    except KeyboardInterrupt:
        print("factcheck serve: stopped", file=log, flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if sock is not None:
            sock.close()
            try:
                path.unlink()  # before the lock goes: the socket file is still this server's
            except OSError:
                pass
        os.close(lock)
        if own_log:
            own_log.close()


def _serve_requests(sock: socket.socket, stamp: str, idle_timeout: float, log) -> None:
    """Answer clients one at a time until idle or outdated."""
    last = time.monotonic()
    while True:
        wait = STAMP_RECHECK_SECONDS
        if idle_timeout:
            wait = min(wait, last + idle_timeout - time.monotonic())
        sock.settimeout(max(wait, 0.01))
        try:
            conn, _ = sock.accept()
        except socket.timeout:
            if idle_timeout and time.monotonic() - last >= idle_timeout:
                print("factcheck serve: idle, stopping", file=log, flush=True)
                return
            if _outdated(stamp, log):  # edited or upgraded: its clients now look elsewhere
                return
            continue
        with conn:
            conn.settimeout(30)  # for reading the request and sending the report
            try:
                ran = _handle(conn, stamp, log)
            except Exception:  # one bad request must not take the server down
                import traceback

                print("factcheck serve: a request failed:\n" + traceback.format_exc(), file=log, flush=True)
                ran = False
        if _STOPPING.is_set():
            raise KeyboardInterrupt
        if ran:
            last = time.monotonic()  # only work keeps a server alive
        elif _outdated(stamp, log):  # a client of other code: is it this server that is old?
            return


def _outdated(stamp: str, log) -> bool:
    if code_stamp() == stamp:
        return False
    print("factcheck serve: the code or its packages changed, stopping", file=log, flush=True)
    return True


def _handle(conn: socket.socket, stamp: str, log) -> bool:
    """Answer one client; whether a command was run for it. A client that has gone, or sends
    something else than a request, costs nothing but its connection."""
    try:
        request = receive(conn)
        if not request:
            return False
        argv = request.get("argv") or []
        if request.get("protocol") != PROTOCOL or request.get("stamp") != stamp:
            print("factcheck serve: refused a client of another version", file=log, flush=True)
            send(conn, {"status": "stale"})  # the client runs the command itself
            return False
        if not argv or argv[0] not in SERVED_COMMANDS or not os.path.isdir(request.get("cwd") or ""):
            send(conn, {"status": "unsupported"})
            return False
        send(conn, {"status": "accepted"})  # a client that has given up waiting is gone: nothing runs
    except (OSError, ValueError, TypeError, AttributeError):
        return False
    started = time.perf_counter()
    umask = request.get("umask")
    try:
        code, chunks = run_command(argv, request["cwd"], request["env"], bool(request.get("tty")),
                                   bool(request.get("stderr_tty")), umask if isinstance(umask, int) else None,
                                   str(request.get("prog") or "factcheck"))
    except OSError:
        send_quietly(conn, {"status": "unsupported"})  # its directory went away meanwhile
        return False
    # from here a SIGTERM waits until the client has its answer (it would run the command
    # again otherwise); one that came during the command aborted it
    blocked = _block_sigterm()
    try:
        if _STOPPING.is_set():  # aborted in the middle: the client runs the command itself
            send_quietly(conn, {"status": "stopping"})
            return False
        print(f"factcheck serve: {argv[0]} in {time.perf_counter() - started:.3f} s, exit {code}",
              file=log, flush=True)
        if not send_quietly(conn, {"status": "ok", "code": code, "output": chunks}):
            print("factcheck serve: the client went away before its answer", file=log, flush=True)
        return True
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _block_sigterm() -> bool:
    if not hasattr(signal, "pthread_sigmask"):
        return False
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    return True


def send_quietly(conn: socket.socket, payload: dict) -> bool:
    try:
        send(conn, payload)
        return True
    except OSError:
        return False
