"""The number grammar on the hard cases the extraction issue names: exact intervals."""
from __future__ import annotations

import pytest

from factcheck.extract import extract
from factcheck.records import Document
from conftest import SEEDS, seeds_knowledge, seeds_settings  # noqa: E402


def claims(text: str):
    return extract(Document(path="t.txt", text=text, content_hash="x"), seeds_knowledge()).claims


def one(text: str):
    cs = claims(text)
    assert len(cs) == 1, [(c.text, c.low, c.high) for c in cs]
    return cs[0]


@pytest.mark.parametrize("text, low, high, unit", [
    ("授信金额为1.5亿元。", 150000000, 150000000, "元"),
    ("投入 3700 万元实施计划。", 37000000, 37000000, "元"),
    ("投资一亿五千万元建设。", 150000000, 150000000, "元"),
    ("引进人才1800余名。", 1800, 1900, "名"),
    ("技术合同成交金额突破8亿元。", 800000000, None, "元"),
    ("跟岗研修3—6个月。", 3, 6, "个月"),
    ("贡献了95%以上的经费。", 95, None, "%"),
    ("全州电商达1.4万余家。", 14000, 15000, "家"),
    ("全疆推广300余万亩。", 3000000, 4000000, "亩"),
    ("生产总值319.40亿元。", 31940000000, 31940000000, "元"),
    ("共有两千三百万元。", 23000000, 23000000, "元"),
    ("惠及一千零五十户。", 1050, 1050, "户"),
    ("带动百亿元项目投资。", 10000000000, 10000000000, "元"),
    ("增长233.7%。", 233.7, 233.7, "%"),
    ("占比达到百分之四十。", 40, 40, "%"),
    ("提高2个百分点。", 2, 2, "个百分点"),
    ("筑牢三分之一国土。", 0.3333333333, 0.3333333333, "分之"),
    ("效率提升了近三倍。", None, 3, "倍"),
    ("选择5—10名青年。", 5, 10, "名"),
    ("给予20万—40万元补贴。", 200000, 400000, "元"),
    ("要三四个人。", 3, 4, "个"),
    ("只需一两天。", 1, 2, "天"),
    ("百余名院士专家。", 100, 200, "名"),
    ("上市三个多月。", 3, 4, "个月"),
    ("约3000人参加。", 2850, 3150, "人"),
    ("规模超4300万千瓦。", 43000000, None, "千瓦"),
    ("动辄上百元。", 100, 1000, "元"),
    ("不足50人。", None, 50, "人"),
    ("为博士研究生提供每月2000元租房补贴。", 2000, 2000, "元/月"),
    ("年产各类防水卷材800万平方米。", 8000000, 8000000, "平方米/年"),
    ("每亩650公斤。", 650, 650, "公斤/亩"),
    ("上半年就地转化项目超过一半。", 0.5, None, "分之"),
])
def test_hard_case_intervals(text: str, low, high, unit: str) -> None:
    c = one(text)
    assert (c.low, c.high, c.unit) == (pytest.approx(low) if low else low, pytest.approx(high) if high else high, unit)


@pytest.mark.parametrize("text", [
    "2024年昌吉州召开大会。", "12月18日召开。", "二〇二四年召开。", "第二批试点城市。",
    "州党委十二届九次全会召开。", "总量位居全疆第二。", "全疆唯一一家技术创新中心。", "与五家渠市建立机制。",
    "走进千家万户。", "培育一批人才。", "建成一个平台。", "打造5G互联网园区。", "“中棉113”棉花新品种。",
    "引进3台CHJ40型覆膜机。", "构建“1+1+N”政策体系。", "暨2024新疆热雪节上。", "2个万吨级绿氢项目。",
    "3个千亿级产业集群。", "（下转03版）", "聚焦“十大产业集群”。", "坚定拥护“两个确立”。",
    "增强“四个意识”、坚定“四个自信”。", "中央气象台预计，未来三天气温回升。", "今明两天有雨。",
    "我国成功发射云海二号02组卫星。", "卫星顺利进入预定轨道，01星状态良好。",
    "在速度滑冰男子1000米决赛中，宁忠岩夺冠。", "在男子4×100米自由泳接力决赛中，中国队获得第四名。",
    "十四届全国人大二次会议主席团举行会议。", "在二十届中央纪委三次全会上的讲话。",
])
def test_not_claims(text: str) -> None:
    nums = {c.text for c in claims(text)}
    assert not nums & {"2024年", "12月18日", "二〇二四年", "第二批", "十二届", "九次", "第二", "一家", "五家",
                       "千家", "一批", "一个", "5G", "113", "40型", "1+1", "2024", "万吨", "千亿", "03版", "十大",
                       "两个", "四个", "三天", "两天", "02组", "01星", "1000米", "100米", "二次", "三次"}, nums


