"""The committed extractor stamp matches the extraction code (stored articles are
re-extracted when it changes; a stale stamp would keep claims of the old code)."""
from __future__ import annotations

import importlib.util

from conftest import ROOT

from factcheck import api, extract
from factcheck.extractor_stamp import EXTRACTOR_VERSION


def _script():
    spec = importlib.util.spec_from_file_location("stamp_extractor", ROOT / "scripts" / "stamp_extractor.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_stamp_is_up_to_date() -> None:
    script = _script()
    assert EXTRACTOR_VERSION == script.digest(), f"the extraction code changed: run {script.REGENERATE}"
    assert script.main(["--check"]) == 0


def test_the_stamp_is_what_the_extractor_and_the_store_use() -> None:
    assert extract.EXTRACTOR_VERSION == api.EXTRACTOR_VERSION == EXTRACTOR_VERSION


def test_every_source_of_the_stamp_exists() -> None:
    script = _script()
    for name in script.SOURCES:
        assert (script.PACKAGE / name).is_file(), name
