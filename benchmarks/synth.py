"""The synthetic archive: seed-style articles with repeated facts and deliberate conflicts,
deterministic from a seed (article *i* depends only on (seed, i))."""
from __future__ import annotations

import json
import random
import shutil
import time
from pathlib import Path

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
