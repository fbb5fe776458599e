/* veille.ingest.adapters._jsonl_plain: canonical JSONL records of the plain shape, into columns.
 *
 * `add_lines(data, at, number, max_bytes, loads, rows, source, handles, accounts, account_row,
 * plain_metrics, metrics_known)` reads the lines of a block (those of the plain shape straight
 * into their values, see _plain_scan.h; any other with orjson, `loads`) and checks each record by the rules that
 * veille.ingest.adapters.jsonl describes for the plain shape; a plain record's values go to the
 * batch's post columns, and at the first line of any other kind it stops and says where, so that
 * the line takes the model's way (which stores or quarantines it as it would have anyway). The
 * checks are those of the Post model, for these types only: nothing the model would refuse is let
 * through.
 *
 * rows: the 16 post column lists, in PostRows' order (platform, id, account_id, created_at, text,
 * lang, urls, hashtags, mentions, share_of_id, reply_to_id, media_hashes, metrics, source_file,
 * source_line, source_ref). handles: (platform, account id) -> the handle last given, so that an
 * account is only named again when its handle changes; accounts: the batch's account rows, made
 * by account_row(platform, id, handle, source, line); plain_metrics(metrics): the stored JSON
 * text of a metrics object, None for none, or a sentinel that is not a str or None for metrics
 * that are not plain; metrics_known: its answers, remembered here by the metrics' names and values
 * (see metrics_key), since most posts' metrics are a few small counts that many posts share.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "_plain_scan.h"

enum {
    F_PLATFORM, F_ID, F_ACCOUNT_ID, F_CREATED_AT, F_TEXT, F_LANG, F_URLS, F_HASHTAGS, F_MENTIONS,
    F_SHARE_OF_ID, F_REPLY_TO_ID, F_MEDIA_HASHES, F_ACCOUNT_NAME, F_METRICS, N_FIELDS
};
static const char *FIELD_NAMES[N_FIELDS] = {
    "platform", "id", "account_id", "created_at", "text", "lang", "urls", "hashtags", "mentions",
    "share_of_id", "reply_to_id", "media_hashes", "account_name", "metrics",
};
enum {
    C_PLATFORM, C_ID, C_ACCOUNT_ID, C_CREATED_AT, C_TEXT, C_LANG, C_URLS, C_HASHTAGS, C_MENTIONS,
    C_SHARE_OF_ID, C_REPLY_TO_ID, C_MEDIA_HASHES, C_METRICS, C_SOURCE_FILE, C_SOURCE_LINE,
    C_SOURCE_REF, N_COLUMNS
};
/* The fields that hold lists of strings, for the scanner (see _plain_scan.h). */
static const int LIST_FIELDS[N_FIELDS] = {
    [F_URLS] = 1, [F_HASHTAGS] = 1, [F_MENTIONS] = 1, [F_MEDIA_HASHES] = 1,
};
#define MAX_ID 1024
#define MAX_HANDLES 1000000

static PyObject *empty_str, *empty_tuple;

/* Which field a key (its UTF-8 bytes) names, -1 for none (then the record is not plain: unknown
 * fields are refused by the model). */
static int field_named(const char *name, Py_ssize_t n) {
    for (int f = 0; f < N_FIELDS; f++)
        if ((Py_ssize_t)strlen(FIELD_NAMES[f]) == n && memcmp(FIELD_NAMES[f], name, n) == 0)
            return f;
    return -1;
}

static int field_of(PyObject *key) {
    if (!PyUnicode_IS_ASCII(key))
        return -1;
    return field_named((const char *)PyUnicode_DATA(key), PyUnicode_GET_LENGTH(key));
}

/* `[a-z0-9][a-z0-9_.-]{0,63}`: the model's pattern for a platform, already lower-case. */
static int plain_platform(PyObject *value) {
    if (!PyUnicode_CheckExact(value) || !PyUnicode_IS_ASCII(value))
        return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(value);
    const unsigned char *s = PyUnicode_DATA(value);
    if (n < 1 || n > 64)
        return 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '_' || c == '.' || c == '-'));
        if (!ok)
            return 0;
    }
    return 1;
}

