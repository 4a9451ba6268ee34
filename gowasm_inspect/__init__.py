"""Tells where the bytes of a Go-built WebAssembly binary go."""

__version__ = "0.1.0"
