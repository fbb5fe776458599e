import json
from datetime import UTC, datetime

from tests.conftest import FIXTURES

TWEETS = FIXTURES / "twitter_io" / "tweets.csv"
HASH = "O0vJRirnL32w7blCoMRthk30yPlXapfIPFac4Eyje0k="


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def test_rows_are_stored_and_bad_rows_quarantined(app):
    report = app.ingest([TWEETS])
    assert report.files[0].format == "twitter-io"
    # 8 data rows on lines 2-10 (the row on lines 4-5 has a newline in its text): 4 good,
    # 3 bad (lines 7-9), and line 10 repeats line 2
    assert report.as_dict()["read"] == 8
    assert report.total("inserted") == 4
    assert report.total("duplicates") == 1
    assert report.total("quarantined") == 3
    reasons = {q["line"]: q["reason"] for q in app.quarantine()}
    assert reasons[7] == "missing tweetid"
    assert reasons[8] == "unparseable tweet_time: 'tomorrow at noon'"
    line_9 = TWEETS.read_bytes().splitlines()[8]
    assert reasons[9] == f"invalid UTF-8: byte {line_9.index(bytes([0xF3]))}"  # the Latin-1 ó


def test_tweets_are_mapped_field_by_field(app):
    app.ingest([TWEETS])
    names = ["account_id", "created_at", "text", "lang", "urls", "hashtags", "mentions", "share_of_id",
             "reply_to_id", "metrics", "source_line"]

    def post(tweet_id):
        [found] = rows(app, f"SELECT {', '.join(names)} FROM posts WHERE platform = 'x' AND id = '{tweet_id}'")
        return dict(zip(names, found))

    first = post("1124326219440328704")
    assert first["account_id"] == "2353449031"
    assert first["created_at"] == datetime(2019, 5, 3, 14, 4, tzinfo=UTC)  # minute precision, UTC
    assert first["lang"] == "es"
    assert first["hashtags"] == ["elecciones2019", "votaya"]  # from the column, not the text
    assert first["urls"] == ["https://example.org/mesas?id=7"]
    assert json.loads(first["metrics"]) == {"likes": 31, "reposts": 12, "replies": 5, "quotes": 2}
    assert first["source_line"] == 2

    retweet = post("1124331177820946433")
    assert retweet["share_of_id"] == "1124300000000000001"
    assert retweet["hashtags"] == ["elecciones2019"]  # the unquoted `[Elecciones2019]` of some releases
    assert retweet["mentions"] == ["cne_oficial"]  # user_mentions holds ids, so mentions come from the text
    assert json.loads(retweet["metrics"]) == {"likes": 0, "reposts": 0, "replies": 0, "quotes": 0}  # "0.0"

    reply = post("1124340000000000004")
    assert reply["text"] == '@vecino "No" es la respuesta,\nlea el hilo completo'
    assert reply["reply_to_id"] is None  # `1.12433e+18`: rounded by a spreadsheet, so dropped
    assert reply["source_line"] == 4

    hashed = post("1124350000000000005")
    assert hashed["account_id"] == HASH  # case kept: hashed ids are base64
    assert hashed["urls"] == ["http://dlvr.it/PgB3PP"]
    assert hashed["share_of_id"] is None  # a quote (quoted_tweet_tweetid) is not a share


def test_accounts_come_from_the_user_columns(app):
    app.ingest([TWEETS])
    assert rows(app, "SELECT id, handle, display_name, created_at, followers FROM accounts ORDER BY followers") == [
        (HASH, HASH, HASH, datetime(2016, 12, 4, tzinfo=UTC), 17),
        ("2353449031", "noticias_ahora", "Noticias Ahora", datetime(2014, 2, 20, tzinfo=UTC), 15230),
    ]


def test_a_field_larger_than_the_limit_is_quarantined_and_the_next_row_kept(app, tmp_path):
    header, first_row = TWEETS.read_bytes().splitlines()[:2]
    text_start = first_row.index("¡Las mesas".encode())
    big = first_row[:text_start] + b'"' + b"x, " * 2000 + b'"' + first_row[first_row.index(b",2019-05-03"):]
    path = tmp_path / "big.csv"
    path.write_bytes(b"\n".join([header, big.replace(b"1124326219440328704", b"1", 1), first_row]) + b"\n")
    report = app.ingest([path], max_record_bytes=4096)
    assert report.total("inserted") == 1
    [q] = app.quarantine()
    assert q["line"] == 2 and q["reason"].startswith("record too large")
    assert q["raw_size"] > 5000


def test_reingesting_is_idempotent(app):
    app.ingest([TWEETS])
    again = app.ingest([TWEETS])
    assert again.total("inserted") == 0
    assert again.total("duplicates") == 5  # the 4 posts and the repeat
    assert rows(app, "SELECT count(*) FROM posts") == [(4,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(3,)]
    assert rows(app, "SELECT count(*) FROM accounts") == [(2,)]
