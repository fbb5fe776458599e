"""Campaigns as analysts read them: the list, one campaign's members and shared objects, and
its evidence timeline.

Everything is read from the stored detection runs (veille.detectors.coordination.persist); the
kinds of coordination, platforms and roles come from the data, so a new kind of coordination
shows without a change here. The list is the latest coordination run; a campaign id is looked up
in the latest run that holds it (ids are derived from members and parameters, so the same
campaign keeps its id from run to run).
"""

from datetime import UTC
from functools import cached_property

import orjson

from veille.errors import NotFound, UsageError
from veille.views import sql
from veille.views.accounts import AccountNames
from veille.views.models import (Action, Campaign, CampaignRow, Count, EvidenceExample, Member, SharedObject,
                                 Timeline)
from veille.views.series import fill, step_for

SORTS = tuple(sql.CAMPAIGN_ORDER)
EXAMPLE_ACTIONS = 8


def latest_run(con) -> str | None:
    row = con.execute(sql.LATEST_RUN).fetchone()
    return row[0] if row else None


def run_of(con, campaign_id: str) -> str:
    row = con.execute(sql.RUN_OF_CAMPAIGN, {"id": campaign_id}).fetchone()
    if row is None:
        raise NotFound(f"no campaign {campaign_id!r}")
    return row[0]


def kinds(con) -> list[str]:
    run = latest_run(con)
    return [k for (k,) in con.execute(sql.CAMPAIGN_KINDS, {"run": run}).fetchall()] if run else []


def list_campaigns(con, *, kind: str | None = None, sort: str = "size", limit: int = 200) -> list[CampaignRow]:
    if sort not in sql.CAMPAIGN_ORDER:
        raise UsageError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    run = latest_run(con)
    if run is None:
        return []
    return _rows(con, run, kind=kind, sort=sort, limit=limit)


def _rows(con, run: str, *, kind=None, campaign_id=None, sort="size", limit=200) -> list[CampaignRow]:
    query = f"{sql.CAMPAIGNS} {sql.CAMPAIGN_ORDER[sort]} LIMIT {int(limit)}"
    cursor = con.execute(query, {"run": run, "kind": kind, "id": campaign_id})
    keys = [d[0] for d in cursor.description]
    out = []
    for row in cursor.fetchall():
        item = dict(zip(keys, row))
        item["languages"] = [lang for lang in item["languages"] if lang != "und"][:8]
        item["platforms"] = item["platforms"] or []
        item["evidence_by_kind"] = dict(item["evidence_by_kind"])
        out.append(CampaignRow(**item))
    return out


class Stored:
    """One campaign's stored rows, each read once: a page shows the campaign, its network and its
    timeline from the same members and evidence."""

    def __init__(self, con, key: bytes, campaign_id: str):
        self.con = con
        self.id = campaign_id
        self.run = run_of(con, campaign_id)
        self.params = {"run": self.run, "id": campaign_id}
        self.names = AccountNames(con, key)

    @cached_property
    def members(self) -> list[tuple]:
        """(platform, account_id, role, lead_share, co_actions, posts, followers) per member."""
        rows = self.con.execute(sql.MEMBERS, self.params).fetchall()
        self.names.load(f"{p}:{a}" for p, a, *_ in rows)
        return rows

    @cached_property
    def evidence(self) -> list[tuple]:
        """(kind, object, sample, accounts, actors, posts, times, first, last) per shared object."""
        return self.con.execute(sql.EVIDENCE, self.params).fetchall()


def campaign(stored: Stored) -> Campaign:
    con = stored.con
    summary = _rows(con, stored.run, campaign_id=stored.id, limit=1)[0]
    detector, finished, params = con.execute(sql.RUN, {"run": stored.run}).fetchone()
    members = [Member(account=stored.names.of(p, a), role=role, lead_share=round(share, 3), co_actions=co,
                      posts=posts, followers=followers)
               for p, a, role, share, co, posts, followers in stored.members]
    roles: dict[str, int] = {}
    for m in members:
        roles[m.role] = roles.get(m.role, 0) + 1
    shared = [SharedObject(kind=k, object=o, sample=s, accounts=len(accts), actions=len(actors), first=first,
                           last=last)
              for k, o, s, accts, actors, _, _, first, last in stored.evidence]
    top = {}
    for column in ("hashtags", "urls"):
        top[column] = [Count(name=item, count=n) for item, n in con.execute(
            sql.MEMBER_TOP.format(column=column), {**stored.params, "limit": 15}).fetchall()]
    return Campaign(summary=summary, detector=detector, run_finished_at=finished, params=orjson.loads(params),
                    roles=roles, members=members, shared_objects=shared, top_hashtags=top["hashtags"],
                    top_urls=top["urls"])


def timeline(stored: Stored, *, examples: int = 12) -> Timeline:
    """Posts of the campaign's accounts per bin over its active span, the coordinated actions
    (the evidence's timestamps) per bin, the bins holding them (the bursts to highlight), and the
    first shared objects with who acted on them and when."""
    con, params = stored.con, stored.params
    first, last = con.execute(sql.CAMPAIGN_SPAN, params).fetchone()
    step = step_for(first, last)
    posted = con.execute(sql.MEMBER_POSTS_PER_BIN.format(bin=step),
                         {**params, "since": first, "until": last}).fetchall()
    coordinated = con.execute(sql.COORDINATED_PER_BIN.format(bin=step), params).fetchall()
    series = fill([(b, "posts by its accounts", n) for b, n in posted]
                  + [(b, "coordinated actions", n) for b, n in coordinated],
                  step, first, last, names=["posts by its accounts", "coordinated actions"])
    bursts = [i for i, n in enumerate(series.series["coordinated actions"]) if n]
    chosen = []
    for kind, obj, sample, _, actors, posts, times, first_time, _ in sorted(
            stored.evidence, key=lambda r: (r[7], r[0], r[1]))[:examples]:
        chosen.append((kind, obj, sample, len(actors), sorted(zip(times, actors, posts))[:EXAMPLE_ACTIONS]))
    stored.names.load(a for *_, actions in chosen for _, a, _ in actions)
    out = [EvidenceExample(kind=kind, object=obj, sample=sample, total_actions=total, actions=[
        Action(account=stored.names.get(a), post=p, time=t.astimezone(UTC)) for t, a, p in actions])
        for kind, obj, sample, total, actions in chosen]
    return Timeline(campaign_id=stored.id, series=series, bursts=bursts, examples=out)
