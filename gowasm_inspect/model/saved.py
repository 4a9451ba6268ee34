"""The report's JSON form, versioned by `SCHEMA`, and loading it back.

A saved report is input too: every row is type-checked on load, within the
limits below, and what is wrong is named in an InputError.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from itertools import repeat
from typing import Any, TypeVar, cast

from msgspec import Struct, structs, to_builtins

from gowasm_inspect.errors import InputError
from gowasm_inspect.model.report import (
    Attribution,
    BuildFacts,
    CompressionFacts,
    DataRegion,
    Dependency,
    ExportEntry,
    FunctionEntry,
    GoModuleEntry,
    ImportEntry,
    MainModule,
    PackageEntry,
    Replacement,
    Report,
    RetainedPackage,
    SectionEntry,
    SectionShare,
    SectionShares,
    StripChange,
    StripPrediction,
)
from gowasm_inspect.wasm.format import DATA_SECTION_ID

SCHEMA = "gowasm-inspect/report/v2"
# v1 split the data section into "pclntab" and "other" (data_parts); v2 names every region, inside the
# data section's row. A v1 report loads with those two parts as its regions.
SCHEMA_V1 = "gowasm-inspect/report/v1"
MAX_ROWS = 200_000  # functions, sections, ... of one list; Go's largest wasm builds hold about a tenth of that
MAX_TEXT = 65_536  # characters of one name or path; Go's longest symbol names are hundreds
MAX_SIZE = 1 << 53
MAX_REGIONS = 1000  # of one package's data; Go has about twenty  # bytes; exact in every JSON reader
_SIGNED = {"bytes", "saved"}  # a strip change removes bytes; a -w relink saves fewer than none
Entry = TypeVar("Entry", bound=Struct)


def report_to_dict(report: Report) -> dict[str, Any]:
    """Rows as shallow copies (by C functions: 100,000 rows), the rest as builtins."""
    document: dict[str, Any] = {"schema": SCHEMA}
    for name in report.__struct_fields__:
        value = getattr(report, name)
        if name == "regions":
            continue  # saved inside the data section's row
        if isinstance(value, list):
            value = _rows(value)
        elif name == "compression":
            value = {algorithm: structs.asdict(facts) for algorithm, facts in value.items()}
        elif name == "compressed_share":
            value = _shares_to_dict(value)
        elif name in ("attribution", "build"):
            value = to_builtins(value)
        elif isinstance(value, dict):
            value = dict(value)
        document[name] = value
    for row in document["sections"]:
        if row["id"] == DATA_SECTION_ID:
            row["regions"] = _rows(report.regions)
    return document


def _rows(rows: list[Any]) -> list[Any]:
    """Each row as a dict: a shallow copy of its fields (by a C function, for 100,000 rows) unless its type
    has a field holding a list of rows, which are turned into dicts too."""
    kinds = set(map(type, rows))
    if len(kinds) == 1 and issubclass(kind := next(iter(kinds)), Struct) and not _holds_lists(kind):
        return list(map(structs.asdict, rows))
    return [_row(row) for row in rows]


@functools.cache
def _holds_lists(kind: type[Struct]) -> bool:
    return any(annotation.startswith("list[") for annotation in _declared(kind).values())


def _declared(kind: type[Struct]) -> dict[str, str]:
    """Each field's annotation as written (the model's annotations are postponed: strings)."""
    return {name: kind.__annotations__[name] for name in kind.__struct_fields__}


def _row(row: Any) -> Any:
    if not isinstance(row, Struct):
        return row
    flat = structs.asdict(row)
    return to_builtins(row) if any(isinstance(value, list) for value in flat.values()) else flat


def _shares_to_dict(shares: SectionShares | None) -> dict[str, Any]:
    if shares is None:
        return {}
    return {"method": shares.method,
            "sections": [{"name": row.name, "offset": row.offset, **row.sizes} for row in shares.sections]}


def report_from_dict(data: object, source: str = "report") -> Report:
    if not isinstance(data, dict) or data.get("schema") not in (SCHEMA, SCHEMA_V1):
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise InputError(f"{source}: expected a report with schema {SCHEMA!r} (or {SCHEMA_V1!r}), found {found!r}")
    try:
        _check_types(data, {"file": "str", "size": "int", "sha256": "str"})
        return Report(
            file=data["file"],
            size=data["size"],
            sha256=data["sha256"],
            sections=_entries(SectionEntry, data["sections"]),
            functions=_entries(FunctionEntry, data["functions"]),
            imports=_entries(ImportEntry, data["imports"]),
            exports=_entries(ExportEntry, data["exports"]),
            warnings=[str(warning) for warning in data["warnings"]],
            packages=_with_totals(_entries(PackageEntry, data.get("packages", []))),
            modules=_with_totals(_entries(GoModuleEntry, data.get("modules", []))),
            regions=_entries(DataRegion, _saved_regions(data)),
            attribution=_attribution(data.get("attribution", {})),
            strip=[_strip_prediction(row) for row in data.get("strip", [])],
            compressed=_sizes(data.get("compressed", {})),
            compression={key: CompressionFacts(str(value["settings"]), str(value["library"]))
                         for key, value in data.get("compression", {}).items()},
            compressed_share=_shares_from_dict(data.get("compressed_share", {})),
            build=_build_facts(data.get("build", {})),
            retained=_entries(RetainedPackage, data.get("retained", [])),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InputError(f"{source}: report is missing or has a malformed field: {error}") from None


Sized = TypeVar("Sized", PackageEntry, GoModuleEntry)


def _with_totals(entries: list[Sized]) -> list[Sized]:
    """A v1 report has no data per package: its total is its code."""
    return [entry if entry.total or entry.data else structs.replace(entry, total=entry.size) for entry in entries]


def _saved_regions(data: dict[str, Any]) -> list[dict[str, Any]]:
    if data["schema"] == SCHEMA_V1:
        found = data.get("data_parts", [])
    else:
        rows = [row for row in data["sections"] if isinstance(row, dict) and row.get("id") == DATA_SECTION_ID]
        found = rows[0].get("regions", []) if rows else []
    return cast(list[dict[str, Any]], found)  # each row is checked by _entries


def _attribution(row: dict[str, Any]) -> Attribution:
    _check_types(row, {"names": "str | None", "packages": "str | None"})
    return Attribution(row.get("names"), row.get("packages"))


def _sizes(row: Any) -> dict[str, int]:
    sizes = dict(row)
    _check_types(sizes, dict.fromkeys(sizes, "int"))
    return sizes


def _strip_prediction(row: dict[str, Any]) -> StripPrediction:
    _check_types(row, {"flags": "str", "size": "int", "saved": "int"})
    _check_types(row, {"compressed_from": "int | None"})
    return StripPrediction(row["flags"], row["size"], row["saved"], _entries(StripChange, row["changes"]),
                           _sizes(row.get("compressed", {})), row.get("compressed_from"))


def _shares_from_dict(row: dict[str, Any]) -> SectionShares | None:
    if not row:
        return None
    sections = []
    for item in row["sections"]:
        _check_types(item, {"name": "str", "offset": "int"})
        sizes = {key: value for key, value in item.items() if key not in ("name", "offset")}
        sections.append(SectionShare(item["name"], item["offset"], _sizes(sizes)))
    return SectionShares(str(row["method"]), sections)


def _build_facts(row: dict[str, Any]) -> BuildFacts:
    """Build facts are loaded loosely: only the fields present, in the shapes they are saved in."""
    known = {name: row[name] for name in BuildFacts.__struct_fields__ if name in row}
    if known.get("main") is not None:
        known["main"] = MainModule(known["main"]["path"], known["main"]["version"])
    known["deps"] = [_dependency(dep) for dep in known.get("deps", [])]
    return BuildFacts(**known)


def _dependency(row: dict[str, Any]) -> Dependency:
    replace = row.get("replace")
    return Dependency(row["path"], row["version"], row.get("sum"),
                      Replacement(replace["path"], replace.get("version"), replace.get("sum")) if replace else None)


def _entries(entry_type: type[Entry], rows: list[dict[str, Any]]) -> list[Entry]:
    """Rows of a saved report -> entries, refusing values of the wrong type."""
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise ValueError(f"a list of at most {MAX_ROWS:,} rows is expected, found {_shape(rows)}")
    declared = _declared(entry_type)
    types = {name: annotation for name, annotation in declared.items() if annotation in _TYPE_CHECKS}
    names = list(declared)
    if not _columns_fit(rows, types):  # then find the row, and say what is wrong with it
        for row in rows:
            _check_types(row, types)
    if all(map(set(names).issuperset, rows)):  # no field unknown to this version: rows go in whole
        return [entry_type(**row) for row in rows]
    return [entry_type(**{name: row[name] for name in names if name in row}) for row in rows]


_INT_TYPES, _TEXT_TYPES = {int}, {str}
_OPTIONAL = {"str | None": _TEXT_TYPES | {type(None)}, "int | None": _INT_TYPES | {type(None)}}


def _columns_fit(rows: list[Any], types: dict[str, str]) -> bool:
    """Whether every row is an object whose fields have their types, checked a column at a time by C
    functions (100,000 rows of a report); False sends the caller to the row-by-row check for its message."""
    if set(map(type, rows)) - {dict}:
        return False
    for name, expected in types.items():
        column = [value for value in map(dict.get, rows, repeat(name)) if value is not None]
        if len(column) != len(rows) and expected not in _OPTIONAL:
            return False  # absent from some rows: the row-by-row check (or the constructor) says which
        kinds = set(map(type, column))
        if expected in ("int", "int | None") and column:
            if kinds - _INT_TYPES or max(column) > MAX_SIZE or min(column) < (-MAX_SIZE if name in _SIGNED else 0):
                return False
        elif expected in ("str", "str | None") and column:
            if kinds - _TEXT_TYPES or max(map(len, column)) > MAX_TEXT:
                return False
        elif expected == "dict[str, int]" and not all(map(_is_region_sizes, column)):
            return False
    return True


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -MAX_SIZE <= value <= MAX_SIZE


def _is_text(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _is_region_sizes(value: object) -> bool:
    """{region: bytes}, as a package's or module's data: a few dozen regions at most."""
    return isinstance(value, dict) and len(value) <= MAX_REGIONS and all(
        _is_text(key) and _is_int(size) and size >= 0 for key, size in value.items())


_TYPE_CHECKS: dict[str, Callable[[object], bool]] = {
    "dict[str, int]": _is_region_sizes,
    "int": _is_int,
    "str": _is_text,
    "str | None": lambda value: value is None or _is_text(value),
    "int | None": lambda value: value is None or _is_int(value),
}


def _check_types(row: object, types: dict[str, str]) -> None:
    if not isinstance(row, dict):
        raise TypeError(f"expected an object, found {type(row).__name__}")
    for name, expected in types.items():
        if name not in row:
            continue
        value = row[name]
        if not _TYPE_CHECKS[expected](value) or (isinstance(value, int) and value < 0 and name not in _SIGNED):
            raise TypeError(f"{name!r} should be {_described(expected, name)}, found {_shape(value)}")


def _described(expected: str, name: str) -> str:
    if expected == "dict[str, int]":
        return f"an object of at most {MAX_REGIONS:,} regions, each a size from 0 to 2^53"
    if "int" not in expected:
        return f"{expected} of at most {MAX_TEXT:,} characters"
    return f"{expected} within ±2^53" if name in _SIGNED else f"{expected} from 0 to 2^53"


def _shape(value: object) -> str:
    """A value named briefly: a hostile one may be a 4,000-digit number or a 100 MB string."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    if isinstance(value, list) and len(value) > MAX_ROWS:
        return f"a list of {len(value):,} rows"
    if isinstance(value, str) and len(value) > 40:
        return f"{value[:40]!r}... ({len(value):,} characters)"
    return repr(value)
