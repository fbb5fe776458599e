"""Matching one text (a tipline message, a post, a search) to the fact-checks that cover it.

Method, in order:

1. **Addresses.** A text that contains the URL of a fact-check, or of a post, video or article
   that a fact-check lists as an appearance of its claim, is matched to that fact-check with
   score 1 and decision `reply`: the evidence is exact.
2. **Keywords.** A text of `keyword_words` (3) words or fewer is too short to embed meaningfully:
   it is searched as keywords in the BM25 indexes of every language, ranked by how many of its
   words a fact-check contains, then by BM25. Keyword hits are only ever suggested (`review`,
   when a fact-check contains every word), never answered.
3. **Hybrid retrieval.** Otherwise the text's vector (its first QUERY_CHARS characters embedded
   as a passage, or the passage vector `veille embed` cached for it; as a query, e5's "query: ",
   when `vectors="query"`) is compared with every fact-check's
   passage vector (cosine, one matrix product), and the text is scored by BM25 in every
   language's index, each score divided by the text's own BM25 weight in that index (see
   lexical.py): the share of the text's lexical weight a fact-check matches. Fusion, `linear`
   (the default): score = alpha * cosine + (1 - alpha) * that share, alpha = 0.7; or `rrf`
   (reciprocal rank fusion, 1/(60 + rank) summed over both rankings) to order the candidates,
   each still reported with its linear score, which is what decisions read. (`bm25_scale="best"`
   gives the zero-shot baselines' bm25 / best bm25 of the text, in the text's language only.)
   Fact-checks stored several times with the same text (pool.copies) are shown once
   (`collapse`), so their places go to other claims.
4. **Decision.** The best score against the thresholds of the model and the text's language
   (veille.matching.thresholds): `reply` (confident: answer with this fact-check), `review`
   (plausible: ask a human), `none` (say nothing). The ranked matches are returned whatever the
   decision, for the people who review.

Measured on public benchmarks by benchmarks/claims.py (see the README for the figures).
"""

import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from veille.embeddings.backends import EmbeddingBackend
from veille.enrich import language
from veille.enrich.text import fold
from veille.matching.pool import Pool, addresses_in
from veille.matching.thresholds import Thresholds, scorer_key

RRF_K = 60
QUERY_CHARS = 600  # of a text embedded here: as good as the whole on tipline forwards, and 5x faster
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")


class MatchParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    alpha: float = Field(default=0.7, ge=0, le=1)  # weight of the cosine in linear fusion
    fusion: Literal["linear", "rrf"] = "linear"
    limit: int = Field(default=5, ge=1, le=100)  # matches returned, best first
    keyword_words: int = Field(default=3, ge=0)  # texts of this many words or fewer are keyword searches
    candidates: int = Field(default=100, ge=1)  # depth of each ranking that rrf fuses
    # BM25 on the fused scale: "query", the share of the text's own BM25 weight a fact-check
    # matches, searched in every language's index; "best", BM25 over the best BM25 of this text,
    # in the index of the text's language only.
    bm25_scale: Literal["query", "best"] = "query"
    # How the matched text is embedded: as a passage, like the fact-checks (the vectors
    # `veille embed` caches for posts and tipline messages), or as a query (e5's "query: "),
    # better across languages, worse on English tweets (see benchmarks/claims.py).
    vectors: Literal["query", "passage"] = "passage"
    # Fact-checks with the same text (pool.copies) shown once, the best ranked (the lowest row
    # on a tie): the places they took go to other claims.
    collapse: bool = True


@dataclass(frozen=True)
class Match:
    factcheck_id: str
    url: str
    title: str | None
    rating: str | None
    language: str | None
    score: float

    def as_dict(self) -> dict:
        return {"factcheck_id": self.factcheck_id, "url": self.url, "title": self.title, "score": round(self.score, 4),
                "rating": self.rating, "language": self.language}


