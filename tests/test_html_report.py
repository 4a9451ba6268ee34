"""The HTML treemap: its tree against wabt, its page made inert against hostile names, and the page itself
in a real browser (Debian's chromium driven by playwright; `-m slow`, which CI runs)."""

from __future__ import annotations

import re
from pathlib import Path

import groundtruth_facts
import leb128
import pytest
from conftest import BY_FILE, NEW_JS, fixture_path, invoke, slow
from msgspec import structs

from gowasm_inspect.analyses.size_tree import FUNCTION, Node, size_tree
from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.render.html import size_page

PLAIN = BY_FILE["demo-go1.27.3-wasip1.wasm"]
XML = BY_FILE["demo-go1.27.3-wasip1-xml.wasm"]  # PLAIN plus encoding/xml
CHROMIUM = "/usr/bin/chromium"
HOSTILE = ["</script><script>document.title='pwned'</script>", "<img src=x onerror=\"document.title='pwned'\">",
           "'\"&amp;\u202eevil", "x" * 1_000_000]


def _walk(node: Node):
    yield node
    for child in node.children:
        yield from _walk(child)


def test_every_level_of_the_tree_tiles_its_parent_and_the_leaves_are_wabts():
    entry = {**NEW_JS, "path": fixture_path(NEW_JS)}
    tree = size_tree(analyze(entry["path"]))
    assert tree.size == NEW_JS["size"]
    for node in _walk(tree):
        if node.children:
            assert sum(child.size for child in node.children) == node.size, node.name
    spans = groundtruth_facts.section_spans(entry)
    kinds = [section["kind"] for section in groundtruth_facts.sections(entry)]
    code_start, _, code_end = spans[kinds.index("code")]
    code = next(node for node in tree.children if node.name == "code")
    assert code.size == code_end - code_start
    # a leaf is a body with its length prefix
    bodies = [size + len(leb128.u.encode(size)) for size in groundtruth_facts.body_sizes(entry).values()]
    assert sorted(node.size for node in _walk(code) if node.kind == FUNCTION) == sorted(bodies)


def _hostile_report():
    report = analyze(fixture_path(NEW_JS))
    in_fmt = [function.index for function in report.functions if function.package == "fmt"][:8]
    functions = [structs.replace(function, name=HOSTILE[in_fmt.index(function.index) % len(HOSTILE)] +
                                     str(in_fmt.index(function.index)))
                 if function.index in in_fmt else function for function in report.functions]
    return structs.replace(report, functions=functions, file="<b>bold</b>.wasm")


def test_names_cannot_end_the_data_element_and_the_policy_allows_only_the_page_itself():
    page = size_page(_hostile_report())
    data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)[1]
    assert "<" not in data and ">" not in data and "&" not in data
    assert page.count("</script>") == 2 and "<b>bold" not in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    assert policy.startswith("default-src 'none'; script-src 'sha256-") and "unsafe" not in policy


def test_html_needs_an_output_file_on_a_terminal_and_one_build(tmp_path, monkeypatch):
    two = invoke("size", str(fixture_path(PLAIN)), str(fixture_path(XML)), "--format", "html", "-o",
                 str(tmp_path / "x.html"))
    assert two.exit_code == 2 and "one build" in two.stderr
    written = invoke("size", str(fixture_path(PLAIN)), "--format", "html", "-o", str(tmp_path / "plain.html"))
    assert written.exit_code == 0 and written.stdout == ""
    assert (tmp_path / "plain.html").read_text().startswith("<!DOCTYPE html>")


# ---- in a real browser ----

@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


