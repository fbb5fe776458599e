"""A campaign's account network drawn as SVG, from the layout the server computed
(veille.views.network).

Accounts are circles coloured by platform, sized by degree, outlined in black when they lead
(act first); edges are lines coloured by kind of coordination. Each element carries data-
attributes that static/network.js reads for pan and zoom, hover and selection; without script
the drawing still shows the whole network.
"""

import math
from html import escape

from markupsafe import Markup

from veille.web.charts import colour

SIZE = 1000


def _e(value) -> str:
    return escape(str(value), quote=True)


def legend_colours(network) -> dict[str, dict[str, str]]:
    """The colour of each platform and of each kind of coordination, for the legend."""
    return {"platforms": {p: colour(i) for i, p in enumerate(network.platforms)},
            "kinds": {k: colour(i + 3) for i, k in enumerate(network.kinds)}}


def draw(network, *, api: str) -> Markup:
    colours = legend_colours(network)
    title = (f"Account network of {network.campaign_id}: {network.shown} accounts"
             f"{f' of {network.members}' if network.shown < network.members else ''}, {len(network.edges)} edges")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="network" class="network" role="img" aria-label="{_e(title)}" '
           f'viewBox="0 0 {SIZE} {SIZE}" data-api="{_e(api)}" preserveAspectRatio="xMidYMid meet">',
           f"<title>{_e(title)}</title>", '<g class="viewport">', '<g class="edges" stroke-opacity="0.45">']
    index = {n.id: i for i, n in enumerate(network.nodes)}
    for e in network.edges:  # endpoints by node index (data-s, data-t): a page may hold thousands of edges
        a, b = network.nodes[index[e.source]], network.nodes[index[e.target]]
        width = 0.6 + min(math.log1p(e.co_actions) / 2, 3)
        out.append(f'<line x1="{a.x * SIZE:.0f}" y1="{a.y * SIZE:.0f}" x2="{b.x * SIZE:.0f}" y2="{b.y * SIZE:.0f}" '
                   f'stroke="{colours["kinds"][e.kind]}" stroke-width="{width:.1f}" '
                   f'data-s="{index[e.source]}" data-t="{index[e.target]}"/>')
    out.append('</g><g class="nodes">')
    for i, n in enumerate(network.nodes):
        x, y = n.x * SIZE, n.y * SIZE
        radius = 5 + 2.2 * math.sqrt(n.degree)
        leader = ' stroke="#111827" stroke-width="3"' if n.role == "leader" else ' stroke="#ffffff" stroke-width="1.5"'
        out.append(f'<circle class="node role-{_e(n.role)}" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
                   f'fill="{colours["platforms"][n.platform]}"{leader} tabindex="0" data-i="{i}" data-id="{_e(n.id)}" '
                   f'data-label="{_e(n.label)}" data-degree="{n.degree}" data-platform="{_e(n.platform)}" '
                   f'data-role="{_e(n.role)}"><title>{_e(n.label)} ({_e(n.platform)}, {_e(n.role)}): '
                   f'degree {n.degree}</title></circle>')
    out.append("</g></g></svg>")
    return Markup("".join(out))
