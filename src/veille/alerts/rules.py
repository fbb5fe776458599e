"""Alert rules: what, among the detectors' findings, an analyst must be told about.

Five rules, each a row of `alert_rules` (id, enabled, severity, parameters; defaults inserted by
migration 10) that an admin edits:

- `burst`: a hashtag, link, domain or narrative taking off (raised by the bursts detector itself,
  see veille.detectors.bursts; its parameters are BurstParams fields, its severity the detector's).
- `campaign`: a coordinated campaign not seen before, or whose accounts grew by at least
  `growth_percent` (25) since the last evaluation. Campaign ids change when members do, so a
  campaign is followed from run to run by its accounts: it is the one known before when at least
  `overlap` (0.5) of the smaller of the two account sets is shared (its "lineage").
- `debunked-claim`: at least `min_posts` (10) posts in the last `window_hours` (24) linked by the
  claim matcher (decisions `decisions`, default reply only) to a fact-check rated false or
  misleading (`ratings`, in the languages of the simulated election and the usual English ones).
- `foreign-ad`: political ads paid in a currency not in `currencies` (EUR) or by a payer whose
  country is not `country` (FR, the simulated election's), one alert per page or advertiser.
- `tipline-surge`: an hour with at least `min_messages` (10) tipline messages and `factor` (3)
  times the mean of the `baseline_hours` (24) before it.

Windows end at the newest record stored (post, or tipline message), not at the wall clock, so
that a replayed export or the simulated election behaves as live data would.

Every alert id is a deduplication key made from the event (`campaign:new:<lineage>`,
`campaign:grew:<lineage>:<accounts>`, `debunked-claim:<fact-check>`,
`foreign-ad:<platform>:<page>`, `tipline-surge:<first hour>`): the same event seen in ten
detection cycles, or again after a restart, is one alert.
"""

from datetime import datetime, timedelta

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from veille.access import audit
from veille.alerts import sql
from veille.alerts.records import Alert, Severity, raise_alerts
from veille.errors import NotFound, UsageError

DEBUNKED_RATINGS = (
    "false", "mostly false", "partly false", "misleading", "missing context", "pants on fire", "fake", "incorrect",
    "faux", "plutôt faux", "trompeur", "infondé", "hors contexte",
    "falso", "engañoso", "enganoso", "sin contexto", "fora de contexto", "enganador",
    "falsch", "irreführend", "fehlender kontext",
    "salah", "keliru", "menyesatkan", "hoaks",
)


class _Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BurstRule(_Params):
    kinds: tuple[str, ...] | None = None
    bin_minutes: int | None = None
    history_minutes: int | None = None
    min_count: int | None = None
    sensitivity: float | None = None
    growth: float | None = None


class CampaignRule(_Params):
    growth_percent: float = Field(default=25.0, gt=0)
    min_accounts: int = Field(default=3, ge=2)
    overlap: float = Field(default=0.5, gt=0, le=1)


class DebunkedClaimRule(_Params):
    min_posts: int = Field(default=10, ge=1)
    window_hours: float = Field(default=24.0, gt=0)
    decisions: tuple[str, ...] = ("reply",)
    ratings: tuple[str, ...] = DEBUNKED_RATINGS


class ForeignAdRule(_Params):
    country: str = Field(default="FR", min_length=2, max_length=3)
    currencies: tuple[str, ...] = ("EUR",)


class TiplineSurgeRule(_Params):
    factor: float = Field(default=3.0, gt=1)
    min_messages: int = Field(default=10, ge=1)
    baseline_hours: int = Field(default=24, ge=1, le=24 * 14)
    window_hours: int = Field(default=24, ge=1, le=24 * 14)


PARAMS: dict[str, type[_Params]] = {
    "burst": BurstRule, "campaign": CampaignRule, "debunked-claim": DebunkedClaimRule,
    "foreign-ad": ForeignAdRule, "tipline-surge": TiplineSurgeRule,
}
SEVERITIES = ("low", "medium", "high")


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    enabled: bool
    severity: Severity
    params: dict
    updated_at: datetime | None = None
    updated_by: str = "system"

    def parsed(self) -> _Params:
        return PARAMS[self.id](**self.params)


def _rule(row) -> Rule:
    return Rule(id=row[0], enabled=row[1], severity=row[2], params=orjson.loads(row[3]), updated_at=row[4],
                updated_by=row[5])


def list_rules(con) -> list[Rule]:
    return [_rule(r) for r in con.execute(sql.LIST_RULES).fetchall() if r[0] in PARAMS]


def get_rule(con, rule_id: str) -> Rule:
    row = con.execute(sql.GET_RULE, [rule_id]).fetchone()
    if row is None or rule_id not in PARAMS:
        raise NotFound(f"no alert rule {rule_id!r}; rules are {', '.join(PARAMS)}")
    return _rule(row)


def check_params(rule_id: str, params: dict) -> dict:
    """The parameters of `rule_id` as stored (unknown or bad values refused with one sentence)."""
    try:
        parsed = PARAMS[rule_id](**params)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "params"
        raise UsageError(f"rule {rule_id}: {where}: {first['msg']}") from None
    if rule_id == "burst":
        from veille.detectors.bursts import make_params

        make_params(**parsed.model_dump(exclude_none=True))
    return parsed.model_dump(mode="json", exclude_none=True)


