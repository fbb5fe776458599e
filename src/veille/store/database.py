"""Opening, migrating and guarding the DuckDB file.

A veille database carries its identity and schema version in `veille_meta`. Opening refuses, with
one clear sentence, a file that is not DuckDB, a DuckDB file that some other program made, and a
file written by a newer veille; an older one is migrated forward, each migration in its own
transaction. DuckDB allows a single read-write process per file; inside that process every write
goes through `Store.writing()`, which serialises writers the way datasette's write queue does.
"""

import os
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from veille.errors import StoreBusyError, StoreError

APPLICATION_ID = "veille"
MIGRATIONS = resources.files("veille.store") / "migrations"


def _migration_files() -> list[tuple[int, str]]:
    found = []
    for entry in MIGRATIONS.iterdir():
        match = re.fullmatch(r"(\d{4})_[a-z0-9_]+\.sql", entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found)


SCHEMA_VERSION = _migration_files()[-1][0]
BULK_MEMORY_LIMIT = "512MB"  # see Store.bulk_loading
BULK_CHECKPOINT = "64MB"  # smaller: less memory, and less left for the checkpoint at the end (0.44 -> 0.20 s at 1M)
_open_stores = 0  # databases this process holds open (see open_stores)
_open_stores_lock = threading.Lock()


def open_stores() -> int:
    """How many veille databases this process holds open: while one is, DuckDB's threads run in it
    (see veille.ingest.parallel, which forks workers only when none does)."""
    return _open_stores


def _count_open(change: int) -> None:
    global _open_stores
    with _open_stores_lock:
        _open_stores += change


class Store:
    """One open veille database.

    `con` is for reads from the owning thread; `cursor()` gives another thread its own; every
    write runs inside `writing()`.
    """

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False, memory_limit: str | None = None):
        self.path = Path(path)
        self.read_only = read_only
        self._memory_limit = memory_limit
        self._write_lock = threading.Lock()
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (run `veille ingest` first)")
        self.con = _connect(self.path, read_only)
        try:
            self.con.execute("SET preserve_insertion_order = false")
            self._apply_settings()
            self._check_and_migrate()
        except Exception:
            self.con.close()
            raise
        self._open = True
        _count_open(+1)

    def _apply_settings(self) -> None:
        # Checkpoint rarely: each checkpoint rewrites what the WAL holds (ingest: see bulk_loading).
        self.con.execute("SET checkpoint_threshold = '1GB'")
        if self._memory_limit:
            self.con.execute(f"SET memory_limit = '{self._memory_limit}'")
        else:
            self.con.execute("RESET memory_limit")

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()
        if self._open:
            self._open = False
            _count_open(-1)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write transaction; commits on success, rolls back on any error."""
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")
        with self._write_lock:
            self.con.execute("BEGIN TRANSACTION")
            try:
                yield self.con
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")

    @contextmanager
    def bulk_loading(self) -> Iterator[None]:
        """Settings for a long ingest, so that memory stays flat whatever the size of the input:
        DuckDB's memory capped at BULK_MEMORY_LIMIT (the primary-key index and the written pages
        are spilled and evicted instead of growing) and a checkpoint every BULK_CHECKPOINT of WAL
        (rows not yet checkpointed stay in memory). Measured on 4M posts inserted in batches of 50k:
        +515 MB of memory against +1,518 MB with the defaults, for 4% more CPU. The previous
        settings come back afterwards: detection needs more memory than an insert."""
        self.con.execute(f"SET memory_limit = '{BULK_MEMORY_LIMIT}'")
        self.con.execute(f"SET checkpoint_threshold = '{BULK_CHECKPOINT}'")
        try:
            yield
        finally:
            self._apply_settings()

    @contextmanager
    def one_thread(self) -> Iterator[None]:
        """DuckDB works in the calling thread only: for an ingest whose worker processes already
        take every core, where DuckDB's own threads only took turns with them (0.8 s more CPU for
        1M posts written, and a slower ingest). Queries made meanwhile run on one thread too."""
        self.con.execute("SET threads = 1")
        try:
            yield
        finally:
            self.con.execute("RESET threads")

    # -- schema --------------------------------------------------------------------------
    def schema_version(self) -> int:
        row = self.con.execute("SELECT value FROM veille_meta WHERE key = 'schema_version'").fetchone()
        return int(row[0])

    def pseudonym_key(self) -> bytes:
        # A cursor of its own: web request threads ask for the key while another thread writes.
        row = self.cursor().execute("SELECT value FROM veille_meta WHERE key = 'pseudonym_key'").fetchone()
        return bytes.fromhex(row[0])

    def _check_and_migrate(self) -> None:
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "veille_meta" not in tables:
            if tables:
                raise StoreError(
                    f"{self.path} is a DuckDB file but not a veille database "
                    f"(it has tables {', '.join(sorted(tables)[:5])} and no veille_meta)"
                )
            if self.read_only:
                raise StoreError(f"{self.path} is an empty database; nothing has been ingested")
            current = 0
        else:
            meta = dict(self.con.execute("SELECT key, value FROM veille_meta").fetchall())
            if meta.get("application") != APPLICATION_ID or not str(meta.get("schema_version", "")).isdigit():
                raise StoreError(f"{self.path} has a veille_meta table that veille did not write")
            current = int(meta["schema_version"])
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this veille understands "
                f"({SCHEMA_VERSION}); upgrade veille"
            )
        if current < SCHEMA_VERSION and self.read_only:
            raise StoreError(f"{self.path} needs migrating to schema {SCHEMA_VERSION}; open it once for writing")
        for version, sql in _migration_files():
            if version <= current:
                continue
            with self.writing() as con:
                if version == 1:
                    con.execute("CREATE TABLE veille_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
                    con.execute("INSERT INTO veille_meta VALUES ('application', ?)", [APPLICATION_ID])
                    con.execute("INSERT INTO veille_meta VALUES ('schema_version', '0')")
                    # Key for pseudonymising phone numbers and account ids (keyed BLAKE2b).
                    con.execute("INSERT INTO veille_meta VALUES ('pseudonym_key', ?)", [secrets.token_hex(32)])
                con.execute(sql)
                con.execute("UPDATE veille_meta SET value = ? WHERE key = 'schema_version'", [str(version)])


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path.exists() and path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    if not read_only and not path.parent.exists():
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            holder = re.search(r"PID (\d+)", message)
            who = f" (process {holder.group(1)})" if holder else ""
            raise StoreBusyError(f"{path} is in use by another veille process{who}; one writer at a time") from None
        if "not a valid DuckDB database" in message or "database file" in message:
            raise StoreError(f"{path} is not a veille database: not a DuckDB file, or corrupt") from None
        raise StoreError(f"{path}: cannot open database: {message.splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open database: {str(exc).splitlines()[0]}") from None
