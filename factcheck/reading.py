"""Stage 0: read copy from disk — .txt and .md files, or directories of them.

Markdown may open with YAML front matter (``title``, ``date``, ``source``, ``author`` …,
all optional). A ``.txt`` page may have a sidecar ``<stem>.meta.yaml`` with the same keys.
Files are decoded as UTF-8 (with or without BOM), UTF-16 or UTF-32 (with BOM) or GB18030
(which includes GBK and GB2312); anything else — a PDF, an image, a file that is none of
those encodings, a file too large to check — is an :class:`InputError` naming the file,
so that a batch can skip it and go on.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import regex

from .dating import date_of
from .patterns import lazy
from .files import Skipped, walk
from . import formats
from .records import Document

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
# A news page is tens of kilobytes; far larger files are dumps that should be split
# (extraction time grows faster than linearly with the size of one file).
MAX_FILE_MB_ENV = "FACTCHECK_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 8.0

# (ASCII-only patterns that every read uses are on the standard library's ``re``, which means
# the same by them and compiles them in a third of the time)
_FRONT_MATTER = lazy(re.compile, r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_UNCLOSED_FRONT_MATTER = lazy(regex.compile, r"\A---[ \t]*\r?\n[ \t]*[\w\u4e00-\u9fff-]+[ \t]*:")
_BINARY = lazy(re.compile, r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# What text looks like: CJK, ASCII, punctuation and spaces. Binary noise decoded as
# GB18030 is mostly rare CJK extensions, private-use and four-byte code points.
_TEXTLIKE = lazy(regex.compile, r"[\p{Han}\x09-\x0d\x20-\x7e\u00a0-\u024f\u2000-\u206f\u2100-\u25ff"
                          r"\u3000-\u303f\uff00-\uffef\u0370-\u04ff\u3040-\u30ff\uac00-\ud7af]")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Signatures of files people drop next to copy by mistake.
_MAGIC = (
    (b"%PDF-", "a PDF document (name it .pdf to have it read)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF file (image, audio or video)"),
    (b"PK\x03\x04", "a ZIP archive (a Word document? name it .docx to have it read)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office document (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"\x7fELF", "an executable"),
)


class InputError(Exception):
    """Unreadable input: the message names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def display_path(path: Path) -> str:
    """Path relative to the working directory where possible, with forward slashes.

    More than two levels up (``../../../x``) the absolute path is clearer.
    """
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        rel = str(path)
    if rel.startswith(".." + os.sep + ".." + os.sep + ".."):
        rel = os.path.abspath(path)
    return _printable(rel.replace(os.sep, "/"))


def _printable(name: str) -> str:
    """A file name that is not valid UTF-8 shows its odd bytes as ``\\xff`` (never a crash
    when it is printed or stored)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def max_file_bytes() -> int:
    """The size limit: ``$FACTCHECK_MAX_FILE_MB`` megabytes, default 8."""
    try:
        mb = float(os.environ.get(MAX_FILE_MB_ENV, "") or DEFAULT_MAX_FILE_MB)
    except ValueError:
        mb = DEFAULT_MAX_FILE_MB
    return int((mb if mb > 0 else DEFAULT_MAX_FILE_MB) * 1024 * 1024)


def decode(data: bytes, path: str) -> str:
    """Text of ``data``: UTF-8 (BOM optional), UTF-16/32 with BOM, or GB18030.

    >>> decode("攻克了92项".encode("gbk"), "a.txt")
    '攻克了92项'
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"not text / not decodable: looks like {kind}")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"not text / not decodable: starts with a {codec.upper()} "
                                       f"byte-order mark but byte {exc.start + len(bom)} is not "
                                       f"{codec.upper()}") from None
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if _looks_like_bomless_utf16(data):
                raise InputError(path, "not text / not decodable: looks like UTF-16 without a "
                                       "byte-order mark; save it as UTF-8")
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise InputError(path, "not text / not decodable (tried UTF-8, UTF-16, GB18030)") from None
            head = text[:8192]
            if head and len(_TEXTLIKE.findall(head)) < 0.9 * len(head):
                raise InputError(path, "not text / not decodable (neither UTF-8 nor GB18030 text; "
                                       "binary data?)")
    m = _BINARY.search(text, 0, 8192)
    if m and _looks_like_bomless_utf16(data):
        raise InputError(path, "not text / not decodable: looks like UTF-16 without a "
                               "byte-order mark; save it as UTF-8")
    if m:
        raise InputError(path, f"not text / looks like a binary file (control character "
                               f"U+{ord(m.group()):04X} at character {m.start() + 1})")
    return text


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """ASCII in UTF-16 has a NUL in every other byte: many NULs, nearly all on one side."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return len(head) >= 8 and max(even, odd) >= len(head) // 8 and min(even, odd) <= max(even, odd) // 10


@functools.lru_cache(maxsize=2)
def _meta_loader(fast: bool = False) -> type:
    """YAML's safe loader, except that dates stay as written (``2024-1-5``, even ``2024-02-30``).

    ``fast``: libyaml's parser where installed (about ten times faster); the pure-Python one
    is kept for its clearer error messages.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader

    class MetaLoader(base):  # type: ignore[valid-type,misc]
        pass

    MetaLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return MetaLoader


