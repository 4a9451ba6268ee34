/* The loops a large Go build spent its time in, compiled: Go's data segment headers and their order by
 * address, the image of memory they initialise and what of it the file holds, the instruction scan for
 * address-sized constants, the code and name sections' entries, NUL-terminated names, Go's _func records,
 * funcdata references, type descriptors and names, static data cut into items, the columns of intervals
 * (their order, covered bytes and sums by owner, function and package), the owners of shared keys, and
 * aligned words. One more function sets how the allocator gives large blocks back.
 *
 * Each function does exactly what its pure-Python counterpart does (the tests run both on every fixture,
 * on damaged copies and on crafted input, and compare), so this module is optional:
 * `gowasm_inspect.wasm.native` falls back to Python when it is missing. Every read is checked against the
 * end the caller gives; where a function meets anything it does not handle, it stops and leaves the rest to
 * Python, which says what is wrong in its own words.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#define CONTINUATION 0x80
#define PAYLOAD 0x7F
#define SIGN 0x40

/* int64 values as bytes (empty, not None, when there are none) */
static PyObject *packed(const int64_t *values, Py_ssize_t count) {
    return PyBytes_FromStringAndSize(count ? (const char *)values : "", (Py_ssize_t)sizeof(int64_t) * count);
}

/* a little-endian u32, whatever the host, in one load */
static uint32_t u32_at(const uint8_t *bytes, Py_ssize_t at) {
    uint32_t word;
    memcpy(&word, bytes + at, sizeof word);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word = __builtin_bswap32(word);
#endif
    return word;
}

/* a little-endian u64 in one load (the bytes assembled one by one are not always made one) */
static uint64_t u64_at(const uint8_t *bytes, Py_ssize_t at) {
    uint64_t word;
    memcpy(&word, bytes + at, sizeof word);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word = __builtin_bswap64(word);
#endif
    return word;
}

/* ---- int64 columns passed as array("q") ---- */

/* How many items each of `columns` holds: all 64-bit, as many as the first; -1 with ValueError if not. */
static Py_ssize_t int64_columns(Py_buffer *const columns[], int n) {
    for (int i = 0; i < n; i++) {
        if (columns[i]->itemsize != 8 || columns[i]->len != columns[0]->len) {
            PyErr_SetString(PyExc_ValueError, "columns of different lengths or not 64-bit");
            return -1;
        }
    }
    return columns[0]->len / (Py_ssize_t)sizeof(int64_t);
}

static void release_all(Py_buffer *const buffers[], int n) {
    for (int i = 0; i < n; i++)
        PyBuffer_Release(buffers[i]);
}

/* Whether data[pos:end] lies in `buffer` and `count` is not negative; else ValueError, the buffer released. */
static int range_inside(Py_buffer *buffer, Py_ssize_t pos, Py_ssize_t end, Py_ssize_t count) {
    if (pos < 0 || pos > end || end > buffer->len || count < 0) {
        PyBuffer_Release(buffer);
        PyErr_SetString(PyExc_ValueError, "range outside the buffer");
        return 0;
    }
    return 1;
}

/* Room for `columns` int64 columns of `capacity` items each (PyMem_Free it); NULL with MemoryError, the
 * buffer released. */
static int64_t *new_columns(Py_buffer *buffer, int columns, Py_ssize_t capacity) {
    int64_t *room = PyMem_Malloc(sizeof(int64_t) * (size_t)columns * (size_t)(capacity > 0 ? capacity : 1));
    if (room == NULL) {
        PyBuffer_Release(buffer);
        PyErr_NoMemory();
    }
    return room;
}

/* ---- Go's data segments: `0x00 i32.const OFFSET end SIZE BYTES` ---- */

/* A LEB128 of one to five bytes at data[pos..end) (the form Go's headers use): its length, or 0. */
static Py_ssize_t short_leb(const uint8_t *data, Py_ssize_t pos, Py_ssize_t end, uint64_t *value) {
    uint64_t result = 0;
    for (Py_ssize_t length = 1; length <= 5 && pos < end; length++, pos++) {
        result |= (uint64_t)(data[pos] & PAYLOAD) << (7 * (length - 1));
        if (data[pos] < CONTINUATION) {
            *value = result;
            return length;
        }
    }
    return 0;
}

/* go_segments(data, pos, end, count, base) -> (read, pos, offsets, header_sizes, sizes, addresses)
 * Reads up to `count` segments in Go's form from data[pos:end]; stops, with nothing of that segment
 * consumed, at any other form or any problem. The columns (file offset, header size, size, address) come
 * back as bytes of int64, for array("q").frombytes. */
static PyObject *go_segments(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    Py_ssize_t pos, end, count, base;
    if (!PyArg_ParseTuple(args, "y*nnnn", &buffer, &pos, &end, &count, &base))
        return NULL;
    const uint8_t *data = buffer.buf;
    if (!range_inside(&buffer, pos, end, count))
        return NULL;
    /* a segment takes at least five bytes (flags, i32.const, address, end, size): no more fit */
    Py_ssize_t capacity = count < (end - pos) / 5 + 1 ? count : (end - pos) / 5 + 1;
    int64_t *columns = new_columns(&buffer, 4, capacity);
    if (columns == NULL)
        return NULL;
    int64_t *offsets = columns, *header_sizes = columns + capacity, *sizes = columns + 2 * capacity,
            *addresses = columns + 3 * capacity;
    Py_ssize_t number = 0;
    for (; number < count && number < capacity; number++) {
        if (end - pos < 2 || data[pos] != 0x00 || data[pos + 1] != 0x41)
            break;
        uint64_t address_bits, size;
        Py_ssize_t address_length = short_leb(data, pos + 2, end, &address_bits);
        if (address_length == 0)
            break;
        Py_ssize_t after = pos + 2 + address_length;
        if (after >= end || data[after] != 0x0B)
            break;
        Py_ssize_t size_length = short_leb(data, after + 1, end, &size);
        if (size_length == 0)
            break;
        int64_t address = (int64_t)address_bits;
        if (data[after - 1] & SIGN)
            address -= (int64_t)1 << (7 * address_length);
        Py_ssize_t content = after + 1 + size_length;
        if (address < -((int64_t)1 << 31) || address >= ((int64_t)1 << 31) || size >= ((uint64_t)1 << 32) ||
            (uint64_t)(end - content) < size)
            break;
        offsets[number] = base + pos;
        header_sizes[number] = content - pos;
        sizes[number] = (int64_t)size;
        addresses[number] = address & 0xFFFFFFFF;
        pos = content + (Py_ssize_t)size;
    }
    PyBuffer_Release(&buffer);
    PyObject *result = Py_BuildValue("nnNNNN", number, pos, packed(offsets, number), packed(header_sizes, number),
                                     packed(sizes, number), packed(addresses, number));
    PyMem_Free(columns);
    return result;
}

/* ---- vectors of sized entries: function bodies and function names ---- */

/* A u32 LEB128 as the spec allows it (at most five bytes, no bits past 32) at data[pos..end): its
 * length, or 0 (the caller leaves the entry to Python, which says what is wrong with it). */
static Py_ssize_t u32_leb(const uint8_t *data, Py_ssize_t pos, Py_ssize_t end, uint64_t *value) {
    uint64_t result;
    Py_ssize_t length = short_leb(data, pos, end, &result);
    if (length == 0 || result >= ((uint64_t)1 << 32))
        return 0;
    *value = result;
    return length;
}

/* sized_entries(data, pos, end, count) -> (read, pos, offsets, prefix_sizes, sizes)
 * Up to `count` entries of a u32 size and that many bytes (the code section's bodies), stopping before
 * the first that is not well formed; the columns as bytes of int64. */
static PyObject *sized_entries(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    Py_ssize_t pos, end, count;
    if (!PyArg_ParseTuple(args, "y*nnn", &buffer, &pos, &end, &count))
        return NULL;
    const uint8_t *data = buffer.buf;
    if (!range_inside(&buffer, pos, end, count))
        return NULL;
    Py_ssize_t capacity = count < end - pos + 1 ? count : end - pos + 1;  /* an entry takes a byte at least */
    int64_t *columns = new_columns(&buffer, 3, capacity);
    if (columns == NULL)
        return NULL;
    int64_t *offsets = columns, *prefixes = columns + capacity, *sizes = columns + 2 * capacity;
    Py_ssize_t number = 0;
    for (; number < count && number < capacity; number++) {
        uint64_t size;
        Py_ssize_t prefix = u32_leb(data, pos, end, &size);
        if (prefix == 0 || (uint64_t)(end - pos - prefix) < size)
            break;
        offsets[number] = pos;
        prefixes[number] = prefix;
        sizes[number] = (int64_t)size;
        pos += prefix + (Py_ssize_t)size;
    }
    PyBuffer_Release(&buffer);
    PyObject *result = Py_BuildValue("nnNNN", number, pos, packed(offsets, number), packed(prefixes, number),
                                     packed(sizes, number));
    PyMem_Free(columns);
    return result;
}

/* u32_values(data, pos, end, count) -> (read, pos, values bytes)
 * Up to `count` u32 LEB128 values in a row (a vector's items), stopping before the first that is not well
 * formed; the values as int64. */
static PyObject *u32_values(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    Py_ssize_t pos, end, count;
    if (!PyArg_ParseTuple(args, "y*nnn", &buffer, &pos, &end, &count))
        return NULL;
    const uint8_t *data = buffer.buf;
    if (!range_inside(&buffer, pos, end, count))
        return NULL;
    Py_ssize_t capacity = count < end - pos ? count : end - pos;  /* a value takes a byte at least */
    int64_t *values = new_columns(&buffer, 1, capacity);
    if (values == NULL)
        return NULL;
    Py_ssize_t number = 0;
    for (; number < capacity; number++) {
        uint64_t value;
        Py_ssize_t length = u32_leb(data, pos, end, &value);
        if (length == 0)
            break;
        values[number] = (int64_t)value;
        pos += length;
    }
    PyBuffer_Release(&buffer);
    PyObject *result = Py_BuildValue("nnN", number, pos, packed(values, number));
    PyMem_Free(values);
    return result;
}

/* function_names(data, pos, end, count, names) -> (read, pos)
 * Up to `count` entries of a u32 index and a name (u32 length, UTF-8) into the dict `names`, stopping
 * before the first that is not well formed. */
static PyObject *function_names(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    Py_ssize_t pos, end, count;
    PyObject *names;
    if (!PyArg_ParseTuple(args, "y*nnnO!", &buffer, &pos, &end, &count, &PyDict_Type, &names))
        return NULL;
    const uint8_t *data = buffer.buf;
    if (!range_inside(&buffer, pos, end, count))
        return NULL;
    Py_ssize_t number = 0;
    for (; number < count; number++) {
        uint64_t index, length;
        Py_ssize_t index_size = u32_leb(data, pos, end, &index);
        if (index_size == 0)
            break;
        Py_ssize_t length_size = u32_leb(data, pos + index_size, end, &length);
        Py_ssize_t text = pos + index_size + length_size;
        if (length_size == 0 || (uint64_t)(end - text) < length)
            break;
        PyObject *name = PyUnicode_DecodeUTF8((const char *)data + text, (Py_ssize_t)length, "strict");
        if (name == NULL) {
            if (!PyErr_ExceptionMatches(PyExc_UnicodeDecodeError))
                goto failed;
            PyErr_Clear();
            break;
        }
        PyObject *key = PyLong_FromUnsignedLongLong(index);
        int stored = key == NULL ? -1 : PyDict_SetItem(names, key, name);
        Py_XDECREF(key);
        Py_DECREF(name);
        if (stored < 0)
            goto failed;
        pos = text + (Py_ssize_t)length;
    }
    PyBuffer_Release(&buffer);
    return Py_BuildValue("nn", number, pos);
failed:
    PyBuffer_Release(&buffer);
    return NULL;
}

/* ---- the memory image ---- */

/* fill_image(image, base, payload, shift, offsets, header_sizes, sizes, addresses)
 * Copies each segment whose address is not -1 into `image` at address - base, in file order (so where
 * segments overlap, the later one's bytes stay). The columns are array("q"); every copy is checked. */
static PyObject *fill_image(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer image, payload, offsets, header_sizes, sizes, addresses;
    Py_ssize_t base, shift;
    if (!PyArg_ParseTuple(args, "w*ny*ny*y*y*y*", &image, &base, &payload, &shift, &offsets, &header_sizes, &sizes,
                          &addresses))
        return NULL;
    PyObject *result = NULL;
    Py_buffer *const columns[] = {&offsets, &header_sizes, &sizes, &addresses};
    Py_ssize_t count = int64_columns(columns, 4);
    if (count < 0)
        goto done;
    const int64_t *offset = offsets.buf, *header = header_sizes.buf, *size = sizes.buf, *address = addresses.buf;
    uint8_t *to = image.buf;
    const uint8_t *from = payload.buf;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (address[i] == -1)
            continue;
        int64_t start = offset[i] + header[i] - shift, at = address[i] - base;
        if (size[i] < 0 || start < 0 || at < 0 || start > payload.len - size[i] || at > image.len - size[i]) {
            PyErr_Format(PyExc_ValueError, "segment %zd lies outside the payload or the image", i);
            goto done;
        }
        memcpy(to + at, from + start, (size_t)size[i]);
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&image);
    PyBuffer_Release(&payload);
    release_all(columns, 4);
    return result;
}

/* extent(addresses, sizes) -> (lowest address, highest end, total size), or None when there are none
 * Over the segments whose address is not -1. */
static PyObject *extent(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer addresses, sizes;
    if (!PyArg_ParseTuple(args, "y*y*", &addresses, &sizes))
        return NULL;
    PyObject *result = NULL;
    Py_buffer *const columns[] = {&addresses, &sizes};
    Py_ssize_t count = int64_columns(columns, 2);
    if (count < 0)
        goto done;
    const int64_t *address = addresses.buf, *size = sizes.buf;
    int64_t low = 0, high = 0, total = 0;
    int any = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (address[i] == -1)
            continue;
        if (!any || address[i] < low)
            low = address[i];
        if (!any || address[i] + size[i] > high)
            high = address[i] + size[i];
        total += size[i];
        any = 1;
    }
    result = any ? Py_BuildValue("LLL", (long long)low, (long long)high, (long long)total) : Py_NewRef(Py_None);
done:
    release_all(columns, 2);
    return result;
}

/* by_address(offsets, header_sizes, sizes, addresses) -> (addresses, sizes, contents)
 * The segments whose address is not -1, ordered by address (ties in file order), as int64 columns: each
 * one's address, size and file offset of its contents. */
typedef struct {
    int64_t address, index;
} Placed;

/* Sorts placed[0..count) by address, ties in index order, when the indices ascend as given: the ascending
 * runs it is made of are merged pairwise (stable), so that the columns Go's tables give, a few dozen sorted
 * runs, take a few passes; 0, or -1 with MemoryError. */
static int sort_placed(Placed *placed, Py_ssize_t count) {
    Placed *other = PyMem_Malloc(sizeof(Placed) * (size_t)(count > 0 ? count : 1));
    Py_ssize_t *bounds = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(count + 1));
    if (other == NULL || bounds == NULL) {
        PyMem_Free(other);
        PyMem_Free(bounds);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t runs = 0;
    for (Py_ssize_t i = 0; i < count; i++)
        if (i == 0 || placed[i - 1].address > placed[i].address)
            bounds[runs++] = i;
    bounds[runs] = count;
    Placed *from = placed, *to = other;
    while (runs > 1) {
        Py_ssize_t merged = 0;
        for (Py_ssize_t r = 0; r < runs; r += 2, merged++) {
            Py_ssize_t left = bounds[r], middle = bounds[r + 1], right = r + 2 <= runs ? bounds[r + 2] : middle;
            Py_ssize_t a = left, b = middle, out = left;
            while (a < middle && b < right)
                to[out++] = from[b].address < from[a].address ? from[b++] : from[a++];
            while (a < middle)
                to[out++] = from[a++];
            while (b < right)
                to[out++] = from[b++];
            bounds[merged] = left;
        }
        bounds[merged] = count;
        runs = merged;
        Placed *swap = from;
        from = to;
        to = swap;
    }
    if (from != placed)
        memcpy(placed, from, sizeof(Placed) * (size_t)count);
    PyMem_Free(other);
    PyMem_Free(bounds);
    return 0;
}

