"""Layer 3: analyses over the report model. Each reads reports and returns a result; none parses a binary.

`relink` (what -s / -w relinks would make of a build), `compression/` (compressed sizes),
`diff` (two builds compared), `budget/` (a budget file, and reports checked against it).

Imports: `gowasm_inspect.model`, `gowasm_inspect.wasm` (format constants and byte ranges),
`gowasm_inspect.errors`, and this package.
"""
