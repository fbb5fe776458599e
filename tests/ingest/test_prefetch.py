"""Folders of exports: worker processes fed across file boundaries (veille.ingest.parallel.Prefetch)
store exactly what one process stores, file by file, for a folder mixing line-oriented files, a
one-line one, an empty one, one the main process reads itself (a fact-check CSV) and a cut .gz;
an empty file inside a folder is skipped, one named on its own is an error."""

import gzip
import json

import pytest

from tests.conftest import FIXTURES, run_veille
from tests.ingest.posts_jsonl import posts_jsonl
from veille.app import Veille
from veille.ingest import parallel, shipping, source

FACT_CHECKS = FIXTURES / "factcheck-csv" / "fact-checks.csv"


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "exports"
    root.mkdir()
    (root / "a-day1.jsonl").write_text(posts_jsonl(0, 3000))
    (root / "b-one.jsonl").write_text(posts_jsonl(100_000, 1))
    (root / "b-zero.jsonl").write_text("")  # a day without posts
    (root / "c-factchecks.csv").write_bytes(FACT_CHECKS.read_bytes())
    (root / "d-day2.jsonl").write_text(posts_jsonl(2500, 3000) + "{not json\n")  # 500 repeats of day 1
    whole = gzip.compress(posts_jsonl(10_000, 20_000).encode(), compresslevel=1)
    (root / "e-cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (root / "f-day3.jsonl").write_text(posts_jsonl(40_000, 3000))
    return root


def _ingest(db, folder, workers):
    with Veille(db) as app:
        report = app.ingest([folder], workers=workers)
        con = app.store.con
        posts = con.execute("SELECT platform, id, text, lang, hashtags, source_file, source_line FROM posts "
                            "ORDER BY id").fetchall()
        quarantine = con.execute("SELECT source_file, source_line, reason FROM quarantine ORDER BY ALL").fetchall()
        checks = con.execute("SELECT count(*) FROM fact_checks").fetchone()[0]
    files = [(f["path"].rsplit("/", 1)[-1], f["format"], f["read"], f["inserted"], f["duplicates"], f["quarantined"])
             for f in report.as_dict()["files"]]
    return files, posts, quarantine, checks


@pytest.mark.slow
def test_workers_fed_across_files_store_what_one_process_stores(folder, tmp_path, monkeypatch):
    one = _ingest(tmp_path / "one.duckdb", folder, workers=1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)  # the pool for these small files too
    landed = []
    land = shipping.land
    monkeypatch.setattr(shipping, "land", lambda item: landed.append(type(item).__name__) or land(item))
    two = _ingest(tmp_path / "two.duckdb", folder, workers=2)
    assert two == one
    if shipping.SHARED_MEMORY.is_dir():  # the workers' tables came through shared memory
        assert landed and set(landed) == {"Shipped"}
    formats = {name: fmt for name, fmt, *_ in one[0]}
    assert formats["b-zero.jsonl"] == "empty" and formats["a-day1.jsonl"] == "jsonl"
    files = {name: counts for name, _, *counts in one[0]}
    assert files["a-day1.jsonl"] == [3000, 3000, 0, 0]
    assert files["b-one.jsonl"] == [1, 1, 0, 0]
    assert files["b-zero.jsonl"] == [0, 0, 0, 0]
    assert files["d-day2.jsonl"] == [3001, 2500, 500, 1]  # the repeats of day 1 are duplicates
    assert 0 < files["e-cut.jsonl.gz"][1] < 20_000 and files["e-cut.jsonl.gz"][3] == 1
    assert files["f-day3.jsonl"] == [3000, 3000, 0, 0]
    assert one[3] > 0  # the fact-check CSV between them was read too


def test_an_empty_file_named_on_its_own_is_an_error(tmp_path):
    empty = tmp_path / "posts.jsonl"
    empty.write_text("\n\n")
    result = run_veille("ingest", "--db", str(tmp_path / "v.duckdb"), str(empty))
    assert result.returncode != 0
    assert result.stderr.strip() == f"Error: {empty}: file is empty"


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_workers_use_one_blas_thread(tmp_path):
    """A worker process per core already uses every core: OpenBLAS's own threads would only spin
    between the language model's small products, taking CPU from the other workers."""
    (tmp_path / "big.jsonl").write_bytes(b" " * parallel.PARALLEL_MIN_BYTES)
    planned = [(parallel.Source.from_path(tmp_path / "big.jsonl"), parallel.adapter_named("jsonl"))]
    with parallel.worker_pool(planned, 2) as pool:
        assert pool is not None
        threads = pool.executor.submit(_blas_threads).result()
    assert threads and set(threads) == {1}


def test_workers_are_forked_only_when_nothing_else_runs_in_the_process(db_path):
    """A fork copies other threads' locks in whatever state they were: workers are forked only by a
    process that runs one thread and holds no database open (DuckDB's threads run while one is),
    which a command-line ingest is when its pool starts; otherwise they are spawned."""
    import subprocess
    import sys
    import threading

    from veille.store import Store

    fresh = subprocess.run([sys.executable, "-c", "from veille.ingest import parallel; print(parallel.start_method())"],
                           capture_output=True, text=True, check=True)
    assert fresh.stdout.strip() == "fork"
    with Store(db_path):
        assert parallel.start_method() == "spawn"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.start_method() == "spawn"
    finally:
        stop.set()
        other.join()


def test_a_forked_pool_stores_what_one_process_stores(tmp_path):
    """The command line forks its workers (the test above): its ingest of a folder stores the same
    posts as an ingest in one process."""
    import duckdb

    root = tmp_path / "exports"
    root.mkdir()
    (root / "a.jsonl").write_text(posts_jsonl(0, 80_000))
    (root / "b.jsonl").write_text(posts_jsonl(70_000, 80_000))  # 10,000 repeats of a.jsonl
    assert sum(p.stat().st_size for p in root.iterdir()) >= parallel.PARALLEL_MIN_BYTES
    result = run_veille("ingest", "--db", tmp_path / "cli.duckdb", root, "--json")
    assert result.returncode == 0, result.stderr
    with Veille(tmp_path / "one.duckdb") as app:
        app.ingest([root], workers=1)
    con = duckdb.connect(str(tmp_path / "one.duckdb"), read_only=True)
    con.execute(f"ATTACH '{tmp_path / 'cli.duckdb'}' AS cli (READ_ONLY)")
    every = "SELECT * FROM {}.posts"
    assert con.execute(f"SELECT count(*) FROM ({every.format('cli')})").fetchone()[0] == 150_000
    for a, b in (("cli", "one"), ("one", "cli")):
        assert con.execute(f"SELECT count(*) FROM ({every.format(a)} EXCEPT ALL {every.format(b)})").fetchone()[0] == 0


def _arrow_allocator() -> str:
    import pyarrow as pa

    return pa.default_memory_pool().backend_name


def test_arrow_allocates_through_malloc_during_an_ingest_only(tmp_path):
    """Arrow's own allocator hands freed pages back to the system at once, and every chunk's
    tables faulted theirs in afresh: workers and the writer allocate through malloc instead, whose
    freed memory the ingest keeps (see parallel.freed_memory_kept). Afterwards the process's
    allocator is Arrow's own again."""
    import pyarrow as pa

    before = pa.default_memory_pool().backend_name
    (tmp_path / "big.jsonl").write_bytes(b" " * parallel.PARALLEL_MIN_BYTES)
    planned = [(parallel.Source.from_path(tmp_path / "big.jsonl"), parallel.adapter_named("jsonl"))]
    with parallel.worker_pool(planned, 2) as pool:
        assert pool.executor.submit(_arrow_allocator).result() == "system"
    with parallel.freed_memory_kept():
        assert pa.default_memory_pool().backend_name == "system"
    assert pa.default_memory_pool().backend_name == before


def test_an_account_renamed_and_renamed_back_ends_with_its_last_handle(tmp_path, monkeypatch):
    """Chunks of one file go to different workers: a worker must not skip an account's handle
    because it gave the account that handle two chunks ago, when the chunk in between (another
    worker's) renamed it. Account k is named h1 in chunk k, h2 in chunk k+1 and h1 again in chunk
    k+2; with alternating workers, about half of them ended as h2 before."""
    chunk_bytes = 4096
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "iter_blocks", lambda stream, max_bytes: source.iter_blocks(stream, max_bytes,
                                                                                                chunk_bytes))
    lines, n = [], 0
    for chunk in range(40):
        named = {f"acc{k}": handle for k, handle in ((chunk, "h1"), (chunk - 1, "h2"), (chunk - 2, "h1")) if k >= 0}
        size = 0
        while size < chunk_bytes:
            n += 1
            account, handle = next(iter(named.items())) if named else (f"filler{n % 5}", "filler")
            named.pop(account, None)
            line = json.dumps({"platform": "x", "id": str(n), "account_id": account, "account_name": handle,
                               "created_at": 1_700_000_000 + n, "text": f"post {n} " + "x" * 200})
            lines.append(line)
            size += len(line) + 1
    (tmp_path / "renamed.jsonl").write_text("\n".join(lines) + "\n")
    handles = {}
    for workers in (1, 2):
        with Veille(tmp_path / f"w{workers}.duckdb") as app:
            app.ingest([tmp_path / "renamed.jsonl"], workers=workers)
            handles[workers] = dict(app.store.con.execute(
                "SELECT id, handle FROM accounts WHERE id LIKE 'acc%'").fetchall())
    assert handles[1] == {f"acc{k}": "h1" for k in range(38)} | {"acc38": "h2", "acc39": "h1"}
    assert handles[2] == handles[1]


def test_duckdb_works_on_one_thread_while_the_workers_run_then_as_before(tmp_path, monkeypatch):
    from veille.store import database

    (tmp_path / "day.jsonl").write_text(posts_jsonl(0, 2000))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    seen = []
    real = database.Store.writing

    def writing(self):
        seen.append(self.con.execute("SELECT current_setting('threads')").fetchone()[0])
        return real(self)

    monkeypatch.setattr(database.Store, "writing", writing)
    with Veille(tmp_path / "t.duckdb") as app:
        before = app.store.con.execute("SELECT current_setting('threads')").fetchone()[0]
        app.ingest([tmp_path / "day.jsonl"], workers=2)
        after = app.store.con.execute("SELECT current_setting('threads')").fetchone()[0]
    assert 1 in seen and after == before
