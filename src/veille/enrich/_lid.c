/* veille.enrich._lid: the hidden vector of each line for veille.enrich.fasttext_lid, in C.
 *
 * `hidden(lines, index, sums, counts) -> (vectors, missing, incomplete)`. A line's hidden vector
 * is the sum of its words' remembered row sums (`sums[index[word]]`), plus the end-of-sentence
 * token's (row 1), divided by the number of input rows they stand for (`counts`), as fastText
 * computes it. Words are split as fastText splits them: at ASCII space, tab, vertical tab, form
 * feed, carriage return and NUL; a line stops at a literal `</s>` word; a newline is refused.
 *
 * vectors: bytes of len(lines) * dim float32, the sums added in word order (as NumPy's reduceat
 * did, so the vectors are the same to the bit). A word not in `index` is not guessed: it is put
 * in `missing` (each once), its line in `incomplete` and that line's vector left at zero; the
 * model learns the missing words and asks again for the incomplete lines.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_links.h"

#define LINE_END 1 /* the remembered row of fastText's end-of-sentence token */

static inline int separator(Py_UCS4 c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\0';
}

/* An array (NumPy's, through the buffer protocol) of `ndim` dimensions and items of `format`. */
typedef struct {
    Py_buffer view;
    int ok;
} View;

static int view_of(View *v, PyObject *object, const char *format, int ndim) {
    v->ok = 0;
    if (PyObject_GetBuffer(object, &v->view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    v->ok = 1;
    const char *given = v->view.format;
    if (*given == '<' || *given == '=' || *given == '@')
        given++; /* this machine's order: little-endian, as every machine veille runs on */
    if (v->view.ndim != ndim || strcmp(given, format) != 0) {
        PyErr_Format(PyExc_ValueError, "expected a %d-dimensional array of '%s'", ndim, format);
        return -1;
    }
    return 0;
}

static void release(View *v) {
    if (v->ok)
        PyBuffer_Release(&v->view);
}

typedef struct {
    View sums, counts;
    Py_ssize_t dim, rows;
} Table;

static void close_table(Table *t) {
    release(&t->sums);
    release(&t->counts);
}

static int open_table(Table *t, PyObject *sums, PyObject *counts) {
    t->sums.ok = t->counts.ok = 0;
    if (view_of(&t->sums, sums, "f", 2) < 0 || view_of(&t->counts, counts, "f", 1) < 0 ||
        t->sums.view.shape[0] != t->counts.view.shape[0] || t->sums.view.shape[0] <= LINE_END) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "hidden(): sums must be (rows, dim) and counts (rows,), float32");
        close_table(t);
        return -1;
    }
    t->rows = t->sums.view.shape[0];
    t->dim = t->sums.view.shape[1];
    return 0;
}

/* Adds row `row` of the table to `acc`; -1 (with an error) when the index gives a row outside it. */
static inline int add_row(const Table *t, Py_ssize_t row, float *acc, float *count) {
    if (row < 0 || row >= t->rows) {
        PyErr_SetString(PyExc_IndexError, "hidden(): a word's row is outside the table");
        return -1;
    }
    const float *from = (const float *)t->sums.view.buf + row * t->dim;
    for (Py_ssize_t d = 0; d < t->dim; d++)
        acc[d] += from[d];
    *count += ((const float *)t->counts.view.buf)[row];
    return 0;
}


/* ---- Words: the words remembered, each with its row ------------------------------------------ */

/* An open-addressing table from a word (its characters) to the row of `sums` that holds the sum
 * of its input rows: looked up from the characters of a line directly, without making a str of
 * each word as a dict would (that was most of the cost of a line). */
typedef struct {
    uint64_t hash;
    Py_ssize_t at; /* first character in `chars`; -1: empty slot */
    Py_ssize_t length;
    Py_ssize_t row;
} Slot;

typedef struct {
    PyObject_HEAD
    Slot *slots;
    Py_ssize_t capacity, used; /* capacity: a power of two, at most half used */
    Py_UCS4 *chars;
    Py_ssize_t chars_used, chars_capacity;
} Words;

