"""The counted thing: one test per rule of factcheck/subject.py, on short news-like sentences."""
from __future__ import annotations

import pytest

from factcheck.extract import extract
from factcheck.records import Document
from conftest import seeds_knowledge, seeds_settings  # noqa: E402


def subjects(text: str) -> list[tuple[str, str]]:
    cs = extract(Document(path="t.txt", text=text, content_hash="x"), seeds_knowledge()).claims
    return [(c.text, c.subject) for c in cs]


def subject(text: str, figure: str) -> str:
    found = dict(subjects(text))
    assert figure in found, subjects(text)
    return found[figure]


@pytest.mark.parametrize("text, figure, expected", [
    # ---- after the measure word ----
    # a grade label (千亿级, 百万千瓦级) modifies the counted noun after the measure word
    ("重点打造3个千亿级产业集群。", "3个", "千亿级产业集群"),
    ("规划建设6台百万千瓦级核电机组。", "6台", "百万千瓦级核电机组"),
    # a predicate verb after the counted noun ends it (motion, role, start of works)
    ("今年有30余名专家顾问团智库成员来到昌吉。", "30余名", "专家顾问团智库成员"),
    ("2个万吨级绿氢项目开工建设。", "2个", "万吨级绿氢项目"),
    ("选派162名干部人才赴基层一线挂职锻炼。", "162名", "干部人才"),
    # a word followed by the aspect particle 了 is the predicate
    ("113家高新技术企业贡献了全州大部分研发经费。", "113家", "高新技术企业"),
    # the quotation the figure stands in closes the name
    ("实施“乡村振兴5项工程”建设。", "5项", "工程"),
    # a quotation after a head noun is another element
    ("支持首批20个试点城市“智能化改造”。", "20个", "试点城市"),
    # a run-on phrase (a missing full stop) ends before a place name
    ("签订30项科技成果转移转化协议昌吉州人民政府与高校签订战略合作协议。", "30项", "科技成果转移转化协议"),
    # a long phrase loses its first modifiers, never its head
    ("已经成立了11家自治区级新疆玉米种子工程技术研究中心。", "11家", "新疆玉米种子工程技术研究中心"),
    # a description before 的 is not the name; 如 (a comparison) ends the phrase
    ("每台机器上，数千个雪白的纱锭如琴键般一字排开。", "数千个", "纱锭"),
    # a money noun tagged as a verb is still the head: 补助
    ("每年可享受2000万元的科研项目补助。", "2000万元", "科研项目补助"),
    # ---- before the figure ----
    # an adjective inside the phrase belongs to it (合同 and 高 are tagged as adjectives)
    ("技术合同成交金额突破8亿元。", "突破8亿元", "技术合同成交金额"),
    ("建成一批高能级创新平台172家。", "172家", "高能级创新平台"),
    ("全国一般公共预算收入60877亿元。", "60877亿元", "全国一般公共预算收入"),
    # ... but 大 after a numeral belongs to the numeral (五大, 十大)
    ("明确5大重点工作任务15条。", "15条", "重点工作任务"),
    # two nouns joined under one head
    ("全社会研究与试验发展经费达到14.14亿元。", "14.14亿元", "全社会研究与试验发展经费"),
    ("累计签订销售和意向订单超38亿元。", "超38亿元", "销售和意向订单"),
    # a distributive determiner opens the phrase and is not part of it
    ("兑现各类政策奖补资金8555万元。", "8555万元", "政策奖补资金"),
    ("全州已建成自治区级以上各类创新平台145个。", "145个", "创新平台"),
    ("目前已预置各种救援力量6万余人。", "6万余人", "救援力量"),
    # a verb before an adjective and its noun is the predicate
    ("2024年研发新产品58个。", "58个", "新产品"),
    # linking words before the figure: 为期, 提高到
    ("此次培训为期2天。", "2天", "培训"),
    ("人才专项经费提高到800万元。", "800万元", "人才专项经费"),
    # a common noun with a place suffix is a counted thing, not a place
    ("全州5个社区。", "5个", "社区"),
    # 稳定在 links a metric to its level like 达到; an adjective head is taken only right before the figure
    ("南方早稻种植面积稳定在7000多万亩。", "7000多万亩", "早稻种植面积"),
    ("病程一般在5—7天。", "5—7天", "病程"),
    ("运输时效提升了50%以上。", "50%以上", "运输时效"),
    # a noun mis-tagged as an adjective (清单) right before the figure is the head
    ("配合事项清单2类。", "2类", "配合事项清单"),
    # a share named by what it is for
    ("给予经费资助，其中40%用于个人生活补助。", "40%", "个人生活补助"),
    # a verb of recovery between the thing and its figure, like 回升 (predicate_verbs)
    ("藏羚羊增长至7万多头，雪豹恢复到1200多只。", "1200多只", "雪豹"),
    ("断电的8条供电线路目前已恢复6条。", "6条", "供电线路"),
])
def test_the_noun_phrase_next_to_the_figure(text: str, figure: str, expected: str) -> None:
    assert subject(text, figure) == expected


