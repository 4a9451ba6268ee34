"""Will this glue instantiate this binary? The verdict of `gowasm-inspect glue`, from a report and a glue."""

from __future__ import annotations

from msgspec import Struct, field

from gowasm_inspect.golang.glue import Glue, first_failure, glue_folder, read_glue
from gowasm_inspect.model.report import Report

WASI_MODULES = ("wasi_snapshot_preview1", "wasi_unstable")


class GlueVerdict(Struct, frozen=True):
    wasm: str
    glue: str | None
    go_version: str | None  # the binary's
    target: str | None  # goos/goarch
    instantiates: bool | None  # None: nothing to decide (a WASI binary and no glue)
    error: str | None = None  # what Node and Chrome will say
    advice: str | None = None
    glue_sha256: str | None = None
    glue_releases: tuple[str, ...] = ()
    edited_from: tuple[str, ...] = ()
    wasi_functions: list[str] = field(default_factory=list)
    wasi_kind: str | None = None  # "command" or "reactor"
    toolchain: str | None = None  # a compiler other than Go's that built the binary ("TinyGo 0.42.0")
    glue_tinygo: bool = False  # the glue is TinyGo's


def judge(report: Report, glue: Glue | None, glue_name: str | None) -> GlueVerdict:
    imports = [(item.module, item.name, item.kind) for item in report.imports]
    build = report.build
    wasi = sorted({item.name for item in report.imports if item.module in WASI_MODULES})
    only_wasi = bool(wasi) and all(item.module in WASI_MODULES for item in report.imports)
    kind = build.target  # command or reactor: from_binary reads it from the exports of a WASI-only module
    target = "/".join(part for part in (build.goos, build.goarch) if part) or None
    if glue is None:
        return GlueVerdict(report.file, None, build.go_version, target, None, wasi_functions=wasi,
                           wasi_kind=kind if only_wasi else None, toolchain=build.toolchain,
                           advice=None if only_wasi else "give the glue to check: the wasm_exec.js you ship")
    error = first_failure(imports, glue.modules) if glue.problem is None else f"the glue cannot be read: {glue.problem}"
    return GlueVerdict(report.file, glue_name, build.go_version, target, error is None, error=error,
                       advice=_advice(report, glue, error, only_wasi), glue_sha256=glue.sha256,
                       glue_releases=glue.releases, edited_from=glue.edited_from, wasi_functions=wasi,
                       wasi_kind=kind if only_wasi else None, toolchain=build.toolchain, glue_tinygo=glue.tinygo)


def judge_file(report: Report, data: bytes, glue_name: str) -> GlueVerdict:
    """`judge` for a glue given as its bytes."""
    return judge(report, read_glue(data), glue_name)


def _advice(report: Report, glue: Glue, error: str | None, only_wasi: bool) -> str | None:
    version = report.build.go_version
    copy = f'cp "$(go env GOROOT)/{glue_folder(version)}/wasm_exec.js" .'
    if only_wasi:
        return "a wasip1 binary needs no glue: run it with a WASI runtime (wasmtime, Node's node:wasi, a browser shim)"
    if report.build.tinygo:
        if error is None:
            return None if glue.tinygo else "it instantiates, but a TinyGo build should ship TinyGo's glue"
        return (f"ship the glue of the TinyGo that built the binary ({report.build.toolchain}): "
                'cp "$(tinygo env TINYGOROOT)/targets/wasm_exec.js" .')
    if glue.tinygo and error is not None:
        return f"this is TinyGo's glue; a Go-built binary needs Go's: {copy}"
    built_by = f"{version} built this binary" if version else "the Go that built this binary"
    if error is not None:
        return f"ship the glue of the Go that built the binary ({built_by}): {copy}"
    if version and glue.releases and version not in glue.releases:
        return (f"it instantiates, but {built_by} and the glue is {_span(glue.releases)}'s: the imports match, "
                f"the runtime's expectations may not; ship the matching one: {copy}")
    return None


def _span(releases: tuple[str, ...]) -> str:
    return releases[0] if len(releases) == 1 else f"{releases[0]}-{releases[-1]}"
