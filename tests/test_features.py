"""Issue 12, items 5 and 6: features computed once at extraction, stored, and compared;
candidates from similar clauses when the subjects were read differently."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED, seeds_knowledge, seeds_settings

from factcheck import api
from factcheck.extract import extract
from factcheck.judge import Options, judge
from factcheck.match import candidates, magnitude_apart
from factcheck.reading import read_document
from factcheck.records import Document, Quantity
from factcheck.store import ClaimStore


def _claims(text: str, date: str = "2024-12-19", path: str = "a.md"):
    return extract(Document(path=path, text=text, content_hash=path, date=date), seeds_knowledge()).claims


def test_every_claim_carries_its_features_from_extraction() -> None:
    claims = extract(read_document(SEED["000"]), seeds_knowledge()).claims
    assert claims and all(c.features is not None for c in claims)
    talent = next(c for c in claims if c.text == "220名" and "庭州英才" in c.sentence)
    assert talent.features.canonical_subject == "庭州英才" and talent.features.named
    assert {"遴选", "培育"} <= set(talent.features.context_terms)


def test_a_figure_written_twice_in_its_sentence_is_read_where_it_stands() -> None:
    """Extraction records where each figure stands: the second 100亿元 is the talent fund's, and
    3.5万台 is not the end of 13.5万台."""
    claims = _claims("新疆设立100亿元产业发展投资引导基金和100亿元人才发展基金。江苏准备了13.5万台履带式收割机、3.5万台烘干机。\n")
    first, second = (c for c in claims if c.text == "100亿元")
    assert (first.features.at, second.features.at) == (4, 20)
    assert second.features.window == "新疆设立100亿元产业发展投资引导基金和＃人才发展基金。"
    assert first.features.neighbours_before == 0 and second.features.neighbours_before == 1
    dryer = next(c for c in claims if c.text == "3.5万台")
    assert dryer.features.window == "江苏准备了13.5万台履带式收割机、＃烘干机。"


def test_the_rules_compare_fields_and_read_no_text_again() -> None:
    """Blanking the sentences, clauses and titles after extraction changes no verdict."""
    a = _claims("2024年，昌吉州遴选培育“庭州英才”260名。\n")[0]
    pairs = [(a, b) for b in extract(read_document(SEED["000"]), seeds_knowledge()).claims]
    blank = {"sentence": "", "clause": "", "article_title": ""}
    for x, y in pairs:
        v = judge(x, y, seeds_knowledge(), Options())
        w = judge(x._replace(**blank), y._replace(**blank), seeds_knowledge(), Options())
        assert (v.outcome, [f.rule for f in v.trail]) == (w.outcome, [f.rule for f in w.trail]), y.text


def test_features_survive_the_claims_db(tmp_path: Path) -> None:
    api.ingest([SEED["001"]], tmp_path / "db", seeds_settings())
    fresh = {(c.line, c.column): c.features for c in extract(read_document(SEED["001"]), seeds_knowledge()).claims}
    with ClaimStore(tmp_path / "db", create=False) as store:
        stored = {(s.claim.line, s.claim.column): s.claim.features for s in store.all_claims()}
    assert stored == fresh


def test_a_restatement_is_found_by_its_clause_when_its_subject_is_read_otherwise(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text("---\ndate: 2024-11-27\n---\n\n截至目前，我国已布局建设77个国家重大科技基础设施，"
                                 "在建和运行的大科学装置超过60个。\n", encoding="utf-8")
    api.ingest([folder], tmp_path / "db")
    draft = _claims("截至目前，我国已布局建设67个重大科技基础设施项目，在建和运行的大科学装置超过60个。\n",
                    date="2024-11-28", path="d.md")[0]
    with ClaimStore(tmp_path / "db", create=False) as store:
        by_terms = store.candidates(["重大科技基础设施项目"], ["个"], set(), set())
        found = candidates(store, draft, seeds_knowledge(), {"d.md"}, set())
    assert not by_terms  # the subject words alone do not find it
    assert [s.claim.text for s in found][:1] == ["77个"]


def test_a_figure_of_a_list_of_figures_is_found_by_the_words_of_its_sentence(tmp_path: Path) -> None:
    """890例（3日）、731例（4日）: the clause template (例日例日…) says nothing; the words around
    the figure find the earlier list, and each figure's own day is its scope."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text("---\ndate: 2020-02-08\n---\n\n而过去4日这一数据分别为：890例（3日）、731例（4日）、"
                                 "707例（5日）、696例（6日）。\n", encoding="utf-8")
    api.ingest([folder], tmp_path / "db")
    draft = next(c for c in _claims("截至2月11日24时，而过去8日这一数据分别为：890例（3日）、781例（4日）、707例（5日）、"
                                    "696例（6日）、558例（7日）。\n", date="2020-02-12", path="d.md") if c.text == "781例")
    assert draft.scope.label == "4日（2月4日）"
    with ClaimStore(tmp_path / "db", create=False) as store:
        found = candidates(store, draft, seeds_knowledge(), {"d.md"}, set())
    source = next(s.claim for s in found if s.claim.text == "731例")
    assert source.scope.label == "4日（2月4日）"
    # 这一数据 names the series only in the sentence before: no error on the words alone (E07)
    verdict = judge(draft, source, seeds_knowledge(), Options())
    assert (verdict.outcome, [f.rule for f in verdict.trail]) == ("silent", ["F07", "E07"])
    # named in its own sentence, the same day's figure restated with a digit changed is an error
    named = [next(c for c in _claims(f"全国湖北以外地区新增确诊病例分别为：890例（3日）、{x}（4日）、707例（5日）。\n",
                                     date=d, path=p) if c.text == x)
             for x, d, p in (("781例", "2020-02-12", "d.md"), ("731例", "2020-02-08", "a.md"))]
    assert judge(*named, seeds_knowledge(), Options()).outcome == "conflict"


