"""A campaign's account network, laid out on the server for drawing.

Nodes are the campaign's accounts, edges the kept coordination edges of its run between two of
them (one per kind of coordination). Only the `cap` (300) most connected accounts are kept, so
that a page stays readable and quick; the network says how many it left out. The layout is
Fruchterman-Reingold (igraph) weighted by co-actions, started from positions drawn with a fixed
seed and run with igraph's random numbers seeded too, so the same network is drawn the same way
every time; coordinates are scaled to [0, 1].
"""

import math
import random
import threading

import igraph
import numpy as np

from veille.views import sql
from veille.views.campaigns import Stored
from veille.views.models import Network, NetworkEdge, NetworkNode, NodeObject

CAP = 300
SEED = 7
OBJECTS_PER_NODE = 15
MARGIN = 0.04
_igraph_rng = threading.Lock()  # igraph's random number generator is global to the process


def network(stored: Stored, *, cap: int = CAP) -> Network:
    members = {f"{p}:{a}": (p, role, co) for p, a, role, _, co, _, _ in stored.members}
    edges = stored.con.execute(sql.EDGES, stored.params).fetchall()
    neighbours: dict[str, set[str]] = {k: set() for k in members}
    for _, a, b, *_ in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    degree = {k: len(neighbours[k]) for k in members}
    kept = sorted(members, key=lambda k: (-degree[k], -members[k][2], k))[:cap]
    shown = set(kept)
    edges = [e for e in edges if e[1] in shown and e[2] in shown]
    positions = _layout(kept, edges)
    names = stored.names
    objects = _objects_by_account(stored.evidence, shown)
    nodes = [NetworkNode(id=names.get(k).id, label=names.get(k).label, platform=members[k][0], role=members[k][1],
                         degree=degree[k], co_actions=members[k][2], x=round(x, 4), y=round(y, 4),
                         objects=objects.get(k, []))
             for k, (x, y) in zip(kept, positions)]
    out_edges = [NetworkEdge(source=names.get(a).id, target=names.get(b).id, kind=kind, objects=objects_n,
                             co_actions=co, mean_delay=round(delay, 1))
                 for kind, a, b, objects_n, co, delay in edges]
    return Network(campaign_id=stored.id, nodes=nodes, edges=out_edges, members=len(members), shown=len(kept),
                   cap=cap, platforms=sorted({n.platform for n in nodes}), roles=sorted({n.role for n in nodes}),
                   kinds=sorted({e.kind for e in out_edges}), layout=f"fruchterman-reingold, seed {SEED}")


def _layout(keys: list[str], edges: list[tuple]) -> list[tuple[float, float]]:
    if not keys:
        return []
    if len(keys) == 1:
        return [(0.5, 0.5)]
    index = {k: i for i, k in enumerate(keys)}
    weights: dict[tuple[int, int], float] = {}
    for _, a, b, _, co, _ in edges:  # one edge per pair, all kinds together
        pair = (min(index[a], index[b]), max(index[a], index[b]))
        weights[pair] = weights.get(pair, 0.0) + co
    graph = igraph.Graph(n=len(keys), edges=list(weights))
    start = np.random.default_rng(SEED).uniform(-1, 1, size=(len(keys), 2)).tolist()
    with _igraph_rng:  # the layout draws random numbers too: seed them, then give igraph back its default
        igraph.set_random_number_generator(random.Random(SEED))
        try:
            layout = graph.layout_fruchterman_reingold(
                weights=[1 + math.log1p(w) for w in weights.values()] if weights else None, seed=start, niter=500)
        finally:
            igraph.set_random_number_generator(random)
    coords = np.array(layout.coords, dtype=float)
    low, high = coords.min(axis=0), coords.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    scaled = MARGIN + (1 - 2 * MARGIN) * (coords - low) / span
    return [(float(x), float(y)) for x, y in scaled]


def _objects_by_account(evidence: list[tuple], shown: set[str]) -> dict[str, list[NodeObject]]:
    """What each shown account acted on together with others: kind, object, sample, time."""
    found: dict[str, list[NodeObject]] = {}
    for kind, obj, sample, _, actors, _, times, _, _ in evidence:
        for actor, t in zip(actors, times):
            if actor in shown:
                found.setdefault(actor, []).append(
                    NodeObject(kind=kind, object=obj, sample=(sample or "")[:140] or None, time=t))
    return {k: sorted(v, key=lambda o: o.time, reverse=True)[:OBJECTS_PER_NODE] for k, v in found.items()}
