"""Running coordination detection over the store: events, pairs, edges, campaigns, evidence.

The heavy lifting is SQL (see sql.py) on a connection of its own, with temporary tables; Python
handles only per-pair statistics (vectorised with NumPy) and the community detection. Two
methods share the events and pairs:
- `veille` (the default): pairs are tested against chance and popularity (significance.py),
  and kept when significant, repeated on `min_repeat` distinct objects and consistent;
- `coortweet`: CooRTweet's definitions, to reproduce its published networks (coortweet.py).
"""

import hashlib
import json
import math
import time
from dataclasses import dataclass, field

import duckdb
import numpy as np

from veille.detectors.coordination import coortweet, sql
from veille.detectors.coordination.campaigns import Campaign, Edge, Evidence, build, communities
from veille.detectors.coordination.params import DEFAULT_WINDOWS, KINDS, Params
from veille.detectors.coordination.significance import benjamini_hochberg, expected_meetings
from veille.detectors.statistics import poisson_tail
from veille.errors import VeilleError
from veille.store.columns import select_columns

AUTO_Q = 0.1  # CooRnet's defaults: the 10% quickest objects ...
AUTO_P = 0.5  # ... and the time they take to gather half of their actions
MIN_AUTO_WINDOW, MAX_AUTO_WINDOW = 1.0, 3600.0


@dataclass
class Detection:
    params: Params
    kinds: list[str]
    windows: dict[str, float]
    events: dict[str, int]
    edges: list[Edge]
    campaigns: list[Campaign]
    network: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def params_record(self) -> dict:
        record = self.params.record()
        record["kinds"] = self.kinds
        record["windows"] = self.windows
        return record


def detect(con: duckdb.DuckDBPyConnection, params: Params) -> Detection:
    """Run detection on `con` (a cursor of its own: it creates temporary tables)."""
    if con.execute("SELECT count(*) FROM posts").fetchone()[0] == 0:
        raise VeilleError("the database has no posts; run `veille ingest` first")
    try:
        return _detect(con, params)
    finally:
        for statement in sql.DROP_TEMP:
            con.execute(statement)


class _Clock:
    def __init__(self):
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = round(self.timings.get(stage, 0.0) + now - self._last, 3)
        self._last = now


def _detect(con, params: Params) -> Detection:
    clock = _Clock()
    kinds = list(params.kinds or KINDS)
    if "co-similar" in kinds:
        from veille.detectors.content import families  # imported on use: it weighs more than the rest

        families.build(con, families.FamilyParams(min_tokens=params.min_text_tokens + 4,
                                                  copy_similarity=params.similarity))
        clock.lap("co-similar families")
    lone_dropped = params.method == "veille"  # see SHARED_OBJECTS
    repeated = sql.REPEATED_TEXT.format(min_text_tokens=params.min_text_tokens) if lone_dropped else ""
    union = " UNION ALL ".join(
        sql.EVENTS[k].format(min_text_tokens=params.min_text_tokens, min_hashtags=params.min_hashtags,
                             repeated=repeated, repeated_family=sql.REPEATED_FAMILY if lone_dropped else "")
        for k in kinds
    )
    con.execute(sql.CREATE_EVENTS.format(union=union, shared=sql.SHARED_OBJECTS if lone_dropped else ""))
    if params.method == "veille":
        con.execute(sql.CROWDED, {"min_crowd": params.min_crowd})
    else:  # CooRTweet counts every pair
        con.execute("CREATE OR REPLACE TEMP TABLE coord_crowded (kind VARCHAR, object VARCHAR)")
    clock.lap("events")
    counts = dict(con.execute(sql.KIND_COUNTS).fetchall())
    if params.kinds is None:
        kinds = [k for k in kinds if counts.get(k)]  # every kind the data supports
        if not kinds:
            raise VeilleError("no post in the database shares a link, repost, text, hashtag set or reply with another")
    windows = {kind: params.window_for(kind) or _auto_window(con, kind) for kind in kinds}
    clock.lap("windows")

    con.execute(sql.CREATE_PAIRS_TABLE)
    con.execute(sql.PAIR_STATS_TABLE)
    edges: list[Edge] = []
    for kind in kinds:
        if params.method == "coortweet":
            con.execute(sql.DROP_LIGHT_ACCOUNTS, {"kind": kind, "min_participation": params.min_participation})
        con.execute(sql.INSERT_PAIRS.format(kind=kind, window=_seconds(windows[kind])))
        if params.method == "coortweet":
            coortweet.filter_min_participation(con, kind, params.min_participation)
        con.execute(sql.INSERT_PAIR_STATS.format(kind=kind))
        clock.lap(f"pairs {kind}")
        if params.method == "veille":
            edges.extend(_significant_edges(con, kind, windows[kind], params))
            clock.lap(f"tests {kind}")
    if params.method == "coortweet":
        edges = coortweet.network_edges(con, params.edge_weight)

    digest = hashlib.sha1(json.dumps(
        {"params": params.record(), "windows": windows}, sort_keys=True).encode()).hexdigest()
    groups = communities(edges, params.seed)
    score = coortweet.score if params.method == "coortweet" else _score
    campaigns = build(edges, groups, params.min_accounts, digest, score)
    clock.lap("communities")
    _attach_evidence(con, campaigns)
    clock.lap("evidence")
    accounts = {v for e in edges for v in (e.a, e.b)}
    kept = [e for e in edges if e.kept]
    network = {
        "accounts": len(accounts), "edges": len({(e.a, e.b) for e in edges}),
        "kept_accounts": len({v for e in kept for v in (e.a, e.b)}), "kept_edges": len({(e.a, e.b) for e in kept}),
    }
    return Detection(params=params, kinds=kinds, windows=windows, events={k: counts.get(k, 0) for k in kinds},
                     edges=edges, campaigns=campaigns, network=network, timings=clock.timings)


