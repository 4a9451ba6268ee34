#!/usr/bin/env python3
"""Regenerate README's picture of the HTML report: docs/treemap.png, from the diff of two fixtures.

    python tools/screenshot.py [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "fixtures" / "wasm" / "demo-go1.27.3-wasip1.wasm"
NEW = ROOT / "fixtures" / "wasm" / "demo-go1.27.3-wasip1-xml.wasm"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "diff.html"
        subprocess.run([sys.executable, "-m", "gowasm_inspect", "diff", str(OLD.relative_to(ROOT)),
                        str(NEW.relative_to(ROOT)), "--format", "html", "-o", str(page_path)], check=True, cwd=ROOT)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(page_path.as_uri())
            page.wait_for_selector("body[data-ready='1']")
            page.click("#map > .tile .label >> text=code")
            page.hover("#map > .tile .sub >> nth=2")
            page.screenshot(path=str(ROOT / "docs" / "treemap.png"))
            browser.close()
    print(ROOT / "docs" / "treemap.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
