"""What the stages know: word lists, place names, synonyms and the newsroom's region.

One immutable :class:`Knowledge` is built once per run by :func:`load` (from the packaged
data files, the region pack the config chooses, and the config's own additions) and passed
explicitly to extraction, matching, evidence and the audit. No module keeps any of it in
state of its own, so two runs in one process with two configurations never mix.

>>> k = load(region="changji")
>>> k.home, k.canonical_place("北京市"), k.canonical_subject("高企")
('昌吉州', '北京', '高新技术企业')
>>> load().home          # the national default has no home region
''
"""
from __future__ import annotations

import hashlib
import os
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import regex

from .patterns import compile_cached, lazy
from .data import _NAME, plain_groups

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")
REGIONS_DIR = os.path.join(DATA_DIR, "regions")
WORD_LISTS = ("measure_verbs", "flow_words", "stock_words", "target_words", "plan_words", "plan_verbs",
              "filler_words", "area_words", "event_words", "place_kind_words", "suffix_free_words",
              "count_classifiers", "predicate_verbs", "this_time_words", "dimension_words",
              "structure_words", "place_free_names", "time_units", "moment_words", "report_words", "link_words", "demonstratives",
              "change_verbs", "occasion_words", "so_far_words", "occurrence_verbs", "occurrence_units", "occurrence_filler",
              "occurrence_running", "occurrence_periods",
              "race_words", "accumulating_words", "level_words", "level_links", "revision_words",
              "part_year_words", "season_words", "year_on_year_words", "contrast_sets", "body_anaphors")


class KnowledgeError(Exception):
    """A region pack or data file that cannot be used: the message names the file."""


