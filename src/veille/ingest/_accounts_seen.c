/* veille.ingest._accounts_seen: which account rows of an ingest bring values it has not just given
 * their account (veille.ingest.accounts_seen), in C.
 *
 * Seen() is a memory of the values (handle, display name, creation time, followers) last kept for
 * each account (platform, id) by this ingest. news(seen, n, keys, values) reads n rows of Arrow
 * columns and returns n bytes, 1 for each row to keep: its account is not in the memory, or its
 * values differ from those remembered (a null is a value here: the upsert decides what a null
 * means); a kept row's values are remembered. Rows are read in order, so a row is compared with
 * the last one kept for its account, in this call or an earlier one.
 *
 * keys: 2 string columns; values: string columns then int64 columns, as `kinds` says ('s' or 'q').
 * A column is (validity or None, offsets or None, data, offset): Arrow's buffers of one chunk,
 * strings with int32 offsets. Values are compared byte for byte, keys too (a 64-bit hash only
 * finds where to look).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    Py_buffer validity, offsets, data;
    int has_validity, has_offsets;
    Py_ssize_t offset;
} Column;

static void release_column(Column *c) {
    if (c->has_validity)
        PyBuffer_Release(&c->validity);
    if (c->has_offsets)
        PyBuffer_Release(&c->offsets);
    if (c->data.obj)
        PyBuffer_Release(&c->data);
    memset(c, 0, sizeof *c);
}

/* (validity or None, offsets or None, data, offset) */
static int open_column(PyObject *spec, Column *c, int is_string) {
    memset(c, 0, sizeof *c);
    if (!PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) != 4) {
        PyErr_SetString(PyExc_TypeError, "a column is (validity, offsets, data, offset)");
        return -1;
    }
    PyObject *validity = PyTuple_GET_ITEM(spec, 0), *offsets = PyTuple_GET_ITEM(spec, 1);
    c->offset = PyLong_AsSsize_t(PyTuple_GET_ITEM(spec, 3));
    if (c->offset < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "negative offset");
        return -1;
    }
    if (validity != Py_None) {
        if (PyObject_GetBuffer(validity, &c->validity, PyBUF_SIMPLE) < 0)
            return -1;
        c->has_validity = 1;
    }
    if (is_string) {
        if (offsets == Py_None) {
            PyErr_SetString(PyExc_TypeError, "a string column needs its offsets");
            release_column(c);
            return -1;
        }
        if (PyObject_GetBuffer(offsets, &c->offsets, PyBUF_SIMPLE) < 0) {
            release_column(c);
            return -1;
        }
        c->has_offsets = 1;
    }
    if (PyObject_GetBuffer(PyTuple_GET_ITEM(spec, 2), &c->data, PyBUF_SIMPLE) < 0) {
        release_column(c);
        return -1;
    }
    return 0;
}

static inline int is_valid(const Column *c, Py_ssize_t i) {
    if (!c->has_validity)
        return 1;
    Py_ssize_t at = c->offset + i;
    return (((const unsigned char *)c->validity.buf)[at >> 3] >> (at & 7)) & 1;
}

/* The bytes of string i (NULL when its offsets fall outside the buffers: refused by the caller). */
static const char *string_at(const Column *c, Py_ssize_t i, uint32_t *length) {
    const int32_t *offsets = (const int32_t *)c->offsets.buf;
    Py_ssize_t at = c->offset + i;
    if ((at + 2) * (Py_ssize_t)sizeof(int32_t) > c->offsets.len)
        return NULL;
    int32_t start = offsets[at], end = offsets[at + 1];
    if (start < 0 || end < start || end > c->data.len)
        return NULL;
    *length = (uint32_t)(end - start);
    return (const char *)c->data.buf + start;
}

/* ---- a growable byte string ------------------------------------------------------------------ */

typedef struct {
    char *data;
    size_t size, capacity;
} Bytes;

static int put(Bytes *b, const void *p, size_t n) {
    if (b->size + n > b->capacity) {
        size_t capacity = 2 * (b->size + n) + 64;
        char *data = PyMem_Realloc(b->data, capacity);
        if (data == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->data = data;
        b->capacity = capacity;
    }
    memcpy(b->data + b->size, p, n);
    b->size += n;
    return 0;
}

/* ---- the memory: open addressing on a 64-bit hash of the key ---------------------------------- */

typedef struct {
    uint64_t hash;
    char *blob; /* key bytes, then value bytes */
    uint32_t key_size, value_size;
} Entry;

typedef struct {
    PyObject_HEAD
    Entry *entries;
    size_t capacity, used; /* capacity: a power of two */
} Seen;

static uint64_t hash_bytes(const char *p, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xFF51AFD7ED558CCDULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ (w * 0x87C37B91114253D5ULL)) * 0x4CF5AD432745937FULL;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ (w * 0x87C37B91114253D5ULL)) * 0x4CF5AD432745937FULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

