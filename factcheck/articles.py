"""Stage 2: split a normalized page into its articles.

A newspaper page holds several articles in PDF reading order, with headlines, bylines
(``本报讯 记者…报道``), photo captions (``□本报记者 何 龙摄``), credits
(``（本报记者 刘新新 整理）``) and continuation marks (``（下转03版）``) in between.
Headlines often follow the body they belong to, so each headline is given to the article
whose opening it resembles most (rapidfuzz), else to the next article.
"""
from __future__ import annotations

from typing import NamedTuple

import regex

from .normalize import ends_sentence
from .patterns import lazy
from .records import Article

# A byline is names after their roles, nothing else: 本报记者 孙学良 通讯员 郭鹏飞, 本报讯 记者
# 刘茜 报道, 本报记者刘茜、通讯员魏丹. A lead is a sentence, however short (本报讯 昌吉州新增
# 高新技术企业297家。): told apart by form, never by length.
_ROLE_WORD = r"(?:本报|特约|实习|见习|首席)*(?:记者|通讯员)"
_NAME = r"\p{Han}{1,3}(?:[ ·]?\p{Han}){1,2}"
_BYLINE = lazy(regex.compile,
    rf"^[□■]?\s*(?:本报讯\s*)?[（(]?\s*(?:{_ROLE_WORD}\s*{_NAME}(?:\s*[、，,和]\s*{_NAME})*\s*[、，,]?\s*)+"
    r"(?:报道|整理)?\s*[）)]?$")  # (…摄 is a photo credit)
_CREDIT = lazy(regex.compile, r"^[（(](?:本报|记者|通讯员|实习记者).*[）)]$|^[（(]下转\d+版[）)]$|^[（(]上接\d+版[）)]$")
# the text of a photo, on a line above its credit: 木垒县光伏产业园……（2月18日摄）。 / 图为……
_PHOTO_TEXT = lazy(regex.compile, r"[（(][^（）()]{0,20}摄[）)]。?$|^图为|。图为")
_CAPTION = lazy(regex.compile, r"[□■][^□■]{0,30}摄[。]?$|^□\S{1,12}$")


class Unit(NamedTuple):
    start: int
    end: int
    role: str  # body | headline | byline | credit | caption


def _role(text: str) -> str:
    if text.startswith("#"):  # a Markdown heading
        return "headline"
    if text[:1] in ("（", "(") and _CREDIT.match(text):
        return "credit"
    # (a byline names 记者 or 通讯员: looked for first, the pattern is compiled only for one)
    if ("记者" in text or "通讯员" in text) and _BYLINE.match(text) and not text.endswith("摄"):
        return "credit"  # a standalone byline line: 本报记者 孙学良 通讯员 郭鹏飞, □本报记者 刘茜
    if len(text) < 120 and ("□" in text or "■" in text) and _CAPTION.search(text):
        return "caption"  # a photo credit: □本报记者 何 龙摄
    if text.startswith("本报讯"):
        return "body"  # a lead, however short
    if len(text) <= 48 and "，" not in text and not ends_sentence(text):
        return "headline"
    return "body"


def units(text: str) -> list[Unit]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Unit(pos, pos + len(line), _role(line)))
        pos += len(line) + 1
    return out


