"""Storing a detection run: its parameters, campaigns, members, evidence and kept edges."""

import uuid
from datetime import UTC, datetime

import orjson
import pyarrow as pa

from veille.detectors.coordination.detector import Detection
from veille.store import Store

_TS = pa.timestamp("us", tz="UTC")


def _ts(t: float) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def save(store: Store, d: Detection, started_at: datetime) -> str:
    run_id = uuid.uuid4().hex
    summary = {"campaigns": len(d.campaigns), "network": d.network, "events": d.events}
    tables = {
        "campaigns": pa.table({
            "run_id": [run_id] * len(d.campaigns), "id": [c.id for c in d.campaigns],
            "kinds": pa.array([c.kinds for c in d.campaigns], pa.list_(pa.string())),
            "score": pa.array([c.score for c in d.campaigns], pa.float64()),
            "first_seen": pa.array([_ts(c.first_seen) for c in d.campaigns], _TS),
            "last_seen": pa.array([_ts(c.last_seen) for c in d.campaigns], _TS),
            "size": pa.array([len(c.members) for c in d.campaigns], pa.int32()),
        }),
        "campaign_members": pa.table({
            "run_id": [run_id for c in d.campaigns for _ in c.members],
            "campaign_id": [c.id for c in d.campaigns for _ in c.members],
            "platform": [m.platform for c in d.campaigns for m in c.members],
            "account_id": [m.account_id for c in d.campaigns for m in c.members],
            "role": [m.role for c in d.campaigns for m in c.members],
            "lead_share": pa.array([m.lead_share for c in d.campaigns for m in c.members], pa.float64()),
            "co_actions": pa.array([m.co_actions for c in d.campaigns for m in c.members], pa.int64()),
        }),
        "campaign_evidence": pa.table({
            "run_id": [run_id for c in d.campaigns for _ in c.evidence],
            "campaign_id": [c.id for c in d.campaigns for _ in c.evidence],
            "kind": [e.kind for c in d.campaigns for e in c.evidence],
            "object": [e.object for c in d.campaigns for e in c.evidence],
            "accounts": pa.array([e.accounts for c in d.campaigns for e in c.evidence], pa.list_(pa.string())),
            "posts": pa.array([e.posts for c in d.campaigns for e in c.evidence], pa.list_(pa.string())),
            "times": pa.array([[_ts(t) for t in e.times] for c in d.campaigns for e in c.evidence], pa.list_(_TS)),
        }),
        "campaign_edges": pa.table({
            "run_id": [run_id] * sum(1 for e in d.edges if e.kept),
            "kind": [e.kind for e in d.edges if e.kept],
            "a": [e.a for e in d.edges if e.kept], "b": [e.b for e in d.edges if e.kept],
            "objects": pa.array([e.objects for e in d.edges if e.kept], pa.int64()),
            "co_actions": pa.array([e.co_actions for e in d.edges if e.kept], pa.int64()),
            "a_first": pa.array([e.a_first for e in d.edges if e.kept], pa.int64()),
            "mean_delay": pa.array([e.mean_delay for e in d.edges if e.kept], pa.float64()),
            "p_value": pa.array([e.p_value for e in d.edges if e.kept], pa.float64()),
            "q_value": pa.array([e.q_value for e in d.edges if e.kept], pa.float64()),
            "common": pa.array([e.common for e in d.edges if e.kept], pa.int64()),
            "above_threshold": pa.array([True for e in d.edges if e.kept], pa.bool_()),
        }),
    }
    with store.writing() as con:
        con.execute("INSERT INTO detection_runs VALUES (?, 'coordination', ?, ?, ?, ?)", [
            run_id, started_at, datetime.now(UTC), orjson.dumps(d.params_record()).decode(),
            orjson.dumps(summary).decode()])
        for table, arrow in tables.items():
            if arrow.num_rows:
                con.register("rows", arrow)
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM rows")
                con.unregister("rows")
    return run_id
