"""Calibrating the decision thresholds on a labelled set (`veille match calibrate`).

The labels are JSON lines, one query each: `{"text": "...", "factcheck": ID or URL or null}`,
optionally with `"lang"` (else identified) and `"id"`. `factcheck` is the fact-check that covers
the text (its veille id, or its URL), or null when none does: near-misses on the same topic are
what teaches the matcher to stay silent. Every query is matched as `veille match` would, and only
the hybrid route's scores are used (addresses and keywords follow fixed rules).

For each language with at least MIN_LABELS queries, and for all queries together ('*'):

- `reply` is the lowest score whose replies (best match at or above it) are right at least
  `precision` (0.95) of the time, counting a reply to a query that no fact-check covers as wrong;
  when no score reaches that precision, the model never replies in that language (1.01);
- `review` is the lowest score whose suggestions are useful at least REVIEW_PRECISION (0.5) of
  the time, useful meaning that the right fact-check is among the matches shown; never above
  `reply`.

Both scorers of the model are calibrated, each query embedded both ways: as a query (the
tipline and search route) and as a passage (the stream route). The thresholds replace the
scorer's previous ones in `match_thresholds`, with the number of
labels and the precision and recall of `reply` measured on them.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from veille.errors import UsageError
from veille.matching import sql
from veille.matching.matcher import Matcher
from veille.matching.queries import json_lines
from veille.matching.thresholds import ANY, NEVER
from veille.store import Store

MIN_LABELS = 20
REVIEW_PRECISION = 0.5
MAX_LABELS = 100_000


@dataclass(frozen=True)
class Label:
    line: int
    text: str
    expected: str | None  # fact-check id, or None when no fact-check covers the text
    lang: str | None


@dataclass(frozen=True)
class LanguageThresholds:
    scorer: str  # the model, plus "#query" for query vectors
    language: str
    labels: int
    reply: float
    review: float
    reply_precision: float | None  # None: no reply at that threshold
    reply_recall: float

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def read_labels(path: str | Path, store: Store) -> list[Label]:
    """The labelled queries of a JSON-lines file; a bad line stops everything with its number."""
    path = Path(path)
    lines = json_lines(path, "--labels")
    rows = store.cursor().execute(sql.FACT_CHECK_URLS).fetchall()
    ids = {fid for fid, _ in rows}
    by_url = {}
    for fid, url in rows:
        by_url.setdefault(url, fid)
    labels = []
    for n, item in lines:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise UsageError(f"{path} line {n}: expected an object with a non-empty \"text\"")
        ref = item.get("factcheck")
        if ref is not None and (not isinstance(ref, str) or (ref not in ids and ref not in by_url)):
            raise UsageError(f"{path} line {n}: fact-check {ref!r} is not in the database (give its id or URL)")
        labels.append(Label(n, item["text"], by_url.get(ref, ref), item.get("lang") or None))
        if len(labels) > MAX_LABELS:
            raise UsageError(f"{path}: more than {MAX_LABELS} labels")
    if not labels:
        raise UsageError(f"{path}: no labels")
    return labels


def calibrate(store: Store, matcher: Matcher, labels: list[Label], *, precision: float = 0.95,
              min_labels: int = MIN_LABELS) -> list[LanguageThresholds]:
    """Choose, store and return the thresholds of the matcher's scorer (its model and kind of
    vectors) from `labels`."""
    if not 0 < precision <= 1:
        raise UsageError(f"--precision must be in (0, 1], not {precision}")
    results = _hybrid_results(matcher, labels)
    groups: dict[str, list] = defaultdict(list)
    for label, result in zip(labels, results):
        if result is None:
            continue
        groups[ANY].append((label, result))
        if result.lang:
            groups[result.lang].append((label, result))
    chosen = [_thresholds(matcher.scorer, lang, items, precision) for lang, items in sorted(groups.items())
              if lang == ANY or len(items) >= min_labels]
    if not chosen:
        raise UsageError("no label went through hybrid matching (all were addresses or keyword queries)")
    with store.writing() as con:
        con.execute(sql.DELETE_THRESHOLDS, {"model": matcher.scorer})
        for t in chosen:
            con.execute(sql.INSERT_THRESHOLD, {
                "model": matcher.scorer, "language": t.language, "reply": t.reply, "review": t.review,
                "labels": t.labels, "precision": t.reply_precision, "recall": t.reply_recall})
    return sorted(chosen, key=lambda t: (t.language != ANY, t.language))


def _hybrid_results(matcher: Matcher, labels: list[Label]) -> list:
    """The match of each label through the hybrid route (None for address or keyword queries)."""
    vectors = matcher.embed([label.text for label in labels])
    out = []
    for label, vector in zip(labels, vectors):
        result = matcher.match(label.text, lang=label.lang, vector=vector) if vector is not None else None
        out.append(result if result is not None and result.method == "hybrid" else None)
    return out


def _thresholds(scorer: str, lang: str, items: list, precision: float) -> LanguageThresholds:
    scores = np.array([r.best.score if r.best else 0.0 for _, r in items])
    right = np.array([bool(r.best) and r.best.factcheck_id == label.expected for label, r in items])
    useful = np.array([label.expected is not None and any(m.factcheck_id == label.expected for m in r.matches)
                       for label, r in items])
    positives = sum(label.expected is not None for label, _ in items)
    reply = lowest_threshold(scores, right, precision)
    review = min(lowest_threshold(scores, useful, REVIEW_PRECISION), reply)
    replied = scores >= reply
    return LanguageThresholds(
        scorer=scorer, language=lang, labels=len(items), reply=reply, review=review,
        reply_precision=float(right[replied].mean()) if replied.any() else None,
        reply_recall=float(right[replied].sum() / positives) if positives else 0.0,
    )


def lowest_threshold(scores: np.ndarray, good: np.ndarray, precision: float) -> float:
    """The lowest score t such that, of the items scoring t or more, at least `precision` are good
    (NEVER when no t does)."""
    order = np.argsort(-scores, kind="stable")
    s, g = scores[order], good[order].astype(float)
    cumulative = np.cumsum(g) / np.arange(1, len(g) + 1)
    best = NEVER
    for i in range(len(s)):
        # a threshold sits between distinct scores: take every item tied with s[i]
        if i + 1 < len(s) and s[i + 1] == s[i]:
            continue
        if cumulative[i] >= precision:
            best = float(s[i])
    return best
