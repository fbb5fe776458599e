from datetime import UTC, datetime

from tests.conftest import FIXTURES
from veille.ingest.adapters.claimreview import fact_check_id

TABLE = FIXTURES / "factcheck-csv" / "fact-checks.csv"
COLUMNS = "url, id, claim_reviewed, rating, title, publisher, date_published, language, source_line"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def test_rows_become_fact_checks_and_bad_ones_are_quarantined(app):
    report = app.ingest([TABLE])
    assert report.files[0].format == "factcheck-csv"
    # 5 rows: 3 good, one without URL, one with an unreadable date
    assert (report.total("read"), report.total("inserted"), report.total("quarantined")) == (5, 3, 2)
    reasons = {q["line"]: q["reason"] for q in app.quarantine()}
    assert reasons == {5: "missing field: url", 6: "bad published: unparseable time 'last Tuesday'"}


def test_fields(app):
    app.ingest([TABLE])
    names = [c.strip() for c in COLUMNS.split(",")]
    found = {row[0]: dict(zip(names, row)) for row in rows(app, f"SELECT {COLUMNS} FROM fact_checks")}
    pencil = found["https://factcheck.example.org/2024/05/ballots-pencil/"]
    claim = "Ballots marked with a pencil are thrown away by counting staff"
    assert pencil["id"] == fact_check_id(pencil["url"], claim)
    assert (pencil["rating"], pencil["title"], pencil["publisher"]) == (
        "False", "No, ballots marked in pencil are not thrown away", None)
    assert (pencil["date_published"], pencil["language"], pencil["source_line"]) == (
        datetime(2024, 5, 28, tzinfo=UTC), "en", 2)
    french = found["https://verif.example.fr/bureaux-18h"]
    assert french["claim_reviewed"] == "Les bureaux de vote ferment à 18 h partout en France"
    assert (french["language"], french["date_published"]) == ("fr", datetime(2024, 6, 3, 6, 0, tzinfo=UTC))
    brazil = found["https://checagem.example.com.br/voto-internet"]
    assert (brazil["title"], brazil["date_published"], brazil["language"]) == (None, None, "pt")


def test_reingesting_is_idempotent(app):
    app.ingest([TABLE])
    second = app.ingest([TABLE])
    assert (second.total("inserted"), second.total("duplicates")) == (0, 3)
    assert rows(app, "SELECT count(*) FROM fact_checks") == [(3,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(2,)]


def test_one_review_from_three_formats_is_one_fact_check(app):
    app.ingest([FIXTURES / "claimreview" / "claimreviews.json", FIXTURES / "factcheck-api" / "claims-search.json",
                TABLE])
    pencil = "https://factcheck.example.org/2024/05/ballots-pencil/"
    assert rows(app, f"SELECT count(*) FROM fact_checks WHERE url = '{pencil}'") == [(1,)]