def set_rule(con, rule_id: str, *, enabled: bool | None = None, severity: str | None = None,
             params: dict | None = None, replace: bool = False, actor: str = "system") -> Rule:
    """Change a rule: parameters given are merged into the stored ones (or replace them)."""
    rule = get_rule(con, rule_id)
    if severity is not None and severity not in SEVERITIES:
        raise UsageError(f"severity {severity!r}: choose one of {', '.join(SEVERITIES)}")
    merged = dict(params or {}) if replace else {**rule.params, **(params or {})}
    stored = check_params(rule_id, merged)
    new_enabled = rule.enabled if enabled is None else bool(enabled)
    new_severity = severity or rule.severity
    con.execute(sql.UPDATE_RULE, [new_enabled, new_severity, orjson.dumps(stored).decode(), actor, rule_id])
    audit(con, actor, "rule.set", "rule", rule_id,
          {"enabled": new_enabled, "severity": new_severity, "params": stored})
    return get_rule(con, rule_id)


# -- evaluation -------------------------------------------------------------------------------------
def evaluate(store, *, only: tuple[str, ...] | None = None) -> dict[str, tuple[int, int]]:
    """Evaluate every enabled rule but `burst` (a detector stage of its own) and raise their alerts.

    Reads use a cursor; the alerts and what the campaign rule now knows are written in one short
    transaction, so an interrupted evaluation leaves no half state. Returns (new, updated) per rule.
    """
    con = store.cursor()
    rules = {r.id: r for r in list_rules(con) if r.enabled and r.id != "burst" and (only is None or r.id in only)}
    found: dict[str, list[Alert]] = {}
    campaigns_seen: list[tuple] = []
    if "campaign" in rules:
        found["campaign"], campaigns_seen = campaign_alerts(con, rules["campaign"])
    if "debunked-claim" in rules:
        found["debunked-claim"] = debunked_claim_alerts(con, rules["debunked-claim"])
    if "foreign-ad" in rules:
        found["foreign-ad"] = foreign_ad_alerts(con, rules["foreign-ad"])
    if "tipline-surge" in rules:
        found["tipline-surge"] = tipline_surge_alerts(con, rules["tipline-surge"])
    counts = {}
    with store.writing() as writer:
        for rule_id, alerts in found.items():
            counts[rule_id] = raise_alerts(writer, alerts)
        for row in campaigns_seen:
            writer.execute(sql.SAVE_CAMPAIGN, list(row))
    return counts


def burst_params(rule: Rule, since: datetime | None):
    """The bursts detector's parameters under the `burst` rule, looking at bins from `since`."""
    from veille.detectors.bursts import make_params

    return make_params(**rule.parsed().model_dump(exclude_none=True), since=since)


def campaign_alerts(con, rule: Rule) -> tuple[list[Alert], list[tuple]]:
    """New and grown campaigns of the latest coordination run, and the lineages to remember."""
    params: CampaignRule = rule.parsed()
    run = con.execute(sql.LATEST_COORDINATION_RUN).fetchone()
    if run is None:
        return [], []
    run_id = run[0]
    known = [(lineage, cid, set(accounts)) for lineage, cid, accounts in con.execute(sql.KNOWN_CAMPAIGNS).fetchall()]
    alerts, seen = [], []
    for cid, kinds, score, first_seen, last_seen, accounts in con.execute(
            sql.RUN_CAMPAIGNS, [run_id, params.min_accounts]).fetchall():
        members = set(accounts)
        best, best_overlap = None, 0.0
        for lineage, _old_id, old in known:
            overlap = len(members & old) / min(len(members), len(old))
            if overlap > best_overlap:
                best, best_overlap = (lineage, old), overlap
        evidence = {"run_id": run_id, "campaign_id": cid, "kinds": list(kinds), "score": score,
                    "accounts": len(members), "sample_accounts": sorted(members)[:50]}
        label = "+".join(kinds)
        if best is None or best_overlap < params.overlap:
            lineage = cid
            alerts.append(Alert(
                id=f"campaign:new:{lineage}", rule="campaign", severity=rule.severity,
                title=f"New coordinated campaign: {len(members)} accounts ({label})",
                subject_kind="campaign", subject=cid, first_seen=first_seen, last_seen=last_seen,
                evidence=evidence | {"lineage": lineage},
            ))
        else:
            lineage, old = best
            if len(members) > len(old) and len(members) >= len(old) * (1 + params.growth_percent / 100):
                alerts.append(Alert(
                    id=f"campaign:grew:{lineage}:{len(members)}", rule="campaign", severity=rule.severity,
                    title=f"Campaign grew from {len(old)} to {len(members)} accounts ({label})",
                    subject_kind="campaign", subject=cid, first_seen=first_seen, last_seen=last_seen,
                    evidence=evidence | {"lineage": lineage, "previous_accounts": len(old),
                                         "joined": sorted(members - old)[:50]},
                ))
        seen.append((lineage, cid, run_id, sorted(members)))
    return alerts, seen


