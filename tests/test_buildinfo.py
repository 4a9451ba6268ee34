"""Build info readers on the forms the fixtures do not show: experiments, quoting, decoys, non-Go."""

import json
import shutil
import struct
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gowasm_inspect.cli import main
from gowasm_inspect.golang.buildinfo import find_build_version, parse_modinfo
from gowasm_inspect.golang.memory import MemoryImage


def _image_with_strings(*texts: bytes, referenced: set[int]) -> MemoryImage:
    """Texts laid out from 0x1000, followed by Go string headers (pointer, length) for those in `referenced`,
    aligned to 8 as Go aligns them."""
    base, data, places = 0x1000, bytearray(), []
    for text in texts:
        places.append(base + len(data))
        data += text + b"\0" * 8
    data += b"\0" * (-len(data) % 8)
    for number in sorted(referenced):
        data += struct.pack("<QQ", places[number], len(texts[number]))
    return MemoryImage(base, data)


def test_build_version_keeps_experiments_and_ignores_unreferenced_decoys():
    image = _image_with_strings(b"go1.99 is not this binary's", b"go1.27.3 X:jsonv2,greenteagc", referenced={1})
    assert find_build_version(image, None) == "go1.27.3 X:jsonv2,greenteagc"
    assert find_build_version(image, "go1.27.3") == "go1.27.3 X:jsonv2,greenteagc"


def test_build_version_prefers_the_producers_version():
    image = _image_with_strings(b"go1.2", b"go1.22.5", referenced={0, 1})
    assert find_build_version(image, "go1.22.5") == "go1.22.5"
    assert find_build_version(image, None) == "go1.2"


def test_modinfo_quoted_settings_and_replacements():
    text = ('path\tcommand-line-arguments\n'
            'dep\tgopkg.in/yaml.v3\tv3.0.1\th1:abc=\n'
            '=>\tgithub.com/fork/yaml\tv3.0.2\th1:def=\n'
            'build\t-ldflags="-s -w -X \\"main.v=1\\""\n'
            'build\t-trimpath=true\n'
            'build\tGOEXPERIMENT=jsonv2\n')
    info = parse_modinfo(text)
    assert info.path == "command-line-arguments" and info.main is None
    [dep] = info.deps
    assert (dep.path, dep.version, dep.sum) == ("gopkg.in/yaml.v3", "v3.0.1", "h1:abc=")
    assert (dep.replace.path, dep.replace.version, dep.replace.sum) == ("github.com/fork/yaml", "v3.0.2", "h1:def=")
    assert info.settings == {"-ldflags": '-s -w -X "main.v=1"', "-trimpath": "true", "GOEXPERIMENT": "jsonv2"}


@pytest.mark.skipif(shutil.which("wat2wasm") is None, reason="needs wabt's wat2wasm")
def test_info_on_a_module_not_built_by_go_says_so_and_exits_0(tmp_path):
    out = tmp_path / "features.wasm"
    subprocess.run(["wat2wasm", str(Path(__file__).parent / "data" / "features.wat"), "-o", str(out)], check=True)
    table = CliRunner().invoke(main, ["info", str(out)])
    assert table.exit_code == 0 and "not built by the Go toolchain" in table.stdout
    document = json.loads(CliRunner().invoke(main, ["info", str(out), "--format", "json"]).stdout)
    assert document["is_go"] is False and document["go_version"] is None


# What Go's strconv.Quote writes for these values, spelled out here from Go's escape rules.
GO_QUOTED = [
    ('"-s -w"', "-s -w"),
    ('"a\\tb\\u00e9\\x41\\101\\"q\\\\"', 'a\tbéAA"q\\'),
    ("`raw \\n stays`", "raw \\n stays"),
    ('"\\U0001F600"', "\U0001f600"),
]


@pytest.mark.parametrize(("quoted", "value"), GO_QUOTED)
def test_settings_are_unquoted_by_gos_rules(quoted, value):
    assert parse_modinfo(f"build\tkey={quoted}\n").settings == {"key": value}


@pytest.mark.parametrize("crafted", [
    '"x", ' + "- " * 20_000 + '1, "y"',  # a Python literal nested beyond the recursion limit
    '"\\q"', '"\\x4"', '"\\uD800"', '"unterminated\\"', "\"it's \\' not Go\"",
])
def test_values_that_are_not_go_strings_stand_as_written(crafted):
    assert parse_modinfo(f"build\tkey={crafted}\n").settings == {"key": crafted}


def test_many_version_decoys_cost_one_pass_not_one_search_each():
    """400 KiB of "go1.1": every one a candidate. A search per candidate took 10-19 s."""
    decoys = b"go1.1" * (400 * 1024 // 5)
    real = b"go1.27.3"
    image = _image_with_strings(decoys, real, referenced={1})
    started = time.perf_counter()
    assert find_build_version(image, None) == "go1.27.3"
    assert find_build_version(image, "go1.1") == "go1.27.3"  # no header points at a decoy
    assert time.perf_counter() - started < 2.0


def test_many_plausible_pclntab_headers_cost_one_pass_not_one_search_each():
    """2,978 headers that each pass the header checks, in 256 KiB of a 4 MiB image; none is confirmed."""
    from gowasm_inspect.golang.pclntab import find_pclntab

    header = struct.pack("<IBBBBqQQQQQQQ", 0xFFFFFFF1, 0, 0, 1, 8, 1, 1, 0, 72, 72, 72, 72, 72)
    image = MemoryImage(0x1000, bytearray((header + bytes(16)) * 2_978 + bytes(4 << 20)))
    started = time.perf_counter()
    assert find_pclntab(image, 1) is None
    assert time.perf_counter() - started < 2.0
