/* veille.enrich._fold: the folded text's key (veille.enrich.text.text_key), in C.
 *
 * Folding keeps the runs of alphanumeric characters (str.isalnum) of the case-folded text, in
 * order, joined by one space, after links (`https?://\S+`, `www\.\S+`) and mentions (`@[\w.]+`)
 * are taken out; the key is the xxh64 (seed 0) of the result's UTF-8 bytes, with the number of
 * runs. That is exactly what veille.enrich.text.fold computes with regular expressions, and the
 * test compares the two on generated texts; this module only does it in one pass over the text,
 * without the regular expressions and the intermediate strings (a third of a post's enrichment).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_links.h"

/* ---- xxh64, as xxhash.xxh64_intdigest(data) (seed 0) ---------------------------------- */

static const uint64_t P1 = 11400714785074694791ULL, P2 = 14029467366897019727ULL,
                      P3 = 1609587929392839161ULL, P4 = 9650029242287828579ULL,
                      P5 = 2870177450012600261ULL;

static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t read64(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v; /* little-endian machines (x86-64, aarch64), as xxhash's canonical form */
}

static inline uint32_t read32(const unsigned char *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t round64(uint64_t acc, uint64_t input) {
    acc += input * P2;
    acc = rotl(acc, 31);
    return acc * P1;
}

static inline uint64_t merge64(uint64_t acc, uint64_t val) {
    acc ^= round64(0, val);
    return acc * P1 + P4;
}

static uint64_t xxh64(const unsigned char *p, size_t len) {
    const unsigned char *end = p + len;
    uint64_t h;
    if (len >= 32) {
        uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = -P1;
        const unsigned char *limit = end - 32;
        do {
            v1 = round64(v1, read64(p));
            v2 = round64(v2, read64(p + 8));
            v3 = round64(v3, read64(p + 16));
            v4 = round64(v4, read64(p + 24));
            p += 32;
        } while (p <= limit);
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
        h = merge64(h, v1);
        h = merge64(h, v2);
        h = merge64(h, v3);
        h = merge64(h, v4);
    } else {
        h = P5;
    }
    h += (uint64_t)len;
    while (p + 8 <= end) {
        h ^= round64(0, read64(p));
        h = rotl(h, 27) * P1 + P4;
        p += 8;
    }
    if (p + 4 <= end) {
        h ^= (uint64_t)read32(p) * P1;
        h = rotl(h, 23) * P2 + P3;
        p += 4;
    }
    while (p < end) {
        h ^= (*p) * P5;
        h = rotl(h, 11) * P1;
        p++;
    }
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

/* ---- folding ---------------------------------------------------------------------------- */

typedef struct {
    unsigned char *data;
    Py_ssize_t size, capacity;
    unsigned char small[1024];
} Buffer;

static int reserve(Buffer *b, Py_ssize_t more) {
    if (b->size + more <= b->capacity)
        return 0;
    Py_ssize_t capacity = 2 * (b->size + more);
    unsigned char *data = PyMem_Malloc(capacity);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(data, b->data, b->size);
    if (b->data != b->small)
        PyMem_Free(b->data);
    b->data = data;
    b->capacity = capacity;
    return 0;
}

static inline unsigned char *put_utf8(unsigned char *out, Py_UCS4 c) { /* room reserved by the caller */
    if (c < 0x80) {
        out[0] = (unsigned char)c;
        return out + 1;
    } else if (c < 0x800) {
        out[0] = 0xC0 | (c >> 6);
        out[1] = 0x80 | (c & 0x3F);
        return out + 2;
    } else if (c < 0x10000) {
        out[0] = 0xE0 | (c >> 12);
        out[1] = 0x80 | ((c >> 6) & 0x3F);
        out[2] = 0x80 | (c & 0x3F);
        return out + 3;
    }
    out[0] = 0xF0 | (c >> 18);
    out[1] = 0x80 | ((c >> 12) & 0x3F);
    out[2] = 0x80 | ((c >> 6) & 0x3F);
    out[3] = 0x80 | (c & 0x3F);
    return out + 4;
}

#define AT(i) PyUnicode_READ(kind, data, (i))

/* An ASCII text is not case-folded beforehand (folding it is lower-casing, done as its
 * characters are copied), so links are recognised in any case and letters lower-cased here. */
static inline Py_UCS4 low(Py_UCS4 c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

static PyObject *casefold_name;

/* str.casefold maps each character on its own (no context, unlike lower()), to one to three
 * characters; what it gives for each character of the Basic Multilingual Plane is asked of
 * Python once and kept here (n == 0: not asked yet). Other characters (emoji, mostly) are asked
 * each time. */
static struct {
    unsigned char n;
    Py_UCS4 to[3];
} bmp_folds[0x10000];

static int fold_char(Py_UCS4 c, Py_UCS4 *out) {
    if (c < 0x10000 && bmp_folds[c].n)
        goto known;
    PyObject *one = PyUnicode_FromOrdinal(c);
    if (one == NULL)
        return -1;
    PyObject *folded = PyObject_CallMethodNoArgs(one, casefold_name);
    Py_DECREF(one);
    if (folded == NULL)
        return -1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(folded);
    if (n < 1 || n > 3) {
        Py_DECREF(folded);
        PyErr_SetString(PyExc_ValueError, "unexpected case folding");
        return -1;
    }
    Py_UCS4 to[3];
    for (Py_ssize_t k = 0; k < n; k++)
        to[k] = PyUnicode_READ_CHAR(folded, k);
    Py_DECREF(folded);
    if (c >= 0x10000) {
        memcpy(out, to, n * sizeof(Py_UCS4));
        return (int)n;
    }
    memcpy(bmp_folds[c].to, to, n * sizeof(Py_UCS4));
    bmp_folds[c].n = (unsigned char)n;
known:
    memcpy(out, bmp_folds[c].to, bmp_folds[c].n * sizeof(Py_UCS4));
    return bmp_folds[c].n;
}

/* The runs of the (case-folded) text's characters into b, as UTF-8 joined by spaces; the number
 * of runs, or -1. Written once for a storage kind given as a constant (see SPECIALISED). */
static ALWAYS_INLINE Py_ssize_t fold_runs_of(int kind, const void *data, Py_ssize_t n, Buffer *b) {
    /* Room for the longest result at once (a character's 4 bytes and a space each), so that the
     * loop writes through a local pointer. */
    if (reserve(b, 5 * n) < 0)
        return -1;
    unsigned char *out = b->data + b->size;
    Py_ssize_t words = 0;
    int in_word = 0;
    for (Py_ssize_t i = 0; i < n;) {
        Py_UCS4 c = AT(i), l = low(c);
        if (l == 'h' || l == 'w' || l == '@') {
            Py_ssize_t skip = link_or_mention(kind, data, n, i, 1, 1);
            if (skip) {
                in_word = 0;
                i += skip;
                continue;
            }
        }
        int alnum = c < 128 ? ((l >= 'a' && l <= 'z') || (c >= '0' && c <= '9')) : Py_UNICODE_ISALNUM(c);
        if (alnum) {
            if (!in_word) {
                if (words)
                    *out++ = ' ';
                words++;
                in_word = 1;
            }
            out = put_utf8(out, l);
        } else {
            in_word = 0;
        }
        i++;
    }
    b->size = out - b->data;
    return words;
}

static Py_ssize_t fold_runs(int kind, const void *data, Py_ssize_t n, Buffer *b) {
    SPECIALISED(kind, return fold_runs_of, data, n, b);
}

static PyObject *text_key(PyObject *module, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text_key() takes a str");
        return NULL;
    }
    /* An ASCII text is read as it is (folding it is lower-casing, done as it is read); any
     * other is case-folded first, into `chars`. */
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 small_chars[512], *chars = NULL;
    if (!PyUnicode_IS_ASCII(text)) {
        chars = n * 3 <= 512 ? small_chars : PyMem_Malloc(n * 3 * sizeof(Py_UCS4));
        if (chars == NULL)
            return PyErr_NoMemory();
        Py_ssize_t m = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c < 128) {
                chars[m++] = c;
                continue;
            }
            int k = fold_char(c, chars + m);
            if (k < 0) {
                if (chars != small_chars)
                    PyMem_Free(chars);
                return NULL;
            }
            m += k;
        }
        kind = PyUnicode_4BYTE_KIND;
        data = chars;
        n = m;
    }
    Buffer b; /* not zeroed: `small` is written before it is read (zeroing it cost a fifth of a call) */
    b.data = b.small;
    b.size = 0;
    b.capacity = sizeof b.small;
    Py_ssize_t words = fold_runs(kind, data, n, &b);
    if (words < 0)
        goto error;
    PyObject *result;
    if (words == 0) {
        result = Py_BuildValue("(On)", Py_None, (Py_ssize_t)0);
    } else {
        PyObject *key = PyLong_FromUnsignedLongLong(xxh64(b.data, (size_t)b.size));
        result = key ? Py_BuildValue("(Nn)", key, words) : NULL;
    }
    if (b.data != b.small)
        PyMem_Free(b.data);
    if (chars != small_chars)
        PyMem_Free(chars);
    return result;
error:
    if (b.data != b.small)
        PyMem_Free(b.data);
    if (chars != small_chars)
        PyMem_Free(chars);
    return NULL;
}

