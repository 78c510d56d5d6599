"""``factcheck lsp``: a Language Server (pygls, over stdin/stdout) for Markdown and text drafts.

The editor starts it and it ends with the editor; it starts no other process. On open and
on save it checks the buffer as it is in the editor (the library API on the in-memory
text: nothing is written) and publishes each finding as a diagnostic with its code
(FC101 …) and the cited earlier articles as related locations. A hover on a marked
figure shows the cited sentences (title, date, file:line, sentence, scope note); in a
Markdown draft a quick fix inserts ``<!-- factcheck: disable-next-line FC101 reason -->``
above the line.

The claims DB is ``--db``, else ``db`` in the initialization options, else ``db`` in the
draft's configuration (``.factcheck.toml`` / ``[tool.factcheck]``), else ``claims_db/``
in the working directory. Editors' setup: docs/editors.md.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from . import __version__
from .records import Document, Finding, Source

DRAFT_SUFFIXES = (".md", ".markdown", ".txt")
DRAFT_LANGUAGES = ("markdown", "plaintext", "text")
SOURCE = "factcheck"
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "info": types.DiagnosticSeverity.Information}
_REASON = {"zh": "理由", "en": "reason"}
_FIX_TITLE = {"zh": "用注释忽略 {code}（factcheck: disable-next-line）",
              "en": "Suppress {code} with a comment (factcheck: disable-next-line)"}
_HOVER_SOURCE = {"zh": "来源", "en": "source"}


class Marked(NamedTuple):
    """A finding as published: the diagnostic's range (client units) and the finding."""

    range: types.Range
    finding: Finding


class FactcheckServer(LanguageServer):
    def __init__(self, db: Path | str | None = None, config_file: Path | None = None, lang: str = "zh") -> None:
        super().__init__("factcheck", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.db = db
        self.config_file = config_file
        self.lang = lang
        self.marked: dict[str, list[Marked]] = {}  # uri → what was published for it
        self._warned: set[str] = set()


def build_server(db: Path | str | None = None, config_file: Path | None = None, lang: str = "zh") -> FactcheckServer:
    server = FactcheckServer(db, config_file, lang)

    @server.feature(types.INITIALIZE)
    def initialize(ls: FactcheckServer, params: types.InitializeParams) -> None:
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        if ls.db is None and options.get("db"):
            from .stores import db_arg

            found = db_arg(str(options["db"]))
            ls.db = found.expanduser() if isinstance(found, Path) else found
        if options.get("lang") in _REASON:
            ls.lang = str(options["lang"])

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FactcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: FactcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FactcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.marked.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: FactcheckServer, params: types.HoverParams) -> types.Hover | None:
        here = [m for m in ls.marked.get(params.text_document.uri, []) if _inside(params.position, m.range)]
        if not here:
            return None
        text = "\n\n---\n\n".join(hover_markdown(m.finding, ls.lang) for m in here)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                           range=here[0].range)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: FactcheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        if not _is_markdown(uri, ls.workspace.get_text_document(uri)):
            return []  # a comment in plain text would be printed: accept it in the baseline instead
        actions = []
        for m in ls.marked.get(uri, []):
            if not _overlaps(params.range, m.range):
                continue
            actions.append(suppress_action(uri, ls.workspace.get_text_document(uri), m, ls.lang))
        return actions

    return server


def publish(ls: FactcheckServer, uri: str) -> None:
    doc = ls.workspace.get_text_document(uri)
    if not _is_draft(uri, doc):
        return
    findings = check_text(ls, uri, doc.source)
    marked = []
    for f in findings:
        if f.code == "FC100":
            continue
        c = f.claim
        server_range = types.Range(types.Position(c.line - 1, c.column - 1),
                                   types.Position(c.end_line - 1, c.end_column - 1))
        marked.append(Marked(doc.range_to_client_units(server_range), f))
    ls.marked[uri] = marked
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=uri, version=doc.version, diagnostics=[diagnostic(m) for m in marked]))


