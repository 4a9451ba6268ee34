"""Work done in a forked child while the caller goes on: a second core for a long, self-contained step.

The child shares the parent's memory as it was at the fork (copy-on-write, so
large inputs are not copied), computes one value, and sends it back pickled
through a pipe. Where forking is unsafe or unavailable (no `os.fork`, other
threads running, the child failed) the same function runs in the caller when
the result is asked for, so the result never depends on whether a fork happened.
GOWASM_INSPECT_JOBS=1 in the environment asks for one process (a test suite that
already runs one worker per core sets it).
"""

from __future__ import annotations

import atexit
import os
import pickle
import signal
import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
JOBS_VARIABLE = "GOWASM_INSPECT_JOBS"


class Pending(Generic[T]):
    """A value being computed; `result()` waits for it."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute = compute
        self._pid = 0
        self._pipe = -1
        if hasattr(os, "fork") and threading.active_count() == 1 and os.environ.get(JOBS_VARIABLE) != "1":
            self._start()

    def _start(self) -> None:
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the child: compute, send, and leave without running the parent's cleanup
            status = 1
            try:
                os.close(read_end)
                data = pickle.dumps(self._compute(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._pid, self._pipe = pid, read_end
        _UNCLAIMED.add(self)

    @property
    def forked(self) -> bool:
        """Whether a child is computing the value (else `result()` computes it here)."""
        return self._pid != 0

    def result(self) -> T:
        if self._pid:
            with os.fdopen(self._pipe, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            _UNCLAIMED.discard(self)
            if os.waitstatus_to_exitcode(status) == 0 and data:
                value: T = pickle.loads(data)
                return value
        return self._compute()  # no child, or it failed: the same work here, in this process

    def __del__(self) -> None:
        """A result never asked for: the child is stopped and reaped, not left blocked on its pipe."""
        self.stop()

    def stop(self) -> None:
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
                os.close(self._pipe)
            except OSError:
                pass
            self._pid = 0


# Children whose results were never asked for, stopped when the process exits (it may end without
# collecting the objects that would stop them).
_UNCLAIMED: weakref.WeakSet[Pending[Any]] = weakref.WeakSet()


@atexit.register
def _stop_unclaimed() -> None:
    for pending in list(_UNCLAIMED):
        pending.stop()
