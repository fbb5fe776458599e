from datetime import UTC, datetime

from tests.conftest import FIXTURES
from veille.ingest.adapters.claimreview import fact_check_id

RESPONSE = FIXTURES / "factcheck-api" / "claims-search.json"
LINES = FIXTURES / "factcheck-api" / "claims-search.jsonl"
COLUMNS = "url, id, claim_reviewed, rating, title, publisher, date_published, language, claimant, appearances"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def checks(app) -> dict[str, dict]:
    names = [c.strip() for c in COLUMNS.split(",")]
    return {row[0]: dict(zip(names, row)) for row in rows(app, f"SELECT {COLUMNS} FROM fact_checks")}


def test_one_fact_check_per_review(app):
    report = app.ingest([RESPONSE])
    assert report.files[0].format == "factcheck-api"
    # 2 claims, the first reviewed twice: 3 fact-checks
    assert (report.total("inserted"), report.total("quarantined")) == (3, 0)
    found = checks(app)
    pencil = found["https://factcheck.example.org/2024/05/ballots-pencil/"]
    assert pencil == {
        "url": "https://factcheck.example.org/2024/05/ballots-pencil/",
        "id": fact_check_id(pencil["url"], "Ballots marked with a pencil are thrown away by counting staff"),
        "claim_reviewed": "Ballots marked with a pencil are thrown away by counting staff",
        "rating": "False",
        "title": "No, ballots marked in pencil are not thrown away",
        "publisher": "Example Fact Check",
        "date_published": datetime(2024, 5, 28, tzinfo=UTC),
        "language": "en",
        "claimant": "Viral Facebook post",
        "appearances": [],  # the API does not give them
    }
    second = found["https://checks.example.net/a/pencil-ballots"]
    assert (second["publisher"], second["title"], second["language"]) == ("checks.example.net", None, "pt")
    assert second["claim_reviewed"] == pencil["claim_reviewed"]
    stamp = found["https://checks.example.net/a/stamp"]
    assert (stamp["claimant"], stamp["date_published"]) == (None, None)


def test_json_lines_with_errors_and_empty_responses(app):
    report = app.ingest([LINES])
    assert report.files[0].format == "factcheck-api"
    # line 1: 1 good claim + 1 without text; line 2: API error; line 3: {}; line 4: 1 good review + 1 without url
    assert (report.total("inserted"), report.total("quarantined")) == (2, 3)
    reasons = {(q["line"], q["ref"]): q["reason"] for q in app.quarantine()}
    assert reasons == {
        (1, "record 2"): "missing field: text",
        (2, "value 1"): "API error response: Quota exceeded for quota metric 'Queries' and limit 'Queries per minute'",
        (4, "record 1 review 1"): "missing field: claimReview.url",
    }
    assert rows(app, "SELECT source_line, source_ref FROM fact_checks ORDER BY source_line") == [
        (1, "record 1 review 1"), (4, "record 1 review 2")]


def test_same_review_as_claimreview_markup_is_one_fact_check(app):
    app.ingest([FIXTURES / "claimreview" / "claimreviews.json"])
    report = app.ingest([RESPONSE])
    # the pencil review was already read from its ClaimReview markup: same id, updated in place
    assert (report.total("inserted"), report.total("duplicates")) == (2, 1)


def test_reingesting_is_idempotent(app):
    app.ingest([RESPONSE, LINES])
    second = app.ingest([RESPONSE, LINES])
    assert second.total("inserted") == 0
    assert second.total("duplicates") == 5
    assert rows(app, "SELECT count(*) FROM fact_checks") == [(5,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(3,)]
