"""Durable intake: a webhook answers 200 only once its messages are committed, and many
webhook calls share one commit (group commit).

Why: a platform that gets a 200 will not deliver the message again, so a message acknowledged
and then lost by a crash is lost for good; committing first makes "acknowledged" mean
"durable". Committing one transaction per request costs a few milliseconds of DuckDB work each,
which would cap the tipline far below a burst of forwards; so requests put their messages in an
in-memory batch and await a future, and one writer thread commits the whole batch in a single
transaction every ~10 ms (or as soon as `max_batch` messages wait) and then resolves every
future of the batch. Under load a commit carries as many requests as arrived during the previous
one. If the commit fails, every request of the batch gets the error (the webhook answers 503
and the platform delivers again later): nothing is acknowledged that is not stored.

Concurrency with the rest of the process: `Store.writing()` serialises the process's writers and
is held for long stretches by detection cycles and ingests, so the intake does NOT use it: its
thread has its own cursor, and DuckDB runs transactions of separate cursors concurrently
(optimistic concurrency: two transactions conflict only when they write the same row). The
intake only INSERTs, with ON CONFLICT DO NOTHING, into `tipline_messages` and `tipline_inbox`,
and a batch is deduplicated by (channel, message id) before it is written, so its appends never
conflict with each other; the only other writers of those rows are the conversation service
(which erases addresses in inbox rows the intake has already committed) and a file ingest of the
same message at the same moment; a commit that meets such a conflict is retried once.

Retried deliveries are stored once: the message id is the key (WhatsApp's `wamid`, Telegram's
chat and message id, both pseudonymised).
"""

import asyncio
import logging
import threading
import time
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from veille.errors import StoreError
from veille.store.writer import Batch, write_batch
from veille.tipline import sql
from veille.tipline.deliveries import Delivery
from veille.tipline.sealing import Sealer

log = logging.getLogger("veille.tipline")

WINDOW_SECONDS = 0.002  # how long the writer lets requests gather before a commit (more gather during it)
MAX_BATCH = 2000       # messages that start a commit at once


@dataclass
class _Waiting:
    deliveries: list[Delivery]
    future: asyncio.Future
    loop: asyncio.AbstractEventLoop


class Intake:
    """The group-commit writer of one store. `submit` from any event loop; `stop` flushes."""

    def __init__(self, store, sealer: Sealer, *, window: float = WINDOW_SECONDS, max_batch: int = MAX_BATCH):
        self.store = store
        self.sealer = sealer
        self.window = window
        self.max_batch = max_batch
        self.pseudonym_key = bytes.fromhex(sql.first_row(store.cursor().execute(sql.PSEUDONYM_KEY))[0])
        self._lock = threading.Lock()
        self._waiting: list[_Waiting] = []
        self._count = 0
        self._wake = threading.Event()
        self._full = threading.Event()
        self._stopping = False
        self.commits = 0  # batches committed, for measurements
        self._thread = threading.Thread(target=self._run, name="veille-tipline-intake", daemon=True)
        self._thread.start()

    async def submit(self, deliveries: list[Delivery]) -> None:
        """Returns once `deliveries` are committed; raises StoreError when they could not be."""
        if not deliveries:
            return
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._lock:
            if self._stopping:
                raise StoreError("the tipline intake is stopping")
            self._waiting.append(_Waiting(deliveries, future, loop))
            self._count += len(deliveries)
            if self._count >= self.max_batch:
                self._full.set()
        self._wake.set()
        await future

    def stop(self, timeout: float = 10.0) -> None:
        """Commit what waits, then end the writer thread."""
        with self._lock:
            self._stopping = True
        self._wake.set()
        self._full.set()
        self._thread.join(timeout)

    # -- the writer thread -------------------------------------------------------------------
    def _run(self) -> None:
        con = self.store.cursor()
        try:
            while True:
                self._wake.wait()
                self._full.wait(self.window)  # let concurrent requests join this commit
                with self._lock:
                    batch, self._waiting, self._count = self._waiting, [], 0
                    self._wake.clear()
                    self._full.clear()
                    stopping = self._stopping
                if batch:
                    self._commit(con, batch)
                if stopping:
                    return
        finally:
            con.close()

    def _commit(self, con: duckdb.DuckDBPyConnection, batch: list[_Waiting]) -> None:
        error = None
        for attempt in (1, 2):
            try:
                self._write(con, [d for w in batch for d in w.deliveries])
                error = None
                break
            except Exception as exc:  # noqa: BLE001 - every waiting request must hear of it
                _rollback(con)
                error = exc
                log.warning("tipline intake: commit of %d messages failed (attempt %d): %s",
                            sum(len(w.deliveries) for w in batch), attempt, type(exc).__name__)
                if not isinstance(exc, duckdb.TransactionException):
                    break  # only a conflict is worth an immediate second try
                time.sleep(0.01)
        self.commits += 1
        failure = None if error is None else StoreError("the tipline intake could not store the message")
        # One wake-up per event loop, not one per request: each call_soon_threadsafe writes to
        # the loop's self-pipe, and under a flood a commit carries hundreds of requests.
        by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future]] = {}
        for w in batch:
            by_loop.setdefault(w.loop, []).append(w.future)
        for loop, futures in by_loop.items():
            loop.call_soon_threadsafe(_resolve_all, futures, failure)

    def _write(self, con: duckdb.DuckDBPyConnection, deliveries: list[Delivery]) -> None:
        unique = list({(d.message.channel, d.message.id): d for d in deliveries}.values())
        inbox = pa.table({
            "channel": pa.array([d.message.channel for d in unique], pa.string()),
            "message_id": pa.array([d.message.id for d in unique], pa.string()),
            "sender_hash": pa.array([d.message.sender_hash for d in unique], pa.string()),
            "address": pa.array([self.sealer.seal(d.message.channel, d.message.sender_hash, d.address)
                                 for d in unique], pa.binary()),
            "forwarded": pa.array([d.forwarded for d in unique], pa.bool_()),
        })
        con.execute("BEGIN TRANSACTION")
        write_batch(con, Batch(tipline_messages=[d.message for d in unique]))
        con.register("inbox_batch", inbox)
        try:
            con.execute(sql.INSERT_INBOX)
        finally:
            con.unregister("inbox_batch")
        con.execute("COMMIT")


def _resolve_all(futures: list[asyncio.Future], error: Exception | None) -> None:
    for future in futures:
        if future.done():  # the request was cancelled (client gone): nothing to tell
            continue
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass  # no transaction open