def test_a_metric_after_a_counted_noun_is_the_metric_of_that_noun() -> None:
    # 296家【企业】 counts the companies; the money is their 研发费用加计扣除金额
    assert subjects("296家企业研发费用加计扣除金额达14.12亿元。") == [
        ("296家", "企业"), ("14.12亿元", "研发费用加计扣除金额")]
    # after a measure (米), not a classifier, nothing is split off
    assert subject("公园绿地500米服务半径覆盖率达到91%。", "91%") == "服务半径覆盖率"


def test_money_before_de_and_a_money_noun_is_that_money() -> None:
    assert subject("还将享受博士50万元、硕士20万元的生活补助。", "20万元") == "生活补助"
    # 的 + a thing that is not money: the money is still what is before it
    assert subject("总投资5亿元的项目开工。", "5亿元") == "总投资"


def test_a_part_counts_what_its_whole_counts() -> None:
    assert subject("全县110万亩棉田中有65万亩实现了数字化管理。", "65万亩") == "棉田"


def test_a_figure_without_a_noun_continues_the_earlier_figure_of_its_unit() -> None:
    assert subjects("全州新认定高新技术企业75家，总量达169家。") == [
        ("75家", "高新技术企业"), ("169家", "高新技术企业")]
    # a rate continues a rate of the same unit
    assert subject("原来每天生产2500块光伏板，现在每天能够生产4000块。", "4000块") == "光伏板"
    # a figure right after another one (7类28条) counts the same list
    assert subject("延伸至乡镇基本履职事项清单7类28条。", "28条") == "乡镇基本履职事项清单"
    # money only continues when nothing but linking words stands before it
    assert subject("有些精美的文创产品动辄上百元，甚至上千元。", "上千元") == "文创产品"
    assert subject("总产值突破60亿元，带动农户户均增收超过500元。", "超过500元") == ""


@pytest.mark.parametrize("text, expected", [
    ("庭州优秀工程师聚焦生产一线具有创新潜力的人才，已遴选34名。", "庭州优秀工程师"),
    ("庭州名师主要培养在教育领域享有较高声望的优秀教师，已遴选200名。", "庭州名师"),
    ("庭州优秀“三农”人才聚焦培养现代农牧业人才，已遴选44名。", "庭州优秀三农人才"),
])
def test_the_topic_of_the_clause_chain(text: str, expected: str) -> None:
    [(_, got)] = subjects(text)
    assert got == expected


@pytest.mark.parametrize("text, figure, expected", [
    ("拥有国家、自治区级人才平台172个。", "172个", "人才平台"),
    ("拿出全州正科级、副科级领导职数的10%。", "10%", "领导职数"),
    ("组织申报国家、自治区科技项目500余项。", "500余项", "科技项目"),
    # an enumeration of places (not of levels) keeps the level of the counted noun
    ("获得国家中医药传承创新发展试验区、国家知识产权公共服务标准化建设试点城市3个国家级荣誉称号。",
     "3个", "国家级荣誉称号"),
])
def test_levels_enumerated_before_one_noun_count_the_noun(text: str, figure: str, expected: str) -> None:
    assert subject(text, figure) == expected
