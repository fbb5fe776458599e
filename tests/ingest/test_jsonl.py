import gzip
import json
from datetime import UTC, datetime

from tests.conftest import FIXTURES, run_veille

POSTS = FIXTURES / "jsonl" / "posts.jsonl"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def test_good_lines_are_stored_and_bad_ones_quarantined(app):
    report = app.ingest([POSTS])
    # 12 lines: 1 blank, 4 good, 6 bad, 1 repeat of line 1 (see fixtures/jsonl/README.md)
    assert report.as_dict()["read"] == 11
    assert report.total("inserted") == 4
    assert report.total("duplicates") == 1
    assert report.total("quarantined") == 6
    reasons = {q["line"]: q["reason"] for q in app.quarantine()}
    assert reasons[6].startswith("invalid JSON")
    assert reasons[7] == "missing field: account_id"
    assert reasons[8].startswith("bad created_at")
    assert reasons[9] == "unknown field: hashtag"
    assert reasons[10] == "not a JSON object"
    last_line = POSTS.read_bytes().splitlines()[11]
    assert reasons[12] == f"invalid UTF-8: byte {last_line.index(bytes([0xE9]))}"  # the Latin-1 é


def test_fields_are_normalised(app):
    app.ingest([POSTS])
    post = dict(zip(
        ["text", "urls", "hashtags", "mentions", "lang", "created_at", "line"],
        rows(app, "SELECT text, urls, hashtags, mentions, lang, created_at, source_line FROM posts WHERE id = '1001'")[0],
    ))
    # extracted from the text: www and tracking parameters dropped, fragment dropped, tags folded
    assert post["urls"] == ["https://example.org/vote?ref=1"]
    assert post["hashtags"] == ["vote2024"]
    assert post["mentions"] == ["electionsboard"]
    assert post["lang"] == "en"
    assert post["line"] == 1
    # the later duplicate on line 11 did not overwrite the first copy
    assert post["text"].startswith("Polls open")
    # line 3: numeric id, upper-case platform, +02:00 offset, explicit lists believed
    p3 = rows(app, "SELECT platform, urls, hashtags, created_at, metrics::VARCHAR FROM posts WHERE id = '1003'")[0]
    assert p3[0] == "x"
    assert p3[1] == ["https://example.org/vote"]
    assert p3[2] == []
    assert p3[3] == datetime(2024, 6, 1, 10, 1, tzinfo=UTC)
    assert json.loads(p3[4]) == {"likes": 3.0, "reposts": 1.0}
    # epoch seconds and a naive ISO time are both UTC
    assert rows(app, "SELECT created_at FROM posts WHERE id = '1002'")[0][0] == datetime(2024, 6, 1, 10, 1, tzinfo=UTC)
    assert rows(app, "SELECT created_at FROM posts WHERE id = 'chan1/77'")[0][0] == datetime(2024, 6, 2, 8, 30, tzinfo=UTC)
    # languages identified where the line did not say
    langs = dict(rows(app, "SELECT id, lang FROM posts"))
    assert langs["1002"] == "fr" and langs["chan1/77"] == "id"
    # account_name became the account's handle
    assert rows(app, "SELECT handle FROM accounts WHERE id = 'u1'") == [("anna_votes",)]


def test_reingesting_is_idempotent(app):
    first = app.ingest([POSTS])
    second = app.ingest([POSTS])
    assert first.total("inserted") == 4
    assert second.total("inserted") == 0
    assert second.total("duplicates") == 5  # the 4 posts and the repeat
    assert rows(app, "SELECT count(*) FROM posts") == [(4,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(6,)]  # the same bad lines, once


def test_gzip_is_read_by_content_not_name(app, tmp_path):
    packed = tmp_path / "posts.data"  # no .gz suffix on purpose
    packed.write_bytes(gzip.compress(POSTS.read_bytes()))
    report = app.ingest([packed])
    assert report.files[0].format == "jsonl"
    assert report.total("inserted") == 4


def test_truncated_gzip_keeps_what_was_readable(app, tmp_path):
    lines = [
        json.dumps({"platform": "x", "id": str(i), "account_id": "a", "created_at": i, "text": f"post number {i}"})
        for i in range(20000)
    ]
    whole = gzip.compress(("\n".join(lines) + "\n").encode(), compresslevel=1)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    report = app.ingest([cut])
    stored = rows(app, "SELECT count(*) FROM posts")[0][0]
    assert 0 < stored < 20000
    assert report.total("quarantined") >= 1
    assert any("truncated or corrupt compressed file" in q["reason"] for q in app.quarantine())


def test_ten_megabyte_line_is_quarantined_and_the_next_line_kept(app, tmp_path):
    path = tmp_path / "big.jsonl"
    huge = json.dumps({"platform": "x", "id": "big", "account_id": "a", "created_at": 0, "text": "x" * (10 << 20)})
    ok = json.dumps({"platform": "x", "id": "ok", "account_id": "a", "created_at": 0, "text": "fine"})
    path.write_text(ok + "\n" + huge + "\n" + ok.replace('"ok"', '"ok2"') + "\n")
    report = app.ingest([path])
    assert report.total("inserted") == 2
    [q] = app.quarantine()
    assert q["line"] == 2 and q["reason"].startswith("record too large")
    assert q["raw_size"] > 10 << 20
    assert len(q["raw"]) == 64 * 1024  # kept: the first 64 KiB


def test_cli_prints_counts_and_json(db_path):
    text = run_veille("ingest", "--db", db_path, POSTS, check=True).stdout
    assert "read 11, inserted 4, duplicate 1, quarantined 6" in text
    data = json.loads(run_veille("ingest", "--db", db_path, POSTS, "--json", check=True).stdout)
    assert (data["read"], data["inserted"], data["duplicates"], data["quarantined"]) == (11, 0, 5, 6)
    listing = run_veille("quarantine", "--db", db_path, check=True).stdout
    assert "line 7 [jsonl] missing field: account_id" in listing
