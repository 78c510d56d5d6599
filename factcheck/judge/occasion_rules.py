"""Question 2, the scope rules about occasions: figures of two events, two days' occurrences or
two occasions each given as this one's are two facts (``T21``, ``T26``, ``T24``; asked in the
order of :data:`factcheck.judge.SCOPE_RULES`, with the other scope rules of
:mod:`factcheck.judge.scope_rules`)."""
from __future__ import annotations

from ..days import days_apart
from ..records import Claim, Features
from .base import Pair, rule
from .scope_rules import MOVING, days_running


@rule("T21", "occasions-apart", "scope", "other")
def _occasions_apart(p: Pair) -> str | None:
    """Figures of sentences that each report one event (举行, 召开, 出席, 发言 …: ``event_words``),
    with no period or cut-off of their own, printed days apart are two occasions' figures,
    another fact, not a scope note: 23位政协委员和专家发言 (2024-05) vs 10位政协委员在会上发言
    (2022-11), two consultations; 审议通过5个专门委员会……的报告 vs 7个, two sessions. Not when the
    sentences restate other figures beside it (收录了……2020年2月3日至2022年5月10日期间的……109篇，
    还收录……45幅: a book described twice, one statement), nor for totals stated as running
    (累计, 截至, 目前, 现有: asked after T14, a scope note: 教育部今天发布全国高等学校名单，截至目前，
    全国高等学校共计3167所 vs 3072所 two years before). Printed apart as T03 counts it (``max_days``)."""
    limit = days_running(p)
    apart = days_apart(p.a.date, p.b.date)
    if (p.fa.event and p.fb.event and apart is not None and apart > limit
            and p.a.scope.kind in MOVING and p.b.scope.kind in MOVING and not p.restated_neighbours):
        return f"{apart} days apart"
    return None


@rule("T26", "occurrences-of-their-day", "scope", "other")
def _occurrences(p: Pair) -> str | None:
    """Counts of what occurred (``occurrence_verbs`` right before a figure in ``occurrence_units``:
    发生约30次战斗, 发生5起枪击事件), with no period, cut-off or running word of their own sentence,
    are the events of their article's day: printed on two days they are two days' events,
    another fact, however alike the sentences. 乌军与俄军在前线地区发生约22次战斗 (6月30日) vs
    ……约30次战斗 (7月6日). Not 美国今年已发生606起……枪击事件 (a running total: 今年, 已), 该路口曾发生
    12起交通事故, 5月31日全市发生12起交通事故 (a day it names), 端午假期期间 (a period it names),
    nor a sentence restated with its specific figures (one statement)."""
    apart = days_apart(p.a.date, p.b.date)
    if apart and _occurred(p.a, p.fa, p) and _occurred(p.b, p.fb, p) and not p.sentence_restated:
        return f"{apart} days apart"
    return None


def _occurred(c: Claim, f: Features, p: Pair) -> bool:
    """A count of what occurred on its article's day: not said to run (已, 曾, 共, 累计 …:
    ``occurrence_running``; 今年), nor for a day, occasion or period its sentence names
    (5月31日, 这次, 端午假期期间, 为期三天: ``occurrence_periods``)."""
    if c.unit not in p.k.word_list("occurrence_units") or f.accumulates or f.as_of:
        return False
    if (c.scope.known and f.scope_from == "") or f.dates_named or f.this_time or f.one_occasion or f.occasions:
        return False
    before = f.window.partition("＃")[0]
    if any(w in before for w in p.k.word_list("occurrence_periods")):
        return False
    before = _without_ending(before, p.k.word_list("occurrence_filler"))
    verb = next((v for v in p.k.word_list("occurrence_verbs") if before.endswith(v)), "")
    return bool(verb) and not before[:-len(verb)].endswith(tuple(p.k.word_list("occurrence_running")))


def _without_ending(text: str, words: tuple[str, ...]) -> str:
    """``text`` without any of ``words`` at its end, one after another (发生约 → 发生)."""
    while w := next((w for w in words if w and text.endswith(w)), ""):
        text = text[:-len(w)]
    return text


@rule("T24", "this-occasion-each", "scope", "other")
def _this_occasion_each(p: Pair) -> str | None:
    """Two figures each given as one occasion's (``Features.one_occasion``: 本次, 本届 … before it,
    no running word after), with no period of their own, printed two months apart or more, are
    two occasions' figures, another fact, whatever figures stand beside them and however they
    run within their occasion: 本次会议共审议10件法律和有关决定草案，通过其中4件 (2023-09) vs 本次会议
    共审议9件……通过其中4件 (2024-09), two sessions; 截至目前，本届广交会……吸引了340多家采购商 vs
    220多家, two fairs. One occasion is reported for weeks (本届大运会……2万名赛会志愿者 on 7月25日
    and 8月8日: one games). (Not what holds now, 尚有6539人正在接受医学观察: a running figure, T14;
    nor 本次增选后，现有中国科学院院士908人: the academy's total.)"""
    apart = days_apart(p.a.date, p.b.date)
    if (p.fa.one_occasion and p.fb.one_occasion and apart is not None and apart > _OCCASIONS_APART
            and p.a.scope.kind in MOVING and p.b.scope.kind in MOVING):
        return f"one occasion's each, {apart} days apart"
    return None


_OCCASIONS_APART = 60  # days: one occasion is reported for weeks, the next comes months later
