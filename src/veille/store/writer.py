"""Writing batches of canonical records to the store.

Records are turned into Arrow columns and upserted set-wise, one statement per table, inside the
caller's transaction (an ingest's hold whole row groups of posts: veille.ingest.commits): what a
transaction holds is entirely committed or not at all, so a process killed mid-file leaves only
whole transactions behind, and re-running the file inserts exactly what is missing.
"""

from contextlib import suppress
from dataclasses import dataclass, field
from typing import NamedTuple

import duckdb
import pyarrow as pa

from veille.enrich import language
from veille.enrich.posts import normalise_lang
from veille.enrich.text import repair_text
from veille.schema import Account, Ad, FactCheck, Post, Quarantined, TiplineMessage
from veille.store import queries
from veille.store.arrow_columns import string_array
from veille.store.post_rows import PostRows

QUARANTINE_RAW_LIMIT = 64 * 1024  # bytes of a bad record kept; raw_size keeps its real size

_STR = pa.string()
_STRS = pa.list_(pa.string())
_TS = pa.timestamp("us", tz="UTC")


class AccountRow(NamedTuple):
    """An account named by a line that a fast path has checked already (canonical JSONL's plain
    lines: platform and id as the Account model takes them, the handle a string). It stores as an
    Account with only these fields would, without building and validating a model for each."""

    platform: str
    id: str
    handle: str
    source: str
    line: int


@dataclass
class Batch:
    posts: PostRows = field(default_factory=PostRows)  # as columns: see veille.store.post_rows
    accounts: list[Account | AccountRow] = field(default_factory=list)  # in the order they were read
    ads: list[Ad] = field(default_factory=list)
    fact_checks: list[FactCheck] = field(default_factory=list)
    tipline_messages: list[TiplineMessage] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)

    def add(self, item) -> None:
        """File a canonical record under its kind."""
        if type(item) is Post:
            self.posts.add_post(item)
        else:
            getattr(self, _KIND[type(item)]).append(item)

    def __len__(self) -> int:
        return (
            len(self.posts)
            + len(self.ads)
            + len(self.fact_checks)
            + len(self.tipline_messages)
            + len(self.quarantined)
        )


_KIND = {
    Post: "posts", Account: "accounts", Ad: "ads", FactCheck: "fact_checks", TiplineMessage: "tipline_messages",
    Quarantined: "quarantined",
}


@dataclass
class WriteCounts:
    inserted: int = 0
    duplicates: int = 0
    quarantined: int = 0
    by_table: dict[str, int] = field(default_factory=dict)

    def add(self, other: "WriteCounts") -> None:
        self.inserted += other.inserted
        self.duplicates += other.duplicates
        self.quarantined += other.quarantined
        for table, n in other.by_table.items():
            self.by_table[table] = self.by_table.get(table, 0) + n


@dataclass
class Prepared:
    """A batch turned into Arrow tables, ready to upsert; small to pickle between processes."""

    records: int  # records read, for the run's counts
    tables: dict[str, pa.Table]


_ONCE = ("posts", "tipline_messages")
_LATEST = ("ads", "fact_checks")


def prepare(batch: Batch) -> Prepared:
    """Enrich and convert a batch (CPU work, no database): safe to run in a worker process."""
    tables = {}
    for name, records, to_arrow in (
        ("accounts", batch.accounts, _accounts_table),
        ("posts", batch.posts, PostRows.table),
        ("tipline_messages", batch.tipline_messages, _tipline_table),
        ("ads", batch.ads, _ads_table),
        ("fact_checks", batch.fact_checks, _fact_checks_table),
        ("quarantine", batch.quarantined, _quarantine_table),
    ):
        if records:
            tables[name] = to_arrow(records)
    return Prepared(records=len(batch), tables=tables)


def concat(parts: list[Prepared]) -> Prepared:
    """Several prepared batches as one (for one transaction)."""
    if len(parts) == 1:
        return parts[0]
    names = dict.fromkeys(name for p in parts for name in p.tables)
    return Prepared(
        records=sum(p.records for p in parts),
        tables={name: pa.concat_tables([p.tables[name] for p in parts if name in p.tables]) for name in names},
    )


def write_batch(con: duckdb.DuckDBPyConnection, batch: Batch) -> WriteCounts:
    return write_prepared(con, prepare(batch))


def write_prepared(con: duckdb.DuckDBPyConnection, prepared: Prepared, *, new_posts: bool = False) -> WriteCounts:
    """Upsert one prepared batch; the caller holds the write transaction (see write_many)."""
    return write_many(con, [prepared], new_posts=new_posts)[0]


