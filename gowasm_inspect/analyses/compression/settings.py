"""Which compressors, at which settings: the part of a compressed size that a cache key must name."""

from __future__ import annotations

from msgspec import Struct

ALGORITHMS = ("gzip", "brotli", "zstd")


class CompressionSettings(Struct, frozen=True):
    gzip_level: int = 9
    brotli_quality: int = 11
    brotli_window: int = 24
    zstd_level: int = 19

    def describe(self, algorithm: str) -> str:
        return {
            "gzip": f"level {self.gzip_level}",
            "brotli": f"quality {self.brotli_quality}, window {self.brotli_window}",
            "zstd": f"level {self.zstd_level}, checksum",
        }[algorithm]
