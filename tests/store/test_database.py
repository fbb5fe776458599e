import duckdb
import pytest

from veille.errors import StoreBusyError, StoreError
from veille.store import SCHEMA_VERSION, Store
from tests.conftest import run_veille


def test_new_database_gets_current_schema_and_a_pseudonym_key(db_path):
    with Store(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        key = store.pseudonym_key()
        assert len(key) == 32
    with Store(db_path) as store:  # reopening keeps the key and migrates nothing
        assert store.pseudonym_key() == key


def test_corrupt_file_is_refused(db_path):
    db_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not a veille database"):
        Store(db_path)
    assert db_path.read_bytes().startswith(b"this is not")  # and left untouched


def test_another_programs_duckdb_is_refused(db_path):
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE orders (id INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a veille database"):
        Store(db_path)


def test_newer_schema_is_refused(db_path):
    Store(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE veille_meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="newer than this veille"):
        Store(db_path)


def test_read_only_open_of_missing_database_is_an_error(db_path):
    with pytest.raises(StoreError, match="no such database"):
        Store(db_path, read_only=True)


def test_second_writer_process_gets_a_clear_error(db_path, tmp_path):
    data = tmp_path / "one.jsonl"
    data.write_text('{"platform":"x","id":"1","account_id":"a","created_at":0,"text":"hi"}\n')
    with Store(db_path):  # this process holds the write lock
        result = run_veille("ingest", "--db", db_path, data)
    assert result.returncode != 0
    assert result.stderr.startswith("Error: ") and "in use by another" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_failed_write_rolls_back(db_path):
    with Store(db_path) as store:
        with pytest.raises(RuntimeError):
            with store.writing() as con:
                con.execute("INSERT INTO accounts (platform, id, source_file) VALUES ('x', '1', 'f')")
                raise RuntimeError("boom")
        assert store.con.execute("SELECT count(*) FROM accounts").fetchone()[0] == 0


def test_bulk_loading_caps_memory_for_the_ingest_and_gives_it_back(db_path):
    settings = "SELECT current_setting('memory_limit'), current_setting('checkpoint_threshold')"
    with Store(db_path) as store:
        before = store.con.execute(settings).fetchone()
        with store.bulk_loading():
            during = store.con.execute(settings).fetchone()
        after = store.con.execute(settings).fetchone()
    assert during == ("488.2 MiB", "61.0 MiB")  # 512MB and 64MB, as DuckDB prints them
    assert after == before != during  # detection gets its memory back
    with Store(db_path, memory_limit="1GB") as store:
        with store.bulk_loading():
            pass
        assert store.con.execute(settings).fetchone()[0] == "953.6 MiB"  # the store's own limit


def _database_of_schema(path, version: int) -> duckdb.DuckDBPyConnection:
    """A database as a veille of schema `version` left it (its migrations, none after)."""
    from veille.store.database import _migration_files

    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE veille_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    con.execute("INSERT INTO veille_meta VALUES ('application', 'veille'), ('schema_version', ?), "
                "('pseudonym_key', ?)", [str(version), "00" * 32])
    for number, sql in _migration_files():
        if number <= version:
            con.execute(sql)
    return con


def test_schema_12_rewrites_stored_posts_with_their_text_in_zstd(db_path):
    con = _database_of_schema(db_path, 11)
    con.execute("""
        INSERT INTO posts (platform, id, account_id, created_at, text, text_hash, text_tokens, urls, hashtags,
                           mentions, media_hashes, source_file, source_line)
        SELECT 'x', i::VARCHAR, 'a' || (i % 7), TIMESTAMPTZ '2026-05-01 00:00:00+00' + INTERVAL (i) SECOND,
               'post number ' || i || ' says the count was rigged', hash(i), 8, ['https://e.org/' || (i % 3)],
               [], [], [], 'f.jsonl', i
        FROM range(5000) r(i)""")
    before = con.execute("SELECT * FROM posts ORDER BY id").fetchall()
    con.close()
    with Store(db_path) as store:
        assert store.schema_version() >= 12
        con = store.con
        assert con.execute("SELECT * FROM posts ORDER BY id").fetchall() == before
        con.execute("CHECKPOINT")
        used = {r[0] for r in con.execute(
            "SELECT DISTINCT compression FROM pragma_storage_info('posts') "
            "WHERE column_name = 'text' AND segment_type = 'VARCHAR'").fetchall()}
        assert used == {"ZSTD"}
        with pytest.raises(duckdb.ConstraintException):  # the key came along
            con.execute("INSERT INTO posts SELECT * FROM posts WHERE id = '42'")
