"""Random damage to a real fixture never escapes as anything but a clean InputError, and never stalls."""

import contextlib
import random
import time

import pytest
from conftest import MANIFEST, fixture_path

from gowasm_inspect.errors import InputError
from gowasm_inspect.model.from_binary import analyze

SEEDS = [0, 1, pytest.param(2, marks=pytest.mark.slow)]
MUTANTS_PER_SEED = 60


@pytest.mark.parametrize("seed", SEEDS)
def test_damaged_files_are_reported_or_read(tmp_path, seed):
    base = fixture_path(min(MANIFEST, key=lambda e: e["size"])).read_bytes()
    rng = random.Random(seed)
    path = tmp_path / "mutant.wasm"
    for _ in range(MUTANTS_PER_SEED):
        data = bytearray(base)
        for _ in range(rng.choice([1, 2, 8])):
            # the headers and small sections, anywhere (mostly code and data), or the end (data, customs)
            region = rng.random()
            if region < 0.3:
                at = rng.randrange(4000)
            elif region < 0.8:
                at = rng.randrange(len(data))
            else:
                at = rng.randrange(len(data) - 60_000, len(data))
            data[at] = rng.randrange(256)
        path.write_bytes(bytes(data))
        started = time.perf_counter()
        with contextlib.suppress(InputError):
            analyze(path)
        assert time.perf_counter() - started < 2.0
