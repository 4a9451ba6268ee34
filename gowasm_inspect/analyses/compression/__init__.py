"""Compressed sizes of a build, as servers and precompression produce them.

`settings` (algorithms and levels), `engines` (the compressors, GNU gzip found on
PATH), `parallel` (many sizes at once on every core, through a result cache),
`shares` (each section's estimated part of a compressed size) and `measure`
(all of it for one report: the file, its stripped variant, the shares).

Imports: `gowasm_inspect.model`, `gowasm_inspect.wasm`, brotli, zstandard and this package.
The cache itself is the caller's (a `ResultCache`), so that no analysis writes files.
"""
