"""The append-only audit trail: who changed what, and when.

Every change an analyst makes through the facade (a user added, a case noted, an alert snoozed)
writes one row in the same transaction as the change itself, so a change is never without its
record. Rows are only ever inserted.
"""

import orjson

from veille.access import sql


def audit(con, actor: str, action: str, subject_kind: str, subject_id: str, details: dict | None = None) -> None:
    """Record one change; the caller holds the write transaction of the change."""
    con.execute(sql.INSERT_AUDIT, [actor, action, subject_kind, str(subject_id),
                                   orjson.dumps(details or {}, default=str).decode()])


def read_audit(con, *, subject_kind: str | None = None, subject_id: str | None = None, limit: int = 200) -> list[dict]:
    rows = con.execute(sql.READ_AUDIT, {"kind": subject_kind, "id": subject_id, "limit": limit}).fetchall()
    keys = ("seq", "occurred_at", "actor", "action", "subject_kind", "subject_id", "details")
    return [dict(zip(keys, r)) | {"details": orjson.loads(r[6])} for r in rows]
