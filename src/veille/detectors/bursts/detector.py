"""Bursts: an item (hashtag, link, domain, narrative) taking off well above its own baseline.

Method. Time is cut into bins of `bin_minutes` (60). For each item and bin, the count is the
number of distinct accounts that posted it (a single account posting a hundred times is spam, not
spread). The item's baseline is its mean count per bin over the `history_minutes` (24 hours)
before the bin, empty bins included; an item with no history (new, or at the start of the data)
has the baseline `min_baseline` (1 account per bin). Under the hypothesis that nothing changed,
the count is Poisson with the baseline as mean; a bin is bursting when its count is at least
`min_count` (10 accounts), the Poisson upper tail P(X >= count) is below `sensitivity` (1e-6:
the sensitivity parameter; smaller finds fewer, larger bursts), and the count is at least
`growth` (2) times the item's busiest bin in its history. The tail threshold is that small
because every item and bin is tested: at a thousand hashtags an hour for a week, 1e-6 keeps the
expected number of false bursts near 0.2. The growth rule is there because social activity is
not Poisson: it follows the day (a news site's evening peak is three times its daily mean, every
evening) and regular habits (a network that posts a link every few hours), and an item that
merely repeats its own busiest hour is not taking off.

Consecutive bursting bins (gaps of at most one bin) are one burst, whose deduplication key is
its item and its first bin: the same burst seen again in the next detection cycle, or after a
restart, updates one alert rather than raising another. Severity grows with the peak's ratio to
the baseline (high at 20 times, medium at 5). `until` runs a detection cycle as of that time
(posts after it are ignored), so that a cycle can be replayed.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from veille.alerts import Alert
from veille.detectors.bursts import sql
from veille.detectors.parameters import from_user
from veille.detectors.statistics import poisson_tail
from veille.errors import UsageError

ITEM_KINDS = ("hashtag", "url", "domain", "narrative")


class BurstParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: tuple[str, ...] = ("hashtag", "url", "domain", "narrative")
    bin_minutes: int = Field(default=60, ge=1, le=24 * 60)
    history_minutes: int = Field(default=24 * 60, ge=1)
    min_baseline: float = Field(default=1.0, gt=0)
    min_count: int = Field(default=10, ge=1)
    growth: float = Field(default=2.0, ge=1)
    sensitivity: float = Field(default=1e-6, gt=0, lt=1)
    since: datetime | None = None  # only bins from this time (a detection cycle looks at recent bins)
    until: datetime | None = None  # posts before this time only (default: all)


@dataclass
class Burst:
    kind: str
    item: str
    start: datetime
    end: datetime  # end of the last bursting bin
    peak: datetime
    peak_accounts: int
    baseline: float
    p_value: float
    bins: list[tuple[datetime, int, float]] = field(default_factory=list)  # (bin, accounts, baseline)

    @property
    def key(self) -> str:
        return f"burst:{self.kind}:{self.item}:{self.start.isoformat()}"

    @property
    def ratio(self) -> float:
        return self.peak_accounts / self.baseline


def make_params(**values) -> BurstParams:
    """BurstParams from user input; a bad value is a UsageError with one clear sentence."""
    kinds = values.get("kinds")
    if kinds is not None:
        unknown = [k for k in kinds if k not in ITEM_KINDS]
        if unknown or not kinds:
            raise UsageError(f"--kinds: unknown item kind {unknown[0]!r}; kinds are {', '.join(ITEM_KINDS)}"
                             if unknown else "--kinds: no kinds given")
    return from_user(BurstParams, **values)


def find_bursts(con, params: BurstParams) -> list[Burst]:
    kinds = [k for k in params.kinds if k != "narrative" or _has_table(con, "narrative_posts")]
    data_start = con.execute(sql.DATA_START).fetchone()[0]
    if data_start is None or not kinds:
        return []
    until = params.until or datetime.max.replace(tzinfo=data_start.tzinfo)
    since = params.since or data_start
    history_bins = params.history_minutes / params.bin_minutes
    rows = con.execute(
        sql.CANDIDATES.format(union=" UNION ALL ".join(sql.ITEMS[k] for k in kinds),
                              bin_minutes=int(params.bin_minutes), history_minutes=int(params.history_minutes),
                              min_count=int(params.min_count)),
        {"until": until, "since": since},
    ).fetchall()
    bursting = []
    for kind, item, bin_start, accounts, _posts, past, past_max in rows:
        if accounts < params.growth * past_max:
            continue
        # Bins of history the data can have: fewer at its start.
        available = min(history_bins, (bin_start - data_start).total_seconds() / 60 / params.bin_minutes)
        baseline = max(past / available if available >= 1 else 0.0, params.min_baseline)
        p_value = float(poisson_tail(accounts, baseline))
        if p_value < params.sensitivity:
            bursting.append((kind, item, bin_start, accounts, baseline, p_value))
    return _merge(bursting, timedelta(minutes=params.bin_minutes))


def _merge(bursting: list, width: timedelta) -> list[Burst]:
    """Consecutive bursting bins of one item (gaps of at most one bin) as one burst."""
    bursts: list[Burst] = []
    for kind, item, bin_start, accounts, baseline, p_value in bursting:  # ordered by kind, item, bin
        last = bursts[-1] if bursts else None
        if last and (last.kind, last.item) == (kind, item) and bin_start - last.end <= width:
            last.end = bin_start + width
            last.bins.append((bin_start, accounts, baseline))
            if accounts > last.peak_accounts:
                last.peak, last.peak_accounts, last.baseline = bin_start, accounts, baseline
            last.p_value = min(last.p_value, p_value)
            continue
        bursts.append(Burst(kind, item, bin_start, bin_start + width, bin_start, accounts, baseline, p_value,
                            [(bin_start, accounts, baseline)]))
    return bursts


def burst_alerts(con, bursts: list[Burst], params: BurstParams) -> list[Alert]:
    """Each burst as an alert, with its evidence: the bins around it and its first posts."""
    alerts = []
    width = timedelta(minutes=params.bin_minutes)
    for burst in bursts:
        item_sql = sql.ITEMS[burst.kind]
        until = params.until or burst.end
        window = {"item": burst.item, "until": until}
        series = con.execute(
            sql.SERIES.format(item_sql=item_sql, bin_minutes=int(params.bin_minutes)),
            {**window, "start": burst.start - 6 * width, "end": burst.end},
        ).fetchall()
        first = con.execute(sql.FIRST_POSTS.format(item_sql=item_sql),
                            {**window, "start": burst.start, "end": burst.end}).fetchall()
        ratio = burst.ratio
        severity = "high" if ratio >= 20 else "medium" if ratio >= 5 else "low"
        label = f"#{burst.item}" if burst.kind == "hashtag" else burst.item
        alerts.append(Alert(
            id=burst.key, rule="burst", severity=severity,
            title=f"{burst.kind} {label}: {burst.peak_accounts} accounts in {params.bin_minutes} min, "
                  f"{ratio:.0f}x its baseline",
            subject_kind=burst.kind, subject=burst.item, first_seen=burst.start, last_seen=burst.end,
            evidence={
                "baseline": round(burst.baseline, 3), "peak": burst.peak.isoformat(),
                "peak_accounts": burst.peak_accounts, "p_value": burst.p_value, "ratio": round(ratio, 1),
                "bin_minutes": params.bin_minutes,
                "bins": [{"bin": b.isoformat(), "accounts": n, "baseline": round(base, 3)} for b, n, base in burst.bins],
                "series": [{"bin": b.isoformat(), "accounts": n} for b, n in series],
                "first_posts": [{"account": a, "post": p, "time": t.isoformat()} for a, p, t in first],
            },
        ))
    return alerts


def _has_table(con, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0])
