"""Sizes and percentages as people write them in a budget file.

`12 MiB` is 12 × 1024², `12 MB` is 12 × 1000², exactly as written; a plain number
is bytes. Fractions of a byte round down, so a limit never allows more than written.
"""

from __future__ import annotations

import re
from fractions import Fraction

from msgspec import Struct

UNITS = {
    "B": 1,
    "kB": 1000, "KB": 1000, "MB": 1000**2, "GB": 1000**3,
    "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3,
}
# ASCII digits only (\\d would take ١٢٣), no exponent, and few enough of them for any real size
_QUANTITY = re.compile(r"\s*(?P<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*(?P<unit>[A-Za-z%]*)\s*")
_MAX_DIGITS = 20
MAX_BYTES = 1 << 53  # 8 PiB: more than any binary, and exact in every JSON reader
MAX_PERCENT = 10**6


class UnitError(ValueError):
    """What is wrong with a size or percentage, in words for the budget file's author."""


class Limit(Struct, frozen=True):
    """Bytes, or a percentage (of a baseline, or of another limit)."""

    value: int | Fraction
    is_percent: bool = False

    def describe(self) -> str:
        if self.is_percent:
            return f"{float(self.value):g}%"
        return f"{self.value:,} B"


def parse_quantity(value: object, *, percent_allowed: bool, bytes_allowed: bool = True) -> Limit:
    """A YAML scalar -> Limit; UnitError says what was expected."""
    expected = " or ".join(
        kind for kind, allowed in (("a size (1.5 MiB, 200 kB, 4096)", bytes_allowed),
                                   ("a percentage (2%)", percent_allowed)) if allowed
    )
    if isinstance(value, bool) or value is None or not isinstance(value, (int, float, str)):
        raise UnitError(f"expected {expected}, found {_describe(value)}")
    match = _QUANTITY.fullmatch(str(value))
    if match is None:
        raise UnitError(f"expected {expected}, found {value!r}")
    if len(match["number"]) > _MAX_DIGITS:
        raise UnitError(f"{value!r:.40} has more than {_MAX_DIGITS} digits; no size or share is that large")
    number = Fraction(match["number"])
    unit = match["unit"]
    if number < 0:
        raise UnitError(f"a limit cannot be negative: {value!r}")
    if unit == "%":
        if not percent_allowed:
            raise UnitError(f"expected {expected}, not a percentage: {value!r}")
        if number > MAX_PERCENT:
            raise UnitError(f"a percentage must be at most {MAX_PERCENT:,}%: {value!r}")
        return Limit(number, is_percent=True)
    if not bytes_allowed:
        raise UnitError(f"expected {expected}, found {value!r}")
    if unit in ("", "B") and number.denominator != 1:
        raise UnitError(f"a number of bytes must be whole: {value!r}")
    if unit and unit not in UNITS:
        raise UnitError(f"unknown unit {unit!r} in {value!r}; use one of {', '.join(UNITS)}"
                        + _unit_hint(unit))
    size = int(number * UNITS.get(unit, 1))
    if size > MAX_BYTES:
        raise UnitError(f"a size must be at most {MAX_BYTES:,} bytes (8 PiB): {value!r}")
    return Limit(size)


def _unit_hint(unit: str) -> str:
    matches = [known for known in UNITS if known.lower() == unit.lower()]
    if unit.lower() in ("kb", "mb", "gb") and matches:
        return f" (units are case-sensitive: {' or '.join(matches)} for powers of 1000, " \
               f"{unit[0].upper()}iB for powers of 1024)"
    return f" (did you mean {matches[0]}?)" if matches else ""


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"
