"""Alert records and how they are stored.

A detector describes an event as an `Alert` whose `id` is a deduplication key derived from the
event itself. Raising an alert that exists updates it (severity, last seen, evidence) and keeps
what an analyst did with it (its status, when it was first raised): the same burst seen in ten
detection cycles is one alert, and an alert seen again unchanged is not written at all (the live
feed and the targets hear of changes only). The one exception: a snoozed alert that fires again after its
snooze ended is open again. Every write takes the next `revision`, which the live feed follows.
"""

from datetime import datetime
from typing import Literal

import orjson
from pydantic import BaseModel, ConfigDict

Severity = Literal["low", "medium", "high"]

UPSERT = """
INSERT INTO alerts (id, rule, severity, title, subject_kind, subject, first_seen, last_seen, evidence, status,
                    created_at, updated_at, revision)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', now(), now(), nextval('alert_revision_seq'))
ON CONFLICT (id) DO UPDATE SET
    severity = excluded.severity, title = excluded.title, last_seen = excluded.last_seen,
    evidence = excluded.evidence, updated_at = now(), revision = nextval('alert_revision_seq'),
    status = CASE WHEN alerts.status = 'snoozed' AND alerts.snoozed_until <= now() THEN 'open' ELSE alerts.status END,
    snoozed_until = CASE WHEN alerts.status = 'snoozed' AND alerts.snoozed_until <= now() THEN NULL
                         ELSE alerts.snoozed_until END
WHERE alerts.severity <> excluded.severity OR alerts.title <> excluded.title OR alerts.last_seen <> excluded.last_seen
   OR alerts.evidence::VARCHAR <> excluded.evidence::VARCHAR
   OR (alerts.status = 'snoozed' AND alerts.snoozed_until <= now())
"""


class Alert(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    rule: str
    severity: Severity
    title: str
    subject_kind: str
    subject: str
    first_seen: datetime
    last_seen: datetime
    evidence: dict


def raise_alerts(con, alerts: list[Alert]) -> tuple[int, int]:
    """Insert or update `alerts`; the caller holds the write transaction. Returns (new, updated)."""
    if not alerts:
        return 0, 0
    ids = [a.id for a in alerts]
    existing = con.execute("SELECT count(*) FROM alerts WHERE list_contains(?, id)", [ids]).fetchone()[0]
    for a in alerts:
        con.execute(UPSERT, [a.id, a.rule, a.severity, a.title, a.subject_kind, a.subject, a.first_seen,
                             a.last_seen, orjson.dumps(a.evidence, default=str).decode()])
    return len(alerts) - existing, existing
