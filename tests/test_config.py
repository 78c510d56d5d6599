"""Issue 5: configuration files — discovery, validation, precedence, incremental sources."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DRAFTS, ROOT, SEED, seeds_knowledge, seeds_settings
from typer.testing import CliRunner

from factcheck import api, config
from factcheck.cli import _settings, app

runner = CliRunner()


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_repository_pyproject_is_a_valid_config() -> None:
    cfg = config.discover([DRAFTS / "talent_conflict.md"])
    assert cfg.path == ROOT / "pyproject.toml"
    assert cfg.region == "changji" and not cfg.home_region
    assert _settings(cfg).knowledge().home == "昌吉州"  # from the region pack


def test_found_by_walking_up_and_factcheck_toml_wins(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", '[tool.factcheck]\nthreshold = 80\n')
    deep = tmp_path / "a" / "b" / "draft.md"
    _write(deep, "草稿")
    assert config.find(deep) == tmp_path / "pyproject.toml"
    assert config.discover([deep]).threshold == 80.0
    _write(tmp_path / ".factcheck.toml", "threshold = 70\n")
    assert config.discover([deep]).threshold == 70.0
    _write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.factcheck]: skipped
    assert config.find(deep) == tmp_path / ".factcheck.toml"


def test_values_and_paths_relative_to_the_file(tmp_path: Path) -> None:
    cfg = config.load(_write(tmp_path / "conf" / ".factcheck.toml", """
