"""Which files a run reads, and which it leaves out and why (as ruff and Vale walk a tree).

A file named on the command line is always read. In a directory that is walked:

- ``.gitignore`` and ``.factcheckignore`` rules are honoured (gitignore syntax, via pathspec):
  those of the walked directory and every directory below it, and those of its parents up
  to the repository root (the nearest directory with ``.git``); a deeper file's rule wins,
  ``!pattern`` takes a file back;
- files that describe a folder rather than report news are skipped by name: ``README``,
  ``CHANGELOG``, ``LICENSE`` … (any extension, any case; see :data:`NOT_ARTICLES`);
- hidden files and folders (``.git``, ``.DS_Store``) and sidecar metadata (``*.meta.yaml``)
  are passed over silently;
- a file no reader knows (``.docx`` until a reader for it is registered in
  :data:`factcheck.reading.READERS`) is skipped and named.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

IGNORE_FILES = (".gitignore", ".factcheckignore")
NOT_ARTICLES = frozenset({"readme", "changelog", "changes", "history", "news", "license", "licence", "copying",
                          "authors", "contributors", "contributing", "code_of_conduct", "security", "notice",
                          "todo"})
SIDECAR = ".meta.yaml"


class Skipped(NamedTuple):
    """A file or folder a walk left out."""

    path: Path
    kind: str  # ignored | not-article | unsupported
    reason: str  # in English, naming the rule: "ignored by articles/.gitignore (drafts/)"


def not_an_article(name: str) -> bool:
    """README.md, CHANGELOG, LICENSE.txt … describe a folder; they are not news copy."""
    return name.split(".", 1)[0].lower() in NOT_ARTICLES


class _IgnoreRules:
    """The ignore files in effect, shallowest first (a deeper file's verdict wins)."""

    def __init__(self) -> None:
        self.specs: list[tuple[Path, str, Any]] = []

    def load(self, folder: Path) -> None:
        for name in IGNORE_FILES:
            file = folder / name
            if file.is_file():
                import pathspec

                try:
                    lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    continue
                self.specs.append((folder, name, pathspec.GitIgnoreSpec.from_lines(lines)))

    def reason(self, path: Path, is_dir: bool) -> str | None:
        verdict: tuple[bool, Path, str, str] | None = None
        for folder, name, spec in self.specs:
            try:
                rel = path.relative_to(folder).as_posix()
            except ValueError:
                continue
            found = spec.check_file(rel + "/" if is_dir else rel)
            if found.include is not None:
                verdict = (found.include, folder, name, spec.patterns[found.index].pattern)
        if verdict is None or not verdict[0]:
            return None
        from .reading import display_path

        return f"ignored by {display_path(verdict[1] / verdict[2])} ({verdict[3]})"


def _repository_parents(folder: Path) -> list[Path]:
    """The parents of ``folder`` up to its repository root, root first (none outside a repository)."""
    chain = []
    for parent in folder.parents:
        chain.append(parent)
        if (parent / ".git").exists():
            return chain[::-1]
    return []


def walk(paths: Iterable[str | Path], skipped: list[Skipped] | None = None) -> Iterator[Path]:
    """Files to read, directories walked recursively (sorted, symlink loops skipped); what is
    left out is appended to ``skipped``.

    A directory that cannot be listed is yielded itself, so that the reader reports it by
    name instead of it being silently left out.
    """
    from .reading import READERS

    out = skipped if skipped is not None else []
    for p in paths:
        path = Path(p)
        if str(p) == "-" or not path.is_dir():
            yield path
            continue
        rules = _IgnoreRules()
        top = Path(os.path.abspath(path))
        for parent in _repository_parents(top):
            rules.load(parent)
        unlisted: list[Path] = []
        seen: set[tuple[int, int]] = set()
        for root, dirs, files in os.walk(path, followlinks=True,
                                         onerror=lambda e: unlisted.append(Path(e.filename))):
            yield from _drain(unlisted)
            try:
                st = os.stat(root)
            except OSError:  # removed during the walk
                dirs[:] = []
                continue
            key = (st.st_dev, st.st_ino)
            if key in seen:  # a symlink back to a directory already walked
                dirs[:] = []
                continue
            seen.add(key)
            here = Path(os.path.abspath(root))
            rules.load(here)
            kept_dirs = []
            for d in sorted(d for d in dirs if not d.startswith(".")):
                why = rules.reason(here / d, is_dir=True) if rules.specs else None
                if why:
                    out.append(Skipped(Path(root) / d, "ignored", why))
                else:
                    kept_dirs.append(d)
            dirs[:] = kept_dirs
            for f in sorted(files):
                if f.startswith((".", "~$")) or f.endswith(SIDECAR):  # (~$: Word's lock files)
                    continue
                why = rules.reason(here / f, is_dir=False) if rules.specs else None
                if why:
                    out.append(Skipped(Path(root) / f, "ignored", why))
                elif not_an_article(f):
                    out.append(Skipped(Path(root) / f, "not-article",
                                       "not an article (README, CHANGELOG, LICENSE … describe a folder)"))
                elif Path(f).suffix.lower() not in READERS:
                    suffix = Path(f).suffix.lower() or "(none)"
                    out.append(Skipped(Path(root) / f, "unsupported",
                                       f"unsupported file type {suffix} (readable: {', '.join(sorted(READERS))})"))
                else:
                    yield Path(root) / f
        yield from _drain(unlisted)


def _drain(items: list[Path]) -> Iterator[Path]:
    while items:
        yield items.pop(0)
