"""The delivery outbox: every alert a target wants reaches it, once, even if it is down for a while.

`alert_deliveries` holds one row per alert and target (pending, delivered or failed, attempts,
next attempt, last error). Each step of the delivery service:

1. queues, in one short transaction, the alerts each enabled target wants (its minimum severity
   and rules) and has not had: new alerts, and alerts whose severity rose since they were sent (an
   alert updated by the next detection cycle at the same severity is not sent again);
2. sends what is due, outside any transaction, and records each outcome in its own short one.
   A failure is retried after 10 s, 20 s, 40 s ... capped at 10 minutes, until the delivery is
   older than `max_age` (24 h): then it is marked failed and shown (`veille targets list`,
   `/settings/alerts`). When a target fails, its other deliveries wait for the next step, so a
   target that is down is tried once per step, not once per alert.

The outbox is in the database, so a restart loses nothing: pending deliveries go out when the
server is back, and when the target is.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson

from veille.alerts import sql
from veille.alerts.public import public_evidence
from veille.alerts.targets import DeliveryError, list_targets, send

log = logging.getLogger("veille.alerts")


@dataclass(frozen=True)
class Backoff:
    first: float = 10.0      # seconds before the first retry
    cap: float = 600.0       # longest wait between tries
    max_age: float = 86400.0  # seconds after which an undelivered alert is marked failed

    def delay(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th failed try (1, 2, ...)."""
        return min(self.cap, self.first * 2 ** max(0, min(attempts - 1, 30)))


@dataclass
class DeliveryRun:
    queued: int = 0
    delivered: int = 0
    retried: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def enqueue(con) -> int:
    """Queue what targets want and have not had; the caller holds the write transaction."""
    return con.execute(sql.ENQUEUE).fetchone()[0]


def deliver_due(store, *, backoff: Backoff = Backoff(), limit: int = 200) -> DeliveryRun:
    """One step of the outbox: queue, then send what is due."""
    run = DeliveryRun()
    with store.writing() as con:
        run.queued = enqueue(con)
    cur = store.cursor()
    due = cur.execute(sql.DUE, [limit])
    keys = [d[0] for d in due.description]
    rows = due.fetchall()
    if not rows:
        return run
    targets = {t.id: t for t in list_targets(cur)}
    key = store.pseudonym_key()
    down: set[str] = set()
    for row in rows:
        item = dict(zip(keys, row))
        target = targets.get(item["target_id"])
        if target is None or not target.enabled or target.id in down:
            continue
        alert = {k: item[k] for k in keys[4:]}
        alert["evidence"] = public_evidence(orjson.loads(alert["evidence"]), key)  # no account id leaves
        try:
            send(target, alert)
        except DeliveryError as exc:
            down.add(target.id)
            attempts = item["attempts"] + 1
            age = (datetime.now(UTC) - item["queued_at"]).total_seconds()
            with store.writing() as con:
                if age >= backoff.max_age:
                    con.execute(sql.MARK_FAILED, [str(exc), alert["id"], target.id])
                    run.failed += 1
                else:
                    con.execute(sql.MARK_RETRY, [backoff.delay(attempts), str(exc), alert["id"], target.id])
                    run.retried += 1
            log.warning("alert %s to target %s: attempt %d failed: %s", alert["id"], target.name, attempts, exc)
            continue
        with store.writing() as con:
            con.execute(sql.MARK_DELIVERED, [alert["id"], target.id])
        run.delivered += 1
    return run


def list_deliveries(con, *, state: str | None = None, alert_id: str | None = None, limit: int = 200) -> list[dict]:
    cur = con.execute(sql.LIST_DELIVERIES, {"state": state, "alert": alert_id, "limit": limit})
    keys = [d[0] for d in cur.description]
    return [dict(zip(keys, r)) for r in cur.fetchall()]
