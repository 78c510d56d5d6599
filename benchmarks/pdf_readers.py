#!/usr/bin/env python3
"""Which PDF library reads newspaper pages best: pypdfium2, pdfplumber or pdfminer.six.

    .venv/bin/python scripts/make_format_fixtures.py --all --out /tmp/formats   # needs LibreOffice
    .venv/bin/python benchmarks/pdf_readers.py /tmp/formats

For the two-column PDF of each seed page (made from the seed by LibreOffice), each library
extracts the text of every page, as it would be used here; measured:

- time: the median of 5 runs over all the PDFs, in one process, after a warm-up run;
- order: how much of the seed's text comes out in the seed's order (difflib ratio of the
  two texts without whitespace; 1.0 = the same characters in the same order: columns
  interleaved line by line score low);
- claims: the seed's claims (figure, value, unit, subject) that factcheck extracts from
  the library's text, and the share of what it extracts that the seed has too.

``factcheck`` (pypdfium2 with the paragraph gaps of factcheck.formats.pdf) is what the
.pdf reader does; the three ``raw`` rows are each library's own page text.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pypdfium2_raw(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def pdfplumber_raw(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n\n".join(page.extract_text() or "" for page in pdf.pages)


def pdfminer_raw(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def factcheck_reader(path: Path) -> str:
    from factcheck.formats.pdf import read

    return read(path.read_bytes(), str(path)).text


READERS = {"factcheck (pypdfium2 + paragraph gaps)": factcheck_reader, "pypdfium2 raw": pypdfium2_raw,
           "pdfplumber raw": pdfplumber_raw, "pdfminer.six raw": pdfminer_raw}


def _claims(text: str) -> Counter:
    from factcheck.extract import extract
    from factcheck.records import Document

    doc = Document(path="x.txt", text=text, content_hash="", date="2024-12-19")
    return Counter((c.text, c.low, c.high, c.unit, c.subject) for c in extract(doc).claims)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def measure(pdfs: list[Path], seeds: Path, runs: int = 5) -> list[dict]:
    rows = []
    for name, reader in READERS.items():
        texts = [reader(p) for p in pdfs]  # warm-up (imports, caches)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            for p in pdfs:
                reader(p)
            times.append(time.perf_counter() - t)
        order, found, expected, extracted = [], 0, 0, 0
        for pdf, text in zip(pdfs, texts):
            seed = (seeds / f"{pdf.stem}.txt").read_text(encoding="utf-8")
            order.append(SequenceMatcher(None, _squeeze(seed), _squeeze(text), autojunk=False).ratio())
            want, got = _claims(seed), _claims(text)
            found += sum((want & got).values())
            expected += sum(want.values())
            extracted += sum(got.values())
        rows.append({"library": name, "seconds": statistics.median(times), "order": statistics.mean(order),
                     "recall": found / expected, "precision": found / extracted if extracted else 0.0,
                     "claims": expected})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf_dir", type=Path, help="the PDFs made by scripts/make_format_fixtures.py --all")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    pdfs = sorted(args.pdf_dir.glob("*.pdf"))
    if not pdfs:
        sys.exit(f"no PDFs in {args.pdf_dir}")
    import pypdfium2 as pdfium

    pages = sum(len(pdfium.PdfDocument(str(p))) for p in pdfs)
    print(f"{len(pdfs)} PDFs, {pages} pages\n")
    print("| library | time (all pages) | ms / page | text in order | seed claims found | claims also in seed |")
    print("|---|---|---|---|---|---|")
    for r in measure(pdfs, ROOT / "fixtures" / "seeds", args.runs):
        print(f"| {r['library']} | {r['seconds'] * 1000:.0f} ms | {r['seconds'] * 1000 / pages:.1f} | "
              f"{r['order']:.3f} | {r['recall']:.3f} (of {r['claims']}) | {r['precision']:.3f} |")


if __name__ == "__main__":
    main()
