"""Python lists of strings as Arrow columns, for the tables that ingest workers build.

`pa.array(values, pa.string())` makes CPython keep a UTF-8 copy inside every non-ASCII str it
converts (an allocation per text, freed with it): 0.7 us for a post's text, and a tenth of an
ingest worker's time with the other string columns. The C helper (veille/store/_arrow.c) encodes
each str straight into the column's one buffer instead. A column it does not take (a value that is
not a str, a lone surrogate, more than 2 GB) is converted by pyarrow, which then accepts or
refuses it as it always has.
"""

import pyarrow as pa

from veille.store import _arrow

STRING = pa.string()
STRING_LIST = pa.list_(pa.string())


def string_array(values: list[str | None] | tuple[str | None, ...]) -> pa.Array:
    """`pa.array(values, pa.string())`, faster."""
    try:
        validity, nulls, offsets, data = _arrow.strings(values)
    except (TypeError, ValueError, OverflowError):
        return pa.array(values, STRING)
    return pa.Array.from_buffers(STRING, len(values), [_buffer(validity), pa.py_buffer(offsets), pa.py_buffer(data)],
                                 null_count=nulls)


def string_list_array(values: list[list[str] | tuple[str, ...] | None]) -> pa.Array:
    """`pa.array(values, pa.list_(pa.string()))`, faster."""
    try:
        validity, nulls, list_offsets, offsets, data = _arrow.string_lists(values)
    except (TypeError, ValueError, OverflowError):
        return pa.array(values, STRING_LIST)
    strings = pa.Array.from_buffers(STRING, (len(offsets) >> 2) - 1, [None, pa.py_buffer(offsets), pa.py_buffer(data)],
                                    null_count=0)
    return pa.Array.from_buffers(STRING_LIST, len(values), [_buffer(validity), pa.py_buffer(list_offsets)],
                                 null_count=nulls, children=[strings])


def _buffer(validity: bytes | None) -> pa.Buffer | None:
    return None if validity is None else pa.py_buffer(validity)
