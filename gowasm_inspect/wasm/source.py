"""Sequential reads from a regular file: offsets tracked, every byte hashed, a little lookahead."""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, BinaryIO

from gowasm_inspect.errors import InputError, WasmFormatError
from gowasm_inspect.wasm.format import READ_CHUNK
from gowasm_inspect.wasm.reader import Reader

if TYPE_CHECKING:
    from hashlib import _Hash

_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a directory"}


def describe_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def open_input(path: str | os.PathLike[str]) -> tuple[BinaryIO, int]:
    """Open a regular file for reading, with its size; InputError says plainly why not.

    Opened without blocking, so that a FIFO or device is refused before a byte is read,
    never waited on or read without end."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a .wasm file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as error:
        raise InputError(error.strerror or str(error)) from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise InputError(f"is {describe_kind(info.st_mode)}, not a regular file")
    return os.fdopen(descriptor, "rb"), info.st_size


def read_at(path: str | os.PathLike[str], offset: int, size: int) -> bytes:
    """`size` bytes of the file at `path` from `offset`: fewer if the file no longer holds them."""
    stream, _ = open_input(path)
    with stream:
        stream.seek(offset)
        return stream.read(size)


def file_sha256(descriptor: int, size: int) -> str:
    """SHA-256 of the first `size` bytes of an open file, read without moving its offset (so that another
    process can read it meanwhile; a file that shrinks gives a digest of what there was)."""
    import hashlib  # here, where the digest is made (often a child): OpenSSL takes milliseconds to load

    digest = hashlib.sha256()
    offset = 0
    while offset < size and (chunk := os.pread(descriptor, min(READ_CHUNK, size - offset), offset)):
        digest.update(chunk)
        offset += len(chunk)
    return digest.hexdigest()


def identity(stream: BinaryIO) -> tuple[int, int, int, int]:
    """What changes when a file is written to or replaced: device, inode, size, modification time."""
    return identity_of(stream.fileno())


def identity_of(descriptor: int) -> tuple[int, int, int, int]:
    info = os.fstat(descriptor)
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def checked_sha256(descriptor: int, size: int, expected: tuple[int, int, int, int]) -> str | None:
    """`file_sha256`, or None when the file is not, once read, the one whose `identity` was `expected` (it
    was written to or replaced meanwhile)."""
    digest = file_sha256(descriptor, size)
    return digest if identity_of(descriptor) == expected else None


class FileSource:
    """Sequential reads from a binary file: offsets tracked, every byte hashed (unless the caller has the
    digest made elsewhere), a little lookahead."""

    def __init__(self, stream: BinaryIO, size: int, hashing: bool = True) -> None:
        self._stream = stream
        self._ahead = b""
        self.size = size
        self.offset = 0
        self._digest: _Hash | None = None
        if hashing:
            import hashlib

            self._digest = hashlib.sha256()

    def hexdigest(self) -> str:
        """SHA-256 of what has been read; empty when hashing was not asked for."""
        return self._digest.hexdigest() if self._digest is not None else ""

    @property
    def remaining(self) -> int:
        return self.size - self.offset

    def peek(self, n: int) -> Reader:
        """A reader over the next min(n, remaining) bytes, which stay unread."""
        n = min(n, self.remaining)
        if len(self._ahead) < n:
            self._ahead += self._fetch(n - len(self._ahead), self.offset + len(self._ahead))
        return Reader(self._ahead[:n], base=self.offset)

    def read(self, n: int, what: str) -> bytes:
        if n > self.remaining:
            raise WasmFormatError(self.offset, f"expected {what} of {n} bytes, but only {self.remaining} remain")
        data, self._ahead = self._ahead[:n], self._ahead[n:]
        if len(data) < n:
            data += self._fetch(n - len(data), self.offset + len(data))
        if self._digest is not None:
            self._digest.update(data)
        self.offset += n
        return data

    def skip(self, n: int, what: str) -> None:
        while n:
            step = min(n, READ_CHUNK)
            self.read(step, what)
            n -= step

    def _fetch(self, n: int, at: int) -> bytes:
        data = self._stream.read(n)
        if len(data) != n:  # the file shrank while being read
            raise WasmFormatError(at + len(data), "the file ended early (was it changed while being read?)")
        return data