static inline uint64_t word_hash(int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    uint64_t h = 14695981039346656037ULL; /* FNV-1a over the characters */
    for (Py_ssize_t i = start; i < end; i++) {
        h ^= PyUnicode_READ(kind, data, i);
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

/* The row of the word data[start:end], -1 when it is not remembered. */
static Py_ssize_t word_row(const Words *w, int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    uint64_t h = word_hash(kind, data, start, end);
    Py_ssize_t mask = w->capacity - 1, n = end - start;
    for (Py_ssize_t at = (Py_ssize_t)(h & (uint64_t)mask);; at = (at + 1) & mask) {
        const Slot *slot = &w->slots[at];
        if (slot->at < 0)
            return -1;
        if (slot->hash == h && slot->length == n) {
            const Py_UCS4 *chars = w->chars + slot->at;
            Py_ssize_t i = 0;
            while (i < n && chars[i] == PyUnicode_READ(kind, data, start + i))
                i++;
            if (i == n)
                return slot->row;
        }
    }
}

static int words_reset(Words *w, Py_ssize_t capacity) {
    Slot *slots = PyMem_Malloc(capacity * sizeof(Slot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < capacity; i++)
        slots[i].at = -1;
    PyMem_Free(w->slots);
    w->slots = slots;
    w->capacity = capacity;
    w->used = 0;
    return 0;
}

static int words_put(Words *w, uint64_t h, Py_ssize_t at, Py_ssize_t length, Py_ssize_t row) {
    Py_ssize_t mask = w->capacity - 1, i = (Py_ssize_t)(h & (uint64_t)mask);
    while (w->slots[i].at >= 0)
        i = (i + 1) & mask;
    w->slots[i] = (Slot){h, at, length, row};
    w->used++;
    return 0;
}

static int words_grow(Words *w) {
    Slot *old = w->slots;
    Py_ssize_t old_capacity = w->capacity;
    w->slots = NULL;
    if (words_reset(w, old_capacity * 2) < 0) {
        w->slots = old;
        w->capacity = old_capacity;
        return -1;
    }
    for (Py_ssize_t i = 0; i < old_capacity; i++)
        if (old[i].at >= 0)
            words_put(w, old[i].hash, old[i].at, old[i].length, old[i].row);
    PyMem_Free(old);
    return 0;
}

/* add(words, first_row): remember each word (a str), the k-th with row first_row + k. */
static PyObject *words_add(Words *w, PyObject *const *args, Py_ssize_t nargs) {
    Py_ssize_t row;
    if (nargs != 2 || !PyList_Check(args[0]) || ((row = PyLong_AsSsize_t(args[1])) < 0)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "add(words, first_row)");
        return NULL;
    }
    PyObject *list = args[0];
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(list); k++, row++) {
        PyObject *word = PyList_GET_ITEM(list, k);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "add(): words must be str");
            return NULL;
        }
        int kind = PyUnicode_KIND(word);
        const void *data = PyUnicode_DATA(word);
        Py_ssize_t n = PyUnicode_GET_LENGTH(word);
        if (word_row(w, kind, data, 0, n) >= 0)
            continue; /* already there: its row stands */
        if (2 * (w->used + 1) > w->capacity && words_grow(w) < 0)
            return NULL;
        if (w->chars_used + n > w->chars_capacity) {
            Py_ssize_t capacity = 2 * (w->chars_used + n) + 1024;
            Py_UCS4 *chars = PyMem_Realloc(w->chars, capacity * sizeof(Py_UCS4));
            if (chars == NULL)
                return PyErr_NoMemory();
            w->chars = chars;
            w->chars_capacity = capacity;
        }
        for (Py_ssize_t i = 0; i < n; i++)
            w->chars[w->chars_used + i] = PyUnicode_READ(kind, data, i);
        words_put(w, word_hash(kind, data, 0, n), w->chars_used, n, row);
        w->chars_used += n;
    }
    Py_RETURN_NONE;
}

static PyObject *words_clear(Words *w, PyObject *unused) {
    if (words_reset(w, 1024) < 0)
        return NULL;
    w->chars_used = 0;
    Py_RETURN_NONE;
}

static PyObject *words_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    Words *w = (Words *)type->tp_alloc(type, 0);
    if (w == NULL)
        return NULL;
    if (words_reset(w, 1024) < 0) {
        Py_DECREF(w);
        return NULL;
    }
    return (PyObject *)w;
}

static void words_dealloc(Words *w) {
    PyMem_Free(w->slots);
    PyMem_Free(w->chars);
    Py_TYPE(w)->tp_free((PyObject *)w);
}

