"""Whole reports cached by file content, so that a repeated `size --compress` skips the parse.

Compressed sizes are cached by compression.py; what is left of a repeated run is
reading the binary, which on a 20 MB program takes longer than everything else.
A report is keyed by the file's SHA-256 and a fingerprint of this package's own
code, so a new version (or an edited checkout) never reads an old report.
Reports of a 20 MB binary are about 1.6 MB, so only the newest few are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from gowasm_inspect import __version__
from gowasm_inspect.analysis import analyze
from gowasm_inspect.compression import cache_root
from gowasm_inspect.errors import InputError
from gowasm_inspect.model import Report

KEEP = 16
_CHUNK = 1 << 20


def default_directory() -> Path:
    return cache_root() / "reports"


def code_fingerprint() -> str:
    """The package version and every source file's size and mtime: cheap, and changes with any edit."""
    package = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for source in sorted(package.rglob("*.py")):
        status = source.stat()
        digest.update(f"{source.relative_to(package)}:{status.st_size}:{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class ReportCache:
    """analyze(), answered from the cache when the same bytes were analysed by the same code before."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._fingerprint = code_fingerprint() if directory is not None else ""

    def _path(self, sha256: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{sha256}-{self._fingerprint}.json"

    def analyze(self, path: Path) -> Report:
        if self.directory is None:
            return analyze(path)
        try:
            cached = self._get(path, file_digest(path))
        except OSError:
            cached = None  # the analysis will say what is wrong with the file
        if cached is not None:
            return cached
        report = analyze(path)
        self._put(report)
        return report

    def _get(self, path: Path, sha256: str) -> Report | None:
        try:
            report = Report.from_dict(json.loads(self._path(sha256).read_bytes()))
        except (OSError, ValueError, InputError):
            return None
        if report.sha256 != sha256:
            return None
        report.file = str(path)  # the same bytes may have been read under another name
        return report

    def _put(self, report: Report) -> None:
        assert self.directory is not None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            target = self._path(report.sha256)
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(report.to_dict(), separators=(",", ":")))
            os.replace(temporary, target)
            self._prune()
        except OSError:
            pass  # an unwritable cache costs time on the next run, nothing else

    def _prune(self) -> None:
        assert self.directory is not None
        entries = sorted(self.directory.glob("*.json"), key=lambda entry: entry.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
