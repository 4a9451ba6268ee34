"""The `producers` custom section: which languages and tools made the module (Go names its version here)."""

from __future__ import annotations

from gowasm_inspect.wasm.reader import Reader

PRODUCERS_SECTION = "producers"
# Field name (language, processed-by, sdk) -> [(name, version)]
Producers = dict[str, list[tuple[str, str]]]


def parse_producers_section(r: Reader) -> Producers:
    fields: Producers = {}
    for _ in range(r.count("producer fields", min_item_size=2)):
        field_name = r.name("producer field name")
        values = fields.setdefault(field_name, [])
        for _ in range(r.count("producer values", min_item_size=2)):
            values.append((r.name("producer name"), r.name("producer version")))
    r.expect_end("producer fields")
    return fields


def producers_summary(producers: Producers | None) -> str | None:
    """The languages, tools and SDKs the section names, each with its version, in the section's order
    ("Rust, rustc 1.85.0, wasm-bindgen 0.2.100"); None when it names none."""
    named = [f"{name} {version}".strip() for field in ("language", "processed-by", "sdk")
             for name, version in (producers or {}).get(field, [])]
    return ", ".join(named) or None
