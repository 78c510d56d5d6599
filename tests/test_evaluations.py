"""The measured targets, as tests: extraction vs the gold set, matching vs the labelled pairs."""
from __future__ import annotations

import sys

import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import eval_extraction  # noqa: E402
import eval_pairs  # noqa: E402

LABELS = {"conflict", "scope_differs", "consistent", "different_fact"}


def test_extraction_meets_the_gold_targets() -> None:
    rep = eval_extraction.evaluate()
    assert rep["claim"]["precision"] >= 0.98, rep["claim"]
    assert rep["claim"]["recall"] >= 0.97, rep["claim"]
    # the subject target (0.90) is on the lenient measure: the extracted subject equals a gold
    # alternative or one contains the other (fixtures/gold/README.md)
    assert rep["subject_accuracy_lenient"] >= 0.90, rep["subject_accuracy_lenient"]
    assert rep["subject_accuracy"] >= 0.60, rep["subject_accuracy"]


def test_pairs_file_is_valid() -> None:
    pairs = yaml.safe_load((ROOT / "fixtures" / "pairs" / "seed_pairs.yaml").read_text("utf-8"))
    assert len(pairs) >= 40
    ids = [p["id"] for p in pairs]
    assert len(ids) == len(set(ids))
    for p in pairs:
        assert p["label"] in LABELS, p["id"]
        for side in ("draft", "source"):
            ref = p[side]
            lines = (ROOT / "fixtures" / "seeds" / ref["file"]).read_text("utf-8").split("\n")
            window = "".join("".join(lines[ref["line"] - 1:ref["line"] + 2]).split())
            digits = "".join(ch for ch in ref["text"] if ch.isdigit())
            assert digits in window or ref["text"][:2] in window, (p["id"], side)


def test_matching_meets_the_pair_targets() -> None:
    rep = eval_pairs.evaluate()
    assert rep["errors_on_non_conflicts"] == 0, [r for r in rep["rows"] if r["verdict"] == "error" and r["label"] != "conflict"]
    assert rep["warning_rate_on_consistent"] <= 0.10
    assert rep["conflict_recall"] == 1.0
    assert rep["scope_differs_warned"] >= 10


def test_drafts_like_the_seed_pages_get_no_false_error() -> None:
    """scripts/eval_seed_drafts.py: no consistent or new figure of the four drafts gets an
    error, against the raw seed pages or with their sidecars; and at least the four conflicts
    found at the end of the nineteenth session are still errors (a regression guard)."""
    import eval_seed_drafts

    for raw in (True, False):
        s = eval_seed_drafts.summary(eval_seed_drafts.outcomes(raw))
        assert (s["consistent"], s["false_errors"]) == (126, 0), (raw, s)
        assert s["conflicts_as_errors"] >= 4, (raw, s)


def test_the_seed_drafts_labels_point_at_their_figures() -> None:
    """Every labelled figure is written on the line its label names."""
    folder = ROOT / "fixtures" / "eval" / "seed_drafts"
    for e in yaml.safe_load((folder / "labels.yaml").read_text("utf-8")):
        line = (folder / e["file"]).read_text("utf-8").splitlines()[e["line"] - 1]
        assert e["figure"] in "".join(line.split()), e
        assert e["label"] in ("consistent", "conflict", "new"), e
