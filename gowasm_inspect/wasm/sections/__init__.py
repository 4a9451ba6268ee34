"""One parser per WebAssembly section read in detail; each takes a bounded `Reader` over its payload.

Imports: `gowasm_inspect.wasm.reader`, `gowasm_inspect.wasm.format` and this package.
"""
