"""scripts/eval_typos.py (issue 12, part 7): the injector, the rewriter and the twin
alignment on inline strings; the whole script on a small slice of the CCTV corpus when
``../shared/corpora`` is there."""
from __future__ import annotations

import json
import random
import subprocess
import sys
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import twins  # noqa: E402
import typo_variants as tv  # noqa: E402
from eval_typos import edit_figure  # noqa: E402

from factcheck import api  # noqa: E402

FIGURES = ["13908亿斤", "1.25万亿元", "52.0%", "3.5万吨", "5.2%", "595名", "105个", "0.5个百分点",
           "12.5万人", "35000人", "1.5亿元", "7300万元", "14130亿斤", "227个", "299.8公里"]


def _value_as_read(text: str) -> tuple[float | None, str]:
    """The value factcheck's extractor reads from ``text`` in a sentence."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "d.md"
        p.write_text(f"全国粮食产量达到{text}。\n", "utf-8")
        (doc, claims), = api.claims([p])[0]
    assert len(claims) == 1, claims
    return claims[0].low, claims[0].unit


@pytest.mark.parametrize("kind", tv.TYPO_KINDS)
@pytest.mark.parametrize("figure", FIGURES)
def test_a_typo_changes_the_value(figure: str, kind: str) -> None:
    v = tv.typo(figure, kind, random.Random(7))
    if v is None:
        assert kind in ("decimal", "wan_yi", "transpose")  # some kinds do not apply to some figures
        return
    assert v.text != figure and v.changed.value != v.original.value
    assert v.original.text == figure


def test_every_kind_applies_somewhere_and_is_reproducible() -> None:
    for kind in tv.TYPO_KINDS:
        made = [tv.typo(f, kind, random.Random(1)) for f in FIGURES]
        assert any(made), kind
        again = [tv.typo(f, kind, random.Random(1)) for f in FIGURES]
        assert made == again


def test_typo_kinds_do_what_they_say() -> None:
    rng = random.Random(3)
    assert sorted(tv.typo("13908亿斤", "transpose", rng).text[:5]) == sorted("13908")
    assert tv.typo("1.25万亿元", "wan_yi", rng).text == "1.25亿元"
    assert tv.typo("7300万元", "wan_yi", rng).text == "7300亿元"
    assert tv.typo("3.5万吨", "wan_yi", rng).text == "3.5亿吨"
    assert tv.typo("595名", "decimal", rng).text == "59.5名"
    assert tv.typo("1.25万亿元", "decimal", rng).text in ("12.5万亿元", "0.125万亿元")
    assert tv.typo("5.2%", "wan_yi", rng) is None  # no 万 or 亿 to swap
    assert tv.typo("100余家", "digit", rng) is None  # an approximate figure is left alone
    for _ in range(50):
        d = tv.typo("105个", "digit", rng).text
        assert not d.startswith("0") and d != "105个"


@pytest.mark.parametrize("figure,expected", [
    ("1.25万亿元", "12500亿元"), ("52.0%", "52%"), ("3.5万吨", "35000吨"), ("1.5亿元", "15000万元"),
    ("35000人", "3.5万人"), ("1,234家", "1234家"),
])
def test_a_rewrite_keeps_the_value(figure: str, expected: str) -> None:
    v = tv.rewrite(figure)
    assert v is not None and v.text == expected
    assert v.changed.value == v.original.value


@pytest.mark.parametrize("figure", ["1.25万亿元", "52.0%", "3.5万吨", "1.5亿元", "35000人", "13908亿斤"])
def test_factcheck_reads_the_typo_as_another_value_and_the_rewrite_as_the_same(figure: str) -> None:
    base = _value_as_read(figure)
    rw = tv.rewrite(figure)
    if rw is not None:
        assert _value_as_read(rw.text) == base
    for kind in tv.TYPO_KINDS:
        v = tv.typo(figure, kind, random.Random(5))
        if v is not None:
            low, unit = _value_as_read(v.text)
            assert (low, unit) != base, (figure, v.text)
            assert Decimal(str(low)) == v.changed.value  # the script's value is factcheck's


def test_edit_figure_changes_only_the_figure() -> None:
    text = "---\ndate: 2025-02-28\n---\n\n2024年，我国粮食总产量达14130亿斤，迈上新台阶。\n"
    col = text.splitlines()[4].index("14130") + 1
    fig = twins.Figure("x", "2025-02-28", "", 5, col, 5, col + 7, "14130亿斤", "斤", "")
    new, c, end = edit_figure(text, fig, "14310亿斤")
    assert new == text.replace("14130亿斤", "14310亿斤") and (c, end) == (col, col + 7)
    spaced = "目前已发现 27 例病例。\n"
    fig = twins.Figure("x", "2020-01-01", "", 1, 7, 1, 11, "27例", "例", "")
    assert edit_figure(spaced, fig, "72例")[0] == "目前已发现 72 例病例。\n"


def _fig(date: str, sentence: str, text: str, line: int = 1) -> twins.Figure:
    col = sentence.index(text) + 1
    return twins.Figure(f"/c/{date}-{line}.md", date, "", line, col, line, col + len(text), text, text[-1], sentence)


def test_twins_align_restatements_and_not_templates() -> None:
    early = [_fig("2024-12-29", "2024年，我国粮食总产量达14130亿斤，首次迈上1.4万亿斤新台阶。", "14130亿斤"),
             _fig("2024-10-14", "其中出口18.62万亿元，增长6.2%；进口13.71万亿元，增长4.1%。", "6.2%"),
             _fig("2024-06-05", "政协第十四届全国委员会常务委员会第七次会议举行全体会议，14位政协常委作大会发言。", "14位"),
             _fig("2024-09-30", "军乐团奏响深情的《献花曲》，18名礼兵稳稳抬起花篮，缓步走向人民英雄纪念碑。", "18名")]
    late = [_fig("2025-02-28", "2024年，我国粮食总产量达14130亿斤，迈上新台阶。", "14130亿斤"),
            _fig("2025-12-08", "其中，出口24.46万亿元，增长6.2%；进口16.75万亿元，增长0.2%。", "6.2%"),
            _fig("2025-06-24", "政协第十四届全国委员会常务委员会第十二次会议举行全体会议，14位政协常委作大会发言。", "14位"),
            _fig("2025-09-30", "军乐团奏响深情的《献花曲》，18名礼兵稳稳抬起花篮，缓步走向人民英雄纪念碑。", "18名"),
            _fig("2025-03-01", "今年全国粮食总产量达14130亿斤。", "14130亿斤", line=2)]  # 今年 = 2025 ≠ 2024
    found = twins.find_twins(early, late)
    assert [t.late.text for t in found] == ["14130亿斤"]
    assert found[0].late.date == "2025-02-28" and found[0].id.startswith("2025-02-28-1:1:")


def test_periods_resolve_relative_years() -> None:
    assert twins.periods_of("今年上半年，全国粮食产量达到1.5亿吨", 2025) == ("2025", "上半年")
    assert twins.periods_of("去年1—4月全国进出口增长", 2025) == ("1—4月", "2024")


@pytest.mark.parametrize("corpus,at_least", [("xwlb", 30), ("dxy", 10)])
def test_the_reviewed_twin_sample_is_valid(corpus: str, at_least: int) -> None:
    import yaml

    path = ROOT / "fixtures" / "eval" / f"{corpus}_twins_sample.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    rows = data["twins"]
    assert len({r["id"] for r in rows}) == len(rows) >= at_least
    for r in rows:
        assert r["verdict"] in (True, False), r["id"]
        assert r["why"].strip(), r["id"]
        assert r["figure"] in r["early"]["sentence"] and r["figure"] in r["late"]["sentence"]
    read = data["unmodified_errors_read"]
    assert read["summary"] and isinstance(read["sample"], list)
    for r in read["sample"]:
        assert r["verdict"] in (True, False) and r["why"].strip(), r["id"]


SHARED = ROOT.parent / "shared" / "corpora" / "xwlb-articles.tar.xz"


@pytest.mark.skipif(not SHARED.is_file(), reason="../shared/corpora is not on this machine")
def test_the_script_runs_on_a_slice_of_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "xwlb"
    corpus.mkdir()
    with tarfile.open(SHARED) as tar:  # 2024-10 → 2025-03: about 1,200 items
        for m in tar:
            name = Path(m.name).name
            if m.isfile() and "20241001" <= name[:8] < "20250316":
                m.name = name
                tar.extract(m, corpus, filter="data")
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "eval_typos.py"), "--corpus", str(corpus), "--cutoff", "2025-01-01",
         "--max-twins", "20", "--random-drafts", "10", "--db-dir", str(tmp_path / "db"), "--jobs", "1",
         "--errors-out", str(tmp_path / "errors.yaml"), "--json"],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    rep = json.loads(out.stdout)
    assert rep["twins_found"] >= 1 and rep["twins_used"] <= 20
    for kind in (*tv.TYPO_KINDS, "all"):
        assert set(rep["typos"][kind]) >= {"n", "caught", "rate", "flagged"}
        assert rep["typos"][kind]["caught"] <= rep["typos"][kind]["flagged"] <= rep["typos"][kind]["n"]
    assert rep["typos"]["all"]["n"] >= 1
    assert rep["twins"]["n"] == rep["twins_used"]
    assert rep["whole"]["drafts"] == 10
    assert set(rep["seed_loo"]) >= {"sidecar", "raw", "difference"}
    assert len(rep["seed_loo"]["sidecar"]["conflicts"]) == 5
    assert set(rep["targets"]) >= {"typos_caught >= 95%", "0 false errors on twins", "0 errors on rewrites"}
    assert (tmp_path / "errors.yaml").is_file()
