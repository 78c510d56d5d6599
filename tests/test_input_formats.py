"""Word, PDF and HTML input: read through their libraries, checked like text, cited by
places a person finds in the original (¶ paragraph, page and line, HTML source line).

The PDF and Word fixtures in fixtures/formats/ are seed 000 printed by LibreOffice in two
columns (scripts/make_format_fixtures.py); the drafts here are made by python-docx.
"""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DRAFTS, ROOT, SEED, seeds_knowledge
from factcheck import formats
from factcheck.cli import app
from factcheck.extract import extract
from factcheck.reading import InputError, iter_paths, read_document

FORMATS = ROOT / "fixtures" / "formats"
PDF = FORMATS / "000_4f2cc99a263c1c5d.pdf"
DOCX = FORMATS / "000_4f2cc99a263c1c5d.docx"
runner = CliRunner()


def _values(doc) -> Counter:  # type: ignore[no-untyped-def]
    return Counter((c.text, c.low, c.high, c.unit) for c in extract(doc, seeds_knowledge()).claims)


@pytest.mark.parametrize("fixture", [PDF, DOCX], ids=["pdf", "docx"])
def test_printed_seed_gives_the_claims_of_the_seed(fixture: Path) -> None:
    doc = read_document(fixture)
    assert doc.title == "昌吉日报·昌吉州科技创新大会专版" and doc.date == "2024-12-19"  # the sidecar
    assert _values(doc) == _values(read_document(SEED["000"]))


def test_pdf_places_are_page_and_line_as_pdfium_counts_them() -> None:
    import pypdfium2 as pdfium

    doc = read_document(PDF)
    (claim,) = [c for c in formats.locate_claims(extract(doc, seeds_knowledge()).claims, doc) if c.text == "2.49亿元"]
    assert claim.location == "p.1 l.49" and (claim.line, claim.column) == (49, 11)
    pdf = pdfium.PdfDocument(str(PDF))
    lines = [ln for ln in pdf[0].get_textpage().get_text_range().splitlines() if ln.strip()]
    assert lines[48].strip()[10:14] == "2.49"  # line 49 of page 1, from column 11


def test_columns_are_read_in_order() -> None:
    text = read_document(PDF).text
    squeezed = "".join(text.split())
    # the end of column 1 of page 1 runs on into column 2, not into the line beside it
    assert "王路平介绍了2024年度昌吉州人才培养重点成果情况。今年以来，昌吉州深入学习" in squeezed


@pytest.fixture(scope="module")
def pdf_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A claims DB of the PDF of seed 000 (with its sidecar) and the other seed pages."""
    from factcheck import api

    src = tmp_path_factory.mktemp("pdf_sources")
    for f in (PDF, FORMATS / "000_4f2cc99a263c1c5d.meta.yaml"):
        shutil.copy(f, src / f.name)
    db = tmp_path_factory.mktemp("pdf_db")
    result = api.ingest([src, *[SEED[k] for k in ("001", "002", "003", "004")]], db)
    assert not result.errors and result.added == 5
    return db, src


def test_a_check_cites_the_pdf_by_page_and_line(pdf_db: tuple[Path, Path]) -> None:
    db, _ = pdf_db
    r = runner.invoke(app, ["check", str(DRAFTS / "talent_conflict.md"), "--db", str(db), "-f", "json"])
    assert r.exit_code == 1, r.output
    findings = json.loads(r.stdout)["findings"]
    fund = next(f for f in findings if f["claim"]["text"] == "2.94亿元")
    (src,) = fund["sources"]
    assert src["path"].endswith("000_4f2cc99a263c1c5d.pdf") and src["title"] == "昌吉州发布2024年度人才培养重点成果"
    assert (src["line"], src["column"], src["location"]) == (49, 11, "p.1 l.49")
    assert "location" not in fund  # the draft is Markdown: line and column say it all
    text = runner.invoke(app, ["check", str(DRAFTS / "talent_conflict.md"), "--db", str(db)]).stdout
    assert "000_4f2cc99a263c1c5d.pdf:49 (p.1 l.49)" in text


@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "github"])
def test_machine_formats_stay_valid_with_pdf_sources(pdf_db: tuple[Path, Path], fmt: str) -> None:
    db, _ = pdf_db
    r = runner.invoke(app, ["check", str(DRAFTS / "talent_conflict.md"), "--db", str(db), "-f", fmt])
    assert r.exit_code == 1
    if fmt == "github":
        assert r.stdout.startswith("::error file=fixtures/drafts/talent_conflict.md,line=")
        assert "(p.1 l.49)" in r.stdout
        return
    data = json.loads(r.stdout)
    if fmt == "sarif":
        related = data["runs"][0]["results"][0]["relatedLocations"][0]
        assert related["physicalLocation"]["artifactLocation"]["uri"].endswith(".pdf")
        assert related["physicalLocation"]["region"]["startLine"] >= 1
        assert "(p.1 l." in related["message"]["text"]
    else:
        assert all(isinstance(i["location"]["lines"]["begin"], int) for i in data)


# --- Word drafts -----------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT_BOX = f"""<w:r xmlns:w="{W}"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
  xmlns:v="urn:schemas-microsoft-com:vml">
 <mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>
   <wps:wsp><wps:txbx><w:txbxContent>
    <w:p><w:r><w:t>{{text}}</w:t></w:r></w:p>
   </w:txbxContent></wps:txbx></wps:wsp>
  </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>{{text}}</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
 </mc:AlternateContent>
