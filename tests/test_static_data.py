"""Strings, tables and variables owned through the addresses code pushes: the constant scan against wabt's
disassembly, and the owners against the linker's symbols (fixtures/symbols/) joined to wabt's constants."""

import os
import struct
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import MANIFEST, NEW_JS, ROOT, fixture_path, slow
from linker_truth import load_symbol_map, static_data_truth

from gowasm_inspect.golang.data_reading import read_static_data
from gowasm_inspect.golang.memory import build_memory_image
from gowasm_inspect.golang.program import read_go_program
from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.wasm.constants import scan_constants
from gowasm_inspect.wasm.module import read_module
from gowasm_inspect.wasm.sections.code import FunctionBody
from groundtruth import wabt_constants, wabt_data_segments, wabt_initial_memory

# the newest toolchain in the quick suite (wasm-objdump -d takes a second or two a fixture); all under -m slow
EVERY_FIXTURE = [pytest.param({**entry, "path": fixture_path(entry)}, id=entry["file"],
                              marks=[] if entry == NEW_JS else [slow]) for entry in MANIFEST]
UNSTRIPPED = [param for param in EVERY_FIXTURE if not param.values[0]["stripped"]]
STATIC = ("rodata", "noptrdata", "data", "types+rodata")
# README: per package, the static data found differs from the linker's by at most this share of it in all
PACKAGE_DISTANCE = 0.20


ENGINES = ["re2", "re"]  # google-re2 when installed, and the standard library's `re` it falls back to


