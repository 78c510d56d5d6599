"""Curated data is validated like code: no empty names, no name in two groups."""
from __future__ import annotations

from importlib import resources

import pytest
import yaml
from conftest import seeds_knowledge, seeds_settings  # noqa: E402

FILES = ("synonyms.yaml", "places.yaml")


@pytest.mark.parametrize("name", FILES)
def test_groups_are_well_formed(name: str) -> None:
    data = yaml.safe_load(resources.files("factcheck.data").joinpath(name).read_text("utf-8"))
    assert isinstance(data, list) and data
    seen: dict[str, int] = {}
    for i, group in enumerate(data):
        assert isinstance(group, list) and group, (name, i)
        for word in group:
            assert isinstance(word, str) and word.strip() == word and word, (name, i, word)
            assert word not in seen, f"{name}: {word!r} is in groups {seen[word]} and {i}"
            seen[word] = i


def test_synonyms_map_to_their_canonical_form() -> None:
    k = seeds_knowledge()
    assert k.canonical_subject("高企") == "高新技术企业"
    assert k.canonical_subject("全州高企") == "全州高新技术企业"


def test_places_keep_provinces_apart_from_the_home_region() -> None:
    from factcheck.context import Gazetteer

    g = Gazetteer(seeds_knowledge())
    assert g.place_in("如今，上海每万人口高价值发明专利拥有量达到", topical=True) == "上海"
    assert g.place_in("我国每万人口高价值发明专利拥有量达") == "全国"
    assert g.place_in("全州高企达到") == "昌吉州"
    assert g.place_in("在深圳市举办培训班，推动", topical=True) == ""


def test_word_lists_are_well_formed() -> None:
    """data/words.yaml: every list the code reads is there, non-empty, of words without
    spaces, no word twice in one list."""
    from factcheck.knowledge import WORD_LISTS

    data = yaml.safe_load(resources.files("factcheck.data").joinpath("words.yaml").read_text("utf-8"))
    for name in WORD_LISTS:
        words = data.get(name)
        assert isinstance(words, list) and words, name
        for w in words:
            assert isinstance(w, str) and w and not any(ch.isspace() for ch in w), (name, w)
        assert len(set(words)) == len(words), (name, [w for w in words if words.count(w) > 1])


def test_no_place_name_ends_in_a_suffix_free_word() -> None:
    """A word of suffix_free_words hides the place suffix in it: none may be the end of a
    listed place name (休市 would hide 介休市)."""
    from factcheck.knowledge import load

    k = load(region="changji")
    names = [*k.place_table, *k.listed_places]
    for w in k.word_list("suffix_free_words"):
        assert not [n for n in names if n.endswith(w) or w in n], w
