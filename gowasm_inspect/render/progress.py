"""A progress bar on stderr for long work, shown only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress(label: str, total: int, expected_seconds: float) -> Iterator[Callable[[], None]]:
    """Yields a callback to call once per finished step; shows a bar when stderr is a terminal and
    the work is expected to take over a second."""
    if total == 0 or expected_seconds <= 1 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console  # only now: rich takes a tenth of a second to load
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)
