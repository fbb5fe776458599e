"""Claims: fact-checks, where debunked claims still spread (`/claims`, `/claims/{id}`), matching
new posts against the fact-checks, and their API."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from veille.access import User
from veille.views.models import FactCheck, FactCheckList, SpreadRow
from veille.web import charts
from veille.web.auth import require
from veille.web.pages import render

router = APIRouter()

FactCheckId = Annotated[str, Path(min_length=1, max_length=200)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Text = Annotated[str | None, Query(max_length=200)]


class MatchRun(BaseModel):
    texts_matched: int
    texts_rematched: int
    texts_waiting: int
    posts_linked: dict[str, int]


@router.get("/api/factchecks", tags=["claims"])
def fact_checks_api(request: Request, q: Text = None, rating: Text = None, language: Text = None, limit: Limit = 200,
                    user: User = Depends(require("read"))) -> FactCheckList:
    """Fact-checks, most repeated claims first; `q` searches claim, title and publisher."""
    return request.app.state.veille.fact_checks(q=q, rating=rating, language=language, limit=limit)


@router.get("/api/factchecks/{factcheck_id}", tags=["claims"])
def fact_check_api(request: Request, factcheck_id: FactCheckId, user: User = Depends(require("read"))) -> FactCheck:
    """One fact-check, how far its claim spreads, and example posts with the matcher's decision."""
    return request.app.state.veille.fact_check(factcheck_id)


@router.get("/api/claims/spread", tags=["claims"])
def spread_api(request: Request, debunked_only: bool = True, limit: Limit = 50,
               user: User = Depends(require("read"))) -> list[SpreadRow]:
    """Per fact-check, the posts that repeat its claim; most spread after publication first."""
    return request.app.state.veille.claims_spread(debunked_only=debunked_only, limit=limit)


@router.post("/api/claims/match", tags=["claims"])
def match_api(request: Request, user: User = Depends(require("detect.run"))) -> MatchRun:
    """Match posts not matched yet against the fact-checks (may take a while: loads the model)."""
    run = request.app.state.veille.match_new_posts(actor=user.username)
    return MatchRun(texts_matched=run.texts_matched, texts_rematched=run.texts_rematched,
                    texts_waiting=run.texts_waiting, posts_linked=run.posts_linked)


@router.post("/claims/match", include_in_schema=False)
def match_form(request: Request, user: User = Depends(require("detect.run"))):
    run = request.app.state.veille.match_new_posts(actor=user.username)
    linked = sum(run.posts_linked.values())
    return RedirectResponse(f"/claims?matched={run.texts_matched}&waiting={run.texts_waiting}&linked={linked}",
                            status_code=303)


@router.get("/claims", include_in_schema=False)
def claims_page(request: Request, q: Text = None, rating: Text = None, language: Text = None,
                matched: int | None = None, waiting: int | None = None, linked: int | None = None,
                user: User = Depends(require("read"))):
    veille = request.app.state.veille
    spread = veille.claims_spread()
    return render(request, "claims.html", {
        "found": veille.fact_checks(q=q, rating=rating, language=language), "q": q or "", "rating": rating or "",
        "language": language or "", "spread": spread,
        "sparklines": {s.factcheck_id: charts.sparkline(s.daily, title=f"Posts per day repeating: {s.claim[:80]}")
                       for s in spread},
        "ran": {"matched": matched, "waiting": waiting, "linked": linked} if matched is not None else None,
        "can_match": user.can("detect.run"),
    })


@router.get("/claims/{factcheck_id}", include_in_schema=False)
def fact_check_page(request: Request, factcheck_id: FactCheckId, user: User = Depends(require("read"))):
    found = request.app.state.veille.fact_check(factcheck_id)
    chart = None
    if found.volume is not None:
        chart = charts.time_chart(found.volume.times, found.volume.series, step=found.volume.step,
                                  title=f"Posts repeating the claim per {found.volume.step}, by matcher decision")
    return render(request, "factcheck.html", {"f": found, "chart": chart})
