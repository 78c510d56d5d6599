"""`factcheck serve`: a warm process that `factcheck check` hands its work to."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from factcheck.client import PROTOCOL, code_stamp, receive, send, try_server

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="Unix sockets only")
DRAFT = ROOT / "fixtures" / "drafts" / "talent_conflict.md"


def _env(sock: Path, **extra: str) -> dict[str, str]:
    """A client of the server on ``sock``, which starts none itself unless ``extra`` says so."""
    env = {k: v for k, v in os.environ.items() if k not in ("FACTCHECK_NO_SERVER", "CI")}
    env.update(FACTCHECK_SOCKET=str(sock), FACTCHECK_SERVE_IDLE="0")
    env.update(extra)
    return env


def _factcheck(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "factcheck", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def _wait_listening(proc: subprocess.Popen[str], seconds: float = 120) -> None:
    """Until the server says it listens (after its warm-up, which on a busy CI machine can
    take longer than a client waits); its other lines are left unread."""
    import select

    assert proc.stderr is not None
    fd, seen, deadline = proc.stderr.fileno(), b"", time.monotonic() + seconds
    while b"listening on" not in seen:
        left = deadline - time.monotonic()
        assert left > 0 and proc.poll() is None, f"the server did not start: {seen.decode('utf-8', 'replace')}"
        if select.select([fd], [], [], min(left, 1.0))[0]:
            seen += os.read(fd, 1)  # byte by byte: what follows stays in the pipe for the test


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    sock = tmp_path / "run" / "fc.sock"
    proc = subprocess.Popen([sys.executable, "-m", "factcheck", "serve", "--idle-timeout", "600"], env=_env(sock),
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        _wait_listening(proc)
        yield sock, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)


def test_a_served_check_prints_and_exits_as_a_fresh_process_would(
        server: tuple[Path, subprocess.Popen[str]], all_seeds_db: Path) -> None:
    sock, proc = server
    args = ["check", str(DRAFT), "--db", str(all_seeds_db)]
    for fmt in ("text", "json"):
        served = _factcheck([*args, "--format", fmt], _env(sock))
        direct = _factcheck([*args, "--format", fmt], _env(sock, FACTCHECK_NO_SERVER="1"))
        assert (served.returncode, served.stdout, served.stderr) == (direct.returncode, direct.stdout, direct.stderr)
        assert served.returncode == 1 and "FC101" in served.stdout
    missing = _factcheck(["check", "nope.md", "--db", str(all_seeds_db)], _env(sock))
    assert missing.returncode == 2 and "nope.md" in missing.stderr
    proc.terminate()
    log = proc.communicate(timeout=30)[1]
    assert log.count("factcheck serve: check in") == 3  # every check above was served
    assert not sock.exists()  # the socket is removed when the server stops


def test_the_working_directory_and_environment_are_the_clients(
        server: tuple[Path, subprocess.Popen[str]], all_seeds_db: Path, tmp_path: Path) -> None:
    sock, _ = server
    work = tmp_path / "copy"
    work.mkdir()
    (work / "draft.md").write_text(DRAFT.read_text("utf-8"), encoding="utf-8")
    result = _factcheck(["check", "draft.md", "--db", str(all_seeds_db), "--format", "auto", "-o", "out.txt"],
                        _env(sock, GITHUB_ACTIONS="true"), cwd=work)
    assert result.returncode == 1
    assert (work / "out.txt").read_text("utf-8").startswith("::error file=draft.md,")


def test_a_served_check_forgets_what_earlier_ones_set_up(
        server: tuple[Path, subprocess.Popen[str]], tmp_path: Path) -> None:
    """The warm-up (and any earlier client) used the default home region 昌吉州; a project
    at home in 伊犁州 must not inherit it: a draft that names no place is about 伊犁州 there,
    not about the 昌吉州 of the archive."""
    sock, _ = server
    project = tmp_path / "yili"
    (project / "articles").mkdir(parents=True)
    (project / "drafts").mkdir()
    (project / ".factcheck.toml").write_text('db = "db"\nhome_region = ["伊犁州", "全州", "我州"]\n', encoding="utf-8")
    (project / "articles" / "a.md").write_text("# 昌吉州科技创新成果\n\n2024年，昌吉州新增高新技术企业120家，"
                                               "授信金额1.5亿元。\n", encoding="utf-8")
    (project / "drafts" / "d.md").write_text("# 草稿\n\n2024年，新增高新技术企业121家，授信金额1.5亿元。\n",
                                             encoding="utf-8")
    assert _factcheck(["ingest", "articles"], _env(sock, FACTCHECK_NO_SERVER="1"), cwd=project).returncode == 0
    served = _factcheck(["check", "drafts", "--format", "json"], _env(sock), cwd=project)
    direct = _factcheck(["check", "drafts", "--format", "json"], _env(sock, FACTCHECK_NO_SERVER="1"), cwd=project)
    assert (served.returncode, served.stdout) == (direct.returncode, direct.stdout)
    assert '"FC101"' not in served.stdout


def test_files_a_served_check_writes_get_the_clients_umask(
        server: tuple[Path, subprocess.Popen[str]], all_seeds_db: Path, tmp_path: Path) -> None:
    sock, _ = server
    out = tmp_path / "report.json"
    result = subprocess.run([sys.executable, "-m", "factcheck", "check", str(DRAFT), "--db", str(all_seeds_db),
                             "--format", "json", "-o", str(out)], env=_env(sock), cwd=ROOT, umask=0o077,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_stopped_server_is_not_waited_for(
        server: tuple[Path, subprocess.Popen[str]], all_seeds_db: Path) -> None:
    import signal

    sock, proc = server
    proc.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        result = _factcheck(["check", str(DRAFT), "--db", str(all_seeds_db), "--format", "json"], _env(sock))
        assert result.returncode == 1 and '"FC101"' in result.stdout  # run by the client itself
        assert time.monotonic() - started < 60
    finally:
        proc.send_signal(signal.SIGCONT)


def test_output_comes_in_the_order_a_fresh_process_prints_it(
        server: tuple[Path, subprocess.Popen[str]], all_seeds_db: Path) -> None:
    sock, _ = server
    args = [sys.executable, "-m", "factcheck", "check", "nope.md", str(DRAFT), "--db", str(all_seeds_db)]
    merged = [subprocess.run(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=120).stdout
              for env in (_env(sock), _env(sock, FACTCHECK_NO_SERVER="1"))]
    assert merged[0] == merged[1]
    assert "nope.md" in merged[0] and "FC101" in merged[0]


def test_bad_requests_do_not_stop_the_server(
        server: tuple[Path, subprocess.Popen[str]], all_seeds_db: Path) -> None:
    sock, proc = server
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:  # not JSON
        conn.connect(str(sock))
        conn.sendall(b"\x00\x00\x00\x05hello")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:  # gone before its answer
        conn.connect(str(sock))
        send(conn, {"protocol": PROTOCOL, "stamp": "another-build", "argv": ["check", "x.md"],
                    "cwd": str(ROOT), "env": {}})
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:  # a directory that is gone
        conn.connect(str(sock))
        send(conn, {"protocol": PROTOCOL, "stamp": code_stamp(), "argv": ["check", "x.md"],
                    "cwd": str(ROOT / "no such directory"), "env": {}})
        assert receive(conn) == {"status": "unsupported"}
    result = _factcheck(["check", str(DRAFT), "--db", str(all_seeds_db), "--format", "json"], _env(sock))
    assert result.returncode == 1 and '"FC101"' in result.stdout
    assert proc.poll() is None
    proc.terminate()
    assert proc.communicate(timeout=30)[1].count("factcheck serve: check in") == 1


def test_a_report_the_terminal_cannot_print_fails_as_in_a_fresh_process(
        server: tuple[Path, subprocess.Popen[str]], all_seeds_db: Path) -> None:
    sock, _ = server
    args = ["check", str(DRAFT), "--db", str(all_seeds_db)]
    served = _factcheck(args, _env(sock, PYTHONIOENCODING="ascii"))
    direct = _factcheck(args, _env(sock, PYTHONIOENCODING="ascii", FACTCHECK_NO_SERVER="1"))
    assert (served.returncode, served.stdout, served.stderr) == (direct.returncode, direct.stdout, direct.stderr)
    assert served.returncode == 2 and "UnicodeEncodeError" in served.stderr


def test_a_check_asked_to_debug_runs_by_itself(
        server: tuple[Path, subprocess.Popen[str]], all_seeds_db: Path) -> None:
    sock, proc = server  # its traceback, should it fail, is printed by the process that failed
    result = _factcheck(["check", str(DRAFT), "--db", str(all_seeds_db)], _env(sock, FACTCHECK_DEBUG="1"))
    assert result.returncode == 1
    proc.terminate()
    assert "factcheck serve: check in" not in proc.communicate(timeout=30)[1]


def test_sigterm_stops_the_server_even_in_the_middle_of_a_check(tmp_path: Path) -> None:
    """click turns the interrupt raised in a running command into Abort (exit 1): the server
    must still stop. Here SIGTERM arrives during the warm-up's check."""
    sock = tmp_path / "run" / "fc.sock"
    code = ("import os, signal, sys; from pathlib import Path; import factcheck.api as a, factcheck.server as s; "
            "orig = a.check; "
            "a.check = lambda *x, **k: (os.kill(os.getpid(), signal.SIGTERM), orig(*x, **k))[1]; "
            "s.serve(Path(sys.argv[1]), 0)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(sock)], env=_env(sock), cwd=tmp_path,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.wait(timeout=60) == 0
        assert "factcheck serve: stopped" in (proc.stderr.read() if proc.stderr else "")
        assert not sock.exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _in_a_terminal(args: list[str], env: dict[str, str], columns: int) -> bytes:
    """What ``factcheck ARGS`` prints to a terminal ``columns`` wide (stdout and stderr)."""
    import fcntl
    import pty
    import struct
    import termios

    main_fd, side_fd = pty.openpty()
    fcntl.ioctl(side_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.Popen([sys.executable, "-m", "factcheck", *args], env={**env, "TERM": "xterm"}, cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=side_fd, stderr=side_fd)
    os.close(side_fd)
    out = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=120)
    os.close(main_fd)
    return out


def test_in_a_terminal_a_served_check_looks_as_a_fresh_one(
        server: tuple[Path, subprocess.Popen[str]], all_seeds_db: Path) -> None:
    """Colour and line width come from the client's terminal, which the server does not have."""
    sock, proc = server
    for args in (["check", str(DRAFT), "--db", str(all_seeds_db)], ["check", "--help"]):
        served = _in_a_terminal(args, _env(sock), 60)
        direct = _in_a_terminal(args, _env(sock, FACTCHECK_NO_SERVER="1"), 60)
        assert served == direct and served
    proc.terminate()
    assert proc.communicate(timeout=30)[1].count("factcheck serve: check in") == 2


def test_a_second_server_on_the_same_socket_refuses(server: tuple[Path, subprocess.Popen[str]]) -> None:
    sock, _ = server
    second = _factcheck(["serve"], _env(sock))
    assert second.returncode == 2 and "another factcheck server is listening" in second.stderr


def test_a_client_of_another_version_is_refused(server: tuple[Path, subprocess.Popen[str]]) -> None:
    sock, _ = server
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(str(sock))
        send(conn, {"protocol": PROTOCOL, "stamp": "another-build", "argv": ["check", "x.md"],
                    "cwd": str(ROOT), "env": {}})
        assert receive(conn) == {"status": "stale"}


def test_without_a_listening_server_check_runs_itself(tmp_path: Path, all_seeds_db: Path) -> None:
    sock = tmp_path / "fc.sock"
    sock.write_text("")  # left behind, nobody listening
    result = _factcheck(["check", str(DRAFT), "--db", str(all_seeds_db), "--format", "json"], _env(sock))
    assert result.returncode == 1 and '"FC101"' in result.stdout


# ----------------------------------------------------------------------------------------
# A server started by the first check
# ----------------------------------------------------------------------------------------
def _wait_for(predicate, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def _log(sock: Path) -> str:
    log = sock.with_suffix(".log")
    return log.read_text("utf-8") if log.exists() else ""


def _stop(sock: Path) -> None:
    import re
    import signal

    m = re.search(r"\(pid (\d+)\)", _log(sock))
    if m:
        try:
            os.kill(int(m.group(1)), signal.SIGTERM)
        except ProcessLookupError:
            pass
        _wait_for(lambda: not sock.exists(), "the server did not stop")


def test_the_first_check_starts_a_server_that_the_next_checks_use(tmp_path: Path, all_seeds_db: Path) -> None:
    sock = tmp_path / "run" / "fc.sock"
    env = _env(sock, FACTCHECK_SERVE_IDLE="120")
    args = ["check", str(DRAFT), "--db", str(all_seeds_db), "--format", "json"]
    extra_r, extra_w = os.pipe()  # a descriptor beyond 0-2 that the caller passes down (make, bats)
    try:
        started = time.monotonic()
        first = subprocess.run([sys.executable, "-m", "factcheck", *args], env=env, cwd=ROOT, pass_fds=(extra_w,),
                               capture_output=True, text=True, timeout=120)
        # the hook's output ends with the check: the server holds none of its streams or pipes
        assert time.monotonic() - started < 60
        os.close(extra_w)
        extra_w = -1
        assert os.read(extra_r, 1) == b""  # would block while the server held the write end
        assert first.returncode == 1 and '"FC101"' in first.stdout
        _wait_for(lambda: "listening on" in _log(sock), f"no server was started: {_log(sock)!r}")
        assert oct(sock.parent.stat().st_mode & 0o777) == oct(0o700)
        second = _factcheck(args, env)
        assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout, first.stderr)
        assert _log(sock).count("factcheck serve: check in") == 1  # the second one was served
    finally:
        os.close(extra_r)
        if extra_w >= 0:
            os.close(extra_w)
        _stop(sock)


def test_a_started_server_stops_when_idle(tmp_path: Path, all_seeds_db: Path) -> None:
    sock = tmp_path / "run" / "fc.sock"
    try:
        _factcheck(["check", str(DRAFT), "--db", str(all_seeds_db)], _env(sock, FACTCHECK_SERVE_IDLE="1"))
        _wait_for(lambda: "listening on" in _log(sock), f"no server was started: {_log(sock)!r}")
        _wait_for(lambda: not sock.exists(), "the server did not stop when idle")
        assert "idle, stopping" in _log(sock)
    finally:
        _stop(sock)


@pytest.mark.parametrize("extra", [{"FACTCHECK_SERVE_IDLE": "0"}, {"CI": "true"}, {"FACTCHECK_NO_SERVER": "1"}],
                         ids=["idle-0", "ci", "no-server"])
def test_no_server_is_started_when_asked_not_to_or_in_ci(tmp_path: Path, all_seeds_db: Path,
                                                        extra: dict[str, str]) -> None:
    sock = tmp_path / "run" / "fc.sock"
    env = _env(sock, **extra)
    if "FACTCHECK_SERVE_IDLE" not in extra:
        del env["FACTCHECK_SERVE_IDLE"]
    result = _factcheck(["check", str(DRAFT), "--db", str(all_seeds_db)], env)
    assert result.returncode == 1
    time.sleep(0.5)
    assert not sock.parent.exists()


@pytest.mark.parametrize("how", ["writable by others", "a symlink"])
def test_a_socket_others_can_replace_is_not_used(tmp_path: Path, how: str) -> None:
    real = tmp_path / "shared"
    real.mkdir(mode=0o700)
    if how == "writable by others":
        real.chmod(0o777)  # anybody could have put this socket here: it gets no environment
        folder = real
    else:
        folder = tmp_path / "link"  # whoever owns the link can point it elsewhere at any time
        folder.symlink_to(real)
    path = folder / "fc.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(real / "fc.sock"))
        listener.listen(1)
        listener.settimeout(0.3)
        assert try_server(["check", "x.md"], str(path)) == "refused"
        with pytest.raises(socket.timeout):
            listener.accept()


@pytest.mark.parametrize("noticed", ["when idle", "from a client of the new code"])
def test_a_server_stops_when_its_code_changes(tmp_path: Path, noticed: str) -> None:
    """After an edit or an upgrade the clients look for another socket: the old server must
    not wait out its idle time (a developer editing factcheck would pile servers up), nor
    live on while clients it refuses keep coming (a shared FACTCHECK_SOCKET)."""
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(ROOT / "factcheck", copy / "factcheck", ignore=shutil.ignore_patterns("__pycache__"))
    sock = tmp_path / "run" / "fc.sock"
    recheck = 0.2 if noticed == "when idle" else 3600
    code = ("import sys; from pathlib import Path; import factcheck.server as s; "
            f"s.STAMP_RECHECK_SECONDS = {recheck}; s.serve(Path(sys.argv[1]), 0)")
    env = _env(sock, PYTHONPATH=str(copy), PYTHONSAFEPATH="1")
    proc = subprocess.Popen([sys.executable, "-c", code, str(sock)], env=env, cwd=tmp_path,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "listening on" in line, line
        assert "src/factcheck" in subprocess.run(  # the copy is the code being served
            [sys.executable, "-c", "import factcheck; print(factcheck.__file__)"], env=env, cwd=tmp_path,
            capture_output=True, text=True).stdout.replace(os.sep, "/")
        edited = copy / "factcheck" / "rules.py"
        edited.write_text(edited.read_text("utf-8") + "\n", encoding="utf-8")
        if noticed != "when idle":
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.connect(str(sock))
                send(conn, {"protocol": PROTOCOL, "stamp": "the-new-code", "argv": ["check", "x.md"],
                            "cwd": str(ROOT), "env": {}})
                assert receive(conn) == {"status": "stale"}
        assert proc.wait(timeout=60) == 0
        assert "changed, stopping" in proc.stderr.read()
        assert not sock.exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture()
def short_tmp() -> Iterator[Path]:
    """A temporary directory with a short path (pytest's are too long for Unix sockets)."""
    import shutil
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="fc", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_where_the_socket_goes(short_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.client import MAX_SOCKET_PATH, default_socket

    tmp_path = short_tmp
    monkeypatch.delenv("FACTCHECK_SOCKET", raising=False)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert Path(default_socket()).parent == runtime / "factcheck"
    runtime.chmod(0o777)  # not the user's own: the temporary directory instead
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert Path(default_socket()).parent == tmp_path / f"factcheck-{os.getuid()}"
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMPDIR", "runtime")  # relative: the server, started in /, must find it too
    assert Path(default_socket()).parent == runtime / f"factcheck-{os.getuid()}"
    deep = tmp_path / ("d" * 90)
    deep.mkdir()
    monkeypatch.setenv("TMPDIR", str(deep))  # too long for a Unix socket
    path = default_socket()
    assert path.startswith("/tmp/factcheck-") and len(os.fsencode(path)) <= MAX_SOCKET_PATH
