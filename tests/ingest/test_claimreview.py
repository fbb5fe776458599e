from datetime import UTC, datetime

from tests.conftest import FIXTURES
from veille.ingest.adapters.claimreview import fact_check_id

FOLDER = FIXTURES / "claimreview"
LIST = FOLDER / "claimreviews.json"
COLUMNS = "id, claim_reviewed, rating, title, publisher, url, date_published, language, claimant, appearances"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def checks(app) -> dict[str, dict]:
    names = [c.strip() for c in COLUMNS.split(",")]
    return {row[1]: dict(zip(names, row)) for row in rows(app, f"SELECT {COLUMNS} FROM fact_checks")}


def test_a_list_of_claim_reviews(app):
    report = app.ingest([LIST])
    assert report.files[0].format == "claimreview"
    # 3 ClaimReviews: 2 good, 1 without claimReviewed
    assert (report.total("inserted"), report.total("quarantined")) == (2, 1)
    [bad] = app.quarantine()
    assert (bad["ref"], bad["reason"]) == ("record 3 review 1", "missing field: claimReviewed")
    pencil = checks(app)["Ballots marked with a pencil are thrown away by counting staff"]
    assert pencil == {
        "id": fact_check_id("https://factcheck.example.org/2024/05/ballots-pencil/",
                            "Ballots marked with a pencil are thrown away by counting staff"),
        "claim_reviewed": "Ballots marked with a pencil are thrown away by counting staff",
        "rating": "False",
        "title": 'No, ballots marked in pencil are not "thrown away"',  # &quot; decoded
        "publisher": "Example Fact Check",  # author given as a list
        "url": "https://factcheck.example.org/2024/05/ballots-pencil/",
        "date_published": datetime(2024, 5, 28, tzinfo=UTC),
        "language": "en",  # from the Language object's alternateName
        "claimant": "Viral Facebook post",
        # canonicalised (fbclid and www dropped), the firstAppearance repeat merged
        "appearances": ["https://facebook.com/examplepage/posts/123", "https://t.me/examplechannel/4567"],
    }
    spanish = checks(app)["Los colegios electorales cierran a las 18:00"]
    assert (spanish["rating"], spanish["title"], spanish["publisher"]) == (
        "Falso", "Los colegios cierran a las 20:00, no a las 18:00", "Verificación Ejemplo")
    assert (spanish["language"], spanish["claimant"]) == ("es", "Cuenta anónima")
    assert spanish["date_published"] == datetime(2024, 6, 2, 7, 15, tzinfo=UTC)
    assert spanish["appearances"] == ["https://x.com/anon/status/1797000000000000000"]


def test_graph_and_data_feed(app):
    report = app.ingest([FOLDER / "graph.jsonld", FOLDER / "datafeed.json"])
    assert [f.format for f in report.files] == ["claimreview", "claimreview"]
    # the graph's WebSite and Organization are not ClaimReviews; the feed's second item has a bad date
    assert (report.total("inserted"), report.total("quarantined")) == (2, 1)
    turnout = checks(app)["Turnout was 120% in district 7"]
    assert (turnout["publisher"], turnout["claimant"], turnout["rating"]) == (
        "Example Fact Check", "A candidate", "False")
    boxes = checks(app)["Ballot boxes were found in a river"]
    assert boxes["appearances"] == ["https://tiktok.com/@someone/video/7370000000000000000"]
    [bad] = app.quarantine()
    assert bad["reason"] == "bad datePublished: unparseable time '12 June 2024, sometime'"
    assert bad["ref"] == "record 2 review 1"


def test_claim_reviews_in_a_saved_page(app):
    page = FOLDER / "factcheck-page.html"
    report = app.ingest([page])
    assert report.files[0].format == "claimreview"  # not read as an article
    # two ClaimReviews in one script, one script of broken JSON; the NewsArticle is ignored
    assert (report.total("inserted"), report.total("quarantined")) == (2, 1)
    canonical = "https://factcheck.example.org/2024/06/polling-day-claims/"
    found = checks(app)
    assert {c["url"] for c in found.values()} == {canonical}  # no url in the markup: the page's
    assert len({c["id"] for c in found.values()}) == 2  # same page, two claims, two ids
    [bad] = app.quarantine()
    assert bad["reason"].startswith("invalid JSON-LD")
    assert bad["line"] == page.read_text().splitlines().index('<script type="application/ld+json">', 20) + 1


def test_json_lines_and_the_same_review_from_two_files(app):
    app.ingest([LIST])
    report = app.ingest([FOLDER / "reviews.jsonl"])
    # line 1 repeats a review of claimreviews.json (same url and claim: same id), line 2 is cut short
    assert (report.total("inserted"), report.total("duplicates"), report.total("quarantined")) == (1, 1, 1)
    [bad] = [q for q in app.quarantine() if q["source"].endswith("reviews.jsonl")]
    assert bad["line"] == 2 and bad["reason"].startswith("invalid JSON")


def test_reingesting_is_idempotent(app):
    paths = sorted(FOLDER.glob("*.json*")) + [FOLDER / "factcheck-page.html"]
    first = app.ingest(paths)
    second = app.ingest(paths)
    assert second.total("inserted") == 0
    assert second.total("duplicates") == first.total("inserted") + first.total("duplicates")
    assert rows(app, "SELECT count(*) FROM fact_checks") == [(first.total("inserted"),)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(first.total("quarantined"),)]
