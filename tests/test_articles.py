"""Issue 16.2 and 16.4: bylines are told from leads by their form, and headlines go to
the article they title."""
from __future__ import annotations

import pytest
from conftest import seeds_knowledge

from factcheck.articles import _role


@pytest.mark.parametrize("line", [
    "本报讯 昌吉州新增高新技术企业297家。",
    "本报讯 全州今年新增科技型中小企业86家",
    "本报讯 记者刘茜报道：昌吉州新增高企30家。",
    "记者从州科技局获悉，今年新增高企30家。",
    "通讯员张佳报道:昌吉州党委社会工作部新设3个科室。",
])
def test_a_short_lead_is_body_not_a_byline(line: str) -> None:
    assert _role(line) == "body"


@pytest.mark.parametrize("line", [
    "本报记者孙学良通讯员郭鹏飞",
    "本报记者 孙学良 通讯员 郭鹏飞",
    "本报讯 记者 刘茜 报道",
    "记者 何龙",
    "本报记者刘茜、通讯员魏丹",
    "本报实习记者耿雅薇",
])
def test_a_byline_is_a_credit_whatever_its_length(line: str) -> None:
    assert _role(line) == "credit"


def test_the_figures_of_a_short_lead_are_compared(tmp_path, all_seeds_db) -> None:
    import json

    from typer.testing import CliRunner

    from factcheck.cli import app

    page = tmp_path / "page.txt"
    page.write_text("本报讯 2024年遴选培育“庭州英才”260名。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(page), "--db", str(all_seeds_db), "-f", "json"])
    found = {(f["code"], f["claim"]["text"]) for f in json.loads(result.stdout)["findings"]}
    assert ("FC102", "260名") in found  # compared (with the cumulative 595名), not dropped as a byline


def _titles(path, lines: set[int]) -> set[str]:
    from factcheck.extract import extract
    from factcheck.reading import read_document

    doc = read_document(path)
    return {c.article_title for c in extract(doc, seeds_knowledge()).claims if c.line in lines}


def _raw_page(tmp_path, name: str):
    """A seed page as a new user has it: no sidecar metadata (no title from it)."""
    from conftest import SEED

    page = tmp_path / SEED[name].name
    page.write_bytes(SEED[name].read_bytes())
    return page


def test_a_page_headline_titles_its_article(tmp_path) -> None:
    # 004:27 follows a headline, its subtitle, a byline and a photo with its caption
    assert _titles(_raw_page(tmp_path, "004"), {27}) == {"奋进奋夺创新鼎走深走实创新路——昌吉州科技创新工作综述"}


def test_a_deck_goes_to_the_article_that_states_its_figures(tmp_path) -> None:
    # 000:124 推荐入选……75名……47名……220名 is the deck of the talent article
    assert _titles(_raw_page(tmp_path, "000"), {124}) == {"昌吉州发布2024年度人才培养重点成果"}


def test_photo_credits_and_bylines_are_still_recognised() -> None:
    assert _role("□本报记者何龙摄") == "caption"
    assert _role("□本报记者刘茜通讯员郭鹏飞") == "credit"
    assert _role("（本报记者刘新新整理）") == "credit"
    assert _role("12月18日，昌吉州科技创新大会在昌吉迎宾馆召开。图为签约仪式现场。□本报记者何龙摄") == "caption"