# ``key: value`` where YAML can only read a string: a lower-case key that is no YAML word,
# and a value in double quotes without escapes, or plain: starting with no indicator, with
# no ": " or " #", and either a date (YAML's timestamps are off here) or holding a
# character outside ASCII (YAML's numbers, booleans and null are all ASCII)
_PLAIN_LINE = lazy(re.compile, r"([a-z_][a-z0-9_]*): +(\S(?:.*\S)?) *")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_DATE = lazy(re.compile, r"\d{4}-\d{1,2}-\d{1,2}")


def _plain_value(value: str) -> str | None:
    if not value.isprintable():
        return None
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        return None if '"' in inner or "\\" in inner else inner
    if (value[0] in _INDICATORS or ": " in value or " #" in value or value.endswith(":")
            or (value.isascii() and not _DATE.fullmatch(value))):
        return None
    return value


def _plain_meta(block: str) -> dict[str, str] | None:
    """The metadata of a front matter block of plain ``key: value`` lines (blank lines and
    ``#`` comments aside), read as YAML reads it, without importing PyYAML (~10 ms of a
    fresh check); None when YAML could read any of it otherwise."""
    if "\r" in block:
        block = block.replace("\r\n", "\n")
        if "\r" in block:
            return None
    meta: dict[str, str] = {}
    for line in block.split("\n"):
        if not line.strip(" ") or line.startswith("#"):
            continue
        m = _PLAIN_LINE.fullmatch(line)
        if m is None or m.group(1) in _YAML_WORDS:
            return None
        value = _plain_value(m.group(2))
        if value is None:
            return None
        meta[m.group(1)] = value
    return meta
def front_matter_end(text: str) -> int:
    """Where the YAML front matter of a Markdown text ends (0: it has none)."""
    m = _FRONT_MATTER.match(text)
    return m.end() if m else 0


def _meta_from_yaml(block: str, path: str, line_offset: int = 1) -> dict[str, str]:
    """``key: value`` pairs; ``line_offset`` is the file line of the block's first line."""
    plain = _plain_meta(block)
    if plain is not None:
        return plain
    import yaml

    try:
        try:
            data = yaml.load(block, Loader=_meta_loader(fast=True)) or {}  # noqa: S506 (a safe loader)
        except yaml.YAMLError:
            data = yaml.load(block, Loader=_meta_loader()) or {}  # noqa: S506: the clearer message
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + line_offset})" if mark is not None else ""
        raise InputError(path, f"malformed front matter{where}: {getattr(exc, 'problem', exc)}") from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(path, f"malformed front matter: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(path, f"malformed front matter (line {line_offset}): expected key: value pairs")
    return {str(k): "" if v is None else str(v) for k, v in data.items()}


def _read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, read once; never blocks on a FIFO or a device."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb", closefd=True) as f:
        st = os.fstat(f.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "is a directory", str(path))
        if not stat.S_ISREG(st.st_mode):
            raise _NotRegular(str(path))
        if st.st_size > limit:
            raise _TooLarge(st.st_size, limit)
        data = f.read(st.st_size + 1)  # one read of the known size; the +1 notices growth
        if len(data) > st.st_size:
            data += f.read(limit + 1 - len(data))
    if len(data) > limit:  # grew while we read it
        raise _TooLarge(len(data), limit)
    return data


class _NotRegular(OSError):
    pass


class _TooLarge(OSError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} > {limit}")
        self.size, self.limit = size, limit