def test_a_late_item_of_a_list_is_found_among_many_lists_by_its_label(tmp_path: Path) -> None:
    """The fourth item of a list (696例（6日）) stands too far from the list's head for the words
    around it to say anything (例日例日＃日): it is found by its label and the head, among twenty
    other lists of the same words."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for day in range(1, 21):  # twenty other days' lists, of other figures
        (folder / f"x{day:02d}.md").write_text(
            f"---\ndate: 2020-03-{day:02d}\n---\n\n全国新增出院病例分别为：{100 + day}例（{day}日）、{200 + day}例（{day + 1}日）、"
            f"{300 + day}例（{day + 2}日）、{400 + day}例（{day + 3}日）。\n", encoding="utf-8")
    (folder / "a.md").write_text("---\ndate: 2020-02-08\n---\n\n而过去4日这一数据分别为：890例(3日)、731例(4日)、"
                                 "707例(5日)、696例(6日)。\n", encoding="utf-8")
    api.ingest([folder], tmp_path / "db")
    draft = next(c for c in _claims("而过去8日这一数据分别为：890例（3日）、731例（4日）、707例（5日）、669例（6日）、"
                                    "558例（7日）。\n", date="2020-02-12", path="d.md") if c.text == "669例")
    with ClaimStore(tmp_path / "db", create=False) as store:
        found = candidates(store, draft, seeds_knowledge(), {"d.md"}, set())
    assert any(s.claim.text == "696例" and s.claim.path.endswith("a.md") for s in found)


def test_a_figure_written_twice_in_its_sentence_keeps_its_own_day() -> None:
    """The second 5例 is followed by its day; the first is not (the day is read where each
    figure ends, not where its text first occurs in the sentence)."""
    first, second = [c for c in _claims("全市累计报告5例，其中过去这一数据分别为：5例（3日）。\n", date="2020-02-08")
                     if c.text == "5例"]
    assert (first.features.own_day, second.features.own_day) == (False, True)
    assert second.scope.label == "3日（2月3日）" and second.features.fixed_period


def test_features_do_not_depend_on_the_hash_seed() -> None:
    """Two ingests in two processes store the same features (sets are never ordered by hash)."""
    import os
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from factcheck.reading import read_document;"
            "from factcheck.extract import extract; from factcheck.knowledge import load;"
            "from factcheck.rows import features_json;"
            "print('\\n'.join(features_json(c.features) for p in sorted(Path('fixtures/seeds').glob('*.txt'))"
            " for c in extract(read_document(p), load(region='changji')).claims))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1 and len(next(iter(outs))) > 1000


def test_where_a_scope_was_read_is_kept() -> None:
    """Features.scope_from: '' for a scope in the figure's own sentence, 'paragraph' for one
    read in an earlier sentence of its paragraph, 'lead' for the article's lead."""
    text = "2021年，我国设立首批国家公园。\n大熊猫国家公园连通了13个局域种群生态廊道。2023年，新建步道80公里。\n"
    by_text = {c.text: c for c in _claims(text, date="2023-08-19")}
    assert by_text["80公里"].features.scope_from == ""
    assert (by_text["13个"].scope.label, by_text["13个"].features.scope_from) == ("2021年", "lead")
    para = {c.text: c for c in _claims("标题\n\n正文开头。\n\n2021年，设立首批国家公园。大熊猫国家公园连通了13个廊道。\n")}
    assert para["13个"].features.scope_from == "paragraph"


