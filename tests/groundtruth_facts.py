"""Ground truth for a fixture: wabt run now when installed, else what the manifest recorded from it."""

from __future__ import annotations

from groundtruth import wabt_available, wabt_body_sizes, wabt_sections


def sections(entry: dict) -> list[dict]:
    return wabt_sections(entry["path"]) if wabt_available() else entry["wabt"]["sections"]


def body_sizes(entry: dict) -> dict[int, int]:
    if wabt_available():
        return wabt_body_sizes(entry["path"])
    first = entry["wabt"]["first_function_index"]
    return {first + i: size for i, size in enumerate(entry["wabt"]["body_sizes"])}


def section_spans(entry: dict) -> list[tuple[int, int, int]]:
    """(section start, payload start, end) for every section, from wabt: sections abut from byte 8."""
    spans, start = [], 8
    for section in sections(entry):
        end = section["payload_offset"] + section["payload_size"]
        spans.append((start, section["payload_offset"], end))
        start = end
    return spans
