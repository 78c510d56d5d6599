"""The console entry point, and the hand-off to a warm ``factcheck serve``.

A fresh ``factcheck check`` spends most of its time loading (Python's start-up, Typer,
compiled patterns, the tokenizer's dictionary), not checking. So ``check`` first looks for a
server of this very installation on a per-user Unix socket; when one listens, it sends the
command line, the working directory, the environment and the umask, and prints what comes
back: the same report, the same exit code, in a fraction of the time.

When none listens, the command runs in this process as always, and afterwards starts one in
the background (detached from the terminal and from every stream and pipe of the caller),
which stops by itself after ``FACTCHECK_SERVE_IDLE`` seconds without work (default 900). So
the first check of a working session pays the start-up, and the ones after it do not.

- ``FACTCHECK_NO_SERVER=1`` (or ``FACTCHECK_DEBUG``): never use or start a server; every
  command runs by itself.
- ``FACTCHECK_SERVE_IDLE=0``: use a running server, never start one. In CI no server is
  started unless ``FACTCHECK_SERVE_IDLE`` asks for one: a job checks once and ends.
- ``FACTCHECK_SOCKET``: the socket to use (default: one per installation, in
  ``$XDG_RUNTIME_DIR/factcheck``, else in a private per-user directory of the temporary
  directory).

A server that does not take a request within :data:`ACCEPT_TIMEOUT` (busy with a long check,
stopped, still starting) is not waited for: the command runs here. Only the standard
library's lightest modules are imported before the hand-off.
"""
from __future__ import annotations

import os
import stat
import sys

PROTOCOL = 5
SERVED_COMMANDS = frozenset({"check"})
AUTO_IDLE_SECONDS = 900.0
ACCEPT_TIMEOUT = 2.0  # seconds for a server to take a request; then the command runs here
# environment variables by which CI services announce themselves
CI_VARIABLES = ("CI", "CONTINUOUS_INTEGRATION", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "TF_BUILD",
                "BUILDKITE", "TEAMCITY_VERSION")
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def code_stamp() -> str:
    """Which factcheck this is: the environment (venv) and Python version, the state of its
    installed packages (the site-packages folders change when anything is installed), and
    the names, sizes and times of factcheck's files. A server of another installation, or
    started before an upgrade or an edit, has another stamp and is not used."""
    import site
    import zlib

    parts = [sys.prefix, sys.version]
    for folder in site.getsitepackages() if hasattr(site, "getsitepackages") else ():
        try:
            parts.append(f"{folder}:{os.stat(folder).st_mtime_ns}")
        except OSError:
            continue
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


# sun_path holds 108 bytes on Linux, 104 on macOS and the BSDs (with the final NUL)
MAX_SOCKET_PATH = 103


def _socket_dir() -> str:
    """``$XDG_RUNTIME_DIR/factcheck`` (a per-user runtime directory, when it is the user's
    own), else ``factcheck-<uid>`` in the temporary directory as :func:`tempfile.gettempdir`
    finds it on POSIX (without importing :mod:`tempfile`, which costs more than the whole
    hand-off)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and private_dir(runtime):
        return os.path.join(runtime, "factcheck")
    temp = "/tmp"
    for name in ("TMPDIR", "TEMP", "TMP"):
        value = os.environ.get(name)
        if value and os.path.isdir(value):
            temp = os.path.abspath(value)
            break
    return os.path.join(temp, f"factcheck-{_uid()}")


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


def default_socket(stamp: str | None = None) -> str:
    """``$FACTCHECK_SOCKET``, else the socket of this installation (its ``stamp``) in the
    user's private directory (in ``/tmp`` when that path would be too long for a Unix socket)."""
    configured = os.environ.get("FACTCHECK_SOCKET")
    if configured:
        return os.path.abspath(configured)
    name = f"serve-{stamp or code_stamp()}.sock"
    path = os.path.join(_socket_dir(), name)
    if len(os.fsencode(path)) > MAX_SOCKET_PATH:
        path = os.path.join("/tmp", f"factcheck-{_uid()}", name)
    return path


def private_dir(folder: str) -> bool:
    """Whether ``folder`` is a directory (not a symlink) of this user that nobody else can
    write in: only then is a socket in it the user's own (a client sends it its environment)."""
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
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


def _peer_is_me(sock, socket_module) -> bool:
    """Whether the process listening is this user's (Linux: SO_PEERCRED; elsewhere the
    private directory is the whole check)."""
    if not sys.platform.startswith("linux") or not hasattr(socket_module, "SO_PEERCRED"):
        return True  # (the BSDs lay out their peer credentials otherwise)
    creds = sock.getsockopt(socket_module.SOL_SOCKET, socket_module.SO_PEERCRED, 12)  # pid, uid, gid
    return int.from_bytes(creds[4:8], sys.byteorder) == os.getuid()