def test_window_and_neighbours_of_a_figure() -> None:
    """The words around a figure (what F07 compares for a short clause) and the other figures
    of its sentence (what T13 wants restated unchanged)."""
    first, second = _claims("载货能力由原来的6.9吨提升到了7.4吨。")
    assert second.features.window == "载货能力由原来的6.9吨提升到了＃。"
    assert (first.features.neighbours, second.features.neighbours) == (("7.4",), ("6.9",))
    book = _claims("全书分为21个专题，生动记录了党中央团结带领全党全国各族人民砥砺前行的伟大实践。")[0]
    assert book.features.window == "全书分为＃专题，生动记录了党中央团"


def test_the_first_months_of_a_year_and_an_anniversary_are_no_figures() -> None:
    texts = [c.text for c in _claims("前10个月我国软件业务收入同比增长11%。项目提前3个月完成。"
                                     "中方愿以两国建交35周年为契机深化合作。项目工期35周。")]
    assert texts == ["11%", "3个月", "35周"]
    # alone in its text (the ordinal patterns are run only when a character they need is there)
    assert [c.text for c in _claims("在庆祝中华人民共和国成立75周年之际，开展国家勋章评选。")] == []


@pytest.mark.parametrize("a, b, expected", [
    (("77个", 77, 77), ("7.7个", 7.7, 7.7), (1, 2)),  # decimal point moved
    (("3.5亿元", 3.5e8, 3.5e8), ("3.5万元", 3.5e4, 3.5e4), (4, 2)),  # 亿 for 万
    (("209.45公里", 209.45, 209.45), ("2094.5公里", 2094.5, 2094.5), (1, 5)),
    (("1.25", 1.25, 1.25), ("0.125", 0.125, 0.125), (1, 3)),
    (("401例", 401, 401), ("4010例", 4010, 4010), (0, 0)),  # a zero more: not a point moved
    (("77个", 77, 77), ("67个", 67, 67), (0, 0)),  # one digit changed: not this kind
    (("1.25万亿元", 1.25e12, 1.25e12), ("12500亿元", 1.25e12, 1.25e12), (0, 0)),  # one value
    (("约25个", 23.75, 26.25, "approx"), ("约250个", 237.5, 262.5, "approx"), (0, 0)),
])
def test_magnitude_apart(a: tuple, b: tuple, expected: tuple[int, int]) -> None:
    qa, qb = Quantity(*a[1:3], "个", *a[3:]), Quantity(*b[1:3], "个", *b[3:])
    assert magnitude_apart(qa, qb, a[0], b[0]) == expected


def test_the_days_between_two_dates_are_a_closed_period() -> None:
    """A book's contents 在2020年2月3日至2022年5月10日期间 are a closed period's, restated a year
    later one fact (an error when a digit changes); an event's date (2022年5月10日召开) is not."""
    text = "第四卷收录了在2020年2月3日至2022年5月10日期间的重要讲话等{}篇，还收入图片45幅。\n"
    early = next(c for c in _claims(text.format(109), date="2023-06-12") if c.text == "109篇")
    late = next(c for c in _claims(text.format(190), date="2024-02-23", path="b.md") if c.text == "190篇")
    assert early.features.fixed_period and late.features.fixed_period
    assert judge(late, early, seeds_knowledge(), Options()).outcome == "conflict"
    event = next(c for c in _claims("2022年5月10日召开的大会上，共签约项目109个。\n") if c.text == "109个")
    assert event.scope.year == 2022 and not event.features.fixed_period
    same_year = next(c for c in _claims("在2022年2月3日至5月10日期间，共查处案件109起。\n", date="2023-06-12")
                     if c.text == "109起")
    assert same_year.features.fixed_period


