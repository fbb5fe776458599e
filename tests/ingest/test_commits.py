"""Transactions of whole row groups (veille.ingest.commits), with a row group of 1,000 posts instead
of DuckDB's 122,880 so that small files show it: the chunks of three files are gathered across file
boundaries and cut at each row group's end; each transaction brings up to date the run row of
every file it holds, and a file's run is marked finished by the transaction that holds its last
records; records other than posts are committed once COMMIT_RECORDS of them wait."""

import json

import pytest

from tests.conftest import FIXTURES
from tests.ingest.posts_jsonl import posts_jsonl
from veille.app import Veille
from veille.ingest import commits


@pytest.fixture
def transactions(monkeypatch):
    """Each transaction as [(file name, posts, finishes)], in commit order."""
    monkeypatch.setattr(commits, "ROW_GROUP", 1000)
    made = []
    commit = commits._commit

    def spy(store, pieces):
        made.append([(p.report.path.rsplit("/", 1)[-1], p.prepared.tables["posts"].num_rows
                      if "posts" in p.prepared.tables else 0, p.finishes) for p in pieces])
        return commit(store, pieces)

    monkeypatch.setattr(commits, "_commit", spy)
    return made


def test_row_groups_gathered_across_files_and_cut_at_their_end(tmp_path, transactions):
    root = tmp_path / "exports"
    root.mkdir()
    (root / "a.jsonl").write_text(posts_jsonl(0, 700))
    (root / "b.jsonl").write_text(posts_jsonl(700, 1500))  # with a's 700, makes 2 row groups and 200 over
    (root / "c.jsonl").write_text(posts_jsonl(2200, 100) + posts_jsonl(0, 50))  # 50 already stored (a's first)
    with Veille(tmp_path / "v.duckdb") as app:
        report = app.ingest([root], workers=1)
        runs = app.store.con.execute("SELECT source_file, records_read, inserted, duplicates, finished_at IS NOT NULL "
                                     "FROM ingest_runs ORDER BY source_file").fetchall()
        stored = app.store.con.execute("SELECT count(*), count(DISTINCT id) FROM posts").fetchone()
    # 700 + 300 of b; then 1,000 of b (a's run finished with the first); then b's last 200 and c's 150
    assert transactions == [[("a.jsonl", 700, True), ("b.jsonl", 300, False)], [("b.jsonl", 1000, False)],
                            [("b.jsonl", 200, True), ("c.jsonl", 150, True)]]
    assert [(f["read"], f["inserted"], f["duplicates"]) for f in report.as_dict()["files"]] == [
        (700, 700, 0), (1500, 1500, 0), (150, 100, 50)]
    assert [run[1:] for run in runs] == [(700, 700, 0, True), (1500, 1500, 0, True), (150, 100, 50, True)]
    assert stored == (2300, 2300)


def test_records_without_posts_are_committed_once_enough_wait(tmp_path, transactions, monkeypatch):
    monkeypatch.setattr(commits, "COMMIT_RECORDS", 2)
    checks = FIXTURES / "factcheck-csv" / "fact-checks.csv"
    with Veille(tmp_path / "v.duckdb") as app:
        report = app.ingest([checks], workers=1)
        stored = app.store.con.execute("SELECT count(*) FROM fact_checks").fetchone()[0]
    assert report.as_dict()["files"][0]["read"] >= 2 and stored == report.as_dict()["inserted"] > 0
    # the file's one batch, committed at once (no posts to wait for), then its end (the run finished)
    assert transactions == [[("fact-checks.csv", 0, False)], [("fact-checks.csv", 0, True)]]


def test_an_error_while_reading_keeps_what_was_read_before(tmp_path, transactions, monkeypatch):
    """Records gathered before an unexpected error are committed, then the error is raised."""
    (tmp_path / "a.jsonl").write_text(posts_jsonl(0, 300))
    (tmp_path / "b.jsonl").write_text(posts_jsonl(300, 300))
    from veille.ingest import pipeline

    real = pipeline._ingest_file

    def failing(store, commits_, source, *args):
        if source.name.endswith("b.jsonl"):
            raise RuntimeError("disk gone")
        return real(store, commits_, source, *args)

    monkeypatch.setattr(pipeline, "_ingest_file", failing)
    with Veille(tmp_path / "v.duckdb") as app:
        with pytest.raises(RuntimeError, match="disk gone"):
            app.ingest([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], workers=1)
        assert app.store.con.execute("SELECT count(*) FROM posts").fetchone()[0] == 300


def test_an_account_names_the_line_its_handle_was_first_read_from(tmp_path, monkeypatch):
    """Read in every chunk of a file with the same handle, an account keeps the line that first
    gave it (not the last chunk's); renamed, it names the line of the new handle; renamed back in
    a later file, the line of that file. In one transaction, with chunks of 4 kB read by workers
    (each chunk names its accounts afresh, see veille.ingest.parallel)."""
    from veille.ingest import parallel, source

    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "iter_blocks", lambda stream, max_bytes: source.iter_blocks(stream, max_bytes, 4096))

    def day(first: int, handles: dict[int, str]) -> str:  # 100 posts of account "acc"
        return "".join(json.dumps({"platform": "x", "id": str(first + i), "account_id": "acc",
                                   "account_name": next(h for start, h in sorted(handles.items(), reverse=True)
                                                        if i >= start),
                                   "created_at": 1_700_000_000 + first + i, "text": "p" * 100}) + "\n"
                       for i in range(100))

    (tmp_path / "a.jsonl").write_text(day(0, {0: "ana"}))
    (tmp_path / "b.jsonl").write_text(day(100, {0: "ana", 60: "ana_votes"}))
    (tmp_path / "c.jsonl").write_text(day(200, {0: "ana_votes", 30: "ana"}))

    def stored(files) -> tuple:
        with Veille(tmp_path / "v.duckdb") as app:
            app.ingest([tmp_path / f for f in files], workers=2)
            return app.store.con.execute("SELECT handle, regexp_extract(source_file, '[^/]+$'), source_line FROM accounts").fetchone()

    assert stored(["a.jsonl"]) == ("ana", "a.jsonl", 1)  # 100 lines of ~200 bytes: five chunks
    assert stored(["b.jsonl"]) == ("ana_votes", "b.jsonl", 61)
    assert stored(["c.jsonl"]) == ("ana", "c.jsonl", 31)
    assert stored(["a.jsonl"]) == ("ana", "c.jsonl", 31)  # read again with the same handle: no change
