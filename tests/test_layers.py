"""Data flows one way: wasm -> golang -> model -> analyses -> files -> render -> cli. Each module imports
only the layers its package's docstring names; a test, so that a shortcut back up the list cannot land."""

from __future__ import annotations

import ast

import pytest
from conftest import ROOT

PACKAGE = ROOT / "gowasm_inspect"
# package -> the project packages its modules may import (besides their own and `errors`)
ALLOWED = {
    "wasm": set(),
    "golang": {"wasm"},
    "model": {"wasm", "golang"},
    "analyses": {"model", "wasm"},
    "files": {"model", "wasm", "__init__"},
    "render": {"model", "analyses", "wasm"},
    "cli": {"wasm", "golang", "model", "analyses", "files", "render", "__init__"},
    "api": {"model", "analyses", "files", "errors"},
}
MODULES = sorted(path for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0].removesuffix(".py") in ALLOWED)


def _imported_packages(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
            [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            parts = name.split(".")
            if parts[0] == "gowasm_inspect":
                found.add(parts[1] if len(parts) > 1 else "__init__")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_each_module_imports_only_the_layers_above_it(path):
    layer = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    assert _imported_packages(path) - {layer, "errors"} <= ALLOWED[layer]


def test_every_package_docstring_names_what_it_may_import():
    for init in PACKAGE.glob("*/__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text())) or ""
        assert "Imports" in docstring, init
