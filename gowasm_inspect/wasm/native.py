"""The compiled scan (`_speedups.c`), when the install built it; None otherwise.

A large Go build spent most of its reading time in a few loops: its 100,000
data segment headers and their order, the memory image they initialise and
what of it the file holds, the instruction scan for address-sized constants,
the code and name sections' entries, pclntab's header, function names, records
and funcdata references and sizes, the type descriptors, static data's items,
the pointers between them and the owners carried along those, the columns of intervals the data section
is divided into and their sums, and the owners of Go's shared tables. Each has
a compiled twin that
gives the same result as the Python beside its call (the tests compare the two
on every fixture, on damaged copies and on crafted input at every edge). The
extension is optional: where no C compiler was at hand when the package was
installed, everything runs in Python, about 2.5 times more slowly on a large
build. GOWASM_INSPECT_PURE=1 asks for Python.
"""

from __future__ import annotations

import importlib
import os
from array import array
from collections.abc import Callable, Collection, Sequence
from typing import Any, Protocol, TypeVar, cast

T = TypeVar("T")

PURE_VARIABLE = "GOWASM_INSPECT_PURE"


class Speedups(Protocol):
    """What `_speedups.c` defines; int64 columns are array("q") in, bytes of int64 out."""

    def go_segments(self, data: bytes, pos: int, end: int, count: int,
                    base: int) -> tuple[int, int, bytes, bytes, bytes, bytes]: ...

    def sized_entries(self, data: bytes, pos: int, end: int, count: int) -> tuple[int, int, bytes, bytes, bytes]: ...

    def u32_values(self, data: bytes, pos: int, end: int, count: int) -> tuple[int, int, bytes]: ...

    def function_names(self, data: bytes, pos: int, end: int, count: int, names: dict[int, str]) -> tuple[int, int]: ...

    def zeros_kept(self, payload: bytes | bytearray, shift: int, offsets: array[int], header_sizes: array[int],
                   sizes: array[int], run: int) -> int: ...

    def c_strings(self, data: bytes | bytearray, starts: Sequence[int]) -> tuple[list[str], bytes] | None: ...

    def fill_image(self, image: bytearray, base: int, payload: bytes, shift: int, offsets: array[int],
                   header_sizes: array[int], sizes: array[int], addresses: array[int]) -> None: ...

    def extent(self, addresses: array[int], sizes: array[int]) -> tuple[int, int, int] | None: ...

    def by_address(self, offsets: array[int], header_sizes: array[int], sizes: array[int],
                   addresses: array[int]) -> tuple[bytes, bytes, bytes]: ...

    def ascending_order(self, values: Sequence[int]) -> bytes | None: ...

    def take(self, values: list[T], order: Sequence[int]) -> list[T]: ...

    def covered_spans(self, range_starts: array[int], shift: array[int], upto: array[int], starts: Sequence[int],
                      ends: Sequence[int], overlapping: bool) -> bytes: ...

    def take_int64(self, values: array[int], order: Sequence[int]) -> bytes: ...

    def coverage_columns(self, starts: Sequence[int],
                         sizes: Sequence[int]) -> tuple[bytes, bytes, bytes, int] | None: ...

    def sum_by_int_owner(self, regions: list[str], owners: Sequence[object], sizes: Sequence[int],
                         owned: dict[str, dict[int, int]]) -> bytes: ...

    def owner_totals(self, regions: list[str], owners: Sequence[object], sizes: Sequence[int], groups: list[str | None],
                     names: list[int], by_name: dict[int, int], by_group: dict[str | None, dict[str, int]]) -> bytes: ...

    def walk_types(self, data: bytes | bytearray, base: int, types: int, etypes: int, kind_sizes: list[int],
                   items_left: int, first: int, typedesc_end: int, roots: list[int], seed: int) -> tuple[
                       list[int], list[int], list[int | None], list[int | None], list[tuple[int, ...]], int]: ...

    def parse_type(self, data: bytes | bytearray, base: int, address: int, types: int, etypes: int,
                   kind_sizes: Sequence[int], items_left: int) -> tuple[int, list[int], list[int], int | None,
                                                                         int | None, int]: ...

    def name_sizes(self, data: bytes | bytearray, base: int, addresses: Sequence[int]) -> bytes: ...

    def cut_items(self, piece_starts: Sequence[int], piece_ends: Sequence[int], piece_names: Sequence[int],
                  addresses: Sequence[int]) -> tuple[bytes, bytes, bytes]: ...

    def item_positions(self, starts: Sequence[int], ends: Sequence[int], addresses: Sequence[int],
                       exact: bool) -> bytes: ...

    def func_records(self, data: bytes | bytearray, records: Sequence[int], header_size: int,
                     max_pcdata: int) -> tuple[bytes, bytes, bytes, bytes]: ...

    def funcdata_references(self, data: bytes | bytearray, records: Sequence[int], header_size: int,
                            npcdata_at: int, gofunc: int, low: int, high: int) -> tuple[list[list[int]], dict[int, int]]: ...

    def owners_by_key(self, keys: Sequence[int], users: Sequence[int], seed: int, low: int = ...,
                      high: int = ...) -> dict[int, int | frozenset[int]]: ...

    def owners_in_order(self, keys: Sequence[int], users: Sequence[int],
                        seed: int) -> tuple[bytes, list[int | frozenset[int]]]: ...

    def aligned_words(self, data: bytes | bytearray, first: int, value: int, mask: int) -> list[int]: ...

    def split_symbols(self, names: list[str], linker_group: str,
                      unquote: Callable[[str], str]) -> list[tuple[str | None, str]]: ...

    def return_large_blocks(self) -> bool: ...

    def funcdata_sizes(self, data: bytearray, base: int, addresses: array[int], slots: array[int],
                       followings: array[int], defers_form: int, inline_entry: int) -> bytes: ...

    def words_between(self, data: bytes | bytearray, at: int, count: int, address: int, low: int,
                      high: int) -> tuple[bytes, bytes]: ...

    def padded_ends(self, records: Sequence[int], ends: Sequence[int], last: int) -> bytes: ...

    def record_intervals(self, data: bytes | bytearray, base: int, records: Sequence[int], defined: Sequence[int],
                         names: list[str], header_size: int, max_pcdata: int, names_base: int, last: int,
                         buckets: int, bucket_end: int, bucket_size: int) -> tuple[bytes, ...]: ...

    def unreferenced_names(self, data: bytes | bytearray, start: int, end: int, address: int,
                           referenced: Collection[int]) -> tuple[bytes, bytes, list[str]]: ...

    def flattened(self, lists: list[list[int]]) -> tuple[bytes, bytes]: ...

    def propagate(self, owners: list[Any], sources: Sequence[int], targets: Sequence[int], budget: int) -> bool: ...

    def scan_bodies(self, code: bytes, starts: array[int], ends: array[int], functions: array[int], limit: int,
                    small_memory: bool) -> tuple[bytes, bytes, bytes]: ...

    def body_calls(self, code: bytes, starts: array[int], ends: array[int],
                   functions: array[int]) -> tuple[bytes, bytes, bytes, bytes, bytes]: ...


def _load() -> Speedups | None:
    if os.environ.get(PURE_VARIABLE) == "1":
        return None
    try:
        return cast(Speedups, importlib.import_module("gowasm_inspect.wasm._speedups"))
    except ImportError:
        return None


speedups = _load()
