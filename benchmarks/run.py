#!/usr/bin/env python3
"""factcheck benchmark (issue 6): ingest, DB size, re-ingest, fresh-process check latency,
peak memory and extraction throughput, on a synthetic archive or a directory of real articles.

Usage (from the repository root)::

    .venv/bin/python benchmarks/run.py                          # synthetic 1k and 10k articles
    .venv/bin/python benchmarks/run.py --sizes 1000,10000,50000
    .venv/bin/python benchmarks/run.py --corpus /tmp/xwlb       # real articles instead
    .venv/bin/python benchmarks/run.py --sizes 1000 --corpus /tmp/xwlb --profile
    .venv/bin/python benchmarks/run.py --extraction-only        # extraction chars/s, a few seconds

Only the standard library and factcheck are used. Every ``factcheck`` command runs in a fresh
subprocess (the console script next to this interpreter, else ``python -m factcheck``), so the
check latency includes interpreter start-up and imports, as a user sees it. Peak memory is the
child's own ``ru_maxrss`` from ``os.wait4`` (per child, not cumulated over children).

The synthetic archive is deterministic from ``--seed``: article *i* depends only on
(seed, i), so the 1k archive is the first 1,000 files of the 10k one. The figures are written
as one table on stdout and as JSON (``benchmarks/results/<UTC timestamp>.json`` by default).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import inspect
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The factcheck sources benchmarked: a snapshot of REPO/factcheck taken at start (see --no-snapshot),
# put first on PYTHONPATH of every child and on sys.path here, so that one run measures one version
# of the code even while the working tree is being edited.
SRC = REPO
SERVED_WORK: Path | None = None  # --served: also measure checks through `factcheck serve`
SERVED_SOCKET: Path | None = None  # set while --served measures checks through `factcheck serve`

DEFAULT_DRAFT = REPO / "fixtures" / "drafts" / "talent_conflict.md"
SEEDS = REPO / "fixtures" / "seeds"
RESULTS = REPO / "benchmarks" / "results"

# Targets of issue 6.
TARGET_CHECK_VS_CODESPELL = 1.0     # check median / codespell median on the same file
TARGET_GROWTH_1K_50K = 1.5          # check median at 50k / at 1k
TARGET_CORPUS_INGEST_S = 15.0       # 19,594-article corpus, from scratch
TARGET_REINGEST_S = 2.0             # unchanged re-ingest of that corpus
TARGET_CHECK_RSS_MB = 250.0         # check peak RSS at 50k


# ----------------------------------------------------------------------------------------
# Synthetic archive
# ----------------------------------------------------------------------------------------
PLACES = ["昌吉州", "昌吉市", "阜康市", "呼图壁县", "玛纳斯县", "奇台县", "吉木萨尔县", "木垒县",
          "准东开发区", "昌吉高新区", "昌吉农高区"]
SOURCES = ["昌吉日报", "昌吉零距离", "天山网", "新疆日报", "昌吉州融媒体中心"]
REPORTERS = ["刘辉", "刘茜", "魏丹", "王静", "马晓燕", "李强", "张蕾", "阿依古丽", "陈栋", "赵雪"]
DEPTS = ["科技局", "人社局", "发改委", "统计局", "工信局", "农业农村局", "商务局", "文旅局", "委组织部"]
TOPICS = ["科技创新", "人才工作", "招商引资", "工业经济", "乡村振兴", "文化旅游", "营商环境", "新能源产业"]
HEAD_ENDS = ["取得新成效", "跑出加速度", "再上新台阶", "交出亮眼成绩单", "稳中有进", "蓄势赋能"]

# (phrase with {v} where the figure goes, unit after it, kind, low, high)
#   kind: n = count, yi = 亿元 (2 decimals), wan = 万 (integer), pct = percent (1 decimal)
FACTS = [
    ("遴选培育“庭州英才”", "名", "n", 120, 320),
    ("推荐入选自治区“天山英才”", "名", "n", 30, 120),
    ("入选“天池英才”", "名", "n", 20, 90),
    ("入选重点人才项目", "个", "n", 10, 60),
    ("争取自治区人才发展基金", "亿元", "yi", 0.8, 4.0),
    ("攻克关键核心技术", "项", "n", 20, 140),
    ("新增高新技术企业", "家", "n", 12, 90),
    ("高新技术企业达到", "家", "n", 60, 400),
    ("技术合同成交额", "亿元", "yi", 0.5, 12.0),
    ("研究与试验发展经费投入", "亿元", "yi", 2.0, 40.0),
    ("申请专利", "件", "n", 300, 4000),
    ("建成企业博士后科研工作站", "个", "n", 2, 18),
    ("新建技术技能创新服务平台", "个", "n", 5, 40),
    ("科研人才队伍达到", "人", "n", 800, 6000),
    ("推广应用先进农业科技成果", "项", "n", 80, 600),
    ("推广水肥一体化技术", "万亩", "wan", 50, 600),
    ("建设高标准农田", "万亩", "wan", 20, 300),
    ("粮食总产量", "万吨", "wan", 80, 400),
    ("地区生产总值同比增长", "%", "pct", 3.0, 12.0),
    ("规模以上工业增加值增长", "%", "pct", 2.0, 18.0),
    ("固定资产投资增长", "%", "pct", 1.0, 25.0),
    ("社会消费品零售总额", "亿元", "yi", 80.0, 600.0),
    ("新增城镇就业", "人", "n", 3000, 30000),
    ("引进各类人才", "名", "n", 200, 5000),
    ("落地招商引资项目", "个", "n", 30, 400),
    ("招商引资到位资金", "亿元", "yi", 50.0, 900.0),
    ("为科技型企业发放授信", "万元", "wan", 500, 90000),
    ("培育专精特新中小企业", "家", "n", 8, 120),
    ("接待游客", "万人次", "wan", 200, 3000),
    ("实现旅游收入", "亿元", "yi", 10.0, 300.0),
    ("新能源并网装机", "万千瓦", "wan", 100, 3000),
    ("农村居民人均可支配收入", "元", "n", 15000, 32000),
    ("城镇居民人均可支配收入增长", "%", "pct", 3.0, 9.0),
    ("建成5G基站", "个", "n", 500, 9000),
    ("实施重点项目", "项", "n", 100, 900),
    ("签订产学研合作协议", "项", "n", 10, 160),
]
YEARS = list(range(2019, 2026))
SCOPES = ["{y}年", "{y}年上半年", "{y}年前三季度", "截至{y}年底", "{y}年全年"]
COUNT_QUALIFIERS = ["", "", "", "", "余", "超过", "以上", "突破", "达"]
FILLER = [
    "与会人员围绕科技创新、人才培养和成果转化等议题进行了深入交流。",
    "下一步，{p}将持续优化营商环境，推动产业链、创新链、人才链深度融合。",
    "这是一次追赶跨越的巨变。",
    "{p}坚持把高质量发展作为首要任务，聚焦重点产业精准发力。",
    "会议指出，要进一步压实责任、细化举措，确保各项工作落地见效。",
    "记者在现场看到，一排排厂房拔地而起，生产线上机器轰鸣。",
    "据了解，相关项目建成后将有效带动周边群众就近就业。",
    "当天，第{n}届科技活动周在{p}启动。",
    "近年来，{p}聚力开展原创性引领性科技攻关，一批科技成果在这里落地生根。",
    "企业负责人表示，将抓住机遇，加大研发投入，提升核心竞争力。",
    "{p}相关负责人介绍，今年以来各项经济指标保持稳中有进的良好态势。",
    "活动现场，专家学者与企业代表面对面交流，共话发展新机遇。",
    "{p}紧扣“稳中求进”工作总基调，统筹推进项目建设、产业升级和民生改善，推动经济运行持续向好。",
    "在生产车间里，工人们正忙着调试新上线的智能化设备，一派繁忙景象。",
    "围绕重点产业链，{p}建立了“链长+链主”工作机制，推动上下游企业协同发展、抱团成长。",
    "据介绍，{m}月{d}日，{p}召开专题会议，研究部署下一阶段重点工作。",
    "该项目总投资较大，建成投产后将进一步延伸产业链条，提升产品附加值。",
    "多位受访群众表示，家门口就业的机会越来越多，日子越过越有奔头。",
    "{p}还将持续深化“放管服”改革，为各类经营主体营造公平竞争的市场环境。",
    "第{n}次全体会议审议通过了相关工作方案。",
]
CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1..99 in Chinese numerals (一, 十二, 三十五)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


class Synth:
    """Deterministic generator of Markdown news articles with repeated and conflicting facts."""

    def __init__(self, seed: int, conflict_rate: float = 0.03) -> None:
        self.seed = seed
        self.conflict_rate = conflict_rate
        # Canonical value of every (fact, place, year, scope): the same fact is reported by many
        # articles; a few of them state a different figure (the deliberate conflicts).
        self._values: dict[tuple[int, int, int, int], float] = {}
        # Zipf-like popularity of facts: a few facts are repeated very often.
        self.fact_weights = [1.0 / (k + 1) ** 0.8 for k in range(len(FACTS))]
        rng = random.Random(f"{seed}:facts")
        rng.shuffle(self.fact_weights)

    def value(self, fact: int, place: int, year: int, scope: int) -> float:
        key = (fact, place, year, scope)
        v = self._values.get(key)
        if v is None:
            rng = random.Random(f"{self.seed}:value:{key}")
            _, _, kind, lo, hi = FACTS[fact]
            if kind in ("n", "wan"):
                v = float(rng.randint(int(lo), int(hi)))
            elif kind == "yi":
                v = round(rng.uniform(lo, hi), 2)
            else:
                v = round(rng.uniform(lo, hi), 1)
            self._values[key] = v
        return v

    @staticmethod
    def _conflicting(v: float, kind: str, rng: random.Random) -> float:
        if kind == "yi":
            s = f"{v:.2f}"
            if s[-1] != s[-2]:                                   # 2.49 → 2.94: transposed digits
                return float(s[:-2] + s[-1] + s[-2])
            return round(v * rng.choice([0.9, 1.1]), 2)
        if kind == "pct":
            return round(v + rng.choice([-1.2, -0.5, 0.3, 0.8]), 1)
        return float(max(1, int(v) + rng.choice([-1, 1]) * max(1, int(v * rng.uniform(0.05, 0.3)))))

    @staticmethod
    def _fmt(v: float, kind: str, rng: random.Random) -> str:
        if kind == "yi":
            return f"{v:.2f}".rstrip("0").rstrip(".")
        if kind == "pct":
            return f"{v:.1f}"
        n = int(v)
        if kind == "n" and n < 100 and rng.random() < 0.08:
            return _cn_number(n)
        return str(n)

    def _claim(self, rng: random.Random, place: int, year: int, stats: dict) -> tuple[str, str]:
        fact = rng.choices(range(len(FACTS)), weights=self.fact_weights)[0]
        phrase, unit, kind, _, _ = FACTS[fact]
        scope = rng.randrange(len(SCOPES))
        v = self.value(fact, place, year, scope)
        if rng.random() < self.conflict_rate:
            v = self._conflicting(v, kind, rng)
            stats["conflicts"] += 1
        stats["facts"] += 1
        figure = self._fmt(v, kind, rng)
        q = rng.choice(COUNT_QUALIFIERS) if kind != "pct" else ""
        if q == "余" and kind in ("n", "wan") and v >= 10:
            body = f"{phrase}{figure}余{unit}"
        elif q == "以上":
            body = f"{phrase}{figure}{unit}以上"
        elif q in ("超过", "突破", "达"):
            body = f"{phrase}{q}{figure}{unit}"
        else:
            body = f"{phrase}{figure}{unit}"
        return body, SCOPES[scope].format(y=year)

    def article(self, i: int) -> tuple[str, dict]:
        rng = random.Random(f"{self.seed}:article:{i}")
        stats = {"facts": 0, "conflicts": 0}
        place = rng.randrange(len(PLACES))
        pname = PLACES[place]
        year = rng.choice(YEARS)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        pub_year = year + 1 if month <= 2 else year
        title = f"{pname}{rng.choice(TOPICS)}{rng.choice(HEAD_ENDS)}"
        source = rng.choice(SOURCES)
        lines = ["---", f"title: {title}", f"date: {pub_year}-{month:02d}-{day:02d}", f"source: {source}", "---", ""]
        if rng.random() < 0.5:
            lines += [f"# {title}", ""]
        body, scope = self._claim(rng, place, year, stats)
        lines.append(
            f"本报讯 记者{rng.choice(REPORTERS)}报道：{month}月{day}日，记者从{pname}{rng.choice(DEPTS)}获悉："
            f"{scope}，{pname}{body}。")
        lines.append("")
        fillers = rng.sample(FILLER, len(FILLER))
        for _ in range(rng.randint(4, 8)):
            sentences = []
            for _ in range(rng.randint(1, 4)):
                if fillers and rng.random() < 0.6:
                    sentences.append(fillers.pop().format(p=pname, n=rng.randint(2, 30), m=month, d=day))
                    continue
                parts, scope = [], None
                for _ in range(rng.randint(1, 2)):
                    body, s = self._claim(rng, place, year, stats)
                    scope = scope or s
                    parts.append(body)
                where = pname if rng.random() < 0.6 else ""
                sentences.append(f"{scope}，{where}{'，'.join(parts)}。")
            lines.append("".join(sentences))
            lines.append("")
        return "\n".join(lines), stats

    def write(self, n: int, out: Path) -> dict:
        """Write articles 0..n-1 under ``out`` (1,000 a subdirectory); reuse a complete earlier run."""
        stamp = out / ".complete"
        if stamp.exists():
            return json.loads(stamp.read_text(encoding="utf-8"))
        if out.exists():
            shutil.rmtree(out)
        t0 = time.perf_counter()
        totals = {"articles": n, "facts": 0, "conflicts": 0, "chars": 0}
        for i in range(n):
            text, stats = self.article(i)
            d = out / f"{i // 1000:03d}"
            if i % 1000 == 0:
                d.mkdir(parents=True, exist_ok=True)
            (d / f"{i:06d}.md").write_text(text, encoding="utf-8")
            totals["facts"] += stats["facts"]
            totals["conflicts"] += stats["conflicts"]
            totals["chars"] += len(text)
        totals["generate_s"] = round(time.perf_counter() - t0, 2)
        stamp.write_text(json.dumps(totals), encoding="utf-8")
        return totals


# ----------------------------------------------------------------------------------------
# Subprocesses with per-child peak memory
# ----------------------------------------------------------------------------------------
def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if SRC != REPO:
        env["PYTHONSAFEPATH"] = "1"  # `python -c/-m` in REPO must not put REPO/factcheck first (3.11+)
    # a fresh process is measured unless a `factcheck serve` of this run is (--served):
    # never a server the user happens to have running
    env.pop("FACTCHECK_SOCKET", None)
    if SERVED_SOCKET is None:
        env["FACTCHECK_NO_SERVER"] = "1"
    else:
        env.pop("FACTCHECK_NO_SERVER", None)
        env["FACTCHECK_SOCKET"] = str(SERVED_SOCKET)
    return env


def run_child(cmd: list[str], cwd: Path = REPO) -> dict:
    """Run ``cmd``; wall time, exit code, the child's own peak RSS (MB), stdout, stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=_env())
        rss_mb = None
        if hasattr(os, "wait4"):
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
            # ru_maxrss: KiB on Linux, bytes on macOS
            rss_mb = ru.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        else:  # pragma: no cover - Windows: no per-child rusage
            p.wait()
            wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        return {"wall_s": wall, "rc": p.returncode, "rss_mb": rss_mb,
                "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace")}