</w:r>"""


def make_draft_docx(path: Path) -> Path:
    """A Word draft: a headline, a body paragraph, a table and a text box (with the copy
    Word keeps for old readers), one figure of the seeds changed in each."""
    import docx
    from lxml import etree

    d = docx.Document()
    d.add_paragraph("昌吉州人才工作成效显著")
    d.add_paragraph("2024年，昌吉州推荐入选自治区“天山英才”75名，争取自治区人才发展基金2.94亿元。")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "2024年"
    table.cell(1, 0).text = "人才"
    table.cell(1, 1).text = "昌吉州精心实施“庭州英才”育才计划，2024年遴选培育“庭州英才”260名。"
    anchor = d.add_paragraph("见右侧方框。")
    box = etree.fromstring(_TEXT_BOX.replace("{text}", "2024年昌吉州推荐入选自治区“天池英才”74名。"))
    anchor._p.append(box)
    d.save(str(path))
    return path


def test_docx_paragraphs_tables_and_text_boxes(tmp_path: Path) -> None:
    doc = read_document(make_draft_docx(tmp_path / "draft.docx"))
    lines = [ln for ln in doc.text.split("\n") if ln]
    assert lines == ["昌吉州人才工作成效显著",
                     "2024年，昌吉州推荐入选自治区“天山英才”75名，争取自治区人才发展基金2.94亿元。",
                     "项目", "2024年", "人才", "昌吉州精心实施“庭州英才”育才计划，2024年遴选培育“庭州英才”260名。",
                     "见右侧方框。", "2024年昌吉州推荐入选自治区“天池英才”74名。"]  # the box once, not twice
    claims = {c.text: c for c in formats.locate_claims(extract(doc, seeds_knowledge()).claims, doc)}
    assert (claims["2.94亿元"].line, claims["2.94亿元"].column, claims["2.94亿元"].location) == (2, 38, "¶2")
    assert claims["260名"].location == "¶6 table 1 r2c2" and claims["260名"].column == 34
    assert claims["74名"].location == "¶8 text box"


def test_checking_a_word_draft(tmp_path: Path, all_seeds_db: Path) -> None:
    draft = make_draft_docx(tmp_path / "draft.docx")
    r = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db), "-f", "json"])
    assert r.exit_code == 1, r.output
    found = {(f["claim"]["text"], f["code"]): f for f in json.loads(r.stdout)["findings"]}
    fund = found["2.94亿元", "FC101"]
    assert (fund["line"], fund["column"], fund["end_column"], fund["location"]) == (2, 38, 44, "¶2")
    assert fund["sources"][0]["path"] == "fixtures/seeds/000_4f2cc99a263c1c5d.txt"
    assert "location" not in fund["sources"][0]
    assert found["260名", "FC101"]["location"] == "¶6 table 1 r2c2"
    text = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db)]).stdout
    assert "draft.docx:2:38: (¶2)" in text


def test_claims_command_reports_word_places(tmp_path: Path) -> None:
    draft = make_draft_docx(tmp_path / "draft.docx")
    r = runner.invoke(app, ["claims", str(draft), "--format", "json"])
    assert r.exit_code == 0
    fund = next(c for c in json.loads(r.stdout)["claims"] if c["text"] == "2.94亿元")
    assert (fund["line"], fund["column"], fund["location"]) == (2, 38, "¶2")


# --- HTML as a CMS exports it ------------------------------------------------------------

CMS_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>昌吉州人才工作成效显著</title>
<meta property="article:published_time" content="2024-12-20T08:00:00+08:00">
<style>p { content: "260名" }</style><script>var figure = "遴选培育庭州英才999名";</script></head>
<body><nav>首页 &gt; 新闻</nav>
<h1>昌吉州人才工作成效显著</h1>
<div class="content">
<p>昌吉州精心实施&ldquo;庭州英才&rdquo;育才计划，2024年遴选培育&ldquo;庭州英才&rdquo;<b>260</b>名。</p>
<p hidden>2024年遴选培育“庭州英才”990名。</p>
<p style="display: none">2024年遴选培育“庭州英才”991名。</p>
</div></body></html>
"""


