#!/usr/bin/env python3
"""Record the SHA-256 of `size --format json` (and `info --format json`) of every fixture, with the
file's path written as FILE, into tests/data/report_digests.json.

Not truth: a guard. Run it when a change is meant to alter what the tool reports, and say so in that
commit; a change meant only to make the tool faster must leave every digest as it is (the test
tests/test_report_digests.py compares).

    python tools/record_report_digests.py
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = ROOT / "tests" / "data" / "report_digests.json"
COMMANDS = {"size": ["size", "--format", "json"], "info": ["info", "--format", "json"]}


def output_digest(path: Path, stdout: str) -> str:
    """The digest of a command's output with the path it was given replaced by FILE, wherever a JSON string
    holds it (a warning may name it inside a sentence)."""
    return hashlib.sha256(stdout.replace(json.dumps(str(path))[1:-1], "FILE").encode()).hexdigest()


def main() -> int:
    fixtures = json.loads((ROOT / "fixtures" / "manifest.json").read_text())["fixtures"]
    digests: dict[str, dict[str, str]] = {}
    for entry in fixtures:
        path = ROOT / "fixtures" / "wasm" / entry["file"]
        digests[entry["file"]] = {}
        for name, command in COMMANDS.items():
            stdout = subprocess.run([sys.executable, "-m", "gowasm_inspect", *command, str(path)], check=True, cwd=ROOT,
                                    capture_output=True, text=True).stdout
            digests[entry["file"]][name] = output_digest(path, stdout)
    DIGESTS.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
    print(f"wrote {DIGESTS.relative_to(ROOT)}: {len(digests)} fixtures", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
