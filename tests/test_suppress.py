"""Issue 16.1: inline suppression follows the Markdown structure (markdown-it-py), as
markdownlint does: a directive covers exactly the next block, its own line or a range,
and nothing but a directive ever suppresses."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DRAFTS
from typer.testing import CliRunner

from factcheck import suppress
from factcheck.cli import app

runner = CliRunner()
BODY = (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8").split("---\n", 2)[2]
# the 2.94亿元 of the first paragraph is on its second line
WRAPPED = "2024年，昌吉州推荐入选自治区“天山英才”75名、“天池英才”47名，入选重点人才项目31个，\n争取自治区人才发展基金2.94亿元。"


def _run(db: Path, tmp_path: Path, text: str, name: str = "draft.md") -> dict:
    draft = tmp_path / name
    draft.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(draft), "--db", str(db), "-f", "json"])
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    data["stderr"] = result.stderr
    return data


def _found(data: dict) -> set[tuple[str, str]]:
    return {(f["code"], f["claim"]["text"]) for f in data["findings"]}


def test_next_line_covers_the_whole_next_paragraph(tmp_path: Path, all_seeds_db: Path) -> None:
    assert WRAPPED in BODY
    text = BODY.replace(WRAPPED, "<!-- factcheck: disable-next-line FC101 已核实 -->\n" + WRAPPED)
    data = _run(all_seeds_db, tmp_path, text)
    assert ("FC101", "2.94亿元") not in _found(data) and ("FC101", "260名") in _found(data)
    assert data["summary"]["suppressed"] == 1
    assert "未起作用" not in data["stderr"]


def test_a_directive_covers_exactly_the_next_block(tmp_path: Path, all_seeds_db: Path) -> None:
    # with a blank line in between, the next block is still the paragraph; the one after is not covered
    text = BODY.replace(WRAPPED, "<!-- factcheck: disable-next-line -->\n\n" + WRAPPED)
    data = _run(all_seeds_db, tmp_path, text)
    assert ("FC101", "2.94亿元") not in _found(data)
    assert ("FC101", "260名") in _found(data) and ("FC102", "260名") in _found(data)
    assert data["summary"]["suppressed"] == 1


@pytest.mark.parametrize("above", ["<!-- 编辑备注 -->", "编者按", "<!-- factcheck 备注：260名已核实 -->",
                                   "<!-- factcheck: disable-next-line -->\n\n无数字的一段。\n"])
def test_nothing_but_a_directive_suppresses(tmp_path: Path, all_seeds_db: Path, above: str) -> None:
    plain = _run(all_seeds_db, tmp_path, BODY, "plain.md")
    para = "昌吉州精心实施“庭州英才”育才计划"
    data = _run(all_seeds_db, tmp_path, BODY.replace(para, above + "\n" + para), "noted.md")
    assert _found(data) == _found(plain)
    assert data["summary"]["suppressed"] == 0
    if above.startswith("<!--"):  # a comment is not part of the sentence it stands above
        assert {f["claim"]["sentence"] for f in data["findings"]} == {f["claim"]["sentence"] for f in plain["findings"]}


def test_figures_inside_comments_are_not_claims(tmp_path: Path, all_seeds_db: Path) -> None:
    text = BODY + "\n<!-- 原稿写“庭州英才”300名，已改 -->\n"
    data = _run(all_seeds_db, tmp_path, text)
    assert not any(f["claim"]["text"] == "300名" for f in data["findings"])
    assert all("<!--" not in f["claim"]["sentence"] and "-->" not in f["claim"]["sentence"] for f in data["findings"])


def test_directives_in_code_are_examples_not_directives() -> None:
    text = "说明：\n\n```\n<!-- factcheck: disable -->\n```\n\n`<!-- factcheck: disable-line -->` 的写法\n"
    assert suppress.parse(text) == []


def test_unused_directives_are_counted_and_named(tmp_path: Path, all_seeds_db: Path) -> None:
    text = BODY + "\n<!-- factcheck: disable-next-line FC101 无用 -->\n\n没有数字的一段。\n"
    data = _run(all_seeds_db, tmp_path, text)
    n_lines = text.count("\n")
    assert data["summary"]["suppressed"] == 0
    assert f"draft.md:{n_lines - 2}: 未起作用的 factcheck 注释（disable-next-line FC101）" in data["stderr"]


def test_parse_follows_blocks_lines_and_ranges() -> None:
    text = ("第一行\n<!-- factcheck: disable-next-line FC101, FC102 已核实 -->\n第三行\n第四行\n\n"
            "第六行 <!-- factcheck: disable-line -->\n"
            "<!-- factcheck: disable FC202 表格 -->\n八\n九\n<!-- factcheck: enable -->\n十一\n"
            "<!-- factcheck:disable -->\n十三\n")
    d = suppress.parse(text)
    assert [(x.kind, x.line, x.first, x.last) for x in d] == [
        ("disable-next-line", 2, 3, 4), ("disable-line", 6, 6, 6), ("disable", 7, 7, 10), ("disable", 12, 12, 14)]
    assert d[0].codes == {"FC101", "FC102"} and d[0].reason == "已核实"
    assert d[2].codes == {"FC202"} and d[2].reason == "表格"


def test_stacked_directives_cover_the_same_block() -> None:
    text = "<!-- factcheck: disable-next-line FC101 -->\n<!-- factcheck: disable-next-line FC102 -->\n甲\n乙\n"
    d = suppress.parse(text)
    assert [(x.codes, x.first, x.last) for x in d] == [({"FC101"}, 3, 4), ({"FC102"}, 3, 4)]


def test_front_matter_is_not_markdown() -> None:
    text = "---\ntitle: 标题\n---\n<!-- factcheck: disable-next-line -->\n正文\n"
    assert [(x.line, x.first, x.last) for x in suppress.parse(text)] == [(4, 5, 5)]


def test_masked_keeps_offsets_and_drops_comments() -> None:
    text = "甲<!-- 300名 -->乙\n<!--\n多行\n-->\n丙\n```\n<!-- 代码 -->\n```\n"
    masked = suppress.masked(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "300名" not in masked and "多行" not in masked and "<!-- 代码 -->" in masked
    assert masked.startswith("甲") and "乙" in masked and "丙" in masked
