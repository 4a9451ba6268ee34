"""Layer 2: Go knowledge over a parsed wasm module.

Linear memory rebuilt from the data section (`memory`), pclntab (`pcheader`, `pclntab`), symbol names
(`symbols`), which package a nameless function belongs to (`origins`), build info and
the Go version (`buildinfo`), Go modules (`modules`), the build ID (`buildid`), what -s
removes (`stripping`), and all of it for one module (`program`).

Imports: `gowasm_inspect.wasm` and this package; never the model, analyses or renderers.
"""

# The Go releases whose pclntab and runtime.firstmoduledata this package reads (moduledata.py has a
# layout for each); here, not there, so that `--version` can say it without loading the readers.
SUPPORTED_GO = ("1.18", "1.27")
