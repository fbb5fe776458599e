"""The fact-check store: versions with history, and ClaimReview out (`veille factchecks export`)."""

import orjson

from tests.conftest import run_veille
from tests.matching.conftest import MATCHING, URL
from veille.app import Veille

CRAYON = URL + "fr/crayon"


def _current(app, url):
    return app.store.cursor().execute(
        "SELECT id, rating, title FROM fact_checks WHERE url = ?", [url]).fetchone()


def test_an_updated_fact_check_replaces_the_stored_one_and_keeps_the_old_in_history(store_copy):
    with Veille(store_copy) as app:
        fid, rating, title = _current(app, CRAYON)
        assert rating == "Faux"
        # Same URL and claim, new rating and title: the same fact-check, a new version.
        app.ingest([MATCHING / "updated-fact-check.json"], workers=1)
        assert _current(app, CRAYON) == (fid, "Trompeur", title + " (mis à jour)")
        history = app.store.cursor().execute(
            "SELECT id, version, rating, title FROM fact_check_history").fetchall()
        assert history == [(fid, 1, "Faux", title)]
        # Reading the same version again is no new version.
        app.ingest([MATCHING / "updated-fact-check.json"], workers=1)
        assert app.store.cursor().execute("SELECT count(*) FROM fact_check_history").fetchone()[0] == 1
        assert app.store.cursor().execute("SELECT count(*) FROM fact_checks").fetchone()[0] == 14
        # The matcher sees the new version (its pool is rebuilt).
        assert app.matcher().match("https://factcheck.example.org/fr/crayon").best.rating == "Trompeur"


def test_claim_review_out_reads_back_as_the_same_fact_checks(store_copy, tmp_path):
    out = tmp_path / "claim-reviews.json"
    result = run_veille("factchecks", "export", "--db", store_copy, "--out", out, check=True)
    assert "wrote 14 ClaimReviews" in result.stderr
    feed = orjson.loads(out.read_bytes())
    assert feed["@type"] == "DataFeed" and len(feed["dataFeedElement"]) == 14
    review = next(e["item"][0] for e in feed["dataFeedElement"] if e["item"][0]["url"] == CRAYON)
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["alternateName"] == "Faux"
    assert review["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "url": "https://facebook.com/groupe.exemple/posts/998877"}]
    assert review["inLanguage"] == "fr" and review["author"]["name"] == "Vérif Exemple"

    columns = "id, claim_reviewed, rating, title, publisher, url, date_published, language, appearances"
    with Veille(tmp_path / "again.duckdb") as again, Veille(store_copy, read_only=True) as original:
        again.ingest([out], workers=1)
        query = f"SELECT {columns} FROM fact_checks ORDER BY id"
        assert again.store.cursor().execute(query).fetchall() == original.store.cursor().execute(query).fetchall()

    to_stdout = run_veille("factchecks", "export", "--db", store_copy, check=True)
    assert len(orjson.loads(to_stdout.stdout)["dataFeedElement"]) == 14
    bad = run_veille("factchecks", "export", "--db", store_copy, "--out", tmp_path / "missing" / "x.json")
    assert bad.returncode == 2 and bad.stderr.startswith("Error: --out")
