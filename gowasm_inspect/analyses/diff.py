"""Two reports compared: total, sections, data regions, modules, packages (code, and data) and functions.

Every level tiles what it compares, so deltas add up: section deltas sum to the
total delta (the 8-byte module header never changes), region deltas to the data
section's, package code deltas, with the code section's own framing (id, size
and function count) as one more row, to the code section's, and package data
deltas, with the data no package owns as one more row, to the data section's. Functions are matched by exact Go name, never
by index; closures, which the compiler numbers in source order (func1, func2,
...), are grouped under their enclosing function so a renumbering is no change.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from itertools import compress, filterfalse, repeat
from operator import attrgetter, itemgetter, lt, ne

from msgspec import Struct, field

from gowasm_inspect.model.report import Report, unnamed

ADDED, REMOVED, GROWN, SHRUNK, UNCHANGED = "added", "removed", "grown", "shrunk", "unchanged"
LEVELS = ("sections", "regions", "modules", "packages", "package_data", "functions")
CODE_FRAMING = "(code section framing)"
UNOWNED_DATA = "(data no package owns)"
# func1, func2.3, gowrap1, deferwrap2 and Go 1.21's glob..func1: the compiler's numbered closures
_CLOSURE_WORDS = ("func", "gowrap", "deferwrap")


class DiffRow(Struct, frozen=True):
    name: str
    old: int | None  # None: absent on that side
    new: int | None
    note: str = ""  # a module's version change, or how many closures a group holds on each side

    @property
    def delta(self) -> int:
        return (self.new or 0) - (self.old or 0)

    @property
    def delta_pct(self) -> float | None:
        return None if not self.old else 100 * self.delta / self.old

    @property
    def status(self) -> str:
        if self.old is None:
            return ADDED
        if self.new is None:
            return REMOVED
        return GROWN if self.delta > 0 else SHRUNK if self.delta < 0 else UNCHANGED


class BuildDiff(Struct):
    old_file: str
    new_file: str
    total: DiffRow
    compressed: dict[str, DiffRow] = field(default_factory=dict)
    sections: list[DiffRow] = field(default_factory=list)
    regions: list[DiffRow] = field(default_factory=list)
    modules: list[DiffRow] = field(default_factory=list)
    packages: list[DiffRow] = field(default_factory=list)
    package_data: list[DiffRow] = field(default_factory=list)
    functions: list[DiffRow] = field(default_factory=list)
    toolchains: tuple[str, str] | None = None  # what built each side, when they differ (go1.27.3, TinyGo 0.42.0)
    folded: int = 0  # changed rows left out as smaller than a minimum change (see `without_small_changes`)
    folded_below: str = ""  # that minimum, as written

    def level(self, name: str) -> list[DiffRow]:
        return {"sections": self.sections, "regions": self.regions, "modules": self.modules,
                "packages": self.packages, "package_data": self.package_data, "functions": self.functions}[name]


def diff_reports(old: Report, new: Report, algorithms: Iterable[str] = (),
                 new_functions: FunctionSizes | None = None) -> BuildDiff:
    """The diff of two reports; compressed deltas for the algorithms asked for, which both must hold.
    `new_functions`: `function_sizes(new)`, when it was made already."""
    result = BuildDiff(old.file, new.file, DiffRow("total", old.size, new.size))
    built = tuple(report.build.toolchain or report.build.go_version or "an unknown toolchain" for report in (old, new))
    if built[0] != built[1] and (old.build.toolchain or new.build.toolchain):  # another compiler, not a release
        result.toolchains = (built[0], built[1])
    for algorithm in algorithms:
        result.compressed[algorithm] = DiffRow(algorithm, old.compressed[algorithm], new.compressed[algorithm])
    result.sections = _rows(_sums((s.name, s.size) for s in old.sections),
                            _sums((s.name, s.size) for s in new.sections))
    result.regions = _rows(_sums((r.name, r.size) for r in old.regions), _sums((r.name, r.size) for r in new.regions))
    result.modules = _module_rows(old, new)
    result.packages = _rows(_with_framing(old), _with_framing(new))
    result.package_data = _rows(_package_data(old), _package_data(new))
    result.functions = _function_rows(function_sizes(old), new_functions or function_sizes(new))
    return result


def without_small_changes(diff: BuildDiff, minimum: int | float, percent: bool, written: str) -> BuildDiff:
    """The diff without the changed rows whose change is below `minimum` bytes (or percent of the old size;
    an added or removed row is a change of 100 %), counting how many were folded away."""
    def small(row: DiffRow) -> bool:
        if row.status == UNCHANGED:
            return False
        change = 100.0 if row.delta_pct is None else abs(row.delta_pct) if percent else abs(row.delta)
        return change < minimum

    kept = {level: [row for row in diff.level(level) if not small(row)] for level in LEVELS}
    folded = sum(len(diff.level(level)) - len(rows) for level, rows in kept.items())
    return BuildDiff(diff.old_file, diff.new_file, diff.total, dict(diff.compressed), **kept,
                     toolchains=diff.toolchains, folded=folded, folded_below=written)


def _sums(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    sums: dict[str, int] = {}
    for name, size in pairs:
        sums[name] = sums.get(name, 0) + size
    return sums


def _rows(old: dict[str, int], new: dict[str, int], notes: dict[str, str] | None = None) -> list[DiffRow]:
    """Largest change first, then by name (ordered before the rows are made: tens of thousands of them; the
    change is worked out only for the names whose size differs, most often a few)."""
    notes = notes or {}
    names = sorted({*old, *new})
    olds: Iterable[int | None] = list(map(old.get, names))
    news: Iterable[int | None] = list(map(new.get, names))
    differing = list(compress(names, map(ne, olds, news)))
    change = {name: abs(new.get(name, 0) - old.get(name, 0)) for name in differing}
    moved = sorted(compress(change, change.values()), key=change.__getitem__, reverse=True)  # ties stay by name
    if moved:
        names = [*moved, *filterfalse(set(moved).__contains__, names)]
        olds, news = map(old.get, names), map(new.get, names)
    return list(map(DiffRow, names, olds, news, map(notes.get, names, repeat(""))))


def _with_framing(report: Report) -> dict[str, int]:
    sizes = _sums((package.name, package.size) for package in report.packages)
    code = report.section("code")
    if code is not None:
        sizes[CODE_FRAMING] = code.size - sum(map(attrgetter("size"), report.functions))
    return sizes


def _package_data(report: Report) -> dict[str, int]:
    """Each package's data, and the rest of the data section; empty when no package owns data (a report
    from before packages had data, or a build without pclntab), so that such a side shows as absent."""
    sizes = _sums((package.name, package.data_size) for package in report.packages if package.data)
    data = report.section("data")
    if sizes and data is not None:
        sizes[UNOWNED_DATA] = data.size - sum(sizes.values())
    return sizes


def _module_rows(old: Report, new: Report) -> list[DiffRow]:
    def versions(report: Report) -> dict[str, str]:
        return {module.path: module.version or "" for module in report.modules}

    old_versions, new_versions = versions(old), versions(new)
    notes = {path: f"{old_versions[path] or '(devel)'} → {new_versions[path] or '(devel)'}"
             for path in old_versions.keys() & new_versions.keys() if old_versions[path] != new_versions[path]}
    return _rows(_sums((m.path, m.size) for m in old.modules), _sums((m.path, m.size) for m in new.modules), notes)


def closure_group(name: str) -> str | None:
    """`main.run.func2.1` -> `main.run.func*`: the group a numbered closure belongs to, or None."""
    # Walked from the end, one dotted part at a time: linear in the name, whatever it holds (a regex
    # here backtracked for seconds on a hostile name of 20,000 closures).
    if not name[-1:].isdecimal():  # most names: a closure's last part ends in its number
        return None
    parts = name.split(".")
    cut, index = None, len(parts) - 1
    while index > 0:
        part = parts[index]
        if part.isdecimal():
            index -= 1
        elif _is_closure_part(part):
            cut, index = index, index - 1
        else:
            break
    prefix = ".".join(parts[:cut]) if cut is not None else ""
    return prefix + ".func*" if prefix else None


def _is_closure_part(part: str) -> bool:
    digits = len(part)
    while digits and part[digits - 1].isdecimal():
        digits -= 1
    return digits < len(part) and part[:digits] in _CLOSURE_WORDS


FunctionSizes = tuple[dict[str, int], Counter[str]]  # row name -> bytes, and how many functions it holds


def function_sizes(report: Report) -> FunctionSizes:
    """Each function row's size: functions by name, numbered closures grouped under the function that holds
    them (`closure_group`). What a diff needs of one build's functions, so that it can be made for the new
    one while the old one is still being read."""
    functions = report.functions
    keys: list[str] = list(map(attrgetter("name"), functions))
    if None in keys:
        for at in [at for at, name in enumerate(keys) if name is None]:
            keys[at] = unnamed(functions[at].index)
    # most names end otherwise than in a digit, as every closure's does
    for at in compress(range(len(keys)), map(str.isdecimal, map(itemgetter(slice(-1, None)), keys))):
        keys[at] = _group_or_name(keys[at])
    counts, each = Counter(keys), list(map(attrgetter("size"), functions))
    sizes = dict(zip(keys, each, strict=True))  # the sum of a name that occurs once
    repeated = list(map(lt, repeat(1), map(counts.__getitem__, keys)))  # closures grouped, mostly
    if any(repeated):
        sizes.update(dict.fromkeys(compress(keys, repeated), 0))
        for key, size in zip(compress(keys, repeated), compress(each, repeated), strict=True):
            sizes[key] += size
    return sizes, counts


@functools.lru_cache(maxsize=1 << 16)  # the two builds of a diff share most names
def _group_or_name(name: str) -> str:
    return closure_group(name) or name


def _function_rows(old: FunctionSizes, new: FunctionSizes) -> list[DiffRow]:
    (old_sizes, old_counts), (new_sizes, new_counts) = old, new
    notes = {}
    for key in old_sizes.keys() | new_sizes.keys():
        if key.endswith(".func*"):
            notes[key] = f"closures: {old_counts.get(key, 0)} → {new_counts.get(key, 0)}"
    return _rows(old_sizes, new_sizes, notes)
