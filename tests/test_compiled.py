"""Compiled patterns and dataclass methods kept between runs (factcheck.compiled): a run
that reads them from the cache behaves exactly as one that compiles everything."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

# Every lazy pattern of factcheck's modules, compiled; what each finds in the seed pages;
# the generated methods of every dataclass (bytecode, constants, names).
PROBE = r"""
import dataclasses, hashlib, importlib, json, pkgutil, sys
import factcheck
from factcheck.patterns import LazyPattern
from factcheck import compiled
texts = [p.read_text(encoding="utf-8") for p in sorted(__import__("pathlib").Path(sys.argv[1]).glob("*.txt"))]
out = {"patterns": {}, "classes": {}, "cache": compiled.cache_file() is not None}
names = [m.name for m in pkgutil.iter_modules(factcheck.__path__) if m.name not in ("lsp", "cli", "progress", "__main__")]
def digest(code):
    return hashlib.sha256(repr((code.co_code, code.co_consts, code.co_names, code.co_varnames,
                                code.co_filename, code.co_flags)).encode()).hexdigest()[:16]
from factcheck.knowledge import load
k = load(region="changji")
extra = {"home_pattern": k.home_pattern, "named_places": k.named_places, "plan": k.plan_pattern}
for name in names:
    mod = importlib.import_module(f"factcheck.{name}")
    for attr, value in sorted(vars(mod).items()):
        if isinstance(value, LazyPattern):
            extra[f"{name}.{attr}"] = value
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == mod.__name__:
            out["classes"][f"{name}.{attr}"] = {
                f: digest(getattr(value, f).__code__) for f in ("__init__", "__repr__", "__eq__", "__hash__",
                                                               "__setattr__", "__delattr__")
                if getattr(getattr(value, f, None), "__code__", None) is not None}
for key, p in sorted(extra.items()):
    found = [[m.span() for m in p.finditer(t)] for t in texts]
    out["patterns"][key] = [p.pattern, int(p.flags), p.groups, dict(p.groupindex),
                            hashlib.sha256(repr(found).encode()).hexdigest()[:16]]
print(json.dumps(out, sort_keys=True, ensure_ascii=False))
"""


def _probe(cache_dir: Path, enabled: bool = True) -> dict:
    env = dict(os.environ, FACTCHECK_CACHE_DIR=str(cache_dir), FACTCHECK_COMPILED_CACHE="1" if enabled else "0")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "fixtures" / "seeds")], capture_output=True,
                          text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_cached_patterns_and_methods_are_the_compiled_ones(tmp_path: Path) -> None:
    off = _probe(tmp_path / "off", enabled=False)
    cold = _probe(tmp_path / "on")  # compiles, and writes the cache at exit
    files = list((tmp_path / "on").glob("compiled-*.marshal"))
    assert len(files) == 1 and not list((tmp_path / "off").glob("*"))
    warm = _probe(tmp_path / "on")  # reads everything from it
    assert not off["cache"] and cold["cache"]
    assert len(off["patterns"]) > 60 and len(off["classes"]) > 30
    for run in (cold, warm):
        assert run["patterns"] == off["patterns"]
        assert run["classes"] == off["classes"]
    import marshal

    kinds = {key[0] for key in marshal.loads(files[0].read_bytes())}
    assert kinds == {"regex", "re", "code"}


def test_a_damaged_cache_is_compiled_past(tmp_path: Path) -> None:
    off = _probe(tmp_path / "off", enabled=False)
    _probe(tmp_path / "on")
    (cache,) = (tmp_path / "on").glob("compiled-*.marshal")
    cache.write_bytes(cache.read_bytes()[:1000])
    assert _probe(tmp_path / "on")["patterns"] == off["patterns"]
    assert _probe(tmp_path / "on")["patterns"] == off["patterns"]  # rewritten whole


def test_other_dataclasses_are_made_as_before() -> None:
    """The hook only caches factcheck's own classes; others get exactly what exec gives."""
    code = ("import factcheck, dataclasses\n"
            "@dataclasses.dataclass(frozen=True)\nclass A:\n    x: int\n    y: 'str' = ''\n"
            "print(A.__init__.__annotations__, A.__init__.__code__.co_filename, A(1) == A(1), repr(A(1)))\n")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                           env=dict(os.environ, FACTCHECK_COMPILED_CACHE=flag)).stdout for flag in ("0", "1")]
    assert runs[0] == runs[1] and "<class 'int'>" in runs[0] and "<string>" in runs[0]
