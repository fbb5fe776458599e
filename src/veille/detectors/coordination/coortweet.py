"""CooRTweet's definitions, to reproduce its published networks (`--method coortweet`).

Following CooRTweet 2.1 (detect_groups, generate_coordinated_network), per kind: accounts with
fewer than `min_participation` actions are dropped; every two actions on the same object by
different accounts within the window are a co-share; accounts whose co-shares number fewer than
`min_participation` are dropped again, keeping a co-share when either side survives. The kinds'
co-shares are then pooled, as CooRTweet's users bind its results together: the weight of an
account pair is its number of co-shares, every pair is an edge of the network, and an edge is
flagged (kept for campaigns) when its weight is strictly above the `edge_weight` quantile of all
weights (R's default, type 7, interpolating quantile).
"""

from veille.detectors.coordination import sql
from veille.detectors.coordination.campaigns import Edge


def filter_min_participation(con, kind: str, min_participation: int) -> None:
    con.execute(sql.COORTWEET_KEPT_POSTS, {"kind": kind, "min_participation": min_participation})
    con.execute(sql.COORTWEET_FILTER, {"kind": kind})
    con.execute("DROP TABLE kept")


def network_edges(con, edge_weight: float) -> list[Edge]:
    threshold = con.execute(
        "SELECT quantile_cont(w, $q) FROM (SELECT sum(co_actions) AS w FROM coord_pair_stats GROUP BY a, b)",
        {"q": edge_weight},
    ).fetchone()[0]
    if threshold is None:
        return []
    rows = con.execute("""
        SELECT kind, a, b, co_actions, objects, a_first, mean_delay, first_t, last_t, a_posts, b_posts,
               sum(co_actions) OVER (PARTITION BY a, b) AS weight
        FROM coord_pair_stats ORDER BY a, b, kind
    """).fetchall()
    return [
        Edge(kind=kind, a=a, b=b, objects=objects, co_actions=co_actions, a_first=a_first, mean_delay=mean_delay,
             first_t=first_t, last_t=last_t, a_posts=a_posts, b_posts=b_posts, weight=float(co_actions),
             kept=weight > threshold)
        for kind, a, b, co_actions, objects, a_first, mean_delay, first_t, last_t, a_posts, b_posts, weight in rows
    ]


def score(edges: list[Edge]) -> float:
    """CooRTweet has no significance: the mean number of co-shares on the campaign's edges."""
    return round(sum(e.co_actions for e in edges) / len(edges), 4)