def _read_or_explain(path: Path, shown: str) -> bytes:
    try:
        return _read_file(path, max_file_bytes())
    except _TooLarge as exc:
        raise InputError(shown, f"too large to check ({exc.size / 2**20:.1f} MB; the limit is "
                                f"{exc.limit / 2**20:g} MB: split it into articles or set "
                                f"{MAX_FILE_MB_ENV})") from None
    except _NotRegular:
        raise InputError(shown, "not a regular file (a pipe, socket or device)") from None
    except FileNotFoundError:
        raise InputError(shown, "no such file") from None
    except IsADirectoryError:
        try:
            os.listdir(path)
        except OSError as exc:
            raise InputError(shown, f"cannot list directory ({(exc.strerror or str(exc)).lower()})") from None
        raise InputError(shown, "is a directory") from None
    except PermissionError:
        raise InputError(shown, "permission denied") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read ({exc.strerror or exc})") from None


def read_document(path: Path) -> Document:
    """Read one file with the reader registered for its type (:data:`READERS`); a named file
    of a type no reader knows is read as text (a PDF or an image is then refused by name)."""
    return READERS.get(path.suffix.lower(), read_text_document)(path)


def read_text_document(path: Path) -> Document:
    """Read, decode and parse one text file (front matter, sidecar metadata) into a Document."""
    shown = display_path(path)
    return parse_document(_read_or_explain(path, shown), shown, path)


def read_stdin(data: bytes, filename: str | None = None) -> Document:
    """A document piped in (``factcheck check -``); ``filename`` (``--stdin-filename``) is the
    path it is reported under, and decides whether it is Markdown."""
    return parse_document(data, filename or "-", None)


def parse_document(data: bytes, shown: str, path: Path | None) -> Document:
    """Decode and parse bytes read from ``path`` (None: not from disk, no sidecar)."""
    reader = formats.reader_for(path) if path is not None else None  # .docx, .pdf, .html: a library's
    extracted = reader(data, shown) if reader else None
    text = extracted.text if extracted else decode(data, shown)
    digest = hashlib.sha256(data)
    del data  # only the text is kept: peak memory is one copy of each
    meta: dict[str, str] = dict(extracted.meta) if extracted else {}
    side_date = ""
    body_offset = 0
    m = _FRONT_MATTER.match(text)
    if m:
        meta = _meta_from_yaml(m.group(1), shown, line_offset=2)
        body_offset = m.end()
    elif _UNCLOSED_FRONT_MATTER.match(text):
        raise InputError(shown, "malformed front matter (line 1): opened with --- but never closed")
    front_date = meta.get("date", "")  # (dated by precedence: see factcheck.dating)
    sidecar = path.with_name(path.stem + ".meta.yaml") if path is not None else None
    if sidecar is not None and sidecar.is_file():
        side_shown = display_path(sidecar)
        try:
            side_data = _read_or_explain(sidecar, side_shown)
        except InputError as exc:
            if "no such file" not in exc.problem:  # vanished since is_file(): no sidecar
                raise
        else:
            # (not hashed: the hash identifies the text, wherever it is and whatever its
            # metadata; ClaimStore.is_current_document also compares title, date, source)
            side_meta = _meta_from_yaml(decode(side_data, side_shown), side_shown)
            side_date = side_meta.get("date", "")
            meta = {**side_meta, **meta}
    dated = date_of(front_date, side_date, shown, text, body_offset)
    return Document(
        path=shown,
        text=text,
        content_hash=digest.hexdigest(),
        title=meta.get("title", ""),
        date=dated.date,
        source=meta.get("source", ""),
        body_offset=body_offset,
        meta=meta,
        date_source=dated.source,
        places=extracted.places if extracted else None,
    )


def iter_paths(paths: Iterable[str | Path], skipped: list[Skipped] | None = None) -> Iterator[Path]:
    """Files to read (:func:`factcheck.files.walk`: ignore files, non-articles and file types
    no reader knows are left out of a walked directory and appended to ``skipped``)."""
    return walk(paths, skipped)


# How each file type is read: suffix → reader (a function of the path returning a Document).
# Readers of other formats (.docx, .pdf, .html) register here; a walked directory reads the
# types listed, and names every other file as skipped.
READERS: dict[str, Callable[[Path], Document]] = {
    ".txt": read_text_document, ".md": read_text_document, ".markdown": read_text_document,
    # .docx, .pdf, .html: the bytes are read as any file's, their text by factcheck.formats
    **{suffix: read_text_document for suffix in formats.SUFFIXES}}


def register_reader(suffixes: Iterable[str], reader: Callable[[Path], Document]) -> None:
    """Make files of these types readable (``register_reader([".docx"], read_docx)``)."""
    for suffix in suffixes:
        READERS[suffix.lower()] = reader
