"""scripts/eval_rolling.py: unmodified items against the months before them; a finding counts
only when every article it cites was printed before the draft."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from eval_rolling import month_bounds  # noqa: E402


def test_month_bounds_cross_a_year() -> None:
    assert month_bounds("2024-10", 3) == ("2024-07-01", "2024-10-01", "2024-11-01")
    assert month_bounds("2025-02", 3) == ("2024-11-01", "2025-02-01", "2025-03-01")
    assert month_bounds("2024-12", 0) == ("2024-12-01", "2024-12-01", "2025-01-01")


def _item(folder: Path, name: str, date: str, text: str) -> None:
    (folder / name).write_text(f"---\ntitle: {name}\ndate: {date}\n---\n\n{text}\n", encoding="utf-8")


def test_only_findings_against_earlier_articles_count(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _item(corpus, "a.md", "2024-09-10", "2024年上半年，全国跨境电商进出口1.22万亿元。")
    _item(corpus, "b.md", "2024-10-14", "2024年上半年，全国跨境电商进出口1.25万亿元。")
    _item(corpus, "c.md", "2024-10-20", "2024年前三季度，全国新能源汽车产量832.8万辆。")
    _item(corpus, "d.md", "2024-10-25", "2024年前三季度，全国新能源汽车产量823.8万辆。")
    _item(corpus, "e.md", "2024-06-01", "2024年一季度，全国粮食产量3000万吨。")  # before the DB's months
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "eval_rolling.py"), "--corpus", str(corpus), "--month", "2024-10",
         "--months-before", "1", "--db-dir", str(tmp_path / "db"), "--errors-out", str(tmp_path / "errors.json"),
         "--json"],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    month, = json.loads(out.stdout)
    assert month["db"] == "2024-09-01 … 2024-11-01" and month["drafts"] == 3
    # b against a (earlier) and d against c (earlier) are errors; a against b, c against d are not counted
    pairs = sorted((e["draft"]["file"], e["source"]["file"]) for e in month["error_list"])
    assert pairs == [("b.md", "a.md"), ("d.md", "c.md")]
    assert month["errors"] == 2 and month["errors_per_100"] == round(200 / 3, 2)
    assert json.loads((tmp_path / "errors.json").read_text("utf-8")) == month["error_list"]
