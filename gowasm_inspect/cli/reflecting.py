"""What `size` and `info` add from the reference graph, read only when asked for or needed: the
reflection trap as a warning (for builds that link a reflective method lookup), and `size --by retained`.
One command reads each file's graph once, for both."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gowasm_inspect.analyses.why import Explained
    from gowasm_inspect.model.report import Report


class Graphs:
    """Each file's graph and walk, read (through the graph cache unless `cached` is False) on first use."""

    def __init__(self, cached: bool = True) -> None:
        self.cached = cached
        self._read: dict[str, Explained] = {}

    def explained(self, path: str) -> Explained:
        """InputError when the file has no graph to read."""
        if path not in self._read:
            from gowasm_inspect.analyses.why import Explained
            from gowasm_inspect.files.graph_cache import read_graph

            self._read[path] = Explained(read_graph(path, self.cached))
        return self._read[path]


def warning_of_reflection(read: Callable[[Path], Report], graphs: Graphs) -> Callable[[Path], Report]:
    """`read`, with a warning added to the report when a reachable lookup made the linker keep methods."""

    def read_and_warn(path: Path) -> Report:
        from gowasm_inspect.analyses.reflection import linked_lookups

        report = read(path)
        if linked_lookups([entry.name for entry in report.functions]):
            warning = _trap_warning(graphs, path)
            if warning is not None:
                report.warnings.append(warning)
        return report

    return read_and_warn


def _trap_warning(graphs: Graphs, path: Path) -> str | None:
    from gowasm_inspect.analyses.reflection import reflection_trap
    from gowasm_inspect.errors import InputError
    from gowasm_inspect.render.reflection import trap_warning

    try:
        trap = reflection_trap(graphs.explained(str(path)))
    except InputError:
        return None  # the report itself says what it could not read
    return trap_warning(trap, str(path)) if trap is not None else None


def fill_retained(reports: list[Report], top: int, graphs: Graphs) -> None:
    """Each report's `retained`: what removing each of its `top` largest packages would save."""
    from gowasm_inspect.analyses.why import retained_packages
    from gowasm_inspect.errors import InputError

    for report in reports:
        try:
            report.retained = retained_packages(graphs.explained(report.file), top)
        except InputError as error:
            report.warnings.append(f"no retained sizes: {error}")