class Knowledge:
    """Everything extraction and matching know besides the text itself.

    Equal (and hashed) by :attr:`digest`, a hash of its contents, which also goes into the
    extractor version stored with each article: another region or synonym table re-extracts.
    Derived tables and patterns are computed once per object, on first use. Immutable: its
    attributes cannot be set after it is made.
    """

    region: str  # the region pack's name; "" is the national default (no home region)
    home_names: tuple[str, ...]  # the paper's home region under all its names
    local_places: tuple[str, ...]  # places of the region pack (its cities, counties, neighbours)
    places: tuple[tuple[str, ...], ...]  # place name groups, canonical first (data/places.yaml)
    synonyms: tuple[tuple[str, ...], ...]  # subject name groups, canonical first
    words: tuple[tuple[str, tuple[str, ...]], ...]  # (list name, words) from data/words.yaml
    filler_chars: str
    digest: str

    def __init__(self, region: str = "", home_names: tuple[str, ...] = (), local_places: tuple[str, ...] = (),
                 places: tuple[tuple[str, ...], ...] = (), synonyms: tuple[tuple[str, ...], ...] = (),
                 words: tuple[tuple[str, tuple[str, ...]], ...] = (), filler_chars: str = "") -> None:
        key = repr((region, home_names, local_places, places, synonyms, words, filler_chars)).encode("utf-8")
        vars(self).update(region=region, home_names=home_names, local_places=local_places, places=places,
                          synonyms=synonyms, words=words, filler_chars=filler_chars,
                          digest=hashlib.sha256(key).hexdigest()[:12])

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Knowledge is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Knowledge is immutable: cannot delete {name!r}")

    def __repr__(self) -> str:
        return f"Knowledge(region={self.region!r}, digest={self.digest!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Knowledge) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def word_list(self, name: str) -> tuple[str, ...]:
        return self._word_lists.get(name, ())

    @cached_property
    def _word_lists(self) -> dict[str, tuple[str, ...]]:
        """The word lists by name, built once (asked for each claim and each pair judged)."""
        return dict(self.words)

    # --- places -----------------------------------------------------------------------
    @cached_property
    def home(self) -> str:
        """The home region's canonical name: the first that is not 全州/我州/州."""
        names = self.home_names
        return next((n for n in names if len(n) > 1 and not n.startswith(("全", "我"))),
                    max(names, key=len) if names else "")

    @cached_property
    def home_pattern(self) -> regex.Pattern[str] | None:
        """All names of the home region; a one-character name (州) only where it cannot be
        another word's last character and a government body follows (州党委, 州本级)."""
        names = sorted(self.home_names, key=len, reverse=True)
        short = [n for n in names if len(n) == 1]
        longer = [regex.escape(n) for n in names if len(n) > 1]
        parts = longer + [rf"(?<![\p{{Han}}]){regex.escape(n)}(?=党委|政府|本级|财政|科技局|人社局|直|级|委)"
                          for n in short]
        return compile_cached(regex.compile, "|".join(parts)) if parts else None

    def without_place_free_names(self, text: str) -> str:
        """``text`` with the names of bodies that locate nothing (全国人大) blanked out, each
        character by one (positions stay): no place is read in them."""
        pattern = self._place_free_pattern
        return pattern.sub(lambda m: "＿" * len(m.group()), text) if pattern else text

    @cached_property
    def _place_free_pattern(self) -> re.Pattern[str] | None:
        """A flat literal alternation, longest first (on ``re``: see :attr:`named_places`)."""
        names = sorted(self.word_list("place_free_names"), key=len, reverse=True)
        return compile_cached(re.compile, "|".join(map(re.escape, names))) if names else None

    @cached_property
    def place_table(self) -> dict[str, str]:
        """Name → canonical name of every listed place (北京市 → 北京)."""
        return {alias: group[0] for group in self.places for alias in group}

    def canonical_place(self, name: str) -> str:
        return self.place_table.get(name, name)

    @cached_property
    def listed_places(self) -> tuple[str, ...]:
        """Place names besides the national table: the area words and the region's places."""
        return (*self.word_list("area_words"), *self.local_places)

    @cached_property
    def named_places(self) -> re.Pattern[str]:
        """Every listed name, longest first (a flat literal alternation: ``re`` scans it
        about three times faster than ``regex``)."""
        names = sorted(dict.fromkeys((*self.place_table, *self.listed_places)), key=len, reverse=True)  # same every run
        return compile_cached(re.compile, "|".join(re.escape(n) for n in names) or "(?!)")

    @cached_property
    def region_place_words(self) -> tuple[str, ...]:
        """Names that say where, not what, when they open a subject (昌吉州高新技术企业):
        the home region's, the region pack's places, 全疆-like names of the national table."""
        national = (p for p in self.place_table if p.startswith("全") and p != "全国")
        return tuple(n for n in dict.fromkeys((*self.home_names, *self.local_places, *national)) if len(n) > 1)

    @cached_property
    def predicate_verbs(self) -> frozenset[str]:
        """Verbs of change and modal verbs between a subject and its figure (上涨, 可)."""
        return frozenset(self.word_list("predicate_verbs"))

    @cached_property
    def place_kinds(self) -> tuple[str, ...]:
        """Common nouns ending like a place (试点城市, 脱贫县, 示范区), longest first: counted
        things, not places (words.yaml's place_kind_words)."""
        return tuple(sorted(self.word_list("place_kind_words"), key=len, reverse=True))

    @cached_property
    def kind_of_place(self) -> re.Pattern[str]:
        """A common noun ending like a place (试点城市, 示范区): a counted thing, not a place."""
        words = map(re.escape, self.place_kinds)
        return compile_cached(re.compile, "(?:" + "|".join(words) + ")$" if self.place_kinds else "(?!)")

    @cached_property
    def home_canonicals(self) -> frozenset[str]:
        return frozenset({self.home} if self.home else ())

    # --- subjects ---------------------------------------------------------------------
    @cached_property
    def synonym_table(self) -> dict[str, str]:
        return {alias: group[0] for group in self.synonyms for alias in group}

    @cached_property
    def _aliases_longest_first(self) -> tuple[str, ...]:
        syn = self.synonym_table
        return tuple(a for a in sorted(syn, key=len, reverse=True) if len(a) >= 2 and a != syn[a])

    @cached_property
    def _canonical_memo(self) -> dict[str, str]:
        return {}

    @cached_property
    def _memos(self) -> dict[str, dict]:
        return {}

    def memo(self, name: str) -> dict:
        """A memo of a pure function of this knowledge (results only; nothing it decides)."""
        return self._memos.setdefault(name, {})

    def canonical_subject(self, subject: str) -> str:
        """The subject with its synonyms replaced by their canonical form (高企 → 高新技术企业)."""
        memo = self._canonical_memo
        found = memo.get(subject)
        if found is None:
            found = self._canonical_subject(subject)
            if len(memo) < 65536:
                memo[subject] = found
        return found

    def _canonical_subject(self, subject: str) -> str:
        syn = self.synonym_table
        if subject in syn:
            return syn[subject]
        for alias in self._aliases_longest_first:
            if alias in subject:
                return subject.replace(alias, syn[alias])
        return subject

    # --- word lists -------------------------------------------------------------------
    @cached_property
    def owner_free_words(self) -> tuple[str, ...]:
        """Words that never say whose figure it is: the verbs of measurement, the words of a
        total or an addition (总量, 累计, 新增) and of a plan (计划, 目标: compared by E02), longest
        first."""
        words = {*self.measure_verbs, *self.word_list("stock_words"), *self.word_list("flow_words"),
                 *self.word_list("plan_verbs")}
        return tuple(sorted((w for w in words if len(w) > 1), key=lambda w: (-len(w), w)))

    @cached_property
    def measure_verbs(self) -> tuple[str, ...]:
        return self.word_list("measure_verbs")

    @cached_property
    def qualifier_pattern(self) -> re.Pattern[str]:
        words = (*self.word_list("flow_words"), *self.word_list("stock_words"), *self.word_list("target_words"))
        return compile_cached(re.compile, "|".join(sorted(map(re.escape, words), key=len, reverse=True)) or "(?!)")

    @cached_property
    def plan_pattern(self) -> re.Pattern[str]:
        verbs = "|".join(map(re.escape, self.word_list("plan_verbs")))
        words = "|".join(map(re.escape, self.word_list("plan_words")))
        parts = ([rf"(?:^|(?<=[，,；。年月将还并再拟\s]))(?:{verbs})"] if verbs else []) + ([words] if words else [])
        return compile_cached(re.compile, "|".join(parts) or "(?!)")

    @cached_property
    def event_pattern(self) -> re.Pattern[str]:
        """An event word, or a day of the month (3日, 12月18日): the sentence reports one event."""
        words = "|".join(map(re.escape, self.word_list("event_words")))
        return re.compile((words + "|" if words else "") + r"(?<![\d年])\d{1,2}日(?![前后])")

    @cached_property
    def this_time_pattern(self) -> re.Pattern[str]:
        """A word that makes a figure one occasion's or what holds now (本次, 当天, 正在)."""
        words = "|".join(map(re.escape, self.word_list("this_time_words")))
        return re.compile(words or "(?!)")

    @cached_property
    def filler_pattern(self) -> re.Pattern[str]:
        words = list(map(re.escape, self.word_list("filler_words")))  # in the file's order
        chars = f"[{re.escape(self.filler_chars)}]" if self.filler_chars else ""
        return compile_cached(re.compile, "|".join(words + ([chars] if chars else [])) or "(?!)")


