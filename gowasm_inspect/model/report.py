"""The report model: what every renderer, budget check and diff reads, and nothing else.

Plain records (msgspec structs), built from a parsed binary by `from_binary` or loaded from a
saved JSON report by `saved`. Sizes are bytes in the file.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field, msgpack

from gowasm_inspect.golang.region_names import DESCRIPTIONS

REGION_NAMES = tuple(DESCRIPTIONS)  # the regions a data section is divided into (see golang/regions.py)

NAMES_FROM_PCLNTAB = "pclntab"
NAMES_FROM_NAME_SECTION = "name-section"
NAMES_FROM_DWARF = "dwarf"
PACKAGES_EXACT = "exact"
PACKAGES_GUESSED = "guessed"
PACKAGES_COMPILE_UNITS = "compile units"  # DWARF's, for a binary not built by Go: a package per source unit


def unnamed(index: int) -> str:
    """How a function with no name is called, everywhere: by its wasm index."""
    return f"func[{index}]"


class SectionEntry(Struct, frozen=True):
    id: int
    name: str  # spec name of a standard section, or a custom section's own name
    offset: int  # file offset of the section id byte
    header_size: int  # id byte and size LEB128
    payload_size: int

    @property
    def size(self) -> int:
        return self.header_size + self.payload_size


class FunctionEntry(Struct, frozen=True, array_like=True):  # crosses a pipe as a msgpack array: quick to decode
    index: int  # wasm function index, imported functions counted first
    name: str | None
    body_size: int
    size: int  # body plus its length prefix
    name_source: str | None = None  # NAMES_FROM_PCLNTAB, NAMES_FROM_NAME_SECTION, NAMES_FROM_DWARF or None
    package: str | None = None
    module: str | None = None  # the Go module's path
    kind: str | None = None  # "linker" for functions the linker made (type:.eq.T belongs to T's package)
    data: int = 0  # file bytes of Go's function tables that this function alone owns


SHARED_DATA = "(shared)"  # the package and module of table bytes that functions of several packages share


class PackageEntry(Struct, frozen=True):
    name: str
    module: str  # the Go module's path
    size: int  # code bytes: bodies and their length prefixes
    functions: int
    data: dict[str, int] = field(default_factory=dict)  # data section region -> file bytes this package owns
    total: int = 0  # code and data

    @property
    def data_size(self) -> int:
        return self.total - self.size


class GoModuleEntry(Struct, frozen=True):
    path: str
    version: str | None
    size: int  # code bytes
    replace: str | None = None
    data: dict[str, int] = field(default_factory=dict)
    total: int = 0

    @property
    def data_size(self) -> int:
        return self.total - self.size


class DataRegion(Struct, frozen=True):
    name: str  # "functab", "types", "framing", ...: see golang/regions.py
    description: str
    size: int  # file bytes of the data section; the regions add up to the section, its header included
    memory: int = 0  # bytes of linear memory the region spans (Go drops zero runs from the file)


class StripChange(Struct, frozen=True):
    section: str | None
    bytes: int  # negative: removed
    reason: str


# StripPrediction.flags beside Go's -s, -w and "-s -w": TinyGo's flag, and for other languages the strip
TINYGO_NO_DEBUG = "-no-debug"
STRIP_CUSTOM = "strip --all-custom"


class StripPrediction(Struct, frozen=True):
    flags: str  # "-s", "-w" or "-s -w"
    size: int  # predicted file size after relinking with these flags
    saved: int
    changes: list[StripChange] = field(default_factory=list)
    # with --compress: the compressed sizes of the bytes a relink is estimated by (the file `strip` writes,
    # or for -w the file as it is: a relink differs from them only by the -ldflags it records), and
    # how many bytes those are
    compressed: dict[str, int] = field(default_factory=dict)
    compressed_from: int | None = None


class RetainedPackage(Struct, frozen=True):
    """What removing a package would save (size --by retained): an estimate, see why's RETAINED_ASSUMES."""

    name: str
    size: int  # its own bytes: code, the data its functions alone own and its types
    retained: int  # the bytes reachable only through it


