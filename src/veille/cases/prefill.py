"""What a case opened from a subject starts with: a title and evidence taken from the subject.

- an alert: the posts and accounts of its evidence (a burst's first posts) and, when the alert is
  about a URL, that link;
- a campaign: its most active members (by co-actions) and the objects most of them acted on
  together: the shared post (co-share), the link (co-link), or the first post of the copied
  text, hashtag set or domain;
- a narrative: example posts, one per distinct text, earliest first.
"""

import orjson

from veille.cases import sql
from veille.cases.models import NewEvidence
from veille.errors import NotFound, UsageError

TOP_MEMBERS = 10
TOP_OBJECTS = 10
EXAMPLE_POSTS = 10


def _split(ref: str) -> tuple[str, str] | None:
    """'platform:id' as (platform, id), the form detectors use for posts and accounts."""
    platform, sep, item = str(ref).partition(":")
    return (platform, item) if sep and platform and item else None


def from_subject(con, kind: str, subject_id: str) -> tuple[str, list[NewEvidence]]:
    """(default title, evidence) of the subject; NotFound when it does not exist."""
    if kind == "alert":
        return _from_alert(con, subject_id)
    if kind == "campaign":
        return _from_campaign(con, subject_id)
    if kind == "narrative":
        return _from_narrative(con, subject_id)
    raise UsageError(f"unknown subject kind {kind!r}: alert, campaign or narrative")


def _from_alert(con, alert_id: str) -> tuple[str, list[NewEvidence]]:
    row = con.execute(sql.ALERT, [alert_id]).fetchone()
    if row is None:
        raise NotFound(f"no alert {alert_id!r}")
    _, title, subject_kind, subject, evidence = row
    evidence = orjson.loads(evidence) if isinstance(evidence, str | bytes) else (evidence or {})
    items: list[NewEvidence] = []
    if subject_kind == "url" and str(subject).startswith(("http://", "https://")):
        items.append(NewEvidence(kind="link", id=subject, comment="the alert's subject"))
    posts = evidence.get("first_posts") or evidence.get("posts") or []
    for entry in posts if isinstance(posts, list) else []:
        if not isinstance(entry, dict):
            continue
        time = f" at {entry['time']}" if entry.get("time") else ""
        post = _split(entry.get("post", ""))
        if post:
            items.append(NewEvidence(kind="post", platform=post[0], id=post[1], comment=f"alert evidence{time}"))
        account = _split(entry.get("account", ""))
        if account:
            items.append(NewEvidence(kind="account", platform=account[0], id=account[1], comment="posted in the alert"))
    return f"Alert: {title}", items


def _from_campaign(con, campaign_id: str) -> tuple[str, list[NewEvidence]]:
    row = con.execute(sql.CAMPAIGN, [campaign_id]).fetchone()
    if row is None:
        raise NotFound(f"no campaign {campaign_id!r}")
    run_id, _, kinds, size, score = row
    items: list[NewEvidence] = []
    for platform, account_id, role, co_actions in con.execute(
            sql.CAMPAIGN_TOP_MEMBERS, [run_id, campaign_id, TOP_MEMBERS]).fetchall():
        items.append(NewEvidence(kind="account", platform=platform, id=account_id,
                                 comment=f"campaign member ({role}, {co_actions} co-actions)"))
    for kind, obj, accounts, posts in con.execute(
            sql.CAMPAIGN_TOP_OBJECTS, [run_id, campaign_id, TOP_OBJECTS]).fetchall():
        comment = f"{kind}: {obj} ({len(accounts)} accounts)"
        shared = _split(obj) if kind == "co-share" else None
        if kind == "co-link" and str(obj).startswith(("http://", "https://")):
            items.append(NewEvidence(kind="link", id=obj, comment=f"{kind} ({len(accounts)} accounts)"))
        elif shared:
            items.append(NewEvidence(kind="post", platform=shared[0], id=shared[1],
                                     comment=f"shared by {len(accounts)} accounts ({kind})"))
        elif posts and accounts and _split(accounts[0]):
            items.append(NewEvidence(kind="post", platform=_split(accounts[0])[0], id=posts[0],
                                     comment=f"first post of {comment}"))
    title = f"Campaign {campaign_id}: {', '.join(kinds)}, {size} accounts"
    return title, items


def _from_narrative(con, narrative_id: str) -> tuple[str, list[NewEvidence]]:
    row = con.execute(sql.NARRATIVE, [narrative_id]).fetchone()
    if row is None:
        raise NotFound(f"no narrative {narrative_id!r}")
    items = [NewEvidence(kind="post", platform=platform, id=post_id, comment="example post of the narrative")
             for platform, post_id, _ in con.execute(sql.NARRATIVE_EXAMPLES, [narrative_id, EXAMPLE_POSTS]).fetchall()]
    return f"Narrative {narrative_id} ({row[1]} texts)", items