static inline int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* `2024-06-01T10:00:00Z` (ASCII digits) with a real date: the one time form Arrow parses as a
 * whole column. */
static int plain_time(PyObject *value) {
    if (!PyUnicode_CheckExact(value) || !PyUnicode_IS_ASCII(value) || PyUnicode_GET_LENGTH(value) != 20)
        return 0;
    const unsigned char *s = PyUnicode_DATA(value);
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    for (int i = 0; i < 20; i++)
        if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != (unsigned char)shape[i])
            return 0;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    int hour = (s[11] - '0') * 10 + (s[12] - '0'), minute = (s[14] - '0') * 10 + (s[15] - '0');
    int second = (s[17] - '0') * 10 + (s[18] - '0');
    if (year < 1000 || year > 2999 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
        return 0;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap);
}

/* The id as the model stores it (a whole number as its decimal string), a new reference; NULL
 * without an error set when the plain path cannot vouch for it. `limited`: 1 to 1024 characters. */
static PyObject *plain_id(PyObject *value, int limited) {
    PyObject *id;
    if (PyLong_CheckExact(value)) {
        id = PyObject_Str(value);
        if (id == NULL)
            return NULL;
    } else if (PyUnicode_CheckExact(value)) {
        Py_INCREF(value);
        id = value;
    } else {
        return NULL;
    }
    if (limited) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(id);
        if (n < 1 || n > MAX_ID) {
            Py_DECREF(id);
            return NULL;
        }
    }
    return id;
}

/* Absent, or a list (or tuple) of strings. Present but null is not plain. */
static int plain_strings(PyObject *value, int present) {
    if (value == NULL)
        return !present;
    if (PyList_CheckExact(value)) {
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(value); i++)
            if (!PyUnicode_CheckExact(PyList_GET_ITEM(value, i)))
                return 0;
        return 1;
    }
    if (PyTuple_CheckExact(value)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(value); i++)
            if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(value, i)))
                return 0;
        return 1;
    }
    return 0;
}

static int append(PyObject *rows, int column, PyObject *value) {
    return PyList_Append(PyTuple_GET_ITEM(rows, column), value);
}

/* Name the account when this record gives it a handle it did not have in this chunk. */
static int name_account(PyObject *platform, PyObject *account_id, PyObject *name, PyObject *number,
                        PyObject *source, PyObject *handles, PyObject *accounts, PyObject *account_row) {
    int truthy = PyObject_IsTrue(name);
    if (truthy <= 0)
        return truthy;
    PyObject *key = PyTuple_Pack(2, platform, account_id);
    if (key == NULL)
        return -1;
    PyObject *known = PyDict_GetItemWithError(handles, key);
    if (known == NULL && PyErr_Occurred())
        goto error;
    if (known != NULL) {
        int same = PyObject_RichCompareBool(known, name, Py_EQ);
        if (same < 0)
            goto error;
        if (same) {
            Py_DECREF(key);
            return 0;
        }
    }
    if (PyDict_GET_SIZE(handles) > MAX_HANDLES)
        PyDict_Clear(handles); /* bounded memory on enormous files */
    if (PyDict_SetItem(handles, key, name) < 0)
        goto error;
    PyObject *handle = PyObject_Str(name);
    if (handle == NULL)
        goto error;
    /* tuple.__new__(AccountRow, items): the named tuple's own __new__ is Python code, slower */
    PyObject *items = PyTuple_Pack(5, platform, account_id, handle, source, number);
    Py_DECREF(handle);
    PyObject *args = items ? PyTuple_Pack(1, items) : NULL;
    Py_XDECREF(items);
    PyObject *row = args ? PyTuple_Type.tp_new((PyTypeObject *)account_row, args, NULL) : NULL;
    Py_XDECREF(args);
    if (row == NULL)
        goto error;
    int failed = PyList_Append(accounts, row);
    Py_DECREF(row);
    Py_DECREF(key);
    return failed;
error:
    Py_DECREF(key);
    return -1;
}

