"""How a claims DB names the article files it stores, whatever the working directory.

Outside the store a file is named as it is shown: relative to the working directory
(:func:`factcheck.reading.display_path`), which is what citations, CI annotations and editors
need. Inside, each article is stored under a *key* that does not depend on the working
directory of the process that ingested it, so that one file is one article:

* SQLite: the path relative to the DB's directory (``../articles/a.md`` for the default
  ``claims_db/`` beside ``articles/``). A repository that holds its claims DB stays whole
  when it is moved or cloned elsewhere, and a DB restored from a CI cache into a checkout
  finds its articles again.
* PostgreSQL (no directory of its own; shared by many machines): relative to the project
  root, the directory of the configuration file, so that every checkout of the newsroom's
  project names an article alike; absolute where no configuration file was found.

Keys have forward slashes; a file with no relative path to the base (another drive) is
stored absolute. The base is taken with its symbolic links resolved (one DB, one base); the
file's own path is kept as named (as git does): a link to an archive keeps its name in
citations, and re-reading it through the link finds it unchanged.

Rows stored before keys (schema 3 and older) hold the path relative to the working
directory of their ingest, which was not recorded: :func:`rebase` gives them keys.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path


class PathKeys:
    """Keys of files relative to ``base`` (a directory; None: absolute keys), and the paths
    shown for keys, relative to the working directory when the object was made (a store
    lives for one command, in one working directory)."""

    def __init__(self, base: str | Path | None) -> None:
        self.base = os.path.realpath(base) if base is not None else None
        self.cwd = os.getcwd()
        self._keys: dict[str, str] = {}
        self._folders: dict[str, str] = {}
        self._shown_folders: dict[str, str] = {}
        self._shown: dict[str, str] = {}

    def file(self, name: str) -> str:
        """The absolute path of a file named as shown (or as given)."""
        return os.path.normpath(os.path.join(self.cwd, name))

    def key(self, name: str) -> str:
        """The key of a file named as shown (relative to the working directory, or absolute)."""
        found = self._keys.get(name)
        if found is None:
            head, slash, base_name = name.rpartition("/")
            if base_name in ("", ".", "..") or os.sep != "/" and os.sep in base_name:
                found = self.key_of_file(self.file(name))
            else:  # the folder's key and the name: one relpath a folder, not one a file
                folder = head or ("/" if slash else ".")
                of_folder = self._folders.get(folder)
                if of_folder is None:
                    of_folder = self._folders[folder] = self.key_of_file(self.file(folder))
                found = base_name if of_folder == "." else f"{of_folder.rstrip('/')}/{base_name}"
            self._keys[name] = found
        return found

    def key_of_file(self, absolute: str) -> str:
        if self.base is None:
            return absolute.replace(os.sep, "/")
        try:
            rel = os.path.relpath(absolute, self.base)
        except ValueError:  # another drive (Windows)
            rel = absolute
        return rel.replace(os.sep, "/")

    def keys(self, names: Iterable[str]) -> list[str]:
        return [self.key(n) for n in names]

    def location(self, key: str) -> str:
        """The absolute path a key names (a relative key without a base: relative to the
        working directory, as such a path was always read)."""
        base = self.base if self.base is not None else self.cwd
        return os.path.normpath(os.path.join(base, key))

    def in_order(self, documents: Iterable[tuple[int, str]]) -> list[int]:
        """The ids of ``(id, key)`` documents in the order of the files they name (their
        absolute paths, by code point): one order whatever the backend or its base."""
        return [i for _, _, i in sorted((self.location(k).replace(os.sep, "/"), k, i) for i, k in documents)]

    def shown(self, key: str) -> str:
        """The path of a key as citations show it (relative to the working directory)."""
        found = self._shown.get(key)
        if found is None:
            head, slash, name = key.rpartition("/")
            if not slash or name.startswith(".") or os.sep != "/" and os.sep in name:
                found = shown_from(self.location(key), self.cwd)
            else:  # the folder's, and the name: one relpath a folder, not one a file
                folder = self._shown_folders.get(head)
                if folder is None:
                    folder = self._shown_folders[head] = shown_from(self.location(head or "/"), self.cwd)
                found = _printable(name) if folder == "." else f"{folder.rstrip('/')}/{_printable(name)}"
            self._shown[key] = found
        return found


def _printable(name: str) -> str:
    from .reading import _printable as printable

    return printable(name)


def shown_from(absolute: str, cwd: str) -> str:
    """:func:`factcheck.reading.display_path` of an absolute path, from ``cwd``: relative
    where possible, with forward slashes; absolute more than two levels up."""
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive (Windows)
        rel = absolute
    if rel.startswith(".." + os.sep + ".." + os.sep + ".."):
        rel = absolute
    return _printable(rel.replace(os.sep, "/"))


def rebase(rows: Iterable[tuple[int, str, str, float]], keys: PathKeys, search: Iterable[str],
           fallback: Callable[[str], str]) -> tuple[dict[int, str], list[int]]:
    """New keys for rows stored with the path relative to their ingest's working directory
    (rows of ``(id, path, content hash, ingested_at)``; an absolute path is taken as it is).

    A relative path names, in this order of preference:

    1. the file it names from the working directory of this process (as every command of
       the old code read it);
    2. else a file with the stored content (its hash) that it names from one of the
       ``search`` directories, nearest first (the DB was built from another directory,
       typically the project's);
    3. else the file found for another row by 1 or 2 that has the same content and whose
       path ends with this one (``a.txt`` beside ``articles/a.txt``: one file, ingested from
       two directories);
    4. else ``fallback(path)``: the key it is given when no file is found.

    Returns {row id: new key} for the rows whose key changes, and the ids of rows to drop:
    two rows that now name the same file are one article stored twice; the one ingested
    last is kept, with its claims.
    """
    rows = list(rows)
    search = list(dict.fromkeys(os.path.realpath(d) for d in search))
    found: dict[int, str] = {}  # row id → the absolute path of its file
    for row_id, path, content_hash, _ in rows:
        native = path.replace("/", os.sep)
        if os.path.isabs(native):
            found[row_id] = os.path.normpath(native)
        elif os.path.isfile(here := keys.file(native)):
            found[row_id] = here
        else:
            there = next((f for d in search
                          if _same_content(f := os.path.normpath(os.path.join(d, native)), content_hash)), None)
            if there:
                found[row_id] = there
    files_of: dict[str, set[str]] = {}  # content hash → files found
    for row_id, _, content_hash, _ in rows:
        if row_id in found:
            files_of.setdefault(content_hash, set()).add(found[row_id])
    new: dict[int, str] = {}
    for row_id, path, content_hash, _ in rows:
        if row_id in found:
            new[row_id] = keys.key_of_file(found[row_id])
            continue
        parts = os.path.normpath(path.replace("/", os.sep)).split(os.sep)
        tail = os.sep + os.sep.join(parts[next((i for i, p in enumerate(parts) if p != os.pardir), len(parts)):])
        same = {f for f in files_of.get(content_hash, ()) if f.endswith(tail)}
        new[row_id] = keys.key_of_file(same.pop()) if len(same) == 1 else fallback(path)
    newest: dict[str, tuple[float, int]] = {}
    for row_id, _, _, ingested_at in rows:
        k = new[row_id]
        newest[k] = max(newest.get(k, (ingested_at, row_id)), (ingested_at, row_id))
    drop = [row_id for row_id, _, _, ingested_at in rows if newest[new[row_id]] != (ingested_at, row_id)]
    dropped = set(drop)
    return {row_id: new[row_id] for row_id, path, _, _ in rows
            if new[row_id] != path and row_id not in dropped}, drop


def _same_content(path: str, content_hash: str) -> bool:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest() == content_hash
    except OSError:
        return False


def ancestors(directory: str | Path) -> list[str]:
    """``directory`` and every directory above it, nearest first."""
    here = Path(os.path.realpath(directory))
    return [str(p) for p in (here, *here.parents)]


__all__ = ["PathKeys", "rebase", "ancestors"]
