"""The overview (`/`): volumes by platform, language and hour, open alerts, trending narratives,
the latest campaigns and the debunked claims still spreading."""

from fastapi import APIRouter, Depends, Request

from veille.access import User
from veille.views.models import Overview
from veille.web import charts
from veille.web.auth import require
from veille.web.pages import render

router = APIRouter()


@router.get("/api/overview", tags=["overview"])
def overview_api(request: Request, user: User = Depends(require("read"))) -> Overview:
    """Totals, volumes by platform, language, day and hour, open alerts, trending narratives,
    latest campaigns and spreading debunked claims."""
    return request.app.state.veille.overview()


@router.get("/", include_in_schema=False)
def overview_page(request: Request, user: User = Depends(require("read"))):
    view = request.app.state.veille.overview()
    figures = {
        "platforms": charts.bar_chart(list(view.by_platform.items()), title="Posts by platform"),
        "languages": charts.bar_chart(list(view.by_language.items()), title="Posts by language"),
        "volume": charts.time_chart(view.volume.times, view.volume.series, step=view.volume.step,
                                    title=f"Posts per {view.volume.step} by platform (UTC)"),
        "claims": {c.factcheck_id: charts.sparkline(c.daily, title=f"Posts per day repeating: {c.claim[:80]}")
                   for c in view.spreading_claims},
    }
    return render(request, "overview.html", {"view": view, "figures": figures})