def debunked_claim_alerts(con, rule: Rule) -> list[Alert]:
    """Fact-checks rated false or misleading whose claim many posts of the window repeat."""
    params: DebunkedClaimRule = rule.parsed()
    if not _has_tables(con, "claim_matches", "fact_checks"):
        return []
    clock = con.execute(sql.POSTS_CLOCK).fetchone()[0]
    if clock is None:
        return []
    rows = con.execute(sql.DEBUNKED_SPREAD, {
        "decisions": list(params.decisions), "ratings": [r.lower() for r in params.ratings],
        "since": clock - timedelta(hours=params.window_hours), "until": clock, "min_posts": params.min_posts,
    }).fetchall()
    alerts = []
    for fid, rating, claim, title, url, publisher, posts, accounts, platforms, first, last, first_posts in rows:
        alerts.append(Alert(
            id=f"debunked-claim:{fid}", rule="debunked-claim", severity=rule.severity,
            title=f"Debunked claim spreading: {posts} posts in {params.window_hours:g} h — {claim[:120]}",
            subject_kind="fact-check", subject=fid, first_seen=first, last_seen=last,
            evidence={"rating": rating, "claim": claim, "title": title, "url": url, "publisher": publisher,
                      "posts": posts, "accounts": accounts, "platforms": platforms,
                      "window_hours": params.window_hours, "first_posts": first_posts},
        ))
    return alerts


def foreign_ad_alerts(con, rule: Rule) -> list[Alert]:
    """Pages and advertisers paying for ads in a foreign currency or from abroad."""
    params: ForeignAdRule = rule.parsed()
    rows = con.execute(sql.FOREIGN_ADS, {"country": params.country.upper(),
                                         "currencies": [c.upper() for c in params.currencies]}).fetchall()
    alerts = []
    for platform, page, page_name, payer, beneficiary, currencies, countries, ads, ad_ids, first, last, spend in rows:
        why = ", ".join([f"paid in {c}" for c in currencies or [] if c.upper() not in params.currencies]
                        + [f"payer in {c}" for c in countries or [] if c.upper() != params.country.upper()])
        first = first or last or datetime.now().astimezone()
        alerts.append(Alert(
            id=f"foreign-ad:{platform}:{page}", rule="foreign-ad", severity=rule.severity,
            title=f"Foreign-paid ads: {page_name or payer or page} on {platform} ({ads} ads, {why})",
            subject_kind="ad-page", subject=f"{platform}:{page}", first_seen=first, last_seen=last or first,
            evidence={"platform": platform, "page": page, "page_name": page_name, "payer": payer,
                      "beneficiary": beneficiary, "currencies": currencies or [], "payer_countries": countries or [],
                      "ads": ads, "ad_ids": ad_ids, "spend_upper": spend, "election_country": params.country},
        ))
    return alerts


def tipline_surge_alerts(con, rule: Rule) -> list[Alert]:
    """Hours with far more tipline messages than the hours before (consecutive ones: one surge)."""
    params: TiplineSurgeRule = rule.parsed()
    tables = [r[0] for r in con.execute(sql.TIPLINE_TABLES).fetchall()]
    if not tables:
        return []
    union = " UNION ALL ".join(f"SELECT channel, id, received_at FROM {t}" for t in tables)
    clock = con.execute(sql.TIPLINE_CLOCK.format(union=union)).fetchone()[0]
    if clock is None:
        return []
    hour = timedelta(hours=1)
    until = clock.replace(minute=0, second=0, microsecond=0) + hour
    start = until - params.window_hours * hour
    counts = dict(con.execute(sql.TIPLINE_HOURLY.format(union=union), {
        "since": start - params.baseline_hours * hour, "until": until}).fetchall())
    surges: list[list] = []  # [first hour, last hour, peak, baseline, hours]
    t = start
    while t < until:
        n = counts.get(t, 0)
        baseline = sum(counts.get(t - k * hour, 0) for k in range(1, params.baseline_hours + 1)) / params.baseline_hours
        if n >= params.min_messages and n >= params.factor * max(baseline, 1.0):
            if surges and surges[-1][1] == t - hour:
                surges[-1][1] = t
                surges[-1][4].append({"hour": t.isoformat(), "messages": n, "baseline": round(baseline, 2)})
                surges[-1][2] = max(surges[-1][2], n)
            else:
                surges.append([t, t, n, baseline, [{"hour": t.isoformat(), "messages": n,
                                                    "baseline": round(baseline, 2)}]])
        t += hour
    return [Alert(
        id=f"tipline-surge:{first.isoformat()}", rule="tipline-surge", severity=rule.severity,
        title=f"Tipline surge: {peak} messages in an hour, {peak / max(baseline, 1.0):.0f}x the "
              f"{params.baseline_hours} h before",
        subject_kind="tipline", subject="tipline", first_seen=first, last_seen=last + hour,
        evidence={"peak": peak, "baseline": round(baseline, 2), "hours": hours, "factor": params.factor},
    ) for first, last, peak, baseline, hours in surges]


def _has_tables(con, *names: str) -> bool:
    found = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return all(n in found for n in names)
