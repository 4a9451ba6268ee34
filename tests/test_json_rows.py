"""The compiled JSON rows (gowasm_inspect/render/_json_rows.c) are json.dumps's, byte for byte: on real
reports, on every kind of character a name in a binary can hold, and at each value it leaves to json."""

import json
import random

import pytest
from conftest import MANIFEST, QUICK, fixture_path

from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.render import size as size_render

rows = size_render.compiled_rows
SEPARATOR = ",\n    "


def by_json(values):
    return SEPARATOR.join(map(json.dumps, values))


def test_the_compiled_rows_are_built_where_the_tests_run():
    assert rows is not None


@pytest.mark.parametrize("entry", [entry for entry in MANIFEST if entry["file"] in QUICK][:4], ids=lambda e: e["file"])
def test_a_real_reports_rows_are_jsons(entry):
    document = analyze(fixture_path(entry)).to_dict()
    lists = [value for value in document.values() if isinstance(value, list) and value]
    lists += [row["regions"] for row in document["sections"] if "regions" in row]
    assert len(lists) >= 4
    for values in lists:
        holds_lists = any(isinstance(value, list) for row in values for value in row.values())
        assert rows(values, SEPARATOR) == (None if holds_lists else by_json(values))
    assert rows(document["functions"], SEPARATOR) == by_json(document["functions"])


def test_every_kind_of_character_is_escaped_as_json_escapes_it():
    # controls, quotes, backslash, DEL, Latin-1, the BMP, lone surrogates and characters past U+FFFF
    every = "".join(map(chr, [*range(0x0, 0x100), 0x2028, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFF,
                              0x10000, 0x1F600, 0x10FFFF]))
    generator = random.Random(7)
    values = [{"name": every, every: every}, {"name": ""}, {}]
    for _ in range(300):
        text = "".join(generator.choice(every) for _ in range(generator.randrange(0, 40)))
        values.append({"name": text, "package": text[::-1], "data": {text: generator.randrange(-2**63, 2**63)}})
    assert rows(values, SEPARATOR) == by_json(values)


def test_scalars_are_written_as_json_writes_them():
    values = [{"a": None, "b": True, "c": False, "d": 0, "e": -1, "f": 2**63 - 1, "g": -2**63, "h": {}}]
    assert rows(values, SEPARATOR) == by_json(values)
    assert rows([], SEPARATOR) == ""


class Count(int):
    pass


class Name(str):
    pass


@pytest.mark.parametrize("row", [
    {"size": 2**63},  # past 64 bits
    {"size": -2**63 - 1},
    {"share": 0.5},  # floats are json's to write
    {"list": [1, 2]},
    {"data": {"deeper": {"size": 1}}},
    {1: "a key that is not a string"},
    {"size": Count(3)},  # subclasses may encode themselves otherwise
    {Name("key"): 1},
    {"name": Name("value")},
])
def test_what_it_leaves_to_json_comes_back_as_none(row):
    assert rows([{"index": 1}, row], SEPARATOR) is None
    assert rows(["not a dict"], SEPARATOR) is None


def test_the_output_is_the_same_without_the_compiled_rows(monkeypatch):
    report = analyze(fixture_path(next(entry for entry in MANIFEST if entry["file"] in QUICK)))
    compiled = size_render.render_json([report], as_array=False)
    monkeypatch.setattr(size_render, "compiled_rows", None)
    assert size_render.render_json([report], as_array=False) == compiled
