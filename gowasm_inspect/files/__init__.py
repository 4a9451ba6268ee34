"""Files the tool reads and writes besides the binary's own parse: inputs that may be saved reports,
the cache (whole reports and small results by content), and a module rewritten without some sections.

Imports: `gowasm_inspect.model`, `gowasm_inspect.wasm`, `gowasm_inspect.errors`.
"""
