"""`factcheck lsp` in a real LSP session over stdio (pytest-lsp starts the server process,
impersonating VS Code's client capabilities)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import DRAFTS, ROOT

DRAFT = DRAFTS / "talent_conflict.md"
URI = DRAFT.resolve().as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "factcheck", "lsp", "--stdio"]))
async def client(lsp_client: LanguageClient, all_seeds_db: Path):  # type: ignore[no-untyped-def]
    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"),
                                    initialization_options={"db": str(all_seeds_db)},
                                    root_uri=ROOT.as_uri())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, text: str, uri: str = URI, language: str = "markdown") -> list[types.Diagnostic]:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


def _at(diags: list[types.Diagnostic], line: int, code: str) -> types.Diagnostic:
    (d,) = [d for d in diags if d.range.start.line == line and d.code == code]
    return d


def _text_in(text: str, r: types.Range) -> str:
    assert r.start.line == r.end.line
    return text.split("\n")[r.start.line][r.start.character:r.end.character]


@pytest.mark.asyncio
async def test_open_publishes_the_conflict_as_a_diagnostic(client: LanguageClient) -> None:
    text = DRAFT.read_text(encoding="utf-8")
    diags = await _open(client, text)
    d = _at(diags, 11, "FC101")  # draft line 12: “庭州英才”260名, published as 220名
    assert (d.range.start.character, d.range.end.line, d.range.end.character) == (33, 11, 37)
    assert _text_in(text, d.range) == "260名"
    assert d.severity == types.DiagnosticSeverity.Error and d.source == "factcheck"
    assert "260名" in d.message and "220名" in d.message
    assert d.related_information and d.related_information[0].location.uri.endswith("000_4f2cc99a263c1c5d.txt")
    assert _at(diags, 9, "FC101").message.count("2.49亿元") == 1  # the fund: 2.94 vs 2.49


@pytest.mark.asyncio
async def test_the_buffer_is_checked_not_the_file_and_save_rechecks(client: LanguageClient) -> None:
    text = DRAFT.read_text(encoding="utf-8").replace("260名", "230名")
    diags = await _open(client, text)
    assert "230名" in _at(diags, 11, "FC101").message
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text.replace("230名", "220名"))]))
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert not [d for d in client.diagnostics[URI] if d.range.start.line == 11]  # 220名 agrees now


@pytest.mark.asyncio
async def test_hover_shows_the_cited_sentence(client: LanguageClient) -> None:
    await _open(client, DRAFT.read_text(encoding="utf-8"))
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(11, 35)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    value = hover.contents.value
    assert "昌吉州发布2024年度人才培养重点成果" in value  # title
    assert "（2024-12-19）" in value  # date
    assert "fixtures/seeds/000_4f2cc99a263c1c5d.txt:" in value  # file:line
    assert "遴选培育“庭州英才”**220名**" in value  # the sentence, its figure in bold
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(11, 2)))
    assert nothing is None


@pytest.mark.asyncio
async def test_code_action_inserts_the_suppression_comment_above_the_line(client: LanguageClient) -> None:
    text = DRAFT.read_text(encoding="utf-8")
    diags = await _open(client, text)
    d = _at(diags, 11, "FC101")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), range=d.range,
        context=types.CodeActionContext(diagnostics=[d])))
    assert actions
    (action,) = [a for a in actions if isinstance(a, types.CodeAction) and "FC101" in a.title]
    assert action.kind == types.CodeActionKind.QuickFix
    (edit,) = action.edit.changes[URI]
    assert edit.range == types.Range(types.Position(11, 0), types.Position(11, 0))
    assert edit.new_text == "<!-- factcheck: disable-next-line FC101 理由 -->\n"
    # applied, the comment silences exactly that finding
    lines = text.split("\n")
    lines.insert(11, edit.new_text.rstrip("\n"))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="\n".join(lines))]))
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    after = client.diagnostics[URI]
    assert not [x for x in after if x.range.start.line == 12 and x.code == "FC101"]
    assert [x for x in after if x.range.start.line == 9 and x.code == "FC101"]  # the other one stays


@pytest.mark.asyncio
async def test_plain_text_drafts_get_diagnostics_but_no_comment(client: LanguageClient, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    text = "昌吉州精心实施“庭州英才”育才计划，2024年遴选培育“庭州英才”260名。\n"
    draft.write_text(text, encoding="utf-8")
    uri = draft.as_uri()
    diags = await _open(client, text, uri=uri, language="plaintext")
    d = _at(diags, 0, "FC101")
    assert _text_in(text, d.range) == "260名"
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=d.range,
        context=types.CodeActionContext(diagnostics=[d])))
    assert not actions
