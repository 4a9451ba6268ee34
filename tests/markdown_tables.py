"""Reading Markdown tables back, as a GitHub-flavoured renderer splits them: by unescaped pipes."""

from __future__ import annotations


def tables(markdown: str) -> list[list[str]]:
    """Each run of lines starting with '|'."""
    found, current = [], []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


def cells(row: str) -> list[str]:
    """Cells of a table row, honouring backslash-escaped pipes."""
    split, current, escaped = [], "", False
    for char in row.strip()[1:-1]:
        if char == "|" and not escaped:
            split.append(current)
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    return [*split, current]
