"""The report model: what every renderer, budget check and diff reads.

Its JSON form is versioned by `SCHEMA` and loads back with `Report.from_dict`,
so a saved report can stand in for the binary it describes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from gowasm_inspect.errors import InputError

SCHEMA = "gowasm-inspect/report/v1"
MODULE_HEADER_SIZE = 8


@dataclass(frozen=True)
class SectionEntry:
    id: int
    name: str  # spec name of a standard section, or a custom section's own name
    offset: int  # file offset of the section id byte
    header_size: int  # id byte and size LEB128
    payload_size: int

    @property
    def size(self) -> int:
        return self.header_size + self.payload_size


@dataclass(frozen=True)
class FunctionEntry:
    index: int  # wasm function index, imported functions counted first
    name: str | None
    body_size: int
    size: int  # body plus its length prefix
    name_source: str | None = None  # "pclntab", "name-section" or None
    package: str | None = None
    module: str | None = None


@dataclass(frozen=True)
class PackageEntry:
    name: str
    module: str
    size: int  # code bytes: bodies and their length prefixes
    functions: int


@dataclass(frozen=True)
class ModuleEntry:
    path: str
    version: str | None
    size: int
    replace: str | None = None


@dataclass(frozen=True)
class DataPart:
    name: str
    description: str
    size: int  # file bytes of the data section: segment headers and contents


@dataclass(frozen=True)
class StripChange:
    section: str | None
    bytes: int  # negative: removed
    reason: str


@dataclass(frozen=True)
class StripPrediction:
    flags: str  # "-s", "-w" or "-s -w"
    size: int  # predicted file size after relinking with these flags
    saved: int
    changes: list[StripChange] = field(default_factory=list)
    # compressed sizes of the variant `strip` writes (the relink's recorded flags aside), when asked for
    compressed: dict[str, int] = field(default_factory=dict)


@dataclass
class BuildFacts:
    is_go: bool = False
    go_version: str | None = None
    goos: str | None = None
    goarch: str | None = None
    target: str | None = None  # "command" or "reactor" for wasip1
    main: dict[str, Any] | None = None  # {path, version} of the main module
    main_package: str | None = None  # the import path of the package Go names "main"
    deps: list[dict[str, Any]] = field(default_factory=list)  # {path, version, sum, replace}
    settings: dict[str, str] = field(default_factory=dict)
    build_id: str | None = None
    stripped: bool = False  # no name section
    trimpath: bool | None = None  # None when no source paths could be read


@dataclass(frozen=True)
class ImportEntry:
    module: str
    name: str
    kind: str
    index: int  # index in the import's own index space (functions: the wasm function index)


@dataclass(frozen=True)
class ExportEntry:
    name: str
    kind: str
    index: int


@dataclass
class Report:
    file: str
    size: int
    sha256: str
    sections: list[SectionEntry] = field(default_factory=list)
    functions: list[FunctionEntry] = field(default_factory=list)
    imports: list[ImportEntry] = field(default_factory=list)
    exports: list[ExportEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    packages: list[PackageEntry] = field(default_factory=list)
    modules: list[ModuleEntry] = field(default_factory=list)
    data_parts: list[DataPart] = field(default_factory=list)
    # where names came from ("pclntab", "name-section" or None) and whether packages are "exact" or "guessed"
    attribution: dict[str, str | None] = field(default_factory=lambda: {"names": None, "packages": None})
    build: BuildFacts = field(default_factory=BuildFacts)
    strip: list[StripPrediction] = field(default_factory=list)  # filled on request (size --strip)
    compressed: dict[str, int] = field(default_factory=dict)  # algorithm -> bytes, on request (size --compress)
    compression: dict[str, dict[str, str]] = field(default_factory=dict)  # algorithm -> settings, library
    # an estimate of each section's part of the compressed sizes: {method, sections: [{name, offset, algorithm: bytes}]}
    compressed_share: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> SectionEntry | None:
        return next((entry for entry in self.sections if entry.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; rows are shallow copies (dataclasses.asdict deep-copies, slowly, 100,000 rows)."""
        document: dict[str, Any] = {"schema": SCHEMA}
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, list):
                value = [_row(row) for row in value]
            elif item.name == "build":
                value = asdict(value)
            elif isinstance(value, dict):
                value = dict(value)
            document[item.name] = value
        return document

    @classmethod
    def from_dict(cls, data: Any, source: str = "report") -> Report:
        """Load a saved report; InputError names what is missing or of the wrong shape."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            found = data.get("schema") if isinstance(data, dict) else type(data).__name__
            raise InputError(f"{source}: expected a report with schema {SCHEMA!r}, found {found!r}")
        try:
            _check_types(data, {"file": "str", "size": "int", "sha256": "str"})
            compressed = dict(data.get("compressed", {}))
            _check_types(compressed, dict.fromkeys(compressed, "int"))
            return cls(
                file=data["file"],
                size=data["size"],
                sha256=data["sha256"],
                sections=_entries(SectionEntry, data["sections"]),
                functions=_entries(FunctionEntry, data["functions"]),
                imports=_entries(ImportEntry, data["imports"]),
                exports=_entries(ExportEntry, data["exports"]),
                warnings=list(data["warnings"]),
                packages=_entries(PackageEntry, data.get("packages", [])),
                modules=_entries(ModuleEntry, data.get("modules", [])),
                data_parts=_entries(DataPart, data.get("data_parts", [])),
                attribution=dict(data.get("attribution", {"names": None, "packages": None})),
                strip=[StripPrediction(row["flags"], row["size"], row["saved"], _entries(StripChange, row["changes"]),
                                       dict(row.get("compressed", {}))) for row in data.get("strip", [])],
                compressed=dict(data.get("compressed", {})),
                compression={key: dict(value) for key, value in data.get("compression", {}).items()},
                compressed_share=dict(data.get("compressed_share", {})),
                build=BuildFacts(**{f.name: data.get("build", {})[f.name] for f in fields(BuildFacts)
                                    if f.name in data.get("build", {})}),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise InputError(f"{source}: report is missing or has a malformed field: {error}") from None


def _row(row: Any) -> Any:
    if not hasattr(row, "__dict__"):
        return row
    flat = dict(vars(row))
    return asdict(row) if any(isinstance(value, list) for value in flat.values()) else flat


def _entries(entry_type: type, rows: list[dict[str, Any]]) -> list:
    """Rows of a saved report -> entries, refusing values of the wrong type (a saved report is input too)."""
    types = {item.name: str(item.type) for item in fields(entry_type) if str(item.type) in _TYPE_CHECKS}
    names = [item.name for item in fields(entry_type)]
    entries = []
    for row in rows:
        _check_types(row, types)
        entries.append(entry_type(**{name: row[name] for name in names if name in row}))
    return entries


_TYPE_CHECKS = {
    "int": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "str": lambda value: isinstance(value, str),
    "str | None": lambda value: value is None or isinstance(value, str),
}


def _check_types(row: Any, types: dict[str, str]) -> None:
    if not isinstance(row, dict):
        raise TypeError(f"expected an object, found {type(row).__name__}")
    for name, expected in types.items():
        if name in row and not _TYPE_CHECKS[expected](row[name]):
            raise TypeError(f"{name!r} should be {expected}, found {row[name]!r:.40}")
