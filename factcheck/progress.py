"""A progress bar on stderr for long work (an ingest of thousands of articles, the audit).

Shown only when stderr is a terminal, and never in CI (``CI``, ``GITHUB_ACTIONS`` … set) or
with ``TERM=dumb``: a log or a pipe gets nothing but the summary. rich is imported only when
a bar is shown.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TextIO

# environment variables by which CI services announce themselves
CI_VARIABLES = ("CI", "CONTINUOUS_INTEGRATION", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "TF_BUILD",
                "BUILDKITE", "TEAMCITY_VERSION")


def wanted(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """A bar on ``stream`` (stderr): a terminal, not CI, not ``TERM=dumb``."""
    env = os.environ if environ is None else environ
    if any(env.get(name) for name in CI_VARIABLES) or env.get("TERM") == "dumb":
        return False
    stream = sys.stderr if stream is None else stream
    return bool(getattr(stream, "isatty", lambda: False)())


class Tracker:
    """What the work reports: how much there is, and each step done (no-op without a bar)."""

    def __init__(self, progress: Any = None, task: Any = None) -> None:
        self._progress, self._task = progress, task

    def total(self, n: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, total=n)

    def advance(self, *_: object) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)

    def at(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=done, total=total)


@contextmanager
def bar(label: str, enabled: bool, console: Any = None) -> Iterator[Tracker]:
    """``with bar("ingest", wanted()) as t: … t.total(n) … t.advance()``."""
    if not enabled:
        yield Tracker()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console or Console(stderr=True), transient=True) as progress:
        yield Tracker(progress, progress.add_task(label, total=None))