static PyObject *by_address(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer offsets, header_sizes, sizes, addresses;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &offsets, &header_sizes, &sizes, &addresses))
        return NULL;
    PyObject *result = NULL;
    Placed *placed = NULL;
    int64_t *columns = NULL;
    Py_buffer *const columns_in[] = {&offsets, &header_sizes, &sizes, &addresses};
    Py_ssize_t count = int64_columns(columns_in, 4), kept = 0;
    if (count < 0)
        goto done;
    placed = PyMem_Malloc(sizeof(Placed) * (size_t)(count > 0 ? count : 1));
    columns = PyMem_Malloc(sizeof(int64_t) * 3 * (size_t)(count > 0 ? count : 1));
    if (placed == NULL || columns == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    const int64_t *offset = offsets.buf, *header = header_sizes.buf, *size = sizes.buf, *address = addresses.buf;
    for (Py_ssize_t i = 0; i < count; i++)
        if (address[i] != -1)
            placed[kept++] = (Placed){address[i], i};
    int ascending = 1;
    for (Py_ssize_t i = 1; i < kept && ascending; i++)
        ascending = placed[i - 1].address <= placed[i].address;
    if (!ascending)
        if (sort_placed(placed, kept) < 0)
            goto done;
    int64_t *sorted_addresses = columns, *sorted_sizes = columns + kept, *contents = columns + 2 * kept;
    for (Py_ssize_t i = 0; i < kept; i++) {
        int64_t at = placed[i].index;
        sorted_addresses[i] = address[at];
        sorted_sizes[i] = size[at];
        contents[i] = offset[at] + header[at];
    }
    result = Py_BuildValue("NNN", packed(sorted_addresses, kept), packed(sorted_sizes, kept), packed(contents, kept));
done:
    PyMem_Free(placed);
    PyMem_Free(columns);
    release_all(columns_in, 4);
    return result;
}

/* zeros_kept(payload, shift, offsets, header_sizes, sizes, run) -> int
 * Zero bytes inside segments in runs of `run` or more, and in shorter runs that end a segment (those a
 * linker dropping zero runs would not have written). Each segment's contents lie at
 * offsets[i] + header_sizes[i] - shift in the payload. */
static PyObject *zeros_kept(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer payload, offsets, header_sizes, sizes;
    Py_ssize_t shift, run;
    if (!PyArg_ParseTuple(args, "y*ny*y*y*n", &payload, &shift, &offsets, &header_sizes, &sizes, &run))
        return NULL;
    PyObject *result = NULL;
    Py_buffer *const columns[] = {&offsets, &header_sizes, &sizes};
    Py_ssize_t count = int64_columns(columns, 3);
    if (count < 0)
        goto done;
    const int64_t *offset = offsets.buf, *header = header_sizes.buf, *size = sizes.buf;
    const uint8_t *bytes = payload.buf;
    long long kept = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        int64_t start = offset[i] + header[i] - shift, end = start + size[i];
        if (size[i] < 0 || start < 0 || end > payload.len) {
            PyErr_Format(PyExc_ValueError, "segment %zd lies outside the payload", i);
            goto done;
        }
        int64_t zeros = 0;
        for (int64_t at = start; at < end; at++) {
            if (bytes[at] == 0) {
                zeros++;
                continue;
            }
            if (zeros >= run)
                kept += zeros;
            zeros = 0;
        }
        kept += zeros;  /* a run ending the segment, of any length */
    }
    result = PyLong_FromLongLong(kept);
done:
    PyBuffer_Release(&payload);
    release_all(columns, 3);
    return result;
}

/* ---- columns of integers: their order, and how much of each span the file covers ---- */

#define SPAN_LIMIT ((int64_t)1 << 62)  /* no overflow below this in the sums and differences taken */

/* The integers of a list, tuple or array("q") as int64 (PyMem_Free the result); NULL with OverflowError
 * when one does not fit, so that the caller can answer in Python instead. */
static int64_t *int64_values(PyObject *values, Py_ssize_t *count) {
    Py_buffer view;
    if (PyObject_CheckBuffer(values) && PyObject_GetBuffer(values, &view, PyBUF_FORMAT) == 0) {
        int64_t *copy = NULL;
        if (view.itemsize == 8 && view.format != NULL && (strcmp(view.format, "q") == 0 || strcmp(view.format, "l") == 0)) {
            *count = view.len / 8;
            copy = PyMem_Malloc((size_t)(view.len > 0 ? view.len : 8));
            if (copy == NULL)
                PyErr_NoMemory();
            else
                memcpy(copy, view.buf, (size_t)view.len);
        } else {
            PyErr_SetString(PyExc_TypeError, "expected an array of 64-bit integers");
        }
        PyBuffer_Release(&view);
        return copy;
    }
    PyErr_Clear();
    PyObject *fast = PySequence_Fast(values, "expected a sequence of integers");
    if (fast == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    PyObject **items = PySequence_Fast_ITEMS(fast);
    int64_t *copy = PyMem_Malloc(sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
    if (copy == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        long long value = PyLong_AsLongLong(items[i]);
        if (value == -1 && PyErr_Occurred()) {
            PyMem_Free(copy);
            Py_DECREF(fast);
            return NULL;
        }
        copy[i] = value;
    }
    Py_DECREF(fast);
    *count = n;
    return copy;
}

/* ascending_order(values) -> bytes of int64 indices, or None when the values ascend already; ties in
 * index order. */
static PyObject *ascending_order(PyObject *self, PyObject *values) {
    (void)self;
    Py_ssize_t count;
    int64_t *column = int64_values(values, &count);
    if (column == NULL)
        return NULL;
    Py_ssize_t i = 1;
    while (i < count && column[i - 1] <= column[i])
        i++;
    if (i >= count) {
        PyMem_Free(column);
        Py_RETURN_NONE;
    }
    Placed *placed = PyMem_Malloc(sizeof(Placed) * (size_t)count);
    if (placed == NULL) {
        PyMem_Free(column);
        return PyErr_NoMemory();
    }
    for (i = 0; i < count; i++)
        placed[i] = (Placed){column[i], i};
    if (sort_placed(placed, count) < 0) {
        PyMem_Free(placed);
        PyMem_Free(column);
        return NULL;
    }
    for (i = 0; i < count; i++)
        column[i] = placed[i].index;
    PyMem_Free(placed);
    PyObject *order = packed(column, count);
    PyMem_Free(column);
    return order;
}

/* take(values, order) -> [values[i] for i in order]: a list reordered (order as from ascending_order) */
static PyObject *take(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *values, *order_object;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &values, &order_object))
        return NULL;
    Py_ssize_t count;
    int64_t *index = int64_values(order_object, &count);
    if (index == NULL)
        return NULL;
    Py_ssize_t size = PyList_GET_SIZE(values);
    PyObject *taken = PyList_New(count);
    for (Py_ssize_t i = 0; taken != NULL && i < count; i++) {
        if (index[i] < 0 || index[i] >= size) {
            Py_CLEAR(taken);
            PyErr_SetString(PyExc_IndexError, "order refers past the list");
            break;
        }
        PyList_SET_ITEM(taken, i, Py_NewRef(PyList_GET_ITEM(values, index[i])));
    }
    PyMem_Free(index);
    return taken;
}

/* take_int64(values, order) -> bytes of int64: a column of int64 (an array("q")) reordered likewise */
static PyObject *take_int64(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *values_object, *order_object;
    if (!PyArg_ParseTuple(args, "OO", &values_object, &order_object))
        return NULL;
    Py_ssize_t size = 0, count = 0;
    int64_t *values = int64_values(values_object, &size);
    int64_t *index = values == NULL ? NULL : int64_values(order_object, &count);
    PyObject *taken = NULL;
    if (index != NULL) {
        Py_ssize_t i = 0;
        while (i < count && index[i] >= 0 && index[i] < size) {
            index[i] = values[index[i]];  /* the order's column now holds the values */
            i++;
        }
        if (i < count)
            PyErr_SetString(PyExc_IndexError, "order refers past the column");
        else
            taken = packed(index, count);
    }
    PyMem_Free(values);
    PyMem_Free(index);
    return taken;
}

/* coverage_columns(starts, sizes) -> (range starts, shift, upto, total) as Coverage keeps them, or None
 * when the ranges [starts[i], starts[i] + sizes[i]) do not ascend disjoint (then Python merges them). */
static PyObject *coverage_columns(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *starts_object, *sizes_object;
    if (!PyArg_ParseTuple(args, "OO", &starts_object, &sizes_object))
        return NULL;
    Py_ssize_t count = 0, sizes_count = 0;
    int64_t *starts = int64_values(starts_object, &count), *sizes = NULL, *columns = NULL;
    PyObject *result = NULL;
    if (starts == NULL || (sizes = int64_values(sizes_object, &sizes_count)) == NULL)
        goto done;
    if (sizes_count != count) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        if (starts[i] < 0 || starts[i] >= SPAN_LIMIT || sizes[i] < 0 || sizes[i] >= SPAN_LIMIT ||
            (i + 1 < count && starts[i] + sizes[i] > starts[i + 1])) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    }
    /* with the range (-1, -1) first: range_starts n + 1 long, shift and upto n + 2 */
    columns = PyMem_Malloc(sizeof(int64_t) * (size_t)(3 * count + 5));
    if (columns == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int64_t *range_start = columns, *shift = columns + count + 1, *upto = columns + 2 * count + 3, before = 0;
    range_start[0] = -1;
    shift[0] = upto[0] = 0;
    shift[1] = -1;
    for (Py_ssize_t i = 0; i < count; i++) {
        range_start[i + 1] = starts[i];
        shift[i + 2] = starts[i] - before;
        upto[i + 1] = before;
        before += sizes[i];
    }
    upto[count + 1] = before;
    result = Py_BuildValue("NNNL", packed(range_start, count + 1), packed(shift, count + 2), packed(upto, count + 2),
                           (long long)before);
done:
    PyMem_Free(starts);
    PyMem_Free(sizes);
    PyMem_Free(columns);
    return result;
}

/* Covered bytes below `point` (see Coverage._covered_below): within range j, the point less shift[j];
 * past its end, upto[j]; j + 1 the number of range starts at or below the point. */
/* *hint is where the last lookup ended: spans come in address order, so the next answer is most often at
 * or just past it, and a few steps from there find it before a binary search is needed. */
static int64_t covered_below(const int64_t *starts, const int64_t *shift, const int64_t *upto, Py_ssize_t ranges,
                             int64_t point, Py_ssize_t *hint) {
    Py_ssize_t low = 0, high = ranges, at = *hint;
    if (at > 0 && starts[at - 1] > point) {
        high = at - 1;  /* behind the hint */
    } else {
        for (int step = 0; step < 8 && at < ranges && starts[at] <= point; step++)
            at++;
        if (at == ranges || starts[at] > point)
            low = high = at;
        else
            low = at + 1;
    }
    while (low < high) {
        Py_ssize_t middle = low + (high - low) / 2;
        if (starts[middle] <= point)
            low = middle + 1;
        else
            high = middle;
    }
    *hint = low;
    int64_t inside = point - shift[low];
    return inside < upto[low] ? inside : upto[low];
}


/* covered_spans(range_starts, shift, upto, starts, ends, overlapping) -> bytes of int64: for each span,
 * the bytes of [starts[i], ends[i]) that the ranges cover (at least 0); with `overlapping`, of
 * [max(starts[i], the furthest end before it, or -1 for the first), ends[i]), so that where spans overlap
 * a byte counts once. range_starts has one entry fewer than shift and upto. */
static PyObject *covered_spans(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer range_starts, shifts, uptos;
    PyObject *starts_object, *ends_object;
    int overlapping;
    if (!PyArg_ParseTuple(args, "y*y*y*OOp", &range_starts, &shifts, &uptos, &starts_object, &ends_object,
                          &overlapping))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t count = 0, ends_count = 0, ranges = range_starts.len / (Py_ssize_t)sizeof(int64_t);
    int64_t *starts = int64_values(starts_object, &count), *ends = NULL;
    if (starts == NULL)
        goto done;
    ends = int64_values(ends_object, &ends_count);
    if (ends == NULL)
        goto done;
    if (ends_count != count || shifts.len != range_starts.len + 8 || uptos.len != shifts.len) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
        goto done;
    }
    const int64_t *range_start = range_starts.buf, *shift = shifts.buf, *upto = uptos.buf;
    int64_t reached = -1;
    Py_ssize_t start_hint = 0, end_hint = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        int64_t start = overlapping && reached > starts[i] ? reached : starts[i], end = ends[i];
        if (start <= -SPAN_LIMIT || start >= SPAN_LIMIT || end <= -SPAN_LIMIT || end >= SPAN_LIMIT) {
            PyErr_SetString(PyExc_OverflowError, "an address too large to cover");
            goto done;
        }
        if (i == 0 || end > reached)
            reached = end;
        int64_t size = covered_below(range_start, shift, upto, ranges, end, &end_hint) -
                       covered_below(range_start, shift, upto, ranges, start, &start_hint);
        starts[i] = size > 0 ? size : 0;
    }
    result = packed(starts, count);
done:
    PyMem_Free(starts);
    PyMem_Free(ends);
    PyBuffer_Release(&range_starts);
    PyBuffer_Release(&shifts);
    PyBuffer_Release(&uptos);
    return result;
}

/* Adds `size` to mapping[key] (0 when absent); 0, or -1 with an exception. */
static int add_to(PyObject *mapping, PyObject *key, int64_t size) {
    PyObject *before = PyDict_GetItemWithError(mapping, key);
    if (before == NULL && PyErr_Occurred())
        return -1;
    PyObject *amount = PyLong_FromLongLong(size);
    if (amount == NULL)
        return -1;
    PyObject *total = before == NULL ? Py_NewRef(amount) : PyNumber_Add(before, amount);
    Py_DECREF(amount);
    if (total == NULL)
        return -1;
    int stored = PyDict_SetItem(mapping, key, total);
    Py_DECREF(total);
    return stored;
}

/* outer[key], a dict made and stored there when absent: borrowed (outer holds it); NULL with an exception. */
static PyObject *inner_dict(PyObject *outer, PyObject *key) {
    PyObject *inner = PyDict_GetItemWithError(outer, key);
    if (inner != NULL || PyErr_Occurred())
        return inner;
    inner = PyDict_New();
    if (inner == NULL)
        return NULL;
    int stored = PyDict_SetItem(outer, key, inner);
    Py_DECREF(inner);  /* outer holds it, when stored */
    return stored < 0 ? NULL : inner;
}

/* A column of sizes, one per row, and room for as many row positions: 0, or -1 with an exception (and nothing
 * left to free). */
static int sized_rows(PyObject *sizes_object, Py_ssize_t rows, int64_t **sizes, int64_t **positions) {
    Py_ssize_t count;
    *sizes = int64_values(sizes_object, &count);
    if (*sizes == NULL)
        return -1;
    if (count != rows) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
    } else {
        *positions = PyMem_Malloc(sizeof(int64_t) * (size_t)(rows > 0 ? rows : 1));
        if (*positions != NULL)
            return 0;
        PyErr_NoMemory();
    }
    PyMem_Free(*sizes);
    return -1;
}

/* sum_by_int_owner(regions, owners, sizes, owned) -> bytes of int64 positions
 * For each i whose size is not 0: when owners[i] is an int, owned[regions[i]][owners[i]] += sizes[i]
 * (dicts made as first needed, in order); otherwise i is returned, for the caller. */
