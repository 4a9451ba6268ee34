"""Untrusted text made inert for every output: terminal, Markdown, GitHub workflow commands.

Names found inside a binary (functions, packages, sections, build settings) are
untrusted: every renderer passes them through one of these before output.
"""

from __future__ import annotations

import re


def printable(name: str) -> str:
    """A name from a binary with control and other invisible characters shown as escapes.

    Keeps a name on one line and stops it moving the cursor, recolouring the
    terminal or reordering text (bidi controls are format characters). GitHub's
    runner reads a log line that starts with `::` (after spaces) as a workflow
    command, and `##[` anywhere in a line as one too: every `::` and `##[` in a
    name is broken, not only at its start, since a table may fold a long name
    so that any part of it begins a line.
    """
    if not name.isprintable():
        name = "".join(char if char.isprintable() else _escape(char) for char in name)
    if "::" in name or "##[" in name:
        name = name.replace("::", ":\\x3a").replace("##[", "#\\x23[")
    return name


def inert_json(text: str) -> str:
    """JSON text (encoded with ensure_ascii) that no log reader takes for a command: `##[` can only
    stand inside a string there, where `\\u0023` spells the same `#`."""
    return text.replace("##[", "\\u0023#[")


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


# Punctuation that means something inside a Markdown line: code, emphasis, strikethrough, links and images,
# cells. (Characters that matter only at the start of a line never start one here: cells and headlines are ours.)
_MARKDOWN_BACKSLASHED = set("\\`*_[]|~")
_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}  # @ would mention someone


def escape_markdown(text: str) -> str:
    """Text shown literally in a Markdown paragraph or table cell, on one line."""
    out = []
    for char in printable(text):
        if char in _MARKDOWN_ENTITIES:
            out.append(_MARKDOWN_ENTITIES[char])
        elif char in _MARKDOWN_BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def markdown_code(text: str) -> str:
    """Text as a Markdown code span, shown literally: nothing inside one is markup, so only backticks
    matter, and a fence longer than any run of them in the text holds them (CommonMark)."""
    shown = printable(text)
    fence = "`" * (max(map(len, re.findall("`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


# GitHub Actions reads `::command key=value,...::message` lines. In the message, `%`, CR and LF are
# percent-encoded; in property values also `:` and `,`. printable() comes first, so nothing can end the line.
def escape_workflow_data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_workflow_property(text: str) -> str:
    return escape_workflow_data(text).replace(":", "%3A").replace(",", "%2C")
