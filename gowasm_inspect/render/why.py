"""`why`: the chains that keep each match in the binary and what removing it would save, as a table for
people, JSON for programs and Markdown for pull requests; every name from the binary escaped."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from msgspec import to_builtins
from rich.console import Console
from rich.text import Text

from gowasm_inspect.model.chain import Chain
from gowasm_inspect.model.why import WhyMatch, WhyReport
from gowasm_inspect.render.console import make_console
from gowasm_inspect.render.escape import escape_markdown, inert_json, markdown_code, printable
from gowasm_inspect.render.figures import human_bytes
from gowasm_inspect.render.reflection import trap_sentence

FORMATS = ("table", "json", "markdown")
_PROSE_WIDTH = 100
_EDGE_WIDTH_MAX = 60


def render_why(report: WhyReport, output_format: str, stream: TextIO | None = None) -> None:
    out = stream if stream is not None else sys.stdout
    if output_format == "json":
        out.write(inert_json(json.dumps(to_builtins(report), ensure_ascii=True, indent=2)) + "\n")
    elif output_format == "markdown":
        out.write(why_markdown(report))
    else:
        _table(report, out)


def _summary(match: WhyMatch) -> str:
    what = f"{match.functions} functions, " if match.kind == "package" else ""
    return (f"{match.kind} {match.name}: {what}{human_bytes(match.size)} of its own; "
            f"removing it would save about {human_bytes(match.retained)}")


def _hop_lines(chain: Chain) -> list[tuple[str, str]]:
    """(how it is reached, what) for each hop, the root's reason first."""
    return [(hop.edge or chain.root, f"{hop.name}" + (f"  [{hop.kind}]" if hop.kind != "function" else ""))
            for hop in chain.hops]


def _table(report: WhyReport, out: TextIO) -> None:
    console = make_console(out)
    if not report.matches:
        console.print(Text(f"nothing in {printable(report.path)} matches {printable(report.pattern)}"))
        return
    for number, match in enumerate(report.matches):
        if number:
            console.print()
        console.print(Text(printable(_summary(match)), style="bold"))
        if not match.chains:
            console.print(Text("  no root reaches it"))
        for count, chain in enumerate(match.chains, 1):
            if len(match.chains) > 1:
                console.print(Text(f"  chain {count}:"))
            _print_hops(console, chain)
    console.print()
    _paragraph(console, f"Savings are {report.retained_assumes}.", "dim")
    trap = report.reflection
    if trap is not None:
        console.print()
        _paragraph(console, printable(trap_sentence(trap)), "bold yellow")
        _print_hops(console, trap.chain)
        _paragraph(console, f"The size is {trap.assumes}.", "dim")


def _print_hops(console: Console, chain: Chain) -> None:
    """One line a hop, how it is reached right-aligned in a column as wide as the chain's widest (within
    reason: a long interface name overflows rather than pushing every name off the screen)."""
    lines = [(printable(edge), printable(what)) for edge, what in _hop_lines(chain)]
    width = min(_EDGE_WIDTH_MAX, max(len(edge) for edge, _ in lines))
    for edge, what in lines:
        console.print(Text(f"    {edge:>{width}}  {what}"))


def _paragraph(console: Console, text: str, style: str) -> None:
    """Prose folded to the terminal, or to 100 columns in a pipe or file (where tables stay unfolded)."""
    console.print(Text(text, style=style), soft_wrap=False, width=None if console.is_terminal else _PROSE_WIDTH)


def why_markdown(report: WhyReport) -> str:
    lines = [f"### Why is {markdown_code(report.pattern)} in {escape_markdown(report.path)}?", ""]
    if not report.matches:
        return "\n".join([*lines, "Nothing matches.", ""])
    for match in report.matches:
        lines += [f"**{escape_markdown(_summary(match))}**", ""]
        for count, chain in enumerate(match.chains, 1):
            if len(match.chains) > 1:
                lines.append(f"Chain {count}:")
            lines += ["| how | what |", "|---|---|"]
            lines += [f"| {escape_markdown(edge)} | {escape_markdown(what)} |" for edge, what in _hop_lines(chain)]
            lines.append("")
    lines += [f"_Savings are {escape_markdown(report.retained_assumes)}._", ""]
    trap = report.reflection
    if trap is not None:
        lines += [f"**{escape_markdown(trap_sentence(trap))}**", "", "| how | what |", "|---|---|"]
        lines += [f"| {escape_markdown(edge)} | {escape_markdown(what)} |" for edge, what in _hop_lines(trap.chain)]
        lines += ["", f"_The size is {escape_markdown(trap.assumes)}._", ""]
    return "\n".join(lines)
