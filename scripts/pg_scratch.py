#!/usr/bin/env python3
"""A throwaway PostgreSQL server for the tests, CI and the benchmark: ``initdb`` in a
temporary directory, ``pg_ctl start`` on 127.0.0.1 (a free port) and a Unix socket in that
directory, ``pg_ctl stop`` and the directory removed afterwards. Nothing is left running.

    python scripts/pg_scratch.py start DIR     # prints `export FACTCHECK_TEST_POSTGRES=postgresql://…`
    python scripts/pg_scratch.py stop DIR      # stops it and removes DIR

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user (the
Debian packages create it; otherwise a system user ``factcheck-pg`` is created) through
``runuser``. A watchdog stops the server when the process that started it is gone (a
killed test run leaves no daemon behind): pass ``--watch PID``; the tests pass their own.

The cluster trusts every local connection (it lives for one test run, on loopback only)
and is created with UTF-8 encoding and the C.UTF-8 locale, so that pg_trgm reads Chinese
characters as letters. Used as a module: :func:`start` and :class:`Scratch`.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "factcheck_admin"


class ScratchError(Exception):
    """No server could be started: the message says why."""


def pg_bin() -> Path | None:
    """The directory of the newest PostgreSQL server binaries installed (Debian's layout
    first, then ``initdb`` on PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
                   if p.split("/")[4].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


def _run_as() -> str | None:
    """The user the server runs as when we are root (None: ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "factcheck-pg"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "factcheck-pg"],
                   check=True, capture_output=True)
    return "factcheck-pg"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Scratch:
    directory: Path
    port: int
    bin: Path
    user: str | None

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def url_for(self, dbname: str, user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def _cmd(self, *args: str) -> list[str]:
        return (["runuser", "-u", self.user, "--"] if self.user else []) + list(args)

    def stop(self) -> None:
        data = self.directory / "data"
        if (data / "postmaster.pid").exists():
            subprocess.run(self._cmd(str(self.bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "60",
                                     "stop"), capture_output=True)
        shutil.rmtree(self.directory, ignore_errors=True)


def start(directory: Path, watch_pid: int | None = None, port: int | None = None) -> Scratch:
    """initdb + start in ``directory`` (created; must not hold a cluster yet)."""
    binaries = pg_bin()
    if binaries is None:
        raise ScratchError("no PostgreSQL server binaries (initdb) found: install the Debian packages "
                           "postgresql and postgresql-contrib")
    user = _run_as()
    directory.mkdir(parents=True, exist_ok=True)
    if user:
        shutil.chown(directory, user)
        os.chmod(directory, 0o700)
    data = directory / "data"
    scratch = Scratch(directory, port or _free_port(), binaries, user)
    init = subprocess.run(scratch._cmd(str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust",
                                       "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
                          capture_output=True, text=True)
    if init.returncode != 0:
        raise ScratchError(f"initdb failed: {(init.stderr or init.stdout).strip().splitlines()[-1:]}")
    options = (f"-c listen_addresses=127.0.0.1 -p {scratch.port} -k {directory} -c fsync=off "
               f"-c max_connections=120 -c shared_buffers=64MB")
    started = subprocess.run(scratch._cmd(str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                                          "-l", str(directory / "server.log"), "-w", "-t", "60", "start"),
                             capture_output=True, text=True)
    if started.returncode != 0:
        log = (directory / "server.log").read_text(errors="replace") if (directory / "server.log").exists() else ""
        scratch.stop()
        raise ScratchError(f"the server did not start: {log.strip().splitlines()[-1:] or started.stderr.strip()}")
    if watch_pid:
        _watchdog(scratch, watch_pid)
    return scratch


def _watchdog(scratch: Scratch, pid: int) -> None:
    """A detached shell that stops the server once ``pid`` is gone (pytest killed, CI
    cancelled): no server outlives the run that started it."""
    data = scratch.directory / "data"
    stop = " ".join(scratch._cmd(str(scratch.bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"))
    script = (f"while kill -0 {pid} 2>/dev/null && [ -e {data}/postmaster.pid ]; do sleep 1; done; "
              f"[ -e {data}/postmaster.pid ] && {stop} >/dev/null 2>&1; rm -rf {scratch.directory}")
    subprocess.Popen(["sh", "-c", script], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)


def _load(directory: Path) -> Scratch:
    user = None
    if os.geteuid() == 0:
        user = pwd.getpwuid(directory.stat().st_uid).pw_name
    return Scratch(directory, 0, pg_bin() or Path("/usr/bin"), user)  # (stopping needs no port)


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("action", choices=("start", "stop"))
    ap.add_argument("directory", type=Path)
    ap.add_argument("--watch", type=int, help="stop the server when this process is gone")
    args = ap.parse_args(argv)
    if args.action == "stop":
        _load(args.directory.resolve()).stop()
        return 0
    try:
        scratch = start(args.directory.resolve(), watch_pid=args.watch)
    except (ScratchError, OSError, subprocess.CalledProcessError) as exc:
        print(f"pg_scratch: {exc}", file=sys.stderr)
        return 1
    print(f"export FACTCHECK_TEST_POSTGRES={scratch.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
