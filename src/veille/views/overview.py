"""The overview: what came in (volumes by platform, language, day and hour), what is open
(alerts by severity), what grows (narratives of the last 24 hours of data), the latest campaigns,
and the debunked claims that still spread."""

from veille.views import sql
from veille.views.campaigns import list_campaigns
from veille.views.claims import spread
from veille.views.models import AlertRef, NarrativeTrend, Overview
from veille.views.series import fill, step_for


def overview(con, stats, *, alerts: int = 10, narratives: int = 8, campaigns: int = 6,
             claims: int = 6) -> Overview:
    """`stats` is the facade's veille.app.Stats, so that the overview's totals are the stats'."""
    first, last = con.execute(sql.DATA_RANGE).fetchone()
    step = step_for(first, last)
    volume = fill(con.execute(sql.VOLUME_BY_PLATFORM.format(bin=step)).fetchall(), step)
    keys = ("id", "rule", "severity", "status", "title", "subject_kind", "subject", "first_seen", "last_seen")
    open_alerts = [AlertRef(**dict(zip(keys, row)))
                   for row in con.execute(sql.OPEN_ALERTS, {"limit": int(alerts)}).fetchall()]
    trending = [NarrativeTrend(id=i, posts=n, accounts=a, languages=langs or [], label=(label or "")[:160])
                for i, n, a, langs, label in
                con.execute(sql.TRENDING_NARRATIVES, {"limit": int(narratives)}).fetchall()]
    return Overview(
        totals=stats.totals, by_platform=stats.by_platform, by_language=stats.by_language, by_day=stats.by_day,
        volume=volume, data_until=last, open_alerts=open_alerts,
        open_alerts_by_severity=dict(con.execute(sql.OPEN_ALERTS_BY_SEVERITY).fetchall()),
        top_narratives=trending, latest_campaigns=list_campaigns(con, sort="recent", limit=campaigns),
        spreading_claims=[s for s in spread(con, limit=claims) if s.posts_after],
    )