static PyObject *sum_by_int_owner(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *regions, *owners, *sizes_object, *owned;
    if (!PyArg_ParseTuple(args, "O!O!OO!", &PyList_Type, &regions, &PyList_Type, &owners, &sizes_object, &PyDict_Type,
                          &owned))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(regions), rest_count = 0;
    int64_t *sizes, *rest;
    if (PyList_GET_SIZE(owners) != count) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
        return NULL;
    }
    if (sized_rows(sizes_object, count, &sizes, &rest) < 0)
        return NULL;
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (sizes[i] == 0)
            continue;
        PyObject *owner = PyList_GET_ITEM(owners, i);
        if (!PyLong_Check(owner)) {
            rest[rest_count++] = i;
            continue;
        }
        PyObject *by_owner = inner_dict(owned, PyList_GET_ITEM(regions, i));
        if (by_owner == NULL || add_to(by_owner, owner, sizes[i]) < 0)
            goto done;
    }
    result = packed(rest, rest_count);
done:
    PyMem_Free(sizes);
    PyMem_Free(rest);
    return result;
}

/* The group all of `users` (a frozenset of numbers below `known`) share, or None when they do not (or there
 * are none): a new reference; NULL with *valid 0 when a user is not such a number, or with an exception. */
static PyObject *common_group(PyObject *users, PyObject *groups, Py_ssize_t known, int *valid) {
    *valid = 1;
    PyObject *iterator = PyObject_GetIter(users), *user, *common = NULL;
    if (iterator == NULL)
        return NULL;
    int differ = 0;
    while (!differ && (user = PyIter_Next(iterator)) != NULL) {
        Py_ssize_t number = PyLong_Check(user) ? PyLong_AsSsize_t(user) : -1;
        Py_DECREF(user);
        if (number < 0 || number >= known) {
            Py_DECREF(iterator);
            if (PyErr_Occurred())
                return NULL;
            *valid = 0;
            return NULL;
        }
        PyObject *group = PyList_GET_ITEM(groups, number);
        if (common == NULL) {
            common = group;
            continue;
        }
        int same = common == group ? 1 : PyObject_RichCompareBool(common, group, Py_EQ);
        if (same < 0) {
            Py_DECREF(iterator);
            return NULL;
        }
        differ = !same;
    }
    Py_DECREF(iterator);
    if (PyErr_Occurred())
        return NULL;
    return Py_NewRef(common == NULL || differ ? Py_None : common);
}

/* Sums by (group, region) object pair, kept in C until the end: an interval costs a probe, not dict updates
 * and new ints. Pairs are told apart by identity (the caller shares one object per group), in the order
 * first seen; equal groups that are different objects have a sum each and meet in the dicts. */
typedef struct {
    PyObject *group;  /* a reference held */
    PyObject *region;  /* borrowed from the regions column */
    int64_t sum;
} PairSum;

typedef struct {
    PairSum *sums;
    Py_ssize_t count, capacity;
    Py_ssize_t *slots;  /* open addressing: a position in sums plus 1, or 0 */
    Py_ssize_t mask;
} PairSums;

static Py_ssize_t pair_slot(PyObject *group, PyObject *region, Py_ssize_t mask) {
    uint64_t x = (uint64_t)(uintptr_t)group * 0x9E3779B97F4A7C15ULL ^ (uint64_t)(uintptr_t)region;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ULL;
    return (Py_ssize_t)((x ^ (x >> 32)) & (uint64_t)mask);
}

static int resize_pairs(PairSums *pairs, Py_ssize_t size) {
    Py_ssize_t *slots = PyMem_Calloc((size_t)size, sizeof(Py_ssize_t));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t n = 0; n < pairs->count; n++) {
        Py_ssize_t slot = pair_slot(pairs->sums[n].group, pairs->sums[n].region, size - 1);
        while (slots[slot])
            slot = (slot + 1) & (size - 1);
        slots[slot] = n + 1;
    }
    PyMem_Free(pairs->slots);
    pairs->slots = slots, pairs->mask = size - 1;
    return 0;
}

/* The sum of (group, region), made when first asked for (holding a reference to group); NULL on no memory. */
static int64_t *pair_sum(PairSums *pairs, PyObject *group, PyObject *region) {
    if (pairs->slots == NULL || 2 * (pairs->count + 1) > pairs->mask + 1)
        if (resize_pairs(pairs, pairs->slots == NULL ? 256 : 2 * (pairs->mask + 1)) < 0)
            return NULL;
    Py_ssize_t slot = pair_slot(group, region, pairs->mask);
    for (; pairs->slots[slot]; slot = (slot + 1) & pairs->mask) {
        PairSum *known = &pairs->sums[pairs->slots[slot] - 1];
        if (known->group == group && known->region == region)
            return &known->sum;
    }
    if (pairs->count == pairs->capacity) {
        Py_ssize_t capacity = pairs->capacity ? 2 * pairs->capacity : 256;
        PairSum *sums = PyMem_Realloc(pairs->sums, sizeof(PairSum) * (size_t)capacity);
        if (sums == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        pairs->sums = sums, pairs->capacity = capacity;
    }
    PairSum *made = &pairs->sums[pairs->count++];
    made->group = Py_NewRef(group), made->region = region, made->sum = 0;
    pairs->slots[slot] = pairs->count;
    return &made->sum;
}

static void release_pairs(PairSums *pairs) {
    for (Py_ssize_t n = 0; n < pairs->count; n++)
        Py_DECREF(pairs->sums[n].group);
    PyMem_Free(pairs->sums);
    PyMem_Free(pairs->slots);
}

/* Whether sum + size would pass 64 bits (file bytes never do): then the sum goes into its dict first. */
static int overflows(int64_t sum, int64_t size) {
    return (size > 0 && sum > INT64_MAX - size) || (size < 0 && sum < INT64_MIN - size);
}

/* owner_totals(regions, owners, sizes, groups, names, by_name, by_group) -> bytes of int64 positions
 * For each i whose size is not 0: when its owner n is an int, by_name[names[n]] += sizes[i] and
 * by_group[groups[n]][regions[i]] += sizes[i]; when it is a frozenset of such numbers (functions sharing),
 * by_group[their common group, or None][regions[i]] += sizes[i]; when it is a str (a group's own),
 * by_group[it][regions[i]] += sizes[i] (inner dicts made as first needed). Any other i (a number no function
 * has) is returned, for the caller. */
static PyObject *owner_totals(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *regions, *owners, *sizes_object, *groups, *names, *by_name, *by_group;
    if (!PyArg_ParseTuple(args, "O!O!OO!O!O!O!", &PyList_Type, &regions, &PyList_Type, &owners, &sizes_object,
                          &PyList_Type, &groups, &PyList_Type, &names, &PyDict_Type, &by_name, &PyDict_Type, &by_group))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(regions), rest_count = 0, known = PyList_GET_SIZE(groups), touched = 0;
    int64_t *sizes, *rest;
    if (PyList_GET_SIZE(owners) != count || PyList_GET_SIZE(names) != known) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
        return NULL;
    }
    if (sized_rows(sizes_object, count, &sizes, &rest) < 0)
        return NULL;
    PyObject *result = NULL;
    PairSums pairs = {NULL, 0, 0, NULL, 0};
    /* each function number's sum, and the numbers in the order first summed */
    int64_t *by_number = PyMem_Calloc((size_t)(known > 0 ? known : 1), sizeof(int64_t));
    Py_ssize_t *order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(known > 0 ? known : 1));
    unsigned char *seen = PyMem_Calloc((size_t)(known > 0 ? known : 1), 1);
    if (by_number == NULL || order == NULL || seen == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        if (sizes[i] == 0)
            continue;
        PyObject *owner = PyList_GET_ITEM(owners, i), *group;
        Py_ssize_t number = -1;
        if (PyLong_Check(owner)) {
            number = PyLong_AsSsize_t(owner);
            if (number == -1 && PyErr_Occurred())
                goto done;
            if (number < 0 || number >= known) {  /* a number no function has */
                rest[rest_count++] = i;
                continue;
            }
            group = Py_NewRef(PyList_GET_ITEM(groups, number));
        } else if (PyFrozenSet_CheckExact(owner)) {
            int valid;
            group = common_group(owner, groups, known, &valid);
            if (group == NULL) {
                if (valid)
                    goto done;
                rest[rest_count++] = i;
                continue;
            }
        } else if (PyUnicode_CheckExact(owner)) {  /* a package's own */
            group = Py_NewRef(owner);
        } else {
            rest[rest_count++] = i;
            continue;
        }
        PyObject *region = PyList_GET_ITEM(regions, i);
        int64_t *sum = pair_sum(&pairs, group, region);
        Py_DECREF(group);  /* the pair holds it */
        if (sum == NULL)
            goto done;
        if (overflows(*sum, sizes[i])) {
            PyObject *by_region = inner_dict(by_group, group);
            if (by_region == NULL || add_to(by_region, region, *sum) < 0)
                goto done;
            *sum = 0;
        }
        *sum += sizes[i];
        if (number >= 0) {
            if (!seen[number])
                seen[number] = 1, order[touched++] = number;
            if (overflows(by_number[number], sizes[i])) {
                if (add_to(by_name, PyList_GET_ITEM(names, number), by_number[number]) < 0)
                    goto done;
                by_number[number] = 0;
            }
            by_number[number] += sizes[i];
        }
    }
    for (Py_ssize_t n = 0; n < pairs.count; n++) {
        PyObject *by_region = inner_dict(by_group, pairs.sums[n].group);
        if (by_region == NULL || add_to(by_region, pairs.sums[n].region, pairs.sums[n].sum) < 0)
            goto done;
    }
    for (Py_ssize_t n = 0; n < touched; n++)
        if (add_to(by_name, PyList_GET_ITEM(names, order[n]), by_number[order[n]]) < 0)
            goto done;
    result = packed(rest, rest_count);
done:
    release_pairs(&pairs);
    PyMem_Free(by_number);
    PyMem_Free(order);
    PyMem_Free(seen);
    PyMem_Free(sizes);
    PyMem_Free(rest);
    return result;
}

/* ---- Go's type descriptors (golang/types.py and type_layout.py say what each field is) ---- */

typedef struct {
    const uint8_t *data;
    int64_t length, base, types, etypes, items_left;
} Types;

/* little-endian reads at an address; 0 where they would leave the data */
static uint64_t type_word(const Types *t, int64_t address) {
    int64_t at = address - t->base;
    if (at < 0 || at > t->length - 8)
        return 0;
    return u64_at(t->data, at);
}

static int64_t type_int32(const Types *t, int64_t address) {
    int64_t at = address - t->base;
    return at < 0 || at > t->length - 4 ? 0 : (int32_t)u32_at(t->data, at);
}

static int64_t type_uint16(const Types *t, int64_t address) {
    int64_t at = address - t->base;
    return at < 0 || at > t->length - 2 ? 0 : (int64_t)(t->data[at] | t->data[at + 1] << 8);
}

/* How many of `count` items of `size` bytes at `start` to read: those inside the type range, within what
 * is left to read in all. */
static int64_t type_items(Types *t, uint64_t start, uint64_t count, int64_t size) {
    uint64_t fits = 0;
    if (start >= (uint64_t)t->types && start <= (uint64_t)t->etypes)
        fits = ((uint64_t)t->etypes - start) / (uint64_t)size;
    uint64_t taken = count < fits ? count : fits;
    if (taken > (uint64_t)t->items_left)
        taken = (uint64_t)t->items_left;
    t->items_left -= (int64_t)taken;
    return (int64_t)taken;
}

/* Where a descriptor's references go as it is read: each edge (a type it points at) and each name, a
 * nameOff or typeOff made an address (`is_word` 0) or a word read as it is (1); 0, or -1 with an exception. */
typedef struct {
    int (*edge)(void *sink, int64_t value, int is_word);
    int (*name)(void *sink, int64_t value, int is_word);
    void *sink;
} Emitter;

typedef struct {
    int64_t size;
    uint64_t element;  /* whose package an unnamed type takes, when has_element */
    int64_t package_name;  /* a named type's package path, when has_package_name */
    int has_element, has_package_name;
} TypeFacts;

/* An offset (0 and -1: none) made an address and emitted. */
static int emit_offset(int (*emit)(void *, int64_t, int), void *sink, const Types *t, int64_t value) {
    return value == 0 || value == -1 ? 0 : emit(sink, t->types + value, 0);
}

#define TYPE_HEADER 48
#define TYPE_UNCOMMON 16
#define TYPE_METHOD 16
#define TYPE_IMETHOD 8
#define TYPE_FIELD 24
enum { KIND_ARRAY = 17, KIND_CHAN, KIND_FUNC, KIND_INTERFACE, KIND_MAP, KIND_POINTER, KIND_SLICE, KIND_STRUCT = 25 };

/* One type descriptor, as golang/types.py's _parse reads it (the caller checked it is one, inside the
 * data); kind_size holds the fixed size of each of the 32 kinds. 0, or -1 with an exception. */
static int read_descriptor(Types *t, const int64_t *kind_size, int64_t address, const Emitter *out, TypeFacts *facts) {
    int64_t at = address - t->base;
    int kind = t->data[at + 23] & 0x1F, tflag = t->data[at + 20];
    int64_t end = address + kind_size[kind];
    void *sink = out->sink;
    facts->has_element = facts->has_package_name = 0;
    if (emit_offset(out->edge, sink, t, type_int32(t, address + 44)) < 0 ||
        emit_offset(out->name, sink, t, type_int32(t, address + 40)) < 0)
        return -1;
    if (kind == KIND_ARRAY || kind == KIND_CHAN || kind == KIND_POINTER || kind == KIND_SLICE || kind == KIND_MAP) {
        facts->element = type_word(t, address + (kind == KIND_MAP ? 56 : 48));
        facts->has_element = 1;
        if (out->edge(sink, (int64_t)type_word(t, address + 48), 1) < 0)
            return -1;
        if (kind == KIND_MAP && (out->edge(sink, (int64_t)type_word(t, address + 56), 1) < 0 ||
                                 out->edge(sink, (int64_t)type_word(t, address + 64), 1) < 0))
            return -1;
    }
    int64_t uncommon = tflag & 1 ? end : -1, start = end + (tflag & 1 ? TYPE_UNCOMMON : 0), variable_end = start;
    end = start;
    if (kind == KIND_FUNC) {  /* parameters and results */
        int64_t count = type_items(t, (uint64_t)start,
                                   (uint64_t)(type_uint16(t, address + 48) + (type_uint16(t, address + 50) & 0x7FFF)), 8);
        for (int64_t i = 0; i < count; i++)
            if (out->edge(sink, (int64_t)type_word(t, start + 8 * i), 1) < 0)
                return -1;
        variable_end = start + 8 * count;
    } else if (kind == KIND_INTERFACE || kind == KIND_STRUCT) {  /* methods or fields */
        uint64_t package_path = type_word(t, address + 48);
        if (package_path && out->name(sink, (int64_t)package_path, 1) < 0)
            return -1;
        int64_t size = kind == KIND_INTERFACE ? TYPE_IMETHOD : TYPE_FIELD;
        uint64_t items = type_word(t, address + 56), claimed = type_word(t, address + 64);
        int64_t count = type_items(t, items, claimed < (1 << 16) ? claimed : (1 << 16), size);
        for (int64_t i = 0; i < count; i++) {
            int64_t item = (int64_t)items + size * i;
            if (kind == KIND_INTERFACE) {
                if (emit_offset(out->name, sink, t, type_int32(t, item)) < 0 ||
                    emit_offset(out->edge, sink, t, type_int32(t, item + 4)) < 0)
                    return -1;
            } else {
                uint64_t name = type_word(t, item);
                if ((name && out->name(sink, (int64_t)name, 1) < 0) || out->edge(sink, (int64_t)type_word(t, item + 8), 1) < 0)
                    return -1;
            }
        }
        if (items == (uint64_t)start)  /* the array follows the fixed part */
            variable_end = start + size * count;
    }
    if (variable_end > end)
        end = variable_end;
    if (uncommon >= 0) {  /* the package path, then the method table */
        int64_t path = type_int32(t, uncommon);
        if (path != 0 && path != -1) {
            facts->package_name = t->types + path;
            facts->has_package_name = 1;
        }
        int64_t methods = uncommon + (type_int32(t, uncommon + 8) & 0xFFFFFFFF);
        int64_t count = type_items(t, (uint64_t)methods, (uint64_t)type_uint16(t, uncommon + 4), TYPE_METHOD);
        for (int64_t i = 0; i < count; i++) {
            int64_t method = methods + TYPE_METHOD * i;
            if (emit_offset(out->name, sink, t, type_int32(t, method)) < 0 ||
                emit_offset(out->edge, sink, t, type_int32(t, method + 4)) < 0)
                return -1;
        }
        if (methods + TYPE_METHOD * count > end)
            end = methods + TYPE_METHOD * count;
    }
    facts->size = end - address;
    return 0;
}