def check_text(ls: FactcheckServer, uri: str, text: str) -> list[Finding]:
    """The findings of the draft ``text`` (the editor's buffer of ``uri``); a problem with
    the DB or the configuration is shown to the person once, not raised."""
    from .api import check
    from .config import ConfigError, discover, load
    from .reading import InputError
    from .store import StoreError

    path = Path(to_fs_path(uri) or uri)
    try:
        cfg = load(ls.config_file) if ls.config_file else discover([path])
        db = ls.db or cfg.db or Path("claims_db")
        result = check([], db, lang=ls.lang, settings=_settings(cfg), documents=[_document(path, text)])
    except (ConfigError, StoreError, InputError) as exc:
        _tell_once(ls, f"factcheck: {exc}")
        return []
    return list(result.findings)


def _settings(cfg: Any) -> Any:
    from .entry import settings_of

    return settings_of(cfg)


def _document(path: Path, text: str) -> Document:
    """The editor's buffer as a Document, read as the file would be (front matter, the
    date it states), without touching the disk."""
    from .reading import display_path, parse_document

    return parse_document(text.encode("utf-8"), display_path(path), None)


def _tell_once(ls: FactcheckServer, message: str) -> None:
    if message not in ls._warned:
        ls._warned.add(message)
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))


def diagnostic(m: Marked) -> types.Diagnostic:
    f = m.finding
    related = [types.DiagnosticRelatedInformation(
        location=types.Location(uri=Path(s.path).resolve().as_uri(),
                                range=types.Range(types.Position(max(0, s.line - 1), max(0, s.column - 1)),
                                                  types.Position(max(0, s.line - 1), max(0, s.column - 1) + len(s.text)))),
        message=_cited(s)) for s in f.sources]
    return types.Diagnostic(range=m.range, message=f.message + (f"\n{f.note}" if f.note else ""),
                            severity=_SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
                            code=f.code, source=SOURCE, related_information=related or None)


def _cited(s: Source) -> str:
    where = f"{s.path}:{s.line}" + (f" ({s.location})" if s.location else "")
    return f"{s.title}（{s.date}）{where}：{s.sentence}" if s.date else f"{s.title} {where}：{s.sentence}"


def hover_markdown(f: Finding, lang: str = "zh") -> str:
    """The finding and each cited sentence, its figure in bold: title, date, file:line."""
    from .report.text_format import mark

    lines = [f"**{f.code}** {f.message}"]
    for s in f.sources:
        where = f"{s.path}:{s.line}" + (f" ({s.location})" if s.location else "")
        date = f"（{s.date}）" if s.date else ""
        sentence = mark(s.sentence, s.text, width=120).replace("【", "**").replace("】", "**")
        lines.append(f"{_HOVER_SOURCE[lang]}：{s.title}{date} `{where}`\n\n> {sentence}")
    if f.note:
        lines.append(f.note)
    return "\n\n".join(lines)


def suppress_action(uri: str, doc: TextDocument, m: Marked, lang: str = "zh") -> types.CodeAction:
    """Insert ``<!-- factcheck: disable-next-line CODE reason -->`` above the figure's line,
    indented as that line is."""
    line = m.range.start.line
    current = doc.lines[line] if line < len(doc.lines) else ""
    indent = current[:len(current) - len(current.lstrip(" \t"))]
    comment = f"{indent}<!-- factcheck: disable-next-line {m.finding.code} {_REASON[lang]} -->\n"
    at = types.Position(line, 0)
    edit = types.WorkspaceEdit(changes={uri: [types.TextEdit(types.Range(at, at), comment)]})
    return types.CodeAction(title=_FIX_TITLE[lang].format(code=m.finding.code), kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic(m)], edit=edit)


def _is_draft(uri: str, doc: TextDocument) -> bool:
    return uri.lower().endswith(DRAFT_SUFFIXES) or (doc.language_id or "") in DRAFT_LANGUAGES


def _is_markdown(uri: str, doc: TextDocument) -> bool:
    return uri.lower().endswith((".md", ".markdown")) or doc.language_id == "markdown"


def _inside(p: types.Position, r: types.Range) -> bool:
    return (r.start.line, r.start.character) <= (p.line, p.character) <= (r.end.line, r.end.character)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and \
        (b.start.line, b.start.character) <= (a.end.line, a.end.character)


def serve(db: Path | str | None = None, config_file: Path | None = None, lang: str = "zh") -> None:
    """Serve over stdin/stdout until the editor says exit (or closes the pipe)."""
    build_server(db, config_file, lang).start_io()


__all__ = ["build_server", "serve", "hover_markdown", "check_text", "FactcheckServer"]
