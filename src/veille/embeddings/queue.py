"""The embedding catch-up: distinct texts not yet embedded, most useful first, under a budget.

Embedding is the scarce resource (the default model does about 55 short posts a second on two
cores), so every cheap stage runs over every post at ingest, and embeddings are computed here,
once per distinct folded text, in priority tiers:

1. **claims**: fact-check claims (`claimReviewed`) and tipline messages, which every post is
   matched against;
2. **families**: one post (the earliest) per near-duplicate family, largest families first, when
   `veille similar` has found families;
3. **campaigns**: texts posted by accounts in the campaigns of the latest coordination run;
4. **most-shared**: texts posted more than once, most posts first;
5. **rest**: every other text, oldest first.

A budget caps the texts embedded by one run, as a number ("500") or a share of the distinct post
texts ("10%"), and/or a time limit in seconds; without either the run catches up completely.
Texts are embedded in batches of 64 (smaller near a time limit, so as not to overrun it) and each
batch is committed as it finishes: a killed run keeps every finished batch, and running again
carries on from there, never embedding a text twice. A text longer than 2,000 characters (about
one 512-token model window) is embedded from its first 2,000.
"""

import math
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from veille.embeddings import sql
from veille.embeddings.backends import EmbeddingBackend
from veille.embeddings.cache import Coverage, coverage, write_vectors
from veille.enrich.text import text_key
from veille.errors import UsageError
from veille.store import Store

TIERS = {1: "claims", 2: "families", 3: "campaigns", 4: "most-shared", 5: "rest"}
BATCH_SIZE = 64
PAGE_SIZE = 1024  # texts planned per query; the plan is re-read after each page
MAX_CHARS = 2000
_WARM_UP = 4  # first batch under a time limit, to measure the speed before committing to more


@dataclass(frozen=True)
class Budget:
    """At most `texts` texts, or `percent` % of the distinct post texts, per run; None: no cap."""

    texts: int | None = None
    percent: float | None = None

    @classmethod
    def parse(cls, value: int | str | None) -> "Budget":
        """"500" or 500: texts; "10%": a share of the distinct post texts; None: everything."""
        if value is None:
            return cls()
        text = str(value).strip()
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", text)
        if match:
            percent = float(match.group(1))
            if not 0 < percent <= 100:
                raise UsageError(f"--budget: {text!r} is not a share between 0% and 100%")
            return cls(percent=percent)
        if re.fullmatch(r"\d+", text) and int(text) > 0:
            return cls(texts=int(text))
        raise UsageError(f"--budget: {text!r} is neither a positive number of texts nor a percentage like '10%'")

    def limit(self, distinct_texts: int) -> int | None:
        if self.percent is not None:
            return math.ceil(distinct_texts * self.percent / 100)
        return self.texts


@dataclass
class EmbedRun:
    """What one catch-up did, and what is left."""

    model: str
    embedded: int
    seconds: float
    stopped: str  # caught-up, budget, time or stopped
    remaining: int  # distinct texts still without a vector
    coverage: Coverage
    by_tier: dict[str, int] = field(default_factory=dict)

    @property
    def texts_per_second(self) -> float:
        return self.embedded / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict:
        return {"model": self.model, "embedded": self.embedded, "seconds": round(self.seconds, 3),
                "texts_per_second": round(self.texts_per_second, 2), "stopped": self.stopped,
                "remaining": self.remaining, "by_tier": self.by_tier, "coverage": self.coverage.as_dict()}


