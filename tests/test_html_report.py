"""Issue 14: the html review report, its structure and contents (no browser here; the page
in a real browser is tests/test_html_browser.py)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DRAFTS
from typer.testing import CliRunner

from factcheck import api
from factcheck.api import CheckedDraft, CheckResult
from factcheck.cli import app
from factcheck.records import Claim, Document, Finding, Quantity, Source, TimeScope
from factcheck.report import html_format, renderer

runner = CliRunner()
CONFLICT = str(DRAFTS / "talent_conflict.md")


class _Page(HTMLParser):
    """Tags, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str, cls: str = "") -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and (not cls or cls in a.get("class", "").split())]


def _claim(text: str, line: int, column: int, sentence: str, path: str = "drafts/a.md") -> Claim:
    scope = TimeScope("year", "2024年", 2024)
    return Claim(path, line, column, line, column + len(text), text, Quantity(1, 1, "名"), "庭州英才", "名",
                 "", scope, "", sentence, "")


def _source(sentence: str = "遴选培育“庭州英才”220名，涵盖……", text: str = "220名", title: str = "昌吉日报") -> Source:
    return Source("seeds/000.txt", title, "2024-12-19", 66, 9, text, sentence, Quantity(220, 220, "名"),
                  TimeScope("year", "2024年", 2024))


def _synthetic(text: str, claims: list[Claim], findings: list[Finding], agreeing: tuple[Finding, ...] = (),
               hidden: tuple[Finding, ...] = (), path: str = "drafts/a.md") -> CheckResult:
    doc = Document(path, text, "h", title="草稿标题", date="2024-12-20")
    return CheckResult(tuple(findings), (path,), len(claims),
                       drafts=(CheckedDraft(doc, tuple(claims), agreeing, hidden),))


