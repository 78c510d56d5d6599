"""Issue 12, part 1: dates you can trust — a page's date and where it came from."""
from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import yaml

from factcheck import api
from factcheck.dating import DATE_SOURCES, Dating, date_from_path, date_from_text, date_label, date_of
from factcheck.reading import display_path, read_document
from factcheck.records import Quantity, Source, TimeScope
from factcheck.report.record import cite_text, source_record
from factcheck.store import ClaimStore, db_file

from conftest import SEED


# -- the text ----------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    # the event day of a news lead, with the year the page states
    ("本报讯 记者刘辉报道：12月18日，昌吉州科技创新大会召开。会上发布2024年度重大科技创新成果。",
     "2024-12-18"),
    # hard line breaks and spaces inside the date, as in PDF pages; full-width digits
    ("本报讯 记者刘辉报道：12 月 18\n日，昌吉州召开大会。2024\n年，全州新增高企75家。", "2024-12-18"),
    ("本报讯 记者刘辉报道：１２月１８日，昌吉州召开大会。２０２４年，全州新增高企75家。", "2024-12-18"),
    # several years: the latest one stated, not the most frequent (2023 three times)
    ("2023年全市研发经费增长。2023年度共奖补。2023年产量翻番。2024年技术合同成交额突破8亿元。"
     "本报讯 记者刘茜报道：10月9日，记者从农高区获悉。", "2024-10-09"),
    # the lead's day, not a later day the page mentions (an event, a photo)
    ("本报讯 记者刘茜报道：10月9日，记者获悉。10月14日，椒农迎来丰收。2024年成交额突破8亿元。", "2024-10-09"),
    ("本报讯 记者刘茜、通讯员高晓阳12月11日从科技局获悉：2024年新增企业。设备运行情况（2月18日摄）。",
     "2024-12-11"),
    ("本报讯 记者王伟报道：12月11日，全州召开会议，2024年成效显著。大会将于12月20日举行。", "2024-12-11"),
    # 今年 is this year
    ("本报讯 记者王伟报道：今年10月10日，首块组件下线。2024年增长明显。去年12月28日，项目开工。", "2024-10-10"),
    # plan targets and a range's end are not the year of the page
    ("本报讯 记者王伟报道：12月16日，昌吉州召开发布会。2024年完成投资。2025年，昌吉州将启动实施新计划，"
     "有望在2028年建成。", "2024-12-16"),
    ("本报讯 记者王伟报道：12月3日，召开会议。2024年完成投资。到2025年实现翻番，《2021—2025年规划》。",
     "2024-12-03"),
    ("本报讯 记者王伟报道：11月2日，会议召开。截至2023年底，全州高企达277家。", "2023-11-02"),
    # a review of 2022 (published in January 2023): no lead's day, the year of its headline
    ("## ——2022年昌吉州科技创新工作综述\n2022年,昌吉州深入实施创新驱动发展战略。"
     "2022年11月28日,科技部火炬中心发布名单。", "2022"),
    # a dateline is a lead
    ("新华社乌鲁木齐12月5日电（记者王伟）2024年，新疆新增高新技术企业500家。", "2024-12-05"),
    # a day written with its year counts in a news lead
    ("本报讯（记者 刘茜）2024年12月18日，昌吉州召开大会。", "2024-12-18"),
    ("本报讯（记者 刘茜）2024年12月18日，昌吉州召开大会。10月14日，椒农迎来丰收。", "2024-12-18"),
])
def test_date_from_text(text: str, expected: str) -> None:
    assert date_from_text(text) == expected


@pytest.mark.parametrize("text", [
    "",
    "昌吉州攻克了92项关键核心技术。",
    # a day but no year: 12月16日 of which year? (future years are plans, not dates)
    "12月16日，昌吉州召开人才工作新闻发布会。2025年，昌吉州将启动实施计划，有望在2028年建成投入使用。",
    # days on both sides of a new year: which is which?
    "2024年成效显著。12月28日，项目开工。1月3日，项目投产。",
    "2024年成效显著。截至11月底，增长。今年2月，开工。",
    # only another year's day
    "去年12月28日，项目开工。",
    # days outside a news lead: an event the page mentions, whose year the page may not state
    # (broadcast copy names last year's figures and history more than its own year)
    "今天（9月26日）发布，2021年底，我国综合交通网总里程突破600万公里。",
    "8月16日，走进企业。10月14日，椒农迎来丰收。2024年成交额突破8亿元。",
    "2024年上半年，全州增长。截至6月底，规上企业达到300家。今年8月投资1500万元。",
    # January to April: last year's results in this year's paper, or this year's news?
    "本报讯 记者李明报道：1月14日，记者获悉，2024年，昌吉州推荐入选“天山英才”75名。",
    "本报讯 记者李明报道：3月5日，记者获悉，2024年，昌吉州推荐入选“天山英才”75名。",
    "新华社北京3月5日电（记者王伟）2024年，全国新增高新技术企业5万家。",
    # a day earlier than a fully dated event: next year's page, or a date set ahead?
    "2024年12月28日，项目开工。1月3日，记者从项目部获悉，2024年完成投资5亿元。",
    "2024年完成投资。10月14日，椒农迎来丰收。项目2024年12月28日竣工。",
])
def test_ambiguous_or_unsupported_text_is_unknown(text: str) -> None:
    assert date_from_text(text) == ""