def test_a_dimension_before_an_indefinite_thing_is_no_property() -> None:
    """直径35.4米的有机玻璃球 names the ball's diameter; 一处海拔5000多米的边防哨所 names no
    particular post."""
    ball = next(c for c in _claims("它由直径35.4米的有机玻璃球组成。\n") if c.text == "35.4米")
    post = next(c for c in _claims("记者日前来到一处海拔5000多米的边防哨所。\n") if c.text == "5000多米")
    field = next(c for c in _claims("在海拔2800多米的某高原训练场，某旅展开演练。\n") if c.text == "2800多米")
    assert ball.features.dimension == "直径" and post.features.dimension == "" and field.features.dimension == ""


def test_a_short_title_refers_back_only_when_it_is_what_is_counted() -> None:
    """《条例》共27条 counts the articles of a regulation the sentence before names; 《报告》显示
    only says where the figure comes from."""
    law = next(c for c in _claims("《条例》共27条，主要内容包括三个方面。\n") if c.text == "27条")
    web = next(c for c in _claims("《报告》显示，截至2024年6月，我国互联网普及率达78.0%。\n") if c.text == "78.0%")
    assert law.features.refers_back and not web.features.refers_back


def test_a_bulletin_is_a_lead_with_a_written_day_period() -> None:
    """2月9日0—24时，当日… is the bulletin of 2月9日 (the written day, not the later 当日); an
    event's 当天 is no bulletin; a figure of the day after its own cut-off is judged by it."""
    bulletin = _claims("2月9日0—24时，当日新增治愈出院病例632例。\n", date="2020-02-10")[0]
    event = _claims("以色列国防军当天空袭了加沙地带，造成35人死亡。\n", date="2024-05-07")[0]
    assert bulletin.features.bulletin_day == "2月9日0—24时" and event.features.bulletin_day == ""


def test_short_titles_and_indefinites_are_read_narrowly() -> None:
    """《报告》分析指出 is a source, not what is counted; 第一座 is no indefinite 一座."""
    web = next(c for c in _claims("《报告》分析指出，截至2024年6月，我国互联网普及率达78.0%。\n") if c.text == "78.0%")
    dish = next(c for c in _claims("这是世界上第一座直径500米的射电望远镜。\n") if c.text == "500米")
    assert not web.features.refers_back and dish.features.dimension == "直径"


@pytest.mark.parametrize("text, date, figure, day", [
    ("截至11月末，我国5G移动电话用户达10.02亿户。", "2024-12-24", "10.02亿户", "2024-11-30"),
    ("截至当地时间22日晚23点，日本累计确诊新冠肺炎病例达到769例。", "2020-02-23", "769例", "2020-02-22"),
    ("截至2023年底，累计建成5G基站337.7万个。", "2024-03-01", "337.7万个", "2023-12-31"),
    ("截至12月20日，全年累计发电3.1万亿千瓦时。", "2025-01-05", "3.1万亿千瓦时", "2024-12-20"),  # last year's December
    # read in the paragraph: a part of the total stated the sentence before
    ("截至当地时间22日晚23点，日本累计确诊769例。其中，邮轮上共确诊634例。", "2020-02-23", "634例", "2020-02-22"),
    ("目前，全省累计报告确诊病例91例。", "2020-02-10", "91例", None),
    ("截至当地时间29日，意大利累计确诊1128例。", "2020-03-01", "1128例", "2020-02-29"),  # last month's 29th
    ("截至2023年5月10日，累计建成12.5万个。", "2024-12-20", "12.5万个", "2023-05-10"),  # the year written
])
def test_the_cutoff_day_of_a_running_figure(text: str, date: str, figure: str, day: str | None) -> None:
    from factcheck.days import cutoff_day

    c = next(c for c in _claims(text, date) if c.text == figure)
    assert cutoff_day(c, c.features) == day


