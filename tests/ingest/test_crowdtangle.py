import json
from datetime import UTC, datetime

from tests.conftest import FIXTURES

FACEBOOK = FIXTURES / "crowdtangle" / "facebook.csv"
INSTAGRAM = FIXTURES / "crowdtangle" / "instagram.csv"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def post(app, platform, post_id):
    names = ["account_id", "created_at", "text", "urls", "hashtags", "mentions", "share_of_id", "metrics",
             "source_line"]
    [found] = rows(app, f"SELECT {', '.join(names)} FROM posts WHERE platform = '{platform}' AND id = '{post_id}'")
    values = dict(zip(names, found))
    values["metrics"] = json.loads(values["metrics"])
    return values


def test_facebook_rows_are_stored_and_bad_rows_quarantined(app):
    report = app.ingest([FACEBOOK])
    assert report.files[0].format == "crowdtangle"
    # 6 rows: 4 good, one with no time, one with neither Facebook Id nor User Name
    assert (report.total("inserted"), report.total("quarantined")) == (4, 2)
    reasons = {q["line"]: q["reason"] for q in app.quarantine()}
    assert reasons == {6: "unparseable Post Created: 'sometime in November'",
                       8: "missing account: no Facebook Id or User Name"}


def test_facebook_posts_are_mapped_field_by_field(app):
    app.ingest([FACEBOOK])
    link = post(app, "facebook", "3456789012345678")  # the id is the URL's last segment
    assert link["account_id"] == "101234567890123"
    assert link["created_at"] == datetime(2020, 10, 1, 16, 34, 56, tzinfo=UTC)  # 12:34:56 EDT
    # Final Link first, then the link in the message (the same page once canonicalised)
    assert link["urls"] == ["https://vote.example.org/find"]
    assert link["hashtags"] == ["ohiovotes"]
    assert link["metrics"] == {"interactions": 1234, "likes": 1000, "comments": 120, "shares": 95, "love": 10,
                               "wow": 2, "haha": 4, "sad": 1, "angry": 1, "care": 1, "views": 0}
    assert link["source_line"] == 2

    photo = post(app, "facebook", "3456789012345999")  # /photos/a.ALBUM/PHOTO/?type=3
    assert photo["text"] == "Lines were short this morning.\nBring your ID!"
    assert photo["urls"] == []  # its Link is the photo itself, not something it shares

    video = post(app, "facebook", "778899001122334")
    assert video["created_at"] == datetime(2020, 11, 4, 0, 5, tzinfo=UTC)  # 19:05 EST
    assert video["metrics"]["views"] == 5400

    shared = post(app, "facebook", "555666777888999")  # permalink.php?story_fbid=...
    assert shared["urls"] == ["https://buckeye-daily.example.com/ballots-not-counted"]


def test_instagram_export_with_its_byte_order_mark(app):
    report = app.ingest([INSTAGRAM])
    assert report.files[0].format == "crowdtangle"
    assert (report.total("inserted"), report.total("quarantined")) == (2, 1)
    [bad] = app.quarantine()
    assert (bad["line"], bad["reason"]) == (4, "unparseable Post Created: '2020-13-45 99:00:00 EDT'")
    photo = post(app, "instagram", "CFx1AbCdEfG")  # the shortcode of /p/CODE/
    assert photo["account_id"] == "voteohio"  # no account id column: the handle
    assert photo["text"] == "Make a plan to vote 🗳️ link in bio #OhioVotes @ohiosos"
    assert (photo["hashtags"], photo["mentions"], photo["urls"]) == (["ohiovotes"], ["ohiosos"], [])
    assert photo["metrics"] == {"interactions": 210, "likes": 200, "comments": 10, "views": 0}
    assert post(app, "instagram", "CFz9XyZaBcD")["metrics"]["views"] == 1020  # "1,020"


def test_accounts(app):
    app.ingest([FACEBOOK, INSTAGRAM])
    assert rows(app, "SELECT platform, id, handle, display_name, created_at, followers FROM accounts ORDER BY id") == [
        ("facebook", "101234567890123", "ohiovotersfirst", "Ohio Voters First",
         datetime(2012, 4, 24, 16, 2, 51, tzinfo=UTC), 51002),
        ("facebook", "209876543210987", None, "Buckeye Daily", datetime(2015, 7, 1, 10, 0, tzinfo=UTC), 10400),
        ("instagram", "voteohio", "voteohio", "Vote Ohio", None, 12345),
    ]


def test_a_row_without_url_gets_a_stable_hash_id(app, tmp_path):
    lines = FACEBOOK.read_text(encoding="utf-8").splitlines()
    no_url = lines[1].replace("https://www.facebook.com/101234567890123/posts/3456789012345678", "")
    path = tmp_path / "no_url.csv"
    path.write_text("\n".join([lines[0], no_url]) + "\n", encoding="utf-8")
    app.ingest([path])
    again = app.ingest([path])
    [(post_id,)] = rows(app, "SELECT id FROM posts")
    assert post_id.startswith("sha256:") and len(post_id) == len("sha256:") + 32
    assert again.total("duplicates") == 1


def test_reingesting_is_idempotent(app):
    app.ingest([FACEBOOK, INSTAGRAM])
    again = app.ingest([FACEBOOK, INSTAGRAM])
    assert (again.total("inserted"), again.total("duplicates")) == (0, 6)
    assert rows(app, "SELECT count(*) FROM posts") == [(6,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(3,)]
    assert rows(app, "SELECT count(*) FROM accounts") == [(3,)]