class MainModule(Struct, frozen=True):
    path: str
    version: str | None


class Replacement(Struct, frozen=True):
    path: str
    version: str | None
    sum: str | None


class Dependency(Struct, frozen=True):
    path: str
    version: str
    sum: str | None
    replace: Replacement | None = None


class BuildFacts(Struct):
    is_go: bool = False
    go_version: str | None = None
    goos: str | None = None
    goarch: str | None = None
    target: str | None = None  # "command" or "reactor" for wasip1
    main: MainModule | None = None
    main_package: str | None = None  # the import path of the package Go names "main"
    deps: list[Dependency] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    build_id: str | None = None
    stripped: bool = False  # no name section
    trimpath: bool | None = None  # None when no source paths could be read
    toolchain: str | None = None  # a compiler other than Go's, as the producers section names it ("TinyGo 0.42.0",
    # or for other languages the tools it lists: "rustc 1.85.0, wasm-bindgen 0.2.100")

    @property
    def tinygo(self) -> bool:
        return bool(self.toolchain and self.toolchain.startswith("TinyGo "))


class ImportEntry(Struct, frozen=True):
    module: str  # the wasm import module ("gojs", "wasi_snapshot_preview1", ...)
    name: str
    kind: str
    index: int  # index in the import's own index space (functions: the wasm function index)


class ExportEntry(Struct, frozen=True):
    name: str
    kind: str
    index: int


class Attribution(Struct):
    names: str | None = None  # NAMES_FROM_PCLNTAB, NAMES_FROM_NAME_SECTION, NAMES_FROM_DWARF, or None: mixed or none
    packages: str | None = None  # PACKAGES_EXACT, PACKAGES_GUESSED, PACKAGES_COMPILE_UNITS, or None: no packages


class CompressionFacts(Struct, frozen=True):
    settings: str  # "quality 11, window 24"
    library: str  # the engine and its version


class SectionShare(Struct, frozen=True):
    name: str
    offset: int
    sizes: dict[str, int]  # algorithm -> this section's estimated part of the compressed bytes


class SectionShares(Struct, frozen=True):
    method: str  # how the estimate is made, in words
    sections: list[SectionShare]


class Report(Struct):
    file: str
    size: int
    sha256: str
    sections: list[SectionEntry] = field(default_factory=list)
    functions: list[FunctionEntry] = field(default_factory=list)
    imports: list[ImportEntry] = field(default_factory=list)
    exports: list[ExportEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    packages: list[PackageEntry] = field(default_factory=list)
    modules: list[GoModuleEntry] = field(default_factory=list)
    regions: list[DataRegion] = field(default_factory=list)  # of the data section, largest first
    attribution: Attribution = field(default_factory=Attribution)
    build: BuildFacts = field(default_factory=BuildFacts)
    strip: list[StripPrediction] = field(default_factory=list)  # filled on request (size --strip)
    compressed: dict[str, int] = field(default_factory=dict)  # algorithm -> bytes, on request (size --compress)
    compression: dict[str, CompressionFacts] = field(default_factory=dict)
    compressed_share: SectionShares | None = None  # with --compress: an estimate per section
    retained: list[RetainedPackage] = field(default_factory=list)  # filled on request (size --by retained)

    def section(self, name: str) -> SectionEntry | None:
        return next((entry for entry in self.sections if entry.name == name), None)

    def packed(self) -> bytes:
        """The report as msgpack, as it crosses a pipe from a child: msgspec encodes a large build's report
        in about a millisecond (pickle takes nine)."""
        return msgpack.encode(self)

    @classmethod
    def unpacked(cls, data: bytes) -> Report:
        """A report from `packed`."""
        return msgpack.decode(data, type=cls)

    def to_dict(self) -> dict[str, Any]:
        """The versioned JSON form (see `saved`)."""
        from gowasm_inspect.model.saved import report_to_dict

        return report_to_dict(self)

    @classmethod
    def from_dict(cls, data: object, source: str = "report") -> Report:
        """Load a saved report; InputError names what is missing or of the wrong shape."""
        from gowasm_inspect.model.saved import report_from_dict

        return report_from_dict(data, source)
