"""Matching claims to fact-checks: tipline messages, searches and posts against the fact-check
store, with hybrid lexical and multilingual retrieval and a decision that abstains when unsure.

pool.py: the fact-checks as searched ("title. claim", vectors, addresses), persisted beside the
database; lexical.py: one BM25 index per language; matcher.py: addresses, keywords, fusion and the
decision; thresholds.py: decision thresholds per model and language; calibrate.py: choosing them
on a labelled set; stream.py: the posts that repeat a checked claim.

Anchor: Meedan Check, which searches fact-checks with keyword and vector models, links
automatically above a high threshold and only suggests above a lower one.
"""

from veille.matching.calibrate import LanguageThresholds, calibrate, read_labels
from veille.matching.matcher import Match, Matcher, MatchParams, MatchResult
from veille.matching.pool import Pool, document_text
from veille.matching.stream import StreamRun, match_posts
from veille.matching.thresholds import Threshold, Thresholds

__all__ = ["LanguageThresholds", "Match", "MatchParams", "MatchResult", "Matcher", "Pool", "StreamRun", "Threshold",
           "Thresholds", "calibrate", "document_text", "match_posts", "read_labels"]
