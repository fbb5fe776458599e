/* Where a link or a mention starts in a text, for veille's C modules (_fold.c, _lid.c): how many
 * characters it covers from `i` (0: none starts there), as the first alternative of
 * `https?://\S+|www\.\S+|@[\w]+` that matches at `i`. `any_case`: letters match in either case
 * (a text read as it is, to be lower-cased after); `dotted`: a mention may hold dots (`@[\w.]+`).
 * Also how both modules read a str one storage kind at a time (SPECIALISED). */
#ifndef VEILLE_LINKS_H
#define VEILLE_LINKS_H

#include <Python.h>

/* A loop over a str's characters, written once as an always-inlined function of its storage kind
 * and called through SPECIALISED with that kind as a constant: each kind gets its own copy, where
 * reading a character is one load instead of a switch on the kind (folding, the checks around it
 * and what the language model reads, faster on 1-byte texts). */
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define SPECIALISED(kind, call, ...)                                                                   \
    switch (kind) {                                                                                    \
    case PyUnicode_1BYTE_KIND: call(PyUnicode_1BYTE_KIND, __VA_ARGS__);                               \
    case PyUnicode_2BYTE_KIND: call(PyUnicode_2BYTE_KIND, __VA_ARGS__);                               \
    default: call(PyUnicode_4BYTE_KIND, __VA_ARGS__);                                                 \
    }

static inline Py_UCS4 links_at(int kind, const void *data, Py_ssize_t i, int any_case) {
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    return any_case && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static ALWAYS_INLINE Py_ssize_t link_or_mention(int kind, const void *data, Py_ssize_t n, Py_ssize_t i,
                                                int any_case, int dotted) {
#define C(k) links_at(kind, data, (k), any_case)
    Py_UCS4 c = C(i);
    Py_ssize_t j;
    if (c == 'h') {
        if (i + 4 <= n && C(i + 1) == 't' && C(i + 2) == 't' && C(i + 3) == 'p') {
            j = i + 4;
            if (j < n && C(j) == 's')
                j++;
            if (j + 3 <= n && C(j) == ':' && C(j + 1) == '/' && C(j + 2) == '/') {
                Py_ssize_t start = j += 3;
                while (j < n && !Py_UNICODE_ISSPACE(C(j)))
                    j++;
                if (j > start)
                    return j - i;
            }
        }
    } else if (c == 'w') {
        if (i + 4 <= n && C(i + 1) == 'w' && C(i + 2) == 'w' && C(i + 3) == '.') {
            j = i + 4;
            while (j < n && !Py_UNICODE_ISSPACE(C(j)))
                j++;
            if (j > i + 4)
                return j - i;
        }
    } else if (c == '@') {
        j = i + 1;
        for (Py_UCS4 d; j < n && (Py_UNICODE_ISALNUM(d = C(j)) || d == '_' || (dotted && d == '.')); j++)
            ;
        if (j > i + 1)
            return j - i;
    }
    return 0;
#undef C
}

#endif