def write_many(con: duckdb.DuckDBPyConnection, parts: list[Prepared], *, new_posts: bool = False) -> list[WriteCounts]:
    """Upsert prepared batches in order (each file's part of one transaction), with each part's
    counts; the caller holds the write transaction. The parts' accounts are upserted in one
    statement, and so are their posts when they are new: each statement costs milliseconds of
    planning whatever its size.

    `new_posts`: the caller expects every post to be new (a first load), and posts are inserted
    without looking for their keys, in less than half the time; if one is not new, DuckDB raises
    duckdb.ConstraintException at once, the transaction is aborted, and the caller rolls back and
    writes the parts again the ordinary way (see veille.ingest.commits)."""
    counts = [WriteCounts() for _ in parts]
    accounts = [p.tables["accounts"] for p in parts if "accounts" in p.tables]
    if accounts:
        _upsert_latest(con, "accounts", pa.concat_tables(accounts), count=False)
    posts = [p.tables["posts"] for p in parts if "posts" in p.tables]
    if posts and new_posts:
        _insert_once(con, "posts", pa.concat_tables(posts), queries.INSERT_NEW_POSTS)  # all inserted, or raised
    for part, count in zip(parts, counts):
        tables = part.tables
        for table in _ONCE + _LATEST:
            if table not in tables:
                continue
            arrow = tables[table]
            if table == "posts" and new_posts:
                inserted = arrow.num_rows
            elif table in _ONCE:
                inserted = _insert_once(con, table, arrow)
            else:
                inserted = _upsert_latest(con, table, arrow)
            count.inserted += inserted
            count.duplicates += arrow.num_rows - inserted
            count.by_table[table] = inserted
        if "quarantine" in tables:
            _insert_once(con, "quarantine", tables["quarantine"])
            count.quarantined = tables["quarantine"].num_rows
    return counts


def _insert_once(con: duckdb.DuckDBPyConnection, table: str, arrow: pa.Table, statement: str | None = None) -> int:
    con.register("batch", arrow)
    try:
        return con.execute(statement or queries.INSERT_ONCE[table]).fetchone()[0]
    finally:
        # After a failed INSERT_NEW_POSTS the transaction is aborted and refuses even this; the
        # registration, made inside the transaction, goes with its rollback.
        with suppress(duckdb.TransactionException):
            con.unregister("batch")


def _upsert_latest(con: duckdb.DuckDBPyConnection, table: str, arrow: pa.Table, count: bool = True) -> int:
    """Returns how many keys were new (when asked to count: it costs two queries)."""
    arrow = arrow.append_column("_seq", pa.array(range(arrow.num_rows), pa.int64()))
    con.register("batch", arrow)
    try:
        new = 0
        if count:
            existing = con.execute(queries.count_existing(table)).fetchone()[0]
            new = con.execute(queries.count_distinct_keys(table)).fetchone()[0] - existing
        columns = [c for c in arrow.column_names if c != "_seq"]
        if table == "fact_checks":
            con.execute(queries.ARCHIVE_FACT_CHECKS)
        con.execute(queries.upsert_latest(table, columns))
        return new
    finally:
        con.unregister("batch")


def _provenance_columns(records) -> dict[str, pa.Array]:
    return {
        "source_file": pa.array([r.provenance.source for r in records], _STR),
        "source_line": pa.array([r.provenance.line for r in records], pa.int64()),
        "source_ref": pa.array([r.provenance.ref for r in records], _STR),
    }


def posts_table(posts: list[Post]) -> pa.Table:
    """The stored form of a batch of posts: enriched (see veille.enrich.posts)."""
    rows = PostRows()
    for post in posts:
        rows.add_post(post)
    return rows.table()


def _accounts_table(accounts: list[Account | AccountRow]) -> pa.Table:
    if set(map(type, accounts)) <= {AccountRow}:  # canonical JSONL's fast path: columns by zip
        platform, ids, handle, source, line = zip(*accounts)
        display_name = created_at = followers = ref = (None,) * len(accounts)
    else:
        platform, ids, handle, display_name, created_at, followers, source, line, ref = zip(*(
            (a.platform, a.id, a.handle, None, None, None, a.source, a.line, None) if type(a) is AccountRow else
            (a.platform, a.id, a.handle, a.display_name, a.created_at, a.followers, a.provenance.source,
             a.provenance.line, a.provenance.ref)
            for a in accounts
        ))
    return pa.table(
        {
            "platform": string_array(platform),
            "id": string_array(ids),
            "handle": string_array(handle),
            "display_name": pa.array(display_name, _STR),
            "created_at": pa.array(created_at, _TS),
            "followers": pa.array(followers, pa.int64()),
            "source_file": string_array(source),
            "source_line": pa.array(line, pa.int64()),
            "source_ref": pa.array(ref, _STR),
        }
    )


