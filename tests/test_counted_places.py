"""Extraction errors that kept two restatements of one fact apart (issue 12, dev split of
the CCTV corpus): a counted noun read as a place, a figure whose subject was not found
because a verb of change stood between the thing and its figure."""
from __future__ import annotations

import pytest

from factcheck.context import Gazetteer, _other_places
from factcheck.extract import extract
from factcheck.knowledge import DATA_DIR, load
from factcheck.records import Document


def claims(text: str, date: str = "2024-05-01"):
    return extract(Document(path="t.txt", text=text, content_hash="x", date=date), load()).claims


def claim(text: str, figure: str):
    found = {c.text: c for c in claims(text)}
    assert figure in found, [(c.text, c.subject, c.place) for c in found.values()]
    return found[figure]


# ---- a place found by its suffix ------------------------------------------------------------

@pytest.mark.parametrize("text, figure", [
    # a common noun with a place suffix after a numeral and a classifier is counted
    ("全国832个脱贫县农民人均可支配收入增长8.4%。", "8.4%"),
    ("目前，长江经济带沿线11个省市已全面完成生态保护红线划定，划定面积约52万平方千米。", "约52万平方千米"),
    # a grade before such a noun does not begin a place name
    ("国家级脱贫县农民人均可支配收入增长8.4%。", "8.4%"),
    # 城市 is a kind of place, not a place ending in 市
    ("东南亚等城市游客增长30%。", "30%"),
    # 市 in 市场 ends no place name
    ("中国新接订单量占世界市场份额的66.6%。", "66.6%"),
    ("纽约股市三大股指下跌，标准普尔指数跌幅为1.84%。", "1.84%"),
])
def test_a_counted_or_common_noun_is_no_place(text: str, figure: str) -> None:
    assert claim(text, figure).place in ("", "全国")


@pytest.mark.parametrize("text, name", [
    ("山西介休市人民医院的康复科下沉到了乡卫生院", "介休市"),  # 休市 is a word, but not here
    ("四川成都市新增就业岗位", "成都市"),
    ("湖北荆门市新增就业岗位", "荆门市"),
])
def test_a_place_name_ending_like_a_common_word_is_kept(text: str, name: str) -> None:
    spans = [text[s:e] for s, e in _other_places(text, load())]
    assert any(s.endswith(name) for s in spans), spans


def test_a_leading_de_is_not_part_of_the_name() -> None:
    assert claim("茶叶产业带动的松阳县茶农增收20%。", "20%").place == "松阳县"


@pytest.mark.parametrize("text, figure, place", [
    ("去年昌吉农高区集聚科研院校41家，科研人才队伍达到2678人。", "2678人", "昌吉农高区"),
    ("2024年昌吉市研发投入达到5.3亿元。", "5.3亿元", "昌吉市"),
    ("今年松阳县茶农增收20%。", "20%", "松阳县"),
])
def test_a_time_said_before_a_place_is_not_part_of_its_name(text: str, figure: str, place: str) -> None:
    assert claim(text, figure).place == place


@pytest.mark.parametrize("text, figure, place", [
    ("美国华盛顿州发生枪击5人死亡", "5人", "华盛顿州"),
    ("美国华盛顿特区发生枪击案2人死亡", "2人", "华盛顿特区"),
    ("美国加利福尼亚州南部燃起林火，过火面积已经达到20平方公里。", "20平方公里", "加利福尼亚州"),
    ("新疆伊犁州新增企业20家。", "20家", "伊犁州"),
    ("美国各州共有120人死亡。", "120人", "美国"),  # 各州: no division named
])
def test_a_division_written_after_a_listed_place_is_the_place(text: str, figure: str, place: str) -> None:
    assert claim(text, figure).place == place
    assert Gazetteer(load()).place_in(text) == place


def test_the_headline_gazetteer_reads_places_the_same_way() -> None:
    g = Gazetteer(load())
    assert g.place_in("全国832个脱贫县") == "全国"
    assert g.place_in("20个试点城市名单公布") == ""
    assert g.place_in("湖北荆门市新增就业岗位") == "荆门市"


