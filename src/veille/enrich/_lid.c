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
#include <string.h>

#define LINE_END 1 /* the remembered row of fastText's end-of-sentence token */

static inline int separator(Py_UCS4 c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\0';
}

typedef struct {
    Py_buffer sums, counts;
    Py_ssize_t dim, rows;
} Table;

static int open_table(Table *t, PyObject *sums, PyObject *counts) {
    memset(t, 0, sizeof *t);
    if (PyObject_GetBuffer(sums, &t->sums, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    if (PyObject_GetBuffer(counts, &t->counts, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        PyBuffer_Release(&t->sums);
        return -1;
    }
    if (t->sums.ndim != 2 || t->counts.ndim != 1 || strcmp(t->sums.format, "f") != 0 ||
        strcmp(t->counts.format, "f") != 0 || t->sums.shape[0] != t->counts.shape[0] || t->sums.shape[0] <= LINE_END) {
        PyBuffer_Release(&t->sums);
        PyBuffer_Release(&t->counts);
        PyErr_SetString(PyExc_ValueError, "hidden(): sums must be (rows, dim) float32 and counts (rows,) float32");
        return -1;
    }
    t->rows = t->sums.shape[0];
    t->dim = t->sums.shape[1];
    return 0;
}

static void close_table(Table *t) {
    PyBuffer_Release(&t->sums);
    PyBuffer_Release(&t->counts);
}

/* Adds row `row` of the table to `acc`; -1 (with an error) when the index gives a row outside it. */
static inline int add_row(const Table *t, Py_ssize_t row, float *acc, float *count) {
    if (row < 0 || row >= t->rows) {
        PyErr_SetString(PyExc_IndexError, "hidden(): a word's row is outside the table");
        return -1;
    }
    const float *from = (const float *)t->sums.buf + row * t->dim;
    for (Py_ssize_t d = 0; d < t->dim; d++)
        acc[d] += from[d];
    *count += ((const float *)t->counts.buf)[row];
    return 0;
}

/* One line into `out` (dim floats). Returns 1 when every word was known, 0 when some were not
 * (added to `missing`), -1 on an error. */
static int line_vector(PyObject *line, PyObject *index, const Table *t, PyObject *missing, float *out) {
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
        PyObject *word = PyUnicode_Substring(line, start, i);
        if (word == NULL)
            return -1;
        PyObject *row = PyDict_GetItemWithError(index, word);
        if (row == NULL) {
            if (PyErr_Occurred() || PyDict_SetItem(missing, word, Py_None) < 0) {
                Py_DECREF(word);
                return -1;
            }
            complete = 0;
        } else if (complete) {
            Py_ssize_t r = PyLong_AsSsize_t(row);
            if ((r == -1 && PyErr_Occurred()) || add_row(t, r, out, &count) < 0) {
                Py_DECREF(word);
                return -1;
            }
        }
        Py_DECREF(word);
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
    if (!PyList_Check(lines) || !PyDict_Check(index)) {
        PyErr_SetString(PyExc_TypeError, "hidden(): lines must be a list of str and index a dict");
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
        int complete = line_vector(line, index, &t, missing, out + i * t.dim);
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

/* How many characters a link or mention starting at `i` covers (0: none), as the first
 * alternative of `https?://\S+|www\.\S+|@\w+` (case-sensitive) that matches at `i`. */
static Py_ssize_t noise(int kind, const void *data, Py_ssize_t n, Py_ssize_t i) {
    Py_UCS4 c = AT(i);
    Py_ssize_t j;
    if (c == 'h') {
        if (i + 4 <= n && AT(i + 1) == 't' && AT(i + 2) == 't' && AT(i + 3) == 'p') {
            j = i + 4;
            if (j < n && AT(j) == 's')
                j++;
            if (j + 3 <= n && AT(j) == ':' && AT(j + 1) == '/' && AT(j + 2) == '/') {
                Py_ssize_t start = j += 3;
                while (j < n && !Py_UNICODE_ISSPACE(AT(j)))
                    j++;
                if (j > start)
                    return j - i;
            }
        }
    } else if (c == 'w') {
        if (i + 4 <= n && AT(i + 1) == 'w' && AT(i + 2) == 'w' && AT(i + 3) == '.') {
            j = i + 4;
            while (j < n && !Py_UNICODE_ISSPACE(AT(j)))
                j++;
            if (j > i + 4)
                return j - i;
        }
    } else if (c == '@') {
        j = i + 1;
        while (j < n && (Py_UNICODE_ISALNUM(AT(j)) || AT(j) == '_'))
            j++;
        if (j > i + 1)
            return j - i;
    }
    return 0;
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
    Py_ssize_t m = 0;
    Py_UCS4 top = 0;
    for (Py_ssize_t i = 0; i < n;) {
        Py_UCS4 c = AT(i);
        if (c == 'h' || c == 'w' || c == '@') {
            Py_ssize_t skip = noise(kind, data, n, i);
            if (skip) {
                out[m++] = ' ';
                i += skip;
                continue;
            }
        }
        if (c == '#' || c == '\n' || c == '\r')
            c = ' ';
        out[m++] = c;
        if (c > top)
            top = c;
        i++;
    }
    Py_ssize_t first = 0, last = m;
    while (first < last && Py_UNICODE_ISSPACE(out[first]))
        first++;
    while (last > first && Py_UNICODE_ISSPACE(out[last - 1]))
        last--;
    PyObject *result;
    if (top < 128) { /* lower-casing ASCII is context-free: done here, and the cut after it */
        if (last - first > limit)
            last = first + limit;
        for (Py_ssize_t i = first; i < last; i++)
            if (out[i] >= 'A' && out[i] <= 'Z')
                out[i] += 'a' - 'A';
        result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out + first, last - first);
    } else { /* str.lower (a final sigma depends on its neighbours; some characters grow), then the cut */
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

static PyMethodDef methods[] = {
    {"clean", (PyCFunction)(void (*)(void))clean, METH_FASTCALL,
     "clean(text, limit) -> the text as the language model reads it (veille.enrich.language._clean)"},
    {"hidden", (PyCFunction)(void (*)(void))hidden, METH_FASTCALL,
     "hidden(lines, index, sums, counts) -> (float32 vectors as bytes, missing words, incomplete lines)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_lid", NULL, -1, methods};

PyMODINIT_FUNC PyInit__lid(void) {
    lower_name = PyUnicode_InternFromString("lower");
    if (lower_name == NULL)
        return NULL;
    return PyModule_Create(&module);
}
