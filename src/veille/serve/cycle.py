"""One detection cycle: new data in, detectors over a sliding window, alert rules evaluated.

Stages, in order: `ingest` (new complete files of the watched folders), `feeds` (RSS/Atom,
conditional GET), `embed` (a small budget of texts, most useful first), `similar` (near-duplicate
families), `detect` (coordination), `narratives`, `bursts` (the `burst` rule), `match` (posts that
repeat fact-checked claims), `rules` (campaign, debunked-claim, foreign-ad, tipline-surge).

The window is the last `window_hours` of data, ending at the newest post (so replayed exports
and the simulated election behave as live data). Bursts look at its bins; the rules have windows
of their own (see veille.alerts.rules); coordination and families are computed over every stored
post (their detectors have no time window yet), and are skipped, with `similar`, when no post came
in since the last finished cycle.

State is in `detection_cycles`: a cycle is recorded when it starts, after each stage (stage
reached, seconds, ok/skipped/error and a small result), and when it finishes. A cycle found
unfinished (the server was killed, or stopped mid-cycle) is run again from its start: every stage
is idempotent and alerts are upserts by deduplication id, so nothing is lost or raised twice. A
stage that fails is logged and recorded, and the cycle goes on.
"""

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

import orjson

from veille.serve import sql

log = logging.getLogger("veille.serve")

STAGES = ("ingest", "feeds", "embed", "similar", "detect", "narratives", "bursts", "match", "rules")


class Skipped(Exception):
    """A stage with nothing to do (its reason is recorded)."""


def run_cycle(veille, settings, *, stop: threading.Event | None = None,
              on_stage: Callable[[str], None] | None = None) -> dict:
    """Run (or resume from its start) one detection cycle; returns its record."""
    store = veille.store
    with store.writing() as con:
        unfinished = con.execute(sql.UNFINISHED_CYCLE).fetchone()
        if unfinished:
            cycle_id = unfinished[0]
            con.execute(sql.RESTART_CYCLE, [cycle_id])
            log.info("cycle %d was interrupted: running it again from the start", cycle_id)
        else:
            cycle_id = con.execute(sql.NEXT_CYCLE_ID).fetchone()[0]
            con.execute(sql.START_CYCLE, [cycle_id])
    context = _Context(veille, settings, cycle_id)
    records = []
    for stage in STAGES:
        if stop is not None and stop.is_set():
            log.info("cycle %d stopped before %s; it will run again at the next start", cycle_id, stage)
            return {"cycle_id": cycle_id, "finished": False, "stages": records}
        if on_stage:
            on_stage(stage)
        started = time.perf_counter()
        record = {"stage": stage, "status": "ok", "result": None, "error": None}
        try:
            record["result"] = getattr(context, f"stage_{stage}")()
        except Skipped as reason:
            record["status"], record["result"] = "skipped", str(reason)
        except Exception as exc:  # noqa: BLE001 - a failing stage is recorded and the cycle goes on
            log.exception("cycle %d: stage %s failed", cycle_id, stage)
            record["status"], record["error"] = "error", f"{type(exc).__name__}: {exc}"[:500]
        record["seconds"] = round(time.perf_counter() - started, 3)
        records.append(record)
        with store.writing() as con:
            con.execute(sql.RECORD_STAGE, [stage, _json(records), cycle_id])
    with store.writing() as con:
        con.execute(sql.FINISH_CYCLE, [_json(records), cycle_id])
    log.info("cycle %d finished: %s", cycle_id,
             ", ".join(f"{r['stage']} {r['status']} {r['seconds']:.1f}s" for r in records))
    return {"cycle_id": cycle_id, "finished": True, "stages": records}


def _json(value) -> str:
    return orjson.dumps(value, default=str).decode()


class _Context:
    """The stages of one cycle, sharing what they learn (the window, whether posts came in)."""

    def __init__(self, veille, settings, cycle_id: int):
        self.veille = veille
        self.settings = settings
        self.cycle_id = cycle_id
        self.new_posts = True
        self.window_start = None

    def _cursor(self):
        return self.veille.store.cursor()

    def stage_ingest(self):
        if not self.settings.watch:
            raise Skipped("no watched folder")
        from veille.serve.sources import ingest_watched

        return ingest_watched(self.veille, self.settings.watch, stable_seconds=self.settings.stable_seconds)

    def stage_feeds(self):
        if not self.settings.feeds:
            raise Skipped("no feed")
        from veille.serve.sources import poll_feeds

        return poll_feeds(self.veille, self.settings.feeds)

    def _window(self):
        """After the sources: the window, and whether any post came in since the last cycle."""
        con = self._cursor()
        posts, newest = con.execute(sql.POST_COUNT).fetchone()
        last = con.execute(sql.LAST_FINISHED).fetchone()
        self.new_posts = last is None or last[0] != posts
        self.window_start = newest - timedelta(hours=self.settings.window_hours) if newest else None
        with self.veille.store.writing() as writer:
            writer.execute(sql.RECORD_WINDOW, [self.window_start, newest, posts, self.cycle_id])
        if not posts:
            raise Skipped("no posts")

    def stage_embed(self):
        self._window()
        if self.settings.embed_budget <= 0:
            raise Skipped("embedding budget 0")
        run = self.veille.embed(budget=self.settings.embed_budget)
        return {"embedded": run.embedded, "stopped": run.stopped}

    def stage_similar(self):
        if not self.new_posts:
            raise Skipped("no new posts")
        return {"families": len(self.veille.similar())}

    def stage_detect(self):
        from veille.detectors.coordination import make_params

        if not self.new_posts and self._cursor().execute(sql.COORDINATION_RUNS).fetchone()[0]:
            raise Skipped("no new posts")
        detection = self.veille.detect(make_params())
        return {"campaigns": len(detection.campaigns)}

    def stage_narratives(self):
        if self.window_start is None:
            raise Skipped("no posts")
        run = self.veille.narratives()
        return {"placed_units": run.placed_units, "new_narratives": run.new_narratives}

    def stage_bursts(self):
        from veille.alerts.rules import burst_params, get_rule

        rule = get_rule(self._cursor(), "burst")
        if not rule.enabled or self.window_start is None:
            raise Skipped("rule disabled" if not rule.enabled else "no posts")
        found, (new, updated) = self.veille.bursts(burst_params(rule, self.window_start))
        return {"bursts": len(found), "new": new, "updated": updated}

    def stage_match(self):
        if not self._cursor().execute(sql.FACT_CHECK_COUNT).fetchone()[0]:
            raise Skipped("no fact-checks")
        run = self.veille.match_posts()
        return {"texts_matched": run.texts_matched, "posts_linked": run.posts_linked}

    def stage_rules(self):
        counts = self.veille.evaluate_alert_rules()
        return {rule: {"new": n, "updated": u} for rule, (n, u) in counts.items()}


def list_cycles(con, limit: int = 20) -> list[dict]:
    keys = ("cycle_id", "started_at", "finished_at", "stage", "window_start", "window_end", "posts", "stages",
            "attempt")
    return [dict(zip(keys, r)) | {"stages": orjson.loads(r[7])} for r in con.execute(sql.LIST_CYCLES, [limit]).fetchall()]
