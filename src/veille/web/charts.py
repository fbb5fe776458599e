"""Charts drawn on the server as SVG: bars, stacked time series and sparklines.

No front-end chart library (nothing from a CDN, no third-party code in the page): each function
returns one self-contained, well-formed `<svg>` element as markup, with `role="img"`, an
`aria-label` and a `<title>` for screen readers, and colours as SVG presentation attributes
(the Content-Security-Policy forbids `style=` attributes). Series colours come from one palette
by position, so a new platform, language or kind of coordination gets a colour without code.
"""

import math
from collections.abc import Sequence
from datetime import datetime
from html import escape

from markupsafe import Markup

# Colour-blind-friendly (Okabe-Ito, then Tol's muted), used in order.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#332288",
           "#88ccee", "#44aa99", "#999933", "#aa4499", "#882255", "#117733")
HIGHLIGHT = "#fde68a"


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _e(value) -> str:
    return escape(str(value), quote=True)


def _open(width: int, height: int, title: str, css: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" role="img" aria-label="{_e(title)}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet">',
            f"<title>{_e(title)}</title>"]


def nice_step(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value`, and at least 1 (an
    axis step for counts: ticks stay whole numbers)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power and (step != 2.5 or power >= 10):
            return float(step * power)
    return float(10 * power)


def _number(value: float) -> str:
    if value >= 10_000:
        return f"{value / 1000:,.0f}k"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, width: int = 460, limit: int = 12) -> Markup:
    """Horizontal bars, one per (label, value), in the order given; at most `limit` bars."""
    items = list(items)[:limit]
    row, label_w, value_w, top = 22, 110, 60, 8
    height = top * 2 + row * max(len(items), 1)
    out = _open(width, height, title, "bar-chart")
    largest = max((v for _, v in items), default=0) or 1
    span = width - label_w - value_w
    for i, (label, value) in enumerate(items):
        y = top + i * row
        w = max(span * value / largest, 1 if value else 0)
        out.append(f'<g class="bar"><title>{_e(label)}: {_e(_number(value))}</title>'
                   f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{_e(label[:18])}</text>'
                   f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{colour(i)}"/>'
                   f'<text x="{label_w + w + 4:.1f}" y="{y + 15}">{_e(_number(value))}</text></g>')
    if not items:
        out.append(f'<text x="{width / 2}" y="{height / 2 + 4}" text-anchor="middle">no data</text>')
    out.append("</svg>")
    return Markup("".join(out))


def time_chart(times: Sequence[datetime], series: dict[str, Sequence[float]], *, title: str, step: str = "hour",
               stacked: bool = True, highlight: Sequence[int] = (), width: int = 1100, height: int = 240) -> Markup:
    """Values per time bin (`times`, evenly spaced by `step`: "hour" or "day"), one series per
    name; stacked areas, or lines when `stacked` is False. Bins whose index is in `highlight` are
    shaded (coordinated bursts). Axes: counts on the left, days along the bottom."""
    left, right, top, bottom = 44, 12, 10, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(times)
    names = list(series)
    out = _open(width, height, title, "time-chart")
    if n == 0 or not names:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">no data</text></svg>')
        return Markup("".join(out))
    totals = [sum(series[s][i] for s in names) for i in range(n)] if stacked else \
        [max(series[s][i] for s in names) for i in range(n)]
    ystep = nice_step(max(totals) / 4)
    ymax = 4 * ystep

    def x(i: float) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / ymax

    bin_w = plot_w / max(n - 1, 1)
    for i in sorted(set(highlight)):
        if 0 <= i < n:
            out.append(f'<rect class="burst" x="{x(i) - bin_w / 2:.1f}" y="{top}" width="{max(bin_w, 2):.1f}" '
                       f'height="{plot_h}" fill="{HIGHLIGHT}"><title>{_e(_label(times[i], step))}</title></rect>')
    for k in range(5):  # horizontal grid and the count axis
        v = ystep * k
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e5e7eb"/>'
                   f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{_e(_number(v))}</text>')
    base = [0.0] * n
    for s, name in enumerate(names):
        values = [float(v) for v in series[name]]
        upper = [b + v for b, v in zip(base, values)] if stacked else values
        line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(upper))
        if stacked:
            lower = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in reversed(list(enumerate(base))))
            out.append(f'<polygon class="area" points="{line} {lower}" fill="{colour(s)}" fill-opacity="0.75">'
                       f"<title>{_e(name)}: {_e(_number(sum(values)))}</title></polygon>")
            base = upper
        else:
            out.append(f'<polyline class="line" points="{line}" fill="none" stroke="{colour(s)}" stroke-width="1.8">'
                       f"<title>{_e(name)}: {_e(_number(sum(values)))}</title></polyline>")
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#9ca3af"/>'
               f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#9ca3af"/>')
    for i in _ticks(times, step):
        day = times[i].strftime("%b %d")
        out.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}" '
                   f'stroke="#9ca3af"/><text x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{_e(day)}</text>')
    lx = left
    for s, name in enumerate(names[:10]):  # the legend
        out.append(f'<rect x="{lx}" y="{height - 14}" width="10" height="10" fill="{colour(s)}"/>'
                   f'<text x="{lx + 14}" y="{height - 5}">{_e(name[:24])}</text>')
        lx += 24 + 7 * min(len(name), 24)
    out.append("</svg>")
    return Markup("".join(out))


def _label(t: datetime, step: str) -> str:
    return t.strftime("%Y-%m-%d %H:00 UTC" if step == "hour" else "%Y-%m-%d")


def _ticks(times: Sequence[datetime], step: str) -> list[int]:
    """Indices to label on the time axis: midnights for hourly bins, at most about ten."""
    marks = [i for i, t in enumerate(times) if step != "hour" or t.hour == 0] or [0]
    every = max(1, math.ceil(len(marks) / 10))
    return marks[::every]


def sparkline(values: Sequence[float], *, title: str, width: int = 120, height: int = 24) -> Markup:
    """A small line of `values` (oldest first) without axes, for tables."""
    out = _open(width, height, title, "sparkline")
    values = [float(v) for v in values]
    if values:
        top = max(values) or 1
        n = len(values)
        points = " ".join(f"{(width - 2) * i / max(n - 1, 1) + 1:.1f},{height - 2 - (height - 4) * v / top:.1f}"
                          for i, v in enumerate(values))
        out.append(f'<polyline points="{points}" fill="none" stroke="{PALETTE[0]}" stroke-width="1.5"/>')
    out.append("</svg>")
    return Markup("".join(out))