def factcheck_cmd() -> list[str]:
    exe = Path(sys.executable).parent / ("factcheck.exe" if os.name == "nt" else "factcheck")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "factcheck"]


def codespell_cmd() -> list[str] | None:
    exe = Path(sys.executable).parent / ("codespell.exe" if os.name == "nt" else "codespell")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("codespell")
    return [found] if found else None


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def corpus_stats(root: Path) -> tuple[int, int, int]:
    """(articles, characters, bytes) of the .md/.txt files under ``root``."""
    n = chars = size = 0
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix in (".md", ".txt", ".markdown") and not f.name.startswith("."):
            data = f.read_bytes()
            n += 1
            size += len(data)
            chars += len(data.decode("utf-8", "replace"))
    return n, chars, size


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))
    return s[k]


# ----------------------------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------------------------
WORKER_NAMES = ("jobs", "workers", "processes", "parallel")

_API_INGEST_SNIPPET = r"""
import sys
from factcheck import api
root, db, param, n = sys.argv[1:5]
res = api.ingest([root], db, **{param: int(n)})
for e in res.errors:
    print(f"factcheck: skipped {e}", file=sys.stderr)
print(f"ingested: {res.added} added, {res.updated} updated, {res.unchanged} unchanged, "
      f"{res.claims} claims stored, {len(res.errors)} skipped", file=sys.stderr)
sys.exit(2 if res.errors else 0)
"""


