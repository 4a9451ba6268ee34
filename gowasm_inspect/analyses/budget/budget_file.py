"""The YAML budget file: read safely, checked strictly, every error with its line and column.

The YAML is composed into nodes by PyYAML's safe loader (never constructed into
arbitrary objects), so that each value keeps its position for error messages.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import yaml
from msgspec import Struct, field

from gowasm_inspect.analyses.budget.units import Limit
from gowasm_inspect.errors import InputError
from gowasm_inspect.model.report import REGION_NAMES
from gowasm_inspect.wasm.format import SECTION_NAMES
from gowasm_inspect.wasm.source import open_input

FORMAT_VERSION = 1
TOTALS = ("raw", "gzip", "brotli", "zstd")
COMPRESSED = TOTALS[1:]
# standard sections by their spec names, and the custom sections Go and common tools write
SECTIONS = (*SECTION_NAMES.values(), "name", "producers", "go:buildid", "target_features", "sourceMappingURL",
            "external_debug_info", "build_id", "dylink.0", "linking")
TOP_KEYS = ("version", "budgets", "warn_at")
ENTRY_KEYS = ("file", "total", "sections", "regions", "packages", "modules", "functions", "growth", "glue",
              "warn_at")
FUNCTION_KEYS = ("max",)
REGIONS = REGION_NAMES  # of the data section
# what a package or module limit measures: a size alone limits its code; a mapping may limit any of these
MEASURES = ("code", "data", "total")
_MAX_BYTES = 1 << 20  # a budget file is a few lines; refuse to compose anything huge
MAX_LIMITS = 1_000  # YAML aliases can repeat a mapping many times over in a small file


class BudgetError(Exception):
    """A budget file that cannot be used: where, and what was expected."""

    def __init__(self, path: Path, line: int | None, column: int | None, message: str) -> None:
        self.path, self.line, self.column, self.message = path, line, column, message
        where = f"{path}:{line}:{column}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


class LimitSpec(Struct, frozen=True):
    kind: str  # "total", "section", "region", "package", "module", "function", "growth" or "glue"
    name: str  # raw/gzip/brotli/zstd, a section or region name, a package or module pattern, or "max"
    limit: Limit
    line: int  # 1-based position of the limit's value in the budget file
    column: int
    measure: str = "code"  # for a package or module: code, data or total
    glue: Path | None = None  # for a glue check: the wasm_exec.js, found relative to the budget file

    @property
    def algorithm(self) -> str | None:
        """The compression a total or growth limit needs, if any."""
        return self.name if self.kind in ("total", "growth") and self.name in COMPRESSED else None


class BudgetEntry(Struct):
    line: int
    limits: list[LimitSpec]
    warn_at: Fraction | None  # percent of a limit above which a met limit warns
    file_pattern: str | None = None
    files: list[Path] = field(default_factory=list)  # what file_pattern matched, relative to the budget file


class Budget(Struct):
    path: Path
    entries: list[BudgetEntry]

    def algorithms(self) -> list[str]:
        wanted = {spec.algorithm for entry in self.entries for spec in entry.limits}
        return [name for name in COMPRESSED if name in wanted]


def load_budget(path: Path) -> Budget:
    try:
        stream, _ = open_input(path)  # a regular file only: a FIFO would be waited on, /dev/zero read forever
        with stream:
            raw = stream.read(_MAX_BYTES + 1)
    except InputError as error:
        raise BudgetError(path, None, None, f"cannot read the budget file: {error}") from None
    except OSError as error:
        raise BudgetError(path, None, None, f"cannot read the budget file: {error.strerror or error}") from None
    if len(raw) > _MAX_BYTES:
        raise BudgetError(path, None, None, f"budget file is over {_MAX_BYTES:,} bytes; is it the right file?")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BudgetError(path, *_line_column(raw, error.start), "not UTF-8 text") from None
    try:
        _check_depth(path, text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (NUL, most controls)
        raise BudgetError(path, *_line_column(raw, len(text[: error.position].encode())),
                          f"not valid YAML: character 0x{error.character:x} is not allowed") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise BudgetError(path, line, column, f"not valid YAML: {problem}") from None
    from gowasm_inspect.analyses.budget.reading import BudgetReader

    return BudgetReader(path).budget(root)


_MAX_DEPTH = 32  # a budget nests four levels; PyYAML composes recursively, so depth must be bounded first
_OPENING = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
            yaml.FlowSequenceStartToken)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _check_depth(path: Path, text: str) -> None:
    """Refuse nesting deeper than any budget needs, at the line where it goes too deep (the scanner
    is not recursive, so this is safe where composing would run out of stack)."""
    depth = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, _OPENING):
            depth += 1
            if depth > _MAX_DEPTH:
                mark = token.start_mark
                raise BudgetError(path, mark.line + 1, mark.column + 1,
                                  f"nested more than {_MAX_DEPTH} levels deep; a budget needs four")
        elif isinstance(token, _CLOSING):
            depth -= 1


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1
