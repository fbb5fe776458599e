"""What an analyst does with an alert: acknowledge it, snooze it until a time, close it; and reading
alerts back (with filters, one by id, or every change since a revision for the live feed).

Statuses: open (new), acknowledged (someone is on it), snoozed (quiet until `snoozed_until`; if
the rule fires again after that, the alert is open again), closed. Every change is audited in
the transaction that makes it.
"""

from datetime import UTC, datetime, timedelta

import orjson

from veille.access import audit
from veille.alerts import sql
from veille.errors import NotFound, UsageError

STATUSES = ("open", "acknowledged", "snoozed", "closed")
MAX_SNOOZE = timedelta(days=90)


def _row(description, row) -> dict:
    item = dict(zip([d[0] for d in description], row))
    item["evidence"] = orjson.loads(item["evidence"])
    return item


def list_alerts(con, *, rule: str | None = None, status: str | None = None, severity: str | None = None,
                limit: int = 100) -> list[dict]:
    if status is not None and status not in STATUSES:
        raise UsageError(f"status {status!r}: choose one of {', '.join(STATUSES)}")
    cur = con.execute(sql.LIST_ALERTS, {"rule": rule, "status": status, "severity": severity, "limit": limit})
    return [_row(cur.description, r) for r in cur.fetchall()]


def get_alert(con, alert_id: str) -> dict:
    cur = con.execute(sql.GET_ALERT, [alert_id])
    row = cur.fetchone()
    if row is None:
        raise NotFound(f"no alert {alert_id!r}")
    return _row(cur.description, row)


def changed_since(con, revision: int, limit: int = 100) -> list[dict]:
    """Alerts written after `revision`, oldest change first (the live feed's next events)."""
    cur = con.execute(sql.CHANGED_SINCE, [revision, limit])
    return [_row(cur.description, r) for r in cur.fetchall()]


def latest_revision(con) -> int:
    return con.execute(sql.LATEST_REVISION).fetchone()[0]


def _set(con, alert_id: str, status: str, until: datetime | None, actor: str, details: dict) -> dict:
    before = get_alert(con, alert_id)
    con.execute(sql.SET_STATUS, {"id": alert_id, "status": status, "until": until})
    audit(con, actor, f"alert.{details.pop('action')}", "alert", alert_id,
          {"from": before["status"], "to": status} | details)
    return get_alert(con, alert_id)


def acknowledge(con, alert_id: str, *, actor: str = "system") -> dict:
    return _set(con, alert_id, "acknowledged", None, actor, {"action": "acknowledge"})


def close(con, alert_id: str, *, actor: str = "system") -> dict:
    return _set(con, alert_id, "closed", None, actor, {"action": "close"})


def reopen(con, alert_id: str, *, actor: str = "system") -> dict:
    return _set(con, alert_id, "open", None, actor, {"action": "reopen"})


def snooze(con, alert_id: str, *, until: datetime | None = None, hours: float | None = None,
           actor: str = "system") -> dict:
    """Quiet the alert until `until` (aware, or taken as UTC) or for `hours`."""
    now = datetime.now(UTC)
    if (until is None) == (hours is None):
        raise UsageError("snooze: give either until (a time) or hours")
    if hours is not None:
        if not 0 < hours <= MAX_SNOOZE.total_seconds() / 3600:
            raise UsageError(f"snooze: hours must be more than 0 and at most {MAX_SNOOZE.days * 24}")
        until = now + timedelta(hours=hours)
    if until.tzinfo is None:
        until = until.replace(tzinfo=UTC)
    if until <= now:
        raise UsageError("snooze: the time is in the past")
    if until - now > MAX_SNOOZE:
        raise UsageError(f"snooze: at most {MAX_SNOOZE.days} days")
    return _set(con, alert_id, "snoozed", until, actor, {"action": "snooze", "until": until.isoformat()})
