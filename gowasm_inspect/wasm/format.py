"""Named constants of the WebAssembly binary format (core specification, version 1)."""

from __future__ import annotations

MAGIC = b"\0asm"
VERSION = b"\x01\0\0\0"
MODULE_HEADER_SIZE = len(MAGIC) + len(VERSION)
COMPONENT_LAYER = b"\x01\0"  # bytes 6-7 of a component's header, where a core module has 0

CUSTOM_SECTION_ID = 0
CODE_SECTION_ID = 10
DATA_SECTION_ID = 11
WASM_PAGE_SIZE = 1 << 16  # bytes in a page of linear memory
# Standard sections by id, with their spec names; tag (13) is the exception-handling proposal.
SECTION_NAMES = {
    1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global", 7: "export",
    8: "start", 9: "elem", 10: "code", 11: "data", 12: "datacount", 13: "tag",
}
# The order in which standard sections must appear (by id); each at most once.
SECTION_ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]

# Longest LEB128 encodings the spec allows.
MAX_U32_LEB_BYTES = 5

# Opcodes that constant expressions may hold.
END = 0x0B
GLOBAL_GET = 0x23
I32_CONST = 0x41
I64_CONST = 0x42
F32_CONST = 0x43
F64_CONST = 0x44
REF_NULL = 0xD0
REF_FUNC = 0xD2
SIMD_PREFIX = 0xFD  # opcodes of the SIMD set follow as a LEB128
V128_CONST = 12  # after SIMD_PREFIX: 16 bytes of immediate
# Extended-constant arithmetic: no immediates.
I32_ADD, I32_SUB, I32_MUL = 0x6A, 0x6B, 0x6C
I64_ADD, I64_SUB, I64_MUL = 0x7C, 0x7D, 0x7E

# Type encodings.
FUNC_TYPE_FORM = 0x60
GC_TYPE_FORMS = (0x4E, 0x4F, 0x50, 0x5E, 0x5F)  # rec, sub, sub final, struct, array: not supported
VALUE_TYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128", 0x70: "funcref", 0x6F: "externref"}
REFERENCE_TYPES = {0x70: "funcref", 0x6F: "externref"}
EXTERNAL_KINDS = {0: "func", 1: "table", 2: "memory", 3: "global", 4: "tag"}

# Flag bits.
LIMITS_HAS_MAX, LIMITS_SHARED, LIMITS_64 = 0x01, 0x02, 0x04
LIMITS_FLAGS_MAX = 0x07
ELEMENT_PASSIVE_OR_DECLARATIVE, ELEMENT_EXPLICIT_TABLE, ELEMENT_EXPRESSIONS = 0x01, 0x02, 0x04
ELEMENT_FLAGS_MAX = 7
DATA_ACTIVE, DATA_PASSIVE, DATA_ACTIVE_EXPLICIT_MEMORY = 0, 1, 2

# How much of a file is read at a time when streaming past what is not parsed.
READ_CHUNK = 1 << 20
