"""Search across posts (text, URLs, hashtags) and accounts (handle, display name).

Every term of the query must match (case-insensitive substring; `#tag` also matches the tag
exactly, `@name` a handle). It is a scan with ILIKE and a LIMIT, not an index: DuckDB's fts
extension is not available offline, and a scan is fast enough: 70-115 ms (median, posts and
accounts) on the 51,318-post simulated election of `make demo`, on a busy 2-core machine.
Results say which campaigns an account belongs to (latest coordination run) and which narrative
a post is part of. Account ids leave only as keyed pseudonyms (acct:...).
"""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from veille.errors import UsageError
from veille.privacy import pseudonymise
from veille.search import sql

MAX_TERMS = 8
MAX_QUERY = 200
MAX_LIMIT = 200
EXCERPT = 280

Kind = Literal["posts", "accounts"]


class PostHit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    platform: str
    id: str
    created_at: datetime
    text: str
    lang: str | None
    urls: list[str]
    hashtags: list[str]
    account: str                 # pseudonym of the author
    handle: str | None
    display_name: str | None
    narrative: str | None
    campaigns: list[str]         # campaigns of the author


class AccountHit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    platform: str
    account: str                 # pseudonym
    handle: str | None
    display_name: str | None
    followers: int | None
    campaigns: list[str]


class SearchResult(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    query: str
    posts: list[PostHit]
    accounts: list[AccountHit]


def _terms(query: str) -> list[str]:
    query = (query or "").strip()
    if not query:
        raise UsageError("search for something: q is empty")
    if len(query) > MAX_QUERY:
        raise UsageError(f"query too long: at most {MAX_QUERY} characters")
    terms = list(dict.fromkeys(query.lower().split()))
    if len(terms) > MAX_TERMS:
        raise UsageError(f"too many words: at most {MAX_TERMS}")
    return terms


def _pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"


def search_posts(con, terms: list[str], limit: int, key: bytes) -> list[PostHit]:
    params: list = []
    for term in terms:
        params += [_pattern(term), term.lstrip("#"), _pattern(term)]
    query = sql.POSTS.format(terms=" AND ".join([sql.POST_TERM] * len(terms)))
    rows = con.execute(query, params + [limit]).fetchall()
    return [PostHit(platform=p, id=i, account=pseudonymise(a, key, prefix="acct:"), created_at=t, text=_excerpt(x),
                    lang=lang, urls=urls, hashtags=tags, handle=h, display_name=d, narrative=n, campaigns=c)
            for p, i, a, t, x, lang, urls, tags, h, d, n, c in rows]


def search_accounts(con, terms: list[str], limit: int, key: bytes) -> list[AccountHit]:
    terms = [t.lstrip("@") or t for t in terms]
    params: list = []
    for term in terms:
        params += [_pattern(term), _pattern(term)]
    exact = " ".join(terms)
    query = sql.ACCOUNTS.format(terms=" AND ".join([sql.ACCOUNT_TERM] * len(terms)))
    rows = con.execute(query, params + [exact, limit, exact]).fetchall()
    return [AccountHit(platform=p, account=pseudonymise(i, key, prefix="acct:"), handle=h, display_name=d,
                       followers=f, campaigns=c) for p, i, h, d, f, c in rows]


def search(con, query: str, key: bytes, *, kind: Kind | None = None, limit: int = 20) -> SearchResult:
    """Posts (newest first) and accounts (exact handle, then most followed) matching `query`."""
    terms = _terms(query)
    if kind not in (None, "posts", "accounts"):
        raise UsageError(f"unknown kind {kind!r}: posts or accounts")
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"limit must be between 1 and {MAX_LIMIT}")
    posts = search_posts(con, terms, limit, key) if kind in (None, "posts") else []
    accounts = search_accounts(con, terms, limit, key) if kind in (None, "accounts") else []
    return SearchResult(query=query.strip(), posts=posts, accounts=accounts)