@pytest.mark.parametrize("text, figure, kind", [
    ("截至目前，我国已布局建设77个国家重大科技基础设施，在建和运行的大科学装置超过60个。", "77个", "total"),
    ("2023年以来，全省累计发放创业担保贷款132亿元。", "132亿元", "total"),  # since a fixed start
    ("电信业务收入累计完成2950亿元，同比增长0.9%。", "2950亿元", "year"),  # the year's so far
    ("今年以来，全省累计发放创业担保贷款13.2亿元。", "13.2亿元", "year"),
    ("近五年，全省累计建设高标准农田1200万亩。", "1200万亩", ""),  # a sliding window
    ("近十年，能耗累计下降超过36%。", "超过36%", ""),  # a change
    ("截至目前，累计追踪到密切接触者1.2万人，尚有6471人正在接受医学观察。", "6471人", ""),  # what remains
    ("城镇调查失业率已降至5.1%。", "5.1%", ""),
    ("全省新增高新技术企业80家。", "80家", ""),  # no accumulating word
    ("全国已有85%的行政村通5G。", "85%", ""),  # a share may fall
    ("全市常住人口已达1190万人。", "1190万人", ""),  # a level reached
    ("当地时间9日发生的地震已造成27人死亡，另有3人失踪。", "27人", ""),  # one event's toll
    ("他先后参与重大工程15项。", "15项", ""),  # 先后 lists one person's
    ("春运以来，全国铁路累计发送旅客7.8亿人次。", "7.8亿人次", ""),  # a season, again each year
    ("前三季度，全国铁路累计发送旅客33.8亿人次。", "33.8亿人次", "year"),  # a part of the year
    ("截至目前，累计报告确诊病例1198例，经复核，核减重复统计病例7例。", "1198例", ""),  # revised
    ("截至目前，我国已与30个国家和地区签署了23个自贸协定。", "23个", "total"),
])
def test_a_running_total_that_only_grows(text: str, figure: str, kind: str) -> None:
    c = next(c for c in _claims(text, "2024-11-27") if c.text == figure)
    assert c.features.accumulates == kind


@pytest.mark.parametrize("text, figure, start", [
    ("党的十八大以来，全省累计建设高标准农田1200万亩。", "1200万亩", "十八大"),
    ("“十四五”以来，全省累计建设高标准农田800万亩。", "800万亩", "十四五"),
    ("自2012年以来，全省累计建设高标准农田1200万亩。", "1200万亩", "2012年"),
    ("近年来，全省累计建设高标准农田1200万亩。", "1200万亩", ""),  # a sliding window is no start
    ("全省累计建设高标准农田1200万亩。", "1200万亩", ""),
    ("福建自贸试验区自2015年4月挂牌以来，累计进出口货值2.7万亿元。", "2.7万亿元", "2015年4月挂牌"),
    ("截至今年1月底，累计完成物流量3.32亿吨。", "3.32亿吨", ""),  # a cut-off, no start
])
def test_the_start_a_running_total_is_counted_from(text: str, figure: str, start: str) -> None:
    c = next(c for c in _claims(text, "2024-11-27") if c.text == figure)
    assert c.features.since == start


@pytest.mark.parametrize("text, figure, contrasts", [
    ("4月份，全国规模以上工业增加值环比增长0.97%。", "0.97%", ("环比",)),
    ("巴黎奥运会上，中国体育代表团共获得40枚金牌。", "40枚", ("金牌",)),
    ("目前，全省共有国家4A级旅游景区186家。", "186家", ("4A",)),
    ("调价后，本市95号汽油每升零售价为8.26元。", "8.26元", ("95",)),
    ("全省规模以上工业增加值增长7.3%。", "7.3%", ()),
])
def test_the_words_that_say_which_of_two_alike_things(text: str, figure: str, contrasts: tuple) -> None:
    c = next(c for c in _claims(text, "2024-11-27") if c.text == figure)
    assert c.features.contrasts == contrasts


@pytest.mark.parametrize("text, figure, frame", [
    ("长沙市统计局发布数据显示，上半年，全市规模以上工业增加值同比增长7.3%。", "7.3%", ("长沙市",)),
    ("上半年，全市规模以上工业增加值同比增长7.3%。", "7.3%", ()),  # no place before it
    ("江苏省统计局发布数据显示，上半年，全省规模以上工业增加值同比增长7.3%。", "7.3%", ()),  # a listed place: places_named
])
def test_whose_area_word_a_figure_is(text: str, figure: str, frame: tuple) -> None:
    c = next(c for c in _claims(text, "2024-07-25") if c.text == figure)
    assert c.features.frame_places == frame


