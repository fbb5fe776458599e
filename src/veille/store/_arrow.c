/* veille.store._arrow: a Python list of str as the buffers of an Arrow string column, in C.
 *
 * pyarrow's own conversion (`pa.array(values, pa.string())`) asks each str for its UTF-8 form,
 * which CPython makes and keeps inside every non-ASCII str (an allocation per text, freed with
 * it): about 0.7 us for a post's text, a tenth of a worker's time. Here each str is encoded
 * straight into the column's one data buffer.
 *
 * strings(values) -> (validity, nulls, offsets, data): values is a list or tuple of str or None;
 *     validity is Arrow's bitmap (bytes) or None when there are no None; offsets are n + 1 int32.
 * string_lists(values) -> (validity, nulls, list_offsets, offsets, data): values is a list or
 *     tuple of lists or tuples of str, or None; list_offsets are n + 1 int32 into the strings.
 * Anything else (another type, a lone surrogate, more than 2 GB) raises TypeError, ValueError or
 * OverflowError, and the caller lets pyarrow convert the column instead (veille.store.arrow_columns).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* The most bytes a str can take in UTF-8, from its storage kind alone. */
static Py_ssize_t utf8_bound(PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (PyUnicode_IS_ASCII(s))
        return n;
    switch (PyUnicode_KIND(s)) {
    case PyUnicode_1BYTE_KIND: return 2 * n;
    case PyUnicode_2BYTE_KIND: return 3 * n;
    default: return 4 * n;
    }
}

/* Writes the UCS1 characters p[0..n) in UTF-8 at o; returns the end. ASCII goes 8 at a time. */
static unsigned char *put_ucs1(const Py_UCS1 *p, Py_ssize_t n, unsigned char *o) {
    Py_ssize_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t word;
            memcpy(&word, p + i, 8);
            if (!(word & 0x8080808080808080ULL)) {
                memcpy(o, &word, 8);
                o += 8;
                i += 8;
                continue;
            }
        }
        Py_UCS1 c = p[i++];
        if (c < 0x80) {
            *o++ = c;
        } else {
            *o++ = 0xC0 | (c >> 6);
            *o++ = 0x80 | (c & 0x3F);
        }
    }
    return o;
}

/* Writes s in UTF-8 at out; returns the bytes written, or -1 (ValueError) on a lone surrogate. */
static Py_ssize_t put_utf8(PyObject *s, char *out) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (PyUnicode_IS_ASCII(s)) {
        memcpy(out, PyUnicode_1BYTE_DATA(s), n);
        return n;
    }
    unsigned char *o = (unsigned char *)out;
    int kind = PyUnicode_KIND(s);
    if (kind == PyUnicode_1BYTE_KIND)
        return (char *)put_ucs1(PyUnicode_1BYTE_DATA(s), n, o) - out;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = kind == PyUnicode_2BYTE_KIND ? PyUnicode_2BYTE_DATA(s)[i] : PyUnicode_4BYTE_DATA(s)[i];
        if (c < 0x80) {
            *o++ = (unsigned char)c;
        } else if (c < 0x800) {
            *o++ = 0xC0 | (c >> 6);
            *o++ = 0x80 | (c & 0x3F);
        } else if (c < 0x10000) {
            if (c >= 0xD800 && c <= 0xDFFF) {
                PyErr_SetString(PyExc_ValueError, "a lone surrogate has no UTF-8 form");
                return -1;
            }
            *o++ = 0xE0 | (c >> 12);
            *o++ = 0x80 | ((c >> 6) & 0x3F);
            *o++ = 0x80 | (c & 0x3F);
        } else {
            *o++ = 0xF0 | (c >> 18);
            *o++ = 0x80 | ((c >> 12) & 0x3F);
            *o++ = 0x80 | ((c >> 6) & 0x3F);
            *o++ = 0x80 | (c & 0x3F);
        }
    }
    return (char *)o - out;
}

/* A string column being written: each str appended puts its UTF-8 bytes in `data` and its end in
 * `offsets`. */
typedef struct {
    PyObject *data;     /* bytes, grown by _PyBytes_Resize */
    Py_ssize_t used;
    int32_t *offsets;   /* one more than the strings */
    Py_ssize_t count;   /* strings so far */
} Column;

static int reserve(Column *col, Py_ssize_t more) {
    Py_ssize_t size = PyBytes_GET_SIZE(col->data);
    if (col->used + more <= size)
        return 0;
    Py_ssize_t want = size * 2 > col->used + more ? size * 2 : col->used + more;
    if (want > INT32_MAX) {
        if (col->used + more > INT32_MAX) {
            PyErr_SetString(PyExc_OverflowError, "more than 2 GB of text in one column");
            return -1;
        }
        want = INT32_MAX;
    }
    return _PyBytes_Resize(&col->data, want);
}

static int append(Column *col, PyObject *s) {
    if (!PyUnicode_Check(s)) {
        PyErr_Format(PyExc_TypeError, "expected str, got %.100s", Py_TYPE(s)->tp_name);
        return -1;
    }
    if (reserve(col, utf8_bound(s)) < 0)
        return -1;
    Py_ssize_t written = put_utf8(s, PyBytes_AS_STRING(col->data) + col->used);
    if (written < 0)
        return -1;
    col->used += written;
    col->offsets[++col->count] = (int32_t)col->used;
    return 0;
}

