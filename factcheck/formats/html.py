"""HTML pages as a CMS exports them: the visible text only, through the standard
library's HTML parser (:mod:`html.parser`, which tolerates real-world markup).

Scripts, styles, templates, ``<head>`` (but its ``<title>``: the article's title) and
elements marked ``hidden`` are left out; every block element (``<p>``, ``<h1>``,
``<li>``, ``<td>``, ``<br>`` …) ends a paragraph. Positions are line and column of the
HTML source, as for a text file: a figure after ``&nbsp;`` or inside ``<b>`` is still
found where it is in the file. ``<meta name="date">`` or ``article:published_time``
gives the date.
"""
from __future__ import annotations

import html
from html.parser import HTMLParser

from ..reading import decode
from . import Extracted, TextBuilder

_SKIP = {"script", "style", "template", "noscript", "head", "svg", "math", "iframe", "object",
         "select", "textarea", "button"}
_BLOCKS = {"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
           "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
           "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
           "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "title", "body", "html"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_DATE_META = ("date", "pubdate", "publishdate", "article:published_time", "dc.date", "og:published_time")


def read(data: bytes, path: str) -> Extracted:
    parser = _VisibleText()
    parser.feed(decode(data, path))
    parser.close()
    return parser.out.build(parser.meta)


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # entities one by one: each keeps its place
        self.out = TextBuilder()
        self.meta: dict[str, str] = {}
        self._skipping: list[str] = []  # open elements whose content is not shown
        self._title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta":
            self._meta(a)
        if tag == "title" and not self._skipping[1:]:
            self._title = []
            return
        if tag in _VOID:
            if tag in _BLOCKS:
                self.out.add_break()
            return
        if self._skipping or tag in _SKIP or "hidden" in a or a.get("aria-hidden") == "true" \
                or "display:none" in (a.get("style") or "").replace(" ", "").lower():
            self._skipping.append(tag)
            return
        if tag in _BLOCKS:
            self.out.add_break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self.meta.setdefault("title", " ".join("".join(self._title).split()))
            self._title = None
            return
        if self._skipping:
            if tag in self._skipping:  # close it (and anything left open inside it)
                del self._skipping[len(self._skipping) - 1 - self._skipping[::-1].index(tag):]
            return
        if tag in _BLOCKS:
            self.out.add_break()

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
            return
        if self._skipping:
            return
        line, col = self.getpos()
        column = col + 1
        parts = data.split("\n")
        for k, part in enumerate(parts):
            if k:
                line, column = line + 1, 1
            # tabs and carriage returns as spaces, a line break of the source as a space
            # after its line: one character for one, so columns hold
            ends = " " if k < len(parts) - 1 else ""
            self.out.add(part.replace("\t", " ").replace("\r", " ") + ends, line, column)

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name};")

    def _entity(self, ref: str) -> None:
        if self._title is not None:
            self._title.append(html.unescape(ref))
        elif not self._skipping:
            line, col = self.getpos()
            self.out.add(html.unescape(ref), line, col + 1)

    def _meta(self, a: dict[str, str | None]) -> None:
        key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
        content = (a.get("content") or "").strip()
        if key in _DATE_META and content and "date" not in self.meta:
            self.meta["date"] = content[:10]
        elif key in ("source", "og:site_name") and content:
            self.meta.setdefault("source", content)
