#!/usr/bin/env python3
"""Make Word and PDF versions of the seed pages: the fixtures of the .docx and .pdf readers.

    .venv/bin/python scripts/make_format_fixtures.py                 # fixtures/formats/ (seed 000)
    .venv/bin/python scripts/make_format_fixtures.py --all --out /tmp/formats   # every seed

Each seed page becomes a two-column Word document (python-docx: one paragraph per
blank-line block of the page, its hard-wrapped lines joined), and LibreOffice
(``soffice --headless --convert-to pdf``, Debian's libreoffice-writer-nogui with
fonts-noto-cjk) prints that document to PDF, as a newsroom's layout would: columns, fonts
embedded as subsets, text re-wrapped. The seed's ``.meta.yaml`` is copied beside both.

The committed fixtures are these generated files (LibreOffice is not needed to test);
run this script again, never edit them by hand.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
DEFAULT_OUT = ROOT / "fixtures" / "formats"
DEFAULT_SEEDS = ("000_4f2cc99a263c1c5d",)


def make_docx(seed: Path, out: Path) -> Path:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")
    sect = doc.sections[0]._sectPr
    cols = sect.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        sect.append(cols)
    cols.set(qn("w:num"), "2")
    cols.set(qn("w:space"), "425")
    doc.core_properties.title = ""  # the sidecar gives title and date
    for block in re.split(r"\n[ \t]*\n", seed.read_text(encoding="utf-8")):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if lines:
            doc.add_paragraph("".join(lines))
    target = out / f"{seed.stem}.docx"
    doc.save(str(target))
    return target


def make_pdf(docx: Path, out: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("make_format_fixtures: LibreOffice is needed (apt-get install libreoffice-writer-nogui fonts-noto-cjk)")
    with tempfile.TemporaryDirectory() as profile:  # a private profile: no clash with a running office
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return out / f"{docx.stem}.pdf"


def make(stems: list[str], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for stem in stems:
        seed = SEEDS / f"{stem}.txt"
        docx = make_docx(seed, out)
        made += [docx, make_pdf(docx, out)]
        meta = SEEDS / f"{stem}.meta.yaml"
        if meta.exists():
            shutil.copyfile(meta, out / meta.name)
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--all", action="store_true", help="every seed page, not just the fixture's")
    args = ap.parse_args()
    stems = sorted(p.stem for p in SEEDS.glob("*.txt")) if args.all else list(DEFAULT_SEEDS)
    for path in make(stems, args.out):
        print(path)


if __name__ == "__main__":
    main()