static int start(Column *col, Py_ssize_t strings, Py_ssize_t guess, PyObject **offsets) {
    *offsets = PyBytes_FromStringAndSize(NULL, (strings + 1) * sizeof(int32_t));
    col->data = PyBytes_FromStringAndSize(NULL, guess > 64 ? guess : 64);
    if (*offsets == NULL || col->data == NULL)
        return -1;
    col->offsets = (int32_t *)PyBytes_AS_STRING(*offsets);
    col->offsets[0] = 0;
    col->used = 0;
    col->count = 0;
    return 0;
}

/* Arrow's validity bitmap for values[0..n) (1: present), or None when nothing is None. */
static PyObject *validity(PyObject **values, Py_ssize_t n, Py_ssize_t *nulls) {
    *nulls = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        *nulls += values[i] == Py_None;
    if (*nulls == 0)
        Py_RETURN_NONE;
    PyObject *bitmap = PyBytes_FromStringAndSize(NULL, (n + 7) / 8);
    if (bitmap == NULL)
        return NULL;
    unsigned char *bits = (unsigned char *)PyBytes_AS_STRING(bitmap);
    memset(bits, 0, (n + 7) / 8);
    for (Py_ssize_t i = 0; i < n; i++)
        if (values[i] != Py_None)
            bits[i >> 3] |= (unsigned char)(1 << (i & 7));
    return bitmap;
}

/* The data buffer cut to what it holds. */
static int done(Column *col) { return _PyBytes_Resize(&col->data, col->used); }

static PyObject *strings(PyObject *module, PyObject *column) {
    if (!PyList_Check(column) && !PyTuple_Check(column)) {
        PyErr_SetString(PyExc_TypeError, "strings() takes a list or tuple");
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(column), nulls, guess = 0;
    PyObject **values = PySequence_Fast_ITEMS(column);
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_Check(values[i]))
            guess += PyUnicode_GET_LENGTH(values[i]);
    PyObject *bitmap = validity(values, n, &nulls), *offsets = NULL;
    Column col = {NULL, 0, NULL, 0};
    if (bitmap == NULL || start(&col, n, guess + guess / 8, &offsets) < 0)
        goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = values[i];
        if (s == Py_None)
            col.offsets[++col.count] = (int32_t)col.used;
        else if (append(&col, s) < 0)
            goto fail;
    }
    if (done(&col) < 0)
        goto fail;
    return Py_BuildValue("(NnNN)", bitmap, nulls, offsets, col.data);
fail:
    Py_XDECREF(bitmap);
    Py_XDECREF(offsets);
    Py_XDECREF(col.data);
    return NULL;
}

static PyObject *string_lists(PyObject *module, PyObject *column) {
    if (!PyList_Check(column) && !PyTuple_Check(column)) {
        PyErr_SetString(PyExc_TypeError, "string_lists() takes a list or tuple");
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(column), nulls, strings = 0, guess = 0;
    PyObject **values = PySequence_Fast_ITEMS(column);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *list = values[i];
        if (list == Py_None)
            continue;
        if (!PyList_Check(list) && !PyTuple_Check(list)) {
            PyErr_Format(PyExc_TypeError, "expected a list or tuple, got %.100s", Py_TYPE(list)->tp_name);
            return NULL;
        }
        Py_ssize_t k = PySequence_Fast_GET_SIZE(list);
        strings += k;
        PyObject **items = PySequence_Fast_ITEMS(list);
        for (Py_ssize_t j = 0; j < k; j++)
            if (PyUnicode_Check(items[j]))
                guess += PyUnicode_GET_LENGTH(items[j]);
    }
    if (strings > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "more than 2**31 strings in one column");
        return NULL;
    }
    PyObject *bitmap = validity(values, n, &nulls), *offsets = NULL;
    PyObject *list_offsets = PyBytes_FromStringAndSize(NULL, (n + 1) * sizeof(int32_t));
    Column col = {NULL, 0, NULL, 0};
    if (bitmap == NULL || list_offsets == NULL || start(&col, strings, guess + guess / 8, &offsets) < 0)
        goto fail;
    int32_t *at = (int32_t *)PyBytes_AS_STRING(list_offsets);
    at[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *list = values[i];
        if (list != Py_None) {
            Py_ssize_t k = PySequence_Fast_GET_SIZE(list);
            PyObject **items = PySequence_Fast_ITEMS(list);
            for (Py_ssize_t j = 0; j < k; j++)
                if (append(&col, items[j]) < 0)
                    goto fail;
        }
        at[i + 1] = (int32_t)col.count;
    }
    if (done(&col) < 0)
        goto fail;
    return Py_BuildValue("(NnNNN)", bitmap, nulls, list_offsets, offsets, col.data);
fail:
    Py_XDECREF(bitmap);
    Py_XDECREF(list_offsets);
    Py_XDECREF(offsets);
    Py_XDECREF(col.data);
    return NULL;
}

static PyMethodDef methods[] = {
    {"strings", strings, METH_O, "A list of str or None as (validity, nulls, offsets, data)."},
    {"string_lists", string_lists, METH_O,
     "A list of lists of str, or None, as (validity, nulls, list_offsets, offsets, data)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_arrow", NULL, 0, methods};

PyMODINIT_FUNC PyInit__arrow(void) { return PyModule_Create(&module); }
