"""The tipline inbox: the fact-checkers' queue of grouped questions, their answers, and the
tipline's figures.

Reading needs `read`; answering a group needs `tipline.answer`. The page lists open groups with
their example questions (text only: no sender identifier is ever shown), how many people asked
(in all and in the last 24 hours), their languages and the fact-checks the matcher suggested;
each group has a form posting to `/tipline/groups/{id}/answer` (fields csrf_token, factcheck_id
or claim, rating, title, url, language for a new fact-check).
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from veille.access import User
from veille.errors import UsageError
from veille.tipline import AnswerResult, GroupSummary, NewFactCheck, TiplineStats
from veille.web.auth import require
from veille.web.pages import render

router = APIRouter()

NEW = "new"  # the answer form's choice of a new fact-check (the empty choice: the note alone)

RECENTLY_ANSWERED = 20  # answered groups listed under the open ones
GroupId = Annotated[str, Path(pattern=r"^g[0-9a-f]{1,64}$")]


class AnswerIn(BaseModel):
    """An existing fact-check's id or a new fact-check, and/or a note in the fact-checker's words."""

    model_config = ConfigDict(extra="forbid")

    factcheck_id: str | None = Field(None, max_length=200)
    new_factcheck: NewFactCheck | None = None
    note: str | None = Field(None, max_length=2000)


def _veille(request: Request):
    return request.app.state.veille


@router.get("/api/tipline/groups", tags=["tipline"])
def groups_api(request: Request, status: Annotated[str | None, Query(pattern="^(open|answered)$")] = "open",
               limit: Annotated[int, Query(ge=1, le=1000)] = 100,
               user: User = Depends(require("read"))) -> list[GroupSummary]:
    """Groups of tipline questions on one claim, most askers in the last 24 hours first."""
    return _veille(request).tipline_groups(status=status, limit=limit)


@router.get("/api/tipline/groups/{group_id}", tags=["tipline"])
def group_api(request: Request, group_id: GroupId, user: User = Depends(require("read"))) -> GroupSummary:
    """One group with all its distinct questions and the suggested fact-checks."""
    return _veille(request).tipline_group(group_id)


@router.post("/api/tipline/groups/{group_id}/answer", tags=["tipline"])
def answer_api(request: Request, group_id: GroupId, answer: AnswerIn,
               user: User = Depends(require("tipline.answer"))) -> AnswerResult:
    """Answer a group with a stored fact-check or a new one: everyone who asked gets it."""
    return _veille(request).answer_tipline_group(group_id, actor=user.username, factcheck_id=answer.factcheck_id,
                                                 new_factcheck=answer.new_factcheck, note=answer.note)


@router.get("/api/tipline/stats", tags=["tipline"])
def stats_api(request: Request, user: User = Depends(require("read"))) -> TiplineStats:
    """Messages today, answered automatically and by fact-checkers, queued, median time to answer."""
    return _veille(request).tipline_stats()


@router.get("/tipline", include_in_schema=False)
def inbox_page(request: Request, answered: str | None = None, user: User = Depends(require("read"))):
    veille = _veille(request)
    return render(request, "tipline.html", {
        "groups": veille.tipline_groups(status="open"), "stats": veille.tipline_stats(),
        "answered_groups": veille.tipline_groups(status="answered", limit=RECENTLY_ANSWERED),
        "can_answer": user.can("tipline.answer"), "answered": answered,
    })


@router.post("/tipline/groups/{group_id}/answer", include_in_schema=False)
def answer_form(request: Request, group_id: GroupId, factcheck_id: str = Form(""), note: str = Form(""),
                claim: str = Form(""), rating: str = Form(""), title: str = Form(""), url: str = Form(""),
                language: str = Form(""), user: User = Depends(require("tipline.answer"))):
    new = None
    if factcheck_id == NEW:
        try:
            new = NewFactCheck(claim=claim, rating=rating, title=title, url=url, language=language)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise UsageError(f"fill in the new fact-check ({problems})") from None
    existing = factcheck_id if factcheck_id not in ("", NEW) else None
    result = _veille(request).answer_tipline_group(group_id, actor=user.username, factcheck_id=existing,
                                                   new_factcheck=new, note=note)
    return RedirectResponse(f"/tipline?answered={result.group_id}", status_code=303)
