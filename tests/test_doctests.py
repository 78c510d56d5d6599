"""The examples in the package's docstrings run: a docstring that shows a result shows the right one."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import factcheck

MODULES = sorted(m.name for m in pkgutil.walk_packages(factcheck.__path__, "factcheck.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples failed"


def test_there_are_examples_to_run() -> None:
    attempted = sum(doctest.testmod(importlib.import_module(n), report=False).attempted for n in MODULES)
    assert attempted >= 20, attempted
