"""Narratives: the list (`/narratives`) and one narrative (`/narratives/{id}`), and their API."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from veille.access import User
from veille.views.models import Narrative, NarrativeRow
from veille.web import charts
from veille.web.auth import require
from veille.web.pages import render

router = APIRouter()

NarrativeId = Annotated[str, Path(min_length=1, max_length=200)]
Limit = Annotated[int, Query(ge=1, le=1000)]


@router.get("/api/narratives", tags=["narratives"])
def narratives_api(request: Request, limit: Limit = 100, user: User = Depends(require("read"))) -> list[NarrativeRow]:
    """Narratives, largest first: posts, accounts, languages, platforms, top terms, posts per day."""
    return request.app.state.veille.narratives_list(limit=limit)


@router.get("/api/narratives/{narrative_id}", tags=["narratives"])
def narrative_api(request: Request, narrative_id: NarrativeId, user: User = Depends(require("read"))) -> Narrative:
    """One narrative: volume by language, platforms, example posts per language, linked campaigns and families."""
    return request.app.state.veille.narrative(narrative_id)


@router.get("/narratives", include_in_schema=False)
def narratives_page(request: Request, limit: Limit = 100, user: User = Depends(require("read"))):
    rows = request.app.state.veille.narratives_list(limit=limit)
    lines = {n.id: charts.sparkline(n.daily, title=f"Posts per day of {n.id}") for n in rows}
    return render(request, "narratives.html", {"narratives": rows, "sparklines": lines, "limit": limit})


@router.get("/narratives/{narrative_id}", include_in_schema=False)
def narrative_page(request: Request, narrative_id: NarrativeId, user: User = Depends(require("read"))):
    n = request.app.state.veille.narrative(narrative_id)
    return render(request, "narrative.html", {
        "n": n,
        "volume_chart": charts.time_chart(n.volume.times, n.volume.series, step=n.volume.step,
                                          title=f"Posts per {n.volume.step} by language"),
        "languages_chart": charts.bar_chart(list(n.by_language.items()), title="Posts by language"),
        "platforms_chart": charts.bar_chart(list(n.by_platform.items()), title="Posts by platform"),
        "can_open_case": user.can("cases.write"),
    })
