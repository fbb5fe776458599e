"""String columns made by veille's C helper (veille/store/_arrow.c) are exactly what pyarrow
makes of the same Python lists: every storage kind of str (ASCII, Latin-1, two- and four-byte),
empty strings, None, empty lists; and what the helper does not take (a value that is not a str, a
lone surrogate) is converted, or refused, by pyarrow as before."""

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.store.arrow_columns import string_array, string_list_array

# one piece of each UTF-8 length and of each kind CPython stores a str in, and ASCII runs of 8+
PIECES = st.sampled_from(["a", "z9", "", "é", "ÿ", "\x80", "ж", "€", "日", "\uffff", "🗳", "\U0010ffff", "abcdefgh",
                          "abcdefghijklmnop", "élection présidentielle"])
TEXTS = st.lists(PIECES, max_size=12).map("".join)
VALUES = st.lists(st.none() | TEXTS, max_size=40)


@given(VALUES)
@settings(max_examples=1500)
def test_strings_as_pyarrow_makes_them(values):
    made = string_array(values)
    made.validate(full=True)
    assert made.equals(pa.array(values, pa.string()))
    assert string_array(tuple(values)).equals(made)


@given(st.lists(st.none() | st.lists(TEXTS, max_size=4) | st.lists(TEXTS, max_size=3).map(tuple), max_size=30))
@settings(max_examples=1500)
def test_string_lists_as_pyarrow_makes_them(values):
    made = string_list_array(values)
    made.validate(full=True)
    assert made.equals(pa.array(values, pa.list_(pa.string())))


def test_nulls_and_edges():
    assert string_array([]).equals(pa.array([], pa.string()))
    assert string_array([None] * 9).null_count == 9
    assert string_array(["a", None, "b"]).to_pylist() == ["a", None, "b"]
    assert string_list_array([]).equals(pa.array([], pa.list_(pa.string())))
    assert string_list_array([None, [], ["#a", "é"]]).to_pylist() == [None, [], ["#a", "é"]]


def test_what_the_helper_does_not_take_is_left_to_pyarrow():
    with pytest.raises(pa.ArrowTypeError):  # pyarrow's own refusal, as before
        string_array(["a", 1])
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate has no UTF-8 form
        string_array(["a", "\ud800"])
    with pytest.raises(pa.ArrowTypeError):
        string_list_array([["a", 1]])
    for odd in (["ab"], [["a", None]]):  # a str where a list should be; a None in a list: as pyarrow reads them
        assert string_list_array(odd).equals(pa.array(odd, pa.list_(pa.string())))
