"""Account rows that repeat what an ingest last gave their account are left out before the upsert
(veille.ingest.accounts_seen): held to a Python reference row by row, and to the upsert of every
row over random sequences of batches, on a store that already holds accounts, provenance included."""

import duckdb
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.store.test_accounts_upsert import DDL, _table, batches, row
from veille.ingest.accounts_seen import AccountsSeen
from veille.store.writer import _upsert_latest


def reference(sequence: list[list[tuple]]) -> list[list[bool]]:
    """Which rows of each batch bring values their account was not last given."""
    last: dict[tuple, tuple] = {}
    kept = []
    for rows in sequence:
        marks = []
        for key, *values in rows:
            marks.append(last.get(key) != tuple(values))
            if marks[-1]:
                last[key] = tuple(values)
        kept.append(marks)
    return kept


@settings(max_examples=200, deadline=None)
@given(batches)
def test_rows_kept_are_those_with_new_values_for_their_account(sequence):
    seen = AccountsSeen()
    line = 1
    for rows, marks in zip(sequence, reference(sequence)):
        table = _table(rows, line)
        line += len(rows)
        news = seen.news(table)
        assert news.to_pylist() == [r for r, keep in zip(table.to_pylist(), marks) if keep]
    assert len(seen) == len({key for rows in sequence for key, *_ in rows})


@settings(max_examples=150, deadline=None)
@given(st.lists(row, max_size=4), batches)
def test_leaving_them_out_stores_the_same_accounts(before, sequence):
    cons = [duckdb.connect(), duckdb.connect()]
    for con in cons:
        con.execute(DDL)
        if before:  # what an earlier ingest stored
            _upsert_latest(con, "accounts", _table(before, 1000), count=False)
    seen = AccountsSeen()
    line = 1
    for rows in sequence:
        table = _table(rows, line)
        line += len(rows)
        _upsert_latest(cons[0], "accounts", table, count=False)
        news = seen.news(table)
        if news.num_rows:
            _upsert_latest(cons[1], "accounts", news, count=False)
    stored = [con.execute("SELECT * FROM accounts ORDER BY platform, id").fetchall() for con in cons]
    assert stored[0] == stored[1]


def test_chunked_and_sliced_columns_are_read_where_they_start():
    """Arrow tables made of several chunks, or slices of one, start their rows at an offset."""
    rows = [(("x", str(i % 5)), f"h{i % 3}", None, None, i % 2 or None) for i in range(40)]
    table = _table(rows, 1)
    whole = AccountsSeen().news(table)
    pieces = pa.concat_tables([table.slice(0, 13), table.slice(13, 20), table.slice(33)])
    assert pieces.column("id").num_chunks == 3
    assert AccountsSeen().news(pieces).equals(whole)
    seen = AccountsSeen()
    assert pa.concat_tables([seen.news(table.slice(0, 17)), seen.news(table.slice(17))]).equals(whole)
