"""The YAML budget file: read safely, checked strictly, every error with its line and column.

The YAML is composed into nodes by PyYAML's safe loader (never constructed into
arbitrary objects), so that each value keeps its position for error messages.
"""

from __future__ import annotations

import difflib
import glob
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from gowasm_inspect.analyses.budget.units import Limit, UnitError, parse_quantity
from gowasm_inspect.errors import InputError
from gowasm_inspect.wasm.format import SECTION_NAMES
from gowasm_inspect.wasm.source import open_input

FORMAT_VERSION = 1
TOTALS = ("raw", "gzip", "brotli", "zstd")
COMPRESSED = TOTALS[1:]
# standard sections by their spec names, and the custom sections Go and common tools write
SECTIONS = (*SECTION_NAMES.values(), "name", "producers", "go:buildid", "target_features", "sourceMappingURL",
            "external_debug_info", "build_id", "dylink.0", "linking")
TOP_KEYS = ("version", "budgets", "warn_at")
ENTRY_KEYS = ("file", "total", "sections", "packages", "modules", "functions", "growth", "warn_at")
FUNCTION_KEYS = ("max",)
_MAX_BYTES = 1 << 20  # a budget file is a few lines; refuse to compose anything huge
_MAX_LIMITS = 10_000  # YAML aliases can repeat a mapping many times over in a small file


class BudgetError(Exception):
    """A budget file that cannot be used: where, and what was expected."""

    def __init__(self, path: Path, line: int | None, column: int | None, message: str) -> None:
        self.path, self.line, self.column, self.message = path, line, column, message
        where = f"{path}:{line}:{column}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class LimitSpec:
    kind: str  # "total", "section", "package", "module", "function" or "growth"
    name: str  # raw/gzip/brotli/zstd, a section name, a package or module pattern, or "max"
    limit: Limit
    line: int  # 1-based position of the limit's value in the budget file
    column: int

    @property
    def algorithm(self) -> str | None:
        """The compression a total or growth limit needs, if any."""
        return self.name if self.kind in ("total", "growth") and self.name in COMPRESSED else None


@dataclass
class BudgetEntry:
    line: int
    limits: list[LimitSpec]
    warn_at: Fraction | None  # percent of a limit above which a met limit warns
    file_pattern: str | None = None
    files: list[Path] = field(default_factory=list)  # what file_pattern matched, relative to the budget file


@dataclass
class Budget:
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
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise BudgetError(path, line, column, f"not valid YAML: {problem}") from None
    return _Reader(path).budget(root)


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