def catch_up(store: Store, backend: EmbeddingBackend, *, budget: int | str | Budget | None = None,
             seconds: float | None = None, progress: Callable[[int, int], None] | None = None,
             stop: threading.Event | None = None, batch_size: int = BATCH_SIZE,
             page_size: int = PAGE_SIZE) -> EmbedRun:
    """Embed pending texts in priority order until the budget, the time limit, `stop`, or none left.

    `progress(done, total)` is called after each committed batch; total is the texts this run
    would embed if no time limit stopped it. `stop` lets a background worker be told to finish
    after the current batch.
    """
    budget = budget if isinstance(budget, Budget) else Budget.parse(budget)
    if seconds is not None and not seconds > 0:
        raise UsageError(f"--seconds: {seconds!r} is not a positive number of seconds")
    started = time.monotonic()
    con = store.cursor()
    claims, claim_texts = _claim_texts(con)
    con.register("claim_texts", claims)
    try:
        limit = budget.limit(con.execute(sql.DISTINCT_POST_TEXTS).fetchall()[0][0])
        pending_before = con.execute(sql.COUNT_PENDING, {"model": backend.name}).fetchall()[0][0]
        total = pending_before if limit is None else min(limit, pending_before)
        plan = sql.pending(with_families=con.execute(sql.HAS_TABLE, ["family_posts"]).fetchall()[0][0] > 0)
        done, by_tier, busy, stopped = 0, Counter(), 0.0, "caught-up"
        while stopped == "caught-up":
            want = page_size if limit is None else min(page_size, limit - done)
            if want <= 0:
                stopped = "budget"
                break
            page = con.execute(plan, {"model": backend.name, "limit": want}).fetchall()
            if not page:
                break
            texts = _texts_for(con, page, claim_texts)
            i = 0
            while i < len(page):
                if stop is not None and stop.is_set():
                    stopped = "stopped"
                    break
                n = batch_size
                if seconds is not None:
                    left = seconds - (time.monotonic() - started)
                    n = min(batch_size, _WARM_UP if not done else int(left * done / max(busy, 1e-9)))
                    if left <= 0 or n < 1:
                        stopped = "time"
                        break
                rows = page[i:i + n]
                t0 = time.monotonic()
                vectors = backend.passages([_clip(texts[h]) for h, _ in rows])
                write_vectors(store, backend.name, np.array([h for h, _ in rows], dtype=np.uint64), vectors)
                busy += time.monotonic() - t0
                done += len(rows)
                by_tier.update(TIERS[tier] for _, tier in rows)
                i += len(rows)
                if progress is not None:
                    progress(done, total)
        if stopped == "budget" and done == pending_before:
            stopped = "caught-up"  # the budget and the backlog ended together
        return EmbedRun(
            model=backend.name, embedded=done, seconds=time.monotonic() - started, stopped=stopped,
            remaining=pending_before - done, coverage=coverage(con, backend.name),
            by_tier={name: by_tier[name] for name in TIERS.values() if by_tier[name]},
        )
    finally:
        con.unregister("claim_texts")
        con.close()


def _claim_texts(con) -> tuple[pa.Table, dict[int, str]]:
    """Fact-checks (as the matcher searches them: "title. claim"), then tipline messages, keyed
    like posts (newest first within each)."""
    from veille.matching.pool import document_text

    texts: dict[int, str] = {}
    for statement in (sql.FACT_CHECK_CLAIMS, sql.TIPLINE_TEXTS):
        for title, claim in con.execute(statement).fetchall():
            text = document_text(title, claim or "")
            key, _ = text_key(text or "")
            if key is not None and key not in texts:
                texts[key] = text
    table = pa.table({
        "text_hash": pa.array(list(texts), pa.uint64()),
        "k": pa.array(range(len(texts)), pa.int64()),
    })
    return table, texts


def _texts_for(con, page: list[tuple[int, int]], claim_texts: dict[int, str]) -> dict[int, str]:
    texts = {h: claim_texts[h] for h, _ in page if h in claim_texts}
    wanted = [h for h, _ in page if h not in texts]
    if wanted:
        con.register("page", pa.table({"text_hash": pa.array(wanted, pa.uint64())}))
        try:
            texts.update(con.execute(sql.POST_TEXTS_FOR).fetchall())
        finally:
            con.unregister("page")
    return texts


def _clip(text: str) -> str:
    """At most MAX_CHARS characters, cut at a space when one is near the end."""
    if len(text) <= MAX_CHARS:
        return text
    cut = text.rfind(" ", MAX_CHARS - 200, MAX_CHARS)
    return text[:cut if cut > 0 else MAX_CHARS]