/* ---- repair: is there anything to repair? ------------------------------------------------- */

static PyObject *is_normalized; /* unicodedata.is_normalized */
static PyObject *nfc_name;

static inline int control(Py_UCS4 c) { return c <= 0x08 || c == 0x0B || c == 0x0C || (c >= 0x0E && c <= 0x1F) || c == 0x7F; }

/* A character that a continuation byte (0x80-0xBF) becomes in Latin-1 or Windows-1252. */
static inline int continuation(Py_UCS4 c) {
    if (c >= 0x80 && c <= 0xBF)
        return 1;
    switch (c) {
    case 0x20AC: case 0x201A: case 0x0192: case 0x201E: case 0x2026: case 0x2020: case 0x2021: case 0x02C6:
    case 0x2030: case 0x0160: case 0x2039: case 0x0152: case 0x017D: case 0x2018: case 0x2019: case 0x201C:
    case 0x201D: case 0x2022: case 0x2013: case 0x2014: case 0x02DC: case 0x2122: case 0x0161: case 0x203A:
    case 0x0153: case 0x017E: case 0x0178:
        return 1;
    }
    return 0;
}

#define REPAIR ((Py_UCS4)-1)

/* REPAIR when the text holds a control character or a mojibake pair (see nothing_to_repair), else
 * its highest character. */
