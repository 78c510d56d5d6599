"""Issue 7, stage 0: every file is either read correctly or skipped with a named reason."""
from __future__ import annotations

import hashlib
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from conftest import seeds_knowledge

import pytest

from factcheck import reading
from factcheck.reading import InputError, display_path, iter_paths, read_document

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "2024年，昌吉州攻克了92项关键核心技术，授信金额达1.5亿元。\n"


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n"
       b"<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00"),
])
def test_encodings_decode_to_the_same_text_and_front_matter(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = "---\ntitle: 昌吉州科技创新\ndate: 2024-12-19\n---\n" + ARTICLE
    path = tmp_path / "a.md"
    path.write_bytes(bom + text.encode(encoding))
    doc = read_document(path)
    assert doc.text == text  # the BOM is not part of the text: columns start at 1
    assert doc.title == "昌吉州科技创新" and doc.date == "2024-12-19"
    assert doc.text[doc.body_offset:] == ARTICLE


def test_crlf_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(("---\r\ntitle: 标题\r\n---\r\n" + ARTICLE).encode())
    doc = read_document(path)
    assert doc.title == "标题" and doc.text[doc.body_offset:].startswith("2024年")


@pytest.mark.parametrize("name, data, expected", [
    ("image.png", png_bytes(), "looks like a PNG image"),
    ("page.txt", PDF, "looks like a PDF document"),  # renamed: the content decides (.pdf: tests/test_input_formats.py)
    ("doc.zip", b"PK\x03\x04" + bytes(200), "ZIP archive"),
    ("random.txt", bytes(range(256)) * 8, "not decodable"),
    ("nul.txt", b"abc\x00\x00\x01def" * 10, "binary"),
    ("utf16-no-bom.txt", "攻克92项 abc".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
    ("utf16be-no-bom.txt", "2024年 report: 92项".encode("utf-16-be"), "UTF-16 without a byte-order mark"),
    ("bad-bom.txt", b"\xef\xbb\xbf\xff\xfe\xfd", "UTF-8 byte-order mark"),
    ("lone-surrogate.txt", b"\xff\xfe\x00\xd8", "UTF-16-LE byte-order mark"),
])
def test_binary_and_undecodable_files_are_named(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.path == display_path(path)
    assert info.value.problem.startswith("not text")
    assert expected in info.value.problem
    assert str(info.value).startswith(display_path(path) + ": not text")


def test_empty_file_is_a_document_without_text(tmp_path: Path) -> None:
    from factcheck.extract import extract

    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    doc = read_document(path)
    assert doc.text == "" and extract(doc, seeds_knowledge()).claims == ()
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf")
    assert read_document(tmp_path / "bom.txt").text == ""


@pytest.mark.parametrize("front, line, problem", [
    ("---\ntitle: 标题\ndate: [2024\n---\n", 3, "malformed front matter (line"),
    ("---\ntitle: 标题\n  bad: indent: here\n---\n", 3, "malformed front matter (line"),
    ("---\n- a\n- b\n---\n", 2, "expected key: value pairs"),
    ("---\ntitle: 标题\ndate: 2024-12-19\n\n" + ARTICLE, 1, "never closed"),
])
def test_malformed_front_matter_names_file_and_line(tmp_path: Path, front: str, line: int, problem: str) -> None:
    path = tmp_path / "draft.md"
    path.write_text(front + ARTICLE, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.path == display_path(path)
    assert problem in info.value.problem
    assert f"(line {line})" in info.value.problem


def test_front_matter_error_line_is_the_file_line(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_text("---\ntitle: 标题\nsource: 昌吉日报\nauthor: 张三\ndate: 2024-12-19: x\n---\n正文\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "(line 5)" in info.value.problem  # the line of `date: …: x` in the file


@pytest.mark.parametrize("written", ["2024-12-19", "2024-1-5", "2024-02-30", "2024-12-19 25:00", "2024年12月19日"])
def test_front_matter_dates_stay_as_written(tmp_path: Path, written: str) -> None:
    path = tmp_path / "draft.md"
    path.write_text(f"---\ntitle: 标题\ndate: {written}\n---\n" + ARTICLE, encoding="utf-8")
    assert read_document(path).date == written  # never reparsed, so an impossible date is no crash


def test_size_limit_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(reading.MAX_FILE_MB_ENV, raising=False)
    assert reading.max_file_bytes() == 8 * 2**20
    for value, expected in [("0.5", 2**19), ("junk", 8 * 2**20), ("0", 8 * 2**20), ("-3", 8 * 2**20)]:
        monkeypatch.setenv(reading.MAX_FILE_MB_ENV, value)
        assert reading.max_file_bytes() == expected


def test_bad_sidecar_is_named(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "p.meta.yaml").write_bytes(b"title: [unclosed\n")
    with pytest.raises(InputError) as info:
        read_document(tmp_path / "p.txt")
    assert info.value.path.endswith("p.meta.yaml") and "malformed front matter" in info.value.problem
    (tmp_path / "p.meta.yaml").write_bytes(png_bytes())
    with pytest.raises(InputError) as info:
        read_document(tmp_path / "p.txt")
    assert info.value.path.endswith("p.meta.yaml") and "PNG" in info.value.problem
    (tmp_path / "p.meta.yaml").write_text("title: 旁注\n", encoding="gbk")
    assert read_document(tmp_path / "p.txt").title == "旁注"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # running as root: permissions do not apply, simulate
            def denied(p: Path, limit: int) -> bytes:
                raise PermissionError(13, "Permission denied", str(p))
            monkeypatch.setattr(reading, "_read_file", denied)
        with pytest.raises(InputError) as info:
            read_document(path)
        assert info.value.problem == "permission denied" and info.value.path == display_path(path)
    finally:
        path.chmod(0o644)


def test_missing_directory_fifo(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "gone.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):  # and does not block
        read_document(fifo)


def test_unlistable_directory_is_reported_not_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(ARTICLE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(p: object = ".") -> object:
        if Path(os.fsdecode(p)) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(p))  # type: ignore[arg-type]
        return real_scandir(p)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", lambda p: scandir(p))
    found = list(iter_paths([tmp_path]))
    assert found == [locked, tmp_path / "ok" / "a.txt"]
    with pytest.raises(InputError, match="cannot list directory"):
        read_document(locked)


def test_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    top = tmp_path / "top"
    (top / "sub").mkdir(parents=True)
    (top / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (top / "sub" / "back").symlink_to(top, target_is_directory=True)  # loop to an ancestor
    (top / "self").symlink_to(top / "self")  # ELOOP
    (top / "x.txt").symlink_to(top / "y.txt")
    (top / "y.txt").symlink_to(top / "x.txt")  # a loop of two file links
    found = sorted(p.relative_to(top).as_posix() for p in iter_paths([top]))
    assert found == ["sub/a.txt", "x.txt", "y.txt"]
    for name in ("x.txt", "y.txt"):
        with pytest.raises(InputError, match="cannot read|no such file"):
            read_document(top / name)
    with pytest.raises(InputError):
        read_document(top / "self")


def test_file_vanishing_between_listing_and_reading(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(ARTICLE, encoding="utf-8")
    read, errors = [], []
    for path in iter_paths([tmp_path]):
        if path.name == "0.txt":
            (tmp_path / "1.txt").unlink()  # removed by someone else mid-batch
        try:
            read.append(read_document(path).path)
        except InputError as exc:
            errors.append(exc)
    assert [Path(p).name for p in read] == ["0.txt", "2.txt"]
    assert len(errors) == 1 and errors[0].path.endswith("1.txt") and "no such file" in errors[0].problem


def test_display_path_is_relative_to_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert display_path(ROOT / "fixtures" / "seeds" / "a.txt") == "fixtures/seeds/a.txt"
    assert display_path(Path("fixtures/./seeds/a.txt")) == "fixtures/seeds/a.txt"
    monkeypatch.chdir(ROOT / "fixtures" / "seeds")
    assert display_path(ROOT / "fixtures" / "drafts" / "d.md") == "../drafts/d.md"
    far = Path("/") / "a" / "b" / "c" / "d.txt"  # the cwd is at least three levels down
    assert display_path(far) == str(far)  # absolute, never ../../../../a/b/c


def test_too_large_file_is_refused_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(3 * 2**20)  # sparse: 3 MB of NULs
    monkeypatch.setenv(reading.MAX_FILE_MB_ENV, "2")
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "too large" in info.value.problem and "3.0 MB" in info.value.problem
    assert reading.MAX_FILE_MB_ENV in info.value.problem


_RSS_PROBE = """
import json, resource, sys, time
from pathlib import Path
from factcheck.reading import read_document
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
doc = read_document(Path(sys.argv[1]))
print(json.dumps({"before_kb": before, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "chars": len(doc.text), "seconds": time.perf_counter() - t}))
"""


def test_large_file_is_read_once_with_bounded_memory(tmp_path: Path) -> None:
    """50 MB of Chinese text: peak RSS grows by about one copy of the bytes and one of the text."""
    path = tmp_path / "big.txt"
    line = (ARTICLE * 20).encode("utf-8")
    size = 50 * 2**20
    with path.open("wb") as f:
        for _ in range(size // len(line)):
            f.write(line)
    n_bytes = path.stat().st_size
    env = {**os.environ, reading.MAX_FILE_MB_ENV: "64"}
    out = subprocess.run([sys.executable, "-c", _RSS_PROBE, str(path)], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60, check=True)
    probe = json.loads(out.stdout)
    grown_mb = (probe["peak_kb"] - probe["before_kb"]) / 1024
    print(f"\n50 MB read: peak RSS {probe['peak_kb'] / 1024:.0f} MB (+{grown_mb:.0f} MB), {probe['seconds']:.2f} s")
    assert probe["chars"] > 10_000_000
    # bytes (50 MB) + text (UCS-2, ~2/3 of it for Chinese) + slack; reading twice would be 150+
    assert grown_mb < 2.2 * n_bytes / 2**20
    # and by default such a file is refused by name instead of tying up the checker
    with pytest.raises(InputError, match="too large"):
        read_document(path)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs procfs")
def test_a_file_longer_than_its_stated_size_is_read_whole() -> None:
    # procfs files say size 0 and have content, like a file that grows while it is read
    text = read_document(Path("/proc/self/status")).text
    assert text.startswith("Name:") and "\nPid:" in text


def test_a_corrected_sidecar_is_seen_by_the_store(tmp_path: Path) -> None:
    from factcheck.store import ClaimStore

    page = tmp_path / "p.txt"
    page.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "p.meta.yaml").write_text("title: 旧标题\ndate: 2023-12-19\n", encoding="utf-8")
    first = read_document(page)
    assert first.content_hash == hashlib.sha256(page.read_bytes()).hexdigest()  # the text's identity
    with ClaimStore(tmp_path / "db") as s:
        s.replace_document(first, [], {}, "1")
        assert s.is_current_document(first, "1") and not s.is_current_document(first, "2")
        (tmp_path / "p.meta.yaml").write_text("title: 新标题\ndate: 2024-12-19\n", encoding="utf-8")
        corrected = read_document(page)
        assert corrected.content_hash == first.content_hash and corrected.date == "2024-12-19"
        assert s.is_current(corrected.path, corrected.content_hash, "1")  # what api.ingest asks today
        assert not s.is_current_document(corrected, "1")  # what it should ask
