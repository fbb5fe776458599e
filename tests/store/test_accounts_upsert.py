"""The accounts' upsert leaves out, before its window, the keys whose every row would change
nothing stored (veille.store.queries.upsert_latest). Held here to the same statement without that
step, over random sequences of batches in which handles, names, creation times and follower
counts come, go (null: not known to that export) and change back: both leave every stored row,
provenance included, the same."""

from datetime import UTC, datetime

import duckdb
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.store import queries
from veille.store.writer import _upsert_latest

COLUMNS = ["platform", "id", "handle", "display_name", "created_at", "followers", "source_file", "source_line",
           "source_ref"]
DDL = """CREATE TABLE accounts (platform VARCHAR NOT NULL, id VARCHAR NOT NULL, handle VARCHAR,
display_name VARCHAR, created_at TIMESTAMPTZ, followers BIGINT, source_file VARCHAR NOT NULL,
source_line BIGINT, source_ref VARCHAR, PRIMARY KEY (platform, id))"""
TIMES = [None, datetime(2020, 1, 1, tzinfo=UTC), datetime(2021, 6, 1, tzinfo=UTC)]

row = st.tuples(
    st.sampled_from([("x", "1"), ("x", "2"), ("telegram", "1")]),
    st.sampled_from([None, "ana", "ana_v2", ""]),
    st.sampled_from([None, "Ana"]),
    st.sampled_from(TIMES),
    st.sampled_from([None, 0, 10]),
)
batches = st.lists(st.lists(row, min_size=1, max_size=8), min_size=1, max_size=5)


def _table(rows, first_line: int) -> pa.Table:
    columns = {c: [] for c in COLUMNS}
    for line, ((platform, id_), handle, name, created, followers) in enumerate(rows, first_line):
        for c, v in zip(COLUMNS, (platform, id_, handle, name, created, followers, "f.jsonl", line, None)):
            columns[c].append(v)
    return pa.table({
        **{c: pa.array(columns[c], pa.string()) for c in ("platform", "id", "handle", "display_name", "source_file",
                                                          "source_ref")},
        "created_at": pa.array(columns["created_at"], pa.timestamp("us", tz="UTC")),
        "followers": pa.array(columns["followers"], pa.int64()),
        "source_line": pa.array(columns["source_line"], pa.int64()),
    }).select(COLUMNS)


def _without_prefilter(columns: list[str]) -> str:
    """The statement as it was before keys were left out: the batch straight into the window."""
    statement = queries.upsert_latest("accounts", columns)
    start = statement.index("(SELECT * FROM batch SEMI JOIN")
    end = statement.index(" WINDOW previous")
    return statement[:start] + "batch" + statement[end:]


@settings(max_examples=150, deadline=None)
@given(batches)
def test_leaving_out_unchanged_keys_stores_the_same(sequence):
    cons = [duckdb.connect(), duckdb.connect()]
    for con in cons:
        con.execute(DDL)
    line = 1
    for rows in sequence:
        arrow = _table(rows, line)
        line += len(rows)
        _upsert_latest(cons[0], "accounts", arrow, count=False)
        plain = arrow.append_column("_seq", pa.array(range(arrow.num_rows), pa.int64()))
        cons[1].register("batch", plain)
        cons[1].execute(_without_prefilter(COLUMNS))
        cons[1].unregister("batch")
    stored = [con.execute("SELECT * FROM accounts ORDER BY platform, id").fetchall() for con in cons]
    assert stored[0] == stored[1]


def test_a_handle_changed_and_back_in_one_batch_is_no_update():
    """A key is kept whole when any of its rows differs from what is stored: here the last row
    gives the stored handle back, so nothing changes, provenance included (the first row alone
    would have been a change)."""
    con = duckdb.connect()
    con.execute(DDL)
    _upsert_latest(con, "accounts", _table([(("x", "1"), "ana", None, None, None)], 1), count=False)
    _upsert_latest(con, "accounts", _table([(("x", "1"), "ana_v2", None, None, None),
                                            (("x", "1"), "ana", None, None, None)], 10), count=False)
    assert con.execute("SELECT handle, source_line FROM accounts").fetchall() == [("ana", 1)]
