"""Errors that the command line turns into one line and an exit code."""

from __future__ import annotations


class InputError(Exception):
    """The input cannot be analysed: missing, unreadable, or not WebAssembly (exit code 3)."""


class WasmFormatError(InputError):
    """The bytes at `offset` are not what the WebAssembly binary format allows there."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(f"byte {offset} (0x{offset:x}): {message}")
        self.offset = offset
        self.message = message
