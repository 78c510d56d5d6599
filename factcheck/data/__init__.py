"""Curated data files shipped with factcheck (validated by their own tests)."""
from __future__ import annotations

import os
import re


def name_groups(name: str) -> dict[str, str]:
    """Name → canonical name from a data file whose entries each list the names of one thing,
    the canonical one first (places.yaml, synonyms.yaml). This runs at every start: files
    in the shape they ship in (``- [北京, 北京市]`` lines, comments) are read here, without
    importing PyYAML (~10 ms); anything else by PyYAML."""
    with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as f:
        text = f.read()
    data = plain_groups(text)
    if data is None:
        import yaml

        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (safe)
    return {alias: group[0] for group in data for alias in group}


# A name YAML can only read as itself: no indicator, quote or separator, and a character
# outside ASCII (YAML's implicit types — numbers, booleans, null — are all ASCII).
_NAME = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\s,\[\]{}#:'\"]*")


def plain_groups(text: str) -> list[list[str]] | None:
    """The groups of a file of ``- [name, name …]`` lines, blank lines and ``#`` comments, as
    YAML reads them; None for any other line (then YAML reads the file)."""
    groups = []
    for line in text.split("\n"):
        line = line.rstrip(" ")
        if not line or line.startswith("#"):
            continue
        if not (line.startswith("- [") and line.endswith("]")):
            return None
        names = line[3:-1].split(", ")
        if not all(_NAME.fullmatch(n) and not n.isascii() and n.isprintable() for n in names):
            return None
        groups.append(names)
    return groups