#define MAX_METRICS_KNOWN 100000

/* The key that metrics_known remembers a metrics object's answer by: each name (its length, then
 * its UTF-8) and value (the bits of the float it stores as), in order; what plain_metrics makes of
 * the object depends on nothing else. NULL, with no error set, when a value is not a float or an
 * int that a float holds exactly (plain_metrics is then asked directly: it says "not plain"). */
static PyObject *metrics_key(PyObject *metrics) {
    char small[512];
    char *key = small;
    Py_ssize_t size = sizeof small, used = 0, at = 0;
    PyObject *name, *value, *result = NULL;
    while (PyDict_Next(metrics, &at, &name, &value)) {
        double number;
        if (PyFloat_CheckExact(value)) {
            number = PyFloat_AS_DOUBLE(value);
        } else if (PyLong_CheckExact(value)) {
            int overflow;
            long long whole = PyLong_AsLongLongAndOverflow(value, &overflow);
            if (overflow || whole <= -(1LL << 53) || whole >= (1LL << 53))
                goto done;
            number = (double)whole;
        } else {
            goto done;
        }
        Py_ssize_t length;
        const char *utf8 = PyUnicode_Check(name) ? PyUnicode_AsUTF8AndSize(name, &length) : NULL;
        if (utf8 == NULL) {
            PyErr_Clear();
            goto done;
        }
        Py_ssize_t need = used + (Py_ssize_t)sizeof length + length + (Py_ssize_t)sizeof number;
        if (need > size) {
            size = need * 2;
            char *bigger = key == small ? PyMem_Malloc(size) : PyMem_Realloc(key, size);
            if (bigger == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            if (key == small)
                memcpy(bigger, small, used);
            key = bigger;
        }
        memcpy(key + used, &length, sizeof length);
        memcpy(key + used + sizeof length, utf8, length);
        memcpy(key + used + sizeof length + length, &number, sizeof number);
        used = need;
    }
    result = PyBytes_FromStringAndSize(key, used);
done:
    if (key != small)
        PyMem_Free(key);
    return result;
}

/* plain_metrics(metrics), remembered in `known` when metrics_key gives a key. */
static PyObject *metrics_text(PyObject *metrics, PyObject *plain_metrics, PyObject *known) {
    PyObject *key = PyDict_CheckExact(metrics) ? metrics_key(metrics) : NULL;
    if (key == NULL)
        return PyErr_Occurred() ? NULL : PyObject_CallOneArg(plain_metrics, metrics);
    PyObject *text = PyDict_GetItemWithError(known, key);
    if (text != NULL) {
        Py_DECREF(key);
        Py_INCREF(text);
        return text;
    }
    if (PyErr_Occurred() || (text = PyObject_CallOneArg(plain_metrics, metrics)) == NULL) {
        Py_DECREF(key);
        return NULL;
    }
    if (PyDict_GET_SIZE(known) >= MAX_METRICS_KNOWN)
        PyDict_Clear(known); /* bounded memory: forgotten all at once */
    int failed = PyDict_SetItem(known, key, text);
    Py_DECREF(key);
    if (failed) {
        Py_DECREF(text);
        return NULL;
    }
    return text;
}

typedef struct {
    PyObject *rows, *source, *handles, *accounts, *account_row, *plain_metrics, *metrics_known;
    PyObject *metrics_text; /* the line's metrics as written, when their answer is not remembered yet */
} Target;

/* The metrics of a line read by the scanner (read_counts for scan_record). Their answer is
 * remembered in metrics_known by their text as written too, so that metrics written the same
 * way as an earlier line's are neither decoded nor keyed again: the answer comes back as a
 * 1-tuple (which no JSON value is). Otherwise the object is decoded (scan_counts), and its text
 * kept in the target to remember its answer by. A text as written cannot be a key of
 * metrics_key's kind: those begin with a length's zero bytes, and the scanner takes no line with
 * a zero byte. */
static PyObject *read_metrics(Scan *s, void *context) {
    Target *t = context;
    if (scan_null(s))
        Py_RETURN_NONE;
    Scan from = *s;
    const unsigned char *start;
    Py_ssize_t n;
    if (!scan_object_span(s, &start, &n))
        return NULL;
    PyObject *text = PyBytes_FromStringAndSize((const char *)start, n);
    if (text == NULL)
        return NULL;
    PyObject *answer = PyDict_GetItemWithError(t->metrics_known, text);
    if (answer != NULL) {
        Py_DECREF(text);
        return PyTuple_Pack(1, answer);
    }
    PyObject *counts = PyErr_Occurred() ? NULL : scan_counts(&from);
    if (counts == NULL || from.p != s->p) {
        Py_XDECREF(counts);
        Py_DECREF(text);
        return NULL;
    }
    Py_XSETREF(t->metrics_text, text);
    return counts;
}

/* The answer for the line's metrics, remembered by their text as written (see read_metrics). */
static int remember_metrics(Target *t, PyObject *answer) {
    if (t->metrics_text == NULL)
        return 0;
    if (PyDict_GET_SIZE(t->metrics_known) >= MAX_METRICS_KNOWN)
        PyDict_Clear(t->metrics_known); /* bounded memory: forgotten all at once */
    int failed = PyDict_SetItem(t->metrics_known, t->metrics_text, answer);
    Py_CLEAR(t->metrics_text);
    return failed;
}

/* The batch's lists and helpers, checked once per call. */
static int target(Target *t, PyObject *const *args) {
    t->rows = args[0];
    t->source = args[1];
    t->handles = args[2];
    t->accounts = args[3];
    t->account_row = args[4];
    t->plain_metrics = args[5];
    t->metrics_known = args[6];
    t->metrics_text = NULL;
    if (!PyTuple_CheckExact(t->rows) || PyTuple_GET_SIZE(t->rows) != N_COLUMNS || !PyDict_CheckExact(t->handles) ||
        !PyDict_CheckExact(t->metrics_known) ||
        !PyList_CheckExact(t->accounts) || !PyType_Check(t->account_row) ||
        !PyType_IsSubtype((PyTypeObject *)t->account_row, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "rows must be a tuple of 16 lists, handles and metrics_known dicts, "
                                         "accounts a list and account_row a named tuple");
        return -1;
    }
    return 0;
}

static int add_fields(PyObject *const *given, PyObject *number, Target *t);

/* 1: the record was plain and is in the columns; 0: it was not (nothing changed); -1: error. */
static int add_record(PyObject *record, PyObject *number, Target *t) {
    if (!PyDict_CheckExact(record))
        return 0;
    PyObject *field[N_FIELDS] = {NULL}; /* borrowed from the record */
    PyObject *key, *value;
    Py_ssize_t at = 0;
    while (PyDict_Next(record, &at, &key, &value)) {
        int f = PyUnicode_CheckExact(key) ? field_of(key) : -1;
        if (f < 0)
            return 0;
        field[f] = value;
    }
    return add_fields(field, number, t);
}

/* The fields of a record (borrowed; NULL: absent, Py_None: null) into the columns when they are
 * plain: as add_record. */
static int add_fields(PyObject *const *given, PyObject *number, Target *t) {
    PyObject *rows = t->rows, *source = t->source, *handles = t->handles, *accounts = t->accounts,
             *account_row = t->account_row, *plain_metrics = t->plain_metrics;
    PyObject *field[N_FIELDS];
    memcpy(field, given, sizeof field);
    /* A null field reads as absent (record.get), but for the lists: present and null is refused. */
    int listed[N_FIELDS] = {0};
    for (int f = 0; f < N_FIELDS; f++) {
        listed[f] = field[f] != NULL;
        if (field[f] == Py_None)
            field[f] = NULL;
    }
    if (field[F_PLATFORM] == NULL || !plain_platform(field[F_PLATFORM]))
        return 0;
    if (field[F_CREATED_AT] == NULL || !plain_time(field[F_CREATED_AT]))
        return 0;
    PyObject *text = field[F_TEXT] ? field[F_TEXT] : (listed[F_TEXT] ? NULL : empty_str);
    if (text == NULL || !PyUnicode_CheckExact(text))
        return 0; /* text: null or not a string */
    if (field[F_LANG] != NULL && !PyUnicode_CheckExact(field[F_LANG]))
        return 0;
    if (!plain_strings(field[F_URLS], listed[F_URLS]) || !plain_strings(field[F_HASHTAGS], listed[F_HASHTAGS]) ||
        !plain_strings(field[F_MENTIONS], listed[F_MENTIONS]) ||
        !plain_strings(field[F_MEDIA_HASHES], listed[F_MEDIA_HASHES]))
        return 0;

    PyObject *id = NULL, *account_id = NULL, *share_of_id = NULL, *reply_to_id = NULL, *metrics = NULL;
    int result = 0;
    if (field[F_ID] == NULL || (id = plain_id(field[F_ID], 1)) == NULL)
        goto done;
    if (field[F_ACCOUNT_ID] == NULL || (account_id = plain_id(field[F_ACCOUNT_ID], 1)) == NULL)
        goto done;
    if (field[F_SHARE_OF_ID] != NULL && (share_of_id = plain_id(field[F_SHARE_OF_ID], 0)) == NULL)
        goto done;
    if (field[F_REPLY_TO_ID] != NULL && (reply_to_id = plain_id(field[F_REPLY_TO_ID], 0)) == NULL)
        goto done;
    if (listed[F_METRICS]) {
        if (field[F_METRICS] != NULL && PyTuple_CheckExact(field[F_METRICS])) {
            metrics = Py_NewRef(PyTuple_GET_ITEM(field[F_METRICS], 0)); /* remembered by read_metrics */
        } else {
            metrics = field[F_METRICS] ? metrics_text(field[F_METRICS], plain_metrics, t->metrics_known)
                                       : PyObject_CallOneArg(plain_metrics, Py_None);
            if (metrics == NULL || remember_metrics(t, metrics) < 0)
                goto done;
        }
        if (metrics != Py_None && !PyUnicode_CheckExact(metrics))
            goto done; /* not plain */
    } else {
        Py_INCREF(Py_None);
        metrics = Py_None;
    }

    PyObject *media = listed[F_MEDIA_HASHES] ? field[F_MEDIA_HASHES] : empty_tuple;
    PyObject *values[N_COLUMNS] = {
        field[F_PLATFORM], id, account_id, field[F_CREATED_AT], text,
        field[F_LANG] ? field[F_LANG] : Py_None,
        field[F_URLS] ? field[F_URLS] : Py_None,
        field[F_HASHTAGS] ? field[F_HASHTAGS] : Py_None,
        field[F_MENTIONS] ? field[F_MENTIONS] : Py_None,
        share_of_id ? share_of_id : Py_None,
        reply_to_id ? reply_to_id : Py_None,
        media, metrics, source, number, Py_None,
    };
    for (int c = 0; c < N_COLUMNS; c++)
        if (append(rows, c, values[c]) < 0)
            goto done; /* only on a memory error */
    if (field[F_ACCOUNT_NAME] != NULL &&
        name_account(field[F_PLATFORM], account_id, field[F_ACCOUNT_NAME], number, source, handles, accounts,
                     account_row) < 0)
        goto done;
    result = 1;
done:
    Py_XDECREF(id);
    Py_XDECREF(account_id);
    Py_XDECREF(share_of_id);
    Py_XDECREF(reply_to_id);
    Py_XDECREF(metrics);
    return PyErr_Occurred() ? -1 : result;
}

static inline int blank(const char *p, Py_ssize_t n) { /* bytes.strip() would leave nothing */
    for (Py_ssize_t i = 0; i < n; i++)
        if (!(p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' || p[i] == '\v' || p[i] == '\f'))
            return 0;
    return 1;
}

/* add_lines(data, at, number, max_bytes, loads, rows, ...) -> (at, number): the lines of `data`
 * from byte `at` (line `number`), plain records into the columns and blank lines passed over,
 * up to the end or to the first line that is not plain, too long or not JSON that `loads`
 * (orjson.loads) reads; returned is where that line starts, for the caller to take it the
 * ordinary way and call again after it. */
static PyObject *add_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    Target t;
    if (nargs != 12 || !PyBytes_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "add_lines(data, at, number, max_bytes, loads, rows, source, handles, "
                                         "accounts, account_row, plain_metrics, metrics_known)");
        return NULL;
    }
    Py_ssize_t at = PyLong_AsSsize_t(args[1]), number = PyLong_AsSsize_t(args[2]),
               max_bytes = PyLong_AsSsize_t(args[3]);
    if (PyErr_Occurred() || target(&t, args + 5) < 0)
        return NULL;
    PyObject *loads = args[4];
    const char *data = PyBytes_AS_STRING(args[0]);
    Py_ssize_t size = PyBytes_GET_SIZE(args[0]);
    while (at < size) {
        const char *newline = memchr(data + at, '\n', size - at);
        Py_ssize_t end = newline ? newline - data : size, length = end - at;
        if (length > max_bytes)
            break;
        while (length > 0 && data[at + length - 1] == '\r')
            length--;
        if (!blank(data + at, length)) {
            PyObject *field[N_FIELDS] = {NULL};
            Py_CLEAR(t.metrics_text);
            int scanned = scan_record(data + at, length, field_named, LIST_FIELDS, F_METRICS, read_metrics, &t,
                                      field, N_FIELDS);
            if (scanned < 0)
                goto fail;
            PyObject *record = NULL;
            if (!scanned) { /* any other line: orjson reads it (its metrics, if any, may not be those seen) */
                Py_CLEAR(t.metrics_text);
                PyObject *line = PyBytes_FromStringAndSize(data + at, length);
                if (line == NULL)
                    goto fail;
                record = PyObject_CallOneArg(loads, line);
                Py_DECREF(line);
                if (record == NULL) {
                    if (!PyErr_ExceptionMatches(PyExc_ValueError)) /* orjson.JSONDecodeError is one */
                        goto fail;
                    PyErr_Clear();
                    break;
                }
            }
            PyObject *n = PyLong_FromSsize_t(number);
            int added = n == NULL ? -1 : scanned ? add_fields(field, n, &t) : add_record(record, n, &t);
            Py_XDECREF(n);
            Py_XDECREF(record);
            release_fields(field, N_FIELDS);
            if (added < 0)
                goto fail;
            if (!added)
                break;
        }
        at = end + 1;
        number++;
    }
    Py_CLEAR(t.metrics_text);
    if (at > size)
        at = size;
    return Py_BuildValue("(nn)", at, number);
fail:
    Py_CLEAR(t.metrics_text);
    return NULL;
}


static PyMethodDef methods[] = {
    {"add_lines", (PyCFunction)(void (*)(void))add_lines, METH_FASTCALL,
     "add_lines(data, at, number, max_bytes, loads, rows, source, handles, accounts, account_row, plain_metrics, "
     "metrics_known)"
     " -> (at, number) of the first line left to the caller"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_jsonl_plain", NULL, -1, methods};

PyMODINIT_FUNC PyInit__jsonl_plain(void) {
    empty_str = PyUnicode_FromString("");
    empty_tuple = PyTuple_New(0);
    if (empty_str == NULL || empty_tuple == NULL)
        return NULL;
    return PyModule_Create(&module);
}