/* An emitted value as the Python int it is: a word unsigned, an address signed. */
static PyObject *emitted_int(int64_t value, int is_word) {
    return is_word ? PyLong_FromUnsignedLongLong((uint64_t)value) : PyLong_FromLongLong(value);
}

/* Sinks for parse_type: two Python lists. */
typedef struct {
    PyObject *edges, *names;
} ListSinks;

static int append_int(PyObject *list, int64_t value, int is_word) {
    PyObject *number = emitted_int(value, is_word);
    int failed = number == NULL || PyList_Append(list, number) < 0;
    Py_XDECREF(number);
    return failed ? -1 : 0;
}

static int list_edge(void *sink, int64_t value, int is_word) {
    return append_int(((ListSinks *)sink)->edges, value, is_word);
}

static int list_name(void *sink, int64_t value, int is_word) {
    return append_int(((ListSinks *)sink)->names, value, is_word);
}

/* parse_type(buffer, base, address, types, etypes, kind_sizes, items_left)
 *   -> (size, edges, names, element, package_name, items_left)
 * One type descriptor, as golang/types.py's _parse reads it (the caller checked it is one); kind_sizes holds
 * the fixed size of each of the 32 kinds. */
static PyObject *parse_type(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    PyObject *sizes_object;
    Types t;
    int64_t address;
    if (!PyArg_ParseTuple(args, "y*LLLLOL", &buffer, &t.base, &address, &t.types, &t.etypes, &sizes_object,
                          &t.items_left))
        return NULL;
    t.data = buffer.buf;
    t.length = buffer.len;
    Py_ssize_t kinds = 0;
    int64_t *kind_size = int64_values(sizes_object, &kinds);
    ListSinks lists = {PyList_New(0), PyList_New(0)};
    Emitter out = {list_edge, list_name, &lists};
    TypeFacts facts;
    PyObject *element = NULL, *package = NULL, *result = NULL;
    if (kind_size == NULL || lists.edges == NULL || lists.names == NULL)
        goto done;
    int64_t at = address - t.base;
    if (kinds != 32 || at < 0 || at > t.length - TYPE_HEADER) {
        PyErr_SetString(PyExc_ValueError, "not a type descriptor inside the data");
        goto done;
    }
    if (read_descriptor(&t, kind_size, address, &out, &facts) < 0)
        goto done;
    element = facts.has_element ? PyLong_FromUnsignedLongLong(facts.element) : Py_NewRef(Py_None);
    package = facts.has_package_name ? PyLong_FromLongLong(facts.package_name) : Py_NewRef(Py_None);
    if (element != NULL && package != NULL)
        result = Py_BuildValue("LOOOOL", facts.size, lists.edges, lists.names, element, package, t.items_left);
done:
    Py_XDECREF(lists.edges);
    Py_XDECREF(lists.names);
    Py_XDECREF(element);
    Py_XDECREF(package);
    PyMem_Free(kind_size);
    PyBuffer_Release(&buffer);
    return result;
}

static uint64_t mixed(uint64_t x);

/* A growable column of int64. */
typedef struct {
    int64_t *items;
    Py_ssize_t count, capacity;
} Int64s;

static int push(Int64s *column, int64_t value) {
    if (column->count == column->capacity) {
        Py_ssize_t capacity = column->capacity ? 2 * column->capacity : 1024;
        int64_t *items = PyMem_Realloc(column->items, sizeof(int64_t) * (size_t)capacity);
        if (items == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        column->items = items;
        column->capacity = capacity;
    }
    column->items[column->count++] = value;
    return 0;
}

/* The addresses a walk has been to: open addressing, at most half full, slots from a seeded hash so that
 * addresses crafted to collide do not line up. */
typedef struct {
    int64_t *slots;  /* an address, or -1: empty (no type lies at a negative address) */
    Py_ssize_t mask, count;
    uint64_t seed;
} Visited;

/* 1 when `address` was not there and is now, 0 when it was, -1 with an exception. */
static int visit(Visited *seen, int64_t address) {
    if (2 * (seen->count + 1) > seen->mask + 1) {
        Py_ssize_t capacity = 2 * (seen->mask + 1);
        int64_t *slots = PyMem_Malloc(sizeof(int64_t) * (size_t)capacity);
        if (slots == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        memset(slots, 0xFF, sizeof(int64_t) * (size_t)capacity);
        for (Py_ssize_t i = 0; i <= seen->mask; i++) {
            if (seen->slots[i] < 0)
                continue;
            Py_ssize_t slot = (Py_ssize_t)(mixed((uint64_t)seen->slots[i] ^ seen->seed) & (uint64_t)(capacity - 1));
            while (slots[slot] >= 0)
                slot = (slot + 1) & (capacity - 1);
            slots[slot] = seen->slots[i];
        }
        PyMem_Free(seen->slots);
        seen->slots = slots;
        seen->mask = capacity - 1;
    }
    Py_ssize_t slot = (Py_ssize_t)(mixed((uint64_t)address ^ seen->seed) & (uint64_t)seen->mask);
    while (seen->slots[slot] >= 0) {
        if (seen->slots[slot] == address)
            return 0;
        slot = (slot + 1) & seen->mask;
    }
    seen->slots[slot] = address;
    seen->count++;
    return 1;
}

/* golang/types.py's TypeReader.is_type: an aligned address in the type range, a descriptor's header inside the
 * data, a kind from 1 to 26. */
static int is_type_at(const Types *t, int64_t address) {
    int64_t at = address - t->base;
    return address >= t->types && address < t->etypes && address % 8 == 0 && at >= 0 && at <= t->length - TYPE_HEADER &&
           (t->data[at + 23] & 0x1F) >= 1 && (t->data[at + 23] & 0x1F) <= 26;
}

/* Sinks for walk_types: the edges to follow (a word past 63 bits is no type: -1), the names as Python ints. */
typedef struct {
    Int64s *edges;
    PyObject *names;
} WalkSinks;

static int walk_edge(void *sink, int64_t value, int is_word) {
    return push(((WalkSinks *)sink)->edges, is_word && value < 0 ? -1 : value);
}

static int walk_name(void *sink, int64_t value, int is_word) {
    return append_int(((WalkSinks *)sink)->names, value, is_word);
}

/* One descriptor read and its facts appended to the walk's columns; its size in *size. */
static int take_descriptor(Types *t, const int64_t *kind_size, int64_t address, Int64s *edges, PyObject *columns[6],
                           int64_t *size) {
    PyObject *names = PyList_New(0);
    WalkSinks sinks = {edges, names};
    Emitter out = {walk_edge, walk_name, &sinks};
    TypeFacts facts;
    if (names == NULL || read_descriptor(t, kind_size, address, &out, &facts) < 0) {
        Py_XDECREF(names);
        return -1;
    }
    *size = facts.size;
    PyObject *values[6] = {
        PyLong_FromLongLong(address), PyLong_FromLongLong(facts.size),
        facts.has_element ? PyLong_FromUnsignedLongLong(facts.element) : Py_NewRef(Py_None),
        facts.has_package_name ? PyLong_FromLongLong(facts.package_name) : Py_NewRef(Py_None),
        PyList_AsTuple(names), NULL};
    Py_DECREF(names);
    int failed = 0;
    for (int i = 0; i < 5; i++) {
        failed |= values[i] == NULL || PyList_Append(columns[i], values[i]) < 0;
        Py_XDECREF(values[i]);
    }
    return failed ? -1 : 0;
}

/* walk_types(buffer, base, types, etypes, kind_sizes, items_left, first, typedesc_end, roots, seed)
 *   -> (addresses, sizes, elements, package_names, names, items_left)
 * golang/types.py's walk: the descriptors laid one after another from `first` while they are types before
 * typedesc_end (Go 1.27; none when typedesc_end is first), their edges then `roots` to visit, the last first;
 * each address not seen that is a type read and its edges visited in turn. Each descriptor read, in that order:
 * its address, size, element (or None), package path name (or None) and names (a tuple). */
static PyObject *walk_types(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    PyObject *sizes_object, *roots_object;
    Types t;
    int64_t first, typedesc_end;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "y*LLLOLLLOK", &buffer, &t.base, &t.types, &t.etypes, &sizes_object, &t.items_left,
                          &first, &typedesc_end, &roots_object, &seed))
        return NULL;
    t.data = buffer.buf;
    t.length = buffer.len;
    Py_ssize_t kinds = 0, root_count = 0;
    int64_t *kind_size = int64_values(sizes_object, &kinds), *roots = NULL;
    Int64s pending = {NULL, 0, 0};
    Visited seen = {PyMem_Malloc(sizeof(int64_t) * 1024), 1023, 0, seed};
    PyObject *columns[6] = {PyList_New(0), PyList_New(0), PyList_New(0), PyList_New(0), PyList_New(0), NULL};
    PyObject *result = NULL;
    if (kind_size == NULL || (roots = int64_values(roots_object, &root_count)) == NULL)
        goto done;
    if (seen.slots == NULL || columns[0] == NULL || columns[1] == NULL || columns[2] == NULL || columns[3] == NULL ||
        columns[4] == NULL) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto done;
    }
    if (kinds != 32) {
        PyErr_SetString(PyExc_ValueError, "32 kind sizes expected");
        goto done;
    }
    memset(seen.slots, 0xFF, sizeof(int64_t) * 1024);
    int64_t size;
    for (int64_t at = first; at < typedesc_end && is_type_at(&t, at); at = (at + size + 7) / 8 * 8)
        if (visit(&seen, at) < 0 || take_descriptor(&t, kind_size, at, &pending, columns, &size) < 0)
            goto done;
    for (Py_ssize_t i = 0; i < root_count; i++)
        if (push(&pending, roots[i]) < 0)
            goto done;
    while (pending.count > 0) {
        int64_t address = pending.items[--pending.count];
        if (!is_type_at(&t, address))
            continue;
        int fresh = visit(&seen, address);
        if (fresh < 0 || (fresh && take_descriptor(&t, kind_size, address, &pending, columns, &size) < 0))
            goto done;
    }
    result = Py_BuildValue("OOOOOL", columns[0], columns[1], columns[2], columns[3], columns[4], t.items_left);
done:
    for (int i = 0; i < 5; i++)
        Py_XDECREF(columns[i]);
    PyMem_Free(kind_size);
    PyMem_Free(roots);
    PyMem_Free(pending.items);
    PyMem_Free(seen.slots);
    PyBuffer_Release(&buffer);
    return result;
}

/* A name's uvarint (five bytes at most) at data[at..): its value and what follows; 0 and the end of the five
 * bytes (or of the data) when none ends there. */
static int64_t name_uvarint(const Types *t, int64_t at, int64_t *value) {
    int64_t limit = at + 5 < t->length ? at + 5 : t->length, result = 0;
    for (int shift = 0; at < limit; at++, shift += 7) {
        result |= (int64_t)(t->data[at] & PAYLOAD) << shift;
        if (t->data[at] < CONTINUATION) {
            *value = result;
            return at + 1;
        }
    }
    *value = 0;
    return limit;
}

/* name_sizes(buffer, base, addresses) -> bytes of int64
 * The bytes of the name at each address: flags, uvarint length, the bytes, [uvarint tag length, the tag],
 * [a 4-byte package path offset]; 0 for one that does not begin inside the data. */
static PyObject *name_sizes(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    PyObject *addresses_object;
    Types t = {0};
    if (!PyArg_ParseTuple(args, "y*LO", &buffer, &t.base, &addresses_object))
        return NULL;
    t.data = buffer.buf;
    t.length = buffer.len;
    Py_ssize_t count;
    int64_t *address = int64_values(addresses_object, &count);
    PyObject *result = NULL;
    if (address != NULL) {
        for (Py_ssize_t i = 0; i < count; i++) {
            int64_t start = address[i] - t.base, at, length;
            if (start < 0 || start > t.length - 2) {
                address[i] = 0;
                continue;
            }
            int flags = t.data[start];
            at = name_uvarint(&t, start + 1, &length) + length;
            if (flags & 2) {
                at = name_uvarint(&t, at, &length);
                at += length;
            }
            int64_t end = at + (flags & 4 ? 4 : 0);
            end = end < t.length ? end : t.length;
            address[i] = end > start ? end - start : 0;
        }
        result = packed(address, count);
    }
    PyMem_Free(address);
    PyBuffer_Release(&buffer);
    return result;
}

/* ---- static data cut into items ---- */

static int by_value(const void *left, const void *right) {
    int64_t a = *(const int64_t *)left, b = *(const int64_t *)right;
    return (a > b) - (a < b);
}

/* cut_items(piece_starts, piece_ends, piece_names, addresses) -> (starts, ends, pieces), bytes of int64
 * The distinct addresses, ascending, that lie in a piece (the last whose start is at or below the address;
 * pieces ascend by start): each starts an item that runs to its piece's end, and cuts short the item
 * before it when that one lies in a piece of the same name (piece_names: an id per name). */
static PyObject *cut_items(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *starts_object, *ends_object, *names_object, *addresses_object;
    if (!PyArg_ParseTuple(args, "OOOO", &starts_object, &ends_object, &names_object, &addresses_object))
        return NULL;
    Py_ssize_t pieces = 0, ends_count = 0, names_count = 0, count = 0, kept = 0;
    int64_t *piece_start = int64_values(starts_object, &pieces);
    int64_t *piece_end = piece_start == NULL ? NULL : int64_values(ends_object, &ends_count);
    int64_t *piece_name = piece_end == NULL ? NULL : int64_values(names_object, &names_count);
    int64_t *address = piece_name == NULL ? NULL : int64_values(addresses_object, &count);
    int64_t *columns = NULL;
    PyObject *result = NULL;
    if (address == NULL)
        goto done;
    if (ends_count != pieces || names_count != pieces) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
        goto done;
    }
    columns = PyMem_Malloc(sizeof(int64_t) * 3 * (size_t)(count > 0 ? count : 1));
    if (columns == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int64_t *start = columns, *end = columns + count, *piece = columns + 2 * count;
    qsort(address, (size_t)count, sizeof(int64_t), by_value);
    Py_ssize_t at = -1;  /* the last piece whose start is at or below the address */
    for (Py_ssize_t i = 0; i < count; i++) {
        if (i > 0 && address[i] == address[i - 1])
            continue;
        while (at + 1 < pieces && piece_start[at + 1] <= address[i])
            at++;
        if (at < 0 || address[i] >= piece_end[at])
            continue;  /* in a gap between pieces */
        if (kept > 0 && piece_name[piece[kept - 1]] == piece_name[at] && end[kept - 1] > address[i])
            end[kept - 1] = address[i];
        start[kept] = address[i];
        end[kept] = piece_end[at];
        piece[kept++] = at;
    }
    result = Py_BuildValue("NNN", packed(start, kept), packed(end, kept), packed(piece, kept));
done:
    PyMem_Free(piece_start);
    PyMem_Free(piece_end);
    PyMem_Free(piece_name);
    PyMem_Free(address);
    PyMem_Free(columns);
    return result;
}

/* item_positions(starts, ends, addresses, exact) -> bytes of int64
 * For each address, the item that holds it (starts ascending: the last starting at or below it, when the
 * address is before its end), or with `exact` the item starting at it; -1 for none. */
static PyObject *item_positions(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *starts_object, *ends_object, *addresses_object;
    int exact;
    if (!PyArg_ParseTuple(args, "OOOp", &starts_object, &ends_object, &addresses_object, &exact))
        return NULL;
    Py_ssize_t items = 0, ends_count = 0, count = 0;
    int64_t *start = int64_values(starts_object, &items);
    int64_t *end = start == NULL ? NULL : int64_values(ends_object, &ends_count);
    int64_t *address = end == NULL ? NULL : int64_values(addresses_object, &count);
    PyObject *result = NULL;
    if (address == NULL)
        goto done;
    if (ends_count != items) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t low = 0, high = items;  /* the first start above the address */
        while (low < high) {
            Py_ssize_t middle = low + (high - low) / 2;
            if (start[middle] <= address[i])
                low = middle + 1;
            else
                high = middle;
        }
        Py_ssize_t at = low - 1;
        address[i] = at >= 0 && (exact ? start[at] == address[i] : address[i] < end[at]) ? at : -1;
    }
    result = packed(address, count);
