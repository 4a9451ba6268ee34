"""Size budgets: the YAML budget file (`budget_file`, with `units` and `patterns`), and reports checked
against it (`evaluate`).

Imports: `gowasm_inspect.model`, `gowasm_inspect.wasm.format`, PyYAML and this package.
"""