def test_a_count_of_meetings_is_a_claim() -> None:
    assert [c.text for c in claims("今年已召开三次会议，审议议案12件。")] == ["三次", "12件"]


def test_a_distance_that_measures_something_is_a_claim() -> None:
    assert [c.text for c in claims("大桥全长1000米，主跨500米。")] == ["1000米", "500米"]


def test_a_leading_zero_is_no_label_for_a_fraction() -> None:
    assert [c.text for c in claims("利率下调0.25个百分点。")] == ["0.25个百分点"]


def test_counts_next_to_non_claims_survive() -> None:
    assert [c.text for c in claims("引进3台CHJ40型一体化覆膜机。")] == ["3台"]
    assert [c.text for c in claims("重点打造3个千亿级产业集群。")] == ["3个"]
    assert [c.text for c in claims("2个万吨级绿氢项目开工建设。")] == ["2个"]


@pytest.mark.parametrize("text, subject", [
    ("攻克了特高压装备制造、光伏组件等62项关键核心技术。", "关键核心技术"),
    ("高新技术企业达到277家。", "高新技术企业"),
    ("遴选培育“庭州英才”220名，涵盖名师。", "庭州英才"),
    ("入选重点人才项目31个，争取资金。", "重点人才项目"),
    ("授信金额为1.5亿元。", "授信金额"),
])
def test_subject_on_either_side(text: str, subject: str) -> None:
    assert one(text).subject == subject


def test_enumeration_subjects() -> None:
    cs = claims("推荐入选自治区“天山英才”75名、“天池英才”47名。")
    assert [(c.text, c.subject) for c in cs] == [("75名", "天山英才"), ("47名", "天池英才")]


def test_positions_point_into_the_original_despite_wraps() -> None:
    text = "州党委设立 5\n\n亿元创新创业引导基金，累计引\n进人才 1800\n余名。"
    cs = claims(text)
    assert [(c.text, c.line, c.column) for c in cs] == [("5亿元", 1, 7), ("1800余名", 4, 5)]
    assert (cs[0].low, cs[1].low, cs[1].high) == (500000000, 1800, 1900)


def test_full_width_digits_and_half_width_punctuation() -> None:
    c = one("２０２４年,全州高企达到２７７家。")
    assert (c.low, c.column, c.scope.year) == (277, 13, 2024)


def test_square_kilometres_written_with_qianmi_are_a_measure() -> None:
    # 平方千米 is 平方公里 in official copy: 生态保护红线面积约52万平方千米
    from factcheck.mentions import find_mentions

    found = [m for m in find_mentions("划定面积约52万平方千米。") if m.kind == "claim"]
    assert found and found[0].quantity.unit == "平方千米"


def test_the_measure_words_written_with_a_lookahead_start_no_other_measure_word() -> None:
    # mentions._UNIT puts them after the named list of the others: equivalent to one
    # alternation, longest first, only while at any place at most one of the two can match
    from factcheck.mentions import _NOT_AFTER, MEASURE_WORDS

    assert all(len(w) == 1 for w in _NOT_AFTER)
    assert not [(k, w) for k in _NOT_AFTER for w in MEASURE_WORDS if w != k and w.startswith(k)]


def test_a_text_without_the_characters_a_mention_pattern_needs_has_no_match_of_it() -> None:
    # find_mentions skips (and does not compile) a pattern when the text holds none of them
    import random

    from factcheck.mentions import _NOT_CLAIMS

    rnd = random.Random(5)
    alphabet = list("0123456789.,%一二两三四五六七八九十百千万亿零〇第届前是级奖大党的年月日时季度半上下近过去"
                    "连续多余个名人位元吨“”\"（）、，。超过至—+转版aZ型") + ["党的", "下转", "等奖"]
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 24))) for _ in range(30000)]
    for _, pattern, needs in _NOT_CLAIMS:
        for text in texts:
            for m in pattern.finditer(text):  # (the match, with what its lookarounds look at)
                around = text[max(0, m.start() - 2):m.end() + 1]
                assert m.end() == m.start() or any(ch in around for ch in needs), (text, m)


def test_a_fraction_over_zero_is_no_quantity() -> None:
    """0分之5 (a typo or a code) once ended the whole check with an internal error."""
    from factcheck.mentions import find_mentions

    found = find_mentions("占比为0分之5。三分之一的企业")
    assert [(m.kind, m.quantity.unit) for m in found if m.quantity] == [("claim", "分之")]
    assert found[-1].quantity.low == 0.3333333333
