"""Decision-rule cases as data (tests/cases/decisions.yaml), expanded by pytest_generate_tests.

Each case extracts a draft and a source text, judges the two figures it names and checks the
outcome and that its rule is in the trail. Then every rule is turned off in turn: at least one
of its cases must be judged otherwise, or the rule is dead (nothing reaches it) or redundant
(a later rule decides the same pairs the same way).
"""
from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck import judge
from factcheck.extract import extract
from factcheck.knowledge import Knowledge, load
from factcheck.records import Claim, Document

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "decisions.yaml").read_text("utf-8"))
OUTCOMES = {"other", "agrees", "agrees-elsewhere", "scope-differs", "conflict", "silent"}
REGIONS = {"changji": "changji", "national": None}
OPTION_FIELDS = {"threshold", "max_days", "error_days", "require_cutoff"}
SIDE_FIELDS = {"text", "figure", "date", "title"}
CASE_FIELDS = {"rule", "name", "draft", "source", "outcome", "region", "options"}

# Rules that no case can show deciding anything: turning one off leaves every outcome as it
# was. Each is a question for the lead, not a pass; the test asserts the rule is still
# inert, so a rule that starts to matter must leave this list.
INERT_RULES = {
    # F99 subjects-differ is the fact question's fallback "other". Turning it off leaves the
    # question unanswered, and judge.one_fact reads no answer as "not one fact": the outcome
    # is "other" either way. It only names the decision in the trail (why the pair was not
    # compared); it decides nothing the order of questions does not.
    "F99": "the fact question's fallback: no answer already means other",
}


def _id(case: dict[str, Any]) -> str:
    return f"{case['rule']}-{case['name'].replace(' ', '-')}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", CASES, ids=[_id(c) for c in CASES])
    if "rule_id" in metafunc.fixturenames:
        metafunc.parametrize("rule_id", list(judge.RULES))


@cache
def _knowledge(region: str) -> Knowledge:
    return load(region=REGIONS[region])


@cache
def _claims(path: str, text: str, date: str, title: str, region: str) -> tuple[Claim, ...]:
    doc = Document(path=path, text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                   title=title, date=date)
    return extract(doc, _knowledge(region)).claims


def _figure(case: dict[str, Any], side: str) -> Claim:
    s = case[side]
    found = [c for c in _claims(f"{side}.txt", s["text"], str(s.get("date") or ""), s.get("title", ""),
                                case.get("region", "changji"))
             if c.text == s["figure"]]
    assert len(found) == 1, f"{side}: figure {s['figure']!r} found {len(found)} times in {s['text']!r}"
    return found[0]


def _judge(case: dict[str, Any], disabled: frozenset[str] = frozenset()) -> judge.Verdict:
    opts = judge.Options(**case.get("options", {}), disabled=disabled)
    return judge.judge(_figure(case, "draft"), _figure(case, "source"),
                       _knowledge(case.get("region", "changji")), opts)


def test_case(case: dict[str, Any]) -> None:
    v = _judge(case)
    trail = [f"{f.rule} {f.detail}" for f in v.trail]
    assert (v.outcome, case["rule"] in [f.rule for f in v.trail]) == (case["outcome"], True), trail


def test_deleting_the_rule_changes_a_case(rule_id: str) -> None:
    cases = [c for c in CASES if c["rule"] == rule_id]
    assert cases, f"{rule_id} has no case in tests/cases/decisions.yaml"
    without = {c["name"]: _judge(c, frozenset({rule_id})) for c in cases}
    assert all(rule_id not in [f.rule for f in v.trail] for v in without.values())
    changed = [c["name"] for c in cases if without[c["name"]].outcome != c["outcome"]]
    if rule_id in INERT_RULES:
        assert not changed, f"{rule_id} decides {changed} after all: take it off INERT_RULES"
    else:
        assert changed, (f"turning {rule_id} off changes no case: it is dead or redundant "
                         f"({ {n: v.outcome for n, v in without.items()} })")


# --- the data and the registry ----------------------------------------------------------------

def test_cases_are_well_formed() -> None:
    problems = []
    for c in CASES:
        where = c.get("name", c)
        if set(c) - CASE_FIELDS or not {"rule", "name", "draft", "source", "outcome"} <= set(c):
            problems.append(f"{where}: fields {sorted(c)}")
            continue
        if c["rule"] not in judge.RULES:
            problems.append(f"{where}: unknown rule {c['rule']}")
        if c["outcome"] not in OUTCOMES:
            problems.append(f"{where}: unknown outcome {c['outcome']}")
        if c.get("region", "changji") not in REGIONS:
            problems.append(f"{where}: unknown region {c['region']}")
        if set(c.get("options", {})) - OPTION_FIELDS:
            problems.append(f"{where}: unknown options {sorted(set(c['options']) - OPTION_FIELDS)}")
        for side in ("draft", "source"):
            s = c[side]
            if not isinstance(s, dict) or set(s) - SIDE_FIELDS:
                problems.append(f"{where}: {side} fields {sorted(s) if isinstance(s, dict) else s}")
                continue
            if not str(s.get("text", "")).strip() or not str(s.get("figure", "")).strip():
                problems.append(f"{where}: {side} needs a text and a figure")
            elif str(s["figure"]) not in s["text"]:
                problems.append(f"{where}: {side} figure {s['figure']} is not in its text")
            date = s.get("date")
            if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
                problems.append(f"{where}: {side} date {date!r} is not YYYY-MM-DD")
    names = [c.get("name") for c in CASES]
    problems += [f"name used twice: {n}" for n in sorted({n for n in names if names.count(n) > 1})]
    assert problems == []


def test_every_rule_has_a_case() -> None:
    covered = {c["rule"] for c in CASES}
    assert [r for r in judge.RULES if r not in covered] == []


def test_inert_rules_are_rules() -> None:
    assert set(INERT_RULES) <= set(judge.RULES)


_QUESTION = {"F": {"fact"}, "T": {"scope"}, "V": {"value"}, "E": {"entity", "error"}}


def test_rules_are_named_and_documented() -> None:
    names = [r.name for r in judge.RULES.values()]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z]+(?:-[a-z]+)*", n) for n in names), names
    for rid, r in judge.RULES.items():
        assert r.id == rid and re.fullmatch(r"[FTVE]\d{2}", rid), rid
        assert r.question in _QUESTION[rid[0]], (rid, r.question)
        assert re.search(r"[\u3400-\u9fff]", r.doc), f"{rid} {r.name}: no Chinese example in its docstring"


def test_every_rule_is_asked() -> None:
    """A registered rule that no question asks could never fire."""
    asked = {*judge.FACT_RULES, *judge.SCOPE_RULES, *judge.VALUE_RULES, *judge.ENTITY_RULES, "E01", *judge.ERROR_RULES}
    assert sorted(set(judge.RULES) - asked) == []