def _seconds(window: float) -> str:
    return repr(float(window))


def _auto_window(con, kind: str) -> float:
    median, objects = con.execute(sql.AUTO_WINDOW, {"kind": kind, "p": AUTO_P, "q": AUTO_Q}).fetchone()
    if not objects or median is None:
        return float(DEFAULT_WINDOWS[kind])  # too little data to estimate from
    return float(min(MAX_AUTO_WINDOW, max(MIN_AUTO_WINDOW, math.ceil(median))))


def _significant_edges(con, kind: str, window: float, params: Params) -> list[Edge]:
    """Pairs that pass either test of significance.py (each at alpha / 2), and the consistency check."""
    tests = con.execute("SELECT count(*) FROM coord_pair_stats WHERE kind = $kind", {"kind": kind}).fetchone()[0]
    if not tests:
        return []
    con.execute(f"CREATE OR REPLACE TEMP TABLE coord_exposure AS {sql.ACCOUNT_EXPOSURE}", {"kind": kind})
    actions = con.execute("SELECT coalesce(sum(k), 0) FROM coord_exposure").fetchone()[0]
    rows = con.execute("""
        SELECT s.a, s.b, s.co_actions, s.objects, s.a_first, s.mean_delay, s.first_t, s.last_t, x.k, x.w, y.k, y.w,
               s.a_posts, s.b_posts
        FROM coord_pair_stats s JOIN coord_exposure x ON x.account = s.a JOIN coord_exposure y ON y.account = s.b
        WHERE s.kind = $kind AND s.objects >= $min_repeat
        ORDER BY s.a, s.b
    """, {"kind": kind, "min_repeat": params.min_repeat}).fetchall()
    con.execute("DROP TABLE coord_exposure")
    if not rows:
        return []
    column = lambda i: np.array([r[i] for r in rows], dtype=float)  # noqa: E731
    level = params.alpha / 2  # two tests per pair
    # popularity: distinct objects met, against the configuration model
    p1 = poisson_tail(column(3), expected_meetings(column(8), column(9), column(10), column(11), actions))
    q1 = benjamini_hochberg(p1, tests)
    # activity: co-actions, against the pair's own closeness in time whatever the objects
    _register(con, "coord_candidates", {"a": [r[0] for r in rows], "b": [r[1] for r in rows]})
    expected = {(a, b): e for a, b, e in con.execute(sql.CO_ACTIVITY, {"kind": kind, "window": window}).fetchall()}
    p2 = poisson_tail(column(2), np.array([expected.get((r[0], r[1]), 0.0) for r in rows]))
    q2 = benjamini_hochberg(p2, len(rows))
    passed = [i for i in range(len(rows)) if min(q1[i], q2[i]) <= level]
    if not passed:
        return []
    _register(con, "coord_candidates", {"a": [rows[i][0] for i in passed], "b": [rows[i][1] for i in passed]})
    common = {(a, b): n for a, b, n in con.execute(sql.COMMON_OBJECTS, {"kind": kind}).fetchall()}
    edges = []
    for i in passed:
        a, b, n_co_actions, n_objects, a_first, mean_delay, first_t, last_t = rows[i][:8]
        shared = common.get((a, b), n_objects)
        best = 0 if q1[i] <= q2[i] else 1
        edges.append(Edge(
            kind=kind, a=a, b=b, objects=n_objects, co_actions=n_co_actions, a_first=a_first, mean_delay=mean_delay,
            first_t=first_t, last_t=last_t, p_value=float((p1[i], p2[i])[best]), q_value=float((q1[i], q2[i])[best]),
            common=shared, a_posts=rows[i][12], b_posts=rows[i][13], weight=float(n_objects),
            kept=n_objects / max(shared, 1) >= params.min_consistency,
        ))
    return edges


def _register(con, name: str, columns: dict[str, list[str]]) -> None:
    """A temporary table of string columns from Python lists."""
    select, values = select_columns({column: ("VARCHAR", data) for column, data in columns.items()})
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}", values)


def _score(edges: list[Edge]) -> float:
    """Mean significance of the campaign's edges, as -log10(q) capped at 50, scaled to 0..1."""
    strengths = [min(50.0, -math.log10(max(e.q_value or 1.0, 1e-300))) for e in edges]
    return round(sum(strengths) / len(strengths) / 50.0, 4)


def _attach_evidence(con, campaigns: list[Campaign]) -> None:
    if not campaigns:
        return
    _register(con, "coord_members", {
        "campaign": [c.id for c in campaigns for _ in c.members],
        "account": [m.key for c in campaigns for m in c.members],
    })
    by_id = {c.id: c for c in campaigns}
    for campaign_id, kind, obj, accounts, times, posts, example in con.execute(sql.EVIDENCE).fetchall():
        by_id[campaign_id].evidence.append(Evidence(kind, obj, accounts, times, posts, example or ""))
