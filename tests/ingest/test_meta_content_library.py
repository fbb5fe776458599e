import csv
import io
import json
from datetime import UTC, datetime

from tests.conftest import FIXTURES

FACEBOOK = FIXTURES / "meta_content_library" / "facebook_posts.csv"
INSTAGRAM = FIXTURES / "meta_content_library" / "instagram_posts.csv"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def post(app, platform, post_id):
    names = ["account_id", "created_at", "text", "lang", "urls", "hashtags", "mentions", "share_of_id", "metrics",
             "source_line"]
    [found] = rows(app, f"SELECT {', '.join(names)} FROM posts WHERE platform = '{platform}' AND id = '{post_id}'")
    values = dict(zip(names, found))
    values["metrics"] = json.loads(values["metrics"])
    return values


def test_facebook_download_is_stored_and_bad_rows_quarantined(app):
    report = app.ingest([FACEBOOK])
    assert report.files[0].format == "meta-content-library"
    # 5 rows on lines 2-7 (the group post's text spans lines 3-4): 3 good, one without
    # creation_time, one whose id went through a spreadsheet
    assert (report.total("inserted"), report.total("quarantined")) == (3, 2)
    reasons = {q["line"]: q["reason"] for q in app.quarantine()}
    assert reasons == {6: "missing field: creation_time",
                       7: "id in scientific notation, digits lost: '1.04627E+15'"}


def test_facebook_posts_are_mapped_field_by_field(app):
    app.ingest([FACEBOOK])
    page_post = post(app, "facebook", "1046273918264537")
    assert page_post["account_id"] == "100064521334012"
    assert page_post["created_at"] == datetime(2024, 6, 1, 10, 0, tzinfo=UTC)
    assert page_post["lang"] == "en"
    # link_attachment.link, and the same link in the text with its fbclid: one url
    assert page_post["urls"] == ["https://vote.example.org/find"]
    assert page_post["hashtags"] == ["vote2024"]  # Facebook has no hashtag column: from the text
    assert page_post["metrics"] == {"reactions": 1234, "likes": 1000, "love": 120, "wow": 10, "haha": 4, "sad": 1,
                                    "angry": 1, "care": 98, "comments": 120, "shares": 95}  # views empty: left out
    assert page_post["source_line"] == 2

    group_post = post(app, "facebook", "1046273918265001")
    assert group_post["account_id"] == "100089001234567"  # post_owner (a profile), not the group surface
    assert group_post["source_line"] == 3

    reshare = post(app, "facebook", "1046273918266002")
    assert reshare["share_of_id"] == "1046273918264537"
    assert reshare["metrics"]["views"] == 15400


def test_instagram_download(app):
    report = app.ingest([INSTAGRAM])
    assert (report.total("inserted"), report.total("quarantined")) == (2, 1)
    [bad] = app.quarantine()
    assert (bad["line"], bad["reason"]) == (4, "missing field: post_owner.id")
    photo = post(app, "instagram", "3381234567890123456")
    assert photo["account_id"] == "17841400000000001"
    assert photo["hashtags"] == ["voteohio", "election2024"]  # from the hashtags column
    assert photo["mentions"] == ["ohiosos"]
    assert photo["metrics"] == {"likes": 200, "comments": 10}
    reel = post(app, "instagram", "3381234567890129999")
    assert (reel["lang"], reel["hashtags"], reel["metrics"]["views"]) == ("es", [], 1020)


def test_accounts(app):
    app.ingest([FACEBOOK, INSTAGRAM])
    assert rows(app, "SELECT platform, id, handle, display_name FROM accounts ORDER BY platform, id") == [
        ("facebook", "100064521334012", "ohiovotersfirst", "Ohio Voters First"),
        ("facebook", "100077700011122", None, "Patriot News Network"),
        ("facebook", "100089001234567", "jane.roe.oh", "Jane Roe"),
        ("instagram", "17841400000000001", "voteohio", "Vote Ohio"),
        ("instagram", "17841400000000002", "votemosohio", "Votemos Ohio"),
    ]


def test_platform_can_be_given_when_the_header_does_not_say(app, tmp_path):
    header, first = FACEBOOK.read_text(encoding="utf-8").splitlines()[:2]
    keep = ["id", "creation_time", "text", "post_owner.id", "post_owner.name"]
    cells = dict(zip(next(csv.reader([header])), next(csv.reader([first]))))
    out = io.StringIO()
    csv.writer(out).writerows([keep, [cells[k] for k in keep]])
    path = tmp_path / "minimal.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    app.ingest([path], platform="instagram")
    assert rows(app, "SELECT platform, id FROM posts") == [("instagram", "1046273918264537")]


def test_reingesting_is_idempotent(app):
    app.ingest([FACEBOOK, INSTAGRAM])
    again = app.ingest([FACEBOOK, INSTAGRAM])
    assert (again.total("inserted"), again.total("duplicates")) == (0, 5)
    assert rows(app, "SELECT count(*) FROM posts") == [(5,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(3,)]
