"""Seed leave-one-out with and without sidecars, for scripts/eval_typos.py (issue 12).

Each seed page is checked against a DB of the other four, (a) as the repository keeps them
(``.meta.yaml`` sidecars beside the pages) and (b) as raw pages (the ``.txt`` files alone,
copied to a temporary folder). Also the issue's own experiment: 000 against a DB of 001
alone and 001 against a DB of 000 alone. The pages are read as the repository's config
reads them (its region pack: the seeds' newsroom), as ``factcheck`` run in the repository
would.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from factcheck import api

# (name, draft page, draft line, draft figure, source page, source line, source figure, expected)
WATCHED = (
    ("92 vs 62 项 关键核心技术", "001", 20, "92项", "000", 62, "62项", "warning"),
    ("595 vs 220 名", "001", 24, "595名", "000", 66, "220名", "warning"),
)


def _strip(s: str) -> str:
    return "".join(s.split())


def _pages(root: Path, raw: bool, tmp: Path) -> list[Path]:
    seeds = sorted((root / "fixtures" / "seeds").glob("*.txt"))
    if not raw:
        return seeds
    folder = tmp / "raw_pages"
    folder.mkdir()
    for p in seeds:
        shutil.copy(p, folder / p.name)  # the .txt alone: no sidecar, no date
    return sorted(folder.glob("*.txt"))


def _finding_keys(findings: list) -> list[tuple]:
    return [(Path(f.claim.path).name[:3], f.claim.line, f.claim.column, f.code,
             tuple(sorted((Path(s.path).name[:3], s.line) for s in f.sources)))
            for f in findings if f.code != "FC100"]


def verdict(findings: list, draft_line: int, draft_text: str, source_page: str, source_line: int) -> str:
    """What the check says about the draft figure citing the source figure."""
    best = "none"
    rank = {"none": 0, "agree": 1, "warning": 2, "error": 3}
    for f in findings:
        if f.claim.line != draft_line or _strip(draft_text) not in _strip(f.claim.text):
            continue
        for s in f.sources:
            if Path(s.path).name[:3] == source_page and s.line == source_line:
                v = {"error": "error", "warning": "warning"}.get(f.severity, "agree")
                best = v if rank[v] > rank[best] else best
    return best


def _settings(root: Path) -> api.Settings:
    """The settings the repository's own config gives (region = "changji")."""
    from factcheck import config

    found = config.find(root)
    region = config.load(found).region if found else ""
    return api.Settings(region=region)


def run(root: Path, raw: bool) -> dict:
    import yaml

    settings = _settings(root)
    with tempfile.TemporaryDirectory(prefix="fc_loo_") as tmp_name:
        tmp = Path(tmp_name)
        pages = _pages(root, raw, tmp)
        by_page: dict[str, list] = {}
        for page in pages:
            db = tmp / f"db_{page.name[:3]}"
            api.ingest([p for p in pages if p != page], db, settings, jobs=1)
            by_page[page.name[:3]] = list(api.check([page], db, verbose=True, settings=settings).findings)
        pair: dict[str, list] = {}
        for draft, source in (("000", "001"), ("001", "000")):  # the one-page DBs
            db = tmp / f"pair_{source}"
            api.ingest([p for p in pages if p.name.startswith(source)], db, settings, jobs=1)
            pair[draft] = list(api.check([p for p in pages if p.name.startswith(draft)], db, verbose=True,
                                         settings=settings).findings)
    keys = [k for page in sorted(by_page) for k in _finding_keys(by_page[page])]
    labelled = yaml.safe_load((root / "fixtures" / "pairs" / "seed_pairs.yaml").read_text("utf-8"))
    conflicts = []
    for p in labelled:
        if p["label"] != "conflict":
            continue
        d, s = p["draft"], p["source"]
        conflicts.append({
            "id": p["id"], "pair": f"{d['file'][:3]}:{d['line']} {d['text']} vs {s['file'][:3]}:{s['line']} {s['text']}",
            "forward": verdict(by_page[d["file"][:3]], d["line"], d["text"], s["file"][:3], s["line"]),
            "backward": verdict(by_page[s["file"][:3]], s["line"], s["text"], d["file"][:3], d["line"]),
        })
    watched = []
    for name, dp, dl, dt, sp, sl, st, expected in WATCHED:
        watched.append({
            "name": name, "expected": expected,
            "loo_forward": verdict(by_page[dp], dl, dt, sp, sl), "loo_backward": verdict(by_page[sp], sl, st, dp, dl),
            "pair_forward": verdict(pair[dp], dl, dt, sp, sl), "pair_backward": verdict(pair[sp], sl, st, dp, dl),
        })
    return {
        "errors": sum(1 for f in (x for v in by_page.values() for x in v) if f.severity == "error"),
        "warnings": sum(1 for f in (x for v in by_page.values() for x in v) if f.severity == "warning"),
        "per_page": {p: {"error": sum(f.severity == "error" for f in v),
                         "warning": sum(f.severity == "warning" for f in v)} for p, v in sorted(by_page.items())},
        "findings": keys,
        "conflicts": conflicts,
        "watched": watched,
    }


def compare(root: Path) -> dict:
    """Both runs side by side, and how far apart they are in findings."""
    sidecar, raw = run(root, raw=False), run(root, raw=True)
    a, b = set(sidecar.pop("findings")), set(raw.pop("findings"))
    return {"sidecar": sidecar, "raw": raw, "only_sidecar": sorted(map(str, a - b)), "only_raw": sorted(map(str, b - a)),
            "difference": len(a ^ b)}