_REGIONS = pa.list_(pa.struct([("region", _STR), ("share", pa.float64())]))


def _ads_table(ads: list[Ad]) -> pa.Table:
    return pa.table(
        {
            "platform": pa.array([a.platform for a in ads], _STR),
            "id": pa.array([a.id for a in ads], _STR),
            "page_id": pa.array([a.page_id for a in ads], _STR),
            "page_name": pa.array([a.page_name for a in ads], _STR),
            "funding_entity": pa.array([a.funding_entity for a in ads], _STR),
            "payer": pa.array([a.payer for a in ads], _STR),
            "beneficiary": pa.array([a.beneficiary for a in ads], _STR),
            "payer_country": pa.array([a.payer_country for a in ads], _STR),
            "currency": pa.array([a.currency for a in ads], _STR),
            "spend_lower": pa.array([a.spend_lower for a in ads], pa.float64()),
            "spend_upper": pa.array([a.spend_upper for a in ads], pa.float64()),
            "impressions_lower": pa.array([a.impressions_lower for a in ads], pa.int64()),
            "impressions_upper": pa.array([a.impressions_upper for a in ads], pa.int64()),
            "delivery_regions": pa.array(
                [[{"region": r.region, "share": r.share} for r in a.delivery_regions] for a in ads], _REGIONS
            ),
            "target_countries": pa.array([a.target_countries for a in ads], _STRS),
            "languages": pa.array([a.languages for a in ads], _STRS),
            "creative_bodies": pa.array([a.creative_bodies for a in ads], _STRS),
            "urls": pa.array([a.urls for a in ads], _STRS),
            "start_time": pa.array([a.start_time for a in ads], _TS),
            "end_time": pa.array([a.end_time for a in ads], _TS),
            **_provenance_columns(ads),
        }
    )


def _fact_checks_table(checks: list[FactCheck]) -> pa.Table:
    return pa.table(
        {
            "id": pa.array([f.id for f in checks], _STR),
            "claim_reviewed": pa.array([f.claim_reviewed for f in checks], _STR),
            "rating": pa.array([f.rating for f in checks], _STR),
            "title": pa.array([f.title for f in checks], _STR),
            "publisher": pa.array([f.publisher for f in checks], _STR),
            "url": pa.array([f.url for f in checks], _STR),
            "date_published": pa.array([f.date_published for f in checks], _TS),
            "language": pa.array([f.language for f in checks], _STR),
            "claimant": pa.array([f.claimant for f in checks], _STR),
            "appearances": pa.array([f.appearances for f in checks], _STRS),
            **_provenance_columns(checks),
        }
    )


def _tipline_table(messages: list[TiplineMessage]) -> pa.Table:
    texts = [repair_text(m.text) for m in messages]
    unknown = [i for i, m in enumerate(messages) if m.lang is None and texts[i]]
    langs = [normalise_lang(m.lang) for m in messages]
    for i, lang in zip(unknown, language.identify_many([texts[i] for i in unknown])):
        langs[i] = lang
    return pa.table(
        {
            "channel": pa.array([m.channel for m in messages], _STR),
            "id": pa.array([m.id for m in messages], _STR),
            "sender_hash": pa.array([m.sender_hash for m in messages], _STR),
            "text": pa.array(texts, _STR),
            "media_hashes": pa.array([m.media_hashes for m in messages], _STRS),
            "lang": pa.array(langs, _STR),
            "received_at": pa.array([m.received_at for m in messages], _TS),
            "answer": pa.array([m.answer for m in messages], _STR),
            **_provenance_columns(messages),
        }
    )


def _quarantine_table(rows: list[Quarantined]) -> pa.Table:
    return pa.table(
        {
            "source_file": pa.array([q.source for q in rows], _STR),
            "source_line": pa.array([q.line if q.line is not None else -1 for q in rows], pa.int64()),
            "source_ref": pa.array([q.ref or "" for q in rows], _STR),
            "format": pa.array([q.format for q in rows], _STR),
            "reason": pa.array([q.reason for q in rows], _STR),
            "raw": pa.array([q.raw[:QUARANTINE_RAW_LIMIT] for q in rows], pa.binary()),
            "raw_size": pa.array([q.raw_size for q in rows], pa.int64()),
        }
    )
