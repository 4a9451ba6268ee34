"""The `go:buildid` custom section (`go.buildid` before Go 1.20): the linker's build ID note."""

from __future__ import annotations

import re

BUILD_ID_SECTION_NAMES = ("go:buildid", "go.buildid")
_NOTE = re.compile(rb'\xff Go build ID: "([^"]*)"\n \xff')


def parse_build_id(payload: bytes) -> str | None:
    """The build ID inside Go's note, or None when the payload is not such a note."""
    match = _NOTE.search(payload)
    return match.group(1).decode("utf-8", "replace") if match else None