static Py_ssize_t words_len(Words *w) { return w->used; }

static PyMethodDef words_methods[] = {
    {"add", (PyCFunction)(void (*)(void))words_add, METH_FASTCALL, "add(words, first_row): remember words and rows"},
    {"clear", (PyCFunction)words_clear, METH_NOARGS, "forget every word"},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods words_sequence = {.sq_length = (lenfunc)words_len};

static PyTypeObject WordsType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "veille.enrich._lid.Words",
    .tp_basicsize = sizeof(Words),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The words a language model remembers, each with the row of its sum (see _lid.c).",
    .tp_new = words_new,
    .tp_dealloc = (destructor)words_dealloc,
    .tp_methods = words_methods,
    .tp_as_sequence = &words_sequence,
};

/* One line into `out` (dim floats). Returns 1 when every word was known, 0 when some were not
 * (added to `missing`), -1 on an error. */
static int line_vector(PyObject *line, const Words *index, const Table *t, PyObject *missing, float *out) {
    int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    Py_ssize_t n = PyUnicode_GET_LENGTH(line);
    float count = 0;
    int complete = 1;
    memset(out, 0, t->dim * sizeof(float));
    for (Py_ssize_t i = 0; i < n;) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '\n') {
            PyErr_SetString(PyExc_ValueError, "a line to identify contains a newline");
            return -1;
        }
        if (separator(c)) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && !separator(c = PyUnicode_READ(kind, data, i))) {
            if (c == '\n') {
                PyErr_SetString(PyExc_ValueError, "a line to identify contains a newline");
                return -1;
            }
            i++;
        }
        if (i - start == 4 && PyUnicode_READ(kind, data, start) == '<' && PyUnicode_READ(kind, data, start + 1) == '/' &&
            PyUnicode_READ(kind, data, start + 2) == 's' && PyUnicode_READ(kind, data, start + 3) == '>')
            break; /* fastText stops reading a line at a literal end-of-sentence token */
        Py_ssize_t row = word_row(index, kind, data, start, i);
        if (row < 0) {
            PyObject *word = PyUnicode_Substring(line, start, i);
            if (word == NULL || PyDict_SetItem(missing, word, Py_None) < 0) {
                Py_XDECREF(word);
                return -1;
            }
            Py_DECREF(word);
            complete = 0;
        } else if (complete && add_row(t, row, out, &count) < 0) {
            return -1;
        }
    }
    if (!complete) {
        memset(out, 0, t->dim * sizeof(float));
        return 0;
    }
    if (add_row(t, LINE_END, out, &count) < 0)
        return -1;
    float scale = (float)(1.0 / (double)count); /* as NumPy: 1 / float64(count), then float32 */
    for (Py_ssize_t d = 0; d < t->dim; d++)
        out[d] *= scale;
    return 1;
}

static PyObject *hidden(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "hidden(lines, index, sums, counts)");
        return NULL;
    }
    PyObject *lines = args[0], *index = args[1];
    if (!PyList_Check(lines) || !PyObject_TypeCheck(index, &WordsType)) {
        PyErr_SetString(PyExc_TypeError, "hidden(): lines must be a list of str and index Words");
        return NULL;
    }
    Table t;
    if (open_table(&t, args[2], args[3]) < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    PyObject *vectors = PyBytes_FromStringAndSize(NULL, n * t.dim * (Py_ssize_t)sizeof(float));
    PyObject *missing = PyDict_New(), *incomplete = PyList_New(0);
    if (vectors == NULL || missing == NULL || incomplete == NULL)
        goto error;
    float *out = (float *)PyBytes_AS_STRING(vectors);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *line = PyList_GET_ITEM(lines, i);
        if (!PyUnicode_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "hidden(): lines must be a list of str");
            goto error;
        }
        int complete = line_vector(line, (const Words *)index, &t, missing, out + i * t.dim);
        if (complete < 0)
            goto error;
        if (!complete) {
            PyObject *at = PyLong_FromSsize_t(i);
            if (at == NULL || PyList_Append(incomplete, at) < 0) {
                Py_XDECREF(at);
                goto error;
            }
            Py_DECREF(at);
        }
    }
    close_table(&t);
    PyObject *words = PyDict_Keys(missing);
    Py_DECREF(missing);
    if (words == NULL) {
        Py_DECREF(vectors);
        Py_DECREF(incomplete);
        return NULL;
    }
    return Py_BuildValue("(NNN)", vectors, words, incomplete);
error:
    close_table(&t);
    Py_XDECREF(vectors);
    Py_XDECREF(missing);
    Py_XDECREF(incomplete);
    return NULL;
}

/* ---- clean: what the model reads of a text -------------------------------------------------- */

static PyObject *lower_name;

#define AT(i) PyUnicode_READ(kind, data, (i))

/* The text's first n characters into out, links and mentions made one space each, `#` and line
 * ends made spaces; how many characters were written. */
static ALWAYS_INLINE Py_ssize_t spaced_of(int kind, const void *data, Py_ssize_t n, Py_UCS4 *out) {
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n;) {
        Py_UCS4 c = AT(i);
        if (c == 'h' || c == 'w' || c == '@') {
            Py_ssize_t skip = link_or_mention(kind, data, n, i, 0, 0);
            if (skip) {
                out[m++] = ' ';
                i += skip;
                continue;
            }
        }
        if (c == '#' || c == '\n' || c == '\r')
            c = ' ';
        out[m++] = c;
        i++;
    }
    return m;
}

static Py_ssize_t spaced(int kind, const void *data, Py_ssize_t n, Py_UCS4 *out) {
    SPECIALISED(kind, return spaced_of, data, n, out);
}

/* veille.enrich.language._clean: the first `2 * limit` characters, links and mentions made
 * spaces, `#` and line ends made spaces, stripped, lower-cased, cut to `limit` characters. */
static PyObject *clean(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    Py_ssize_t limit;
    if (nargs != 2 || !PyUnicode_Check(args[0]) || (limit = PyLong_AsSsize_t(args[1])) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "clean(text, limit)");
        return NULL;
    }
    PyObject *text = args[0];
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > 2 * limit)
        n = 2 * limit;
    Py_UCS4 small[512], *out = n <= 512 ? small : PyMem_Malloc(n * sizeof(Py_UCS4));
    if (out == NULL)
        return PyErr_NoMemory();
    Py_ssize_t m = spaced(kind, data, n, out);
    Py_ssize_t first = 0, last = m;
    while (first < last && Py_UNICODE_ISSPACE(out[first]))
        first++;
    while (last > first && Py_UNICODE_ISSPACE(out[last - 1]))
        last--;
    /* str.lower maps each character to one, but for İ (two) and Σ (σ or ς by its neighbours):
     * without those, lower-cased here, one character at a time, and cut after. */
    int contextual = 0;
    for (Py_ssize_t i = first; i < last && !contextual; i++)
        contextual = out[i] == 0x130 || out[i] == 0x3A3;
    PyObject *result;
    if (!contextual) {
        if (last - first > limit)
            last = first + limit;
        for (Py_ssize_t i = first; i < last; i++)
            out[i] = out[i] < 128 ? (out[i] >= 'A' && out[i] <= 'Z' ? out[i] + ('a' - 'A') : out[i])
                                  : Py_UNICODE_TOLOWER(out[i]);
        result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out + first, last - first);
    } else {
        PyObject *stripped = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out + first, last - first);
        PyObject *lowered = stripped ? PyObject_CallMethodNoArgs(stripped, lower_name) : NULL;
        Py_XDECREF(stripped);
        result = lowered && PyUnicode_GET_LENGTH(lowered) > limit ? PyUnicode_Substring(lowered, 0, limit) : lowered;
        if (result != lowered)
            Py_XDECREF(lowered);
    }
    if (out != small)
        PyMem_Free(out);
    return result;
}

/* ---- a column of texts: which ones the model must read -------------------------------------- */

/* unknown(texts, langs, cache, limit) -> (unseen, waiting): for each row whose language is
 * unknown (langs[i] None) and whose text is not empty, the text as the model reads it: without a
 * retweet prefix ("RT @user: ", everything up to the first ": "), cleaned as `clean` does. A
 * cleaned text found in `cache` gives its language to the row at once (langs is filled in place);
 * the others are `unseen` (each distinct one once) and `waiting` lists their rows, as int64 pairs
 * (row, index in unseen), for `settle`. */
static PyObject *unknown(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyList_CheckExact(args[0]) || !PyList_CheckExact(args[1]) || !PyDict_CheckExact(args[2]) ||
        PyList_GET_SIZE(args[0]) != PyList_GET_SIZE(args[1])) {
        PyErr_SetString(PyExc_TypeError, "unknown(texts, langs, cache, limit): two lists of one length, a dict, an int");
        return NULL;
    }
    PyObject *texts = args[0], *langs = args[1], *cache = args[2], *limit = args[3];
    Py_ssize_t n = PyList_GET_SIZE(texts), used = 0;
    /* by_text: a text already met in this column -> its language (a cache hit: str or None) or
     * its index in unseen (an int); repeated texts are most often the very same object. */
    PyObject *unseen = PyList_New(0), *index = PyDict_New(), *by_text = PyDict_New(), *result = NULL;
    int64_t *pairs = PyMem_Malloc((n > 0 ? n : 1) * 2 * sizeof(int64_t));
    if (unseen == NULL || index == NULL || by_text == NULL || pairs == NULL) {
        if (pairs == NULL)
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (PyList_GET_ITEM(langs, i) != Py_None)
            continue;
        if (!PyUnicode_Check(text)) {
            PyErr_Format(PyExc_TypeError, "unknown() takes texts (str), not %.50s", Py_TYPE(text)->tp_name);
            goto done;
        }
        Py_ssize_t length = PyUnicode_GET_LENGTH(text);
        if (length == 0)
            continue;
        PyObject *met = PyDict_GetItemWithError(by_text, text);
        if (met == NULL && PyErr_Occurred())
            goto done;
        if (met != NULL && !PyLong_CheckExact(met)) {
            PyList_SetItem(langs, i, Py_NewRef(met));  /* steals the new reference; the old was None */
            continue;
        }
        Py_ssize_t k;
        if (met != NULL) {
            k = PyLong_AsSsize_t(met);
        } else {
            PyObject *read = Py_NewRef(text);
            if (length >= 4 && PyUnicode_READ_CHAR(text, 0) == 'R' && PyUnicode_READ_CHAR(text, 1) == 'T' &&
                PyUnicode_READ_CHAR(text, 2) == ' ' && PyUnicode_READ_CHAR(text, 3) == '@') {
                Py_ssize_t colon = -1;
                int kind = PyUnicode_KIND(text);
                const void *data = PyUnicode_DATA(text);
                for (Py_ssize_t j = 0; j + 1 < length; j++)
                    if (AT(j) == ':' && AT(j + 1) == ' ') {
                        colon = j;
                        break;
                    }
                if (colon >= 0) {
                    Py_SETREF(read, PyUnicode_Substring(text, colon + 2, length));
                    if (read == NULL)
                        goto done;
                }
            }
            PyObject *clean_args[2] = {read, limit};
            PyObject *cleaned = clean(module, clean_args, 2);
            Py_DECREF(read);
            if (cleaned == NULL)
                goto done;
            PyObject *known = PyDict_GetItemWithError(cache, cleaned);
            if (known != NULL) {
                Py_DECREF(cleaned);
                if (PyDict_SetItem(by_text, text, known) < 0)
                    goto done;
                PyList_SetItem(langs, i, Py_NewRef(known));
                continue;
            }
            if (PyErr_Occurred()) {
                Py_DECREF(cleaned);
                goto done;
            }
            PyObject *at = PyDict_GetItemWithError(index, cleaned);
            int failed = 0;
            if (at != NULL) {
                k = PyLong_AsSsize_t(at);
                failed = PyDict_SetItem(by_text, text, at) < 0;
            } else if (PyErr_Occurred()) {
                failed = 1;
            } else {
                k = PyList_GET_SIZE(unseen);
                PyObject *number = PyLong_FromSsize_t(k);
                failed = number == NULL || PyDict_SetItem(index, cleaned, number) < 0 ||
                         PyDict_SetItem(by_text, text, number) < 0 || PyList_Append(unseen, cleaned) < 0;
                Py_XDECREF(number);
            }
            Py_DECREF(cleaned);
            if (failed)
                goto done;
        }
        pairs[2 * used] = i;
        pairs[2 * used + 1] = k;
        used++;
    }
    PyObject *waiting = PyBytes_FromStringAndSize((const char *)pairs, used * 2 * (Py_ssize_t)sizeof(int64_t));
    if (waiting != NULL)
        result = Py_BuildValue("(ON)", unseen, waiting);
done:
    PyMem_Free(pairs);
    Py_XDECREF(unseen);
    Py_XDECREF(index);
    Py_XDECREF(by_text);
    return result;
}

/* settle(langs, waiting, found): langs[row] = found[k] for each (row, k) pair of `unknown`. */
static PyObject *settle(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyList_CheckExact(args[0]) || !PyBytes_CheckExact(args[1]) || !PyList_CheckExact(args[2])) {
        PyErr_SetString(PyExc_TypeError, "settle(langs, waiting, found): a list, bytes, a list");
        return NULL;
    }
    PyObject *langs = args[0], *found = args[2];
    const int64_t *pairs = (const int64_t *)PyBytes_AS_STRING(args[1]);
    Py_ssize_t count = PyBytes_GET_SIZE(args[1]) / (Py_ssize_t)(2 * sizeof(int64_t));
    for (Py_ssize_t p = 0; p < count; p++) {
        int64_t row = pairs[2 * p], k = pairs[2 * p + 1];
        if (row < 0 || row >= PyList_GET_SIZE(langs) || k < 0 || k >= PyList_GET_SIZE(found)) {
            PyErr_SetString(PyExc_IndexError, "settle(): a pair out of range");
            return NULL;
        }
        PyList_SetItem(langs, (Py_ssize_t)row, Py_NewRef(PyList_GET_ITEM(found, (Py_ssize_t)k)));
    }
    Py_RETURN_NONE;
}

/* ---- letters ------------------------------------------------------------------------------- */

/* Whether the text has at least `n` letters, a letter being what `[^\W\d_]` matches: an
 * alphanumeric character that is not a decimal digit (the model guesses wildly on less). */
static PyObject *enough_letters(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    Py_ssize_t n;
    if (nargs != 2 || !PyUnicode_Check(args[0]) || (n = PyLong_AsSsize_t(args[1])) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "enough_letters(text, n)");
        return NULL;
    }
    PyObject *text = args[0];
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), found = 0;
    for (Py_ssize_t i = 0; i < length && found < n; i++) {
        Py_UCS4 c = AT(i);
        if (c < 128 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : (Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c)))
            found++;
    }
    return PyBool_FromLong(found >= n);
}

/* readable(texts, n) -> the indices of the texts with `n` letters or more (as enough_letters). */
static PyObject *readable(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyList_CheckExact(args[0])) {
        PyErr_SetString(PyExc_TypeError, "readable(texts, n): a list and an int");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(args[0]); i++) {
        PyObject *check[2] = {PyList_GET_ITEM(args[0], i), args[1]};
        PyObject *enough = enough_letters(module, check, 2);
        if (enough == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        int yes = enough == Py_True;
        Py_DECREF(enough);
        if (yes) {
            PyObject *number = PyLong_FromSsize_t(i);
            if (number == NULL || PyList_Append(out, number) < 0) {
                Py_XDECREF(number);
                Py_DECREF(out);
                return NULL;
            }
            Py_DECREF(number);
        }
    }
    return out;
}

/* ---- the likeliest label, when it is likely enough ------------------------------------------ */

/* sure(hidden, nodes, left, right, floor) -> int32 bytes: for each line (a row of `hidden`), the
 * label whose log-probability is the highest, when it is at least `floor`, else -1. fastText's
 * tree walk for one label: a node's children get its score plus log(f + 1e-5) on the right and
 * log(1 - f + 1e-5) on the left (f the sigmoid of the node's row times the line's vector), and
 * only the branches that may still reach `floor` are walked (a score only falls going down, but
 * for the 1e-5, allowed for with a margin), so a line costs a few dozen nodes, not all 175. */