def split_articles(text: str, default_title: str = "") -> list[Article]:
    """Articles of a normalized page; a Markdown article or plain draft is one article."""
    us = units(text)
    groups: list[list[Unit]] = []
    headlines: list[tuple[int, Unit]] = []  # (index of the next group, headline unit)
    current: list[Unit] = []

    def close() -> None:
        nonlocal current
        if current:
            groups.append(current)
            current = []

    for u in us:
        line = text[u.start:u.end]
        if u.role == "body":
            if line.startswith("本报讯") or (current and current[-1].role != "body"):
                close()
            current.append(u)
        elif u.role == "headline":
            close()
            headlines.append((len(groups), u))
        elif u.role == "caption":  # a photo: its text (the line above, if any) and its credit
            photo = [u]
            if current and current[-1].role == "body" and _PHOTO_TEXT.search(text[current[-1].start:current[-1].end]):
                last = current.pop()
                photo = [Unit(last.start, last.end, "caption"), u]
            close()
            groups.append(photo)
        else:  # a credit or byline: closes the article it ends (a leading byline stands alone)
            current.append(u)
            close()
    close()
    if not groups and headlines:
        groups = [[u for _, u in headlines]]
        headlines = []
    titles, owners = _assign_headlines(text, groups, headlines)
    articles = []
    for i, g in enumerate(groups):
        head = titles.get(i, ("", -1))[0]
        articles.append(Article(i, head or default_title, g[0].start, g[-1].end, head))
    # headlines are text too: each becomes a one-unit article (their numbers are claims), whose
    # scope and place come from the article it belongs to
    for k, (_, u) in enumerate(headlines):
        line = text[u.start:u.end].lstrip("# ")
        owner = owners.get(u.start)
        lead = groups[owner][0].start if owner is not None else -1
        title = titles[owner][0] if owner is not None else line
        articles.append(Article(len(groups) + k, title, u.start, u.end, line, lead))
    return sorted(articles, key=lambda a: a.start)


def _assign_headlines(text: str, groups: list[list[Unit]],
                      headlines: list[tuple[int, Unit]]) -> tuple[dict[int, tuple[str, int]], dict[int, int]]:
    """(article index → (title, its offset), headline offset → article index)."""
    titles: dict[int, tuple[str, int]] = {}
    candidates: dict[int, list[tuple[str, int]]] = {}
    owners: dict[int, int] = {}
    body_groups = [i for i, g in enumerate(groups) if g[0].role == "body"]
    leads = [text[groups[i][0].start:groups[i][0].end][:200] for i in body_groups]
    texts = [text[groups[i][0].start:groups[i][-1].end] for i in body_groups]
    for nxt, u in headlines:
        head = text[u.start:u.end].lstrip("# ").strip()
        if len(head) < 4 or not body_groups:
            continue
        if len(body_groups) == 1 and body_groups[0] >= nxt:
            # one article after it (a draft with its title): whichever way below, it is that
            # one (and rapidfuzz, ~9 ms to import, is not needed)
            candidates.setdefault(body_groups[0], []).append((head, u.start))
            continue
        # a deck with figures (推荐入选……75名、……47名、……220名) goes to the article that
        # states them; otherwise the article whose lead resembles the headline most (the first
        # of equals), if enough
        from rapidfuzz import fuzz, process

        by_figures = _stating_figures(head, texts)
        hit = process.extractOne(head, leads, scorer=fuzz.partial_ratio, score_cutoff=55)
        if by_figures is not None:
            best = body_groups[by_figures]
        elif hit is not None:
            best: int | None = body_groups[hit[2]]
        else:
            best = next((i for i in body_groups if i >= nxt), None)
        if best is not None:
            candidates.setdefault(best, []).append((head, u.start))
    # several headlines for one article: title and kicker (推荐入选……220名 / 昌吉州发布……成果);
    # the title is the one with fewer figures in it
    for best, heads in candidates.items():
        # a subtitle (——昌吉州科技创新工作综述) follows its title: 奋进奋夺创新鼎……——……综述
        mains = [h for h in heads if not h[0].startswith("—")] or heads
        main = mains[0] if len(mains) == 1 else min(
            mains, key=lambda h: (sum(ch.isdigit() for ch in h[0]), len(h[0])))
        subtitle = next((h[0] for h in heads if h[0].startswith("—") and h[1] > main[1]), "")
        titles[best] = (main[0] + subtitle if main[0] != subtitle else main[0], main[1])
        for head, offset in heads:
            owners[offset] = best
    return titles, owners


_FIGURE = lazy(regex.compile, r"\d+(?:\.\d+)?[^\d\s、，,。“”‘’：:（）()]")


def _stating_figures(head: str, texts: list[str]) -> int | None:
    """The one article text that states most of the headline's figures (75名, 47名 …), if any."""
    figures = set(_FIGURE.findall(head))
    if not figures:
        return None
    counts = [sum(f in t for f in figures) for t in texts]
    best = max(counts, default=0)
    if best == 0 or counts.count(best) > 1:
        return None
    return counts.index(best)
