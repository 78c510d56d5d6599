"""The issue's targets, judged on the measured figures, and the printed table."""
from __future__ import annotations

# Targets of issue 6.
TARGET_CHECK_VS_CODESPELL = 1.0     # check median / codespell median on the same file
TARGET_GROWTH_1K_50K = 1.5          # check median at 50k / at 1k
TARGET_CORPUS_INGEST_S = 15.0       # 19,594-article corpus, from scratch
TARGET_REINGEST_S = 2.0             # unchanged re-ingest of that corpus
TARGET_CHECK_RSS_MB = 250.0         # check peak RSS at 50k


def evaluate_targets(archives: list[dict]) -> list[dict]:
    out = []

    def add(name: str, target: str, value, ok: bool | None, by: str) -> None:
        out.append({"target": name, "goal": target, "value": value,
                    "status": "n/a" if ok is None else ("met" if ok else "MISSED"), "margin": by})

    for a in archives:
        ratio = a.get("check_over_codespell")
        if ratio is not None:
            add(f"fresh check median ≤ codespell median [{a['archive']}]", "ratio ≤ 1.0",
                f"{a['check_median_ms']} ms vs {a['codespell_median_ms']} ms (×{ratio})"
                + (f"; CPU {a['check_cpu_median_ms']} ms vs {a['codespell_cpu_median_ms']} ms"
                   f" (×{a['check_cpu_over_codespell']})" if a.get("check_cpu_over_codespell") else ""),
                ratio <= TARGET_CHECK_VS_CODESPELL, f"{ratio / TARGET_CHECK_VS_CODESPELL:.2f}× the goal")
    synth = {a["articles"]: a for a in archives if a.get("synthetic")}
    if synth:
        lo, hi = min(synth), max(synth)
        key = "check_interleaved_median_ms" if "check_interleaved_median_ms" in synth[hi] else "check_median_ms"
        g = synth[hi][key] / synth[lo][key] if hi != lo else None
        name = f"check growth 1k→50k (measured {lo:,}→{hi:,})"
        if g is None:
            add(name, "≤ 1.5×", "one size only", None, "")
        else:
            partial = "" if (lo, hi) == (1000, 50000) else " (partial range)"
            how = ", interleaved runs" if key == "check_interleaved_median_ms" else ""
            add(name, "≤ 1.5×", f"×{g:.2f} ({synth[lo][key]} → {synth[hi][key]} ms{how}){partial}", g <= TARGET_GROWTH_1K_50K if not partial or g > TARGET_GROWTH_1K_50K else None,
                f"{g / TARGET_GROWTH_1K_50K:.2f}× the goal")
        big = synth[hi]
        rss = big.get("check_rss_mb")
        if rss is not None:
            at50 = hi >= 50000
            add(f"check peak RSS ≤ 250 MB at 50k (measured at {hi:,})", "≤ 250 MB", f"{rss} MB",
                (rss <= TARGET_CHECK_RSS_MB) if at50 or rss > TARGET_CHECK_RSS_MB else None,
                f"{rss / TARGET_CHECK_RSS_MB:.2f}× the goal")
    for a in archives:
        if a["archive"].startswith("corpus"):
            note = "" if a["articles"] == 19594 else f" ({a['articles']:,} articles, target is for 19,594)"
            add(f"corpus ingest ≤ 15 s, 1 process{note}", "≤ 15 s", f"{a['ingest_s']} s",
                a["ingest_s"] <= TARGET_CORPUS_INGEST_S, f"{a['ingest_s'] / TARGET_CORPUS_INGEST_S:.1f}× the goal")
            if a.get("ingest_parallel_s") is not None:
                add(f"corpus ingest ≤ 15 s, {a['ingest_parallel_jobs']} processes{note}", "≤ 15 s",
                    f"{a['ingest_parallel_s']} s", a["ingest_parallel_s"] <= TARGET_CORPUS_INGEST_S,
                    f"{a['ingest_parallel_s'] / TARGET_CORPUS_INGEST_S:.1f}× the goal")
            add(f"corpus unchanged re-ingest ≤ 2 s{note}", "≤ 2 s", f"{a['reingest_s']} s",
                None if a.get("reingest_invalid") else a["reingest_s"] <= TARGET_REINGEST_S, f"{a['reingest_s'] / TARGET_REINGEST_S:.1f}× the goal")
    return out


ROWS = [
    ("articles", "articles", "{:,}"), ("chars", "characters", "{:,}"),
    ("claims_stored", "claims stored", "{:,}"), ("conflicts", "injected conflicts", "{:,}"),
    ("ingest_s", "ingest from scratch, 1 process (s)", "{}"),
    ("ingest_chars_per_s", "  ingest chars/s", "{:,}"), ("ingest_articles_per_s", "  ingest articles/s", "{:,}"),
    ("ingest_rss_mb", "  ingest peak RSS (MB)", "{}"),
    ("ingest_parallel_s", "ingest from scratch, parallel (s)", "{}"),
    ("ingest_parallel_jobs", "  parallel: processes", "{}"),
    ("ingest_parallel_chars_per_s", "  parallel: chars/s", "{:,}"),
    ("ingest_parallel_rss_mb", "  parallel: largest process RSS (MB)", "{}"),
    ("db_mb", "DB size on disk (MB)", "{}"),
    ("reingest_s", "unchanged re-ingest (s)", "{}"), ("reingest_rss_mb", "  re-ingest peak RSS (MB)", "{}"),
    ("check_median_ms", "fresh check, median (ms)", "{}"), ("check_p95_ms", "  check p95 (ms)", "{}"),
    ("check_rss_mb", "  check peak RSS (MB)", "{}"), ("check_findings", "  findings in the draft", "{}"),
    ("check_interleaved_median_ms", "check median, DBs interleaved (ms)", "{}"),
    ("check_interleaved_p95_ms", "  check p95, DBs interleaved (ms)", "{}"),
    ("check_interleaved_over_codespell", "  ratio to interleaved codespell", "×{}"),
    ("codespell_median_ms", "codespell same file, median (ms)", "{}"),
    ("check_over_codespell", "  ratio of medians check/codespell", "×{}"),
    ("check_cpu_median_ms", "fresh check CPU (user+sys), median (ms)", "{}"),
    ("codespell_cpu_median_ms", "codespell CPU (user+sys), median (ms)", "{}"),
    ("check_cpu_over_codespell", "  ratio of CPU medians check/codespell", "×{}"),
]


