"""Campaigns: the list (`/campaigns`), one campaign with its account network, evidence timeline
and shared objects (`/campaigns/{id}`), and their API."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from veille.access import User
from veille.views.models import Campaign, CampaignRow, Network, Timeline
from veille.web import charts, network_svg
from veille.web.auth import require
from veille.web.pages import render

router = APIRouter()

CampaignId = Annotated[str, Path(min_length=1, max_length=200)]
Sort = Literal["size", "score", "recent", "first", "evidence"]
Kind = Annotated[str | None, Query(max_length=100, description="Only campaigns with this kind of coordination")]
Limit = Annotated[int, Query(ge=1, le=1000)]
Cap = Annotated[int, Query(ge=1, le=2000, description="Most connected accounts drawn")]


@router.get("/api/campaigns", tags=["campaigns"])
def campaigns_api(request: Request, kind: Kind = None, sort: Sort = "size", limit: Limit = 200,
                  user: User = Depends(require("read"))) -> list[CampaignRow]:
    """Campaigns of the latest coordination run: kinds, accounts, platforms, languages, activity, evidence."""
    return request.app.state.veille.campaigns(kind=kind, sort=sort, limit=limit)


@router.get("/api/campaigns/{campaign_id}", tags=["campaigns"])
def campaign_api(request: Request, campaign_id: CampaignId, user: User = Depends(require("read"))) -> Campaign:
    """One campaign: summary, run parameters, members (pseudonymised), shared objects, top hashtags and links."""
    return request.app.state.veille.campaign(campaign_id)


@router.get("/api/campaigns/{campaign_id}/network", tags=["campaigns"])
def network_api(request: Request, campaign_id: CampaignId, cap: Cap = 300,
                user: User = Depends(require("read"))) -> Network:
    """The campaign's account network: nodes with a layout in [0, 1], edges by kind of coordination."""
    return request.app.state.veille.campaign_network(campaign_id, cap=cap)


@router.get("/api/campaigns/{campaign_id}/timeline", tags=["campaigns"])
def timeline_api(request: Request, campaign_id: CampaignId, user: User = Depends(require("read"))) -> Timeline:
    """Posts of the campaign's accounts and coordinated actions over time, with example shared objects."""
    return request.app.state.veille.campaign_timeline(campaign_id)


@router.get("/campaigns", include_in_schema=False)
def campaigns_page(request: Request, kind: Kind = None, sort: Sort = "size", user: User = Depends(require("read"))):
    veille = request.app.state.veille
    return render(request, "campaigns.html", {
        "campaigns": veille.campaigns(kind=kind, sort=sort), "kinds": veille.campaign_kinds(), "kind": kind,
        "sort": sort, "sorts": Sort.__args__,
    })


@router.get("/campaigns/{campaign_id}", include_in_schema=False)
def campaign_page(request: Request, campaign_id: CampaignId, user: User = Depends(require("read"))):
    veille = request.app.state.veille
    found, network, timeline = veille.campaign_page(campaign_id)
    series = timeline.series
    return render(request, "campaign.html", {
        "c": found, "network": network, "timeline": timeline,
        "network_svg": network_svg.draw(network, api=f"/api/campaigns/{campaign_id}/network"),
        "colours": network_svg.legend_colours(network),
        "timeline_chart": charts.time_chart(
            series.times, series.series, step=series.step, stacked=False, highlight=timeline.bursts,
            title="Posts of the campaign's accounts and coordinated actions, bins with coordinated actions shaded"),
        "kinds_chart": charts.bar_chart(list(found.summary.evidence_by_kind.items()),
                                        title="Shared objects by kind of coordination"),
        "can_open_case": user.can("cases.write"),
    })
