"""The bounded reader: LEB128 within the spec's limits, names, counts and bounds."""

import leb128
import pytest

from gowasm_inspect.errors import WasmFormatError
from gowasm_inspect.wasm.reader import Reader

U32_MAX = (1 << 32) - 1


@pytest.mark.parametrize("value", [0, 1, 63, 64, 127, 128, 16383, 16384, 624485, U32_MAX])
def test_u32_values_as_the_leb128_library_encodes_them(value):
    encoded = bytes(leb128.u.encode(value))
    reader = Reader(encoded + b"\xaa", base=100)
    assert reader.u32("x") == value
    assert reader.offset == 100 + len(encoded)


@pytest.mark.parametrize("value", [0, -1, 63, -64, 64, -65, 2**31 - 1, -(2**31)])
def test_s32_values(value):
    assert Reader(bytes(leb128.i.encode(value))).s32("x") == value


@pytest.mark.parametrize("value", [2**63 - 1, -(2**63), -1, 2**40])
def test_s64_values(value):
    assert Reader(bytes(leb128.i.encode(value))).s64("x") == value


def test_padded_encodings_up_to_the_limit_are_accepted():
    assert Reader(b"\x85\x80\x80\x80\x00").u32("x") == 5
    assert Reader(b"\xff\xff\xff\xff\x7f").s32("x") == -1


@pytest.mark.parametrize("encoded, message", [
    (b"\x80\x80\x80\x80\x80\x00", "longer than 5 bytes"),   # six bytes
    (b"\xff\xff\xff\xff\x1f", "overflows 32 bits"),         # bit 32 set
    (bytes(leb128.u.encode(U32_MAX + 1)), "overflows 32 bits"),  # five bytes, one bit too many
    (b"\x80\x80", "end inside it"),
])
def test_u32_limits(encoded, message):
    with pytest.raises(WasmFormatError, match=message) as caught:
        Reader(encoded, base=40).u32("a count")
    assert caught.value.offset == 40


@pytest.mark.parametrize("encoded", [b"\xff\xff\xff\xff\x0f", b"\x80\x80\x80\x80\x70", b"\x80\x80\x80\x80\x08"])
def test_s32_bits_beyond_32_must_be_sign_extension(encoded):
    with pytest.raises(WasmFormatError, match="overflows 32 bits"):
        Reader(encoded).s32("x")


def test_u64_and_s64_are_limited_to_ten_bytes():
    with pytest.raises(WasmFormatError, match="longer than 10 bytes"):
        Reader(b"\x80" * 10 + b"\x00").u64("x")
    with pytest.raises(WasmFormatError, match="overflows 64 bits"):
        Reader(b"\xff" * 9 + b"\x02").u64("x")


def test_reads_never_pass_the_end_of_their_window():
    reader = Reader(b"\x03abcdef", base=10, end=3)
    with pytest.raises(WasmFormatError, match=r"3 bytes\), but only 2 bytes remain") as caught:
        reader.name("a name")
    assert caught.value.offset == 11


def test_counts_whose_items_cannot_fit_are_refused_before_any_loop():
    with pytest.raises(WasmFormatError, match="1000 things cannot fit in the 2 bytes left"):
        Reader(bytes(leb128.u.encode(1000)) + b"ab").count("things")


def test_names_must_be_utf8():
    with pytest.raises(WasmFormatError, match="not valid UTF-8"):
        Reader(b"\x02\xc3\x28").name("a name")
    assert Reader(b"\x04" + "né!".encode()).name("n") == "né!"