def _read_yaml(path: str) -> Any:
    """A data file: in the shapes they ship in (name groups; ``key: [names]`` and ``key: text``)
    read here without importing PyYAML (~10 ms at every start); anything else by PyYAML."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read ({exc.strerror})") from None
    plain = plain_groups(text)
    if plain is None:
        plain = _plain_mapping(text)
    if plain is not None:
        return plain
    import yaml

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (safe)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: not valid YAML ({exc})") from None


_KEY = lazy(re.compile, r"([a-z_]+):(?: (.*))?$")


def _plain_mapping(text: str) -> dict[str, Any] | None:
    """``key: [name, name,\n  name]`` and ``key: text`` lines with ``#`` comments, as YAML
    reads them when every name is a plain CJK word; None for anything else."""
    out: dict[str, Any] = {}
    key, items = "", ""
    for line in text.split("\n"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if key:
            items += " " + line
        else:
            m = _KEY.match(line)
            if not m or m.group(2) is None:
                return None
            key, value = m.group(1), m.group(2)
            if not value.startswith("["):
                if not _NAME.fullmatch(value) or value.isascii() and not value.isidentifier():
                    return None
                out[key], key = value, ""
                continue
            items = value
        if items.endswith("]"):
            names = [n.strip() for n in items.strip()[1:-1].split(",") if n.strip()]
            if not all(_NAME.fullmatch(n) and not n.isascii() for n in names):
                return None
            out[key], key, items = names, "", ""
    return None if key else out


def _groups(path: str) -> tuple[tuple[str, ...], ...]:
    data = _read_yaml(path)
    if not isinstance(data, list):
        raise KnowledgeError(f"{path}: must be a list of name groups")
    return tuple(tuple(str(n) for n in group) for group in data)


def available_regions() -> list[str]:
    return sorted(n[:-5] for n in os.listdir(REGIONS_DIR) if n.endswith(".yaml"))


def region_file(region: str | Path) -> str:
    """A packaged pack by name (``changji``), or a YAML file of the newsroom's own."""
    text = str(region)
    if text.endswith((".yaml", ".yml")) or os.sep in text or "/" in text:
        return text
    path = os.path.join(REGIONS_DIR, f"{text}.yaml")
    if not os.path.exists(path):
        raise KnowledgeError(f"unknown region pack {text!r} (packaged: {', '.join(available_regions())}; "
                             "or give the path of a .yaml file)")
    return path


