"""Markdown tables for pull-request comments and job summaries."""

from __future__ import annotations


def markdown_table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    """A GitHub-flavoured table; cells must already be escaped (escape_markdown), headers are ours."""
    right = right or set()
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if number in right else "---" for number in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines
