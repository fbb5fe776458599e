"""Search across posts (text, URLs, hashtags) and accounts (handle, display name)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from veille.access import User
from veille.search import MAX_LIMIT, MAX_QUERY, SearchResult
from veille.web.auth import require
from veille.web.pages import render

router = APIRouter()


@router.get("/api/search", tags=["search"])
def search_api(request: Request, q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY)],
               kind: Literal["posts", "accounts"] | None = None,
               limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
               user: User = Depends(require("read"))) -> SearchResult:
    """Posts and accounts matching every word of `q` (`#tag` for a hashtag, `@name` for a handle).
    Accounts are identified by pseudonym (acct:...), with their campaigns; posts with their narrative."""
    return request.app.state.veille.search(q, kind=kind, limit=limit)


@router.get("/search", include_in_schema=False)
def search_page(request: Request, q: str = "", kind: str = "", user: User = Depends(require("read"))):
    q = q.strip()[:MAX_QUERY]
    kind = kind if kind in ("posts", "accounts") else None
    result = request.app.state.veille.search(q, kind=kind, limit=50) if q else None
    return render(request, "search.html", {"q": q, "kind": kind or "", "result": result})
