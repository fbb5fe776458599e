"""Stream matching: the posts that repeat a fact-checked claim (`veille match --posts`).

Matching is done once per distinct post text (`posts.text_hash`, the folded text), so a claim
copied by ten thousand accounts costs one match; every post then takes its text's result, and
posts whose best fact-check reached `reply` or `review` are linked to it in `claim_matches`.
That is how far a debunked claim still spreads, and where.

Incremental, in three steps per run:

1. **Sweep.** Fact-checks added since the last run are looked for among the texts already
   matched: their nearest texts by cosine (the persisted nearest-neighbour index of
   veille.embeddings) that could reach the `review` threshold are matched again against the whole
   pool, so a fact-check published after a claim spread still finds the posts that spread it.
2. **New texts.** Texts not yet matched are matched, in pages, with one matrix product per page.
   Only texts that have a vector (`veille embed` computes them; this command embeds nothing) and
   more than `keyword_words` words (shorter ones are not claims) are matched; the rest wait and
   are counted.
3. **Link.** Every post takes its text's result (new posts of known texts included, without
   matching again).

Running it again with nothing new changes nothing.
"""

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from veille.embeddings.cache import load_vectors
from veille.matching import sql
from veille.matching.matcher import Matcher, MatchResult
from veille.store import Store

PAGE = 512
SWEEP_NEIGHBOURS = 200


@dataclass
class StreamRun:
    texts_matched: int = 0
    texts_rematched: int = 0
    texts_waiting: int = 0  # post texts with no vector yet (run `veille embed`)
    by_decision: dict[str, int] = field(default_factory=lambda: {"reply": 0, "review": 0, "none": 0})
    posts_linked: dict[str, int] = field(default_factory=dict)  # all linked posts, by decision
    spread: list[dict] = field(default_factory=list)  # per fact-check: posts, accounts, platforms, dates

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def match_posts(store: Store, matcher: Matcher, *, limit: int = 20) -> StreamRun:
    run = StreamRun()
    model = matcher.pool.model
    params = {"model": model, "min_words": matcher.params.keyword_words}
    run.texts_rematched = _sweep(store, matcher)
    con = store.cursor()
    while True:
        page = con.execute(sql.PENDING_TEXTS, {**params, "limit": PAGE}).fetchall()
        if not page:
            break
        results = _match_texts(store, matcher, page)
        for r in results:
            run.by_decision[r.decision] += 1
        _save(store, model, [h for h, _, _ in page], results)
        run.texts_matched += len(page)
    with store.writing() as writer:
        writer.execute(sql.UNLINK_POSTS, {"model": model})
        writer.execute(sql.LINK_POSTS, {"model": model})
    run.texts_waiting = con.execute(sql.WAITING_TEXTS, params).fetchone()[0]
    run.posts_linked = dict(con.execute(sql.COUNT_LINKED).fetchall())
    rows = con.execute(sql.SPREAD, {"limit": limit})
    keys = [d[0] for d in rows.description]
    run.spread = [dict(zip(keys, row)) for row in rows.fetchall()]
    return run


def _match_texts(store: Store, matcher: Matcher, page: list[tuple]) -> list[MatchResult]:
    hashes = np.array([h for h, _, _ in page], dtype=np.uint64)
    keys, vectors = load_vectors(store.cursor(), matcher.pool.model, hashes)  # both sorted by hash
    row_of = dict(zip(keys.tolist(), range(len(keys))))
    ordered = vectors[[row_of[h] for h in hashes.tolist()]]
    return matcher.match_many([t for _, t, _ in page], [lang for _, _, lang in page], ordered)


def _save(store: Store, model: str, hashes: list[int], results: list[MatchResult]) -> None:
    found = pa.table({
        "text_hash": pa.array(hashes, pa.uint64()),
        "factcheck_id": pa.array([r.best.factcheck_id if r.best and r.decision != "none" else None
                                  for r in results], pa.string()),
        "score": pa.array([r.best.score if r.best else None for r in results], pa.float64()),
        "decision": pa.array([r.decision for r in results], pa.string()),
    })
    with store.writing() as con:
        con.register("found", found)
        try:
            con.execute(sql.SAVE_TEXT_MATCHES, {"model": model})
        finally:
            con.unregister("found")


def _sweep(store: Store, matcher: Matcher) -> int:
    """Re-match the already matched texts near fact-checks that arrived since the last run."""
    from veille.embeddings.index import VectorIndex

    model = matcher.pool.model
    con = store.cursor()
    new = [fid for (fid,) in con.execute(sql.UNSWEPT_FACT_CHECKS, {"model": model}).fetchall()]
    if not new:
        return 0
    matched = con.execute(sql.MATCHED_KEYS, {"model": model}).fetchnumpy()["text_hash"]
    rematched = 0
    if len(matched):
        rows = {fid: r for r, fid in enumerate(matcher.pool.ids)}
        vectors = matcher.pool.vectors[[rows[f] for f in new if f in rows]]
        neighbours, distances = VectorIndex.open(store, model).nearest(vectors, SWEEP_NEIGHBOURS)
        # A text can only reach `review` when alpha * cos + (1 - alpha) >= the lowest review threshold.
        alpha = matcher.params.alpha
        lowest = min([t.review for t in matcher.thresholds.by_language.values()]
                     + [matcher.thresholds.for_language(None).review])
        floor = (lowest - (1 - alpha)) / alpha if alpha > 0 else -1.0
        near = np.unique(neighbours[(1 - distances) >= floor])
        wanted = near[np.isin(near, matched.astype(np.uint64))]
        if len(wanted):
            con.register("wanted", pa.table({"text_hash": pa.array(wanted, pa.uint64())}))
            try:
                page = con.execute(sql.MATCHED_TEXTS_FOR).fetchall()
            finally:
                con.unregister("wanted")
            for start in range(0, len(page), PAGE):
                part = page[start:start + PAGE]
                _save(store, model, [h for h, _, _ in part], _match_texts(store, matcher, part))
            rematched = len(page)
    with store.writing() as writer:
        writer.register("swept", pa.table({"id": pa.array(new, pa.string())}))
        try:
            writer.execute(sql.MARK_SWEPT, {"model": model})
        finally:
            writer.unregister("swept")
    return rematched