done:
    PyMem_Free(start);
    PyMem_Free(end);
    PyMem_Free(address);
    return result;
}

/* ---- Go's _func records ---- */

/* func_records(buffer, records, header_size, max_pcdata) -> (name_offsets, ends, keys, users), bytes of int64
 * For each _func record (an offset with header_size bytes inside the buffer, else ValueError): its nameOff
 * (signed), where its pcdata and funcdata offsets end, and the pc-value tables it refers to (pcsp, pcfile,
 * pcln, then its pcdata offsets when there are at most max_pcdata and they fit), each with the record's
 * position as user; zero offsets included. */
static PyObject *func_records(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    PyObject *records_object;
    Py_ssize_t header_size, max_pcdata;
    if (!PyArg_ParseTuple(args, "y*Onn", &buffer, &records_object, &header_size, &max_pcdata))
        return NULL;
    Py_ssize_t count;
    int64_t *records = int64_values(records_object, &count);
    int64_t *columns = NULL;
    Py_ssize_t keys = 0, room = 0;
    PyObject *result = NULL;
    if (records == NULL)
        goto done;
    const uint8_t *bytes = buffer.buf;
    for (Py_ssize_t i = 0; i < count; i++) {  /* check every record first, and count the keys */
        if (header_size < 32 || records[i] < 0 || records[i] > buffer.len - header_size) {
            PyErr_SetString(PyExc_ValueError, "a record outside the buffer");
            goto done;
        }
        int64_t npcdata = u32_at(bytes, records[i] + 28);
        room += 3 + (npcdata <= max_pcdata && records[i] + header_size + 4 * npcdata <= buffer.len ? npcdata : 0);
    }
    columns = PyMem_Malloc(sizeof(int64_t) * (size_t)(2 * count + 2 * room + 1));
    if (columns == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int64_t *names = columns, *ends = columns + count, *key = ends + count, *user = key + room;
    for (Py_ssize_t i = 0; i < count; i++) {
        int64_t at = records[i], npcdata = u32_at(bytes, at + 28);
        names[i] = (int32_t)u32_at(bytes, at + 4);
        ends[i] = at + header_size + 4 * (npcdata + bytes[at + header_size - 1]);
        for (int field = 16; field <= 24; field += 4, keys++) {
            key[keys] = u32_at(bytes, at + field);
            user[keys] = i;
        }
        if (npcdata <= max_pcdata && at + header_size + 4 * npcdata <= buffer.len)
            for (int64_t slot = 0; slot < npcdata; slot++, keys++) {
                key[keys] = u32_at(bytes, at + header_size + 4 * slot);
                user[keys] = i;
            }
    }
    result = Py_BuildValue("NNNN", packed(names, count), packed(ends, count), packed(key, keys), packed(user, keys));
done:
    PyMem_Free(records);
    PyMem_Free(columns);
    PyBuffer_Release(&buffer);
    return result;
}

/* Go aligns each _func record to 8 bytes: the padding after one, up to the record that follows it in memory
 * (the next greater address, or `last` after the last), is its own. Each end becomes that next address
 * when it lies in [end, end + 8); `sorted` holds a copy of the records' addresses, sorted here. */
static void pad_to_next(const int64_t *records, int64_t *ends, int64_t *sorted, Py_ssize_t count, int64_t last) {
    qsort(sorted, (size_t)count, sizeof(int64_t), by_value);
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t low = 0, high = count;  /* the first greater than records[i] */
        while (low < high) {
            Py_ssize_t middle = low + (high - low) / 2;
            if (sorted[middle] <= records[i])
                low = middle + 1;
            else
                high = middle;
        }
        int64_t next = low < count ? sorted[low] : last, end = ends[i];
        ends[i] = end <= next && next - end < 8 ? next : end;
    }
}

/* The bytes str.encode() gives `name`; -1 with an exception (a lone surrogate, as there). */
static Py_ssize_t utf8_length(PyObject *name) {
    if (!PyUnicode_Check(name)) {
        PyErr_SetString(PyExc_TypeError, "names must be str");
        return -1;
    }
    if (PyUnicode_IS_ASCII(name))
        return PyUnicode_GET_LENGTH(name);
    Py_ssize_t size;
    return PyUnicode_AsUTF8AndSize(name, &size) == NULL ? -1 : size;
}

/* record_intervals(buffer, base, records, defined, names, header_size, max_pcdata, names_base, last, buckets,
 *                  bucket_end, bucket_size)
 *   -> (bucket_starts, bucket_ends, numbers, record_starts, record_ends, name_starts, name_ends, keys, users)
 * function_data._add_records' columns, bytes of int64, for functions numbered by position: each one's
 * findfunctab buckets (buckets + defined * bucket_size, cut at bucket_end); then for each function whose
 * record (an address) lies in the buffer (from base) with header_size bytes, in order: its number, the record
 * with its padding (`padded_ends`, `last` after the last record), its name (names_base + nameOff, the name's
 * UTF-8 bytes and a zero), and the pc-value tables it uses, each with its number as user (`func_records`).
 * OverflowError when an address does not fit 64 bits (Python reads such input). */
static PyObject *record_intervals(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    PyObject *records_object, *defined_object, *names;
    long long base, names_base, last, buckets, bucket_end, bucket_size;
    Py_ssize_t header_size, max_pcdata;
    if (!PyArg_ParseTuple(args, "y*LOOO!nnLLLLL", &buffer, &base, &records_object, &defined_object, &PyList_Type,
                          &names, &header_size, &max_pcdata, &names_base, &last, &buckets, &bucket_end, &bucket_size))
        return NULL;
    Py_ssize_t count = 0, defined_count = 0, room = 0, kept = 0, keys = 0;
    int64_t *records = int64_values(records_object, &count), *defined = NULL, *columns = NULL, *sorted = NULL;
    PyObject *result = NULL;
    if (records == NULL || (defined = int64_values(defined_object, &defined_count)) == NULL)
        goto done;
    if (defined_count != count || PyList_GET_SIZE(names) != count || header_size < 32 || max_pcdata < 0) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
        goto done;
    }
    const uint8_t *bytes = buffer.buf;
    const int64_t length = buffer.len;
    for (Py_ssize_t i = 0; i < count; i++) {  /* the readable records, and the keys they hold */
        int64_t at;
        if (__builtin_sub_overflow(records[i], base, &at) || at < 0 || at > length - header_size)
            continue;
        int64_t npcdata = u32_at(bytes, at + 28);
        room += 3 + (npcdata <= max_pcdata && at + header_size + 4 * npcdata <= length ? npcdata : 0);
        kept++;
    }
    columns = PyMem_Malloc(sizeof(int64_t) * (size_t)(2 * count + 6 * kept + 2 * room + 1));
    sorted = PyMem_Malloc(sizeof(int64_t) * (size_t)(kept + 1));
    if (columns == NULL || sorted == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int64_t *bucket_starts = columns, *bucket_ends = bucket_starts + count, *numbers = bucket_ends + count;
    int64_t *starts = numbers + kept, *ends = starts + kept, *name_starts = ends + kept, *name_ends = name_starts + kept;
    int64_t *key = name_ends + kept, *user = key + room;
    for (Py_ssize_t i = 0; i < count; i++) {
        int64_t start, stop;
        if (__builtin_mul_overflow(defined[i], bucket_size, &start) || __builtin_add_overflow(start, buckets, &start) ||
            __builtin_add_overflow(start, bucket_size, &stop)) {
            PyErr_SetString(PyExc_OverflowError, "a findfunctab bucket past 64 bits");
            goto done;
        }
        bucket_starts[i] = start;
        bucket_ends[i] = stop < bucket_end ? stop : bucket_end;
    }
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        int64_t at;
        if (__builtin_sub_overflow(records[i], base, &at) || at < 0 || at > length - header_size)
            continue;
        Py_ssize_t name_bytes = utf8_length(PyList_GET_ITEM(names, i));
        if (name_bytes < 0)
            goto done;
        int64_t npcdata = u32_at(bytes, at + 28), name_start;
        if (__builtin_add_overflow(names_base, (int64_t)(int32_t)u32_at(bytes, at + 4), &name_start) ||
            __builtin_add_overflow(at + header_size + 4 * (npcdata + bytes[at + header_size - 1]), base, &ends[n])) {
            PyErr_SetString(PyExc_OverflowError, "an address past 64 bits");
            goto done;
        }
        if (__builtin_add_overflow(name_start, (int64_t)name_bytes + 1, &name_ends[n])) {
            PyErr_SetString(PyExc_OverflowError, "an address past 64 bits");
            goto done;
        }
        numbers[n] = i;
        starts[n] = sorted[n] = records[i];
        name_starts[n] = name_start;
        for (int field = 16; field <= 24; field += 4, keys++) {
            key[keys] = u32_at(bytes, at + field);
            user[keys] = i;
        }
        if (npcdata <= max_pcdata && at + header_size + 4 * npcdata <= length)
            for (int64_t slot = 0; slot < npcdata; slot++, keys++) {
                key[keys] = u32_at(bytes, at + header_size + 4 * slot);
                user[keys] = i;
            }
        n++;
    }
    pad_to_next(starts, ends, sorted, kept, last);
    result = Py_BuildValue("NNNNNNNNN", packed(bucket_starts, count), packed(bucket_ends, count), packed(numbers, kept),
                           packed(starts, kept), packed(ends, kept), packed(name_starts, kept),
                           packed(name_ends, kept), packed(key, keys), packed(user, keys));
done:
    PyMem_Free(records);
    PyMem_Free(defined);
    PyMem_Free(columns);
    PyMem_Free(sorted);
    PyBuffer_Release(&buffer);
    return result;
}

/* unreferenced_names(buffer, start, end, address, referenced) -> (starts, ends, names)
 * The names in buffer[start:end] (memory from `address`), cut at each zero byte as bytes.split(b"\0") cuts
 * them, that are not empty and whose address is not in `referenced`: each one's address and that past its
 * zero (one past the table for a last name without one), as int64 bytes, and its text (UTF-8, errors
 * replaced). */
static PyObject *unreferenced_names(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    Py_ssize_t start, end;
    long long address;
    PyObject *referenced_object;
    if (!PyArg_ParseTuple(args, "y*nnLO", &buffer, &start, &end, &address, &referenced_object))
        return NULL;
    if (!range_inside(&buffer, start, end, 0))
        return NULL;
    Py_ssize_t count = 0, found = 0;
    int64_t *referenced = int64_values(referenced_object, &count), *columns = NULL;
    PyObject *names = NULL, *result = NULL;
    if (referenced == NULL)
        goto done;
    qsort(referenced, (size_t)count, sizeof(int64_t), by_value);
    const char *bytes = buffer.buf;
    Py_ssize_t pieces = 1;
    for (Py_ssize_t at = start; at < end; at++)
        pieces += bytes[at] == 0;
    int64_t last;
    if (__builtin_add_overflow(address, (int64_t)(end - start) + 1, &last)) {
        PyErr_SetString(PyExc_OverflowError, "an address past 64 bits");
        goto done;
    }
    columns = PyMem_Malloc(sizeof(int64_t) * (size_t)(2 * pieces));
    names = PyList_New(0);
    if (columns == NULL || names == NULL) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t at = start; at <= end;) {
        const char *zero = memchr(bytes + at, 0, (size_t)(end - at));
        Py_ssize_t stop = zero != NULL ? zero - bytes : end, length = stop - at;
        int64_t name = address + (at - start);
        Py_ssize_t low = 0, high = count;
        while (low < high) {
            Py_ssize_t middle = low + (high - low) / 2;
            if (referenced[middle] < name)
                low = middle + 1;
            else
                high = middle;
        }
        if (length > 0 && !(low < count && referenced[low] == name)) {
            PyObject *text = PyUnicode_DecodeUTF8(bytes + at, length, "replace");
            int failed = text == NULL || PyList_Append(names, text) < 0;
            Py_XDECREF(text);
            if (failed)
                goto done;
            columns[found] = name;
            columns[pieces + found++] = name + length + 1;
        }
        at = stop + 1;
    }
    result = Py_BuildValue("NNO", packed(columns, found), packed(columns + pieces, found), names);
done:
    PyMem_Free(referenced);
    PyMem_Free(columns);
    Py_XDECREF(names);
    PyBuffer_Release(&buffer);
    return result;
}

/* funcdata_references(buffer, records, header_size, npcdata_at, gofunc, low, high) -> (by_function, slots)
 * For each _func record (an offset into the buffer; one that does not fit gives no references): the
 * addresses gofunc + offset of its funcdata offsets that are not 0xffffffff and lie in [low, high); and each
 * address's first slot, in first-seen order. */
static PyObject *funcdata_references(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    PyObject *records_object;
    Py_ssize_t header_size, npcdata_at;
    long long gofunc, low, high;
    if (!PyArg_ParseTuple(args, "y*OnnLLL", &buffer, &records_object, &header_size, &npcdata_at, &gofunc, &low,
                          &high))
        return NULL;
    Py_ssize_t count;
    int64_t *records = int64_values(records_object, &count);
    PyObject *by_function = NULL, *slots = NULL, *result = NULL;
    if (records == NULL || header_size < 1 || npcdata_at < 0 || npcdata_at + 4 > header_size)
        goto done;
    by_function = PyList_New(count);
    slots = PyDict_New();
    if (by_function == NULL || slots == NULL)
        goto done;
    const uint8_t *bytes = buffer.buf;
    Py_ssize_t length = buffer.len;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *references = PyList_New(0);
        if (references == NULL)
            goto done;
        PyList_SET_ITEM(by_function, i, references);
        int64_t record = records[i];
        if (record < 0 || record > length - header_size)
            continue;
        uint32_t npcdata = u32_at(bytes, record + npcdata_at);
        unsigned nfuncdata = bytes[record + header_size - 1];
        int64_t first = record + header_size + 4 * (int64_t)npcdata;
        if ((int64_t)npcdata > length || first + 4 * (int64_t)nfuncdata > length)
            continue;
        for (unsigned slot = 0; slot < nfuncdata; slot++) {
            long long offset = u32_at(bytes, first + 4 * slot);
            if (offset == 0xFFFFFFFFLL || offset < low || offset >= high)
                continue;
            PyObject *address = PyLong_FromLongLong(gofunc + offset);
            if (address == NULL || PyList_Append(references, address) < 0) {
                Py_XDECREF(address);
                goto done;
            }
            PyObject *number = PyLong_FromUnsignedLong(slot);
            int failed = number == NULL || PyDict_SetDefault(slots, address, number) == NULL;
            Py_XDECREF(number);
            Py_DECREF(address);
            if (failed)
                goto done;
        }
    }
    result = PyTuple_Pack(2, by_function, slots);
done:
    Py_XDECREF(by_function);
    Py_XDECREF(slots);
    PyMem_Free(records);
    PyBuffer_Release(&buffer);
    return result;
}

/* words_between(buffer, at, count, address, low, high) -> (addresses bytes, values bytes)
 * The 8-byte little-endian words buffer[at + 8i] (i below count, each inside the buffer) whose value v has
 * low <= v < high, and the address of each (address + 8i), as int64 columns. */