def _request(argv: list[str], stamp: str) -> dict:
    env = dict(os.environ)
    if "COLUMNS" not in env:  # the server has no terminal: tell it the width of this one
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream.isatty():
                    size = os.get_terminal_size(stream.fileno())
                    env["COLUMNS"], env["LINES"] = str(size.columns), str(size.lines)
                    break
            except (OSError, ValueError, AttributeError):
                continue
    mask = os.umask(0o022)
    os.umask(mask)
    return {"protocol": PROTOCOL, "stamp": stamp, "argv": argv, "prog": _program_name(), "cwd": os.getcwd(),
            "env": env, "umask": mask, "tty": sys.stdout.isatty(), "stderr_tty": sys.stderr.isatty()}


def _program_name() -> str:
    """This command's name as click shows it in usage lines: ``factcheck``, or
    ``python -m factcheck`` when run as a module."""
    package = getattr(sys.modules.get("__main__"), "__package__", None)
    if not package:
        return os.path.basename(sys.argv[0])
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    return "python -m " + (package if name == "__main__" else f"{package}.{name}").lstrip(".")


def try_server(argv: list[str], path: str, stamp: str | None = None) -> int | str:
    """Run ``argv`` on the server listening at ``path``: its exit code, or why it ran nowhere:
    ``"absent"`` (no server listens: one may be started) or ``"refused"`` (one listens but
    did not run it: of another version or user, busy, stopping, gone)."""
    if not os.path.exists(path):
        return "absent"
    if not private_dir(os.path.dirname(path)):
        return "refused"
    import socket

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(ACCEPT_TIMEOUT)
            try:
                sock.connect(path)
            except (FileNotFoundError, ConnectionRefusedError):
                return "absent"  # a socket file left behind by a server that was killed
            if not _peer_is_me(sock, socket):
                return "refused"
            send(sock, _request(argv, stamp or code_stamp()))
            taken = receive(sock)
            if not taken or taken.get("status") != "accepted":
                return "refused"
            sock.settimeout(None)  # the server runs the command: as long as it takes
            reply = receive(sock)
    except (OSError, ValueError):
        return "refused"  # busy, stopped, gone: run here
    except KeyboardInterrupt:
        sys.stderr.write("factcheck: interrupted\n")
        sys.exit(130)
    if not reply or reply.get("status") != "ok":
        return "refused"
    try:
        for fd, text in reply["output"]:  # in the order written, as a fresh process prints them
            stream = sys.stderr if fd == 2 else sys.stdout
            stream.write(text)
            stream.flush()
    except Exception as exc:  # e.g. PYTHONIOENCODING=ascii: the message cli.main gives
        sys.stderr.write(f"factcheck: internal error: {type(exc).__name__}: {exc} "
                         "(set FACTCHECK_DEBUG=1 for details)\n")
        return 2
    return int(reply["code"])


def auto_idle_seconds() -> float:
    """How long an automatically started server waits for work; 0: start none."""
    configured = os.environ.get("FACTCHECK_SERVE_IDLE")
    if configured is None:
        in_ci = any(os.environ.get(v, "").lower() not in ("", "0", "false") for v in CI_VARIABLES)
        return 0.0 if in_ci else AUTO_IDLE_SECONDS
    try:
        return max(float(configured), 0.0)
    except ValueError:
        return AUTO_IDLE_SECONDS


def start_server(path: str, idle_seconds: float) -> bool:
    """Start ``factcheck serve`` on ``path`` in the background: in a session of its own, in
    ``/``, with no terminal and none of this process's files, streams or pipes (a hook's
    output ends when the hook does). Its log is the socket's name with ``.log``. False if it
    could not be started: the next check then runs by itself, as this one did."""
    import site
    import subprocess

    env = dict(os.environ)
    # the server must import this very package, whatever the directory it starts in: a source
    # checkout goes on its path (an installed package is found there anyway, and its
    # site-packages must not come before the standard library)
    parent = os.path.dirname(_PACKAGE)
    installed = {os.path.normcase(p) for p in (*site.getsitepackages(), site.getusersitepackages())}
    if os.path.normcase(parent) not in installed:
        env["PYTHONPATH"] = parent + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    argv = [sys.executable, "-m", "factcheck", "serve", "--socket", path,
            "--idle-timeout", f"{idle_seconds:g}", "--log", os.path.splitext(path)[0] + ".log"]
    try:  # the server makes its private directory, or refuses one that is not
        subprocess.Popen(argv, env=env, cwd="/", stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
        return True
    except (OSError, ValueError, subprocess.SubprocessError):
        return False


def servable(argv: list[str]) -> bool:
    """A command a server can run for us: a served command that does not read our stdin (``-``)."""
    return bool(argv) and argv[0] in SERVED_COMMANDS and "-" not in argv[1:]


def main() -> None:
    argv = sys.argv[1:]
    served = (servable(argv) and os.name == "posix"
              and not os.environ.get("FACTCHECK_NO_SERVER")
              and not os.environ.get("FACTCHECK_DEBUG"))  # a traceback is this process's to print
    stamp = code_stamp() if served else ""
    path = default_socket(stamp) if served else ""
    outcome = try_server(argv, path, stamp) if served else None  # None: not tried
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
