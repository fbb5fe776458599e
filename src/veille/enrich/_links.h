/* Where a link or a mention starts in a text, for veille's C modules (_fold.c, _lid.c): how many
 * characters it covers from `i` (0: none starts there), as the first alternative of
 * `https?://\S+|www\.\S+|@[\w]+` that matches at `i`. `any_case`: letters match in either case
 * (a text read as it is, to be lower-cased after); `dotted`: a mention may hold dots (`@[\w.]+`). */
#ifndef VEILLE_LINKS_H
#define VEILLE_LINKS_H

#include <Python.h>

static inline Py_UCS4 links_at(int kind, const void *data, Py_ssize_t i, int any_case) {
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    return any_case && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static inline __attribute__((always_inline)) Py_ssize_t link_or_mention(int kind, const void *data, Py_ssize_t n, Py_ssize_t i, int any_case,
                                  int dotted) {
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