def extraction_line(x: dict) -> str:
    return (f"extraction (in-process, 1 core, {x['documents']} seed pages, {x['chars']:,} chars, first pass "
            f"{x['first_pass_s']} s excluded): {x['chars_per_s']:,} chars/s with caches cleared each round; "
            f"{x['chars_per_s_memo_warm']:,} chars/s with warm memo caches")


def render(result: dict) -> str:
    archives = result["archives"]
    lines = []
    meta = result["meta"]
    lines.append(f"factcheck benchmark — {meta['timestamp']}  commit {meta['commit']}{' (dirty)' if meta['dirty'] else ''}"
                 f"  python {meta['python']}  {meta['cpus']} CPUs  {meta['platform']}")
    lines.append(f"factcheck sources: {meta.get('source')} (sha256 {meta.get('source_sha256')})")
    lines.append(f"load average at start {meta.get('loadavg_start')}, at end {meta.get('loadavg_end')}")
    lines.append(f"draft: {meta['draft']}   repeat: {meta['repeat']} (paired, alternating with codespell)")
    if archives:
        w0 = max(len(r[1]) for r in ROWS) + 2
        ws = [max(14, len(a["archive"]) + 2) for a in archives]
        lines.append("metric".ljust(w0) + "".join(a["archive"].rjust(w) for a, w in zip(archives, ws)))
        lines.append("-" * (w0 + sum(ws)))
        for key, name, fmt in ROWS:
            if not any(a.get(key) is not None for a in archives):
                continue
            cells = [((fmt.format(a[key]) + (" !" if key == "reingest_s" and a.get("reingest_invalid") else ""))
                      if a.get(key) is not None else "—").rjust(w) for a, w in zip(archives, ws)]
            lines.append(name.ljust(w0) + "".join(cells))
    for a in archives:
        if a.get("reingest_invalid"):
            lines.append(f"! {a['archive']}: the re-ingest did not skip every file ({a['reingest_invalid']})")
    if result.get("interleaved"):
        lines.append(f"interleaved pass: {result['interleaved']['rounds']} rounds over every DB and codespell "
                     f"(codespell median {result['interleaved']['codespell_median_ms']} ms)")
    lines.append(f"parallel ingest: {result['parallel_ingest']}")
    x = result.get("extraction")
    if x:
        lines.append(extraction_line(x))
    s = result.get("startup")
    if s:
        lines.append("fresh-process floors (median ms): " + ", ".join(f"{k[:-3]} {v}" for k, v in s.items()))
    if result.get("targets"):
        lines.append("targets:")
        for t in result["targets"]:
            lines.append(f"  [{t['status']:>6}] {t['target']}: {t['value']} (goal {t['goal']}; {t['margin']})")
    p = result.get("profile") or {}
    if p.get("importtime"):
        it = p["importtime"]
        lines.append(f"importtime of one fresh check ({it['wall_ms']} ms wall, {it['imports_total_ms']} ms in "
                     f"{it['modules']} imports), top 10 by cumulative:")
        for r in it["top"]:
            lines.append(f"  {r['cumulative_us'] / 1000:8.1f} ms cum {r['self_us'] / 1000:7.1f} ms self  "
                         f"{'  ' * r['depth']}{r['module']}")
    pc = p.get("check")
    if pc:
        if "error" in pc:
            lines.append(f"cProfile of check failed: {pc['error']}")
        else:
            lines.append(f"one fresh check on {pc.get('db')}: import factcheck.entry {pc['import_cli_ms']:.0f} ms, then "
                         f"the command {pc['run_ms']:.0f} ms under cProfile (lazy imports included; import "
                         f"machinery hidden):")
            lines.append(_trim_pstats(pc["cumulative"]))
    if p.get("ingest"):
        pi = p["ingest"]
        if "error" in pi:
            lines.append(f"cProfile ingest failed: {pi['error']}")
        else:
            lines.append(f"cProfile of api.ingest, {pi['files']} files of {pi['root']} ({pi['chars']:,} chars, "
                         f"{pi['wall_s']:.1f} s under the profiler):")
            lines.append(_trim_pstats(pi["cumulative"]))
            lines.append("  … by own time (tottime):")
            lines.append(_trim_pstats(pi["tottime"]))
    return "\n".join(lines)


def _trim_pstats(text: str) -> str:
    keep, on = [], False
    for line in text.splitlines():
        if line.strip().startswith("ncalls"):
            on = True
        if on and line.strip():
            keep.append("  " + line.rstrip())
    return "\n".join(keep)
