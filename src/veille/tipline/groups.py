"""Reading the fact-checkers' queue: open groups ranked by how many people asked and how fast,
with example questions (text only: no sender identifier ever leaves this module) and the
fact-checks the matcher suggested for them."""

from datetime import UTC, datetime, timedelta

import orjson

from veille.errors import NotFound
from veille.tipline import sql
from veille.tipline.models import Example, GroupSummary, Suggestion, TiplineStats

EXAMPLES = 5       # distinct example texts shown per group
SUGGESTIONS = 5    # suggested fact-checks per group
RECENT = timedelta(hours=24)


def list_groups(con, *, status: str | None = "open", limit: int = 100, examples: int = EXAMPLES) -> list[GroupSummary]:
    """Groups, those with the most askers in the last 24 hours first, then the most askers
    (answered groups: the latest answered first)."""
    return _groups(con, status=status, group_id=None, limit=limit, examples=examples)


def group_detail(con, group_id: str) -> GroupSummary:
    """One group (open or answered) with every one of its distinct questions as examples."""
    found = _groups(con, status=None, group_id=group_id, limit=1, examples=10_000)
    if not found:
        raise NotFound(f"no tipline group {group_id}")
    return found[0]


def _groups(con, *, status, group_id, limit: int, examples: int) -> list[GroupSummary]:
    recent = datetime.now(UTC) - RECENT
    rows = con.execute(sql.LIST_GROUPS, {"status": status, "id": group_id, "limit": limit,
                                         "recent": recent}).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    texts: dict[str, list[Example]] = {i: [] for i in ids}
    seen: dict[str, set] = {i: set() for i in ids}
    scores: dict[str, dict[str, float]] = {i: {} for i in ids}
    for gid, text, lang, asked_at, messages, has_media, suggestions in con.execute(
            sql.GROUP_QUESTIONS, {"ids": ids}).fetchall():
        if text not in seen[gid] and len(texts[gid]) < examples:
            seen[gid].add(text)
            texts[gid].append(Example(text=text, lang=lang, asked_at=asked_at, messages=messages,
                                      has_media=has_media))
        for s in orjson.loads(suggestions):
            best = scores[gid]
            best[s["factcheck_id"]] = max(best.get(s["factcheck_id"], 0.0), float(s["score"]))
    wanted = list({f for per in scores.values() for f in per})
    checks = {r[0]: r[1:] for r in con.execute(sql.FACT_CHECKS, [wanted]).fetchall()} if wanted else {}
    out = []
    for gid, gstatus, questions, askers, askers_24h, languages, first, last, fc_id, note, by, at in rows:
        ranked = sorted(scores[gid].items(), key=lambda kv: (-kv[1], kv[0]))
        suggestions = [_suggestion(f, score, checks.get(f)) for f, score in ranked if f in checks][:SUGGESTIONS]
        out.append(GroupSummary(
            id=gid, status=gstatus, askers=askers, askers_24h=askers_24h, questions=questions,
            languages=list(languages or []), first_asked=first, last_asked=last, examples=texts[gid],
            suggestions=suggestions, factcheck_id=fc_id, note=note, answered_by=by, answered_at=at,
        ))
    return out


def _suggestion(factcheck_id: str, score: float, row) -> Suggestion:
    title, rating, url, lang = row
    return Suggestion(factcheck_id=factcheck_id, score=round(score, 4), title=title, rating=rating, url=url,
                      language=lang)


def tipline_stats(con) -> TiplineStats:
    now = datetime.now(UTC)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    row = sql.first_row(con.execute(sql.STATS, {"today": today, "week": now - timedelta(days=7)}))
    (messages, questions, auto, by_people, queued, open_groups, median, pending, failed, yes, no) = row
    return TiplineStats(
        messages_today=messages, questions_today=questions, answered_automatically_today=auto,
        answered_by_fact_checkers_today=by_people, queued=queued, open_groups=open_groups,
        median_seconds_to_answer=None if median is None else round(float(median), 1),
        outbox_pending=pending, outbox_failed=failed, helpful=yes, not_helpful=no,
    )