# ---- the counted thing ------------------------------------------------------------------------

@pytest.mark.parametrize("text, figure, expected", [
    # after a numeral and a classifier, a noun with a place suffix is the counted thing
    ("习近平总书记考察调研的足迹遍布西部12个省区市。", "12个", "省区市"),
    ("目前，长江经济带沿线11个省市已全面完成生态保护红线划定。", "11个", "省市"),
    ("舒兰受灾严重的3个乡镇得到支援。", "3个", "乡镇"),
    # a listed kind of place the tagger does not read as a noun (县 alone)
    ("如今，832个脱贫县都培育出了2到3个优势突出的主导产业。", "832个", "脱贫县"),
    # a verb of change between the measured thing and its figure
    ("英国食品价格同比上涨17.5%，创下新高。", "17.5%", "英国食品价格"),
    ("德国今年国内生产总值将萎缩0.5%。", "0.5%", "国内生产总值"),
    ("重大水利工程开工35项。", "35项", "重大水利工程"),
    # a modal verb before 达
    ("预计每年发电量可达10亿度。", "10亿度", "年发电量"),
])
def test_the_counted_thing_is_found(text: str, figure: str, expected: str) -> None:
    assert claim(text, figure).subject == expected


def test_the_base_of_a_comparison_is_no_subject() -> None:
    # 较1月的预测上调: 预测 is what the change is measured against
    assert claim("国际货币基金组织将中国经济增长预期较1月的预测上调1.3个百分点。", "1.3个百分点").subject != "预测"


def test_a_region_name_after_a_classifier_is_still_where() -> None:
    from factcheck.subject import _not_place

    national, changji = load(), load(region="changji")
    assert _not_place("全国", national, counted=True) == ""
    assert _not_place("省区市", national, counted=True) == "省区市"
    assert _not_place("省区市", national) == "省区市"  # a kind of place, listed in words.yaml
    assert "昌吉市" in changji.region_place_words and _not_place("昌吉市", changji, counted=True) == ""


def test_the_new_word_lists_are_read_from_words_yaml() -> None:
    import os

    import yaml

    with open(os.path.join(DATA_DIR, "words.yaml"), encoding="utf-8") as f:
        words = yaml.safe_load(f)
    k = load()
    for name in ("place_kind_words", "suffix_free_words", "count_classifiers", "predicate_verbs"):
        assert k.word_list(name) == tuple(words[name]) and k.word_list(name)


# ---- places that frame a ranking or name something ---------------------------------------

@pytest.mark.parametrize("text, figure, place", [
    # the frame of a ranking says nothing about where the figure is
    ("四川省高新技术企业达到277家，总量位居全国第二；兑现奖励9257万元。", "9257万元", "四川"),
    ("四川省智慧农业关键技术走在全国前列，示范推广面积187.8万亩。", "187.8万亩", "四川"),
    # a word of a quoted name, or of an item of a list closed by 等, is no place of a figure
    ("四川省实施了“新疆棉花病虫害绿色防控示范”等项目，示范推广面积187.8万亩。", "187.8万亩", "四川"),
    ("四川省组建了新疆粮食单产提高、高品质棉花生产等45支团队，科研人才队伍达到2878人。", "2878人", "四川"),
    # a place named for itself still counts: in a list of places, in speech, before a measure
    ("四川省、新疆等地推广面积187.8万亩。", "187.8万亩", "新疆"),
    ("向河南、河北调拨折叠床、毛毯等2万件。", "2万件", "河北"),
    ("他说：“今年一季度，江苏地区生产总值增长5.2%，经济运行开局良好。", "5.2%", "江苏"),
    ("一季度，全国第一产业固定资产投资同比增长16%。", "16%", "全国"),
])
def test_a_ranking_frame_or_a_name_is_no_place(text: str, figure: str, place: str) -> None:
    assert claim(text, figure).place == place