static PyObject *words_between(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    Py_ssize_t at, count;
    long long address;
    unsigned long long low, high;
    if (!PyArg_ParseTuple(args, "y*nnLKK", &buffer, &at, &count, &address, &low, &high))
        return NULL;
    PyObject *result = NULL;
    int64_t *addresses = NULL, *values = NULL;
    Py_ssize_t found = 0;
    if (at < 0 || count < 0 || count > (buffer.len - at) / 8) {
        PyErr_SetString(PyExc_ValueError, "the words lie outside the buffer");
        goto done;
    }
    addresses = PyMem_Malloc(sizeof(int64_t) * (size_t)(count > 0 ? count : 1));
    values = PyMem_Malloc(sizeof(int64_t) * (size_t)(count > 0 ? count : 1));
    if (addresses == NULL || values == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    const uint8_t *bytes = (const uint8_t *)buffer.buf + at;
    for (Py_ssize_t i = 0; i < count; i++) {
        uint64_t word = u64_at(bytes, 8 * i);
        if (word >= low && word < high && word <= INT64_MAX) {
            addresses[found] = address + 8 * (int64_t)i;
            values[found++] = (int64_t)word;
        }
    }
    result = Py_BuildValue("NN", packed(addresses, found), packed(values, found));
done:
    PyMem_Free(addresses);
    PyMem_Free(values);
    PyBuffer_Release(&buffer);
    return result;
}

/* flattened(lists) -> (values bytes, positions bytes)
 * The int64 values of a list of lists of ints, one after another, and beside each the position of its list:
 * who refers to what, as two columns. */
static PyObject *flattened(PyObject *self, PyObject *lists) {
    (void)self;
    if (!PyList_Check(lists)) {
        PyErr_SetString(PyExc_TypeError, "expected a list of lists");
        return NULL;
    }
    Py_ssize_t count = 0, outer = PyList_GET_SIZE(lists);
    for (Py_ssize_t n = 0; n < outer; n++) {
        PyObject *inner = PyList_GET_ITEM(lists, n);
        if (!PyList_Check(inner)) {
            PyErr_SetString(PyExc_TypeError, "expected a list of lists");
            return NULL;
        }
        count += PyList_GET_SIZE(inner);
    }
    int64_t *values = PyMem_Malloc(sizeof(int64_t) * (size_t)(count > 0 ? count : 1));
    int64_t *positions = PyMem_Malloc(sizeof(int64_t) * (size_t)(count > 0 ? count : 1));
    PyObject *result = NULL;
    if (values == NULL || positions == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t n = 0; n < outer; n++) {
        PyObject *inner = PyList_GET_ITEM(lists, n);
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(inner) && at < count; k++) {
            long long value = PyLong_AsLongLong(PyList_GET_ITEM(inner, k));
            if (value == -1 && PyErr_Occurred())
                goto done;  /* OverflowError past 64 bits: the caller does it in Python */
            values[at] = value, positions[at++] = n;
        }
    }
    result = Py_BuildValue("NN", packed(values, at), packed(positions, at));
done:
    PyMem_Free(values);
    PyMem_Free(positions);
    return result;
}

/* padded_ends(records, ends, last) -> bytes of int64
 * Go aligns each _func record to 8 bytes: the padding after one, up to the record that follows it in
 * memory (the next greater address, or `last` after the last), is its own. For each record, that next
 * address when it lies in [end, end + 8), else its end. */
static PyObject *padded_ends(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *records_object, *ends_object;
    long long last;
    if (!PyArg_ParseTuple(args, "OOL", &records_object, &ends_object, &last))
        return NULL;
    Py_ssize_t count = 0, ends_count = 0;
    int64_t *records = int64_values(records_object, &count), *ends = NULL, *sorted = NULL;
    PyObject *result = NULL;
    if (records == NULL || (ends = int64_values(ends_object, &ends_count)) == NULL)
        goto done;
    if (ends_count != count) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
        goto done;
    }
    sorted = PyMem_Malloc(sizeof(int64_t) * (size_t)(count > 0 ? count : 1));
    if (sorted == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    memcpy(sorted, records, sizeof(int64_t) * (size_t)count);
    pad_to_next(records, ends, sorted, count, last);
    result = packed(ends, count);
done:
    PyMem_Free(records);
    PyMem_Free(ends);
    PyMem_Free(sorted);
    return result;
}

/* ---- owners carried along pointers between static items ---- */

/* propagate(owners, sources, targets, budget) -> bool
 * static_data._propagate, the same steps in the same order: each link (sources[k] -> targets[k], item numbers;
 * a pair with a negative one is no link) of different items makes both items' owners a set (None: empty; an
 * int: itself; a frozenset: its members); then, from the sources in first-seen order that have owners (last
 * first), each target gains its source's owners and is visited in turn, until nothing changes or the budget
 * (the owners merged) is spent. The sets are settled after: None when empty, the one function, or a
 * frozenset. True when the budget was spent. */
static PyObject *propagate(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *owners, *sources_object, *targets_object;
    long long budget;
    if (!PyArg_ParseTuple(args, "O!OOL", &PyList_Type, &owners, &sources_object, &targets_object, &budget))
        return NULL;
    Py_ssize_t items = PyList_GET_SIZE(owners), count = 0, target_count = 0, sources = 0;
    Py_ssize_t *first = NULL, *last = NULL, *next = NULL, *order = NULL, *pending = NULL;
    int64_t *link_target = NULL;
    int64_t *link_source = int64_values(sources_object, &count);
    PyObject *result = NULL;
    if (link_source == NULL || (link_target = int64_values(targets_object, &target_count)) == NULL)
        goto done;
    if (target_count != count) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
        goto done;
    }
    /* per item: its targets as a list threaded through the links (first/next), in link order */
    first = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(items > 0 ? items : 1));
    last = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(items > 0 ? items : 1));
    next = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(count > 0 ? count : 1));
    order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(items > 0 ? items : 1));
    if (first == NULL || last == NULL || next == NULL || order == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < items; i++)
        first[i] = -1;
    for (Py_ssize_t k = 0; k < count; k++) {
        int64_t source = link_source[k], target = link_target[k];
        next[k] = -1;
        if (source < 0 || target < 0)
            continue;  /* a pointer with no item at one end */
        if (source >= items || target >= items) {
            PyErr_SetString(PyExc_IndexError, "a link to an item that is not there");
            goto done;
        }
        if (source == target)
            continue;
        if (first[source] < 0) {
            first[source] = k;
            order[sources++] = (Py_ssize_t)source;
        } else {
            next[last[source]] = k;
        }
        last[source] = k;
        int64_t ends[2] = {source, target};
        for (int e = 0; e < 2; e++) {  /* the item's owners as a set of its own */
            PyObject *found = PyList_GET_ITEM(owners, ends[e]);
            if (PySet_Check(found))
                continue;
            PyObject *made = PySet_New(found == Py_None ? NULL : PyLong_Check(found) ? NULL : found);
            if (made == NULL || (PyLong_Check(found) && PySet_Add(made, found) < 0)) {
                Py_XDECREF(made);
                goto done;
            }
            PyList_SetItem(owners, ends[e], made);  /* steals made; releases the old owner */
        }
    }
    pending = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(sources > 0 ? sources : 1));
    Py_ssize_t capacity = sources > 0 ? sources : 1, waiting = 0;
    if (pending == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t n = 0; n < sources; n++)
        if (PySet_GET_SIZE(PyList_GET_ITEM(owners, order[n])) > 0)
            pending[waiting++] = order[n];
    int spent = 0;
    while (waiting > 0 && !spent) {
        Py_ssize_t source = pending[--waiting];
        PyObject *gained = PyList_GET_ITEM(owners, source);
        for (Py_ssize_t k = first[source]; k >= 0; k = next[k]) {
            PyObject *mine = PyList_GET_ITEM(owners, link_target[k]);
            int subset = PyObject_RichCompareBool(gained, mine, Py_LE);
            if (subset < 0)
                goto done;
            if (subset)
                continue;
            budget -= PySet_GET_SIZE(gained);
            if (budget < 0) {
                spent = 1;
                break;
            }
            PyObject *joined = PyNumber_InPlaceOr(mine, gained);  /* in place: mine is this item's alone */
            if (joined == NULL)
                goto done;
            Py_DECREF(joined);
            if (waiting == capacity) {
                Py_ssize_t *grown = PyMem_Realloc(pending, sizeof(Py_ssize_t) * (size_t)(2 * capacity));
                if (grown == NULL) {
                    PyErr_NoMemory();
                    goto done;
                }
                pending = grown, capacity *= 2;
            }
            pending[waiting++] = (Py_ssize_t)link_target[k];
        }
    }
    for (Py_ssize_t n = 0; n < items; n++) {  /* the sets settled */
        PyObject *found = PyList_GET_ITEM(owners, n), *settled;
        if (!PySet_Check(found))
            continue;
        Py_ssize_t size = PySet_GET_SIZE(found);
        if (size == 0) {
            settled = Py_NewRef(Py_None);
        } else if (size == 1) {
            PyObject *members = PyObject_GetIter(found);
            settled = members == NULL ? NULL : PyIter_Next(members);
            Py_XDECREF(members);
        } else {
            settled = PyFrozenSet_New(found);
        }
        if (settled == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_RuntimeError, "a set changed while it was settled");
            goto done;
        }
        PyList_SetItem(owners, n, settled);
    }
    result = PyBool_FromLong(spent);
done:
    PyMem_Free(first);
    PyMem_Free(last);
    PyMem_Free(next);
    PyMem_Free(order);
    PyMem_Free(pending);
    PyMem_Free(link_source);
    PyMem_Free(link_target);
    return result;
}

/* ---- funcdata items' sizes ---- */

#define FUNCDATA_ARGS_POINTER_MAPS 0
#define FUNCDATA_LOCALS_POINTER_MAPS 1
#define FUNCDATA_STACK_OBJECTS 2
#define FUNCDATA_INLINE_TREE 3
#define FUNCDATA_OPEN_CODED_DEFERS 4
#define FUNCDATA_ARG_INFO 5
#define FUNCDATA_WRAP_INFO 7
#define STACK_OBJECT_RECORD 16
#define MAX_STACK_OBJECTS ((uint64_t)1 << 20)
#define MAX_ARG_INFO 1024
#define MAX_UVARINT_BYTES 10
#define MAX_DEFERS 65536
#define NOT_DECODED (-1)

/* `count` uvarints at `at`: the bytes they take, or -1 (one unended within 10 bytes, or past the data);
 * the second value read goes in `second` (saturated past 63 bits). */
static int64_t uvarints(const uint8_t *data, int64_t length, int64_t at, int64_t count, uint64_t *second) {
    int64_t start = at;
    for (int64_t n = 0; n < count; n++) {
        uint64_t value = 0;
        int shift = 0, ended = 0;
        int64_t limit = at + MAX_UVARINT_BYTES < length ? at + MAX_UVARINT_BYTES : length;
        if (at < 0)
            return -1;
        while (at < limit) {
            uint8_t byte = data[at++];
            if (shift < 63 && ((uint64_t)(byte & 0x7F) << shift >> shift) == (uint64_t)(byte & 0x7F))
                value |= (uint64_t)(byte & 0x7F) << shift;
            else if (byte & 0x7F)
                value = UINT64_MAX;  /* more than 63 bits: larger than any limit checked */
            shift += 7;
            if (byte < 0x80) {
                ended = 1;
                break;
            }
        }
        if (!ended)
            return -1;
        if (n == 1 && second != NULL)
            *second = value;
    }
    return at - start;
}

/* What an item's own header says it takes (funcdata.py's decoders), or NOT_DECODED. */
static int64_t decoded_size(const uint8_t *data, int64_t length, int64_t at, int64_t slot, int defers_form) {
    switch (slot) {
    case FUNCDATA_ARGS_POINTER_MAPS:
    case FUNCDATA_LOCALS_POINTER_MAPS: {
        if (at < 0 || at + 8 > length)
            return NOT_DECODED;
        int32_t count = (int32_t)u32_at(data, at), bits = (int32_t)u32_at(data, at + 4);
        return count >= 0 && bits >= 0 ? 8 + (int64_t)count * (((int64_t)bits + 7) / 8) : NOT_DECODED;
    }
    case FUNCDATA_STACK_OBJECTS: {
        if (at < 0 || at + 8 > length)
            return NOT_DECODED;
        uint64_t count = (uint64_t)u32_at(data, at) | (uint64_t)u32_at(data, at + 4) << 32;
        return count < MAX_STACK_OBJECTS ? 8 + (int64_t)count * STACK_OBJECT_RECORD : NOT_DECODED;
    }
    case FUNCDATA_ARG_INFO: {
        if (at < 0)
            return NOT_DECODED;
        int64_t limit = at + MAX_ARG_INFO < length ? at + MAX_ARG_INFO : length;
        for (int64_t i = at; i < limit;) {
            uint8_t code = data[i];
            if (code == 0xFF)
                return i + 1 - at;
            i += code >= 0xFB && code <= 0xFE ? 1 : 2;  /* a marker, or an offset byte and a size byte */
        }
        return NOT_DECODED;
    }
    case FUNCDATA_WRAP_INFO:
        return 4;
    case FUNCDATA_OPEN_CODED_DEFERS: {
        uint64_t defers = 0;
        int64_t head = defers_form >= 21 ? uvarints(data, length, at, 2, &defers) : -1;
        if (head < 0 || defers_form == 22)
            return head < 0 ? NOT_DECODED : head;
        if (defers > MAX_DEFERS)
            return NOT_DECODED;
        int64_t rest = uvarints(data, length, at + head, (int64_t)defers, NULL);
        return rest < 0 ? NOT_DECODED : head + rest;
    }
    default:
        return NOT_DECODED;
    }
}

/* funcdata_sizes(buffer, base, addresses, slots, followings, defers_form, inline_entry) -> bytes
 * The size of each funcdata item (int64): what its header says, cut at where the next begins
 * (`followings`, ascending with `addresses`); an inline tree, whole entries up to the next. -1 where the
 * next is not known (-1): funcdata.py decides those. defers_form: 22 (Go 1.22 on), 21, or 0 (not read). */
static PyObject *funcdata_sizes(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer, addresses, slots, followings;
    long long base;
    int defers_form;
    Py_ssize_t inline_entry;
    if (!PyArg_ParseTuple(args, "y*Ly*y*y*in", &buffer, &base, &addresses, &slots, &followings, &defers_form,
                          &inline_entry))
        return NULL;
    Py_buffer *const columns[] = {&addresses, &slots, &followings};
    PyObject *result = NULL;
    Py_ssize_t count = int64_columns(columns, 3);
    int64_t *sizes = count < 0 ? NULL : PyMem_Malloc(sizeof(int64_t) * (size_t)(count > 0 ? count : 1));
    if (count >= 0 && sizes == NULL)
        PyErr_NoMemory();
    if (sizes == NULL || inline_entry <= 0)
        goto done;
    const int64_t *address = addresses.buf, *slot = slots.buf, *following = followings.buf;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (following[i] < 0) {
            sizes[i] = -1;
            continue;
        }
        int64_t room = following[i] - address[i];
        if (slot[i] == FUNCDATA_INLINE_TREE) {  /* whole entries, rounded down as Python's // rounds */
            int64_t entries = room / inline_entry - (room % inline_entry < 0);
            sizes[i] = entries * inline_entry;
            continue;
        }
        int64_t decoded = decoded_size(buffer.buf, buffer.len, address[i] - base, slot[i], defers_form);
        sizes[i] = decoded > 0 && decoded < room ? decoded : room;
    }
    result = packed(sizes, count);
done:
    PyMem_Free(sizes);
    release_all(columns, 3);
    PyBuffer_Release(&buffer);
    return result;
}