def read_region(region: str | Path) -> dict[str, Any]:
    path = region_file(region)
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: a region pack is a mapping (name, home_names, local_places)")
    unknown = sorted(set(data) - {"name", "description", "home_names", "local_places"})
    if unknown:
        raise KnowledgeError(f"{path}: unknown key `{unknown[0]}` (known: name, description, home_names, local_places)")
    for key in ("home_names", "local_places"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() == v and v for v in value):
            raise KnowledgeError(f"{path}: `{key}` must be a list of names")
    return data


def load(region: str | Path | None = None, home_names: tuple[str, ...] = (),
         synonyms: tuple[tuple[str, ...], ...] = ()) -> Knowledge:
    """The knowledge of one run: packaged word lists, places and synonyms; the region pack
    ``region`` (none: the national default); ``home_names`` to override the pack's home
    region; extra ``synonyms`` groups (canonical first) on top of the packaged ones."""
    words = _packaged_words()
    pack = read_region(region) if region else {}
    homes = tuple(home_names) or tuple(pack.get("home_names", ()))
    table = dict(_groups_table(_groups(os.path.join(DATA_DIR, "synonyms.yaml"))))
    for group in synonyms:
        for alias in group:
            table[alias] = group[0]
    merged: dict[str, list[str]] = {}
    for alias, canonical in table.items():
        merged.setdefault(canonical, [canonical])
        if alias != canonical:
            merged[canonical].append(alias)
    return Knowledge(
        region=str(pack.get("name", region or "")),
        home_names=homes,
        local_places=tuple(pack.get("local_places", ())),
        places=_groups(os.path.join(DATA_DIR, "places.yaml")),
        synonyms=tuple(tuple(g) for g in merged.values()),
        words=tuple((name, tuple(words.get(name, ()))) for name in WORD_LISTS),
        filler_chars=str(words.get("filler_chars", "")),
    )


@lru_cache(maxsize=1)
def _packaged_words() -> dict[str, Any]:
    """data/words.yaml, read once a process (it is package data; nothing changes it)."""
    return _read_yaml(os.path.join(DATA_DIR, "words.yaml"))  # type: ignore[no-any-return]


def _groups_table(groups: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    return {alias: group[0] for group in groups for alias in group}
