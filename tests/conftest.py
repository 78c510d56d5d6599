from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
DRAFTS = ROOT / "fixtures" / "drafts"
SEED = {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(autouse=True)
def _cwd_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in reports are relative to the working directory: run from the repo root."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def all_seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    from factcheck import api

    db = tmp_path_factory.mktemp("db_all")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        api.ingest([SEEDS], db, seeds_settings())
    finally:
        os.chdir(cwd)
    return db


def seeds_settings():
    """The seed pages' newsroom: the Changji region pack (as the repository's config chooses)."""
    from factcheck import api

    return api.Settings(region="changji")


def seeds_knowledge():
    return seeds_settings().knowledge()