def parallel_ingest_mode() -> dict:
    """How factcheck lets ingest use several processes, if it does.

    ``via`` is "cli" (an option of `factcheck ingest`), "api" (a parameter of api.ingest, driven
    from a small subprocess) or None; ``flag`` is the option or parameter name.
    """
    help_text = run_child([*factcheck_cmd(), "ingest", "--help"])["stdout"]
    for name in WORKER_NAMES:
        opt = "--" + name
        if re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", help_text):
            return {"via": "cli", "flag": opt,
                    "note": f"`factcheck ingest {opt} N` (1 process: {opt} 1; parallel: {opt} {os.cpu_count()})"}
    try:
        from factcheck import api
        params = list(inspect.signature(api.ingest).parameters)
    except Exception as exc:  # pragma: no cover
        params = [f"<api not importable: {exc}>"]
    for name in WORKER_NAMES:
        if name in params:
            return {"via": "api", "flag": name,
                    "note": f"api.ingest({name}=N) in a subprocess (the CLI has no option for it; "
                            f"1 process: {name}=1; parallel: {name}={os.cpu_count()})"}
    return {"via": None, "flag": None,
            "note": ("not offered: `factcheck ingest` has no --jobs/--workers option and api.ingest"
                     f"({', '.join(params)}) takes no worker count; ingest is single-process only, so "
                     "no parallel figure is reported")}


