"""What `size` and `info` add from the reference graph, read only when asked for or needed: the
reflection trap as a warning (for builds that link a reflective method lookup), and `size --by retained`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gowasm_inspect.model.report import Report


def warning_of_reflection(read: Callable[[Path], Report], cached: bool = True) -> Callable[[Path], Report]:
    """`read`, with a warning added to the report when a reachable lookup made the linker keep methods."""

    def read_and_warn(path: Path) -> Report:
        from gowasm_inspect.analyses.reflection import linked_lookups

        report = read(path)
        if linked_lookups([entry.name for entry in report.functions]):
            warning = _trap_warning(path, cached)
            if warning is not None:
                report.warnings.append(warning)
        return report

    return read_and_warn


def _trap_warning(path: Path, cached: bool) -> str | None:
    from gowasm_inspect.analyses.reflection import reflection_trap
    from gowasm_inspect.analyses.why import Explained
    from gowasm_inspect.errors import InputError
    from gowasm_inspect.files.graph_cache import read_graph
    from gowasm_inspect.render.reflection import trap_warning

    try:
        trap = reflection_trap(Explained(read_graph(path, cached)))
    except InputError:
        return None  # the report itself says what it could not read
    return trap_warning(trap, str(path)) if trap is not None else None


def fill_retained(reports: list[Report], top: int, cached: bool = True) -> None:
    """Each report's `retained`: what removing each of its `top` largest packages would save."""
    from gowasm_inspect.analyses.why import Explained, retained_packages
    from gowasm_inspect.errors import InputError
    from gowasm_inspect.files.graph_cache import read_graph

    for report in reports:
        try:
            report.retained = retained_packages(Explained(read_graph(report.file, cached)), top)
        except InputError as error:
            report.warnings.append(f"no retained sizes: {error}")