static int grow(Seen *s) {
    size_t capacity = s->capacity ? 2 * s->capacity : 1024;
    Entry *entries = PyMem_Calloc(capacity, sizeof(Entry));
    if (entries == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < s->capacity; i++) {
        Entry *e = &s->entries[i];
        if (e->blob == NULL)
            continue;
        size_t j = e->hash & (capacity - 1);
        while (entries[j].blob != NULL)
            j = (j + 1) & (capacity - 1);
        entries[j] = *e;
    }
    PyMem_Free(s->entries);
    s->entries = entries;
    s->capacity = capacity;
    return 0;
}

/* 1: keep (and remember), 0: the same values as remembered, -1: error. The key's hash is `h`, and
 * there is room for one more entry (see news). */
static int keep(Seen *s, uint64_t h, const char *key, uint32_t key_size, const char *value, uint32_t value_size) {
    size_t j = h & (s->capacity - 1);
    for (;; j = (j + 1) & (s->capacity - 1)) {
        Entry *e = &s->entries[j];
        if (e->blob == NULL)
            break;
        if (e->hash != h || e->key_size != key_size || memcmp(e->blob, key, key_size) != 0)
            continue;
        if (e->value_size == value_size && memcmp(e->blob + e->key_size, value, value_size) == 0)
            return 0;
        char *blob = PyMem_Realloc(e->blob, (size_t)key_size + value_size + 1);
        if (blob == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        memcpy(blob + key_size, value, value_size);
        e->blob = blob;
        e->value_size = value_size;
        return 1;
    }
    char *blob = PyMem_Malloc((size_t)key_size + value_size + 1);
    if (blob == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(blob, key, key_size);
    memcpy(blob + key_size, value, value_size);
    s->entries[j] = (Entry){.hash = h, .blob = blob, .key_size = key_size, .value_size = value_size};
    s->used++;
    return 1;
}

/* Asks memory for the key and values of the entry a key's hash points at, ahead of its turn (the
 * entries themselves are asked for in pass 1 of news): the memory holds 100k accounts and more,
 * and waiting for entries was most of the time (0.33 us a row). */
static inline void prefetch(const Seen *s, uint64_t h) {
    const Entry *e = &s->entries[h & (s->capacity - 1)];
    if (e->hash == h && e->blob != NULL)
        __builtin_prefetch(e->blob);
}

/* Appends row i of a column: a null flag, then the length and bytes of a string or the 8 bytes
 * of an int64. */
static int put_cell(Bytes *b, const Column *c, Py_ssize_t i, char kind) {
    unsigned char valid = (unsigned char)is_valid(c, i);
    if (put(b, &valid, 1) < 0)
        return -1;
    if (!valid)
        return 0;
    if (kind == 's') {
        uint32_t length;
        const char *p = string_at(c, i, &length);
        if (p == NULL) {
            PyErr_SetString(PyExc_ValueError, "string offsets outside the column's buffers");
            return -1;
        }
        return put(b, &length, sizeof length) < 0 ? -1 : put(b, p, length);
    }
    Py_ssize_t at = c->offset + i;
    if ((at + 1) * (Py_ssize_t)sizeof(int64_t) > c->data.len) {
        PyErr_SetString(PyExc_ValueError, "row outside the column's buffer");
        return -1;
    }
    return put(b, (const char *)c->data.buf + at * sizeof(int64_t), sizeof(int64_t));
}

static PyTypeObject SeenType;

static PyObject *news(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "news(seen, n, keys, values, kinds)");
        return NULL;
    }
    PyObject *seen = args[0], *keys = args[2], *values = args[3], *kinds = args[4];
    if (!PyObject_TypeCheck(seen, &SeenType)) {
        PyErr_SetString(PyExc_TypeError, "news() needs a Seen");
        return NULL;
    }
    Py_ssize_t n = PyLong_AsSsize_t(args[1]);
    if (n < 0 && PyErr_Occurred())
        return NULL;
    if (!PyTuple_Check(keys) || PyTuple_GET_SIZE(keys) != 2 || !PyTuple_Check(values) || !PyUnicode_Check(kinds)
        || PyUnicode_GET_LENGTH(kinds) != PyTuple_GET_SIZE(values) || PyTuple_GET_SIZE(values) > 8) {
        PyErr_SetString(PyExc_TypeError, "news(seen, n, 2 key columns, value columns, their kinds)");
        return NULL;
    }
    Py_ssize_t nvalues = PyTuple_GET_SIZE(values);
    char kind[8];
    for (Py_ssize_t k = 0; k < nvalues; k++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(kinds, k);
        if (c != 's' && c != 'q') {
            PyErr_SetString(PyExc_ValueError, "a column's kind is 's' or 'q'");
            return NULL;
        }
        kind[k] = (char)c;
    }
    Column columns[10];
    Py_ssize_t opened = 0;
    PyObject *mask = NULL;
    Bytes key = {0}, value = {0};
    void *ends = NULL;
    for (; opened < 2 + nvalues; opened++) {
        int is_string = opened < 2 || kind[opened - 2] == 's';
        PyObject *spec = opened < 2 ? PyTuple_GET_ITEM(keys, opened) : PyTuple_GET_ITEM(values, opened - 2);
        if (open_column(spec, &columns[opened], is_string) < 0)
            goto done;
    }
    mask = PyBytes_FromStringAndSize(NULL, n);
    if (mask == NULL)
        goto done;
    char *out = PyBytes_AS_STRING(mask);
    /* Room for every row at once, so that entries stay where pass 1 found them. */
    Seen *s = (Seen *)seen;
    while (2 * (s->used + (size_t)n + 1) > s->capacity)
        if (grow(s) < 0)
            goto fail;
    /* Pass 1: each row's key and values, one after the other in `key` and `value`, where each
     * row ends (`ends`), and its key's hash; its entry is asked of memory meanwhile. */
    ends = PyMem_Malloc((size_t)(n + 1) * (2 * sizeof(uint32_t) + sizeof(uint64_t)));
    if (ends == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    uint32_t *key_ends = ends, *value_ends = key_ends + n + 1;
    uint64_t *hashes = (uint64_t *)(value_ends + n + 1);
    key_ends[0] = value_ends[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        size_t key_start = key.size;
        for (int k = 0; k < 2; k++) {
            if (!is_valid(&columns[k], i)) {
                PyErr_SetString(PyExc_ValueError, "an account without its platform or id");
                goto fail;
            }
            if (put_cell(&key, &columns[k], i, 's') < 0)
                goto fail;
        }
        for (Py_ssize_t k = 0; k < nvalues; k++)
            if (put_cell(&value, &columns[2 + k], i, kind[k]) < 0)
                goto fail;
        if (key.size > UINT32_MAX || value.size > UINT32_MAX) {
            PyErr_SetString(PyExc_OverflowError, "too many account bytes in one call");
            goto fail;
        }
        key_ends[i + 1] = (uint32_t)key.size;
        value_ends[i + 1] = (uint32_t)value.size;
        hashes[i] = hash_bytes(key.data + key_start, key.size - key_start);
        __builtin_prefetch(&s->entries[hashes[i] & (s->capacity - 1)]);
    }
    /* Pass 2: each row against its entry, whose key and values are asked of memory a few rows
     * ahead. */
    enum { AHEAD = 8 };
    for (Py_ssize_t i = 0; i < n && i < AHEAD; i++)
        prefetch(s, hashes[i]);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i + AHEAD < n)
            prefetch(s, hashes[i + AHEAD]);
        int kept = keep(s, hashes[i], key.data + key_ends[i], key_ends[i + 1] - key_ends[i],
                        value.data + value_ends[i], value_ends[i + 1] - value_ends[i]);
        if (kept < 0)
            goto fail;
        out[i] = (char)kept;
    }
    goto done;