def ingest_cmd(root: Path, db: Path, mode: dict, jobs: int | None) -> list[str]:
    """`factcheck ingest ROOT --db DB`, with ``jobs`` worker processes when factcheck has a way."""
    if jobs is None or mode["via"] is None:
        return [*factcheck_cmd(), "ingest", str(root), "--db", str(db)]
    if mode["via"] == "cli":
        return [*factcheck_cmd(), "ingest", str(root), "--db", str(db), mode["flag"], str(jobs)]
    return [sys.executable, "-c", _API_INGEST_SNIPPET, str(root), str(db), mode["flag"], str(jobs)]


def bench_extraction(min_seconds: float) -> dict:
    """In-process extract() throughput on the seed pages, one core, after a warm-up call."""
    from factcheck.extract import extract
    from factcheck.reading import read_document

    docs = [read_document(p) for p in sorted(SEEDS.glob("*.txt"))]
    chars = sum(len(d.text) for d in docs)
    t0 = time.perf_counter()
    claims = sum(len(extract(d).claims) for d in docs)          # warm-up: tokenizer load, regexes
    first = time.perf_counter() - t0

    def clear_caches() -> int:
        n = 0
        for name, mod in list(sys.modules.items()):
            if name.startswith("factcheck") and mod is not None:
                for obj in vars(mod).values():
                    if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", "") == name:
                        obj.cache_clear()
                        n += 1
        return n

    def rounds(clear: bool) -> list[float]:
        rates, start = [], time.perf_counter()
        while len(rates) < 3 or time.perf_counter() - start < min_seconds:
            if clear:
                clear_caches()
            t = time.perf_counter()
            for d in docs:
                extract(d)
            rates.append(chars / (time.perf_counter() - t))
        return rates

    cleared = rounds(True)
    n_caches = clear_caches()
    warm = rounds(False)
    return {"documents": len(docs), "chars": chars, "claims": claims, "first_pass_s": round(first, 3),
            "chars_per_s": round(statistics.median(cleared)), "rounds": len(cleared),
            "chars_per_s_memo_warm": round(statistics.median(warm)), "lru_caches_cleared": n_caches}


