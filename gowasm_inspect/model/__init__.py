"""The report model (`report`), its versioned JSON form (`saved`), and the code that builds it from a
parsed binary (`from_binary`).

Imports: `report` imports nothing of this project; `saved` imports `gowasm_inspect.errors`;
`from_binary` imports `gowasm_inspect.wasm` and `gowasm_inspect.golang`.
"""
