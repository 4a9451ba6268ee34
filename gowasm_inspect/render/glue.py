"""`glue`: whether a wasm_exec.js will instantiate a binary, in a few lines for people or JSON."""

from __future__ import annotations

import json

from msgspec import to_builtins

from gowasm_inspect.model.glue import GlueVerdict
from gowasm_inspect.render.escape import inert_json, printable

FORMATS = ("table", "json")
SCHEMA = "gowasm-inspect/glue/v1"


def headline(verdict: GlueVerdict) -> str:
    wasm, glue = printable(verdict.wasm), printable(verdict.glue or "")
    if verdict.instantiates is None:
        if verdict.wasi_kind:
            return f"{wasm}: a WASI {verdict.wasi_kind or 'module'}; no JavaScript glue is needed"
        return f"{wasm}: no glue given to check"
    if verdict.instantiates:
        return f"{wasm} with {glue}: instantiates"
    return f"{wasm} with {glue}: fails to instantiate"


def glue_identity(verdict: GlueVerdict) -> str | None:
    if verdict.glue is None:
        return None
    digest = (verdict.glue_sha256 or "")[:12]
    if verdict.glue_releases:
        count = len(verdict.glue_releases)
        return f"Go's wasm_exec.js as shipped by {', '.join(verdict.glue_releases)}" + \
            (f" ({count} releases, one file)" if count > 1 else "") + f"; sha256 {digest}"
    if verdict.glue_tinygo:
        return f"TinyGo's wasm_exec.js (its header says so; the file records no release); sha256 {digest}"
    if verdict.edited_from:
        return f"an edited copy of the glue of {', '.join(verdict.edited_from)} (the same imports, other bytes); " \
               f"sha256 {digest}"
    return f"not the wasm_exec.js of any Go release known here; sha256 {digest}"


def render_glue_text(verdict: GlueVerdict) -> str:
    lines = [headline(verdict)]
    identity = glue_identity(verdict)
    if identity:
        lines.append(f"  glue:   {identity}")
    built = " ".join(part for part in (verdict.toolchain, verdict.go_version, verdict.target) if part)
    lines.append(f"  binary: {built or 'no Go build information'}")
    if verdict.error:
        lines.append(f"  error:  {printable(verdict.error)}")
    if verdict.wasi_functions:
        lines.append(f"  WASI:   {len(verdict.wasi_functions)} functions imported: "
                     + ", ".join(printable(name) for name in verdict.wasi_functions))
    if verdict.advice:
        lines.append(f"  fix:    {verdict.advice}" if verdict.instantiates is False else f"  note:   {verdict.advice}")
    return "\n".join(lines) + "\n"


def render_glue_json(verdict: GlueVerdict) -> str:
    return inert_json(json.dumps({"schema": SCHEMA, **to_builtins(verdict)}, indent=2)) + "\n"