/* splitmix64's finaliser: every bit of x moves the top bits, which pick a slot */
static uint64_t mixed(uint64_t x) {
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* One Python int per user value below `count` (function numbers: the same few thousand, over and over),
 * made when first asked for; other values a new int each time. A new reference, or NULL. */
typedef struct {
    PyObject **made;
    int64_t count;
} Ints;

static PyObject *int_of(Ints *ints, int64_t value) {
    if (ints->made == NULL || value < 0 || value >= ints->count)
        return PyLong_FromLongLong(value);
    if (ints->made[value] == NULL)
        ints->made[value] = PyLong_FromLongLong(value);
    return ints->made[value] == NULL ? NULL : Py_NewRef(ints->made[value]);
}

static void release_ints(Ints *ints) {
    for (int64_t i = 0; ints->made != NULL && i < ints->count; i++)
        Py_XDECREF(ints->made[i]);
    PyMem_Free(ints->made);
}

typedef struct {
    int64_t key;
    Py_ssize_t slot;
} KeySlot;

static int by_key(const void *left, const void *right) {
    int64_t a = ((const KeySlot *)left)->key, b = ((const KeySlot *)right)->key;
    return (a > b) - (a < b);
}

/* owners_by_key(keys, users, seed) -> dict
 * Each key (in first-seen order) -> its one user, or the frozenset of its distinct users when it has more;
 * keys and users are 64-bit integers, found in an open-addressing table before any Python object is made.
 * The slots are picked by a random seed the caller gives, so that keys crafted to collide (they come from
 * the input) cannot make the table quadratic.
 * With `low` and `high` (owners_by_key(keys, users, seed, low, high)), only the keys low <= key < high.
 * owners_in_order(keys, users, seed) -> (keys bytes, owners list)
 * The same without a dict: the distinct keys ascending (int64) and their owners in that order, as the
 * function tables use them. */

static PyObject *owners_of_keys(PyObject *args, int ordered) {
    PyObject *keys_object, *users_object;
    unsigned long long seed;
    long long low = 0, high = 0;  /* when given, the keys counted: low <= key < high */
    if (!PyArg_ParseTuple(args, "OOK|LL", &keys_object, &users_object, &seed, &low, &high))
        return NULL;
    int bounded = PyTuple_GET_SIZE(args) > 3;
    Py_ssize_t count, user_count = 0, distinct = 0, capacity = 8;
    int64_t *keys = int64_values(keys_object, &count), *users = keys == NULL ? NULL : int64_values(users_object, &user_count);
    int64_t *slot_key = NULL, *slot_user = NULL;
    Py_ssize_t *order = NULL;
    PyObject **slot_set = NULL, *found = NULL;
    Ints ints = {NULL, 0};  /* without room for it, every user gets an int of its own: the same result */
    if (users == NULL)
        goto done;
    if (user_count != count) {
        PyErr_SetString(PyExc_ValueError, "columns of different lengths");
        goto done;
    }
    int bits = 3;
    while (capacity < count + count / 2)  /* at most two thirds full */
        capacity *= 2, bits++;
    int64_t highest = -1;
    for (Py_ssize_t i = 0; i < count; i++)
        highest = users[i] > highest ? users[i] : highest;
    if (highest >= 0 && highest < ((int64_t)1 << 22)) {
        ints.made = PyMem_Calloc((size_t)highest + 1, sizeof(PyObject *));
        ints.count = ints.made != NULL ? highest + 1 : 0;
    }
    slot_key = PyMem_Malloc(sizeof(int64_t) * (size_t)capacity);
    slot_user = PyMem_Malloc(sizeof(int64_t) * (size_t)capacity);
    slot_set = PyMem_Calloc((size_t)capacity, sizeof(PyObject *));
    order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(count > 0 ? count : 1));
    unsigned char *used = PyMem_Calloc((size_t)capacity, 1);
    if (slot_key == NULL || slot_user == NULL || slot_set == NULL || order == NULL || used == NULL) {
        PyMem_Free(used);
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        if (bounded && (keys[i] < low || keys[i] >= high))
            continue;
        Py_ssize_t slot = (Py_ssize_t)(mixed((uint64_t)keys[i] ^ seed) >> (64 - bits));
        while (used[slot] && slot_key[slot] != keys[i])
            slot = (slot + 1) & (capacity - 1);
        if (!used[slot]) {
            used[slot] = 1;
            slot_key[slot] = keys[i];
            slot_user[slot] = users[i];
            order[distinct++] = slot;
            continue;
        }
        if (slot_set[slot] == NULL && slot_user[slot] == users[i])
            continue;
        if (slot_set[slot] == NULL) {
            PyObject *first = int_of(&ints, slot_user[slot]);
            /* a frozenset filled while no other code can see it (PySet_Add allows that): not a set
             * copied into one at the end, which would hold every shared table's users twice at once */
            slot_set[slot] = first == NULL ? NULL : PyFrozenSet_New(NULL);
            if (slot_set[slot] == NULL || PySet_Add(slot_set[slot], first) < 0) {
                Py_XDECREF(first);
                PyMem_Free(used);
                goto done;
            }
            Py_DECREF(first);
        }
        PyObject *user = int_of(&ints, users[i]);
        int failed = user == NULL || PySet_Add(slot_set[slot], user) < 0;
        Py_XDECREF(user);
        if (failed) {
            PyMem_Free(used);
            goto done;
        }
    }
    PyMem_Free(used);
    PyMem_Free(keys);  /* the columns are no longer needed while the dict is made */
    PyMem_Free(users);
    keys = users = NULL;
    if (ordered) {  /* (the keys ascending, as int64 bytes; their owners, a list in the same order) */
        KeySlot *sorted = PyMem_Malloc(sizeof(KeySlot) * (size_t)(distinct > 0 ? distinct : 1));
        int64_t *sorted_keys = PyMem_Malloc(sizeof(int64_t) * (size_t)(distinct > 0 ? distinct : 1));
        PyObject *owners = PyList_New(distinct);
        if (sorted == NULL || sorted_keys == NULL || owners == NULL) {
            PyMem_Free(sorted);
            PyMem_Free(sorted_keys);
            Py_XDECREF(owners);
            if (!PyErr_Occurred())
                PyErr_NoMemory();
            goto done;
        }
        for (Py_ssize_t n = 0; n < distinct; n++)
            sorted[n].key = slot_key[order[n]], sorted[n].slot = order[n];
        qsort(sorted, (size_t)distinct, sizeof(KeySlot), by_key);
        int failed = 0;
        for (Py_ssize_t n = 0; n < distinct && !failed; n++) {
            Py_ssize_t slot = sorted[n].slot;
            PyObject *value = slot_set[slot] != NULL ? Py_NewRef(slot_set[slot]) : int_of(&ints, slot_user[slot]);
            failed = value == NULL;
            if (!failed)
                PyList_SET_ITEM(owners, n, value);
            sorted_keys[n] = sorted[n].key;
        }
        if (!failed)
            found = Py_BuildValue("NN", packed(sorted_keys, distinct), owners);
        else
            Py_DECREF(owners);
        PyMem_Free(sorted);
        PyMem_Free(sorted_keys);
        goto done;
    }
    found = PyDict_New();
    for (Py_ssize_t n = 0; found != NULL && n < distinct; n++) {
        Py_ssize_t slot = order[n];
        PyObject *key = PyLong_FromLongLong(slot_key[slot]);
        PyObject *value = slot_set[slot] != NULL ? Py_NewRef(slot_set[slot]) : int_of(&ints, slot_user[slot]);
        if (key == NULL || value == NULL || PyDict_SetItem(found, key, value) < 0)
            Py_CLEAR(found);
        Py_XDECREF(key);
        Py_XDECREF(value);
    }
done:
    if (slot_set != NULL)
        for (Py_ssize_t slot = 0; slot < capacity; slot++)
            Py_XDECREF(slot_set[slot]);
    PyMem_Free(keys);
    PyMem_Free(users);
    PyMem_Free(slot_key);
    PyMem_Free(slot_user);
    PyMem_Free(slot_set);
    PyMem_Free(order);
    release_ints(&ints);
    return found;
}

static PyObject *owners_by_key(PyObject *self, PyObject *args) {
    (void)self;
    return owners_of_keys(args, 0);
}

static PyObject *owners_in_order(PyObject *self, PyObject *args) {
    (void)self;
    return owners_of_keys(args, 1);
}

/* c_strings(buffer, starts) -> (texts, lengths bytes), or None
 * The NUL-terminated string at each start, decoded as UTF-8 with replacement, and its length in bytes;
 * None when a start lies outside the buffer or a string runs to its end unterminated. */
static PyObject *c_strings(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    PyObject *starts_object;
    if (!PyArg_ParseTuple(args, "y*O", &buffer, &starts_object))
        return NULL;
    Py_ssize_t count;
    int64_t *starts = int64_values(starts_object, &count);
    PyObject *texts = NULL, *result = NULL;
    if (starts == NULL)
        goto done;
    texts = PyList_New(count);
    if (texts == NULL)
        goto done;
    const char *bytes = buffer.buf;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (starts[i] < 0 || starts[i] >= buffer.len)
            goto absent;
        const char *at = bytes + starts[i], *nul = memchr(at, 0, (size_t)(buffer.len - starts[i]));
        if (nul == NULL)
            goto absent;
        PyObject *text = PyUnicode_DecodeUTF8(at, nul - at, "replace");
        if (text == NULL)
            goto done;
        PyList_SET_ITEM(texts, i, text);
        starts[i] = nul - at;  /* the column now holds the lengths */
    }
    result = Py_BuildValue("ON", texts, packed(starts, count));
    goto done;
absent:
    result = Py_NewRef(Py_None);
done:
    Py_XDECREF(texts);
    PyMem_Free(starts);
    PyBuffer_Release(&buffer);
    return result;
}

/* ---- 8-byte words in Go's data ---- */

/* aligned_words(buffer, first, value, mask) -> offsets
 * The offsets first, first + 8, ... of the little-endian 8-byte words whose masked bits equal `value`
 * (Go aligns its pointers and headers: one pass over the words finds them all). */
static PyObject *aligned_words(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer buffer;
    Py_ssize_t first;
    unsigned long long value, mask;
    if (!PyArg_ParseTuple(args, "y*nKK", &buffer, &first, &value, &mask))
        return NULL;
    PyObject *found = PyList_New(0);
    const uint8_t *bytes = buffer.buf;
    for (Py_ssize_t at = first < 0 ? 0 : first; found != NULL && at + 8 <= buffer.len; at += 8) {
        if ((u64_at(bytes, at) & mask) != value)
            continue;
        PyObject *offset = PyLong_FromSsize_t(at);
        if (offset == NULL || PyList_Append(found, offset) < 0)
            Py_CLEAR(found);
        Py_XDECREF(offset);
    }
    PyBuffer_Release(&buffer);
    return found;
}

/* ---- address-sized constants in function bodies ---- */

#define ADDRESS_LOW (1u << 13)
#define FIVE_BYTE_LOW ((uint64_t)1 << 28)
#define SATURATED UINT64_MAX

/* Any-length LEB128 at code[*pos..end): its value (SATURATED past 64 bits, as Python's unbounded value
 * would compare), *pos past it; 0 with *pos unchanged when no byte before end ends it. */
static int leb(const uint8_t *code, Py_ssize_t *pos, Py_ssize_t end, uint64_t *value) {
    uint64_t result = 0;
    unsigned shift = 0;
    for (Py_ssize_t at = *pos; at < end; at++, shift += 7) {
        uint64_t bits = code[at] & PAYLOAD;
        if (bits) {
            if (shift >= 64 || (bits << shift) >> shift != bits)
                result = SATURATED;
            else if (result != SATURATED)
                result |= bits << shift;
        }
        if (code[at] < CONTINUATION) {
            *pos = at + 1;
            *value = result;
            return 1;
        }
    }
    return 0;
}

static int skip_leb(const uint8_t *code, Py_ssize_t *pos, Py_ssize_t end) {
    for (Py_ssize_t at = *pos; at < end; at++) {
        if (code[at] < CONTINUATION) {
            *pos = at + 1;
            return 1;
        }
    }
    return 0;
}

/* Past the LEB128 at code[at..end), or -1 when none ends there; by value, so that the scan's position stays
 * in a register (most are one byte). */
static inline Py_ssize_t past_leb(const uint8_t *code, Py_ssize_t at, Py_ssize_t end) {
    if (at < end && code[at] < CONTINUATION)  /* most are one byte */
        return at + 1;
    if (end - at >= 8) {  /* the first byte without the continuation bit, of eight loaded at once */
        uint64_t stops = ~u64_at(code, at) & 0x8080808080808080ULL;
        if (stops)
            return at + (Py_ssize_t)(__builtin_ctzll(stops) >> 3) + 1;
        at += 8;
    }
    while (at < end)
        if (code[at++] < CONTINUATION)
            return at;
    return -1;
}

#define CALL_OPCODE 0x10

enum { IMMEDIATE_NONE, IMMEDIATE_ONE, IMMEDIATE_TWO, IMMEDIATE_CALL, IMMEDIATE_CONST, IMMEDIATE_F32, IMMEDIATE_F64,
       IMMEDIATE_PREFIX_FC, IMMEDIATE_BR_TABLE, IMMEDIATE_UNKNOWN };

static uint8_t immediates[256];

static void init_immediates(void) {
    for (int op = 0; op < 256; op++)
        immediates[op] = IMMEDIATE_UNKNOWN;
    static const uint8_t one[] = {0x02, 0x03, 0x04, 0x0C, 0x0D, 0x3F, 0x40, 0xD0, 0xD2};
    for (size_t i = 0; i < sizeof one; i++)
        immediates[one[i]] = IMMEDIATE_ONE;
    for (int op = 0x20; op <= 0x26; op++)  /* local, global and table get/set */
        immediates[op] = IMMEDIATE_ONE;
    for (int op = 0x28; op <= 0x3E; op++)  /* loads and stores: alignment and offset */
        immediates[op] = IMMEDIATE_TWO;
    immediates[0x11] = IMMEDIATE_TWO;  /* call_indirect: type and table */
    for (int op = 0x45; op <= 0xC4; op++)
        immediates[op] = IMMEDIATE_NONE;
    static const uint8_t none[] = {0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B, 0xD1};
    for (size_t i = 0; i < sizeof none; i++)
        immediates[none[i]] = IMMEDIATE_NONE;
    immediates[CALL_OPCODE] = IMMEDIATE_CALL;  /* one immediate, the function called */
    immediates[0x41] = immediates[0x42] = IMMEDIATE_CONST;
    immediates[0x43] = IMMEDIATE_F32;
    immediates[0x44] = IMMEDIATE_F64;
    immediates[0xFC] = IMMEDIATE_PREFIX_FC;
    immediates[0x0E] = IMMEDIATE_BR_TABLE;
}

/* The 0xFC-prefixed instructions the scan knows: saturating conversions (no immediate), then bulk memory
 * and tables with one or two. The sub-opcode is one byte, as the pattern reads it. */
static int fc_immediates(uint8_t sub) {
    if (sub <= 0x07)
        return 0;
    if (sub == 0x09 || sub == 0x0B || sub == 0x0D || (sub >= 0x0F && sub <= 0x11))
        return 1;
    if (sub == 0x08 || sub == 0x0A || sub == 0x0C || sub == 0x0E)
        return 2;
    return -1;
}

typedef struct {
    int64_t *functions, *values;
    Py_ssize_t count, capacity;
} Found;

static int add_constant(Found *found, int64_t function, int64_t value) {
    if (found->count == found->capacity) {
        Py_ssize_t capacity = found->capacity ? found->capacity * 2 : 4096;
        int64_t *functions = PyMem_RawRealloc(found->functions, sizeof(int64_t) * (size_t)capacity);
        if (functions == NULL)
            return -1;
        found->functions = functions;
        int64_t *values = PyMem_RawRealloc(found->values, sizeof(int64_t) * (size_t)capacity);
        if (values == NULL)
            return -1;
        found->values = values;
        found->capacity = capacity;
    }
    found->functions[found->count] = function;
    found->values[found->count++] = value;
    return 0;
}

#define HIGH_CONSTANT ((uint64_t)1 << 28)

/* 1 when the body decodes to its end, 0 when it does not (constants before the failure are kept, as in
 * Python), -1 on a memory error. With `calls`, each `call`'s function index goes there too; with `high`,
 * each non-negative constant from 2**28 up to 2**32 (where Go's program counters lie). */