static ALWAYS_INLINE Py_UCS4 repair_signs_of(int kind, const void *data, Py_ssize_t n) {
    Py_UCS4 top = 0, previous = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x20 || c == 0x7F) {
            if (control(c))
                return REPAIR;
        } else if (c >= 0x80) {
            if (previous >= 0xC2 && previous <= 0xF4 && continuation(c))
                return REPAIR;
            if (c > top)
                top = c;
        }
        previous = c;
    }
    return top;
}

static Py_UCS4 repair_signs(int kind, const void *data, Py_ssize_t n) {
    SPECIALISED(kind, return repair_signs_of, data, n);
}

/* True when veille.enrich.text.repair_text would give the text back as it is: no control
 * character, no mojibake pair (a lead byte's character, U+00C2..U+00F4, then a continuation's),
 * and already NFC (always so below U+0300, where no character composes or decomposes; else
 * asked of unicodedata). False says "look closer", not that something will change. */
static PyObject *nothing_to_repair(PyObject *module, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "nothing_to_repair() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    Py_UCS4 top = repair_signs(kind, PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text));
    if (top == REPAIR)
        Py_RETURN_FALSE;
    if (top < 0x300)
        Py_RETURN_TRUE;
    return PyObject_CallFunctionObjArgs(is_normalized, nfc_name, text, NULL);
}

/* ---- signs: might the text hold links, hashtags, mentions? --------------------------------- */

/* Bits: 1 when the text has `://` or `www.` in any case (as `"www." in text.lower()`: only W
 * lower-cases to w, and only İ grows, into i and a combining dot), 2 when it has # or ＃, 4 when it
 * has @. Texts without a sign skip the regular expressions that find links, hashtags, mentions. */
