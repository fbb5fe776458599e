/* A JSON reader for the one shape of record that canonical JSONL's plain lines have, straight
 * into the values of their fields: no bytes object per line, no dict per record.
 *
 * scan_record(p, n, field_named, lists, counts, read_counts, context, field, fields) reads one line. It returns 1 when the line is an object
 * whose keys are all known fields, each once, whose lists (urls, hashtags, mentions,
 * media_hashes) are null or arrays of strings, whose metrics are null or an object of
 * whole numbers of up to 18 digits with distinct names, and whose other values are strings or
 * null: field[f] then holds a new reference to each present value (Py_None for null), exactly
 * the object orjson would have put in the record's dict. It returns 0, with nothing held and no
 * error set, for any other line, however valid (numbers as ids, floats, true and false, escaped
 * keys, lone surrogates, nested values, unknown fields...): the caller then reads the line with
 * orjson, as before. -1 is a memory error.
 *
 * Strings: JSON's escapes are decoded (surrogate pairs joined; a lone surrogate is left to
 * orjson), control characters refused, and the bytes decoded by CPython's strict UTF-8 decoder,
 * which refuses what orjson refuses (invalid, overlong, surrogates).
 */
#ifndef VEILLE_PLAIN_SCAN_H
#define VEILLE_PLAIN_SCAN_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    const unsigned char *p, *end;
} Scan;

static inline void scan_blank(Scan *s) {
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static inline int scan_char(Scan *s, unsigned char c) {
    scan_blank(s);
    if (s->p < s->end && *s->p == c) {
        s->p++;
        return 1;
    }
    return 0;
}

static int hex4(const unsigned char *p, unsigned int *out) {
    unsigned int v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return 0;
    }
    *out = v;
    return 1;
}

/* Past the string's closing quote (s->p at its opening one); sets *start, *length and *escaped.
 * 0 when it is not closed on this line or holds a control character. */
static int scan_string_span(Scan *s, const unsigned char **start, Py_ssize_t *length, int *escaped) {
    const unsigned char *p = s->p + 1, *end = s->end;
    *start = p;
    *escaped = 0;
    while (p < end) {
        unsigned char c = *p;
        if (c == '"') {
            *length = p - *start;
            s->p = p + 1;
            return 1;
        }
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            *escaped = 1;
            if (p + 1 >= end)
                return 0;
            p += 2;
            continue;
        }
        p++;
    }
    return 0;
}

/* JSON's escapes decoded into out (never longer than the source); its length, -1 when an escape
 * is not one orjson and this reader agree on. */
static Py_ssize_t unescape(const unsigned char *p, Py_ssize_t n, unsigned char *out) {
    const unsigned char *end = p + n;
    unsigned char *o = out;
    while (p < end) {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        unsigned char e = p[1];
        p += 2;
        switch (e) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned int u, low;
            if (end - p < 4 || !hex4(p, &u))
                return -1;
            p += 4;
            if (u >= 0xDC00 && u <= 0xDFFF)
                return -1; /* a lone low surrogate */
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &low) || low < 0xDC00 || low > 0xDFFF)
                    return -1; /* a high surrogate without its low one */
                p += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
            }
            if (u < 0x80) {
                *o++ = (unsigned char)u;
            } else if (u < 0x800) {
                *o++ = (unsigned char)(0xC0 | (u >> 6));
                *o++ = (unsigned char)(0x80 | (u & 0x3F));
            } else if (u < 0x10000) {
                *o++ = (unsigned char)(0xE0 | (u >> 12));
                *o++ = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
                *o++ = (unsigned char)(0x80 | (u & 0x3F));
            } else {
                *o++ = (unsigned char)(0xF0 | (u >> 18));
                *o++ = (unsigned char)(0x80 | ((u >> 12) & 0x3F));
                *o++ = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
                *o++ = (unsigned char)(0x80 | (u & 0x3F));
            }
            break;
        }
        default:
            return -1;
        }
    }
    return o - out;
}

/* A str from UTF-8 bytes, or NULL with no error set when they are not valid UTF-8. */
static PyObject *decoded(const unsigned char *p, Py_ssize_t n) {
    PyObject *text = PyUnicode_DecodeUTF8((const char *)p, n, NULL);
    if (text == NULL && PyErr_ExceptionMatches(PyExc_UnicodeDecodeError))
        PyErr_Clear();
    return text;
}

/* The string at s->p as a new str; NULL with no error set when it is not one this reader takes. */
static PyObject *scan_string(Scan *s) {
    scan_blank(s);
    if (s->p >= s->end || *s->p != '"')
        return NULL;
    const unsigned char *start;
    Py_ssize_t n;
    int escaped;
    if (!scan_string_span(s, &start, &n, &escaped))
        return NULL;
    if (!escaped)
        return decoded(start, n);
    unsigned char small[1024];
    unsigned char *buffer = n <= (Py_ssize_t)sizeof small ? small : PyMem_Malloc(n);
    if (buffer == NULL)
        return PyErr_NoMemory();
    Py_ssize_t length = unescape(start, n, buffer);
    PyObject *text = length < 0 ? NULL : decoded(buffer, length);
    if (buffer != small)
        PyMem_Free(buffer);
    return text;
}

