"""Fact-checks, and where debunked claims still spread.

The posts of a claim are those stream matching linked to its fact-check (`veille match --posts`,
veille.matching.stream: `claim_matches`, decision reply or review). "Still spreading" counts the
posts made after the fact-check was published. A fact-check debunks its claim unless its textual
rating says the claim is accurate: ClaimReview ratings are free text in the publisher's language,
so the few accurate ones are listed here and anything else (false, misleading, missing context,
out of context, in any language) counts as debunked.
"""

from veille.errors import NotFound
from veille.views import sql
from veille.views.accounts import AccountNames
from veille.views.models import FactCheck, FactCheckList, FactCheckRow, MatchedPost, PostRef, SpreadRow
from veille.views.series import fill, step_for

ACCURATE_RATINGS = frozenset({
    "true", "correct", "accurate", "mostly true", "vrai", "plutôt vrai", "exact", "verdadero", "cierto",
    "verdadeiro", "richtig", "wahr", "stimmt", "benar", "fakta", "vero", "waar", "juist", "prawda",
})


def debunked(rating: str | None) -> bool:
    return rating is not None and rating.strip().lower() not in ACCURATE_RATINGS


def fact_checks(con, *, q: str | None = None, rating: str | None = None, language: str | None = None,
                limit: int = 200) -> FactCheckList:
    rows = _fact_check_rows(con, {"id": None, "q": q or None, "rating": rating or None,
                                  "language": language or None, "limit": int(limit)})
    ratings, languages = con.execute(sql.FACT_CHECK_FACETS).fetchone()
    return FactCheckList(fact_checks=rows, ratings=ratings or [], languages=languages or [])


def _fact_check_rows(con, params: dict) -> list[FactCheckRow]:
    return [FactCheckRow(id=i, claim=claim, rating=rating, title=title, publisher=publisher, url=url,
                         date_published=published, language=lang, claimant=claimant, debunked=debunked(rating),
                         posts=posts)
            for i, claim, rating, title, publisher, url, published, lang, claimant, posts in
            con.execute(sql.FACT_CHECKS, params).fetchall()]


def spread(con, *, factcheck_id: str | None = None, debunked_only: bool = True, limit: int = 50) -> list[SpreadRow]:
    """Per fact-check with linked posts: how many, by whom, where, when, and after publication;
    the claims spreading most after their debunking first."""
    rows = con.execute(sql.SPREAD, {"id": factcheck_id}).fetchall()
    if debunked_only:
        rows = [r for r in rows if debunked(r[2])]
    rows = rows[:limit]
    if not rows:
        return []
    first_day, last_day = con.execute(sql.DATA_DAYS).fetchone()
    ids = [r[0] for r in rows]
    daily = fill([(b, fid, n) for fid, b, n in con.execute(sql.SPREAD_DAILY, {"id": factcheck_id}).fetchall()
                  if fid in ids], "day", first_day, last_day, names=ids).series
    return [SpreadRow(factcheck_id=fid, claim=claim, rating=rating, url=url, language=lang, date_published=published,
                      debunked=debunked(rating), posts=posts, posts_to_review=review, posts_after=after,
                      accounts=accounts, platforms=platforms, first_seen=first, last_seen=last, daily=daily[fid])
            for fid, claim, rating, url, lang, published, posts, review, after, accounts, platforms, first, last
            in rows]


def fact_check(con, key: bytes, factcheck_id: str, *, examples: int = 30) -> FactCheck:
    rows = _fact_check_rows(con, {"id": factcheck_id, "q": None, "rating": None, "language": None, "limit": 1})
    if not rows:
        raise NotFound(f"no fact-check {factcheck_id!r}")
    appearances, versions = con.execute(sql.FACT_CHECK_DETAIL, {"id": factcheck_id}).fetchone()
    found = spread(con, factcheck_id=factcheck_id, debunked_only=False, limit=1)
    row = found[0] if found else None
    volume = None
    if row is not None:
        step = step_for(row.first_seen, row.last_seen)
        volume = fill(con.execute(sql.SPREAD_PER_BIN.format(bin=step), {"id": factcheck_id}).fetchall(), step,
                      row.first_seen, row.last_seen)
    posts = con.execute(sql.MATCHED_POSTS, {"id": factcheck_id, "limit": int(examples)}).fetchall()
    names = AccountNames(con, key)
    names.load(f"{p}:{a}" for p, _, a, *_ in posts)
    matched = [MatchedPost(post=PostRef(platform=p, id=i, account=names.of(p, a), created_at=t, lang=lang, text=text),
                           decision=decision, score=round(score, 3))
               for p, i, a, t, lang, text, decision, score in posts]
    return FactCheck(fact_check=rows[0], appearances=appearances, versions=versions, spread=row, volume=volume,
                     examples=matched)