static PyObject *sure(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "sure(hidden, nodes, left, right, floor)");
        return NULL;
    }
    double floor = PyFloat_AsDouble(args[4]);
    if (floor == -1.0 && PyErr_Occurred())
        return NULL;
    View hidden, nodes, left, right;
    hidden.ok = nodes.ok = left.ok = right.ok = 0;
    PyObject *result = NULL;
    if (view_of(&hidden, args[0], "f", 2) < 0 || view_of(&nodes, args[1], "f", 2) < 0 ||
        view_of(&left, args[2], "i", 1) < 0 || view_of(&right, args[3], "i", 1) < 0)
        goto done;
    Py_ssize_t lines = hidden.view.shape[0], dim = hidden.view.shape[1], inner = nodes.view.shape[0];
    Py_ssize_t labels = inner + 1, root = 2 * labels - 2;
    if (nodes.view.shape[1] != dim || left.view.shape[0] != inner || right.view.shape[0] != inner) {
        PyErr_SetString(PyExc_ValueError, "sure(): the tree's arrays do not agree");
        goto done;
    }
    result = PyBytes_FromStringAndSize(NULL, lines * (Py_ssize_t)sizeof(int));
    if (result == NULL)
        goto done;
    const float *h = hidden.view.buf, *rows = nodes.view.buf;
    const int *lefts = left.view.buf, *rights = right.view.buf;
    int *out = (int *)PyBytes_AS_STRING(result);
    const float margin = 1e-3f, low = (float)floor - margin;
    Py_ssize_t stack_node[256];
    float stack_score[256];
    for (Py_ssize_t line = 0; line < lines; line++) {
        const float *x = h + line * dim;
        Py_ssize_t best = -1, top = 0;
        float best_score = -INFINITY;
        stack_node[0] = root;
        stack_score[0] = 0.0f;
        top = 1;
        while (top > 0) {
            top--;
            Py_ssize_t node = stack_node[top];
            float score = stack_score[top];
            if (score < low)
                continue;
            if (node < labels) {
                if (score > best_score || (score == best_score && node < best)) {
                    best = node;
                    best_score = score;
                }
                continue;
            }
            const float *w = rows + (node - labels) * dim;
            float z = 0.0f;
            for (Py_ssize_t d = 0; d < dim; d++)
                z += w[d] * x[d];
            float f = 1.0f / (1.0f + expf(-z));
            if (top + 2 > 256) {
                PyErr_SetString(PyExc_ValueError, "sure(): the tree is deeper than expected");
                Py_CLEAR(result);
                goto done;
            }
            stack_node[top] = rights[node - labels];
            stack_score[top++] = score + logf(f + 1e-5f);
            stack_node[top] = lefts[node - labels];
            stack_score[top++] = score + logf(1.0f - f + 1e-5f);
        }
        out[line] = best >= 0 && best_score >= (float)floor ? (int)best : -1;
    }
done:
    release(&hidden);
    release(&nodes);
    release(&left);
    release(&right);
    return result;
}

static PyMethodDef methods[] = {
    {"enough_letters", (PyCFunction)(void (*)(void))enough_letters, METH_FASTCALL,
     "enough_letters(text, n) -> whether the text has n letters ([^\\W\\d_]) or more"},
    {"readable", (PyCFunction)(void (*)(void))readable, METH_FASTCALL,
     "readable(texts, n) -> the indices of the texts with n letters or more"},
    {"sure", (PyCFunction)(void (*)(void))sure, METH_FASTCALL,
     "sure(hidden, nodes, left, right, floor) -> int32 bytes: each line's likeliest label, -1 below floor"},
    {"clean", (PyCFunction)(void (*)(void))clean, METH_FASTCALL,
     "clean(text, limit) -> the text as the language model reads it (veille.enrich.language._clean)"},
    {"unknown", (PyCFunction)(void (*)(void))unknown, METH_FASTCALL,
     "unknown(texts, langs, cache, limit) -> (unseen cleaned texts, waiting (row, index) int64 pairs); cache hits filled in"},
    {"settle", (PyCFunction)(void (*)(void))settle, METH_FASTCALL,
     "settle(langs, waiting, found): langs[row] = found[index] for each pair of unknown()"},
    {"hidden", (PyCFunction)(void (*)(void))hidden, METH_FASTCALL,
     "hidden(lines, index, sums, counts) -> (float32 vectors as bytes, missing words, incomplete lines)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_lid", NULL, -1, methods};

PyMODINIT_FUNC PyInit__lid(void) {
    lower_name = PyUnicode_InternFromString("lower");
    if (lower_name == NULL || PyType_Ready(&WordsType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&WordsType);
    if (PyModule_AddObject(m, "Words", (PyObject *)&WordsType) < 0) {
        Py_DECREF(&WordsType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
