"""Every fixture's `size --format json` and `info --format json`, byte for byte as recorded by
tools/record_report_digests.py: not truth (the other tests check the values against independent tools),
but a guard that a change meant only to make the tool faster alters nothing it reports; with the compiled
scan and without it."""

import json
import sys

import pytest
from conftest import MANIFEST, NEW_JS, ROOT, fixture_path, invoke, slow

from gowasm_inspect.wasm import native

sys.path.insert(0, str(ROOT / "tools"))
from record_report_digests import COMMANDS, DIGESTS, output_digest

RECORDED = json.loads(DIGESTS.read_text())


@pytest.mark.parametrize("entry", [pytest.param(entry, id=entry["file"], marks=[] if entry == NEW_JS else [slow])
                                   for entry in MANIFEST])
@pytest.mark.parametrize("scan", ["compiled", "pure"])
def test_reports_are_as_recorded(entry, scan, monkeypatch):
    if scan == "pure":
        monkeypatch.setattr(native, "speedups", None)
    else:
        assert native.speedups is not None
    path = fixture_path(entry)
    for name, command in COMMANDS.items():
        result = invoke(*command, str(path))
        assert result.exit_code == 0
        assert output_digest(path, result.stdout) == RECORDED[entry["file"]][name], (
            f"{name} of {entry['file']} changed: if it was meant to, run python tools/record_report_digests.py")
