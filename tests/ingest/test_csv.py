import json
from datetime import UTC, datetime

import psutil
import pytest

from tests.conftest import FIXTURES, run_veille
from veille.errors import UsageError
from veille.ingest.adapter import IngestOptions
from veille.ingest.adapters.csv_mapped import ADAPTER, list_cell
from veille.ingest.source import Source
from veille.schema import Post

POSTS = FIXTURES / "csv" / "posts.csv"
TSV = FIXTURES / "csv" / "posts.tsv"
MAPPING = {
    "id": "post_id", "account_id": "author", "account_name": "author_name", "created_at": "posted_at",
    "text": "message", "urls": "links", "hashtags": "tags", "metrics.likes": "likes",
    "metrics.shares": "shares", "platform": "network",
}


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def test_mapped_rows_are_stored_and_bad_ones_quarantined(app):
    report = app.ingest([POSTS], format_name="csv", column_map=MAPPING)
    # 8 rows after the header and the blank line: p1, p2, p3 good, 4 bad, p1 again
    assert report.total("read") == 8
    assert report.total("inserted") == 3
    assert report.total("duplicates") == 1
    assert report.total("quarantined") == 4
    reasons = {q["line"]: q["reason"] for q in app.quarantine()}
    assert reasons == {
        7: "missing field: account_id (column 'author' is empty)",
        8: "bad created_at: unparseable time 'yesterday'",
        9: "bad metrics.likes: not a number, got 'lots'",
        10: "expected 10 columns, got 5",
    }
    raw = {q["line"]: q["raw"] for q in app.quarantine()}
    assert raw[10] == b"p7,u3,Cid,2024-06-01T10:00:00Z,too few columns"


def test_fields_are_read_from_the_mapped_columns(app):
    app.ingest([POSTS], format_name="csv", column_map=MAPPING)
    columns = "platform, account_id, created_at, text, urls, hashtags, metrics::VARCHAR, source_line"
    p1, p2, p3 = rows(app, f"SELECT {columns} FROM posts ORDER BY id")
    # p1: JSON list of links canonicalised, Python-list hashtags folded, "1,234" read as 1234
    assert p1[:4] == ("facebook", "u1", datetime(2024, 6, 1, 10, 0, tzinfo=UTC),
                      "Polls open at 8, go vote! https://example.org/vote?utm_source=x")
    assert p1[4] == ["https://example.org/vote"]
    assert p1[5] == ["vote2024", "elections"]
    assert json.loads(p1[6]) == {"likes": 12.0, "shares": 1234.0}
    assert p1[7] == 2
    # p2: the message spans lines 3-4; the link with a comma stays whole
    assert p2[2] == datetime(2024, 6, 1, 10, 30, tzinfo=UTC)
    assert p2[3] == "Queues at the town hall.\nBring your ID card."
    assert p2[4] == ["https://a.example/x?q=1,2", "https://b.example/y", "https://c.example/z"]
    assert p2[5] == ["vote", "polls"]
    assert p2[7] == 3
    # p3: epoch seconds; empty list cells mean none, empty metric cells are left out
    assert p3[2] == datetime(2024, 6, 1, 10, 0, tzinfo=UTC)
    assert (p3[4], p3[5], p3[6]) == ([], [], None)
    assert rows(app, "SELECT id, handle FROM accounts ORDER BY id") == [("u1", "Anna")]


def test_reingesting_is_idempotent(app):
    app.ingest([POSTS], format_name="csv", column_map=MAPPING)
    second = app.ingest([POSTS], format_name="csv", column_map=MAPPING)
    assert second.total("inserted") == 0
    assert second.total("duplicates") == 4  # the 3 posts and the repeat of p1
    assert rows(app, "SELECT count(*) FROM posts") == [(3,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(4,)]


def test_tab_separated_with_a_constant_platform(app):
    mapping = {"id": "id", "account_id": "user", "created_at": "when", "text": "body", "urls": "shared_links"}
    report = app.ingest([TSV], format_name="csv", column_map=mapping, platform="Forum")
    assert report.total("inserted") == 2
    t1, t2 = rows(app, "SELECT platform, urls, hashtags, created_at FROM posts ORDER BY id")
    assert t1[:3] == ("forum", ["https://example.net/guide", "https://example.net/faq"], ["vote"])
    assert t2[3] == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)


def test_detected_as_a_table_but_refused_without_a_mapping(app):
    with pytest.raises(UsageError, match="needs --map"):
        app.ingest([POSTS])
    assert app.formats()[-1]["name"] == "csv"  # the last resort of detection


def test_mapping_errors_are_usage_errors(app):
    with pytest.raises(UsageError, match="--platform"):
        app.ingest([TSV], format_name="csv", column_map={"id": "id", "account_id": "user", "created_at": "when"})
    with pytest.raises(UsageError, match="columns the header does not have: nope"):
        app.ingest([TSV], format_name="csv", platform="x",
                   column_map={"id": "id", "account_id": "nope", "created_at": "when"})


def test_json_and_plain_text_are_not_tables(app, tmp_path):
    assert list_cell('["a", "b"]', "hashtags") == ("a", "b")
    assert list_cell("['a', 'b']", "hashtags") == ("a", "b")
    assert list_cell("a, b|c d", "hashtags") == ("a", "b", "c", "d")
    assert list_cell("[not, a, list", "mentions") == ("[not", "a", "list")
    odd = tmp_path / "data.json"
    odd.write_text('{"a": 1, "b": 2}\n')
    with pytest.raises(Exception, match="unknown format"):
        app.ingest([odd])


def test_cli_with_an_inline_map(db_path):
    result = run_veille("ingest", "--db", db_path, "--format", "csv", "--platform", "forum",
                        "--map", "id=id,account_id=user,created_at=when,text=body", TSV, check=True)
    assert "inserted 2" in result.stdout
    result = run_veille("ingest", "--db", db_path, POSTS)
    assert result.returncode == 2
    assert "needs --map" in result.stderr


def test_a_huge_table_is_streamed_and_a_huge_row_quarantined(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "w") as out:
        out.write("id,author,when,text\n")
        out.write(f'big,a,2024-06-01,"{"x" * (5 << 20)}"\n')  # a 5 MB row, over the 1 MiB record limit
        for n in range(100_000):  # about 50 MB
            out.write(f"{n},a{n % 50},2024-06-01T00:00:00Z,{'word ' * 100}\n")
    options = IngestOptions(platform="forum", column_map={"id": "id", "account_id": "author", "created_at": "when",
                                                          "text": "text"})
    process = psutil.Process()
    baseline = peak = process.memory_info().rss
    posts, rejected = 0, []
    for record in ADAPTER.read(Source.from_path(path), options):
        if isinstance(record, Post):
            posts += 1
            if posts % 5000 == 0:
                peak = max(peak, process.memory_info().rss)
        else:
            rejected.append(record)
    assert posts == 100_000
    [big] = rejected
    assert (big.line, big.reason) == (2, f"record too large: {(5 << 20) + 20} bytes > {1 << 20}")
    assert peak - baseline < 30 * 1024 * 1024  # a row at a time, not a 55 MB file