def test_html_visible_text_only_with_source_positions(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(CMS_PAGE, encoding="utf-8")
    doc = read_document(page)
    assert (doc.title, doc.date) == ("昌吉州人才工作成效显著", "2024-12-20")
    assert "999" not in doc.text and "990" not in doc.text and "991" not in doc.text and "content" not in doc.text
    assert "首页 > 新闻" in doc.text and "“庭州英才”" in doc.text
    (claim,) = formats.locate_claims(extract(doc, seeds_knowledge()).claims, doc)
    line = CMS_PAGE.split("\n")[claim.line - 1]
    assert line[claim.column - 1:claim.column + 2] == "260" and claim.location == ""
    assert line[claim.end_column - 2] == "名"


def test_checking_an_html_page(tmp_path: Path, all_seeds_db: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(CMS_PAGE, encoding="utf-8")
    r = runner.invoke(app, ["check", str(page), "--db", str(all_seeds_db), "-f", "json"])
    assert r.exit_code == 1, r.output
    (f,) = [f for f in json.loads(r.stdout)["findings"] if f["code"] == "FC101"]
    assert (f["line"], f["claim"]["text"]) == (8, "260名") and "location" not in f


# --- unreadable files: named, exit 2, the batch goes on ---------------------------------

def _encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    c.drawString(72, 720, "2024 figure 260")
    c.save()
    return buf.getvalue()


def _scanned_pdf() -> bytes:
    """A page with only a picture on it (drawn shapes; no text layer)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(40):
        c.rect(72, 72 + 15 * i, 400, 8, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


BAD = {
    "locked.pdf": (_encrypted_pdf, "encrypted PDF (password-protected)"),
    "scan.pdf": (_scanned_pdf, "PDF without a text layer"),
    "torn.pdf": (lambda: PDF.read_bytes()[:2000], "damaged PDF"),
    "locked.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "encrypted (password-protected) Word document"),
    "torn.docx": (lambda: DOCX.read_bytes()[:3000], "damaged Word document"),
    "sheet.docx": (lambda: b"PK\x03\x04" + bytes(100), "damaged Word document"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_unreadable_documents_are_named(tmp_path: Path, name: str) -> None:
    make, problem = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.path.endswith(name) and problem in info.value.problem


def test_a_bad_file_does_not_stop_the_batch(tmp_path: Path, all_seeds_db: Path) -> None:
    for name in ("locked.pdf", "scan.pdf", "torn.docx"):
        make, _ = BAD[name]
        (tmp_path / name).write_bytes(make())
    make_draft_docx(tmp_path / "draft.docx")
    (tmp_path / "~$draft.docx").write_bytes(b"\x05Word lock file")  # Word's, while it is open
    r = runner.invoke(app, ["check", str(tmp_path), "--db", str(all_seeds_db), "-f", "json"])
    assert r.exit_code == 2
    report = json.loads(r.stdout)
    assert report["summary"]["files"] == 1 and any(f["location"] == "¶2" for f in report["findings"])
    for name, why in (("locked.pdf", "encrypted PDF"), ("scan.pdf", "without a text layer"), ("torn.docx", "damaged")):
        assert any(name in line and why in line for line in r.stderr.splitlines()), r.stderr
    assert "~$draft" not in r.stderr


def test_directories_pick_up_the_new_formats(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.docx", "c.html", "d.htm", "e.md", "~$b.docx", "f.doc", "g.PDF"):
        (tmp_path / name).write_bytes(b"")
    assert sorted(p.name for p in iter_paths([tmp_path])) == ["a.pdf", "b.docx", "c.html", "d.htm", "e.md", "g.PDF"]


def test_a_markdown_check_does_not_import_the_document_libraries(all_seeds_db: Path) -> None:
    code = ("import sys; from factcheck import api; "
            f"api.check([{str(DRAFTS / 'talent_conflict.md')!r}], {str(all_seeds_db)!r}); "
            "print(sorted(m for m in ('pypdfium2', 'docx', 'lxml', 'pygls', 'html.parser') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_a_changed_sidecar_of_a_pdf_is_ingested_again(tmp_path: Path) -> None:
    from factcheck import api

    shutil.copy(PDF, tmp_path / PDF.name)
    meta = tmp_path / "000_4f2cc99a263c1c5d.meta.yaml"
    meta.write_text("title: 旧标题\ndate: 2024-12-19\n", encoding="utf-8")
    db = tmp_path / "db"
    assert api.ingest([tmp_path / PDF.name], db).added == 1
    assert api.ingest([tmp_path / PDF.name], db).unchanged == 1
    meta.write_text("title: 新标题\ndate: 2024-12-19\n", encoding="utf-8")
    assert api.ingest([tmp_path / PDF.name], db).updated == 1
