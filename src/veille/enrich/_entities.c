/* veille.enrich._entities: hashtags and mentions found in a text, in C.
 *
 * hashtags(text): after each # or ＃ not preceded by a word character, # or &, the run of word
 * characters that follows, when it holds a letter (`(?<![\w#&])[#＃](\w*[^\W\d_]\w*)`).
 * mentions(text): after each @ not preceded by a word character, @ or `.`, the first 1 to 64 word
 * characters (`(?<![\w@.])@(\w{1,64})`). Both case-folded, each once, in order of first sight: what
 * the regular expressions they replace found (the test holds them to those), one pass each.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *casefold_name;

#define AT(i) PyUnicode_READ(kind, data, (i))

static inline int word(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c) || c == '_'; }

/* Adds text[start:end], case-folded, to `found` (a dict used as an ordered set). */
static int keep(PyObject *found, PyObject *text, Py_ssize_t start, Py_ssize_t end) {
    PyObject *piece = PyUnicode_Substring(text, start, end);
    PyObject *folded = piece ? PyObject_CallMethodNoArgs(piece, casefold_name) : NULL;
    Py_XDECREF(piece);
    if (folded == NULL)
        return -1;
    int failed = PyDict_SetDefault(found, folded, Py_None) == NULL ? -1 : 0;
    Py_DECREF(folded);
    return failed;
}

static PyObject *as_tuple(PyObject *found) {
    PyObject *keys = PyDict_Keys(found);
    Py_DECREF(found);
    if (keys == NULL)
        return NULL;
    PyObject *tuple = PyList_AsTuple(keys);
    Py_DECREF(keys);
    return tuple;
}

/* The hashtags (`mentions` 0) or mentions (1) of a text, as the module's comment says. */
static PyObject *tags(PyObject *text, int mentions) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "hashtags() and mentions() take a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *found = PyDict_New();
    if (found == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = AT(i);
        if (mentions ? c != '@' : c != '#' && c != 0xFF03)
            continue;
        if (i > 0) {
            Py_UCS4 before = AT(i - 1);
            if (word(before) || before == (mentions ? '@' : '#') || before == (mentions ? '.' : '&'))
                continue;
        }
        Py_ssize_t end = i + 1;
        int letter = 0;
        for (Py_UCS4 d; end < n && (!mentions || end - i <= 64) && word(d = AT(end)); end++)
            letter |= d != '_' && !Py_UNICODE_ISDECIMAL(d);
        if (end == i + 1 || (!mentions && !letter))
            continue; /* nothing, or `#1`: a number, no tag; looking on from the next character */
        if (keep(found, text, i + 1, end) < 0) {
            Py_DECREF(found);
            return NULL;
        }
        i = end - 1;
    }
    return as_tuple(found);
}

static PyObject *hashtags(PyObject *module, PyObject *text) { return tags(text, 0); }

static PyObject *mentions(PyObject *module, PyObject *text) { return tags(text, 1); }

static PyMethodDef methods[] = {
    {"hashtags", hashtags, METH_O, "hashtags(text) -> the hashtags of the text, case-folded, without their sign"},
    {"mentions", mentions, METH_O, "mentions(text) -> the accounts the text mentions, case-folded, without @"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_entities", NULL, -1, methods};

PyMODINIT_FUNC PyInit__entities(void) {
    casefold_name = PyUnicode_InternFromString("casefold");
    if (casefold_name == NULL)
        return NULL;
    return PyModule_Create(&module);
}
