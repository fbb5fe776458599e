import os
import shutil
from datetime import UTC, datetime

from tests.conftest import FIXTURES

FOLDER = FIXTURES / "html"
ARTICLE = FOLDER / "article.html"
COLUMNS = "id, platform, account_id, created_at, text, lang, urls, source_line, source_ref"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def posts(app) -> list[dict]:
    names = [c.strip() for c in COLUMNS.split(",")]
    return [dict(zip(names, row)) for row in rows(app, f"SELECT {COLUMNS} FROM posts ORDER BY id")]


def test_an_article_is_one_post(app):
    report = app.ingest([ARTICLE])
    assert report.files[0].format == "html"
    assert (report.total("inserted"), report.total("quarantined")) == (1, 0)
    [post] = posts(app)
    assert post["id"] == "https://www.example-herald.co.uk/politics/2024/counting-begins-record-turnout"  # as written
    assert post["platform"] == "news"
    assert post["account_id"] == "example-herald.co.uk"
    assert post["created_at"] == datetime(2024, 7, 4, 21, 5, tzinfo=UTC)  # article:published_time
    assert post["lang"] == "en"
    assert post["urls"] == ["https://example-herald.co.uk/politics/2024/counting-begins-record-turnout"]
    assert post["source_ref"] == "page"
    title, body = post["text"].split("\n\n", 1)
    assert title == "Counting begins after record turnout in coastal towns"
    assert body.startswith("Counting began shortly after polls closed at ten o'clock")
    assert body.rstrip().endswith("for the high turnout across the region.")
    for boilerplate in ("cookies", "Most read", "All rights reserved", "dataLayer", "Weather"):
        assert boilerplate not in post["text"]
    assert rows(app, "SELECT id, display_name FROM accounts") == [("example-herald.co.uk", "The Example Herald")]


def test_a_page_without_date_takes_the_file_time(app, tmp_path):
    page = tmp_path / "saved.html"
    shutil.copy(FOLDER / "saved-page-no-date.html", page)
    saved_at = datetime(2024, 6, 30, 12, 0, tzinfo=UTC)
    os.utime(page, (saved_at.timestamp(), saved_at.timestamp()))
    app.ingest([page])
    [post] = posts(app)
    assert post["id"] == "https://www.civic-notes.example.net/explainers/how-votes-are-counted"  # "saved from"
    assert post["account_id"] == "civic-notes.example.net"
    assert post["created_at"] == saved_at
    assert post["text"].startswith("How votes are counted\n\nWhen the polls close")
    assert "is the result déclaré" in post["text"]  # windows-1252 read as such


def test_a_page_nobody_can_attribute_is_quarantined(app):
    report = app.ingest([FOLDER / "no-site.html", ARTICLE])
    assert (report.total("inserted"), report.total("quarantined")) == (1, 1)
    [bad] = app.quarantine()
    assert bad["reason"] == "no site: the page has no canonical URL, og:url, og:site_name or site name"
    assert bad["ref"] == "page"


def test_a_fact_check_page_is_an_article_only_when_asked(app):
    page = FIXTURES / "claimreview" / "factcheck-page.html"
    assert app.ingest([page]).files[0].format == "claimreview"
    report = app.ingest([page], format_name="html")
    assert report.total("inserted") == 1
    [post] = posts(app)
    assert post["id"] == "https://factcheck.example.org/2024/06/polling-day-claims/"
    assert post["created_at"] == datetime(2024, 6, 5, 7, 30, tzinfo=UTC)


def test_reingesting_is_idempotent(app):
    app.ingest([ARTICLE, FOLDER / "no-site.html"])
    second = app.ingest([ARTICLE, FOLDER / "no-site.html"])
    assert (second.total("inserted"), second.total("duplicates")) == (0, 1)
    assert rows(app, "SELECT count(*) FROM posts") == [(1,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(1,)]