@pytest.fixture(scope="module")
def conflict_html(all_seeds_db: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("html") / "report.html"
    result = runner.invoke(app, ["check", CONFLICT, "--db", str(all_seeds_db), "-f", "html", "-o", str(out)])
    assert result.exit_code == 1 and result.stdout == "", result.stderr
    return out.read_text(encoding="utf-8")


def test_check_result_carries_every_claim_and_the_confirmations(all_seeds_db: Path) -> None:
    result = api.check([CONFLICT], all_seeds_db)
    (draft,) = result.drafts
    assert draft.document.path == "fixtures/drafts/talent_conflict.md" and "庭州英才" in draft.document.text
    assert [c.text for c in draft.claims] == ["75名", "47名", "31个", "2.94亿元", "260名"]
    assert [f.claim.text for f in draft.agreeing] == ["75名", "47名", "31个"]
    assert all(f.code == "FC100" for f in draft.agreeing) and draft.hidden == ()
    assert not any(f.code == "FC100" for f in result.findings)  # listed only with verbose
    verbose = api.check([CONFLICT], all_seeds_db, verbose=True)
    assert [f for f in verbose.findings if f.code != "FC100"] == list(result.findings)
    assert [f.code for f in verbose.findings].count("FC100") == 3


def test_every_figure_is_marked_by_verdict_at_its_place(conflict_html: str) -> None:
    page = _Page(conflict_html)
    figs = page.all("a", "fig")
    verdicts = {a["aria-label"].split(" — ")[0]: a["class"].split()[1] for a in figs}
    assert verdicts == {"75名": "v-agree", "47名": "v-agree", "31个": "v-agree",
                        "2.94亿元": "v-conflict", "260名": "v-conflict"}
    assert all(a["href"] == f"#detail-{a['data-fig']}" for a in figs)
    # the draft as written: line 12 of the file holds 260名, in its line's element
    line = re.search(r'<div class="ln" id="d1-L12" data-n="12">(.*?)</div>', conflict_html).group(1)
    assert re.sub(r"<[^>]+>|[✕✓]", "", line) == "昌吉州精心实施“庭州英才”育才计划，2024年遴选培育“庭州英才”260名。"
    assert 'data-keys="FC101 FC102"' in line
    assert conflict_html.count('class="ln fm"') == 5  # the front matter, dimmed


def test_detail_cites_title_date_place_sentence_and_scope_note(conflict_html: str) -> None:
    detail = re.search(r'<section class="detail" id="detail-f1-5".*?</section></div></div></section>',
                       conflict_html, re.S).group(0)
    assert "昌吉州发布2024年度人才培养重点成果" in detail and "2024-12-19" in detail
    assert "fixtures/seeds/000_4f2cc99a263c1c5d.txt:66" in detail
    assert "遴选培育“庭州英才”<mark>220名</mark>" in detail
    assert "fixtures/drafts/talent_conflict.md:12:34" in detail and "“庭州英才”<mark>260名</mark>" in detail
    assert "口径：草稿 2024年；来源 2024年" in detail
    assert 'data-code="FC101"' in detail and 'data-code="FC102"' in detail  # both findings of the figure


def test_summary_counts_and_filters_by_code(conflict_html: str) -> None:
    page = _Page(conflict_html)
    chips = {a["data-key"]: a for a in page.all("button", "chip")}
    assert list(chips) == ["FC101", "FC102", "FC100"]
    assert all(a["aria-pressed"] == "true" for a in chips.values())
    counts = re.findall(r'data-key="(FC\d+)".*?<span class="n">(\d+)</span>', conflict_html)
    assert counts == [("FC101", "2"), ("FC102", "1"), ("FC100", "3")]
    assert re.search(r'<li class="stat v-conflict">.*?<span class="n">2</span>', conflict_html)
    assert re.search(r'<li class="stat v-agree">.*?<span class="n">3</span>', conflict_html)
    issues = [a for t, a in page.tags if t == "a" and "data-jump" in a]  # the findings list
    assert [a["href"] for a in issues] == ["#detail-f1-4", "#detail-f1-5"]


def test_the_page_is_self_contained(conflict_html: str) -> None:
    page = _Page(conflict_html)
    assert [t for t, a in page.tags if t in ("link", "img", "iframe", "object", "embed")] == []
    assert all("src" not in a for _, a in page.tags)
    assert all(a["href"].startswith("#") for t, a in page.tags if "href" in a)
    assert not re.search(r"https?://|@import|url\(", conflict_html)
    assert "default-src 'none'" in conflict_html  # nothing can be fetched, even by mistake
    assert conflict_html.count("<script>") == 1 and conflict_html.count("<style>") == 1


def test_article_text_cannot_inject_html() -> None:
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'
    text = f"{evil}\n名单260名{evil}\n"
    claim = _claim("260名", 2, 3, f"名单260名{evil}")
    src = _source(sentence=f"{evil}220名", title=evil)
    f = Finding("FC101", "error", f"数字 {evil}", claim, (src,), f"口径 {evil}")
    out = html_format.render(_synthetic(text, [claim], [f]))
    page = _Page(out)
    assert [t for t, _ in page.tags].count("script") == 1 and not page.all("img")
    assert all(not k.startswith("on") for _, a in page.tags for k in a)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and evil not in out
    assert evil in "".join(page.text)  # shown as text, whole


def test_verdicts_for_every_kind_of_finding_and_unmatched_figures() -> None:
    text = "甲10名乙20名丙30名丁40名戊50名己60名\n"
    cs = [_claim(f"{n}名", 1, 2 + 4 * i, text.strip()) for i, n in enumerate((10, 20, 30, 40, 50, 60))]
    fs = [Finding("FC101", "error", "m", cs[0], (_source(),)), Finding("FC102", "warning", "m", cs[1], (_source(),)),
          Finding("FC103", "warning", "m", cs[2], (_source(),)), Finding("FC202", "warning", "m", cs[3])]
    agree = (Finding("FC100", "info", "m", cs[4], (_source(),)),)
    page = _Page(html_format.render(_synthetic(text, cs, fs, agree)))
    got = [(a["aria-label"].split(" — ")[0], a["class"].split()[1], a["data-keys"]) for a in page.all("a", "fig")]
    assert got == [("10名", "v-conflict", "FC101"), ("20名", "v-scope", "FC102"), ("30名", "v-disagree", "FC103"),
                   ("40名", "v-parts", "FC202"), ("50名", "v-agree", "FC100"), ("60名", "v-unmatched", "unmatched")]
    cues = [a["aria-label"] for a in page.all("a", "fig")]
    assert cues[0].endswith("冲突 FC101") and cues[5].endswith("未匹配")  # a text cue besides the colour


def test_suppressed_findings_are_shown_as_accepted(tmp_path: Path, all_seeds_db: Path) -> None:
    draft = tmp_path / "draft.md"
    text = (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8")
    draft.write_text(text.replace("昌吉州精心实施", "<!-- factcheck: disable-next-line FC101 FC102 已核实 -->\n昌吉州精心实施"),
                     encoding="utf-8")
    result = api.check([draft], all_seeds_db)
    assert result.suppressed == 2 and [f.code for f in result.drafts[0].hidden] == ["FC101", "FC102"]
    page = _Page(html_format.render(result))
    fig = next(a for a in page.all("a", "fig") if a["aria-label"].startswith("260名"))
    assert fig["class"].split()[1] == "v-hidden" and fig["data-keys"] == "hidden"
    assert "已由注释或基线文件接受" in html_format.render(result)


def test_baseline_accepted_findings_are_kept_on_the_draft(tmp_path: Path, all_seeds_db: Path) -> None:
    result = api.check([CONFLICT], all_seeds_db)
    accepted = api.accept(result, tmp_path / "baseline.json", write=True)
    assert accepted.findings == () and len(accepted.drafts[0].hidden) == len(result.findings)
    assert '<a class="fig v-hidden"' in html_format.render(accepted)


def test_several_drafts_in_one_report_english(all_seeds_db: Path) -> None:
    result = runner.invoke(app, ["check", str(DRAFTS), "--db", str(all_seeds_db), "-f", "html", "--lang", "en"])
    assert result.exit_code == 1, result.stderr
    page = _Page(result.stdout)
    assert page.tags[0] == ("html", {"lang": "en"})
    assert [a["id"] for a in page.all("article", "draft")] == ["d1", "d2"]
    assert len({a["data-fig"] for a in page.all("a", "fig")}) == len(page.all("a", "fig"))  # ids unique
    assert "Figure review report" in result.stdout and "Findings" in result.stdout and "数字核查报告" not in result.stdout
    assert "talent_consistent.md" in result.stdout and "2 file(s)" in result.stdout


def test_why_trail_is_rendered_when_a_record_has_one(monkeypatch: pytest.MonkeyPatch) -> None:
    claim = _claim("260名", 1, 1, "260名。")
    f = Finding("FC101", "error", "m", claim, (_source(),))
    plain = html_format.render(_synthetic("260名。\n", [claim], [f]))
    assert 'class="why"' not in plain  # absent: tolerated
    original = html_format.finding_record
    why = [{"rule": "same-subject", "compared": {"subject": ["庭州英才", "庭州英才"]}}, "scope: 2024 = 2024 <b>"]
    monkeypatch.setattr(html_format, "finding_record", lambda g: {**original(g), "why": why})
    out = html_format.render(_synthetic("260名。\n", [claim], [f]))
    trail = re.search(r'<details class="why" open>.*?</details>', out).group(0)
    assert "same-subject" in trail and "<dt>subject</dt>" in trail and "scope: 2024 = 2024 &lt;b&gt;" in trail


def test_a_result_without_draft_texts_still_lists_its_findings() -> None:
    claim = _claim("260名", 3, 5, "遴选培育260名。")
    out = html_format.render(CheckResult((Finding("FC101", "error", "数字不一致", claim, (_source(),)),), ("drafts/a.md",), 1))
    assert "没有草稿原文" in out and 'id="detail-f1-1"' in out and "数字不一致" in out


def test_a_figure_running_over_a_line_end_is_marked_on_both_lines() -> None:
    text = "总额1.\n5亿元。\n"
    claim = Claim("drafts/a.md", 1, 3, 2, 4, "1.5亿元", Quantity(1.5e8, 1.5e8, "元"), "总额", "", "",
                  TimeScope(), "", "总额1.5亿元。", "")
    page = _Page(html_format.render(_synthetic(text, [claim], [])))
    marks = page.all("a", "fig")
    assert len(marks) == 2 and {a["data-fig"] for a in marks} == {"f1-1"}
    assert "tabindex" not in marks[0] and marks[1]["tabindex"] == "-1"  # focusable once


def test_html_is_registered() -> None:
    assert renderer("html") is html_format.render
