"""The overview: volumes by platform and language, open alerts, top narratives."""

from fastapi import APIRouter, Depends, Request

from veille.access import User
from veille.web.auth import require
from veille.web.pages import render

router = APIRouter()


def _overview(veille) -> dict:
    stats = veille.stats()
    return {
        "totals": stats.totals, "by_platform": stats.by_platform, "by_language": stats.by_language,
        "by_day": stats.by_day, "open_alerts": veille.alerts(status="open", limit=20),
    }


@router.get("/api/overview", tags=["overview"])
def overview_api(request: Request, user: User = Depends(require("read"))) -> dict:
    """Volumes by platform, language and day, and the open alerts."""
    return _overview(request.app.state.veille)


@router.get("/", include_in_schema=False)
def overview_page(request: Request, user: User = Depends(require("read"))):
    return render(request, "overview.html", _overview(request.app.state.veille))
