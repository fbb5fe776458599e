"""Account rows that bring nothing new, left out before the accounts' upsert.

Each chunk of an ingest names its accounts afresh (a worker cannot know what the chunks read by the
other workers said), so an account that posts in sixty chunks comes sixty times, mostly with the
handle it already has: 610k account rows for 98k accounts at 1M simulated posts, each joined with
the stored accounts by the upsert only to change nothing. `AccountsSeen` remembers, for the length
of an ingest, the values it last let through for each account, and lets a row through only when its
values differ (in file order: the writer commits chunks in that order). A row left out is one the
upsert would have taken as no change: the same values right after the same values, whatever the
stored row holds (the upsert's own test, nulls included, is made on what it is given). The memory
is in C (veille/ingest/_accounts_seen.c): a Python dict of the same rows cost as much as it saved.
"""

import numpy as np
import pyarrow as pa

from veille.ingest import _accounts_seen

KEYS = ("platform", "id")
VALUES = (("handle", "s"), ("display_name", "s"), ("created_at", "q"), ("followers", "q"))


class AccountsSeen:
    def __init__(self):
        self._seen = _accounts_seen.Seen()

    def __len__(self) -> int:
        return len(self._seen)

    def news(self, accounts: pa.Table) -> pa.Table:
        """The rows of `accounts` (in file order) whose values are new for their account."""
        if accounts.num_rows == 0:
            return accounts
        accounts = accounts.combine_chunks()
        keys = tuple(_buffers(accounts.column(name).chunk(0), pa.string()) for name in KEYS)
        values = tuple(_buffers(accounts.column(name).chunk(0), pa.string() if kind == "s" else pa.int64())
                       for name, kind in VALUES)
        mask = _accounts_seen.news(self._seen, accounts.num_rows, keys, values, "".join(k for _, k in VALUES))
        kept = np.frombuffer(mask, np.bool_)
        return accounts if kept.all() else accounts.filter(pa.array(kept))


def _buffers(column: pa.Array, kind: pa.DataType) -> tuple:
    """(validity, offsets, data, offset) of a string or 64-bit column, as _accounts_seen reads it."""
    if pa.types.is_timestamp(column.type):
        column = column.view(pa.int64())
    elif column.type != kind:
        column = column.cast(kind)
    if kind == pa.string():
        validity, offsets, data = column.buffers()
        return validity, offsets, data if data is not None else b"", column.offset
    validity, data = column.buffers()
    return validity, None, data if data is not None else b"", column.offset
