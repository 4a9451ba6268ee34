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
import contextlib
import os
import pickle
import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, Generic, TypeVar

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - the input an Awaiting value waits for
JOBS_VARIABLE = "GOWASM_INSPECT_JOBS"


class Pending(Generic[T]):
    """A value being computed; `result()` waits for it."""

    def __init__(self, compute: Callable[[], T], fork: bool = True) -> None:
        """`fork`: False for a value at hand (`compute` returns it), which stays in this process."""
        self._compute = compute
        self._pid = 0
        self._pipe = -1
        if fork and hasattr(os, "fork") and threading.active_count() == 1 and os.environ.get(JOBS_VARIABLE) != "1":
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
                self._in_child()
                data = pickle.dumps(self._compute(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._pid, self._pipe = pid, read_end
        _UNCLAIMED.add(self)

    def _in_child(self) -> None:
        """What a child does first."""

    @property
    def forked(self) -> bool:
        """Whether a child is computing the value (else `result()` computes it here)."""
        return self._pid != 0

    def result(self) -> T:
        if self._pid:
            with os.fdopen(self._pipe, "rb") as pipe:
                data = pipe.read()
            pid, self._pid = self._pid, 0
            _UNCLAIMED.discard(self)
            try:  # a child that wrote its value whole has nothing left to do but exit: it is not waited for
                value: T = pickle.loads(data)  # (its memory takes milliseconds to give back)
            except Exception:  # none, or cut short: it failed
                _wait(pid)
            else:
                _EXITING.add(pid)
                _reap()
                return value
        return self._compute()  # no child, or it failed: the same work here, in this process

    def __del__(self) -> None:
        """A result never asked for: the child is stopped and reaped, not left blocked on its pipe."""
        self.stop()

    def stop(self) -> None:
        if self._pid:
            try:
                import signal  # only to stop a child, rarely: not loaded by every run

                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
                os.close(self._pipe)
            except OSError:
                pass
            self._pid = 0


class Awaiting(Pending[T], Generic[I, T]):
    """A value computed mostly before the one input it needs last is known: `compute(receive)` calls
    `receive()` when it needs that input, which `give(value)` supplies later (to a child, through a pipe,
    length first, so that no end-of-file is waited for)."""

    def __init__(self, compute: Callable[[Callable[[], I]], T]) -> None:
        self._given: list[I] = []
        self._inbox, self._outbox, self._unsent = -1, -1, b""
        super().__init__(partial(compute, self._receive))

    def _start(self) -> None:
        self._inbox, self._outbox = os.pipe()
        super()._start()
        os.close(self._inbox)  # the child's end
        if not self.forked:
            os.close(self._outbox)
            self._outbox = -1

    def _in_child(self) -> None:
        os.close(self._outbox)

    def _receive(self) -> I:
        if self._given:  # computed in this process
            return self._given[0]
        length = int.from_bytes(_read_exactly(self._inbox, _LENGTH), "little")
        value: I = pickle.loads(_read_exactly(self._inbox, length))
        return value

    def give(self, value: I) -> None:
        self._given.append(value)
        if self._outbox < 0:
            return
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._unsent = len(data).to_bytes(_LENGTH, "little") + data
        os.set_blocking(self._outbox, False)  # what the pipe holds now; the rest when the result is asked for
        with contextlib.suppress(OSError):  # full for now, or the child is gone (then `result` works here)
            self._unsent = self._unsent[os.write(self._outbox, self._unsent):]

    def result(self) -> T:
        if self._outbox >= 0:
            try:
                os.set_blocking(self._outbox, True)
                while self._unsent and self.forked:
                    self._unsent = self._unsent[os.write(self._outbox, self._unsent):]
            except OSError:
                pass  # the child is gone: the result falls back to this process
            finally:
                os.close(self._outbox)
                self._outbox = -1
        return super().result()

    def stop(self) -> None:
        super().stop()
        if self._outbox >= 0:
            os.close(self._outbox)
            self._outbox = -1


_LENGTH = 8


def _read_exactly(descriptor: int, count: int) -> bytes:
    data = bytearray()  # grown in place: a pipe gives megabytes 64 KiB at a time
    while len(data) < count:
        chunk = os.read(descriptor, count - len(data))
        if not chunk:
            raise EOFError("the input ended early")
        data += chunk
    return bytes(data)


# Children whose results were never asked for, stopped when the process exits (it may end without
# collecting the objects that would stop them).
_UNCLAIMED: weakref.WeakSet[Pending[Any]] = weakref.WeakSet()
# Children whose results are in, reaped once they have exited (when a result comes in, or at exit; those
# still exiting then are the system's to reap once this process has gone).
_EXITING: set[int] = set()


def _wait(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


@atexit.register
def _reap() -> None:
    for pid in list(_EXITING):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _EXITING.discard(pid)


@atexit.register
def _stop_unclaimed() -> None:
    for pending in list(_UNCLAIMED):
        pending.stop()