@pytest.mark.parametrize("text, figure, frame", [
    # the sentence before names the province (listed) or the city (by its suffix)
    ("四川省卫健委今日通报最新疫情。2月9日0—24时，新增确诊病例14例。", "14例", ("四川",)),
    ("记者从宁乡市农业农村局获悉。今年全市计划种植早稻38.6万亩。", "38.6万亩", ("宁乡市",)),
    # the nearest sentence naming a place is the one asked
    ("湖南省统计局发布数据。长沙市统计局也发布了数据。上半年，全市规模以上工业增加值增长7.3%。", "7.3%", ("长沙市",)),
    # a figure of the country, or one whose own sentence names its place, asks nothing before it
    ("四川省卫健委今日通报。全国新增确诊病例14例。", "14例", ()),
    ("四川省卫健委今日通报。重庆市新增确诊病例14例。", "14例", ()),
    # another paragraph is another frame, but for the article's first sentence
    ("四川省卫健委今日通报最新疫情。\n新增确诊病例14例。", "14例", ("四川",)),
    ("四川省卫健委今日通报最新疫情。\n重庆市发布消息。\n新增确诊病例14例。", "14例", ("四川",)),
    # a 全省 figure's frame is a province: not the city where the reporter was, nor the cities
    # of a breakdown before it
    ("湖北省统计局18日发布数据。记者在武汉市采访了解到，生产加快恢复。上半年，全省规模以上工业增加值增长6.8%。",
     "6.8%", ("湖北",)),
    ("四川省卫健委今日通报。成都市新增确诊病例3例，绵阳市新增2例。全省累计报告确诊病例405例。", "405例", ("四川",)),
])
def test_whose_area_word_a_figure_is_in_the_sentence_before(text: str, figure: str, frame: tuple) -> None:
    c = next(c for c in _claims(text, "2020-02-10") if c.text == figure)
    assert c.features.frame_places == frame


@pytest.mark.parametrize("text, figure, body", [
    ("中国石油30日发布半年报。上半年，公司实现归母净利润886.1亿元。", "886.1亿元", "中国石油"),
    ("9月1日，市实验中学新校区正式启用。今年秋季，学校共招收新生1350人。", "1350人", "市实验中学新校区"),
    ("清华大学公布今年本科招生计划。学校今年在京招生计划为260人。", "260人", "清华大学"),
    # a clause that names its own body, or no 公司 before the figure: no body asked before
    ("中国石油30日发布半年报。上半年，中国石化实现归母净利润355.2亿元。", "355.2亿元", ""),
    ("中国石油30日发布半年报。上半年，全国企业实现利润3.5万亿元。", "3.5万亿元", ""),
    # its own sentence's head first; not 全行业, 学校数量
    ("中国石化发布公告。中国石油30日发布半年报，上半年公司实现归母净利润886.1亿元。", "886.1亿元", "中国石油"),
    ("中国石油30日发布半年报。全行业实现利润3.5万亿元。", "3.5万亿元", ""),
    ("中国石油30日发布半年报。学校数量达到1200所。", "1200所", ""),
])
def test_whose_company_or_school_a_figure_is(text: str, figure: str, body: str) -> None:
    c = next(c for c in _claims(text, "2024-08-30") if c.text == figure)
    assert c.features.frame_body == body


@pytest.mark.parametrize("text, places", [
    ("湖南省长沙市宁乡市", ("湖南省", "长沙市", "宁乡市")),  # 宁乡 inside 宁乡市; 长沙市 before it
    ("恩施州来凤县三胡乡", ("恩施州", "来凤县", "三胡乡")),
    ("城乡居民收入稳步增长", ()),  # 城乡, 乡村: no place
    ("长沙市长沙县", ("长沙市", "长沙县")),
    ("于都县、东城区和浦东新区", ("于都县", "东城区", "浦东新区")),
    ("乡村振兴示范带", ()),
])
def test_frames_are_read_by_their_district_prefecture_and_township_suffixes(text: str, places: tuple) -> None:
    from factcheck.context import places_in
    from factcheck.knowledge import load
    assert places_in(text, load(region=None), wide=True) == places


def test_a_place_of_the_lead_is_no_area_words_place_of_another_level() -> None:
    """全省 in a figure's clause is the province's: 武汉市, named in the lead, is not its place; nor
    is 株洲市 the place of a 全县 figure (which keeps its area word); a 全市 figure's frame is that
    city."""
    text = "湖北省统计局18日发布数据。记者在武汉市采访了解到，生产加快恢复。上半年，全省规模以上工业增加值增长6.8%。"
    assert next(c for c in _claims(text, "2024-07-18") if c.text == "6.8%").place == ""
    text = "记者在株洲市采访了解到。上半年，全市规模以上工业增加值增长7.1%。"
    assert next(c for c in _claims(text, "2024-07-18") if c.text == "7.1%").place == "全市"
    text = "记者在株洲市采访了解到。上半年，全县规模以上工业增加值增长6.8%。"
    assert next(c for c in _claims(text, "2024-07-18") if c.text == "6.8%").place == "全县"