static int scan_body(const uint8_t *code, Py_ssize_t pos, Py_ssize_t end, int64_t function, uint64_t limit,
                     int small_memory, Found *found, Found *calls, Found *high) {
    uint64_t count;
    if (!leb(code, &pos, end, &count) || count > (uint64_t)(end - pos))
        return 0;
    for (uint64_t group = 0; group < count; group++) {  /* locals: a count and a plain value type each */
        if (!skip_leb(code, &pos, end) || pos >= end)
            return 0;
        uint8_t type = code[pos++];
        if (!(type == 0x6F || type == 0x70 || (type >= 0x7B && type <= 0x7F)))
            return 0;
    }
    while (pos < end) {
        uint8_t op = code[pos];
        Py_ssize_t at = pos + 1;
        uint8_t kind = immediates[op];
        if (kind <= IMMEDIATE_TWO) {  /* most instructions: none, one or two LEB128s, decoded without a jump table */
            if (kind != IMMEDIATE_NONE && ((at = past_leb(code, at, end)) < 0 ||
                                           (kind == IMMEDIATE_TWO && (at = past_leb(code, at, end)) < 0)))
                return 0;
            pos = at;
            continue;
        }
        switch (kind) {
        case IMMEDIATE_CALL: {  /* an index past 32 bits names no function: not kept */
            uint64_t callee;
            if (calls == NULL ? (at = past_leb(code, at, end)) < 0 : !leb(code, &at, end, &callee))
                return 0;
            if (calls != NULL && callee <= UINT32_MAX && add_constant(calls, function, (int64_t)callee) < 0)
                return -1;
            break;
        }
        case IMMEDIATE_CONST: {
            Py_ssize_t operand = at;
            if ((at = past_leb(code, at, end)) < 0)
                return 0;
            Py_ssize_t length = at - operand;
            uint8_t last = code[at - 1];
            /* three to five bytes, non-negative: where addresses lie (Go's program counters, five bytes of
             * 2**28 and more, are no address when memory is smaller than that) */
            if (length >= 3 && length <= 5 && last < SIGN) {
                uint64_t value = 0;
                for (Py_ssize_t i = 0; i < length; i++)
                    value |= (uint64_t)(code[operand + i] & PAYLOAD) << (7 * i);
                if (!(small_memory && length == 5 && last >= 1) && value >= ADDRESS_LOW && value < limit &&
                    add_constant(found, function, (int64_t)value) < 0)
                    return -1;
                if (high != NULL && value >= HIGH_CONSTANT && value <= UINT32_MAX &&
                    add_constant(high, function, (int64_t)value) < 0)
                    return -1;
            }
            break;
        }
        case IMMEDIATE_F32:
            if (end - at < 4)
                return 0;
            at += 4;
            break;
        case IMMEDIATE_F64:
            if (end - at < 8)
                return 0;
            at += 8;
            break;
        case IMMEDIATE_PREFIX_FC: {
            if (at >= end)
                return 0;
            int more = fc_immediates(code[at++]);
            if (more < 0)
                return 0;
            while (more-- > 0)
                if ((at = past_leb(code, at, end)) < 0)
                    return 0;
            break;
        }
        case IMMEDIATE_BR_TABLE: {
            uint64_t labels;
            Py_ssize_t read = at;
            if (!leb(code, &read, end, &labels) || labels >= (uint64_t)(end - read))
                return 0;
            at = read;
            for (uint64_t label = 0; label <= labels; label++) {
                while (at < end && code[at] >= CONTINUATION)
                    at++;
                at++;
            }
            if (at > end)
                return 0;
            break;
        }
        default:
            return 0;
        }
        pos = at;
    }
    return 1;
}

/* Every body code[starts[i]:ends[i]] of wasm function functions[i] (array("q") columns) scanned into
 * `found` (and `calls`, when given); the function indices of the bodies that could not be decoded into
 * `unread`. Without the GIL. 0, or -1 with an exception. */
static int scan_all(Py_buffer *code, Py_buffer *starts, Py_buffer *ends, Py_buffer *functions, uint64_t limit,
                    int small_memory, Found *found, Found *calls, Found *high, int64_t **unread,
                    Py_ssize_t *unread_count) {
    Py_buffer *const columns[] = {starts, ends, functions};
    Py_ssize_t count = int64_columns(columns, 3);
    if (count < 0)
        return -1;
    *unread = PyMem_Malloc(sizeof(int64_t) * (size_t)(count > 0 ? count : 1));
    if (*unread == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    const int64_t *start = starts->buf, *end = ends->buf, *function = functions->buf;
    int failed = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < count; i++) {
        if (start[i] < 0 || start[i] > end[i] || end[i] > code->len) {
            failed = 2;
            break;
        }
        int scanned = scan_body(code->buf, start[i], end[i], function[i], limit, small_memory, found, calls, high);
        if (scanned < 0) {
            failed = 1;
            break;
        }
        if (scanned == 0)
            (*unread)[(*unread_count)++] = function[i];
    }
    Py_END_ALLOW_THREADS
    if (failed == 1)
        PyErr_NoMemory();
    if (failed == 2)
        PyErr_SetString(PyExc_ValueError, "a body lies outside the code");
    return failed ? -1 : 0;
}

/* scan_bodies(code, starts, ends, functions, limit, small_memory) -> (functions bytes, values bytes, unread bytes)
 * Each body code[starts[i]:ends[i]] of wasm function functions[i] (array("q") columns): the constants
 * found, and the function indices of the bodies that could not be decoded, as int64 columns. */
static PyObject *scan_bodies(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer code, starts, ends, functions;
    unsigned long long limit;
    int small_memory;
    if (!PyArg_ParseTuple(args, "y*y*y*y*Kp", &code, &starts, &ends, &functions, &limit, &small_memory))
        return NULL;
    PyObject *result = NULL;
    Found found = {NULL, NULL, 0, 0};
    int64_t *unread = NULL;
    Py_ssize_t unread_count = 0;
    if (scan_all(&code, &starts, &ends, &functions, limit, small_memory, &found, NULL, NULL, &unread, &unread_count) == 0)
        result = Py_BuildValue("NNN", packed(found.functions, found.count), packed(found.values, found.count),
                               packed(unread, unread_count));
    PyMem_RawFree(found.functions);
    PyMem_RawFree(found.values);
    PyMem_Free(unread);
    PyBuffer_Release(&code);
    Py_buffer *const columns[] = {&starts, &ends, &functions};
    release_all(columns, 3);
    return result;
}

/* body_calls(code, starts, ends, functions) -> (callers, callees, holders, values, unread), bytes of int64
 * What each body refers to by function, as scan_bodies reads it: each `call` (the calling function's index
 * and the one called) and each constant from 2**28 up to 2**32 (the function pushing it and its value), in
 * body order; and the bodies that could not be decoded. */
static PyObject *body_calls(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer code, starts, ends, functions;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &code, &starts, &ends, &functions))
        return NULL;
    PyObject *result = NULL;
    Found none = {NULL, NULL, 0, 0}, calls = {NULL, NULL, 0, 0}, high = {NULL, NULL, 0, 0};
    int64_t *unread = NULL;
    Py_ssize_t unread_count = 0;
    /* a limit of 0 keeps no constant as an address */
    if (scan_all(&code, &starts, &ends, &functions, 0, 0, &none, &calls, &high, &unread, &unread_count) == 0)
        result = Py_BuildValue("NNNNN", packed(calls.functions, calls.count), packed(calls.values, calls.count),
                               packed(high.functions, high.count), packed(high.values, high.count),
                               packed(unread, unread_count));
    PyMem_RawFree(calls.functions);
    PyMem_RawFree(calls.values);
    PyMem_RawFree(high.functions);
    PyMem_RawFree(high.values);
    PyMem_Free(unread);
    PyBuffer_Release(&code);
    Py_buffer *const columns[] = {&starts, &ends, &functions};
    release_all(columns, 3);
    return result;
}

/* ---- Go symbol names ---- */

/* Whether `name` starts `go.` + one or more `.word` (letters, digits, `-`) + `/`: a first path element
 * that is a domain under go. (go.uber.org/zap.New), as the regex in golang/symbols.py says. */
static int go_domain(int kind, const void *data, Py_ssize_t length) {
    Py_ssize_t at = 2;
    int groups = 0;
    while (at < length && PyUnicode_READ(kind, data, at) == '.') {
        Py_ssize_t word = ++at;
        while (at < length) {
            Py_UCS4 c = PyUnicode_READ(kind, data, at);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
                break;
            at++;
        }
        if (at == word)
            return 0;
        groups++;
    }
    return groups > 0 && at < length && PyUnicode_READ(kind, data, at) == '/';
}

/* Whether the name's first code points are the ASCII `prefix`. */
static int starts_with(int kind, const void *data, Py_ssize_t length, const char *prefix) {
    Py_ssize_t i = 0;
    for (; prefix[i]; i++)
        if (i >= length || PyUnicode_READ(kind, data, i) != (Py_UCS4)(unsigned char)prefix[i])
            return 0;
    return 1;
}

/* split_symbols(names, linker_group, unquote) -> [(package, rest), ...]
 * golang/symbols.py's split_symbol of each name: linker-made names (go:, type:, type., go. but not a domain
 * under go.) give (linker_group, name); otherwise, brackets masked, the package ends at the first `.` after
 * the last `/`, and is unquote(d) when it holds a `%`; (None, name) when there is no such `.`. */
static PyObject *split_symbols(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *names, *linker_group, *unquote;
    if (!PyArg_ParseTuple(args, "O!OO", &PyList_Type, &names, &linker_group, &unquote))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(names);
    PyObject *result = PyList_New(count);
    for (Py_ssize_t n = 0; result != NULL && n < count; n++) {
        PyObject *name = PyList_GET_ITEM(names, n), *pair = NULL;
        if (!PyUnicode_Check(name)) {
            PyErr_SetString(PyExc_TypeError, "names must be str");
            Py_CLEAR(result);
            break;
        }
        int kind = PyUnicode_KIND(name);
        const void *data = PyUnicode_DATA(name);
        Py_ssize_t length = PyUnicode_GET_LENGTH(name);
        if (starts_with(kind, data, length, "go:") || starts_with(kind, data, length, "type:") ||
            starts_with(kind, data, length, "type.") ||
            (starts_with(kind, data, length, "go.") && !go_domain(kind, data, length))) {
            pair = PyTuple_Pack(2, linker_group, name);
        } else {
            Py_ssize_t slash = 0, dot = -1, depth = 0;
            for (Py_ssize_t i = 0; i < length; i++) {  /* the last / outside brackets */
                Py_UCS4 c = PyUnicode_READ(kind, data, i);
                depth = c == '[' ? depth + 1 : c == ']' ? (depth > 0 ? depth - 1 : 0) : depth;
                if (c == '/' && depth == 0)
                    slash = i;
            }
            depth = 0;
            for (Py_ssize_t i = 0; i < length && dot < 0; i++) {  /* then the first . outside them */
                Py_UCS4 c = PyUnicode_READ(kind, data, i);
                depth = c == '[' ? depth + 1 : c == ']' ? (depth > 0 ? depth - 1 : 0) : depth;
                if (c == '.' && depth == 0 && i >= slash)
                    dot = i;
            }
            if (dot < 0) {
                pair = PyTuple_Pack(2, Py_None, name);
            } else {
                PyObject *package = PyUnicode_Substring(name, 0, dot);
                PyObject *rest = PyUnicode_Substring(name, dot + 1, length);
                if (package != NULL && PyUnicode_FindChar(package, '%', 0, dot, 1) >= 0)
                    Py_SETREF(package, PyObject_CallOneArg(unquote, package));
                if (package != NULL && rest != NULL)
                    pair = PyTuple_Pack(2, package, rest);
                Py_XDECREF(package);
                Py_XDECREF(rest);
            }
        }
        if (pair == NULL) {
            Py_CLEAR(result);
            break;
        }
        PyList_SET_ITEM(result, n, pair);
    }
    return result;
}

/* ---- the allocator ---- */

/* return_large_blocks() -> bool
 * From now on, blocks of 2 MiB and more are mapped and unmapped on their own. glibc raises its threshold
 * each time such a block is freed, and then keeps the next ones (a section's payload, the image of memory)
 * in the heap after they are freed, where they count as resident to the end. (At glibc's initial 128 KiB
 * every column would be mapped afresh, and its pages faulted in again.) Smaller blocks freed at the top of
 * the heap stay there for the next ones (up to 64 MiB), instead of being given back and faulted in again
 * at the next allocation: a file read 1 MiB at a time reuses one buffer. False where the allocator is not
 * glibc's. */
static PyObject *return_large_blocks(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
#if defined(__GLIBC__)
    return PyBool_FromLong(mallopt(M_MMAP_THRESHOLD, 2 * 1024 * 1024) == 1 &&
                           mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024) == 1);
#else
    Py_RETURN_FALSE;
#endif
}

static PyMethodDef methods[] = {
    {"go_segments", go_segments, METH_VARARGS, "Go's data segment headers as int64 columns."},
    {"sized_entries", sized_entries, METH_VARARGS, "Entries of a u32 size and that many bytes."},
    {"u32_values", u32_values, METH_VARARGS, "A run of u32 LEB128 values."},
    {"function_names", function_names, METH_VARARGS, "A name map's entries into a dict."},
    {"zeros_kept", zeros_kept, METH_VARARGS, "Zero bytes a zero-dropping linker would not have written."},
    {"owner_totals", owner_totals, METH_VARARGS, "Sizes summed by function name and by group and region."},
    {"parse_type", parse_type, METH_VARARGS, "One Go type descriptor's size, references and names."},
    {"walk_types", walk_types, METH_VARARGS, "Every type descriptor reachable from the roots."},
    {"name_sizes", name_sizes, METH_VARARGS, "Sizes of Go's encoded names."},
    {"cut_items", cut_items, METH_VARARGS, "Static data cut into items at the addresses pointed at."},
    {"item_positions", item_positions, METH_VARARGS, "The item holding, or starting at, each address."},
    {"func_records", func_records, METH_VARARGS, "Names, ends and pc-value tables of _func records."},
    {"record_intervals", record_intervals, METH_VARARGS, "The intervals of the function tables' records."},
    {"unreferenced_names", unreferenced_names, METH_VARARGS, "Names no record points at."},
    {"funcdata_references", funcdata_references, METH_VARARGS, "The funcdata each _func record refers to."},
    {"funcdata_sizes", funcdata_sizes, METH_VARARGS, "The size of each funcdata item."},
    {"propagate", propagate, METH_VARARGS, "Owners carried along links between items."},
    {"flattened", flattened, METH_O, "A list of lists of ints as values and their lists' positions."},
    {"padded_ends", padded_ends, METH_VARARGS, "Each _func record's end with the padding up to the next."},
    {"words_between", words_between, METH_VARARGS, "Aligned words whose value lies in a range."},
    {"owners_by_key", owners_by_key, METH_VARARGS, "Each key's one user or frozenset of users."},
    {"owners_in_order", owners_in_order, METH_VARARGS, "The keys ascending and their owners."},
    {"c_strings", c_strings, METH_VARARGS, "NUL-terminated strings at offsets."},
    {"fill_image", fill_image, METH_VARARGS, "Copy segments into a memory image."},
    {"extent", extent, METH_VARARGS, "Lowest address, highest end and total size of placed segments."},
    {"by_address", by_address, METH_VARARGS, "Segments in address order."},
    {"ascending_order", ascending_order, METH_O, "The order that sorts a column of integers."},
    {"take", take, METH_VARARGS, "A list reordered."},
    {"take_int64", take_int64, METH_VARARGS, "A column of int64 reordered."},
    {"covered_spans", covered_spans, METH_VARARGS, "Covered bytes of each span."},
    {"sum_by_int_owner", sum_by_int_owner, METH_VARARGS, "Sizes summed by region and int owner."},
    {"coverage_columns", coverage_columns, METH_VARARGS, "Coverage's columns of ascending disjoint ranges."},
    {"aligned_words", aligned_words, METH_VARARGS, "Offsets of aligned 8-byte words matching a masked value."},
    {"split_symbols", split_symbols, METH_VARARGS, "Go symbol names split into package and rest."},
    {"return_large_blocks", return_large_blocks, METH_NOARGS, "Large blocks given back to the system when freed."},
    {"body_calls", body_calls, METH_VARARGS, "The functions each body calls."},
    {"scan_bodies", scan_bodies, METH_VARARGS, "Address-sized constants in function bodies."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "_speedups", .m_doc = NULL, .m_size = -1, .m_methods = methods};

PyMODINIT_FUNC PyInit__speedups(void) {
    init_immediates();
    return PyModule_Create(&module);
}
