"""A budget file's YAML nodes -> Budget, refusing at the first problem with its line and column."""

from __future__ import annotations

import difflib
import glob
from fractions import Fraction
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from gowasm_inspect.analyses.budget.budget_file import (
    ENTRY_KEYS,
    FORMAT_VERSION,
    FUNCTION_KEYS,
    MAX_LIMITS,
    MEASURES,
    REGIONS,
    SECTIONS,
    TOP_KEYS,
    TOTALS,
    Budget,
    BudgetEntry,
    BudgetError,
    LimitSpec,
)
from gowasm_inspect.analyses.budget.units import Limit, UnitError, parse_quantity


class BudgetReader:
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
        if self.text(version) != str(FORMAT_VERSION):  # as written: not 1.0, not true, not "1"
            raise self.fail(version, f"unsupported budget file version {self.text(version)}; "
                                     f"this gowasm-inspect reads `version: {FORMAT_VERSION}`")
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
        if "regions" in keys:
            limits += self.limits(keys["regions"][1], "region", REGIONS, False)
        for kind in ("packages", "modules"):
            if kind in keys:
                limits += self.limits(keys[kind][1], kind[:-1], None, False)
        if "functions" in keys:
            limits += self.limits(keys["functions"][1], "function", FUNCTION_KEYS, False)
        if "glue" in keys:
            limits.append(self.glue(keys["glue"][1]))
        if not limits:
            raise self.fail(node, "this entry sets no limits; give at least one of "
                                  "total, sections, regions, packages, modules, functions, growth or glue")
        warn = self.warn_at(keys["warn_at"][1]) if "warn_at" in keys else default_warn
        entry = BudgetEntry(node.start_mark.line + 1, limits, warn)
        if "file" in keys:
            self.match_files(entry, keys["file"][1])
        return entry

    def limits(self, node: yaml.Node, kind: str, names: tuple[str, ...] | None, percent: bool) -> list[LimitSpec]:
        what = {"total": "total sizes", "growth": "growth limits", "section": "sections", "region": "regions",
                "package": "packages", "module": "modules", "function": "function limits"}[kind]
        keys = self.mapping(node, names, f"`{what}`")
        specs = []
        self.limit_count += len(keys)
        for name, (key_node, value_node) in keys.items():
            if names is None:
                self.check_pattern(key_node, name)
            measures = [("code", value_node)]
            if names is None and isinstance(value_node, yaml.MappingNode):  # {code: .., data: .., total: ..}
                measures = [(measure, value) for measure, (_, value) in
                            self.mapping(value_node, MEASURES, f"{kind} {name!r}").items()]
                if not measures:
                    raise self.fail(value_node, f"{kind} {name!r}: give a size, or at least one of "
                                                f"{', '.join(MEASURES)}")
                self.limit_count += len(measures) - 1
            for measure, value in measures:
                specs.append(LimitSpec(kind, name, self.quantity(value, f"{kind} {name!r}", percent),
                                       value.start_mark.line + 1, value.start_mark.column + 1, measure))
            if self.limit_count > MAX_LIMITS:
                raise self.fail(node, f"more than {MAX_LIMITS:,} limits; is this file generated by mistake?")
        return specs

    def quantity(self, node: yaml.Node, what: str, percent: bool) -> Limit:
        try:
            return parse_quantity(self.text(node), percent_allowed=percent)
        except UnitError as error:
            raise self.fail(node, f"{what}: {error}") from None

    def check_pattern(self, node: yaml.Node, pattern: str) -> None:
        elements = pattern.split("/")
        if not pattern or "" in elements or any("**" in e and e != "**" for e in elements):
            raise self.fail(node, f"{pattern!r} is not a path pattern: use path elements separated by `/`, "
                                  "`*` within one element, or `**` alone as a whole element")

    def warn_at(self, node: yaml.Node) -> Fraction:
        try:
            share = parse_quantity(self.text(node), percent_allowed=True, bytes_allowed=False).value
        except UnitError as error:
            raise self.fail(node, f"warn_at: {error}") from None
        if not 0 < share <= 100:
            raise self.fail(node, f"warn_at must be above 0% and at most 100%, not {float(share):g}%")
        return Fraction(share)

    def inside_folder(self, node: yaml.Node, key: str, example: str) -> str:
        """A path (or glob) the budget names, which must be relative and stay inside the budget's folder."""
        path = self.scalar(node)
        if not isinstance(path, str) or not path.strip():
            raise self.fail(node, f"`{key}` must be {example}")
        if Path(path).is_absolute() or ".." in Path(path).parts or path.startswith("~"):
            raise self.fail(node, f"`{key}: {path}` must stay inside the budget file's folder: a relative path "
                                  "without `..`")
        return path

    def glue(self, node: yaml.Node) -> LimitSpec:
        """`glue: web/wasm_exec.js`: the file must instantiate the build (no failure allowed)."""
        path = self.inside_folder(node, "glue", 'the path of the wasm_exec.js you ship, such as "web/wasm_exec.js"')
        found = self.path.parent / path
        if not found.is_file():
            raise self.fail(node, f"`glue: {path}`: no such file (relative to {self.path.parent.resolve()})")
        self.limit_count += 1
        return LimitSpec("glue", path, Limit(0), node.start_mark.line + 1, node.start_mark.column + 1, glue=found)

    def match_files(self, entry: BudgetEntry, node: yaml.Node) -> None:
        pattern = self.inside_folder(node, "file", 'a path or glob, such as "dist/*.wasm"')
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
        except ValueError as error:  # `!!int abc`, or an integer of more digits than Python converts
            raise self.fail(node, f"cannot read this value: {str(error)[:80]}") from None

    def text(self, node: yaml.Node) -> str:
        """A value as written (plain or quoted), for sizes: YAML's own reading turns 1.0e+3 into a number."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"expected a single value, found {self.kind(node)}")
        return str(node.value)

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
