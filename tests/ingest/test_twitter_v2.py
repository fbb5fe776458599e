import json
from datetime import UTC, datetime

from tests.conftest import FIXTURES

SEARCH = FIXTURES / "twitter_v2" / "search.jsonl"
LOOKUP = FIXTURES / "twitter_v2" / "lookup.json"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def post(app, post_id):
    names = ["account_id", "created_at", "text", "lang", "urls", "hashtags", "mentions", "share_of_id",
             "reply_to_id", "metrics", "source_line", "source_ref"]
    found = rows(app, f"SELECT {', '.join(names)} FROM posts WHERE platform = 'x' AND id = '{post_id}'")
    assert found, f"no post {post_id}"
    values = dict(zip(names, found[0]))
    values["metrics"] = json.loads(values["metrics"]) if values["metrics"] else {}
    return values


def test_twarc_lines_are_read_and_bad_records_quarantined(app):
    report = app.ingest([SEARCH])
    assert report.files[0].format == "twitter-v2"
    # line 1: 2 tweets in data + the retweeted original in includes.tweets;
    # line 2: 4 tweets in data (one without created_at) + the same original again;
    # line 3: an empty page (result_count 0); line 4: a page cut mid-line.
    assert report.as_dict()["read"] == 9
    assert report.total("inserted") == 6
    assert report.total("duplicates") == 1  # the original, included on both pages
    assert report.total("quarantined") == 2
    reasons = {(q["line"], q["ref"]): q["reason"] for q in app.quarantine()}
    assert reasons[(2, "1757700000000000007")] == "missing field: created_at"
    assert reasons[(4, None)].startswith("invalid JSON")
    assert rows(app, "SELECT count(*) FROM accounts WHERE platform = 'x'") == [(3,)]


def test_tweets_are_mapped_field_by_field(app):
    app.ingest([SEARCH])
    original = post(app, "1757700000000000001")  # from includes.tweets
    assert original["account_id"] == "155555501"
    assert original["created_at"] == datetime(2024, 2, 14, 1, 0, tzinfo=UTC)
    assert original["lang"] == "id"  # X writes the retired code "in" for Indonesian
    assert original["urls"] == ["https://cekdptonline.kpu.go.id/"]  # unwound_url, tracking dropped
    assert original["hashtags"] == ["pemilu2024"]
    assert original["mentions"] == []  # entities without mentions: believed, not re-extracted
    assert original["metrics"] == {"likes": 4100, "reposts": 1520, "replies": 88, "quotes": 35,
                                   "bookmarks": 61, "views": 250000}
    assert (original["source_line"], original["source_ref"]) == (1, "1757700000000000001")

    retweet = post(app, "1757700000000000002")
    assert retweet["share_of_id"] == "1757700000000000001"
    assert retweet["urls"] == ["https://bit.ly/cektps"]  # no unwound_url here: expanded_url
    assert retweet["mentions"] == ["kpu_id"]

    reply = post(app, "1757700000000000003")
    assert reply["reply_to_id"] == "1757700000000000001"
    assert reply["share_of_id"] is None
    assert reply["mentions"] == ["kpu_id"]  # no entities object: found in the text by the pipeline

    quote = post(app, "1757700000000000004")
    assert quote["share_of_id"] is None  # a quote is not a share
    assert quote["urls"] == ["https://twitter.com/KPU_ID/status/1757700000000000001"]

    long = post(app, "1757700000000000005")  # note_tweet: the full text and its entities
    assert long["text"].endswith("ke @bawaslu_RI #PantauTPS")
    assert (long["hashtags"], long["mentions"], long["urls"]) == (["pantautps"], ["bawaslu_ri"], [])

    photo = post(app, "1757700000000000006")
    assert photo["urls"] == []  # the url entity with a media_key is the tweet's own photo


def test_users_become_accounts(app):
    app.ingest([SEARCH])
    found = rows(app, "SELECT handle, display_name, created_at, followers FROM accounts "
                      "WHERE platform = 'x' AND id = '1730000000000000001'")
    assert found == [("rina_suara", "Rina 🇮🇩", datetime(2023, 11, 30, 22, 1, 9, tzinfo=UTC), 12)]


def test_one_pretty_printed_response(app):
    report = app.ingest([LOOKUP])
    assert report.files[0].format == "twitter-v2"
    # 3 tweets in data, one of them without author_id; the errors entry is not a record
    assert (report.total("inserted"), report.total("quarantined")) == (2, 1)
    [bad] = app.quarantine()
    assert (bad["line"], bad["ref"], bad["reason"]) == (None, "1757700000000000012", "missing field: author_id")
    annotated = post(app, "1757700000000000011")
    assert (annotated["urls"], annotated["hashtags"], annotated["mentions"]) == ([], [], [])
    assert annotated["metrics"] == {}
    assert rows(app, "SELECT handle FROM accounts WHERE id = '155555501'") == [("KPU_ID",)]


def test_cut_document_keeps_the_tweets_before_the_cut(app, tmp_path):
    whole = LOOKUP.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(whole[: whole.index(b"author_id was not requested")])
    report = app.ingest([cut])
    assert report.total("inserted") == 2
    [end] = app.quarantine()
    assert end["ref"] == "end-of-document"
    assert end["reason"].startswith("invalid or cut JSON after tweet or user 1757700000000000011 (2 read before)")


def test_reingesting_is_idempotent(app):
    app.ingest([SEARCH, LOOKUP])
    again = app.ingest([SEARCH, LOOKUP])
    assert again.total("inserted") == 0
    assert again.total("duplicates") == 9  # 7 posts on the lines (one twice) + 2 in the document
    assert rows(app, "SELECT count(*) FROM posts") == [(8,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(3,)]
    assert rows(app, "SELECT count(*) FROM accounts") == [(3,)]
