"""Storing a detection run: its parameters, campaigns, members, evidence and kept edges."""

import uuid
from datetime import UTC, datetime

import orjson

from veille.detectors.coordination.detector import Detection
from veille.store import Store
from veille.store.columns import select_columns


def _ts(t: float) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def save(store: Store, d: Detection, started_at: datetime) -> str:
    run_id = uuid.uuid4().hex
    summary = {"campaigns": len(d.campaigns), "network": d.network, "events": d.events}
    kept = [e for e in d.edges if e.kept]
    members = [(c, m) for c in d.campaigns for m in c.members]
    evidence = [(c, e) for c in d.campaigns for e in c.evidence]
    tables = {  # table -> column -> (SQL type, values)
        "campaigns": {
            "run_id": ("VARCHAR", [run_id] * len(d.campaigns)), "id": ("VARCHAR", [c.id for c in d.campaigns]),
            "kinds": ("VARCHAR[]", [c.kinds for c in d.campaigns]),
            "score": ("DOUBLE", [c.score for c in d.campaigns]),
            "first_seen": ("TIMESTAMPTZ", [_ts(c.first_seen) for c in d.campaigns]),
            "last_seen": ("TIMESTAMPTZ", [_ts(c.last_seen) for c in d.campaigns]),
            "size": ("INTEGER", [len(c.members) for c in d.campaigns]),
        },
        "campaign_members": {
            "run_id": ("VARCHAR", [run_id] * len(members)),
            "campaign_id": ("VARCHAR", [c.id for c, _ in members]),
            "platform": ("VARCHAR", [m.platform for _, m in members]),
            "account_id": ("VARCHAR", [m.account_id for _, m in members]),
            "role": ("VARCHAR", [m.role for _, m in members]),
            "lead_share": ("DOUBLE", [m.lead_share for _, m in members]),
            "co_actions": ("BIGINT", [m.co_actions for _, m in members]),
        },
        "campaign_evidence": {
            "run_id": ("VARCHAR", [run_id] * len(evidence)),
            "campaign_id": ("VARCHAR", [c.id for c, _ in evidence]),
            "kind": ("VARCHAR", [e.kind for _, e in evidence]),
            "object": ("VARCHAR", [e.object for _, e in evidence]),
            "accounts": ("VARCHAR[]", [e.accounts for _, e in evidence]),
            "posts": ("VARCHAR[]", [e.posts for _, e in evidence]),
            "times": ("TIMESTAMPTZ[]", [[_ts(t) for t in e.times] for _, e in evidence]),
        },
        "campaign_edges": {
            "run_id": ("VARCHAR", [run_id] * len(kept)),
            "kind": ("VARCHAR", [e.kind for e in kept]),
            "a": ("VARCHAR", [e.a for e in kept]), "b": ("VARCHAR", [e.b for e in kept]),
            "objects": ("BIGINT", [e.objects for e in kept]),
            "co_actions": ("BIGINT", [e.co_actions for e in kept]),
            "a_first": ("BIGINT", [e.a_first for e in kept]),
            "mean_delay": ("DOUBLE", [e.mean_delay for e in kept]),
            "p_value": ("DOUBLE", [e.p_value for e in kept]),
            "q_value": ("DOUBLE", [e.q_value for e in kept]),
            "common": ("BIGINT", [e.common for e in kept]),
            "above_threshold": ("BOOLEAN", [True] * len(kept)),
        },
    }
    with store.writing() as con:
        con.execute("INSERT INTO detection_runs VALUES (?, 'coordination', ?, ?, ?, ?)", [
            run_id, started_at, datetime.now(UTC), orjson.dumps(d.params_record()).decode(),
            orjson.dumps(summary).decode()])
        for table, columns in tables.items():
            if columns["run_id"][1]:
                select, values = select_columns(columns)
                con.execute(f"INSERT INTO {table} BY NAME {select}", values)
    return run_id
