"""What a fresh process would compile again at every start, kept from one run to the next.

A pre-commit hook runs ``factcheck check`` as a new process on every commit. Besides
importing, such a process spends ~25 ms compiling the same pattern programs and ~20 ms
compiling the same generated methods of factcheck's frozen dataclasses (``dataclasses``
writes ``__init__``, ``__eq__``, ``__hash__``, ``__repr__``, ``__setattr__`` … as source text
and compiles each with ``exec``), every time. Python keeps ``.pyc`` files for modules, not
for these. This module keeps them, in one file next to the word lexicon
(``$XDG_CACHE_HOME/factcheck``, else ``~/.cache/factcheck``; ``FACTCHECK_CACHE_DIR``
overrides), named after the Python version (and ``_sre``'s) that made it so that no other version
reads it:

- ``("regex", regex version, pattern, flags)`` → the compiled program a ``regex`` pattern pickles as
  (``Pattern._pickled_data``; ``pickle.loads`` of a ``regex`` pattern builds the pattern from
  it without parsing), and ``("re", pattern, flags)`` → the arguments ``re`` gives
  ``_sre.compile`` (see :mod:`factcheck.patterns`);
- ``("code", source)`` → the code object of a dataclass method's generated source, compiled as
  ``exec`` compiles it (``"<string>"``, no inherited ``__future__`` flags), for the classes of
  factcheck's own modules only (:func:`install_dataclass_cache`).

The same input gives the same compiled result, so nothing behaves differently; a missing,
damaged or unwritable file only means compiling as usual. New entries are written once, at
exit (atomically, merged with what other runs added meanwhile). ``FACTCHECK_COMPILED_CACHE=0``
turns it off.
"""
import os
import sys

_MAX_ENTRIES = 4096  # past this (code of ever other versions of factcheck) the file restarts
_entries = None  # key -> compiled form, as read from the file (loaded on first use)
_added = {}  # new this run, written at exit
_file = None


def cache_file():
    """The file for this Python (and ``_sre``); None when the cache is off."""
    if os.environ.get("FACTCHECK_COMPILED_CACHE", "1") == "0":
        return None
    try:
        import _sre
    except ImportError:
        return None
    tag = f"{sys.implementation.cache_tag}-{'.'.join(map(str, sys.version_info[:3]))}-sre{_sre.MAGIC}"
    base = os.environ.get("FACTCHECK_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "factcheck")
    return os.path.join(base, f"compiled-{tag}.marshal")


def regex_version():
    """regex's version and its engine's magic number (``2026.12.2-20100116``), part of the
    key of a ``regex`` program; None when regex is not there."""
    try:
        import regex
        from regex import _regex  # type: ignore[attr-defined]

        return f"{regex.__version__}-{_regex.MAGIC}"
    except (ImportError, AttributeError):
        return None


def _load():
    global _entries, _file
    if _entries is None:
        _entries = {}
        _file = cache_file()
        if _file:
            import marshal

            try:
                with open(_file, "rb") as f:
                    data = marshal.load(f)
                if isinstance(data, dict):
                    _entries = data
            except (OSError, EOFError, ValueError, TypeError):
                pass
    return _entries


def get(key):
    """The compiled form stored under ``key``, or None."""
    return _load().get(key)


def put(key, value):
    """Keep ``value`` (marshal-able) under ``key``; written to the file at exit."""
    entries = _load()
    if not _file:
        return
    import marshal

    try:
        marshal.dumps(value)
    except ValueError:
        return
    if not _added:
        import atexit

        atexit.register(_save)
    _added[key] = entries[key] = value


def _save():
    if not _added or not _file:
        return
    import marshal

    try:
        try:
            with open(_file, "rb") as f:
                on_disk = marshal.load(f)
            if not isinstance(on_disk, dict) or len(on_disk) + len(_added) > _MAX_ENTRIES:
                on_disk = {}
        except (OSError, EOFError, ValueError, TypeError):
            on_disk = {}
        on_disk.update(_added)
        os.makedirs(os.path.dirname(_file), exist_ok=True)
        tmp = f"{_file}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            marshal.dump(on_disk, f)
        os.replace(tmp, _file)  # a concurrent reader sees the old file or the new one
    except (OSError, ValueError):
        pass
    _added.clear()


# ------------------------------------------------------------------------------------------
# Dataclass methods
# ------------------------------------------------------------------------------------------
def _compile_as_exec(source):
    # what exec(source, …) compiles in the dataclasses module: file "<string>", and no
    # __future__ flags (dataclasses has none; dont_inherit keeps this module's out too)
    return compile(source, "<string>", "exec", dont_inherit=True)


def install_dataclass_cache():
    """Let ``dataclasses`` take the generated methods of factcheck's classes from the cache.

    ``dataclasses`` compiles each generated method with the built-in ``exec``, looked up as a
    global name of its module; this sets that name to a function that runs the same source
    (compiled the same way) from a cached code object when the class belongs to a
    ``factcheck`` module, and exactly as ``exec`` would otherwise. Idempotent; does nothing
    when the cache is off or ``dataclasses`` has a global ``exec`` of another origin."""
    import dataclasses

    current = vars(dataclasses).get("exec")
    if current is not None or cache_file() is None:
        return
    import builtins

    run = builtins.exec
    dataclass_globals = vars(dataclasses)

    def exec_cached(source, globals=None, locals=None, /):
        if globals is None:  # exec in dataclasses itself would run in its own globals
            globals = dataclass_globals
        if not isinstance(source, str):
            return run(source, globals, locals)
        name = globals.get("__name__")
        if isinstance(name, str) and (name == "factcheck" or name.startswith("factcheck.")):
            key = ("code", source)
            code = get(key)
            if code is None:
                code = _compile_as_exec(source)
                put(key, code)
            return run(code, globals, locals)
        return run(_compile_as_exec(source), globals, locals)

    exec_cached.__factcheck__ = True
    dataclasses.exec = exec_cached