static int scan_null(Scan *s) {
    scan_blank(s);
    if (s->end - s->p >= 4 && memcmp(s->p, "null", 4) == 0) {
        s->p += 4;
        return 1;
    }
    return 0;
}

/* A whole number of 1 to 18 digits (no fraction, no exponent) as a new int; NULL otherwise. */
static PyObject *scan_whole(Scan *s) {
    scan_blank(s);
    const unsigned char *p = s->p, *end = s->end;
    int negative = p < end && *p == '-';
    p += negative;
    const unsigned char *digits = p;
    long long value = 0;
    while (p < end && *p >= '0' && *p <= '9' && p - digits < 19)
        value = value * 10 + (*p++ - '0');
    Py_ssize_t count = p - digits;
    if (count < 1 || count > 18 || (count > 1 && digits[0] == '0'))
        return NULL;
    if (p < end && (*p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9')))
        return NULL;
    s->p = p;
    return PyLong_FromLongLong(negative ? -value : value);
}

/* null, or an array of strings, as a new reference; NULL (no error) for anything else. */
static PyObject *scan_strings(Scan *s) {
    if (scan_null(s))
        Py_RETURN_NONE;
    if (!scan_char(s, '['))
        return NULL;
    PyObject *list = PyList_New(0);
    if (list == NULL || scan_char(s, ']'))
        return list;
    do {
        PyObject *item = scan_string(s);
        if (item == NULL || PyList_Append(list, item) < 0) {
            Py_XDECREF(item);
            Py_DECREF(list);
            return NULL;
        }
        Py_DECREF(item);
    } while (scan_char(s, ','));
    if (!scan_char(s, ']')) {
        Py_DECREF(list);
        return NULL;
    }
    return list;
}

/* null, or an object of whole numbers with distinct names, as a new reference; NULL (no error)
 * for anything else. */
static PyObject *scan_counts(Scan *s) {
    if (scan_null(s))
        Py_RETURN_NONE;
    if (!scan_char(s, '{'))
        return NULL;
    PyObject *counts = PyDict_New();
    if (counts == NULL || scan_char(s, '}'))
        return counts;
    do {
        PyObject *name = scan_string(s), *value = NULL;
        int ok = name != NULL && scan_char(s, ':') && (value = scan_whole(s)) != NULL;
        if (ok) {
            int seen = PyDict_Contains(counts, name);
            ok = seen == 0 && PyDict_SetItem(counts, name, value) == 0;
        }
        Py_XDECREF(name);
        Py_XDECREF(value);
        if (!ok) {
            Py_DECREF(counts);
            return NULL;
        }
    } while (scan_char(s, ','));
    if (!scan_char(s, '}')) {
        Py_DECREF(counts);
        return NULL;
    }
    return counts;
}

/* Past the object at s->p, from its '{' to the first '}' outside a string: its span. 0 when there
 * is none on the line (s->p is then left where it was). */
static int scan_object_span(Scan *s, const unsigned char **start, Py_ssize_t *n) {
    scan_blank(s);
    if (s->p >= s->end || *s->p != '{')
        return 0;
    Scan inner = {s->p + 1, s->end};
    while (inner.p < inner.end) {
        if (*inner.p == '"') {
            const unsigned char *text;
            Py_ssize_t length;
            int escaped;
            if (!scan_string_span(&inner, &text, &length, &escaped))
                return 0;
        } else if (*inner.p == '}') {
            *start = s->p;
            *n = inner.p + 1 - s->p;
            s->p = inner.p + 1;
            return 1;
        } else {
            inner.p++;
        }
    }
    return 0;
}

/* What the caller makes of the counts field (at s->p): a new reference, NULL (no error) when the
 * line is not one this reader takes. scan_counts is the plain way. */
typedef PyObject *(*CountsReader)(Scan *s, void *context);

static void release_fields(PyObject **field, int n) {
    for (int f = 0; f < n; f++)
        Py_CLEAR(field[f]);
}

/* See the top of this file. `lists` and `counts` say which fields hold lists and the metrics. */
static int scan_record(const char *data, Py_ssize_t n, int (*field_named)(const char *, Py_ssize_t),
                       const int *lists, int counts, CountsReader read_counts, void *context, PyObject **field,
                       int fields) {
    Scan s = {(const unsigned char *)data, (const unsigned char *)data + n};
    if (!scan_char(&s, '{'))
        return 0;
    if (!scan_char(&s, '}')) {
        do {
            scan_blank(&s);
            const unsigned char *key;
            Py_ssize_t length;
            int escaped;
            if (s.p >= s.end || *s.p != '"' || !scan_string_span(&s, &key, &length, &escaped) || escaped)
                goto other;
            int f = field_named((const char *)key, length);
            if (f < 0 || field[f] != NULL || !scan_char(&s, ':'))
                goto other;
            if (lists[f])
                field[f] = scan_strings(&s);
            else if (f == counts)
                field[f] = read_counts(&s, context);
            else if (scan_null(&s)) {
                Py_INCREF(Py_None);
                field[f] = Py_None;
            } else
                field[f] = scan_string(&s);
            if (field[f] == NULL)
                goto other;
        } while (scan_char(&s, ','));
        if (!scan_char(&s, '}'))
            goto other;
    }
    scan_blank(&s);
    if (s.p != s.end)
        goto other;
    return 1;
other:
    release_fields(field, fields);
    return PyErr_Occurred() ? -1 : 0;
}

#endif
