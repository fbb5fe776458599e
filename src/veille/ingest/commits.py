"""Committing an ingest's chunks: in file order, in transactions of whole row groups of posts.

DuckDB stores a table in row groups of 122,880 rows. A transaction that appends exactly whole row
groups has them written, compressed, straight into the database file, and its WAL only points at
them; any other append goes through the WAL first and is compressed again at the next checkpoint,
where a row group left part-filled is rewritten each time it grows. So the chunks of every file of
an ingest are gathered, across file boundaries, until they hold a whole row group of posts, which
is committed in one transaction with everything else they brought (accounts, quarantine, ads...):
measured alone, 1M posts cost DuckDB 2.7 s of CPU this way, against 3.4 s in commits of 100k
records. A chunk that crosses a row group's end is cut there: its posts after the cut wait for the
next transaction. Chunks without posts (an export of ads, say) are committed once
`COMMIT_RECORDS` of them are waiting, so memory stays flat whatever the input.

Each transaction also brings the run row of every file it holds up to date (counts so far, and the
end of the file when it holds the file's last records). A killed ingest leaves whole transactions
behind; re-running the files inserts what is missing and counts the rest as duplicates. One
writer thread commits while the next row group is gathered (DuckDB releases the GIL).
"""

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from veille.ingest.accounts_seen import AccountsSeen
from veille.store import Store, queries
from veille.store.writer import Prepared, WriteCounts, concat, write_many

ROW_GROUP = 122_880  # DuckDB's row group size (rows)
COMMIT_RECORDS = 100_000  # records without posts waiting that make a transaction anyway


@dataclass
class FileReport:
    """What the ingest of one file did, as its run row says it."""

    path: str
    format: str
    read: int = 0
    inserted: int = 0
    duplicates: int = 0
    quarantined: int = 0

    def add(self, counts: WriteCounts) -> None:
        self.inserted += counts.inserted
        self.duplicates += counts.duplicates
        self.quarantined += counts.quarantined


@dataclass
class Piece:
    """What one file brought to the next transaction, and whether it is the file's last."""

    prepared: Prepared
    report: FileReport
    run_id: str
    finishes: bool = False


class Commits:
    """The transactions of one ingest: chunks in (`add`), files' ends marked (`finish`), and
    everything committed by `close`."""

    def __init__(self, store: Store):
        self.store = store
        self.waiting: list[Piece] = []
        self.posts = 0  # posts waiting
        self.others = 0  # records waiting that are not posts
        self.accounts_seen = AccountsSeen()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="veille-writer")
        self._pending: Future | None = None

    def add(self, prepared: Prepared, report: FileReport, run_id: str) -> None:
        """A chunk of a file, in file order."""
        report.read += prepared.records
        prepared = self._account_news(prepared)
        posts = prepared.tables.get("posts")
        count = posts.num_rows if posts is not None else 0
        while self.posts + count >= ROW_GROUP:
            take = ROW_GROUP - self.posts
            head, prepared = _cut_posts(prepared, take)
            self._wait(Piece(head, report, run_id))
            self._commit()
            count -= take
        if prepared.tables:
            self._wait(Piece(prepared, report, run_id))
        if self.others >= COMMIT_RECORDS:
            self._commit()

    def finish(self, report: FileReport, run_id: str) -> None:
        """The file has no more chunks: its run is finished with the transaction of its last ones."""
        if self.waiting and self.waiting[-1].run_id == run_id:
            self.waiting[-1].finishes = True
        else:
            self.waiting.append(Piece(Prepared(0, {}), report, run_id, finishes=True))

    def close(self) -> None:
        """Commits what waits, and waits for every transaction to end."""
        try:
            if self.waiting:
                self._commit()
            self._settle()
        finally:
            self._writer.shutdown()

    def abandon(self) -> None:
        """After an error elsewhere: commits what waits if it can (good records read before the
        error are kept), then stops. Its own failure would hide the first error, so it is not raised."""
        try:
            self.close()
        except Exception:  # noqa: BLE001 - the caller is raising the error that matters
            pass

    def _account_news(self, prepared: Prepared) -> Prepared:
        """The chunk without the account rows that repeat what this ingest last gave their account
        (see veille.ingest.accounts_seen)."""
        accounts = prepared.tables.get("accounts")
        if accounts is None:
            return prepared
        news = self.accounts_seen.news(accounts)
        if news is accounts:
            return prepared
        tables = {name: table for name, table in prepared.tables.items() if name != "accounts"}
        if news.num_rows:
            tables["accounts"] = news
        return Prepared(prepared.records, tables)

    def _wait(self, piece: Piece) -> None:
        self.waiting.append(piece)
        for name, table in piece.prepared.tables.items():
            if name == "posts":
                self.posts += table.num_rows
            elif name != "accounts":  # an account comes with posts
                self.others += table.num_rows

    def _commit(self) -> None:
        pieces = _by_file(self.waiting)
        self.waiting, self.posts, self.others = [], 0, 0
        self._settle()  # one transaction at a time, in order
        self._pending = self._writer.submit(_commit, self.store, pieces)

    def _settle(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()  # surfaces the writer's errors


def _cut_posts(prepared: Prepared, take: int) -> tuple[Prepared, Prepared]:
    """The chunk with only its first `take` posts (and everything else it holds), and the rest of
    its posts alone."""
    posts = prepared.tables["posts"]
    if take >= posts.num_rows:
        return prepared, Prepared(0, {})
    head = Prepared(prepared.records, {**prepared.tables, "posts": posts.slice(0, take)})
    return head, Prepared(0, {"posts": posts.slice(take)})


def _by_file(pieces: list[Piece]) -> list[Piece]:
    """Consecutive pieces of one file as one: a file's run row is written once per transaction."""
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1].run_id == piece.run_id:
            last = merged[-1]
            merged[-1] = Piece(concat([last.prepared, piece.prepared]), last.report, last.run_id,
                               last.finishes or piece.finishes)
        else:
            merged.append(piece)
    return merged


def _commit(store: Store, pieces: list[Piece]) -> None:
    """One transaction: every piece, and the run rows of their files. Posts are first written as
    all new (most transactions of most loads are); one already stored fails the transaction at once,
    and it is written again with its keys looked up (a re-run, an overlapping export)."""
    for new_posts in (True, False):
        try:
            with store.writing() as con:
                counts = write_many(con, [piece.prepared for piece in pieces], new_posts=new_posts)
                for piece, added in zip(pieces, counts):
                    report = piece.report
                    con.execute(queries.UPDATE_RUN, [
                        report.read, report.inserted + added.inserted, report.duplicates + added.duplicates,
                        report.quarantined + added.quarantined, datetime.now(UTC) if piece.finishes else None,
                        piece.run_id])
        except duckdb.ConstraintException:
            if not new_posts:
                raise
            continue
        for piece, added in zip(pieces, counts):
            piece.report.add(added)
        return

