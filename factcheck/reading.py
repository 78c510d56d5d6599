"""Stage 0: read copy from disk — .txt and .md files, or directories of them.

Markdown may open with YAML front matter (``title``, ``date``, ``source``, ``author`` …,
all optional). A ``.txt`` page may have a sidecar ``<stem>.meta.yaml`` with the same keys.
Files are decoded as UTF-8 (with or without BOM), UTF-16 (with BOM) or GB18030; a file
that is none of them is an :class:`InputError` naming the file.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex

from .records import Document

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
_FRONT_MATTER = regex.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", regex.S)
_BINARY = regex.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


class InputError(Exception):
    """Unreadable input: the message names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def display_path(path: Path) -> str:
    """Path relative to the working directory where possible, with forward slashes."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = str(path)
    if rel.startswith(".." + os.sep + ".." + os.sep + ".."):
        rel = str(path)
    return rel.replace(os.sep, "/")


def decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(path, "not text / not decodable (tried UTF-8, UTF-16, GB18030)") from None
    if _BINARY.search(text[:4096]):
        raise InputError(path, "not text / looks like a binary file")
    return text


def _meta_from_yaml(block: str, path: str, line_offset: int = 1) -> dict[str, str]:
    import yaml

    try:
        data = yaml.safe_load(block) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + line_offset})" if mark is not None else ""
        raise InputError(path, f"malformed front matter{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise InputError(path, "malformed front matter: expected key: value pairs")
    return {str(k): "" if v is None else str(v) for k, v in data.items()}


def read_document(path: Path) -> Document:
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(shown, "no such file") from None
    except IsADirectoryError:
        raise InputError(shown, "is a directory") from None
    except PermissionError:
        raise InputError(shown, "permission denied") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read ({exc.strerror})") from None
    text = decode(data, shown)
    meta: dict[str, str] = {}
    body_offset = 0
    m = _FRONT_MATTER.match(text)
    if m:
        meta = _meta_from_yaml(m.group(1), shown, line_offset=2)
        body_offset = m.end()
    sidecar = path.with_name(path.stem + ".meta.yaml")
    if sidecar.is_file():
        meta = {**_meta_from_yaml(sidecar.read_text(encoding="utf-8"), display_path(sidecar)), **meta}
    return Document(
        path=shown,
        text=text,
        content_hash=hashlib.sha256(data).hexdigest(),
        title=meta.get("title", ""),
        date=meta.get("date", ""),
        source=meta.get("source", ""),
        body_offset=body_offset,
        meta=meta,
    )


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to read, directories walked recursively (sorted, symlink loops skipped)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            seen: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(path, followlinks=True):
                st = os.stat(root)
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    dirs[:] = []
                    continue
                seen.add(key)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.endswith(TEXT_SUFFIXES) and not f.startswith("."):
                        yield Path(root) / f
        else:
            yield path
