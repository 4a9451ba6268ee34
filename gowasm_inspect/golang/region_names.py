"""The regions a Go data section is divided into, and what each holds: names only, so that the report
model can know them without loading the readers (golang/regions.py finds their bounds)."""

UNLABELLED = "unlabelled"
FRAMING = "framing"
# name -> one line for README and --help
DESCRIPTIONS = {
    FRAMING: "wasm framing: the section header, the segment count and each segment's header",
    "pcheader": "pcHeader: the head of Go's function table (pclntab)",
    "funcnametab": "function names (runtime.funcnametab)",
    "cutab": "per-package indexes into the file table (runtime.cutab)",
    "filetab": "source file paths (runtime.filetab)",
    "pctab": "pc-value tables: stack size, file, line, inlining per instruction (runtime.pctab)",
    "functab": "the function table and each function's _func record (runtime.functab)",
    "funcdata": "funcdata: stack maps, argument info, inline trees, defer info (go:func.*)",
    "findfunctab": "pc-to-function lookup buckets, 320 bytes per function on wasm (runtime.findfunctab)",
    "types": "type metadata: descriptors, uncommon types, method tables and names (.go.type)",
    "itabs": "interface method tables (go:itab.*)",
    "types+rodata": "type metadata, strings and other read-only data (Go before 1.27 records no bound between them)",
    "typelinks": "offsets of the types reflect can look up (runtime.typelinks)",
    "itablinks": "pointers to the itabs made at link time (runtime.itablinks)",
    "funcdesc": "function values of top-level functions (go:funcdesc, .go.func)",
    "moduledata": "runtime.firstmoduledata: the bounds of all the above",
    "modinfo": "module and build-settings text (runtime.modinfo)",
    "rodata": "read-only data: strings (go:string.*), GC bitmaps, constant tables",
    "noptrdata": "initialised variables without pointers (.noptrdata)",
    "data": "initialised variables with pointers (.data)",
    UNLABELLED: "bytes in no region Go records: alignment between regions, or data not from Go",
}