def test_a_dump_is_read_for_its_first_pages_only() -> None:
    """A date near the end of megabytes of copy is not read (a dump has no one date)."""
    filler = "昌吉州攻克了92项关键核心技术。" * 10_000
    dated = "本报讯 记者刘辉报道：12月18日，召开大会。2024年成效显著。"
    assert date_from_text(filler + dated) == "2024-12-18"  # the function reads it all
    assert date_of("", "", "dump.txt", filler + dated) == Dating("", "unknown")


# -- the path ----------------------------------------------------------------------------
@pytest.mark.parametrize("path, expected", [
    ("archive/2024-12-19/03.txt", "2024-12-19"),
    ("archive/20241219_03.txt", "2024-12-19"),
    ("pages/2024/12/19/a.md", "2024-12-19"),
    ("pages/2024/12/a.md", "2024-12"),
    ("pages/2024/a.md", "2024"),
    ("2024_12_19 昌吉日报.txt", "2024-12-19"),
    ("xwlb/20250126-03.md", "2025-01-26"),
    ("pages/2024.12.9/a.md", "2024-12-09"),
    # the deepest date wins: the file is what was filed
    ("2023/20241219_03.txt", "2024-12-19"),
    # not dates
    ("seeds/000_4f2cc99a263c1c5d.txt", ""),
    ("seeds/a20241219b.txt", ""),  # inside a hash
    ("archive/2024-13-45/a.txt", ""),  # no such day
    ("archive/20240230.txt", ""),
    ("draft.md", ""),
    ("notes/12345678.txt", ""),
    # far-away folders are not where the archive filed the page
    ("/home/u/2019/work/news/pages/a.md", ""),
])
def test_date_from_path(path: str, expected: str) -> None:
    assert date_from_path(path) == expected


# -- precedence --------------------------------------------------------------------------
TEXT = "本报讯：12月18日，昌吉州召开大会。2024年，全州攻克了92项关键核心技术。"


@pytest.mark.parametrize("front, side, path, expected", [
    ("2024-12-20", "2024-12-19", "2024-12-01/a.txt", Dating("2024-12-20", "front matter")),
    ("", "2024-12-19", "2024-12-01/a.txt", Dating("2024-12-19", "sidecar")),
    ("", "", "2024-12-01/a.txt", Dating("2024-12-01", "path")),
    ("", "", "a.txt", Dating("2024-12-18", "text")),
    ("  ", "", "a.txt", Dating("2024-12-18", "text")),
])
def test_precedence(front: str, side: str, path: str, expected: Dating) -> None:
    assert date_of(front, side, path, TEXT) == expected