class Page:
    """A page opened from disk, recording console errors, every request and any dialog."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 800) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']")
        self.url = path.as_uri()

    def tiles(self) -> list[dict]:
        return self.page.eval_on_selector_all("#map > .tile", """tiles => tiles.map(t => ({
            id: t.dataset.id, bytes: Number(t.dataset.bytes), change: t.dataset.change,
            area: t.offsetWidth * t.offsetHeight, label: (t.querySelector('.label') || {}).textContent}))""")

    def crumbs(self) -> list[str]:
        return self.page.eval_on_selector_all("#crumbs button", "buttons => buttons.map(b => b.textContent)")

    def clean(self) -> bool:
        return not self.errors and self.requests == [self.url] and not self.dialogs


def _page_file(tmp_path: Path, *arguments: str) -> Path:
    target = tmp_path / "page.html"
    result = invoke(*arguments, "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


@slow
def test_the_size_page_shows_every_section_by_area_and_zooms_in_and_out(browser, tmp_path):
    report = analyze(fixture_path(NEW_JS))
    view = Page(browser, _page_file(tmp_path, "size", str(fixture_path(NEW_JS))))
    tiles = view.tiles()
    assert len(tiles) == len(report.sections) + 1  # and the module header
    map_area = view.page.eval_on_selector("#map", "m => m.clientWidth * m.clientHeight")
    for tile in tiles:  # each tile's share of the map is its bytes' share of the file (1 px borders aside)
        assert abs(tile["area"] / map_area - tile["bytes"] / report.size) < 0.01
    code = next(tile for tile in tiles if tile["label"] and tile["label"].startswith("code"))
    assert code["bytes"] == report.section("code").size
    view.page.hover(f"#map > .tile[data-id='{code['id']}'] .label")
    assert f"{code['bytes']:,} bytes" in view.page.text_content("#tip")
    view.page.click(f"#map > .tile[data-id='{code['id']}'] .label")
    assert view.crumbs() == ["file", "code"]
    modules = {module.path for module in report.modules if module.size}
    assert {row for row in view.page.eval_on_selector_all("#level tbody td.name", "c => c.map(x => x.textContent)")} \
        >= modules
    view.page.click("#level th >> text=Name")
    by_name = view.page.eval_on_selector_all("#level tbody td.name", "c => c.map(x => x.textContent)")
    assert by_name == sorted(by_name)
    view.page.keyboard.press("Escape")
    assert view.crumbs() == ["file"]
    view.page.focus("#map > .tile")
    view.page.keyboard.press("Enter")
    assert len(view.crumbs()) == 2
    view.page.click("#crumbs button >> text=file")
    assert view.crumbs() == ["file"] and view.clean()


@slow
def test_search_counts_and_totals_every_match(browser, tmp_path):
    report = analyze(fixture_path(NEW_JS))
    view = Page(browser, _page_file(tmp_path, "size", str(fixture_path(NEW_JS))))
    view.page.fill("#search", "fmt")
    view.page.wait_for_selector("#found[data-count]")
    packages = [package for package in report.packages if "fmt" in package.name]
    functions = [f for f in report.functions if f.name and "fmt" in f.name]
    count = len(packages) + sum(len(package.data) for package in packages) + len(functions)
    loose = sum(f.size for f in functions if "fmt" not in (f.package or ""))
    found = view.page.eval_on_selector("#found", "f => [Number(f.dataset.count), Number(f.dataset.bytes)]")
    assert found == [count, sum(package.total for package in packages) + loose]
    assert view.page.locator("#map .hit").count() >= 2 and view.clean()


@slow
def test_the_compressed_measure_sizes_sections_by_their_share(browser, tmp_path):
    view = Page(browser, _page_file(tmp_path, "size", str(fixture_path(NEW_JS)), "--compress", "gzip"))
    view.page.select_option("#measure", "gzip")
    tiles = view.tiles()
    map_area = view.page.eval_on_selector("#map", "m => m.clientWidth * m.clientHeight")
    code, data = (next(t for t in tiles if t["label"] and t["label"].startswith(name)) for name in ("code", "data"))
    raw_ratio = code["bytes"] / data["bytes"]
    assert abs(code["area"] / data["area"] - raw_ratio) > 0.05 * raw_ratio  # not the raw proportions
    assert sum(t["area"] for t in tiles) <= map_area and view.clean()


@slow
def test_a_phone_sized_window_has_no_sideways_scroll(browser, tmp_path):
    view = Page(browser, _page_file(tmp_path, "size", str(fixture_path(NEW_JS))), width=390, height=844)
    assert view.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert len(view.tiles()) > 5 and view.clean()


@slow
def test_the_diff_page_colours_growth_and_lists_what_was_removed(browser, tmp_path):
    grew = Page(browser, _page_file(tmp_path, "diff", str(fixture_path(PLAIN)), str(fixture_path(XML))))
    tiles = grew.tiles()
    def change_of(section: str) -> str:
        return next(tile["change"] for tile in tiles if tile["label"] and tile["label"].startswith(section))

    assert change_of("code") == "grew" and change_of("data") == "grew"
    assert "same" in {tile["change"] for tile in tiles}  # the type section, memory, ...
    grew.page.click("#crumbs >> text=file")
    grew.page.click("#map > .tile .label >> text=code")
    grew.page.click("#map > .tile .label >> text=std")
    xml = grew.page.eval_on_selector_all("#map > .tile", "ts => ts.map(t => [t.dataset.change, t.textContent])")
    assert any(change == "added" and text.startswith("encoding/xml") for change, text in xml)
    assert grew.clean()
    (tmp_path / "page.html").unlink()
    shrank = Page(browser, _page_file(tmp_path, "diff", str(fixture_path(XML)), str(fixture_path(PLAIN))))
    assert {tile["change"] for tile in shrank.tiles() if tile["label"] and tile["label"].startswith("code")} == {"shrank"}
    removed = shrank.page.text_content("#extra")
    assert "Removed (" in removed and "encoding/xml" in removed and shrank.clean()


@slow
def test_hostile_names_render_as_text(browser, tmp_path):
    target = tmp_path / "hostile.html"
    target.write_text(size_page(_hostile_report()))
    view = Page(browser, target)
    for level in ("code", "std", "fmt"):
        view.page.click(f"#map > .tile .label >> text={level}")
    names = view.page.eval_on_selector_all("#level tbody td.name", "cells => cells.map(c => c.textContent)")
    assert {HOSTILE[number % len(HOSTILE)] + str(number) for number in range(8)} <= set(names)
    view.page.hover("#map > .tile")
    view.page.fill("#search", "onerror")
    view.page.wait_for_selector("#found[data-count]")
    assert view.page.evaluate("document.querySelectorAll('img, script:not([id]) ~ script').length") == 0
    assert view.page.title() == view.page.text_content("h1") == "<b>bold</b>.wasm: where the bytes go"
    assert int(view.page.get_attribute("#found", "data-count")) >= 1 and view.clean()