@dataclass(frozen=True)
class MatchResult:
    id: str | int | None
    decision: str  # reply, review or none
    method: str  # url, keyword, hybrid, or empty (nothing to search with)
    lang: str | None
    matches: list[Match] = field(default_factory=list)

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None

    def as_dict(self) -> dict:
        return {"id": self.id, "decision": self.decision, "method": self.method, "lang": self.lang,
                "matches": [m.as_dict() for m in self.matches]}


class Matcher:
    """Matches texts against one pool of fact-checks with one embedding backend."""

    def __init__(self, pool: Pool, backend: EmbeddingBackend, thresholds: Thresholds | None = None,
                 params: MatchParams | None = None):
        self.pool = pool
        self.backend = backend
        self.params = params or MatchParams()
        self.thresholds = thresholds or Thresholds(self.scorer, {})

    @property
    def scorer(self) -> str:
        """The key of this matcher's thresholds: the model, and how texts are embedded."""
        return scorer_key(self.pool.model, self.params)

    def variant(self, thresholds: Thresholds | None = None, **changes) -> "Matcher":
        """The same pool and model with other parameters (and the thresholds given)."""
        return Matcher(self.pool, self.backend, thresholds, self.params.model_copy(update=changes))

    def match(self, text: str, *, id: str | int | None = None, lang: str | None = None,
              vector: np.ndarray | None = None, cosine: np.ndarray | None = None) -> MatchResult:
        """The fact-checks that cover `text`, best first, and the decision.

        `lang`: the text's language if known (else identified); `vector`: its vector if already
        computed (of the kind `params.vectors` says: a post's cached passage vector), else
        embedded here; `cosine`: its cosine with every fact-check, if already computed.
        """
        text = text.strip()
        lang = lang or (language.identify(text) if text else None)
        found = self._by_address(text)
        words = len(fold(_without_urls(text)).split())
        if found:
            rest = self._hybrid(text, lang, vector, cosine) if words > self.params.keyword_words else []
            matches = _unique(found + rest)[: self.params.limit]
            return MatchResult(id, "reply", "url", lang, matches)
        if words == 0 or not len(self.pool):
            return MatchResult(id, "none", "empty" if words == 0 else "hybrid", lang, [])
        if words <= self.params.keyword_words:
            return self._keywords(id, text, lang)
        matches = self._hybrid(text, lang, vector, cosine)
        decision = self.thresholds.for_language(lang).decide(matches[0].score) if matches else "none"
        return MatchResult(id, decision, "hybrid", lang, matches)

    def embed(self, texts: list[str], batch: int = 64) -> list[np.ndarray | None]:
        """Vectors of the texts that will take the hybrid route (None for the others), embedded
        as `params.vectors` says, passages in batches."""
        out: list[np.ndarray | None] = [None] * len(texts)
        todo = [i for i, t in enumerate(texts) if len(fold(_without_urls(t)).split()) > self.params.keyword_words]
        for start in range(0, len(todo), batch):
            part = todo[start:start + batch]
            for i, v in zip(part, self._vectors([texts[i].strip()[:QUERY_CHARS] for i in part])):
                out[i] = v
        return out

    def match_many(self, texts: list[str], langs: list[str | None], vectors: np.ndarray,
                   ids: list[str | int | None] | None = None) -> list[MatchResult]:
        """`match` for many texts whose vectors are known, with one matrix product for all."""
        cosines = self.pool.vectors @ np.asarray(vectors, dtype=np.float32).T if len(texts) else None
        ids = ids or [None] * len(texts)
        return [self.match(t, id=i, lang=lang, vector=vectors[n], cosine=cosines[:, n])
                for n, (t, lang, i) in enumerate(zip(texts, langs, ids))]

    def scores(self, text: str, lang: str | None, vector: np.ndarray,
               cosine: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(linear fused score, cosine, BM25) of every fact-check for a text and its vector."""
        if cosine is None:
            cosine = self.pool.vectors @ np.asarray(vector, dtype=np.float32)
        alpha = self.params.alpha
        if self.params.bm25_scale == "query":
            bm25 = self.pool.lexical.scores(text, scale="query")
            return alpha * cosine + (1 - alpha) * bm25, cosine, bm25
        searched = [lang] if lang in self.pool.lexical.languages else None
        bm25 = self.pool.lexical.scores(text, searched, scale="raw")
        best = float(bm25.max()) if len(bm25) else 0.0
        fused = alpha * cosine + (1 - alpha) * (bm25 / best) if best > 0 else alpha * cosine
        return fused, cosine, bm25

    # -- the three routes ----------------------------------------------------------------------
    def _by_address(self, text: str) -> list[Match]:
        rows = [r for key in addresses_in(text) for r in self.pool.addresses.get(key, ())]
        return [self._match(r, 1.0) for r in dict.fromkeys(rows)]

    def _keywords(self, id: str | int | None, text: str, lang: str | None) -> MatchResult:
        hits, words = self.pool.lexical.term_hits(text)
        if words == 0 or not hits.any():
            return MatchResult(id, "none", "keyword", lang, [])
        bm25 = self.pool.lexical.scores(text)
        coverage = hits / words
        order = np.lexsort((-bm25, -coverage))  # all words first, then BM25
        top = [int(r) for r in order[: self.params.limit] if hits[r] > 0]
        matches = [self._match(r, float(coverage[r])) for r in top]
        decision = "review" if coverage[top[0]] >= 1.0 else "none"
        return MatchResult(id, decision, "keyword", lang, matches)

    def _hybrid(self, text: str, lang: str | None, vector: np.ndarray | None,
                cosine: np.ndarray | None = None) -> list[Match]:
        if vector is None and cosine is None:
            vector = self._vectors([text[:QUERY_CHARS]])[0]
        fused, cosine, bm25 = self.scores(text, lang, vector, cosine)
        limit = self.params.limit
        copies = self.pool.copies if self.params.collapse else None
        if self.params.fusion == "rrf":
            order = _distinct(_rrf(cosine, bm25, self.params.candidates), copies, limit)
        else:
            depth = limit
            while True:  # deeper until `limit` distinct texts, or the whole pool
                order = _distinct(_top(fused, depth).tolist(), copies, limit)
                if len(order) == limit or depth >= len(fused):
                    break
                depth *= 4
        return [self._match(int(r), float(fused[r])) for r in order]

    def _vectors(self, texts: list[str]) -> np.ndarray:
        if self.params.vectors == "query":
            return np.stack([self.backend.query(t) for t in texts])
        return self.backend.passages(texts)

    def _match(self, row: int, score: float) -> Match:
        p = self.pool
        return Match(p.ids[row], p.urls[row], p.titles[row], p.ratings[row], p.languages[row], score)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(scores))
    if k == 0:
        return np.zeros(0, np.int64)
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]


def _rrf(cosine: np.ndarray, bm25: np.ndarray, depth: int) -> list[int]:
    fused: dict[int, float] = {}
    rankings = [_top(cosine, depth)]
    if bm25.any():
        rankings.append(_top(bm25, depth))
    for ranking in rankings:
        for rank, row in enumerate(ranking.tolist(), 1):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(fused, key=lambda r: (-fused[r], r))


def _distinct(order: list[int], copies: np.ndarray | None, limit: int) -> list[int]:
    """The first `limit` rows of `order`, each text once when `copies` (pool.copies) is given."""
    if copies is None:
        return order[:limit]
    seen, out = set(), []
    for row in order:
        text = int(copies[row])
        if text not in seen:
            seen.add(text)
            out.append(row)
            if len(out) == limit:
                break
    return out


def _unique(matches: list[Match]) -> list[Match]:
    seen, out = set(), []
    for m in matches:
        if m.factcheck_id not in seen:
            seen.add(m.factcheck_id)
            out.append(m)
    return out


def _without_urls(text: str) -> str:
    return _URL.sub(" ", text)
