"""Issue 7, property-based: any mix of Chinese, digits, punctuation, spaces, breaks and control
characters is normalized and extracted without crashing, and every position maps back.
"""
from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factcheck.extract import extract
from factcheck.normalize import _translate, normalize
from factcheck.positions import LineIndex
from factcheck.records import Document
from conftest import seeds_knowledge, seeds_settings  # noqa: E402

EXAMPLES = 400
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

CN_NUMERALS = set("零〇○一二两三四五六七八九十百千万亿半")
FULLWIDTH_DIGITS = "０１２３４５６７８９"

# Fragments real copy is made of, so that the generator reaches the number grammar.
FRAGMENTS = [
    "2024年", "12月18日", "近年来", "累计", "截至6月底", "攻克了", "92项", "1.5亿元", "1800余名",
    "突破8亿元", "百分之五十", "超过半数", "上亿元", "三大", "3—6个月", "95%以上", "第二批", "5G",
    "五家渠市", "其中", "昌吉州", "关键核心技术", "庭州英才", "增长", "同比", "万人次", "1,234",
    "１２３", "２０２４年", "一二〇", "○", "两千", "十二万", "本报讯", "□记者 摄", "# 标题", "——",
    "（", "）", "“", "”", "，", "。", "、", "；", "：", "！", "？", "%", "-", "~", ".", ",", ":", "(", ")",
]
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
DIGITS = st.sampled_from("0123456789" + FULLWIDTH_DIGITS + "٣໓")  # and digits of other scripts
SPACES = st.sampled_from([" ", "  ", "\t", "\u3000", "\xa0", "\u200b", "\ufeff"])
BREAKS = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n  ", "\n\u3000\u3000"])
CONTROLS = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(["\x7f", "\u200c", "\u200d"])
AMOUNTS = st.builds(
    str.__add__,
    st.sampled_from(["92", "1.5", "１２", "三", "二十", "1800余", "5.2万", "3—6", "0", "1,000", "十几", "两"]),
    st.sampled_from(["项", "亿元", "名", "个", "%", "人次", "家", "万元", "", "个百分点", "倍"]))
PIECE = st.one_of(st.sampled_from(FRAGMENTS), AMOUNTS, AMOUNTS, CHINESE, DIGITS, SPACES, BREAKS, CONTROLS,
                  st.sampled_from(sorted(CN_NUMERALS)), st.characters(max_codepoint=0x2FFF))
COPY = st.lists(PIECE, max_size=60).map("".join)


@PROPERTY
@given(COPY)
def test_normalize_maps_every_character_back(original: str) -> None:
    norm = normalize(original)
    translated = _translate(original)
    assert len(translated) == len(original)  # translation is one for one
    offsets = [norm.to_original(i) for i in range(len(norm.text) + 1)]
    assert offsets[-1] == len(original)
    assert all(a < b for a, b in zip(offsets, offsets[1:]))  # strictly monotonic: a subsequence
    for i, ch in enumerate(norm.text):
        assert translated[offsets[i]] == ch  # the normalized character is the translated original
    if norm.text:
        start, end = norm.original_span(0, len(norm.text))
        assert 0 <= start < end <= len(original)


def _numeral_at(text: str, offset: int) -> bool:
    ch = text[offset]
    return ch.isdigit() or ch in CN_NUMERALS


@PROPERTY
@given(COPY)
def test_extract_never_crashes_and_claims_point_at_numerals(text: str) -> None:
    doc = Document(path="p.txt", text=text, content_hash="h")
    x = extract(doc, seeds_knowledge())
    event(f"claims: {min(len(x.claims), 3)}{'+' if len(x.claims) >= 3 else ''}")
    index = LineIndex(text)
    for c in x.claims:
        offset = index.offset(c.line, c.column)
        assert 0 <= offset < len(text)
        assert _numeral_at(text, offset), (c.text, c.line, c.column, text[offset])
        assert (c.end_line, c.end_column) > (c.line, c.column)
        if c.low is not None and c.high is not None:
            assert c.low <= c.high, c
    for m in x.mentions:
        assert 0 <= m.start < m.end <= len(text)


@PROPERTY
@given(st.lists(st.sampled_from(["title: 标题", "date: 2024-12-19", "source: 昌吉日报"]), max_size=3), COPY)
def test_front_matter_offsets_point_into_the_whole_file(meta: list[str], body: str) -> None:
    front = "---\n" + "\n".join(meta) + ("\n" if meta else "") + "---\n"
    text = front + body
    doc = Document(path="p.md", text=text, content_hash="h", body_offset=len(front))
    index = LineIndex(text)
    for c in extract(doc, seeds_knowledge()).claims:
        offset = index.offset(c.line, c.column)
        assert offset >= len(front) and _numeral_at(text, offset)


TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), max_codepoint=0x2FFFF) | st.sampled_from("\n\t\r")
CJK_TEXT = st.text(st.one_of(CHINESE, st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                             st.sampled_from("，。、；：！？“”（）《》\n\u3000０１２３")), max_size=80)


@PROPERTY
@given(st.text(TEXT_CHARS, max_size=80), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_decode_round_trips_unicode_encodings(text: str, encoding: str) -> None:
    from hypothesis import assume

    from factcheck.reading import InputError, decode

    data = text.encode(encoding)
    assume(not data.startswith((b"%PDF-", b"GIF8", b"RIFF", b"PK\x03\x04", b"{\\rtf", b"SQLite format 3")))
    assume(not (encoding == "utf-8" and text.startswith("\ufeff")))  # a BOM of its own
    try:
        assert decode(data, "x.txt") == text
    except InputError as exc:  # only a text that starts like a binary file may be refused
        assert "looks like" in exc.problem and encoding == "utf-8", (exc, text)


@PROPERTY
@given(CJK_TEXT)
def test_decode_reads_gb18030_chinese(text: str) -> None:
    from factcheck.reading import decode

    data = text.encode("gb18030")
    try:
        data.decode("utf-8")
        as_utf8 = True  # ASCII (or by chance valid UTF-8): read as UTF-8, which is the same text
    except UnicodeDecodeError:
        as_utf8 = False
    decoded = decode(data, "x.txt")
    assert decoded == text or (as_utf8 and decoded == data.decode("utf-8"))


YAMLISH = st.lists(st.sampled_from(["title: ", "date: ", "- ", "&a ", "*a", "!!python/object ", "{", "[", "]",
                                    "}", ":", "'", '"', "\n", "  ", "2024-02-30", "标题", "\t", "? ", "|", ">"]),
                   max_size=20).map("".join)


@PROPERTY
@given(st.one_of(st.binary(max_size=300),
                 st.builds(lambda y, b: b"---\n" + y.encode("utf-8") + b"\n---\n" + b, YAMLISH, st.binary(max_size=50)),
                 st.builds(lambda y: y.encode("utf-8"), YAMLISH)),
       st.sampled_from(["a.txt", "a.md"]), st.booleans())
def test_reading_any_bytes_gives_a_document_or_a_named_input_error(data: bytes, name: str, sidecar: bool) -> None:
    import tempfile
    from pathlib import Path

    from factcheck.reading import InputError, read_document

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        if sidecar:
            (Path(d) / "a.meta.yaml").write_bytes(data[:80])
        try:
            doc = read_document(path)
        except InputError as exc:
            assert exc.problem and exc.path.endswith(("a.txt", "a.md", "a.meta.yaml"))
        else:
            assert doc.content_hash and 0 <= doc.body_offset <= len(doc.text)
            assert all(isinstance(v, str) for v in doc.meta.values())