static ALWAYS_INLINE long signs_in(int kind, const void *data, Py_ssize_t n) {
    long found = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == ':') {
            if (i + 2 < n && PyUnicode_READ(kind, data, i + 1) == '/' && PyUnicode_READ(kind, data, i + 2) == '/')
                found |= 1;
        } else if (c == 'w' || c == 'W') {
            if (i + 3 < n && (PyUnicode_READ(kind, data, i + 1) | 0x20) == 'w' &&
                (PyUnicode_READ(kind, data, i + 2) | 0x20) == 'w' && PyUnicode_READ(kind, data, i + 3) == '.')
                found |= 1;
        } else if (c == '#' || c == 0xFF03) {
            found |= 2;
        } else if (c == '@') {
            found |= 4;
        }
    }
    return found;
}

static long signs_of(PyObject *text) {
    SPECIALISED(PyUnicode_KIND(text), return signs_in, PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text));
}

static PyObject *signs(PyObject *module, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "signs() takes a str");
        return NULL;
    }
    return PyLong_FromLong(signs_of(text));
}

/* ---- facts: all of the above for a column of texts ------------------------------------------ */

enum { T_TEXT, T_KEY, T_WORDS, T_URLS, T_HASHTAGS, T_MENTIONS, N_FACTS };

/* What the (repaired) text holds of kind k (links, hashtags, mentions), as a list, found by
 * found_by when its signs (`bits`, signs_of) say it may hold any, else `nothing`. */
static PyObject *found_in(PyObject *text, long bits, int k, PyObject *found_by, PyObject *nothing) {
    if (!(bits & (1L << k)))
        return Py_NewRef(nothing);
    PyObject *got = PyObject_CallOneArg(found_by, text);
    PyObject *listed = got ? PySequence_List(got) : NULL;
    Py_XDECREF(got);
    return listed;
}

/* What veille.enrich.posts._facts gives one text, in out[0..5] (new references), or -1. */
static int facts_of(PyObject *module, PyObject *raw, const int find[3], PyObject *repair, PyObject *const found_by[3],
                    PyObject *nothing, PyObject **out) {
    PyObject *clean = nothing_to_repair(module, raw);
    if (clean == NULL)
        return -1;
    int as_is = PyObject_IsTrue(clean);
    Py_DECREF(clean);
    if (as_is < 0)
        return -1;
    PyObject *text = as_is ? Py_NewRef(raw) : PyObject_CallOneArg(repair, raw);
    if (text == NULL)
        return -1;
    if (!PyUnicode_Check(text)) {
        Py_DECREF(text);
        PyErr_SetString(PyExc_TypeError, "repair() must return a str");
        return -1;
    }
    PyObject *key = text_key(module, text);
    if (key == NULL) {
        Py_DECREF(text);
        return -1;
    }
    out[T_TEXT] = text;
    out[T_KEY] = Py_NewRef(PyTuple_GET_ITEM(key, 0));
    out[T_WORDS] = Py_NewRef(PyTuple_GET_ITEM(key, 1));
    Py_DECREF(key);
    long bits = signs_of(text);
    for (int k = 0; k < 3; k++) {  /* links (bit 1), hashtags (2), mentions (4) */
        PyObject *listed = find[k] ? found_in(text, bits, k, found_by[k], nothing) : Py_NewRef(nothing);
        if (listed == NULL) {
            for (int j = 0; j < T_URLS + k; j++)
                Py_DECREF(out[j]);
            return -1;
        }
        out[T_URLS + k] = listed;
    }
    return 0;
}

/* facts(raw_texts, listed_urls, listed_hashtags, listed_mentions, repair, urls_in, hashtags_in,
 * mentions_in, nothing) -> the six columns (texts, keys, words, urls, hashtags, mentions), each
 * worked out once per distinct text: a repeated text takes the first one's objects. Links,
 * hashtags and mentions are looked for in a row's text only where its export listed none of them
 * (None in listed_*); elsewhere the row has `nothing`, or what its text's first row found. */
