import pytest

from veille.errors import FormatError, IngestError, UsageError
from tests.conftest import FIXTURES, run_veille

POSTS = FIXTURES / "jsonl" / "posts.jsonl"


def test_missing_file_is_an_error_before_anything_is_written(app, tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        app.ingest([POSTS, tmp_path / "nope.jsonl"])
    assert app.store.con.execute("SELECT count(*) FROM posts").fetchone() == (0,)


def test_unknown_format_is_an_error(app, tmp_path):
    odd = tmp_path / "notes.txt"
    odd.write_text("just some notes\nnothing structured\n")
    with pytest.raises(FormatError, match="unknown format"):
        app.ingest([odd])


def test_empty_file_is_an_error(app, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(FormatError, match="empty"):
        app.ingest([empty])


def test_format_flag_is_checked_against_content(app):
    with pytest.raises(UsageError, match="unknown format 'tiktok'"):
        app.ingest([POSTS], format_name="tiktok")


def test_cli_errors_are_one_line(db_path, tmp_path):
    result = run_veille("ingest", "--db", db_path, tmp_path / "missing.jsonl")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"Error: {tmp_path / 'missing.jsonl'}: no such file or folder"]
    result = run_veille("ingest", "--db", db_path, "--format", "nope", POSTS)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: unknown format 'nope'")