def test_nothing_to_go_by_is_unknown_never_today(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("昌吉州攻克了92项关键核心技术。", encoding="utf-8")
    doc = read_document(page)
    assert (doc.date, doc.date_source) == ("", "unknown")
    assert set(DATE_SOURCES) == {"front matter", "sidecar", "path", "text", "unknown"}


def test_read_document_records_where_the_date_came_from(tmp_path: Path) -> None:
    d = tmp_path / "2024-12-01"
    d.mkdir()
    md = d / "a.md"
    md.write_text(f"---\ntitle: 标题\ndate: 2024-12-20\n---\n{TEXT}\n", encoding="utf-8")
    assert (read_document(md).date, read_document(md).date_source) == ("2024-12-20", "front matter")
    md.write_text(f"---\ntitle: 标题\n---\n{TEXT}\n", encoding="utf-8")  # front matter without a date
    assert (read_document(md).date, read_document(md).date_source) == ("2024-12-01", "path")
    txt = d / "b.txt"
    txt.write_text(TEXT, encoding="utf-8")
    (d / "b.meta.yaml").write_text("title: 标题\ndate: 2024-12-19\n", encoding="utf-8")
    assert (read_document(txt).date, read_document(txt).date_source) == ("2024-12-19", "sidecar")
    (d / "b.meta.yaml").write_text("title: 标题\n", encoding="utf-8")  # a sidecar without a date
    assert (read_document(txt).date, read_document(txt).date_source) == ("2024-12-01", "path")
    flat = tmp_path / "c.txt"
    flat.write_text(TEXT, encoding="utf-8")
    assert (read_document(flat).date, read_document(flat).date_source) == ("2024-12-18", "text")


# -- the seed pages, raw -----------------------------------------------------------------
# Inferred from the raw text vs the sidecar (the page's publication date). Why they differ:
# 000, 002, 004: the text dates the news it reports (12月18日 …), printed the next day;
# 001: the page states no year but plan targets (2025年…将, 有望在2028年): 12月16日 of which year?
# 003: a review of 2022 published in January 2023: no day, and the year it reports on.
RAW_SEEDS = {
    "000": ("2024-12-18", "text", "2024-12-19"),
    "001": ("", "unknown", "2024-12-17"),
    "002": ("2024-10-09", "text", "2024-10-15"),
    "003": ("2022", "text", "2023-01-10"),
    "004": ("2024-12-11", "text", "2024-12-12"),
}


@pytest.fixture(scope="module")
def raw_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed pages without their sidecars, as a new user would copy them."""
    d = tmp_path_factory.mktemp("raw_seeds")
    for p in SEED.values():
        shutil.copy(p, d / p.name)
    return d


@pytest.mark.parametrize("seed", sorted(RAW_SEEDS))
def test_raw_seed_pages_are_dated_from_their_text(raw_seeds: Path, seed: str) -> None:
    inferred, source, sidecar_date = RAW_SEEDS[seed]
    doc = read_document(raw_seeds / SEED[seed].name)
    assert (doc.date, doc.date_source) == (inferred, source)
    sidecar = yaml.safe_load(SEED[seed].with_suffix("").with_suffix(".meta.yaml").read_text(encoding="utf-8"))
    assert str(sidecar["date"]) == sidecar_date
    if inferred:  # never later than the page was printed, and at most a year-end review earlier
        assert inferred <= sidecar_date and int(sidecar_date[:4]) - int(inferred[:4]) <= 1
    with_sidecar = read_document(SEED[seed])
    assert (with_sidecar.date, with_sidecar.date_source) == (sidecar_date, "sidecar")


def test_raw_seed_pages_are_stored_with_their_date_source(raw_seeds: Path, tmp_path: Path) -> None:
    api.ingest([raw_seeds], tmp_path / "db")
    conn = sqlite3.connect(db_file(tmp_path / "db"))
    try:
        rows = {Path(p).name[:3]: (d, s) for p, d, s in conn.execute("SELECT path, date, date_source FROM documents")}
    finally:
        conn.close()
    assert rows == {seed: (d, s) for seed, (d, s, _) in RAW_SEEDS.items()}
    with ClaimStore(tmp_path / "db", create=False) as store:
        claims = list(store.all_claims())
    assert {(c.claim.date, c.claim.date_source) for c in claims if "/003_" in c.claim.path} == {("2022", "text")}
    assert {(c.claim.date, c.claim.date_source) for c in claims if "/001_" in c.claim.path} == {("", "unknown")}


# -- checks of undated drafts ------------------------------------------------------------
def test_an_undated_draft_is_not_dated_today(tmp_path: Path) -> None:
    db = tmp_path / "db"
    api.ingest([SEED["000"]], db)
    draft = tmp_path / "draft.md"
    restated = [line for line in SEED["000"].read_text(encoding="utf-8").splitlines() if "62" in line]
    draft.write_text("\n".join(restated) + "\n", encoding="utf-8")
    result = api.check([draft], db, verbose=True)
    assert result.findings, "a restated figure is found (FC100 or other)"
    today = date.today().isoformat()
    for f in result.findings:
        assert f.claim.date != today
        assert f.claim.date_source in ("text", "unknown")
        assert (f.claim.date == "") == (f.claim.date_source == "unknown")
    undated = tmp_path / "plain.md"
    undated.write_text("攻克了一批关键核心技术62项。\n", encoding="utf-8")
    result = api.check([undated], db, verbose=True)
    assert all((f.claim.date, f.claim.date_source) == ("", "unknown") for f in result.findings)
    claims, _ = api.claims([undated])
    assert all(c.date == "" for c in claims[0][1])


def test_a_draft_is_dated_by_its_path(tmp_path: Path) -> None:
    d = tmp_path / "2024-12-20"
    d.mkdir()
    draft = d / "draft.md"
    draft.write_text("攻克了一批关键核心技术62项。\n", encoding="utf-8")
    doc = read_document(draft)
    assert (doc.date, doc.date_source) == ("2024-12-20", "path")


# -- display -----------------------------------------------------------------------------
def _source(date: str, date_source: str) -> Source:
    return Source("a.txt", "标题", date, 3, 1, "62项", "攻克了62项关键核心技术", Quantity(62, 62, "项"),
                  TimeScope(), date_source=date_source)


@pytest.mark.parametrize("date_, source, zh, en", [
    ("2024-12-18", "text", "2024-12-18，据正文推断", "2024-12-18, inferred from text"),
    ("2024-12-19", "path", "2024-12-19，据文件路径", "2024-12-19, from the file path"),
    ("2024-12-19", "sidecar", "2024-12-19", "2024-12-19"),
    ("2024-12-19", "front matter", "2024-12-19", "2024-12-19"),
    ("2024-12-19", "", "2024-12-19", "2024-12-19"),  # a DB stored before dates were sourced
    ("", "unknown", "", ""),
])
def test_date_label(date_: str, source: str, zh: str, en: str) -> None:
    assert date_label(date_, source, "zh") == zh
    assert date_label(date_, source, "en") == en


def test_citations_say_a_date_was_inferred_and_never_print_empty_brackets() -> None:
    from factcheck.check import _cited, _scope_label

    inferred, unknown = _source("2024-12-18", "text"), _source("", "unknown")
    assert _cited(inferred, "zh") == "（标题，2024-12-18，据正文推断）"
    assert _cited(inferred, "en") == " (标题, 2024-12-18, inferred from text)"
    assert _cited(unknown, "zh") == "（标题）"
    assert _scope_label(inferred, "zh") == "未写明（2024-12-18，据正文推断）"
    assert _scope_label(unknown, "zh") == "未写明口径"
    rec = source_record(inferred)
    assert rec["date_source"] == "text" and rec["date"] == "2024-12-18"
    assert cite_text(rec, "zh").startswith("来源：标题（2024-12-18，据正文推断）a.txt:3")
    assert cite_text(source_record(unknown), "zh").startswith("来源：标题a.txt:3")
    assert "（）" not in cite_text(source_record(unknown), "zh")
    assert "()" not in cite_text(source_record(unknown), "en")


def test_text_and_audit_reports_label_inferred_dates() -> None:
    from factcheck.audit import FactGroup
    from factcheck.records import Claim, Finding
    from factcheck.report import audit_format, text_format

    claim = Claim("d.md", 1, 1, 1, 4, "92项", Quantity(92, 92, "项"), "关键核心技术", "项", "", TimeScope(),
                  "", "攻克了92项关键核心技术", "攻克了92项关键核心技术")
    finding = Finding("FC101", "error", "m", claim, (_source("2024-12-18", "text"), _source("", "unknown")))
    result = api.CheckResult((finding,), ("d.md",), 1)
    zh = text_format.render(result, "zh")
    assert "来源：标题（2024-12-18，据正文推断）a.txt:3" in zh and "（）" not in zh
    assert "source: 标题 (2024-12-18, inferred from text) a.txt:3" in text_format.render(result, "en")
    groups = [FactGroup("关键核心技术", "项", "", [finding])]
    audit = audit_format.render_text(groups, "zh")
    assert "62项（2024-12-18，据正文推断）" in audit and "（）" not in audit


# -- the claims DB -----------------------------------------------------------------------
def test_a_schema_1_database_is_upgraded_and_its_articles_read_again(tmp_path: Path) -> None:
    page = tmp_path / "articles" / "a.txt"
    page.parent.mkdir()
    page.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "db"
    api.ingest([page.parent], db)
    conn = sqlite3.connect(db_file(db))  # as schema 1 left it: no date_source, an undated page
    conn.execute("ALTER TABLE documents DROP COLUMN date_source")
    conn.execute("DROP TRIGGER claims_unindex")  # (and none of schema 3's features or clause index)
    conn.execute("DROP TABLE clause_index")
    conn.execute("ALTER TABLE claims DROP COLUMN features")
    conn.execute("UPDATE documents SET date = ''")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.execute("UPDATE documents SET path = ?", (display_path(page),))  # (relative to the working directory)
    conn.commit()
    conn.close()
    with ClaimStore(db, create=False) as store:  # a check works on the upgraded DB at once
        assert {(c.claim.date, c.claim.date_source) for c in store.all_claims()} == {("", "")}
    result = api.ingest([page.parent], db)
    assert (result.updated, result.unchanged) == (1, 0)  # read again, though its bytes are the same
    with ClaimStore(db, create=False) as store:
        assert {(c.claim.date, c.claim.date_source) for c in store.all_claims()} == {("2024-12-18", "text")}
    assert api.ingest([page.parent], db).unchanged == 1


def test_a_new_date_source_alone_re_ingests(tmp_path: Path) -> None:
    """A sidecar stating the date the path gave changes only the source: stored anew."""
    d = tmp_path / "2024-12-19"
    d.mkdir()
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "db"
    api.ingest([d], db)
    (d / "a.meta.yaml").write_text("date: 2024-12-19\n", encoding="utf-8")
    assert api.ingest([d], db).updated == 1
    with ClaimStore(db, create=False) as store:
        assert {c.claim.date_source for c in store.all_claims()} == {"sidecar"}
