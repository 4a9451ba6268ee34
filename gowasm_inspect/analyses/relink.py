"""Predict what relinking with -s, -w or -s -w would make of a binary, from its report.

- `-s` omits the symbol table: for wasm, the name section.
- `-w` omits DWARF, which the Go linker never writes for js or wasip1: nothing.
- TinyGo's `-no-debug` (wasm-ld's --strip-debug) omits DWARF (the `.debug_*`
  sections) and the name section: for a TinyGo build that is the one prediction.
- A binary from another language has no Go linker to relink with: the one
  prediction is the file without its custom sections, as `strip --all-custom`
  or wabt's wasm-strip writes it.
- A relink also records the new -ldflags in the build settings inside the data
  section (unless built with -trimpath), as a line `build\\t-ldflags=...`, so
  data grows by that line; the rest of data moves but keeps its size to within
  a few bytes of segment layout. The build ID changes, its length does not.
"""

from __future__ import annotations

from collections.abc import Callable

from gowasm_inspect.model.report import STRIP_CUSTOM, TINYGO_NO_DEBUG, Report, SectionEntry, StripChange, StripPrediction
from gowasm_inspect.wasm.format import CUSTOM_SECTION_ID
from gowasm_inspect.wasm.sections.names import NAME_SECTION

STRIP_FLAGS = ("-s", "-w", "-s -w")
_CUSTOM_REASONS = {NAME_SECTION: "function names, for stack traces and profilers: not needed to run",
                   "producers": "the tools that built it: not needed to run",
                   "target_features": "the features the linker assumed: not needed to run"}
LDFLAGS = "-ldflags"


def _quoted(text: str, quote_chars: str) -> str:
    """As runtime/debug quotes build settings: strconv.Quote when a special character is present."""
    if not any(char in text for char in quote_chars):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    return f'"{escaped}"'


_KEY_SPECIALS = "= \t\r\n\"`"
_VALUE_SPECIALS = " \t\r\n\"`"


def setting_line(key: str, value: str) -> str:
    """A `build` line of debug.BuildInfo's text form, as runtime.modinfo stores it."""
    quoted_key = _quoted(key, _KEY_SPECIALS) if key else '""'
    return "build\t" + quoted_key + "=" + _quoted(value, _VALUE_SPECIALS) + "\n"


def _ldflags_change(report: Report, flags: str) -> StripChange:
    settings = report.build.settings
    if settings.get("-trimpath") == "true":
        return StripChange("data", 0, "built with -trimpath, so the new -ldflags are not recorded")
    old = settings.get(LDFLAGS)
    new = f"{old} {flags}" if old else flags
    grown = len(setting_line(LDFLAGS, new).encode()) - (len(setting_line(LDFLAGS, old).encode()) if old is not None else 0)
    return StripChange("data", grown, f"the build settings record -ldflags={new!r}; other data shifts but keeps its size")


def _minus_w() -> StripChange:
    return StripChange(None, 0, "-w omits DWARF, which Go never writes for js or wasip1: nothing")


def _omitting(report: Report, flags: str, reason_of: Callable[[SectionEntry], str | None], nothing: str) -> StripPrediction:
    """The file without each section `reason_of` gives a reason to omit; `nothing` when there is none."""
    changes = [StripChange(section.name, -section.size, reason) for section in report.sections
               if (reason := reason_of(section)) is not None]
    size = report.size + sum(change.bytes for change in changes)
    return StripPrediction(flags, size, report.size - size, changes or [StripChange(None, 0, nothing)])


def _omitted_by_no_debug(section: SectionEntry) -> str | None:
    if section.name.startswith(".debug_"):
        return "-no-debug omits DWARF"
    return "-no-debug omits the name section (wasm-ld --strip-debug)" if section.name == NAME_SECTION else None


def _omitted_by_strip(section: SectionEntry) -> str | None:
    if section.id != CUSTOM_SECTION_ID:
        return None
    return "DWARF: not needed to run" if section.name.startswith(".debug_") else \
        _CUSTOM_REASONS.get(section.name, "not needed to run")


def predict_relinks(report: Report) -> list[StripPrediction]:
    """What relinking with -s, -w and -s -w would make of the build; for TinyGo's, -no-debug; for a binary
    from another language, removing its custom sections."""
    if report.build.tinygo:
        return [_omitting(report, TINYGO_NO_DEBUG, _omitted_by_no_debug,
                          "no DWARF and no name section: already built with -no-debug")]
    if not report.build.is_go:
        return [_omitting(report, STRIP_CUSTOM, _omitted_by_strip, "no custom sections: nothing to strip")]
    name = report.section(NAME_SECTION)
    recorded = report.build.settings.get(LDFLAGS, "").split()
    predictions = []
    for flags in STRIP_FLAGS:
        if all(flag in recorded for flag in flags.split()):
            predictions.append(StripPrediction(flags, report.size, 0, [StripChange(None, 0, f"already linked with {flags}")]))
            continue
        changes = []
        if "-s" in flags.split():
            if name is not None:
                changes.append(StripChange("name", -name.size, "-s omits the symbol table: the name section"))
            else:
                changes.append(StripChange("name", 0, "there is no name section to omit: already stripped"))
        if "-w" in flags.split():
            changes.append(_minus_w())
        changes.append(_ldflags_change(report, flags))
        size = report.size + sum(change.bytes for change in changes)
        predictions.append(StripPrediction(flags, size, report.size - size, changes))
    return predictions