def _scan(*bodies: bytes, address_limit: int = 1 << 32, engine: str = "re2"):
    """scan_constants over a code payload made of these bodies (each given as locals + instructions)."""
    payload, entries = b"", []
    for index, body in enumerate(bodies):
        entries.append(FunctionBody(index, len(payload), 1, len(body)))
        payload += bytes([len(body)]) + body
    return scan_constants(payload, 0, entries, address_limit, engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_scan_decodes_instructions_so_operands_are_never_taken_for_constants(engine):
    address = bytes([0x42, 0x80, 0x80, 0x04])  # i64.const 65536
    f64_hiding_one = bytes([0x44, 0x42, 0x80, 0x80, 0x04, 0, 0, 0, 0])  # f64.const whose bits look like one
    br_table = bytes([0x0E, 2, 0, 0x42, 0x00])  # labels 0 and 66 ("B"), default 0
    body = bytes([1, 2, 0x7E]) + f64_hiding_one + br_table + address + bytes([0x1A, 0x0B])
    small_and_negative = bytes([0, 0x42, 0x3F, 0x42, 0x80, 0x80, 0x7C, 0x41, 0xFF, 0xFF, 0x03, 0x0B])
    found = _scan(body, small_and_negative, engine=engine)
    assert list(found.functions) == [0, 1] and list(found.values) == [65536, 65535]
    assert found.unread == []


@pytest.mark.parametrize("engine", ENGINES)
def test_constants_beyond_the_initial_memory_are_no_addresses_however_encoded(engine):
    program_counter = bytes([0x42, 0x80, 0x80, 0x80, 0x80, 0x01])  # i64.const 2**28, as Go pushes PCs
    padded = bytes([0x41, 0x80, 0x80, 0x84, 0x80, 0x00])  # i32.const 65536 in five bytes
    beyond = bytes([0x42, 0x80, 0x80, 0xC0, 0x00])  # i64.const 2**20, past a 16-page memory
    body = bytes([0]) + program_counter + padded + beyond + bytes([0x1A, 0x1A, 0x1A, 0x0B])
    assert list(_scan(body, address_limit=16 * 65536, engine=engine).values) == [65536]
    assert list(_scan(body, address_limit=1 << 29, engine=engine).values) == [1 << 28, 65536, 1 << 20]
    assert list(_scan(body, engine=engine).values) == [1 << 28, 65536, 1 << 20]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_body_with_instructions_outside_the_decoded_sets_is_named_not_guessed(engine):
    simd = bytes([0, 0xFD, 0x0C, *bytes(16), 0x1A, 0x42, 0x80, 0x80, 0x04, 0x1A, 0x0B])
    truncated_table = bytes([0, 0x0E, 9, 0, 0x0B])
    found = _scan(simd, truncated_table, bytes([0, 0x42, 0x80, 0x80, 0x04, 0x1A, 0x0B]), engine=engine)
    assert found.unread == [0, 1] and list(found.functions) == [2]


@pytest.mark.parametrize("fixture", EVERY_FIXTURE)
def test_every_function_pushes_the_address_sized_constants_wabt_decodes(fixture):
    import gowasm_inspect.wasm.constants as constants

    assert constants.re2_module() is not None  # in the test extras: the scan below runs on RE2, through its binding
    assert constants._re2_step_over(b"(?:ab)*")(b"xababa", 1, 6) == 5
    module = read_module(fixture["path"], scan_code=True)
    found = module.code_constants.result()
    assert found.unread == []
    ours: dict[int, list[int]] = {}
    for function, value in zip(found.functions, found.values, strict=True):
        ours.setdefault(function, []).append(value)
    # data fits in the initial memory, so no larger constant is an address (nor any from 2**32)
    limit = min(wabt_initial_memory(fixture["path"]) or 1 << 32, 1 << 32)
    theirs = {function: [value for value in values if 1 << 13 <= value < limit]
              for function, values in wabt_constants(fixture["path"]).items()}
    assert ours == {function: values for function, values in theirs.items() if values}
    if fixture["file"] == NEW_JS["file"]:  # the fallback engine finds the same
        code = module.section("code")
        payload = fixture["path"].read_bytes()[code.offset + code.header_size : code.offset + code.size]
        fallback = scan_constants(payload, code.offset + code.header_size, module.code.bodies, limit, "re")
        assert (fallback.functions, fallback.values, fallback.unread) == (found.functions, found.values, found.unread)


def _static_data(module, program):
    """What each function owns of the static data (the report holds only its totals)."""
    image, _ = build_memory_image(module)
    return read_static_data(module, image, program.data.moduledata, program.data.layout).gathered(image)


def _static_by_package(module, program) -> Counter:
    packages = {index: facts.package for index, facts in program.functions.items()}
    static = _static_data(module, program)
    found: Counter = Counter()
    for sizes in static.owned.values():
        for function, size in sizes.items():
            found[packages[function]] += size
    for (_, users), size in static.shared.items():
        owners = {packages[function] for function in users}
        found[owners.pop() if len(owners) == 1 else "(shared)"] += size
    return found


@pytest.mark.parametrize("fixture", UNSTRIPPED)
def test_each_packages_static_data_is_near_the_linkers_symbols(fixture):
    """Truth: each .rodata/.noptrdata/.data symbol (types aside) belongs to the packages whose code, as wabt
    decodes it, pushes an address inside it, or whose symbols point into it; ours cuts at addresses alone,
    so a numeric constant that equals an address, or a symbol entered in its middle, moves a few bytes."""
    module = read_module(fixture["path"], scan_code=True)
    program = read_go_program(module)
    image, _ = build_memory_image(module)

    def words(start: int, end: int) -> list[tuple[int, int]]:
        start, end = (start + 7) & ~7, min(end, image.end)
        return [(at, struct.unpack_from("<Q", image.data, at - image.base)[0]) for at in range(start, end - 7, 8)]

    packages = {index: facts.package for index, facts in program.functions.items()}
    truth = static_data_truth(load_symbol_map(fixture["file"]), wabt_constants(fixture["path"]), packages, words,
                              wabt_data_segments(fixture["path"]))
    owned = {package: size for package, size in truth.items() if package is not None}
    found = _static_by_package(module, program)
    assert sum(found.values()) > 20_000 and found["runtime"] > 4_000
    distance = sum(abs(found[package] - owned.get(package, 0)) for package in {*found, *owned})
    assert distance <= PACKAGE_DISTANCE * sum(owned.values())
    assert abs(sum(found.values()) - sum(owned.values())) <= 0.05 * sum(owned.values())


@pytest.mark.parametrize("fixture", EVERY_FIXTURE)
def test_static_data_lies_in_its_regions_and_within_them(fixture):
    report = analyze(fixture["path"])
    regions = {region.name: region.size for region in report.regions}
    owned: Counter = Counter()
    for package in report.packages:
        owned.update({region: size for region, size in package.data.items() if region in ("rodata", "noptrdata", "data")})
    for region in ("noptrdata", "data", *(["rodata"] if "rodata" in regions else [])):
        assert 0 < owned[region] <= regions[region], region


def _forks(setup: str, jobs: str = "") -> bool:
    """Whether Pending ran its work in another process, asked in a fresh interpreter after `setup`."""
    code = f"import os, threading, time\n{setup}\nfrom gowasm_inspect.wasm.forked import Pending\n" \
           "print(Pending(os.getpid).result() != os.getpid())"
    environment = {**os.environ, "GOWASM_INSPECT_JOBS": jobs}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                            env=environment)
    return result.stdout.strip() == "True"


