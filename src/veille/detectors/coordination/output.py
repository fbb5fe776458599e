"""What detection gives back: the JSON contract, and the network for Gephi and friends.

JSON (`veille detect --json`), relied on by other tools and tests:
    {"params": {...}, "campaigns": [{"id", "accounts", "kinds", "score", "first_seen", "last_seen",
      "evidence": [{"kind", "object", "accounts", "times"}], ...}]}
Campaigns also carry `members` (platform, id, role, lead share), `leaders` and `followers`, and
each evidence item its `posts` and an `example` text (a co-text object is a hash of folded text);
`accounts` holds account ids as the platforms give them. The network files hold every account
pair that acted together (kept or not), with the evidence of each edge as attributes.
"""

from datetime import UTC, datetime
from pathlib import Path

from veille.detectors.coordination.campaigns import Campaign, Edge
from veille.detectors.coordination.detector import Detection

MAX_EDGE_OBJECTS = 50  # objects listed on one edge of an exported network


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _account(key: str) -> str:
    return key.split(":", 1)[1]


def campaign_json(c: Campaign) -> dict:
    return {
        "id": c.id,
        "accounts": [m.account_id for m in c.members],
        "kinds": c.kinds,
        "score": c.score,
        "first_seen": iso(c.first_seen),
        "last_seen": iso(c.last_seen),
        "evidence": [
            {"kind": e.kind, "object": e.object, "accounts": [_account(a) for a in e.accounts],
             "times": [iso(t) for t in e.times], "posts": e.posts, "example": e.example[:280]}
            for e in c.evidence
        ],
        "members": [{"platform": m.platform, "id": m.account_id, "role": m.role, "lead_share": round(m.lead_share, 3),
                     "co_actions": m.co_actions} for m in c.members],
        "leaders": [m.account_id for m in c.leaders],
        "followers": [m.account_id for m in c.followers],
    }


def detection_json(d: Detection) -> dict:
    return {
        "params": d.params_record(),
        "events": d.events,
        "network": d.network,
        "timings": d.timings,
        "campaigns": [campaign_json(c) for c in d.campaigns],
    }


def _edge_objects(d: Detection) -> dict[tuple[str, str, str], list[str]]:
    """Objects per (kind, a, b) from the campaigns' evidence."""
    found: dict[tuple[str, str, str], list[str]] = {}
    for c in d.campaigns:
        for e in c.evidence:
            actors = sorted(set(e.accounts))
            for i, a in enumerate(actors):
                for b in actors[i + 1:]:
                    items = found.setdefault((e.kind, a, b), [])
                    if len(items) < MAX_EDGE_OBJECTS:
                        items.append(e.object)
    return found


def _nodes(d: Detection) -> tuple[list[str], dict[str, str]]:
    campaign_of = {m.key: c.id for c in d.campaigns for m in c.members}
    names = sorted({v for e in d.edges for v in (e.a, e.b)})
    return names, campaign_of


EDGE_ATTRIBUTES = [
    ("kind", "string"), ("weight", "double"), ("objects", "long"), ("co_actions", "long"), ("mean_delay", "double"),
    ("q_value", "double"), ("kept", "boolean"), ("evidence", "string"),
]


def _edge_values(e: Edge, objects: dict) -> dict:
    return {
        "kind": e.kind, "weight": e.weight, "objects": e.objects, "co_actions": e.co_actions,
        "mean_delay": round(e.mean_delay, 3), "q_value": e.q_value if e.q_value is not None else -1.0,
        "kept": e.kept, "evidence": " ".join(objects.get((e.kind, e.a, e.b), [])),
    }


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    from xml.sax.saxutils import escape  # on use: it brings urllib.request and http (40 ms for every `detect`)

    return escape(str(value))


def write_graphml(d: Detection, path: Path) -> None:
    names, campaign_of = _nodes(d)
    objects = _edge_objects(d)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for attr in ("platform", "account", "campaign"):
            out.write(f'  <key id="{attr}" for="node" attr.name="{attr}" attr.type="string"/>\n')
        for name, kind in EDGE_ATTRIBUTES:
            out.write(f'  <key id="{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
        out.write('  <graph id="coordination" edgedefault="undirected">\n')
        for n in names:
            platform, account = n.split(":", 1)
            out.write(f'    <node id="{_text(n)}"><data key="platform">{_text(platform)}</data>'
                      f'<data key="account">{_text(account)}</data>'
                      f'<data key="campaign">{_text(campaign_of.get(n, ""))}</data></node>\n')
        for i, e in enumerate(d.edges):
            out.write(f'    <edge id="e{i}" source="{_text(e.a)}" target="{_text(e.b)}">')
            for name, value in _edge_values(e, objects).items():
                out.write(f'<data key="{name}">{_text(value)}</data>')
            out.write("</edge>\n")
        out.write("  </graph>\n</graphml>\n")


def write_gexf(d: Detection, path: Path) -> None:
    names, campaign_of = _nodes(d)
    objects = _edge_objects(d)
    gexf_types = {"string": "string", "double": "double", "long": "long", "boolean": "boolean"}
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">\n')
        out.write('  <graph defaultedgetype="undirected" mode="static">\n')
        out.write('    <attributes class="node">\n      <attribute id="platform" title="platform" type="string"/>\n'
                  '      <attribute id="campaign" title="campaign" type="string"/>\n    </attributes>\n')
        out.write('    <attributes class="edge">\n')
        for name, kind in EDGE_ATTRIBUTES:
            if name != "weight":
                out.write(f'      <attribute id="{name}" title="{name}" type="{gexf_types[kind]}"/>\n')
        out.write("    </attributes>\n    <nodes>\n")
        for n in names:
            platform, account = n.split(":", 1)
            out.write(f'      <node id="{_text(n)}" label="{_text(account)}"><attvalues>'
                      f'<attvalue for="platform" value="{_text(platform)}"/>'
                      f'<attvalue for="campaign" value="{_text(campaign_of.get(n, ""))}"/></attvalues></node>\n')
        out.write("    </nodes>\n    <edges>\n")
        for i, e in enumerate(d.edges):
            values = _edge_values(e, objects)
            out.write(f'      <edge id="e{i}" source="{_text(e.a)}" target="{_text(e.b)}" weight="{e.weight}"><attvalues>')
            for name, value in values.items():
                if name != "weight":
                    out.write(f'<attvalue for="{name}" value="{_text(value)}"/>')
            out.write("</attvalues></edge>\n")
        out.write("    </edges>\n  </graph>\n</gexf>\n")
