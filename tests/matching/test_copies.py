"""Fact-checks stored several times with the same text (one claim from two publishers with the
same wording, or re-imported under another URL) are shown once: no text tells them apart, and
five copies of one answer would hide the other claims a reviewer should see."""

import numpy as np

from veille.matching import Matcher, MatchParams, Pool
from veille.matching.lexical import LexicalIndex
from veille.matching.pool import document_text
from veille.matching.thresholds import Thresholds

CLAIM = ("Ballots marked with a pencil are erased and annulled", "Pencil ballots are not annulled")
OTHER = ("The election was postponed by a week because of the floods", "The election was not postponed")


def _pool() -> Pool:
    # Rows 0-2: one claim three times (two publishers, one re-import, casing aside); row 3 another.
    rows = [CLAIM, (CLAIM[0].upper(), CLAIM[1]), CLAIM, OTHER]
    claims, titles = [c for c, _ in rows], [t for _, t in rows]
    # Unit vectors: the copies share one, the other claim is orthogonal to it.
    vectors = np.array([[1, 0], [1, 0], [1, 0], [0, 1]], dtype=np.float32)
    n = len(rows)
    lexical = LexicalIndex.build([document_text(t, c) for t, c in zip(titles, claims)], ["en"] * n)
    return Pool("test-model", "test", [f"fc{i}" for i in range(n)], [f"https://fc.example.org/{i}" for i in range(n)],
                titles, claims, ["en"] * n, [None] * n, [None] * n, vectors, lexical, {})


def test_copies_of_one_text_are_shown_once_the_first_stored_first():
    matcher = Matcher(_pool(), backend=None, thresholds=Thresholds("test-model", {}))
    text = "They say ballots marked with a pencil will be erased, bring a pen"
    result = matcher.match(text, lang="en", vector=np.array([0.8, 0.6], dtype=np.float32))
    # Three copies and one other claim: two matches, the copy of the lowest row (fc0) standing
    # for the three, then the other claim.
    assert [m.factcheck_id for m in result.matches] == ["fc0", "fc3"]


def test_copies_can_be_listed_one_by_one():
    matcher = Matcher(_pool(), backend=None, thresholds=Thresholds("test-model", {}),
                      params=MatchParams(collapse=False))
    text = "They say ballots marked with a pencil will be erased, bring a pen"
    result = matcher.match(text, lang="en", vector=np.array([0.8, 0.6], dtype=np.float32))
    assert [m.factcheck_id for m in result.matches] == ["fc0", "fc1", "fc2", "fc3"]
