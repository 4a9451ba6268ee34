/* JSON rows of a report, encoded as json.dumps encodes them (ensure_ascii, ", " and ": "), one per line.
 *
 * A large build's report has tens of thousands of function rows: json's own C encoder spends most of its
 * time re-encoding the same few keys and walking each dict through generic dispatch. Here keys are
 * encoded once and a row's values are ints, strings, None, booleans or flat dicts of them; anything else
 * (a float, a list) returns None, and the caller encodes the rows with json as before. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    char *text;
    Py_ssize_t length;
    Py_ssize_t capacity;
} Buffer;

static int reserve(Buffer *buffer, Py_ssize_t more) {
    if (buffer->length + more <= buffer->capacity)
        return 0;
    Py_ssize_t capacity = buffer->capacity ? buffer->capacity : 1 << 16;
    while (capacity < buffer->length + more) {
        if (capacity > PY_SSIZE_T_MAX / 2) {
            PyErr_NoMemory();
            return -1;
        }
        capacity *= 2;
    }
    char *text = PyMem_Realloc(buffer->text, (size_t)capacity);
    if (text == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    buffer->text = text;
    buffer->capacity = capacity;
    return 0;
}

static int append(Buffer *buffer, const char *text, Py_ssize_t length) {
    if (reserve(buffer, length) < 0)
        return -1;
    memcpy(buffer->text + buffer->length, text, (size_t)length);
    buffer->length += length;
    return 0;
}

static const char HEX[] = "0123456789abcdef";

static void escape_unit(char *out, Py_UCS4 unit) {
    out[0] = '\\';
    out[1] = 'u';
    out[2] = HEX[(unit >> 12) & 0xF];
    out[3] = HEX[(unit >> 8) & 0xF];
    out[4] = HEX[(unit >> 4) & 0xF];
    out[5] = HEX[unit & 0xF];
}

/* A string between quotes, escaped as json's ensure_ascii does: the named escapes, \u00XX for other control
 * characters and for everything past '~', and a surrogate pair for characters past U+FFFF. */
static int append_string(Buffer *buffer, PyObject *string) {
    Py_ssize_t length = PyUnicode_GET_LENGTH(string);
    if (length > (PY_SSIZE_T_MAX - 2) / 12 || reserve(buffer, 2 + 12 * length) < 0) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        return -1;
    }
    int kind = PyUnicode_KIND(string);
    const void *data = PyUnicode_DATA(string);
    char *out = buffer->text + buffer->length;
    *out++ = '"';
    Py_ssize_t plain = 0;  /* ASCII text (Go's names) is copied whole up to the first byte to escape */
    if (PyUnicode_IS_ASCII(string)) {
        const unsigned char *ascii = data;
        while (plain < length && ascii[plain] >= ' ' && ascii[plain] != '"' && ascii[plain] != '\\' &&
               ascii[plain] != 0x7F)
            plain++;
        memcpy(out, ascii, (size_t)plain);
        out += plain;
    }
    for (Py_ssize_t i = plain; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= ' ' && c <= '~' && c != '\\' && c != '"') {
            *out++ = (char)c;
            continue;
        }
        *out++ = '\\';
        switch (c) {
        case '\\': *out++ = '\\'; break;
        case '"': *out++ = '"'; break;
        case '\b': *out++ = 'b'; break;
        case '\f': *out++ = 'f'; break;
        case '\n': *out++ = 'n'; break;
        case '\r': *out++ = 'r'; break;
        case '\t': *out++ = 't'; break;
        default:
            out--;
            if (c >= 0x10000) {
                c -= 0x10000;
                escape_unit(out, 0xD800 | ((c >> 10) & 0x3FF));
                out += 6;
                c = 0xDC00 | (c & 0x3FF);
            }
            escape_unit(out, c);
            out += 6;
        }
    }
    *out++ = '"';
    buffer->length = out - buffer->text;
    return 0;
}

/* 1: written; 0: a value this encoder leaves to json; -1: an error. */
static int append_value(Buffer *buffer, PyObject *value, int depth);

static int append_object(Buffer *buffer, PyObject *object, int depth) {
    if (depth > 1)
        return 0;  /* a row, and flat dicts in it; deeper ones are json's */
    if (append(buffer, "{", 1) < 0)
        return -1;
    Py_ssize_t position = 0, written = 0;
    PyObject *key, *value;
    while (PyDict_Next(object, &position, &key, &value)) {
        if (!PyUnicode_CheckExact(key))
            return 0;
        if ((written++ && append(buffer, ", ", 2) < 0) || append_string(buffer, key) < 0 ||
            append(buffer, ": ", 2) < 0)
            return -1;
        int done = append_value(buffer, value, depth + 1);
        if (done <= 0)
            return done;
    }
    return append(buffer, "}", 1) < 0 ? -1 : 1;
}

static int append_value(Buffer *buffer, PyObject *value, int depth) {
    if (value == Py_None)
        return append(buffer, "null", 4) < 0 ? -1 : 1;
    if (value == Py_True)
        return append(buffer, "true", 4) < 0 ? -1 : 1;
    if (value == Py_False)
        return append(buffer, "false", 5) < 0 ? -1 : 1;
    if (PyUnicode_CheckExact(value))
        return append_string(buffer, value) < 0 ? -1 : 1;
    if (PyLong_CheckExact(value)) {
        int overflow;
        long long number = PyLong_AsLongLongAndOverflow(value, &overflow);
        if (overflow)
            return 0;  /* json writes any int; here only those of 64 bits */
        if (number == -1 && PyErr_Occurred())
            return -1;
        char digits[24], *end = digits + sizeof digits, *at = end;
        unsigned long long magnitude = number < 0 ? 0ULL - (unsigned long long)number : (unsigned long long)number;
        do {  /* as repr writes it (snprintf took most of the time of a row) */
            *--at = (char)('0' + magnitude % 10);
            magnitude /= 10;
        } while (magnitude);
        if (number < 0)
            *--at = '-';
        return append(buffer, at, end - at) < 0 ? -1 : 1;
    }
    if (PyDict_CheckExact(value))
        return append_object(buffer, value, depth);
    return 0;
}

/* rows(rows: list[dict], separator: str) -> str | None
 * Each row as json.dumps(row) would write it, joined by `separator` (ASCII); None when a row holds a value
 * this encoder leaves to json. */
static PyObject *rows(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *list;
    const char *separator;
    Py_ssize_t separator_length;
    if (!PyArg_ParseTuple(args, "O!s#", &PyList_Type, &list, &separator, &separator_length))
        return NULL;
    Buffer buffer = {NULL, 0, 0};
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *row = PyList_GET_ITEM(list, i);
        if (i && append(&buffer, separator, separator_length) < 0)
            goto done;
        int done = PyDict_CheckExact(row) ? append_object(&buffer, row, 0) : 0;
        if (done < 0)
            goto done;
        if (done == 0) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    }
    result = PyUnicode_DecodeASCII(buffer.text ? buffer.text : "", buffer.length, NULL);
done:
    PyMem_Free(buffer.text);
    return result;
}

static PyMethodDef methods[] = {
    {"rows", rows, METH_VARARGS, "Rows encoded as json.dumps encodes them, joined by a separator."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "_json_rows", .m_doc = NULL, .m_size = -1, .m_methods = methods};

PyMODINIT_FUNC PyInit__json_rows(void) { return PyModule_Create(&module); }
