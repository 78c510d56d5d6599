"""PDF pages as text, through pypdfium2 (PDFium's text layer), in reading order.

Each text line of a page becomes one line, labelled ``p.2 l.14`` (the 14th text line of
page 2); pages, and paragraphs that the layout sets apart by a gap or an indent, are
separated by a blank line, as in text extracted from a newspaper page by hand.

pypdfium2 was chosen by measurement (``benchmarks/pdf_readers.py``, figures in
docs/formats.md): on two-column pages printed from the seeds it is ~20 times faster than
pdfminer.six and pdfplumber and the only one of the three that keeps the columns apart.
"""
from __future__ import annotations

import threading

from ..reading import InputError
from . import Extracted, TextBuilder

# PDFium is not thread-safe; a caller (the language server) may read two files at once.
_LOCK = threading.Lock()
_GAP = 1.3  # a line this many usual line pitches below the one before starts a paragraph
_INDENT = 1.5  # so does a line starting this many character widths right of the one before


def read(data: bytes, path: str) -> Extracted:
    import pypdfium2 as pdfium

    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise InputError(path, "encrypted PDF (password-protected): save a copy without a "
                                       "password, or export its text") from None
            raise InputError(path, f"damaged PDF, cannot be read ({exc})") from None
        try:
            return _pages(pdf, path)
        finally:
            pdf.close()


def _pages(pdf: object, path: str) -> Extracted:
    out = TextBuilder()
    n_pages = len(pdf)  # type: ignore[arg-type]
    if n_pages == 0:
        raise InputError(path, "PDF without pages")
    chars = 0
    for number in range(1, n_pages + 1):
        page = pdf[number - 1]  # type: ignore[index]
        textpage = page.get_textpage()
        try:
            chars += _page(textpage, number, out)
        finally:
            textpage.close()
            page.close()
        out.add_break()
    if chars == 0:
        raise InputError(path, f"PDF without a text layer ({n_pages} page(s) of images: a scan?); "
                               "run OCR on it first (e.g. ocrmypdf)")
    return out.build()


def _page(textpage: object, number: int, out: TextBuilder) -> int:
    """Add one page's lines; returns how many characters it has."""
    n = textpage.count_chars()  # type: ignore[attr-defined]
    if n <= 0:
        return 0
    text = textpage.get_text_range(0, n)  # type: ignore[attr-defined]
    lines: list[tuple[str, Box | None]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        start, line = pos, raw.rstrip("\r\n")
        pos += len(raw)
        if line.strip():
            lines.append((line.strip(), _box(textpage, start + len(line) - len(line.lstrip()), len(text))))
    pitch = _usual_pitch([box for _, box in lines])
    previous: Box | None = None
    for line_no, (line, box) in enumerate(lines, 1):
        if line_no > 1:
            out.add_break("\n\n" if _starts_paragraph(previous, box, pitch) else "\n")
        out.add(line, line_no, 1, f"p.{number} l.{line_no}")
        previous = box
    return len(text.strip())


Box = tuple[float, float, float]  # left, bottom, height of a line's first character


def _box(textpage: object, index: int, n: int) -> Box | None:
    if index >= n:
        return None
    try:
        left, bottom, right, top = textpage.get_charbox(index)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 (a generated character has no box)
        return None
    return left, bottom, max(top - bottom, 1.0)


def _usual_pitch(boxes: list[Box | None]) -> float | None:
    """The median distance from one line to the next below it in the same column."""
    steps = sorted(a[1] - b[1] for a, b in zip(boxes, boxes[1:])
                   if a is not None and b is not None and 0 < a[1] - b[1] < 4 * a[2] and abs(a[0] - b[0]) < 4 * a[2])
    return steps[len(steps) // 2] if steps else None


def _starts_paragraph(previous: Box | None, box: Box | None, pitch: float | None) -> bool:
    """A line further below the previous one than the page's usual line pitch, or
    indented, in the same column (the top of the next column goes on with the paragraph)."""
    if previous is None or box is None or pitch is None:
        return False
    step = previous[1] - box[1]
    if step <= 0 or abs(box[0] - previous[0]) > 4 * box[2] and step > 2 * pitch:
        return False  # the next column, or a block beside
    return step > _GAP * pitch or _INDENT * box[2] < box[0] - previous[0] < 4 * box[2]
