"""The `producers` custom section: which languages and tools made the module (Go names its version here)."""

from __future__ import annotations

from gowasm_inspect.sections.reader import Reader


def parse_producers_section(r: Reader) -> dict[str, list[tuple[str, str]]]:
    """Field name (language, processed-by, sdk) -> [(name, version)]."""
    fields: dict[str, list[tuple[str, str]]] = {}
    for _ in range(r.count("producer fields", min_item_size=2)):
        field_name = r.name("producer field name")
        values = fields.setdefault(field_name, [])
        for _ in range(r.count("producer values", min_item_size=2)):
            values.append((r.name("producer name"), r.name("producer version")))
    r.expect_end("producer fields")
    return fields