def bench_startup(repeat: int) -> dict:
    """Floors for a fresh check: bare interpreter, import of the CLI, `factcheck --version`."""
    cases = {
        "python_bare": [sys.executable, "-c", "pass"],
        "import_factcheck_cli": [sys.executable, "-c", "import factcheck.cli"],
        "import_factcheck_api": [sys.executable, "-c", "import factcheck.api"],
        "factcheck_version": [*factcheck_cmd(), "--version"],
    }
    out = {}
    for name, cmd in cases.items():
        run_child(cmd)  # warm-up
        times = [run_child(cmd)["wall_s"] for _ in range(max(3, repeat // 2))]
        out[name + "_ms"] = round(statistics.median(times) * 1000, 1)
    return out


def bench_archive(label: str, root: Path, db: Path, draft: Path, repeat: int,
                  mode: dict, info: dict) -> dict:
    n, chars, size = corpus_stats(root)
    r: dict = {"archive": label, "path": str(root), "db": str(db), "articles": n, "chars": chars, "bytes": size,
               **info}
    if db.exists():
        shutil.rmtree(db)

    print(f"[{label}] ingest from scratch: {n} articles, {chars:,} chars …", file=sys.stderr, flush=True)
    ing = run_child(ingest_cmd(root, db, mode, 1))          # 1 process, even if factcheck defaults to more
    if ing["rc"] != 0:
        raise SystemExit(f"ingest failed ({ing['rc']}): {ing['stderr'][-2000:]}")
    r["ingest_s"] = round(ing["wall_s"], 2)
    r["ingest_chars_per_s"] = round(chars / ing["wall_s"])
    r["ingest_articles_per_s"] = round(n / ing["wall_s"], 1)
    r["ingest_rss_mb"] = _mb(ing["rss_mb"])
    r["ingest_summary"] = ing["stderr"].strip().splitlines()[-1] if ing["stderr"].strip() else ""
    m = re.search(r"(\d+) claims stored", r["ingest_summary"])
    r["claims_stored"] = int(m.group(1)) if m else None
    r["db_mb"] = round(dir_size(db) / 1e6, 1)

    if mode["via"]:
        pdb = db.with_name(db.name + "-parallel")
        shutil.rmtree(pdb, ignore_errors=True)
        jobs = os.cpu_count() or 1
        print(f"[{label}] parallel ingest from scratch, {jobs} processes …", file=sys.stderr, flush=True)
        par = run_child(ingest_cmd(root, pdb, mode, jobs))
        r["ingest_parallel_jobs"] = jobs
        r["ingest_parallel_s"] = round(par["wall_s"], 2) if par["rc"] == 0 else None
        r["ingest_parallel_chars_per_s"] = round(chars / par["wall_s"]) if par["rc"] == 0 else None
        # ru_maxrss of a waited-for process tree is the largest single process, not the sum
        r["ingest_parallel_rss_mb"] = _mb(par["rss_mb"])
        r["ingest_parallel_summary"] = par["stderr"].strip().splitlines()[-1] if par["stderr"].strip() else ""
        shutil.rmtree(pdb, ignore_errors=True)

    print(f"[{label}] unchanged re-ingest …", file=sys.stderr, flush=True)
    re_ing = run_child(ingest_cmd(root, db, mode, None))    # as a user runs it
    r["reingest_s"] = round(re_ing["wall_s"], 2)
    r["reingest_rss_mb"] = _mb(re_ing["rss_mb"])
    r["reingest_summary"] = re_ing["stderr"].strip().splitlines()[-1] if re_ing["stderr"].strip() else ""
    m = re.search(r"(\d+) unchanged", r["reingest_summary"])
    if not m or int(m.group(1)) != n:
        # e.g. the extractor version changed between the two ingests: not an unchanged re-ingest
        r["reingest_invalid"] = r["reingest_summary"] or f"exit code {re_ing['rc']}"
        print(f"[{label}] WARNING: re-ingest did not skip every file: {r['reingest_invalid']}",
              file=sys.stderr, flush=True)

    r.update(bench_check(label, db, draft, repeat))
    if SERVED_WORK is not None:
        r.update(bench_served(label, db, draft, repeat, SERVED_WORK))
    return r


def check_cmd(db: Path, draft: Path) -> list[str]:
    return [*factcheck_cmd(), "check", str(draft.relative_to(REPO) if draft.is_relative_to(REPO) else draft),
            "--db", str(db), "--format", "json"]


def interleaved_checks(archives: list[dict], draft: Path, repeat: int) -> dict:
    """Check every DB (and codespell) round-robin, rotating the order each round, so that a
    change of machine load between archives cannot pass for growth with archive size."""
    spell = codespell_cmd()
    names = [a["archive"] for a in archives] + (["codespell"] if spell else [])
    cmds = {a["archive"]: check_cmd(Path(a["db"]), draft) for a in archives}
    if spell:
        cmds["codespell"] = [*spell, str(draft)]
    print(f"interleaved check of {len(archives)} DBs + codespell, {repeat} rounds …", file=sys.stderr, flush=True)
    times: dict[str, list[float]] = {n: [] for n in names}
    for i in range(repeat):
        k = i % len(names)
        for name in names[k:] + names[:k]:
            times[name].append(run_child(cmds[name])["wall_s"])
    spell_med = statistics.median(times["codespell"]) if spell else None
    for a in archives:
        t = times[a["archive"]]
        a["check_interleaved_median_ms"] = round(statistics.median(t) * 1000, 1)
        a["check_interleaved_p95_ms"] = round(pct(t, 95) * 1000, 1)
        a["check_interleaved_over_codespell"] = round(statistics.median(t) / spell_med, 2) if spell_med else None
    return {"rounds": repeat, "codespell_median_ms": round(spell_med * 1000, 1) if spell_med else None}


def bench_check(label: str, db: Path, draft: Path, repeat: int) -> dict:
    """Fresh-process `factcheck check DRAFT --format json`, paired run by run with codespell."""
    r: dict = {}
    fc = factcheck_cmd()
    print(f"[{label}] check vs codespell, {repeat} paired fresh-process runs …", file=sys.stderr, flush=True)
    check = check_cmd(db, draft)
    spell = codespell_cmd()
    first = run_child(check)                                   # warm-up (page cache, .pyc)
    if first["rc"] not in (0, 1):
        raise SystemExit(f"check failed ({first['rc']}): {first['stderr'][-2000:]}")
    try:
        report = json.loads(first["stdout"])
        r["check_findings"] = len(report.get("findings", []))
        r["check_draft_claims"] = report.get("summary", {}).get("claims")
    except json.JSONDecodeError:
        r["check_findings"] = None
    if spell:
        run_child([*spell, str(draft)])
    c_times, c_rss, s_times = [], [], []
    for i in range(repeat):
        order = ("check", "spell") if i % 2 == 0 else ("spell", "check")
        for which in order:
            if which == "check":
                res = run_child(check)
                c_times.append(res["wall_s"])
                c_rss.append(res["rss_mb"] or 0.0)
            elif spell:
                s_times.append(run_child([*spell, str(draft)])["wall_s"])
    r["check_median_ms"] = round(statistics.median(c_times) * 1000, 1)
    r["check_p95_ms"] = round(pct(c_times, 95) * 1000, 1)
    r["check_min_ms"] = round(min(c_times) * 1000, 1)
    r["check_rss_mb"] = round(max(c_rss), 1) if any(c_rss) else None
    if s_times:
        r["codespell_median_ms"] = round(statistics.median(s_times) * 1000, 1)
        r["codespell_p95_ms"] = round(pct(s_times, 95) * 1000, 1)
        r["check_over_codespell"] = round(statistics.median(c_times) / statistics.median(s_times), 2)
    else:
        r["codespell_median_ms"] = r["codespell_p95_ms"] = r["check_over_codespell"] = None
    r["repeat"] = repeat
    return r


def bench_served(label: str, db: Path, draft: Path, repeat: int, work: Path) -> dict:
    """The same paired measurement with `factcheck serve` running: each `factcheck check` is
    still a fresh process, which hands its work to the warm server (factcheck/client.py)."""
    global SERVED_SOCKET
    sock = work / "serve" / "fc.sock"
    SERVED_SOCKET = sock
    server = subprocess.Popen([*factcheck_cmd(), "serve", "--socket", str(sock)], cwd=REPO, env=_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not sock.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"factcheck serve did not start: {server.stderr.read() if server.stderr else ''}")
            time.sleep(0.05)
        r = bench_check(f"{label}, served", db, draft, repeat)
    finally:
        SERVED_SOCKET = None
        server.terminate()
        log = server.communicate(timeout=60)[1]
    served = log.count("factcheck serve: check in")
    if served < repeat:
        raise SystemExit(f"only {served} of the checks were served: {log[-2000:]}")
    return {"served_check_median_ms": r["check_median_ms"], "served_check_p95_ms": r["check_p95_ms"],
            "served_codespell_median_ms": r["codespell_median_ms"],
            "served_check_over_codespell": r["check_over_codespell"]}


def _mb(v: float | None) -> float | None:
    return None if v is None else round(v, 1)


# ----------------------------------------------------------------------------------------
# Profiles (--profile)
# ----------------------------------------------------------------------------------------
def profile_import(db: Path, draft: Path, top: int = 10) -> dict:
    """`python -X importtime` of one fresh `factcheck check`: the slowest imports (cumulative)."""
    cmd = [sys.executable, "-X", "importtime", "-m", "factcheck", "check", str(draft), "--db", str(db),
           "--format", "json"]
    run_child(cmd)  # warm-up
    res = run_child(cmd)
    rows = []
    for line in res["stderr"].splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            rows.append({"module": m.group(4), "self_us": int(m.group(1)), "cumulative_us": int(m.group(2)),
                         "depth": len(m.group(3)) // 2})
    total_top = sum(r["cumulative_us"] for r in rows if r["depth"] == 0)
    rows.sort(key=lambda r: -r["cumulative_us"])
    return {"command": " ".join(cmd), "wall_ms": round(res["wall_s"] * 1000, 1),
            "imports_total_ms": round(total_top / 1000, 1), "modules": len(rows), "top": rows[:top]}


_CHECK_PROFILE_SNIPPET = r"""
import cProfile, io, json, pstats, sys, time
t0 = time.perf_counter()
from factcheck import cli
t1 = time.perf_counter()
top = int(sys.argv[1])
sys.argv = ["factcheck", *sys.argv[2:]]
prof = cProfile.Profile()
prof.enable()
try:
    cli.main()
except SystemExit:
    pass
prof.disable()
t2 = time.perf_counter()
s = io.StringIO()
pstats.Stats(prof, stream=s).strip_dirs().sort_stats("cumulative").print_stats(r"^(?!.*(frozen|core\.py|main\.py:))", top)
sys.stdout = sys.__stdout__
print("\n" + json.dumps({"import_cli_ms": (t1 - t0) * 1000, "run_ms": (t2 - t1) * 1000, "cumulative": s.getvalue()}))
"""


def profile_check(db: Path, draft: Path, top: int = 12) -> dict:
    """One fresh `factcheck check`: time to import the CLI, then cProfile of the command itself
    (lazy imports inside the command included)."""
    res = run_child([sys.executable, "-c", _CHECK_PROFILE_SNIPPET, str(top), "check", str(draft), "--db", str(db),
                     "--format", "json", "--output", os.devnull])
    try:
        return {"db": str(db), **json.loads(res["stdout"].strip().splitlines()[-1])}
    except (json.JSONDecodeError, IndexError):
        return {"error": res["stderr"][-2000:]}


_CPROFILE_SNIPPET = r"""
import cProfile, inspect, io, json, pstats, sys, time
sys.path.insert(0, sys.argv[1])
from factcheck import api
paths = json.load(open(sys.argv[2], encoding="utf-8"))
# one process: worker processes would hide the extraction from the profiler
params = inspect.signature(api.ingest).parameters
one = {n: 1 for n in ("jobs", "workers", "processes", "parallel") if n in params}
prof = cProfile.Profile()
t0 = time.perf_counter()
prof.enable()
res = api.ingest(paths, sys.argv[3], **one)
prof.disable()
wall = time.perf_counter() - t0
out = {"wall_s": wall, "added": res.added, "claims": res.claims, "forced_one_process": one}
for key in ("cumulative", "tottime"):
    s = io.StringIO()
    pstats.Stats(prof, stream=s).strip_dirs().sort_stats(key).print_stats(int(sys.argv[4]))
    out[key] = s.getvalue()
print(json.dumps(out))
"""


def profile_ingest(root: Path, n: int, work: Path, top: int = 15) -> dict:
    """cProfile of api.ingest over the first ``n`` files of ``root`` (sorted), into a fresh DB."""
    files = sorted(str(f) for f in root.rglob("*.md"))[:n] or sorted(str(f) for f in root.rglob("*.txt"))[:n]
    lst = work / "profile-files.json"
    lst.write_text(json.dumps(files), encoding="utf-8")
    db = work / "profile-db"
    shutil.rmtree(db, ignore_errors=True)
    res = run_child([sys.executable, "-c", _CPROFILE_SNIPPET, str(SRC), str(lst), str(db), str(top)])
    shutil.rmtree(db, ignore_errors=True)
    if res["rc"] != 0:
        return {"error": res["stderr"][-2000:]}
    out = json.loads(res["stdout"].strip().splitlines()[-1])
    out["files"] = len(files)
    out["root"] = str(root)
    out["chars"] = sum(len(Path(f).read_text(encoding="utf-8", errors="replace")) for f in files)
    return out


# ----------------------------------------------------------------------------------------
# Targets and output
# ----------------------------------------------------------------------------------------
def evaluate_targets(archives: list[dict]) -> list[dict]:
    out = []

    def add(name: str, target: str, value, ok: bool | None, by: str) -> None:
        out.append({"target": name, "goal": target, "value": value,
                    "status": "n/a" if ok is None else ("met" if ok else "MISSED"), "margin": by})

    for a in archives:
        ratio = a.get("check_over_codespell")
        if ratio is not None:
            add(f"check median ≤ codespell median [{a['archive']}]", "ratio ≤ 1.0",
                f"{a['check_median_ms']} ms vs {a['codespell_median_ms']} ms (×{ratio})",
                ratio <= TARGET_CHECK_VS_CODESPELL, f"{ratio / TARGET_CHECK_VS_CODESPELL:.1f}× the goal")
        served = a.get("served_check_over_codespell")
        if served is not None:  # the same fresh-process client, handing its work to `factcheck serve`
            add(f"check with `factcheck serve` running ≤ codespell [{a['archive']}]", "ratio ≤ 1.0",
                f"{a['served_check_median_ms']} ms vs {a['served_codespell_median_ms']} ms (×{served})",
                served <= TARGET_CHECK_VS_CODESPELL, f"{served / TARGET_CHECK_VS_CODESPELL:.2f}× the goal")
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
    ("check_median_ms", "check, fresh process, median (ms)", "{}"), ("check_p95_ms", "  check p95 (ms)", "{}"),
    ("check_rss_mb", "  check peak RSS (MB)", "{}"), ("check_findings", "  findings in the draft", "{}"),
    ("check_interleaved_median_ms", "check median, DBs interleaved (ms)", "{}"),
    ("check_interleaved_p95_ms", "  check p95, DBs interleaved (ms)", "{}"),
    ("check_interleaved_over_codespell", "  ratio to interleaved codespell", "×{}"),
    ("codespell_median_ms", "codespell same file, median (ms)", "{}"),
    ("check_over_codespell", "  ratio of medians check/codespell", "×{}"),
    ("served_check_median_ms", "check, `factcheck serve` running, median ms", "{}"),
    ("served_check_p95_ms", "  p95 ms", "{}"),
    ("served_codespell_median_ms", "  codespell median ms (paired)", "{}"),
    ("served_check_over_codespell", "  ratio of medians served check/codespell", "×{}"),
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
            lines.append(f"one fresh check on {pc.get('db')}: import factcheck.cli {pc['import_cli_ms']:.0f} ms, then "
                         f"the command {pc['run_ms']:.0f} ms under cProfile (lazy imports included; import "
                         f"machinery and click frames hidden):")
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


def _loadavg() -> list[float] | None:
    """1/5/15-minute load: other work on the machine skews every wall-clock figure."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def git_info() -> tuple[str, bool]:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True).stdout.strip() or "?"
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "factcheck"], cwd=REPO,
                                    capture_output=True, text=True).stdout.strip())
    except OSError:
        return "?", False
    return commit, dirty


def main(argv: list[str] | None = None) -> int:
    global SERVED_WORK
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", help="synthetic archive sizes, comma-separated (default 1000,10000; "
                                    "none when --corpus is given unless --sizes is too)")
    ap.add_argument("--corpus", action="append", default=[], metavar="DIR",
                    help="directory of real articles (.md/.txt) to benchmark (repeatable)")
    ap.add_argument("--check-db", action="append", default=[], metavar="DIR",
                    help="only time the check (and codespell) against this existing claims DB (repeatable)")
    ap.add_argument("--repeat", type=int, default=15, help="fresh-process check runs per archive (default 15)")
    ap.add_argument("--json", type=Path, help="write the results here (default benchmarks/results/<UTC>.json)")
    ap.add_argument("--draft", type=Path, default=DEFAULT_DRAFT, help="draft to check (default talent_conflict.md)")
    ap.add_argument("--seed", type=int, default=20241219, help="seed of the synthetic archive")
    ap.add_argument("--workdir", type=Path, help="where archives and DBs go (default: a temporary directory, "
                                                 "removed afterwards; a given workdir is kept and reused)")
    ap.add_argument("--extract-seconds", type=float, default=3.0, help="time spent on the extraction benchmark")
    ap.add_argument("--extraction-only", action="store_true",
                    help="only the in-process extraction throughput on the seed pages (a few seconds)")
    ap.add_argument("--source", type=Path, metavar="DIR",
                    help="benchmark the factcheck package in DIR/factcheck instead (e.g. another commit: "
                         "`git archive REV factcheck | tar -x -C DIR`, or the `src` of a kept --workdir)")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="import factcheck straight from the working tree instead of a snapshot of "
                         "factcheck/ taken at start (edits during the run would then mix versions)")
    ap.add_argument("--served", action="store_true",
                    help="also time each check with `factcheck serve` running (still a fresh client process)")
    ap.add_argument("--profile", action="store_true",
                    help="also: -X importtime of one fresh check, cProfile of one ingest")
    ap.add_argument("--profile-files", type=int, default=2000, help="files for the cProfile ingest (default 2000)")
    args = ap.parse_args(argv)

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()] if args.sizes else (
        [] if args.corpus or args.check_db else [1000, 10000])
    draft = args.draft.resolve()
    if not draft.is_file():
        ap.error(f"{draft}: no such draft")
    corpora = [Path(c).resolve() for c in args.corpus]
    for c in corpora:
        if not c.is_dir():
            ap.error(f"{c}: not a directory")
        if c.is_relative_to(REPO):
            ap.error(f"{c}: keep corpora outside the repository")

    keep = args.workdir is not None
    work = args.workdir.resolve() if keep else Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    if args.served:
        SERVED_WORK = work
    work.mkdir(parents=True, exist_ok=True)
    global SRC
    if args.source:
        SRC = args.source.resolve()
        if not (SRC / "factcheck" / "__init__.py").is_file():
            ap.error(f"{SRC}: no factcheck package here")
    elif not args.no_snapshot:
        SRC = work / "src"
        shutil.rmtree(SRC, ignore_errors=True)
        shutil.copytree(REPO / "factcheck", SRC / "factcheck",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    sys.path.insert(0, str(SRC))
    commit, dirty = git_info()
    src_hash = hashlib.sha256()
    for f in sorted((SRC / "factcheck").rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            src_hash.update(str(f.relative_to(SRC)).encode() + b"\0" + f.read_bytes())
    now = _dt.datetime.now(_dt.timezone.utc)
    from factcheck import __version__
    result: dict = {"meta": {
        "timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "commit": commit, "dirty": dirty,
        "factcheck": __version__, "python": platform.python_version(), "platform": platform.platform(),
        "cpus": os.cpu_count(), "draft": str(draft.relative_to(REPO) if draft.is_relative_to(REPO) else draft),
        "repeat": args.repeat, "seed": args.seed, "sizes": sizes, "corpora": [str(c) for c in corpora],
        "codespell": (run_child([*codespell_cmd(), "--version"])["stdout"].strip() if codespell_cmd() else None),
        "argv": sys.argv[1:], "loadavg_start": _loadavg(),
        "source": str(SRC) if args.source or args.no_snapshot else "snapshot of factcheck/ at start",
        "source_sha256": src_hash.hexdigest()[:16],
    }}
    if not codespell_cmd():
        print("codespell not found: install it with `.venv/bin/pip install codespell` (the bench extra); "
              "the comparison is skipped", file=sys.stderr)
    try:
        if args.extraction_only:
            print(extraction_line(bench_extraction(args.extract_seconds)))
            return 0
        t_all = time.perf_counter()
        mode = parallel_ingest_mode()
        result["parallel_ingest"] = mode["note"]
        print("extraction throughput on the seeds …", file=sys.stderr, flush=True)
        result["extraction"] = bench_extraction(args.extract_seconds)
        result["startup"] = bench_startup(args.repeat)
        archives = []
        synth = Synth(args.seed)
        for n in sizes:
            root = work / f"synthetic-{args.seed}-{n}"
            print(f"generating {n} synthetic articles …", file=sys.stderr, flush=True)
            gen = synth.write(n, root)
            archives.append(bench_archive(f"synthetic {n // 1000}k" if n % 1000 == 0 else f"synthetic {n}",
                                          root, work / f"db-synthetic-{n}", draft, args.repeat, mode,
                                          {"conflicts": gen["conflicts"], "facts": gen["facts"], "synthetic": True}))
        for c in corpora:
            archives.append(bench_archive(f"corpus {c.name}", c, work / f"db-corpus-{c.name}", draft,
                                          args.repeat, mode, {}))
        for d in args.check_db:
            d = Path(d).resolve()
            from factcheck.store import db_file
            if not db_file(d).is_file():
                raise SystemExit(f"{d}: no claims database here")
            import sqlite3
            with sqlite3.connect(db_file(d)) as conn:
                n_docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                n_claims = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
            # a DB this script built in a --workdir (db-synthetic-N) counts as that synthetic size
            own = re.fullmatch(r"db-synthetic-(\d+)", d.name)
            row = {"archive": f"db {d.name}", "path": str(d), "db": str(d), "articles": n_docs, "claims_stored": n_claims,
                   "db_mb": round(dir_size(d) / 1e6, 1), "synthetic": bool(own and int(own.group(1)) == n_docs)}
            row.update(bench_check(row["archive"], d, draft, args.repeat))
            if SERVED_WORK is not None:
                row.update(bench_served(row["archive"], d, draft, args.repeat, SERVED_WORK))
            archives.append(row)
        if len(archives) >= 2:
            result["interleaved"] = interleaved_checks(archives, draft, args.repeat)
        result["archives"] = archives
        result["targets"] = evaluate_targets(archives)
        if args.profile and archives:
            print("profiling …", file=sys.stderr, flush=True)
            db = Path(max(archives, key=lambda a: a.get("claims_stored") or 0)["db"])  # the largest DB
            ingested = [a for a in archives if "ingest_s" in a]
            shown = draft.relative_to(REPO) if draft.is_relative_to(REPO) else draft
            result["profile"] = {"importtime": profile_import(db, shown), "check": profile_check(db, shown),
                                 "ingest": profile_ingest(Path(ingested[-1]["path"]), args.profile_files, work)
                                 if ingested else None}
        result["meta"]["elapsed_s"] = round(time.perf_counter() - t_all, 1)
        result["meta"]["loadavg_end"] = _loadavg()
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

    print(render(result))
    out = args.json or RESULTS / (now.strftime("%Y%m%dT%H%M%SZ") + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