static PyObject *facts(PyObject *module, PyObject *args) {
    PyObject *raws, *listed[3], *repair, *found_by[3], *nothing;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OOOOO!:facts", &PyList_Type, &raws, &PyList_Type, &listed[0], &PyList_Type,
                          &listed[1], &PyList_Type, &listed[2], &repair, &found_by[0], &found_by[1], &found_by[2],
                          &PyList_Type, &nothing))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(raws);
    for (int k = 0; k < 3; k++)
        if (PyList_GET_SIZE(listed[k]) != n) {
            PyErr_SetString(PyExc_ValueError, "facts() takes listed columns as long as the texts");
            return NULL;
        }
    PyObject *columns[N_FACTS] = {NULL}, *first = PyDict_New(), *result = NULL;
    if (first == NULL)
        return NULL;
    for (int c = 0; c < N_FACTS; c++)
        if ((columns[c] = PyList_New(n)) == NULL)
            goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *raw = PyList_GET_ITEM(raws, i);
        if (!PyUnicode_Check(raw)) {
            PyErr_Format(PyExc_TypeError, "facts() takes texts (str), not %.50s", Py_TYPE(raw)->tp_name);
            goto done;
        }
        int find[3];
        for (int k = 0; k < 3; k++)
            find[k] = PyList_GET_ITEM(listed[k], i) == Py_None;
        PyObject *seen = PyDict_GetItemWithError(first, raw);
        if (seen != NULL) {
            Py_ssize_t j = PyLong_AsSsize_t(seen);
            for (int c = 0; c < N_FACTS; c++) {
                PyObject *value = NULL;
                int k = c - T_URLS;
                if (k >= 0 && find[k] && PyList_GET_ITEM(listed[k], j) != Py_None) { /* the first row did not look */
                    PyObject *text = PyList_GET_ITEM(columns[T_TEXT], j);
                    value = found_in(text, signs_of(text), k, found_by[k], nothing);
                } else {
                    value = Py_NewRef(PyList_GET_ITEM(columns[c], j));
                }
                if (value == NULL)
                    goto done;
                PyList_SET_ITEM(columns[c], i, value);
            }
            continue;
        }
        if (PyErr_Occurred())
            goto done;
        PyObject *out[N_FACTS];
        if (facts_of(module, raw, find, repair, found_by, nothing, out) < 0)
            goto done;
        for (int c = 0; c < N_FACTS; c++)
            PyList_SET_ITEM(columns[c], i, out[c]);
        PyObject *row = PyLong_FromSsize_t(i);
        if (row == NULL || PyDict_SetItem(first, raw, row) < 0) {
            Py_XDECREF(row);
            goto done;
        }
        Py_DECREF(row);
    }
    result = PyTuple_New(N_FACTS);
    if (result != NULL)
        for (int c = 0; c < N_FACTS; c++) {
            PyTuple_SET_ITEM(result, c, columns[c]);
            columns[c] = NULL;
        }
done:
    /* A list left part-filled holds NULLs, which list_dealloc skips. */
    for (int c = 0; c < N_FACTS; c++)
        Py_XDECREF(columns[c]);
    Py_DECREF(first);
    return result;
}

static PyObject *hash_bytes(PyObject *module, PyObject *arg) {
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    uint64_t h = xxh64(view.buf, (size_t)view.len);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLongLong(h);
}

static PyMethodDef methods[] = {
    {"text_key", text_key, METH_O,
     "text_key(text) -> (xxh64 of the folded text or None, number of words)"},
    {"nothing_to_repair", nothing_to_repair, METH_O,
     "nothing_to_repair(text) -> True when repair_text would give the text back as it is"},
    {"signs", signs, METH_O, "signs(text) -> bits: 1 a link may start, 2 a hashtag sign, 4 an at sign"},
    {"facts", facts, METH_VARARGS,
     "facts(raw_texts, listed_urls, listed_hashtags, listed_mentions, repair, urls_in, hashtags_in, mentions_in, nothing)"
     " -> (texts, keys, words, urls, hashtags, mentions), once per distinct text"},
    {"xxh64", hash_bytes, METH_O, "xxh64(data) -> xxh64 (seed 0) of bytes, as xxhash.xxh64_intdigest"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fold", NULL, -1, methods};

PyMODINIT_FUNC PyInit__fold(void) {
    casefold_name = PyUnicode_InternFromString("casefold");
    nfc_name = PyUnicode_InternFromString("NFC");
    PyObject *unicodedata = PyImport_ImportModule("unicodedata");
    if (casefold_name == NULL || nfc_name == NULL || unicodedata == NULL)
        return NULL;
    is_normalized = PyObject_GetAttrString(unicodedata, "is_normalized");
    Py_DECREF(unicodedata);
    if (is_normalized == NULL)
        return NULL;
    return PyModule_Create(&module);
}
