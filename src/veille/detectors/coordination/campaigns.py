"""From coordinated pairs to campaigns: the account network, its communities, who leads.

Kept edges of every kind form one weighted, undirected account network (weight: the number of
distinct objects the pair acted on together, or CooRTweet's co-shares, summed over kinds). Communities are found with the
Leiden algorithm (leidenalg on igraph, modularity, fixed seed, vertices and edges in sorted
order, so the same edges always give the same communities); each community of at least
`min_accounts` accounts is a campaign.

Leaders and followers: within a campaign, every co-action has a first and a second actor. An
account's lead share is how often it acted first; leaders act first at least 60% of the time
over at least three co-actions, followers at most 40%, the rest are peers.
"""

import hashlib
from dataclasses import dataclass, field

import igraph
import leidenalg

LEADER_SHARE = 0.6
FOLLOWER_SHARE = 0.4
MIN_CO_ACTIONS_FOR_ROLE = 3


@dataclass
class Edge:
    kind: str
    a: str  # platform:account, a < b
    b: str
    objects: int
    co_actions: int
    a_first: int
    mean_delay: float
    first_t: float
    last_t: float
    p_value: float | None = None
    q_value: float | None = None
    common: int | None = None
    a_posts: int = 0  # posts of a that took part
    b_posts: int = 0
    weight: float = 0.0  # in the combined network: distinct objects (veille) or co-shares (CooRTweet)
    kept: bool = True


@dataclass
class Member:
    key: str  # platform:account
    role: str = "peer"
    lead_share: float = 0.0
    co_actions: int = 0

    @property
    def platform(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def account_id(self) -> str:
        return self.key.split(":", 1)[1]


@dataclass
class Evidence:
    kind: str
    object: str
    accounts: list[str]
    times: list[float]
    posts: list[str]
    example: str = ""


@dataclass
class Campaign:
    id: str
    members: list[Member]
    kinds: list[str]
    score: float
    first_seen: float
    last_seen: float
    edges: list[Edge] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def leaders(self) -> list[Member]:
        return sorted((m for m in self.members if m.role == "leader"), key=lambda m: (-m.lead_share, m.key))

    @property
    def followers(self) -> list[Member]:
        return sorted((m for m in self.members if m.role == "follower"), key=lambda m: (m.lead_share, m.key))


def communities(edges: list[Edge], seed: int) -> list[list[str]]:
    """Leiden communities of the combined network of kept edges, largest first."""
    weights: dict[tuple[str, str], float] = {}
    for e in edges:
        if e.kept:
            weights[(e.a, e.b)] = weights.get((e.a, e.b), 0.0) + e.weight
    if not weights:
        return []
    names = sorted({v for pair in weights for v in pair})
    index = {name: i for i, name in enumerate(names)}
    pairs = sorted(weights)
    graph = igraph.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in pairs])
    graph.es["weight"] = [weights[p] for p in pairs]
    partition = leidenalg.find_partition(graph, leidenalg.ModularityVertexPartition, weights="weight", seed=seed)
    groups = [sorted(names[i] for i in community) for community in partition]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def build(edges: list[Edge], groups: list[list[str]], min_accounts: int, params_digest: str,
          score_of) -> list[Campaign]:
    """Campaigns from communities: members with roles, kinds, timing and score."""
    campaigns = []
    for group in groups:
        if len(group) < min_accounts:
            continue
        inside = set(group)
        internal = [e for e in edges if e.kept and e.a in inside and e.b in inside]
        if not internal:
            continue
        members = {key: Member(key) for key in group}
        led: dict[str, int] = {key: 0 for key in group}
        for e in internal:
            members[e.a].co_actions += e.co_actions
            members[e.b].co_actions += e.co_actions
            led[e.a] += e.a_first
            led[e.b] += e.co_actions - e.a_first
        for key, member in members.items():
            if member.co_actions:
                member.lead_share = led[key] / member.co_actions
            if member.co_actions >= MIN_CO_ACTIONS_FOR_ROLE:
                if member.lead_share >= LEADER_SHARE:
                    member.role = "leader"
                elif member.lead_share <= FOLLOWER_SHARE:
                    member.role = "follower"
        kinds = sorted({e.kind for e in internal})
        digest = hashlib.sha1("|".join([params_digest, *kinds, *group]).encode()).hexdigest()[:12]
        campaigns.append(Campaign(
            id=f"campaign-{digest}", members=[members[k] for k in group], kinds=kinds,
            score=score_of(internal), first_seen=min(e.first_t for e in internal),
            last_seen=max(e.last_t for e in internal), edges=internal,
        ))
    return campaigns