db = "state/db"
baseline = "accepted.json"
sources = ["articles/**/*.txt"]
home_region = ["昌吉州", "全州"]
synonyms = [["科技型中小企业", "科小企业"]]
severity = { FC102 = "info", FC202 = "off" }
threshold = 90
"""))
    assert cfg.db == tmp_path / "conf" / "state" / "db"
    assert cfg.baseline == tmp_path / "conf" / "accepted.json"
    assert cfg.sources == ("articles/**/*.txt",) and cfg.home_region == ("昌吉州", "全州")
    assert cfg.synonyms == (("科技型中小企业", "科小企业"),)
    assert cfg.severity == {"FC102": "info", "FC202": "off"} and cfg.threshold == 90.0
    settings = _settings(cfg, threshold=50)
    assert settings.threshold == 50 and settings.home_names == ("昌吉州", "全州")
    assert _settings(cfg).threshold == 90.0
    assert _settings(config.Config(threshold=0.0)).threshold == 0.0
    assert _settings(config.Config()).threshold == api.Settings().threshold


@pytest.mark.parametrize("body, key", [
    ("colour = 1\n", "colour"),
    ("db = 3\n", "db"),
    ("sources = \"articles\"\n", "sources"),
    ("home_region = []\n", "home_region"),
    ("synonyms = [\"高企\"]\n", "synonyms"),
    ("severity = { FC101 = \"fatal\" }\n", "severity.FC101"),
    ("severity = { FC999 = \"error\" }\n", "severity.FC999"),
    ("threshold = \"high\"\n", "threshold"),
    ("threshold = 101\n", "threshold"),
    ("sources = [\"/srv/articles/*.txt\"]\n", "sources"),
    ("sources = [\"articles/**a\"]\n", "sources"),
])
def test_bad_keys_and_values_name_the_key_and_the_file(tmp_path: Path, body: str, key: str) -> None:
    path = _write(tmp_path / ".factcheck.toml", body)
    with pytest.raises(config.ConfigError) as exc:
        config.load(path)
    assert key in str(exc.value) and str(path) in str(exc.value)


def test_bad_config_is_exit_2_on_the_cli(tmp_path: Path, all_seeds_db: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.factcheck]\nhome = [\"昌吉州\"]\n")
    draft = _write(tmp_path / "draft.md", "2024年遴选培育“庭州英才”260名。")
    result = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db), "-f", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "home" in result.stderr and "pyproject.toml" in result.stderr and "Traceback" not in result.stderr
    broken = _write(tmp_path / ".factcheck.toml", "threshold = = 3\n")
    result = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db)])
    assert result.exit_code == 2 and str(broken) in result.stderr and "TOML" in result.stderr


def test_missing_config_file_named_on_the_command_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(DRAFTS / "talent_conflict.md"), "--config", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2 and "nope.toml" in result.stderr and result.stdout == ""


def test_command_line_overrides_config(tmp_path: Path, all_seeds_db: Path) -> None:
    _write(tmp_path / ".factcheck.toml", f'db = "nowhere"\n')
    draft = _write(tmp_path / "draft.md", (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8"))
    from_config = runner.invoke(app, ["check", str(draft)])
    assert from_config.exit_code == 2 and "nowhere" in from_config.stderr
    overridden = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db)])
    assert overridden.exit_code == 1 and "260名" in overridden.stdout


def test_severity_from_config_applies(tmp_path: Path, all_seeds_db: Path) -> None:
    _write(tmp_path / ".factcheck.toml", 'severity = { FC101 = "warning" }\n')
    draft = _write(tmp_path / "draft.md", (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db), "-f", "json"])
    found = json.loads(result.stdout)["findings"]
    assert [f for f in found if f["code"] == "FC101"] and all(f["severity"] == "warning" for f in found if f["code"] == "FC101")
    assert result.exit_code == 0


# --- sources: one command in CI ------------------------------------------------------------
def _newsroom(tmp_path: Path, synonyms: str = "") -> Path:
    _write(tmp_path / ".factcheck.toml", f'db = ".factcheck/db"\nsources = ["articles/**/*.txt"]\n{synonyms}')
    _write(tmp_path / "articles" / "a.txt", SEED["000"].read_text(encoding="utf-8"))
    (tmp_path / "articles" / "a.meta.yaml").write_text("title: 人才工作\ndate: 2024-12-19\n", encoding="utf-8")
    return _write(tmp_path / "drafts" / "d.md", (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8"))


def test_check_brings_the_db_up_to_date_from_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = _newsroom(tmp_path)
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["check", "drafts/d.md", "-f", "json"])
    assert first.exit_code == 1, first.stderr
    assert "ingested: 1 added" in first.stderr
    cited = {s["path"] for f in json.loads(first.stdout)["findings"] for s in f["sources"]}
    assert cited == {"articles/a.txt"}
    assert (tmp_path / ".factcheck" / "db").is_dir()
    second = runner.invoke(app, ["check", "drafts/d.md", "-f", "json"])
    assert second.exit_code == 1 and "ingested" not in second.stderr  # nothing changed, nothing re-read
    page = tmp_path / "articles" / "a.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("庭州英才”220名", "庭州英才”260名"), encoding="utf-8")
    third = runner.invoke(app, ["check", str(draft), "-f", "json"])
    assert "1 updated" in third.stderr
    texts = {f["claim"]["text"] for f in json.loads(third.stdout)["findings"] if f["code"] == "FC101"}
    assert "260名" not in texts and "2.94亿元" in texts


def test_ingest_without_paths_uses_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _newsroom(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0 and "1 added" in result.stderr


def test_synonyms_from_config_join_subjects_and_reingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "articles" / "a.txt", "2024年，昌吉州新认定科小企业120家。\n")
    draft = _write(tmp_path / "draft.txt", "2024年，昌吉州新认定科技型中小企业150家。\n")
    conf = _write(tmp_path / ".factcheck.toml", 'db = "db"\nsources = ["articles/*.txt"]\n')
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["check", str(draft)]).exit_code == 0
    conf.write_text(conf.read_text(encoding="utf-8") + 'synonyms = [["科技型中小企业", "科小企业"]]\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(draft), "-f", "json"])
    assert "1 updated" in result.stderr  # the config change re-indexes the articles
    assert result.exit_code == 1 and json.loads(result.stdout)["findings"][0]["sources"][0]["text"] == "120家"
    # no table is changed for others: the next run without the config knows no such synonym
    assert api.Settings().knowledge().canonical_subject("科小企业") == "科小企业"


def test_extraction_version_depends_on_settings() -> None:
    plain = api.extraction_version(api.Settings().knowledge())
    assert plain.startswith(api.EXTRACTOR_VERSION) and plain == api.extraction_version(api.Settings().knowledge())
    assert api.extraction_version(api.Settings(home_names=("奎屯市",)).knowledge()) != plain
    assert api.extraction_version(api.Settings(region="changji").knowledge()) != plain


def test_home_region_from_config_names_the_place(tmp_path: Path) -> None:
    page = _write(tmp_path / "a.txt", "2024年，全市新认定高新技术企业12家。\n")
    before = runner.invoke(app, ["claims", str(page), "--format", "json"])
    assert json.loads(before.stdout)["claims"][0]["place"] != "奎屯市"
    _write(tmp_path / ".factcheck.toml", 'home_region = ["奎屯市", "全市"]\n')
    after = runner.invoke(app, ["claims", str(page), "--format", "json"])
    assert after.exit_code == 0 and json.loads(after.stdout)["claims"][0]["place"] == "奎屯市"


def test_articles_deleted_from_the_sources_are_forgotten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _newsroom(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["check", "drafts/d.md"]).exit_code == 1
    (tmp_path / "articles" / "a.txt").unlink()
    result = runner.invoke(app, ["check", "drafts/d.md", "-f", "json"])
    assert "1 removed" in result.stderr
    assert result.exit_code == 0 and json.loads(result.stdout)["findings"] == []


def test_sources_matching_nothing_are_warned_about(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / ".factcheck.toml", 'db = "db"\nsources = ["archive/*.txt"]\n')
    _write(tmp_path / "d.md", "2024年遴选培育“庭州英才”260名。")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "d.md", "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["findings"] == []
    assert "archive/*.txt" in result.stderr and "matches no files" in result.stderr


def test_a_directory_in_sources_stands_for_its_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _newsroom(tmp_path)
    _write(tmp_path / ".factcheck.toml", 'db = ".factcheck/db"\nsources = ["articles"]\n')
    _write(tmp_path / "articles" / "2024" / "b.md", "2024年，昌吉州新认定科小企业120家。\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "drafts/d.md", "-f", "json"])
    assert result.exit_code == 1 and "ingested: 2 added" in result.stderr  # a.txt and 2024/b.md, not a.meta.yaml


def test_a_check_keeps_no_home_region_of_an_earlier_one(tmp_path: Path, all_seeds_db: Path) -> None:
    """One process, two projects (a library user, a language server): the first one's home
    (昌吉州, the default) must not make the second one's draft about 昌吉州."""
    api.check([DRAFTS / "talent_conflict.md"], all_seeds_db, settings=seeds_settings())
    settings = api.Settings(home_names=("伊犁州", "全州", "我州"))
    _write(tmp_path / "articles" / "a.md", "# 昌吉州科技创新成果\n\n2024年，昌吉州新增高新技术企业120家，授信金额1.5亿元。\n")
    draft = _write(tmp_path / "d.md", "# 草稿\n\n2024年，新增高新技术企业121家，授信金额1.5亿元。\n")
    api.ingest([tmp_path / "articles"], tmp_path / "db", settings)
    result = api.check([draft], tmp_path / "db", settings=settings)
    assert [f.code for f in result.findings if f.code == "FC101"] == []