fail:
    Py_CLEAR(mask);
done:
    for (Py_ssize_t k = 0; k < opened; k++)
        release_column(&columns[k]);
    PyMem_Free(key.data);
    PyMem_Free(value.data);
    PyMem_Free(ends);
    return mask;
}

static PyObject *seen_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    if (PyTuple_GET_SIZE(args) || (kwargs && PyDict_GET_SIZE(kwargs))) {
        PyErr_SetString(PyExc_TypeError, "Seen() takes no arguments");
        return NULL;
    }
    Seen *s = (Seen *)type->tp_alloc(type, 0);
    return (PyObject *)s;
}

static void seen_dealloc(Seen *s) {
    for (size_t i = 0; i < s->capacity; i++)
        PyMem_Free(s->entries[i].blob);
    PyMem_Free(s->entries);
    Py_TYPE(s)->tp_free((PyObject *)s);
}

static Py_ssize_t seen_len(Seen *s) { return (Py_ssize_t)s->used; }

static PySequenceMethods seen_sequence = {.sq_length = (lenfunc)seen_len};

static PyTypeObject SeenType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "veille.ingest._accounts_seen.Seen",
    .tp_basicsize = sizeof(Seen),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The values last kept for each account (platform, id).",
    .tp_new = seen_new,
    .tp_dealloc = (destructor)seen_dealloc,
    .tp_as_sequence = &seen_sequence,
};

static PyMethodDef methods[] = {
    {"news", (PyCFunction)(void (*)(void))news, METH_FASTCALL,
     "news(seen, n, keys, values, kinds) -> bytes: 1 for each row whose values are new for its account"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_accounts_seen", NULL, -1, methods};

PyMODINIT_FUNC PyInit__accounts_seen(void) {
    if (PyType_Ready(&SeenType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&SeenType);
    if (PyModule_AddObject(m, "Seen", (PyObject *)&SeenType) < 0) {
        Py_DECREF(&SeenType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