def test_work_runs_in_a_forked_child_only_when_no_other_thread_runs_and_more_jobs_are_allowed():
    assert _forks("")
    assert not _forks("threading.Thread(target=time.sleep, args=(5,), daemon=True).start()")
    assert not _forks("", jobs="1")


def test_a_child_whose_result_is_never_asked_for_is_stopped_when_the_command_line_ends(tmp_path):
    """The command line leaves with os._exit (no teardown of its objects), so an exit handler stops the
    helpers it never asked: none is left running, or writing, after the process has gone."""
    marker = tmp_path / "written"
    code = ("import os, sys, time\nfrom gowasm_inspect.wasm.forked import Pending\nfrom gowasm_inspect.cli import _leave\n"
            f"def late():\n    time.sleep(2)\n    open({str(marker)!r}, 'w').write('late')\n"
            "pending = Pending(late)\nprint(pending._pid, flush=True)\n_leave(4)")
    environment = {**os.environ, "GOWASM_INSPECT_JOBS": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=environment,
                            timeout=30)
    assert result.returncode == 4 and result.stderr == ""
    child = int(result.stdout)
    assert child > 0  # it was forked
    time.sleep(2.5)
    assert not marker.exists()
    assert not Path(f"/proc/{child}").exists()


@pytest.mark.parametrize("jobs", ["", "1"])
def test_a_value_awaiting_its_last_input_gets_it_whole_in_a_child_or_here(jobs):
    """The input (3 MB: more than a pipe holds) is given while the child works; the result is the same
    whether a child ran or not, and a child that was never given its input is stopped, not waited for."""
    code = ("import os\nfrom gowasm_inspect.wasm.forked import Awaiting\n"
            "def work(receive):\n    sum(range(10**6))\n    value = receive()\n"
            "    return os.getpid(), len(value), value[:3]\n"
            "pending = Awaiting(work)\npending.give('abc' * 1_000_000)\npid, length, head = pending.result()\n"
            "print(pid != os.getpid(), length, head)\n"
            "Awaiting(work).stop()\nprint('stopped')")
    environment = {**os.environ, "GOWASM_INSPECT_JOBS": jobs}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=environment,
                            timeout=30, check=True)
    assert result.stdout.split() == [str(jobs == ""), "3000000", "abc", "stopped"]


def test_a_childs_value_is_taken_as_soon_as_it_is_whole_and_a_child_that_died_is_replaced_by_work_here():
    """A child that wrote its value is not waited for while it exits (it is reaped later); one that died
    before writing (or in the middle) leaves its work to this process."""
    code = ("import os, time\nfrom gowasm_inspect.wasm.forked import Pending, _EXITING, _reap\n"
            "parent = os.getpid()\n"
            "def work():\n    if os.getpid() != parent:\n        os._exit(3)\n    return 'here'\n"
            "dying = Pending(work)\nprint(dying.forked, dying.result())\n"
            "pending = Pending(os.getpid)\nchild = pending._pid\nprint(pending.result() == child)\n"
            "time.sleep(0.5)\n_reap()\nprint(child in _EXITING, os.path.exists(f'/proc/{child}'))")
    environment = {**os.environ, "GOWASM_INSPECT_JOBS": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=environment,
                            timeout=30, check=True)
    assert result.stdout.split() == ["True", "here", "True", "False", "False"]


def test_a_command_runs_without_the_cycle_collector():
    """It runs once and exits; an analysis leaves a few dozen objects in cycles, not worth the passes."""
    code = ("import atexit, gc, sys\nfrom gowasm_inspect import cli\npasses = []\n"
            "gc.callbacks.append(lambda phase, info: passes.append(phase))\n"
            "atexit.register(lambda: sys.stderr.write(f'passes {len(passes)}'))\n"
            f"sys.argv = ['gowasm-inspect', 'size', '--format', 'json', {str(fixture_path(NEW_JS))!r}]\n"
            "cli.run()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                            env={**os.environ, "GOWASM_INSPECT_JOBS": ""})
    assert result.returncode == 0 and '"runtime"' in result.stdout and result.stderr == "passes 0"


def test_forked_and_in_place_analyses_give_the_same_report():
    outputs = []
    for jobs in ("", "1"):
        environment = {**os.environ, "GOWASM_INSPECT_JOBS": jobs}
        outputs.append(subprocess.run([sys.executable, "-m", "gowasm_inspect", "size", "--format", "json",
                                       str(fixture_path(NEW_JS))], capture_output=True, text=True, cwd=ROOT,
                                      check=True, env=environment).stdout)
    assert outputs[0] == outputs[1] and '"rodata"' in outputs[0]
