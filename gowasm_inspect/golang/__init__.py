"""Layer 2: Go knowledge over a parsed wasm module.

Linear memory rebuilt from the data section (`memory`), pclntab (`pcheader`, `pclntab`), symbol names
(`symbols`), which package a nameless function belongs to (`origins`), build info and
the Go version (`buildinfo`), Go modules (`modules`), the build ID (`buildid`), what -s
removes (`stripping`), and all of it for one module (`program`).

Imports: `gowasm_inspect.wasm` and this package; never the model, analyses or renderers.
"""
