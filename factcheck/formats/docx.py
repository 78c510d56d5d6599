"""Word documents (.docx, as Word and WPS save them) as text, through python-docx.

Every paragraph with text becomes one line, in document order: body paragraphs, the
paragraphs of table cells and of text boxes (where a box is anchored), with a blank line
between paragraphs. A figure's place is its paragraph and character: line 12 column 5
is the 5th character of the 12th paragraph, labelled ``¶12`` (``¶12 table 1 r2c3``,
``¶14 text box``). Tracked changes read as accepted (insertions in, deletions out).
"""
from __future__ import annotations

import io
from collections.abc import Iterator

from ..reading import InputError
from . import Extracted, TextBuilder

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Runs under these are not part of the text as it reads (deleted, moved away).
_DELETED = {_W + "del", _W + "moveFrom"}


def read(data: bytes, path: str) -> Extracted:
    if data.startswith(_OLE):
        raise InputError(path, "encrypted (password-protected) Word document, or an old .doc "
                               "named .docx: save it as .docx without a password")
    document = _open(data, path)
    out = TextBuilder()
    for number, (text, where) in enumerate(_paragraphs(document.element.body), 1):
        out.add(text, number, 1, f"¶{number}{where}")
        out.add_break()
    title = (document.core_properties.title or "").strip()
    return out.build({"title": title} if title else {})


def _open(data: bytes, path: str):  # type: ignore[no-untyped-def]
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        raise InputError(path, "damaged Word document (not a readable .docx package)") from None
    except (KeyError, XMLSyntaxError) as exc:
        raise InputError(path, f"damaged Word document ({type(exc).__name__}: {exc})") from None
    except ValueError as exc:  # another Office package (.xlsx, .pptx) named .docx
        raise InputError(path, f"not a Word document ({exc})") from None


def _paragraphs(body: object) -> Iterator[tuple[str, str]]:
    """(text, where) of each paragraph with text, in document order; ``where`` names a
    table cell or a text box."""
    tables: dict[object, int] = {}
    for p in body.iter(_W + "p"):  # type: ignore[attr-defined]
        where = _where(p, tables)
        if where is None:
            continue
        text = "".join(r.text for r in _runs(p)).replace("\n", " ").replace("\t", " ").strip()
        if text:
            yield text, where


def _where(p: object, tables: dict[object, int]) -> str | None:
    """`` table 1 r2c3``, `` text box`` or ``""``; None for the copy of a text box that
    Word keeps for old readers (mc:Fallback: the same text twice)."""
    where = ""
    node = p.getparent()  # type: ignore[attr-defined]
    while node is not None:
        tag = node.tag
        if tag == _FALLBACK:
            return None
        if tag == _W + "txbxContent" and not where:
            where = " text box"
        elif tag == _W + "tc" and not where:
            row = node.getparent()
            table = row.getparent()
            number = tables.setdefault(table, len(tables) + 1)
            r = table.index(row) - _leading(table, _W + "tr")
            c = row.index(node) - _leading(row, _W + "tc")
            where = f" table {number} r{r + 1}c{c + 1}"
        node = node.getparent()
    return where


def _leading(parent: object, tag: str) -> int:
    """How many children before the first ``tag`` child (properties, grid)."""
    for i, child in enumerate(parent):  # type: ignore[attr-defined]
        if child.tag == tag:
            return i
    return 0


def _runs(p: object) -> Iterator[object]:
    """The runs of paragraph ``p`` itself (also in hyperlinks, insertions, fields and
    content controls), not those of text boxes anchored in it, nor deleted ones."""
    for r in p.iter(_W + "r"):  # type: ignore[attr-defined]
        node = r.getparent()
        while node is not None and node is not p:
            if node.tag in _DELETED or node.tag == _W + "p":
                break
            node = node.getparent()
        else:
            yield r
