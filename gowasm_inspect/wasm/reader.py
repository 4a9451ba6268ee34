"""A bounded reader over bytes whose every read is checked against the bytes left.

Offsets in errors are file offsets: a reader knows the file offset of its first
byte. LEB128 integers are limited to the length the spec allows for their width
(5 bytes for 32 bits, 10 for 64) and must not encode bits beyond that width.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping

from gowasm_inspect.errors import WasmFormatError
from gowasm_inspect.wasm import native

LEB128_CONTINUATION = 0x80  # set on every byte but the last
LEB128_PAYLOAD = 0x7F
LEB128_SIGN = 0x40  # in the last byte of a signed LEB128: the value is negative


def scan_leb128(data: bytes | bytearray, pos: int, limit: int) -> tuple[int, int, int] | None:
    """The unsigned bits of the LEB128 at `pos` ending before `limit`: (value, next position, last byte),
    or None when no byte before `limit` ends it. Signedness and width are the caller's to check."""
    value = shift = 0
    while pos < limit:
        byte = data[pos]
        value |= (byte & LEB128_PAYLOAD) << shift
        shift += 7
        pos += 1
        if byte < LEB128_CONTINUATION:
            return value, pos, byte
    return None


class Reader:
    """Reads WebAssembly values from `data[pos:end]`; `base` is the file offset of `data[0]`."""

    __slots__ = ("base", "data", "end", "pos")

    def __init__(self, data: bytes, base: int = 0, pos: int = 0, end: int | None = None) -> None:
        self.data = data
        self.base = base
        self.pos = pos
        self.end = len(data) if end is None else end

    @property
    def offset(self) -> int:
        """File offset of the next byte to be read."""
        return self.base + self.pos

    @property
    def remaining(self) -> int:
        return self.end - self.pos

    def fail(self, message: str, at: int | None = None) -> WasmFormatError:
        return WasmFormatError(self.offset if at is None else self.base + at, message)

    def _need(self, n: int, what: str) -> None:
        if n > self.end - self.pos:
            raise self.fail(f"expected {what} ({n} bytes), but only {self.end - self.pos} bytes remain")

    def byte(self, what: str) -> int:
        if self.pos >= self.end:
            raise self.fail(f"expected {what}, but no bytes remain")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def enum(self, codes: Mapping[int, str], what: str) -> str:
        """A one-byte code that must be one of `codes`; returns its meaning."""
        at = self.pos
        code = self.byte(what)
        if code not in codes:
            known = ", ".join(f"0x{c:02x} {meaning}" for c, meaning in codes.items())
            raise self.fail(f"expected {what} ({known}), found 0x{code:02x}", at=at)
        return codes[code]

    def bytes(self, n: int, what: str) -> bytes:
        self._need(n, what)
        start = self.pos
        self.pos += n
        return bytes(self.data[start : self.pos])

    def skip(self, n: int, what: str) -> None:
        self._need(n, what)
        self.pos += n

    def _leb(self, bits: int, signed: bool, what: str) -> int:
        data, pos, end = self.data, self.pos, self.end
        if pos < end and data[pos] < LEB128_CONTINUATION:  # one-byte fast path: most counts and sizes
            self.pos = pos + 1
            value = data[pos]
            return value - LEB128_CONTINUATION if signed and value & LEB128_SIGN else value
        max_bytes = (bits + 6) // 7
        limit = min(end, pos + max_bytes)
        scanned = scan_leb128(data, pos, limit)
        if scanned is None:
            if limit == end and limit - pos < max_bytes:
                raise self.fail(f"expected {what} (LEB128), but the bytes end inside it")
            raise self.fail(f"expected {what}: LEB128 longer than {max_bytes} bytes for a {bits}-bit value")
        value, cursor, byte = scanned
        if signed:
            if byte & LEB128_SIGN:
                value -= 1 << (7 * (cursor - pos))
            in_range = -(1 << (bits - 1)) <= value < (1 << (bits - 1))
        else:
            in_range = value < (1 << bits)
        if not in_range:
            raise self.fail(f"expected {what}: LEB128 value overflows {bits} bits")
        self.pos = cursor
        return value

    def u32(self, what: str) -> int:
        return self._leb(32, False, what)

    def u64(self, what: str) -> int:
        return self._leb(64, False, what)

    def s32(self, what: str) -> int:
        return self._leb(32, True, what)

    def s64(self, what: str) -> int:
        return self._leb(64, True, what)

    def u32s(self, count: int, what: str) -> list[int]:
        """`count` u32 values in a row (a vector's items): read in C while they are well formed, where it is
        built; the rest one by one, so that a fault is named as `u32` names it."""
        values: list[int] = []
        if native.speedups is not None:
            _, self.pos, packed = native.speedups.u32_values(self.data, self.pos, self.end, count)
            values = array("q", packed).tolist()
        return values + [self.u32(what) for _ in range(count - len(values))]

    def count(self, what: str, min_item_size: int = 1) -> int:
        """A vector length, refused when its items could not fit in the bytes left."""
        at = self.pos
        n = self.u32(f"number of {what}")
        if n * min_item_size > self.end - self.pos:
            raise self.fail(
                f"{n} {what} cannot fit in the {self.end - self.pos} bytes left in the section", at=at
            )
        return n

    def name(self, what: str) -> str:
        at = self.pos
        length = self.u32(f"length of {what}")
        raw = self.bytes(length, what)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise self.fail(f"{what} is not valid UTF-8 ({exc.reason})", at=at) from None

    def sub(self, size: int, what: str) -> Reader:
        """A reader over the next `size` bytes, which this reader then skips."""
        self._need(size, what)
        sub = Reader(self.data, self.base, self.pos, self.pos + size)
        self.pos += size
        return sub

    def expect_end(self, what: str) -> None:
        if self.pos != self.end:
            raise self.fail(f"{self.end - self.pos} unexpected bytes after {what}")
