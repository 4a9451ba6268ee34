"""The cache under $XDG_CACHE_HOME/gowasm-inspect: small results by key, and whole reports by content.

Small results (compressed sizes, section weights) are JSON values under a key
that names everything they depend on. Whole reports let a repeated slow run
(`size --compress`) skip the parse; they are keyed by the file's SHA-256 and a
fingerprint of this package's code, so a new version (or an edited checkout)
never reads an old report. Reports of a 20 MB binary are about 1.6 MB, so only
the newest few are kept. A cache that cannot be used costs time, nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from gowasm_inspect import __version__
from gowasm_inspect.errors import InputError
from gowasm_inspect.model.report import Report
from gowasm_inspect.wasm.format import READ_CHUNK
from gowasm_inspect.wasm.source import open_input

KEEP_REPORTS = 16
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_root() -> Path:
    """gowasm-inspect's folder in the user's cache directory (XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gowasm-inspect"


def _write_atomically(target: Path, text: str) -> None:
    write_bytes_atomically(target, text.encode())


def write_bytes_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


class ResultCache:
    """Small JSON values, one file each, named by a digest of their key; None as directory: no cache."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    @classmethod
    def default(cls, enabled: bool = True) -> ResultCache:
        return cls(cache_root() / "compressed" if enabled else None)

    def _path(self, key: list[str]) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / hashlib.sha256(json.dumps(key).encode()).hexdigest()[:32]

    def get(self, key: list[str]) -> object:
        path = self._path(key)
        try:
            return json.loads(path.read_text())["value"] if path else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: list[str], value: object) -> None:
        path = self._path(key)
        if path is None:
            return
        with contextlib.suppress(OSError):
            _write_atomically(path, json.dumps({"key": key, "value": value}))


def code_fingerprint() -> str:
    """The package version and every source file's size and mtime: cheap, and changes with any edit."""
    digest = hashlib.sha256(__version__.encode())
    for source in sorted(_PACKAGE.rglob("*.py")):
        status = source.stat()
        digest.update(f"{source.relative_to(_PACKAGE)}:{status.st_size}:{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def file_digest(path: Path) -> str:
    """SHA-256 of a regular file (InputError for anything else: a FIFO or /dev/zero never ends)."""
    digest = hashlib.sha256()
    stream, _ = open_input(path)
    with stream:
        while chunk := stream.read(READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class ReportCache:
    """`analyze`, answered from the cache when the same bytes were analysed by the same code before."""

    def __init__(self, directory: Path | None, analyze: Callable[[Path], Report]) -> None:
        self.directory = directory
        self._analyze = analyze
        self._fingerprint = code_fingerprint() if directory is not None else ""

    @classmethod
    def default(cls, analyze: Callable[[Path], Report]) -> ReportCache:
        return cls(cache_root() / "reports", analyze)

    def _path(self, sha256: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{sha256}-{self._fingerprint}.json"

    def analyze(self, path: Path) -> Report:
        if self.directory is None:
            return self._analyze(path)
        try:
            cached = self._get(path, file_digest(path))
        except (OSError, InputError):
            cached = None  # the analysis will say what is wrong with the file
        if cached is not None:
            return cached
        report = self._analyze(path)
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
            _write_atomically(self._path(report.sha256), json.dumps(report.to_dict(), separators=(",", ":")))
            self._prune()
        except OSError:
            pass

    def _prune(self) -> None:
        assert self.directory is not None
        entries = sorted(self.directory.glob("*.json"), key=lambda entry: entry.stat().st_mtime, reverse=True)
        for old in entries[KEEP_REPORTS:]:
            old.unlink(missing_ok=True)
