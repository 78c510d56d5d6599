"""The table scripts/eval_typos.py prints: typos caught per kind, false errors, the seed
leave-one-out beside each other, and examples of misses."""
from __future__ import annotations

import typo_variants


def print_table(rep: dict) -> None:
    def pct(x: float | None) -> str:
        return "–" if x is None else f"{100 * x:.1f} %"

    ok = {True: "✔", False: "✘"}
    t = rep["targets"]
    print(f"corpus {rep['corpus']}: DB {rep['items_early']} items before {rep['cutoff']}, drafts from "
          f"{rep['items_late']} items; {rep['twins_found']} twins found, {rep['twins_used']} used; "
          f"{rep['drafts_checked']} drafts checked in {rep['check_seconds']} s")
    tp = rep["twin_precision"]
    print(f"twin precision (read sample): {tp['true']}/{tp['read']} = {pct(tp['precision'])}" if tp["read"]
          else "twin precision: no reviewed sample for this corpus")
    print(f"\n{'typo kind':<12} {'drafts':>6} {'caught':>7} {'rate':>8}   {'on read-true twins':>20}   outcomes (all)")
    for k in (*typo_variants.TYPO_KINDS, "all"):
        r, rt = rep["typos"][k], rep["typos_on_read_true_twins"][k]
        tail = " ".join(f"{a}={b}" for a, b in sorted(r.get("outcomes", {}).items()))
        print(f"{k:<12} {r['n']:>6} {r['caught']:>7} {pct(r['rate']):>8}   {rt['caught']:>5}/{rt['n']:<4} {pct(rt['rate']):>8}   {tail}")
    a = rep["typos"]["all"]
    print(f"flagged at the figure (an error, or a warning the editor sees there): {a['flagged']}/{a['n']} = "
          f"{pct(a['flagged_rate'])}")
    print(f"target ≥ 95 %: {ok[t['typos_caught >= 95%']]}")
    tw, rw, wh = rep["twins"], rep["rewrites"], rep["whole"]
    print(f"\nunmodified twins: {tw['n']} drafts, false errors at the twin figure {tw['false_errors']} "
          f"(on read-true twins {tw['false_errors_on_read_true']}) {ok[t['0 false errors on twins']]};  outcomes {tw['outcomes']}")
    print(f"equivalent rewrites: {rw['n']} drafts, errors {rw['errors']} {ok[t['0 errors on rewrites']]};  outcomes {rw['outcomes']}")
    print(f"unmodified later items checked whole: {wh['drafts']} drafts, {wh['errors']} errors = "
          f"{wh['errors_per_100']} per 100 drafts (warnings {wh.get('warnings_per_100')} per 100)"
          + (f"; read: {rep['unmodified_errors_read']}" if rep["unmodified_errors_read"] else ""))
    loo = rep.get("seed_loo")
    if loo:
        s, r = loo["sidecar"], loo["raw"]
        print(f"\nseed leave-one-out   {'sidecar':>10} {'raw':>10}")
        print(f"  errors             {s['errors']:>10} {r['errors']:>10}")
        print(f"  warnings           {s['warnings']:>10} {r['warnings']:>10}")
        for page in s["per_page"]:
            a, b = s["per_page"][page], r["per_page"][page]
            print(f"  {page} e/w            {a['error']:>5}/{a['warning']:<4} {b['error']:>5}/{b['warning']:<4}")
        print(f"  findings in one run only: {loo['difference']} "
              f"{ok[t['raw leave-one-out within one finding of sidecar']]}  (target ≤ 1)")
        for c_s, c_r in zip(s["conflicts"], r["conflicts"]):
            print(f"  {c_s['id']} {c_s['pair']:<34} sidecar {c_s['forward']}/{c_s['backward']:<8} raw {c_r['forward']}/{c_r['backward']}")
        for w_s, w_r in zip(s["watched"], r["watched"]):
            print(f"  {w_s['name']:<40} sidecar LOO {w_s['loo_forward']}/{w_s['loo_backward']} pair {w_s['pair_forward']}/{w_s['pair_backward']}"
                  f"   raw LOO {w_r['loo_forward']}/{w_r['loo_backward']} pair {w_r['pair_forward']}/{w_r['pair_backward']}")
        print("  (forward/backward: the page of the first-named figure checked against a DB holding the other page, and the reverse)")
    if rep["examples"]["typo_misses"]:
        print("\ntypos missed (first few):")
        for e in rep["examples"]["typo_misses"]:
            print(f"  {e['kind']:<9} {e['figure']:<24} {e['outcome']:<8} {e['late'][:70]}")
    for key in ("false_errors_on_twins", "errors_on_rewrites"):
        for e in rep["examples"][key]:
            print(f"  {key}: {e['figure']} {e['draft']} | {e['late'][:70]}")
    print(f"\n{rep['seconds']} s")
