"""Layer 1: the WebAssembly binary format, knowing nothing of Go.

A bounded reader (`reader`), the file it reads from (`source`), the section walk
(`walk`), the module read whole (`module`), and one parser per section that needs
detail (`sections/`). Named constants of the format live in `format`.

Imports: only `gowasm_inspect.errors` and this package.
"""