class _Reader:
    """Node tree -> Budget, raising BudgetError at the first problem."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.scalars = SafeConstructor()
        self.limit_count = 0

    def fail(self, node: yaml.Node | None, message: str) -> BudgetError:
        if node is None:
            return BudgetError(self.path, 1, 1, message)
        return BudgetError(self.path, node.start_mark.line + 1, node.start_mark.column + 1, message)

    def budget(self, root: yaml.Node | None) -> Budget:
        if root is None:
            raise self.fail(None, "the budget file is empty; expected `version: 1` and a `budgets:` list")
        top = self.mapping(root, TOP_KEYS, "the budget file")
        if "version" not in top:
            raise self.fail(root, f"missing `version: {FORMAT_VERSION}` at the top of the budget file")
        _key, version = top["version"]
        if self.scalar(version) != FORMAT_VERSION:
            raise self.fail(version, f"unsupported budget file version {self.scalar(version)!r}; "
                                     f"this gowasm-inspect reads version {FORMAT_VERSION}")
        default_warn = self.warn_at(top["warn_at"][1]) if "warn_at" in top else None
        if "budgets" not in top:
            raise self.fail(root, "missing `budgets:`, the list of budget entries")
        entries_node = top["budgets"][1]
        if not isinstance(entries_node, yaml.SequenceNode) or not entries_node.value:
            raise self.fail(entries_node, "`budgets` must be a non-empty list of entries (each starting with `- `)")
        return Budget(self.path, [self.entry(node, default_warn) for node in entries_node.value])

    def entry(self, node: yaml.Node, default_warn: Fraction | None) -> BudgetEntry:
        keys = self.mapping(node, ENTRY_KEYS, "a budget entry")
        limits: list[LimitSpec] = []
        for kind, names, percent in (("total", TOTALS, False), ("growth", TOTALS, True)):
            if kind in keys:
                limits += self.limits(keys[kind][1], kind, names, percent)
        if "sections" in keys:
            limits += self.limits(keys["sections"][1], "section", SECTIONS, False)
        for kind in ("packages", "modules"):
            if kind in keys:
                limits += self.limits(keys[kind][1], kind[:-1], None, False)
        if "functions" in keys:
            limits += self.limits(keys["functions"][1], "function", FUNCTION_KEYS, False)
        if not limits:
            raise self.fail(node, "this entry sets no limits; give at least one of "
                                  "total, sections, packages, modules, functions or growth")
        warn = self.warn_at(keys["warn_at"][1]) if "warn_at" in keys else default_warn
        entry = BudgetEntry(node.start_mark.line + 1, limits, warn)
        if "file" in keys:
            self.match_files(entry, keys["file"][1])
        return entry

    def limits(self, node: yaml.Node, kind: str, names: tuple[str, ...] | None, percent: bool) -> list[LimitSpec]:
        what = {"total": "total sizes", "growth": "growth limits", "section": "sections", "package": "packages",
                "module": "modules", "function": "function limits"}[kind]
        keys = self.mapping(node, names, f"`{what}`")
        specs = []
        self.limit_count += len(keys)
        if self.limit_count > _MAX_LIMITS:
            raise self.fail(node, f"more than {_MAX_LIMITS:,} limits; is this file generated by mistake?")
        for name, (key_node, value_node) in keys.items():
            if names is None:
                self.check_pattern(key_node, name)
            try:
                limit = parse_quantity(self.scalar(value_node), percent_allowed=percent)
            except UnitError as error:
                raise self.fail(value_node, f"{kind} {name!r}: {error}") from None
            specs.append(LimitSpec(kind, name, limit, value_node.start_mark.line + 1,
                                   value_node.start_mark.column + 1))
        return specs

    def check_pattern(self, node: yaml.Node, pattern: str) -> None:
        elements = pattern.split("/")
        if not pattern or "" in elements or any("**" in e and e != "**" for e in elements):
            raise self.fail(node, f"{pattern!r} is not a path pattern: use path elements separated by `/`, "
                                  "`*` within one element, or `**` alone as a whole element")

    def warn_at(self, node: yaml.Node) -> Fraction:
        try:
            share = parse_quantity(self.scalar(node), percent_allowed=True, bytes_allowed=False).value
        except UnitError as error:
            raise self.fail(node, f"warn_at: {error}") from None
        if not 0 < share <= 100:
            raise self.fail(node, f"warn_at must be above 0% and at most 100%, not {float(share):g}%")
        return Fraction(share)

    def match_files(self, entry: BudgetEntry, node: yaml.Node) -> None:
        pattern = self.scalar(node)
        if not isinstance(pattern, str) or not pattern.strip():
            raise self.fail(node, "`file` must be a path or glob, such as \"dist/*.wasm\"")
        base = self.path.parent
        found = sorted(glob.glob(pattern, root_dir=base, recursive=True))
        files = [base / name for name in found if (base / name).is_file()]
        if not files:
            raise self.fail(node, f"`file: {pattern}` matches no file (relative to {base.resolve()}); "
                                  "a budget never passes a build it cannot see")
        entry.file_pattern, entry.files = pattern, files

    def mapping(self, node: yaml.Node, allowed: tuple[str, ...] | None, what: str) -> dict:
        """Key -> (key node, value node), refusing duplicates, non-string keys and keys not in `allowed`."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of `key: value` lines, found {self.kind(node)}")
        keys: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if isinstance(key, int) and not isinstance(key, bool):
                key = str(key)
            if not isinstance(key, str):
                raise self.fail(key_node, f"keys of {what} must be text, found {self.kind(key_node)}")
            if key in keys:
                raise self.fail(key_node, f"{key!r} is given twice in {what} "
                                          f"(first on line {keys[key][0].start_mark.line + 1})")
            if allowed is not None and key not in allowed:
                raise self.fail(key_node, f"unknown key {key!r} in {what}{self.suggest(key, allowed)}")
            keys[key] = (key_node, value_node)
        return keys

    def scalar(self, node: yaml.Node) -> object:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"expected a single value, found {self.kind(node)}")
        try:
            return self.scalars.construct_object(node)
        except yaml.YAMLError as error:
            raise self.fail(node, f"cannot read this value: {getattr(error, 'problem', error)}") from None

    @staticmethod
    def kind(node: yaml.Node) -> str:
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        return f"{node.value!r}"

    @staticmethod
    def suggest(key: str, allowed: tuple[str, ...]) -> str:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
        if close:
            return f"; did you mean {close[0]!r}?"
        return f"; expected one of {', '.join(allowed)}"
