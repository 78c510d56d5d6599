"""Constructed pairs a red-team review found reported as FC101 errors though they are not one
fact (fixtures/eval/redteam_false_errors.yaml). Those fixed must stay fixed; those still open are
strict expected failures, so that a fix shows up here and its mark is removed."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from test_decision_rules import _judge

CASES = yaml.safe_load((Path(__file__).parent.parent / "fixtures" / "eval" / "redteam_false_errors.yaml").read_text(encoding="utf-8"))


def _params(cases: list[dict]) -> list:
    """The cases, those marked ``open`` as strict expected failures."""
    return [pytest.param(c, id=c["name"][:40], marks=pytest.mark.xfail(strict=True, reason="open: judged wrongly still"))
            if c.get("open") else pytest.param(c, id=c["name"][:40]) for c in cases]


@pytest.mark.parametrize("case", _params(CASES))
def test_a_constructed_false_error_is_no_error(case: dict) -> None:
    verdict = _judge(case)
    assert verdict.outcome != "conflict", [f.rule for f in verdict.trail]
    assert verdict.outcome == case["outcome"] or case["outcome"] in ("silent", "other") and verdict.outcome in ("silent", "other")


FRAMES = [c for name in ("redteam_frames.yaml", "redteam_round3.yaml")
          for c in yaml.safe_load((Path(__file__).parent.parent / "fixtures" / "eval" / name).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", _params(FRAMES))
def test_whose_figure_named_outside_its_sentence(case: dict) -> None:
    """Two facts framed outside their sentences (or told apart by a word a template swaps) are no
    error; one fact restated wrong, written another way, stays one (fixtures/eval/redteam_frames.yaml,
    redteam_round3.yaml)."""
    verdict = _judge({k: case[k] for k in ("name", "region", "draft", "source")} | {"outcome": case["expect"]})
    assert (verdict.outcome == "conflict") == (case["expect"] == "conflict"), [f.rule for f in verdict.trail]
