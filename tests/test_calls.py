"""The direct calls of each body (wasm/calls.py) are the `call` instructions wasm-objdump -d disassembles, and
its constants from 2**28 up to 2**32 the ones it prints; the compiled decoder finds what the Python one finds,
on fixtures and on random instruction streams."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest
from conftest import NEW_JS, fixture_path
from test_native import _random_body

from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.calls import direct_calls
from gowasm_inspect.wasm.module import read_module
from gowasm_inspect.wasm.sections.code import FunctionBody
from groundtruth import wabt_available, wabt_calls, wabt_constants


def _calls_of(path):
    module = read_module(path)
    code = module.section("code")
    payload = path.read_bytes()[code.payload_offset : code.payload_offset + code.payload_size]
    return module, payload, code.payload_offset


def _by_function(found) -> dict[int, list[int]]:
    calls = defaultdict(list)
    for caller, callee in zip(found.callers, found.callees, strict=True):
        calls[caller].append(callee)
    return calls


@pytest.mark.skipif(not wabt_available(), reason="wasm-objdump is the ground truth")
def test_calls_are_the_ones_wasm_objdump_disassembles(fixture):
    module, payload, offset = _calls_of(fixture["path"])
    found = direct_calls(payload, offset, module.code.bodies)
    truth = {function: calls for function, calls in wabt_calls(fixture["path"]).items() if calls}
    assert found.unread == [] and dict(_by_function(found)) == truth
    assert sum(map(len, truth.values())) > 5000
    high = defaultdict(list)
    for holder, value in zip(found.holders, found.values, strict=True):
        high[holder].append(value)
    pushed = {function: kept for function, values in wabt_constants(fixture["path"]).items()
              if (kept := [value for value in values if 1 << 28 <= value < 1 << 32])}
    assert dict(high) == pushed and sum(map(len, pushed.values())) > 1000


def test_the_compiled_decoder_finds_the_calls_pythons_finds(monkeypatch):
    rng = random.Random(31)
    payload, bodies = b"", []
    for index in range(3000):  # random streams: calls of every index length, and bodies that cannot be read
        body = _random_body(rng)
        prefix = bytes([len(body)]) if len(body) < 0x80 else bytes([len(body) & 0x7F | 0x80, len(body) >> 7])
        bodies.append(FunctionBody(index + 5, len(payload), len(prefix), len(body)))
        payload += prefix + body
    module, fixture_payload, offset = _calls_of(fixture_path(NEW_JS))
    compiled = [direct_calls(payload, 0, bodies), direct_calls(fixture_payload, offset, module.code.bodies)]
    monkeypatch.setattr(native, "speedups", None)
    python = [direct_calls(payload, 0, bodies), direct_calls(fixture_payload, offset, module.code.bodies)]
    for mine, theirs in zip(compiled, python, strict=True):
        assert (mine.callers, mine.callees, mine.holders, mine.values, mine.unread) == (
            theirs.callers, theirs.callees, theirs.holders, theirs.values, theirs.unread)
    assert 0 < len(compiled[0].unread) < len(bodies) and len(compiled[0].callees) > 50


def test_a_call_whose_index_does_not_fit_32_bits_names_no_function_and_only_high_constants_are_kept():
    too_large = bytes([0x10, 0x80, 0x80, 0x80, 0x80, 0x10])  # call 2**32
    largest = bytes([0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])  # call 2**32 - 1
    constants = [bytes([0x42, 0x80, 0x80, 0x80, 0x80, 0x01]),  # i64.const 2**28: kept
                 bytes([0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),  # 2**32 - 1: kept
                 bytes([0x42, 0x80, 0x80, 0x80, 0x80, 0x10]),  # 2**32: not
                 bytes([0x42, 0xFF, 0xFF, 0xFF, 0x7F]),  # 2**28 - 1: not
                 bytes([0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]),  # -1 in five bytes: not
                 bytes([0x41, 0x80, 0x80, 0x80, 0x80, 0x02]),  # i32.const 2**29: kept
                 bytes([0x42, 0x80, 0x80, 0x80, 0x80, 0x81, 0x00])]  # 2**28 in six bytes: not
    body = bytes([0x00]) + too_large + largest + b"".join(constants) + bytes([0x0B])
    payload = bytes([len(body)]) + body
    for speedups in (native.speedups, None):
        original, native.speedups = native.speedups, speedups
        try:
            found = direct_calls(payload, 0, [FunctionBody(7, 0, 1, len(body))])
        finally:
            native.speedups = original
        assert (list(found.callers), list(found.callees), found.unread) == ([7], [(1 << 32) - 1], [])
        assert (list(found.holders), list(found.values)) == ([7, 7, 7], [1 << 28, (1 << 32) - 1, 1 << 29])
