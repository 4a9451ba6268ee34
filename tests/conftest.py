"""Fixtures for every test: the real Go-built binaries listed in fixtures/manifest.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
sys.path.insert(0, str(FIXTURES))  # groundtruth.py: wabt readers shared with the fixture builder

MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())["fixtures"]


def fixture_path(entry: dict) -> Path:
    return FIXTURES / "wasm" / entry["file"]


@pytest.fixture(params=MANIFEST, ids=[entry["file"] for entry in MANIFEST])
def fixture(request: pytest.FixtureRequest) -> dict:
    """A manifest entry, with `path` added."""
    return {**request.param, "path": fixture_path(request.param)}


@pytest.fixture
def smallest_fixture() -> dict:
    entry = min(MANIFEST, key=lambda e: e["size"])
    return {**entry, "path": fixture_path(entry)}
