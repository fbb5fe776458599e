"""Counts over time: the bin size for a span, and series with every empty bin filled in."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from veille.views.models import Series

HOURLY_UP_TO = timedelta(days=10)  # longer spans are drawn per day
STEPS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


def step_for(first: datetime | None, last: datetime | None) -> str:
    if first is None or last is None:
        return "day"
    return "hour" if last - first <= HOURLY_UP_TO else "day"


def truncate(t: datetime, step: str) -> datetime:
    t = t.astimezone(UTC) if t.tzinfo else t.replace(tzinfo=UTC)
    t = t.replace(minute=0, second=0, microsecond=0)
    return t.replace(hour=0) if step == "day" else t


def fill(rows: Iterable[tuple[datetime, str, int]], step: str, first: datetime | None = None,
         last: datetime | None = None, names: list[str] | None = None) -> Series:
    """A Series from (bin, series name, count) rows, bins from `first` to `last` (default: the
    rows' own range), series in the order of `names` (default: largest total first)."""
    counts: dict[str, dict[datetime, int]] = {}
    for bin_, name, n in rows:
        counts.setdefault(str(name), {})[truncate(bin_, step)] = int(n)
    seen = [b for per in counts.values() for b in per]
    if not seen and (first is None or last is None):
        return Series(step=step, times=[], series={})
    start = truncate(first, step) if first is not None else min(seen)
    end = truncate(last, step) if last is not None else max(seen)
    times = []
    t = start
    while t <= end:
        times.append(t)
        t += STEPS[step]
    if names is None:
        names = sorted(counts, key=lambda k: (-sum(counts[k].values()), k))
    return Series(step=step, times=times, series={n: [counts.get(n, {}).get(t, 0) for t in times] for n in names})
