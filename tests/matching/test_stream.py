"""`veille match --posts`: the posts that repeat a fact-checked claim, incrementally.

tests/fixtures/matching/posts.jsonl: ten posts. 1-4 repeat the SMS-voting claim (1, 3 and 4
fold to the same text; 2 shouts it with an emoji, which folds the same way too; 4 is a repost of
1); 5 and 6 repeat the French pencil claim on Telegram; 7 is unrelated; 8 has three words (not a
claim); 9 tells of ballot boxes in a river, a claim no fact-check covers until
late-fact-check.csv arrives; 10 is correct information on the same topic as the claims."""

from tests.matching.conftest import MATCHING, URL
from veille.app import Veille


def _links(app):
    return app.store.cursor().execute("""
        SELECT c.post_id, f.url, c.decision FROM claim_matches c JOIN fact_checks f ON f.id = c.factcheck_id
        ORDER BY c.post_id::INT""").fetchall()


def test_posts_repeating_a_checked_claim_are_linked_once(store_copy):
    with Veille(store_copy) as app:
        app.ingest([MATCHING / "posts.jsonl"], workers=1)
        app.embed()
        first = app.match_posts()
        # Distinct texts of more than three words: the SMS claim (one folded text for four
        # posts), the pencil claim, the sunset, the river and the polling stations.
        assert first.texts_matched == 5 and first.texts_waiting == 0
        links = _links(app)
        assert [(p, u) for p, u, _ in links] == [
            ("1", URL + "en/sms-vote"), ("2", URL + "en/sms-vote"), ("3", URL + "en/sms-vote"),
            ("4", URL + "en/sms-vote"), ("5", URL + "fr/crayon"), ("6", URL + "fr/crayon")]
        spread = {s["url"]: s for s in first.spread}
        assert spread[URL + "en/sms-vote"]["accounts"] == 4
        assert spread[URL + "en/sms-vote"]["platforms"] == ["facebook", "x"]

        again = app.match_posts()  # nothing new: nothing matched, the same links
        assert (again.texts_matched, again.texts_rematched) == (0, 0)
        assert _links(app) == links

        # A fact-check published after the claim spread finds the post that spread it.
        app.ingest([MATCHING / "late-fact-check.csv"], workers=1)
        late = app.match_posts()
        assert late.texts_matched == 0 and late.texts_rematched >= 1
        assert ("9", URL + "en/river-boxes") in [(p, u) for p, u, _ in _links(app)]
        assert len(_links(app)) == 7
