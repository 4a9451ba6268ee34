"""Layer 4: renderers. One module per result (`size`, `info`, `check`, `diff`), each offering its
formats through one `render_*` function; shared pieces: `console` (rich, terminal or pipe),
`escape` (untrusted text made inert for every output), `figures`, `markdown`, `github`, `progress`.

Imports: `gowasm_inspect.model`, `gowasm_inspect.analyses` (their result types),
`gowasm_inspect.wasm.format` (constants), rich, and this package; never a parser.
"""
