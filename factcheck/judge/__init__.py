"""Stage 6a: are two figures one fact, and do they disagree? Decided by named rules.

A draft figure and a stored one are judged by asking four questions in order; each is
answered by registered rules (:data:`RULES`), tried in their order, and every rule that
decides something is written into the verdict's trail, so that a finding can say why.

1. **fact** — one fact or not (``F`` rules): a rule that says *other* ends the pair (no
   finding at all); one that says *same* makes the two one fact.
2. **scope** — their time scopes (``T`` rules): *other* ends the pair (another period is
   another fact); *differs* makes a disagreement a scope note (FC102), not an error.
3. **value** — do the figures agree (``V01``), as intervals, to the stated precision; or is
   one the other with its decimal point moved or 万/亿 swapped (``V02``), or, for a figure
   that may have moved, two of its digits swapped (``V03``), or a running total that only
   grows restated later smaller (``V04``): an error whatever the scope
   rules said about time, unless an ``E`` rule about who or what says otherwise.
4. **entity** and **error** — is a disagreement worth reporting: ``E`` rules find what says
   the two are different things after all (another occasion, owner, cut-off …); without
   evidence that they are one entity (``E01``) it is neither an error nor a scope note.

Each rule is a pure function of a :class:`Pair` (the two claims, the knowledge and the
options) that returns a short detail when it fires and ``None`` when it does not. Its
docstring, with one Chinese example, is its documentation (``factcheck rules``, ``docs/decisions.md``);
``tests/cases/decisions.yaml`` holds cases that show each rule deciding. An editor who
disagrees with a rule turns it off in the config (``disable = ["E09"]``).
"""
from __future__ import annotations

from ..knowledge import Knowledge
from ..records import Claim
from . import value_rules, error_rules, fact_rules, scope_rules, occasion_rules  # noqa: F401  (each registers its rules; in this order)
from .base import RULES, Fired, Options, Pair, Rule, Verdict, get, rule
from .error_rules import ENTITY_RULES, ERROR_RULES, SLIP_ERROR_RULES

__all__ = ["RULES", "Fired", "Options", "Pair", "Rule", "Verdict", "get", "rule", "judge", "judge_in_draft", "one_fact", "scope",
           "FACT_RULES", "SCOPE_RULES", "VALUE_RULES", "ENTITY_RULES", "ERROR_RULES", "decision_rules"]


# --- the order of questions -----------------------------------------------------------------

def _ask(p: Pair, ids: tuple[str, ...], trail: list[Fired]) -> Fired | None:
    """The first enabled rule of ``ids`` that fires (appended to ``trail``)."""
    for rid in ids:
        if rid in p.opts.disabled:
            continue
        r = RULES[rid]
        detail = r.check(p)
        if detail is not None:
            fired = Fired(r.id, r.name, r.says, detail)
            trail.append(fired)
            return fired
    return None


FACT_RULES = ("F01", "F02", "F03", "F05", "F06", "F12", "F13", "F07", "F04", "F08", "F09", "F10", "F11", "F14", "F99")
VALUE_RULES = ("V01", "V02", "V03", "V04")
SCOPE_RULES = ("T12", "T20", "T13", "T16", "T01", "T02", "T15", "T18", "T23", "T24", "T22", "T25", "T26", "T14", "T21", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "T10", "T11")


def one_fact(p: Pair, trail: list[Fired]) -> bool:
    """Question 1: are the two figures about one fact?"""
    fired = _ask(p, FACT_RULES, trail)
    return fired is not None and fired.says == "same"


def scope(p: Pair, trail: list[Fired]) -> str:
    """Question 2: ``same``, ``differs`` (a scope note) or ``other`` (another fact)."""
    fired = _ask(p, SCOPE_RULES, trail)
    p.scope_rule = fired.rule if fired else ""
    return fired.says if fired else "same"


def judge(a: Claim, b: Claim, k: Knowledge, opts: Options) -> Verdict:
    """What the rules make of draft claim ``a`` against stored claim ``b``."""
    p = Pair(a, b, k, opts)
    trail: list[Fired] = []

    def done(outcome: str) -> Verdict:
        return Verdict(outcome, tuple(trail), p.score, p.shared if p.match_reason != "programme" else
                       tuple(sorted(p.context[0] & p.context[1])))

    if not one_fact(p, trail):
        return done("other")
    relation = scope(p, trail)
    if relation != "other" and _ask(p, ("V01",), trail):
        # a scope note only because a date is unknown is no reason to doubt an agreement
        unknown_date = any(f.rule in ("T04", "T07") for f in trail)
        return done("agrees" if relation == "same" or unknown_date else "agrees-elsewhere")
    if _ask(p, ("V02",), trail) or relation != "other" and _ask(p, ("V03", "V04"), trail):
        blocked = _ask(p, ("E01",), trail) or _ask(p, SLIP_ERROR_RULES, trail)
        if not blocked:
            return done("conflict")
        if relation == "other":
            return done("other")
        if relation == "differs" and blocked.rule not in ENTITY_RULES:
            return done("scope-differs")
        return done("silent")
    if relation == "other":
        return done("other")
    if relation == "differs":
        return done("silent" if _ask(p, ("E01", *ENTITY_RULES), trail) else "scope-differs")
    if _ask(p, ("E01",), trail) or _ask(p, ERROR_RULES, trail):
        return done("silent")
    return done("conflict")


# inside one draft: the rules about who or what (the rules about when do not apply: one date)
IN_DRAFT_RULES = (*ENTITY_RULES, "E06", "E07", "E08", "E09")


def judge_in_draft(a: Claim, b: Claim, k: Knowledge, opts: Options) -> Verdict:
    """Two figures of one draft: one fact (``F`` rules), do they agree (``V01``), and if not,
    does a rule about who or what (``IN_DRAFT_RULES``) make them two things? The rules about
    time (``T``, E10–E15) do not apply: one draft has one date, known or not (目前……277家 and
    目前……250家 in an undated draft are one fact twice)."""
    p = Pair(a, b, k, opts)
    trail: list[Fired] = []

    def done(outcome: str) -> Verdict:
        return Verdict(outcome, tuple(trail), p.score, p.shared)

    if not one_fact(p, trail):
        return done("other")
    if _ask(p, ("V01",), trail):
        return done("agrees")
    return done("silent" if _ask(p, IN_DRAFT_RULES, trail) else "conflict")


def decision_rules() -> list[Rule]:
    return list(RULES.values())
