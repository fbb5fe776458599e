"""Cases: the list, one case (notes, evidence, history), and the forms and API that change them.

Reading needs `read`; every change needs `cases.write`. Other pages open a case with a form
posting to `/cases/new` (fields csrf_token, subject_kind, subject_id and, optionally, title).
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from veille.access import User, role_allows
from veille.cases import STATUSES, Case, CaseDetail, NewEvidence
from veille.errors import UsageError
from veille.web.auth import require
from veille.web.pages import render

router = APIRouter()

CaseId = Annotated[int, Path(ge=1, le=2**62)]
EvidenceId = Annotated[int, Path(ge=1, le=2**62)]


class CaseOpen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, max_length=1000, description="Default: from the subject")
    subject_kind: Literal["alert", "campaign", "narrative", "none"] | None = None
    subject_id: str | None = Field(None, max_length=1000)


class CasePatch(BaseModel):
    """Only the fields sent change; `assignee: null` unassigns."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, max_length=1000)
    status: Literal["new", "investigating", "escalated", "closed"] | None = None
    assignee: str | None = Field(None, max_length=100)


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(max_length=50_000)


class Created(BaseModel):
    id: int


class Change(BaseModel):
    seq: int
    occurred_at: str
    actor: str
    action: str
    summary: str
    details: dict


def _veille(request: Request):
    return request.app.state.veille


def describe(entry: dict) -> str:
    """One change of a case in words, for its history."""
    d, action = entry["details"], entry["action"]
    if action == "case.open":
        about = f" from {d['subject_kind']} {d['subject_id']}" if d.get("subject_kind") else ""
        return f"opened the case{about}"
    if action == "case.title":
        return f"renamed the case to “{d.get('to')}”"
    if action == "case.status":
        return f"changed the status from {d.get('from')} to {d.get('to')}"
    if action == "case.assign":
        return f"assigned the case to {d['to']}" if d.get("to") else "unassigned the case"
    if action == "case.note":
        return "added a note"
    if action in ("case.evidence.add", "case.evidence.remove"):
        verb = "added" if action.endswith("add") else "removed"
        where = f"{d['platform']} " if d.get("platform") else ""
        extra = " (pre-filled from the subject)" if d.get("prefilled") else ""
        return f"{verb} evidence #{d.get('evidence_id')}: {d.get('kind')} {where}{d.get('ref')}{extra}"
    return action


def _history(veille, case_id: int) -> list[Change]:
    return [Change(seq=e["seq"], occurred_at=e["occurred_at"].isoformat(), actor=e["actor"], action=e["action"],
                   summary=describe(e), details=e["details"]) for e in veille.case_history(case_id)]


# -- API ------------------------------------------------------------------------------------------
@router.get("/api/cases", tags=["cases"])
def list_cases(request: Request, status: Literal["new", "investigating", "escalated", "closed"] | None = None,
               assignee: str | None = None, limit: int = 200, user: User = Depends(require("read"))) -> list[Case]:
    """Cases, most recently changed first; `assignee=` (empty) lists the unassigned ones."""
    return _veille(request).cases(status=status, assignee=assignee, limit=max(1, min(limit, 1000)))


@router.post("/api/cases", tags=["cases"], status_code=201)
def open_case(request: Request, body: CaseOpen, user: User = Depends(require("cases.write"))) -> CaseDetail:
    """Open a case, blank or from an alert, campaign or narrative (its evidence is pre-filled)."""
    veille = _veille(request)
    case = veille.open_case(actor=user.username, title=body.title, subject_kind=body.subject_kind,
                            subject_id=body.subject_id)
    return veille.case(case.id)


@router.get("/api/cases/{case_id}", tags=["cases"])
def get_case(request: Request, case_id: CaseId, user: User = Depends(require("read"))) -> CaseDetail:
    """One case with its notes, evidence and the statuses it may move to."""
    return _veille(request).case(case_id)


@router.patch("/api/cases/{case_id}", tags=["cases"])
def update_case(request: Request, case_id: CaseId, body: CasePatch,
                user: User = Depends(require("cases.write"))) -> CaseDetail:
    """Change a case's title, status (along the allowed moves) or assignee."""
    veille = _veille(request)
    veille.update_case(case_id, actor=user.username, changes=body.model_dump(exclude_unset=True))
    return veille.case(case_id)


@router.post("/api/cases/{case_id}/notes", tags=["cases"], status_code=201)
def add_note(request: Request, case_id: CaseId, body: NoteIn, user: User = Depends(require("cases.write"))) -> Created:
    """Add a note to a case."""
    return Created(id=_veille(request).add_case_note(case_id, body.body, actor=user.username))


@router.post("/api/cases/{case_id}/evidence", tags=["cases"], status_code=201)
def add_evidence(request: Request, case_id: CaseId, body: NewEvidence,
                 user: User = Depends(require("cases.write"))) -> Created:
    """Add a post or account (platform and id; an account also by `@handle`) or a link (URL)."""
    return Created(id=_veille(request).add_case_evidence(case_id, body, actor=user.username))


@router.delete("/api/cases/{case_id}/evidence/{evidence_id}", tags=["cases"], status_code=204)
def remove_evidence(request: Request, case_id: CaseId, evidence_id: EvidenceId,
                    user: User = Depends(require("cases.write"))) -> Response:
    """Remove an evidence item from a case (its history keeps that it was there)."""
    _veille(request).remove_case_evidence(case_id, evidence_id, actor=user.username)
    return Response(status_code=204)


@router.get("/api/cases/{case_id}/history", tags=["cases"])
def case_history(request: Request, case_id: CaseId, user: User = Depends(require("read"))) -> list[Change]:
    """Every change of a case, oldest first: who, when, what."""
    return _history(_veille(request), case_id)


# -- pages ----------------------------------------------------------------------------------------
def _back(case_id: int) -> RedirectResponse:
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


def _assignable(veille) -> list[str]:
    return [u["username"] for u in veille.users() if not u["disabled"] and role_allows(u["role"], "cases.write")]


@router.get("/cases", include_in_schema=False)
def cases_page(request: Request, status: str | None = None, assignee: str | None = None,
               user: User = Depends(require("read"))):
    veille = _veille(request)
    status = status if status in STATUSES else None
    found = veille.cases(status=status, assignee=assignee or None)
    return render(request, "cases.html", {
        "cases": found, "statuses": STATUSES, "status": status, "assignee": assignee or "",
        "assignees": [u["username"] for u in veille.users()], "can_write": user.can("cases.write"),
    })


@router.post("/cases/new", include_in_schema=False)
def open_case_form(request: Request, title: str = Form(""), subject_kind: str = Form("none"),
                   subject_id: str = Form(""), user: User = Depends(require("cases.write"))):
    case = _veille(request).open_case(actor=user.username, title=title or None,
                                      subject_kind=subject_kind or None, subject_id=subject_id or None)
    return _back(case.id)


@router.get("/cases/{case_id}", include_in_schema=False)
def case_page(request: Request, case_id: CaseId, user: User = Depends(require("read"))):
    veille = _veille(request)
    detail = veille.case(case_id)
    return render(request, "case.html", {
        "detail": detail, "case": detail.case, "history": _history(veille, case_id),
        "assignees": _assignable(veille), "can_write": user.can("cases.write"),
    })


@router.post("/cases/{case_id}/notes", include_in_schema=False)
def add_note_form(request: Request, case_id: CaseId, body: str = Form(""),
                  user: User = Depends(require("cases.write"))):
    _veille(request).add_case_note(case_id, body, actor=user.username)
    return _back(case_id)


@router.post("/cases/{case_id}/status", include_in_schema=False)
def status_form(request: Request, case_id: CaseId, status: str = Form(""),
                user: User = Depends(require("cases.write"))):
    _veille(request).update_case(case_id, actor=user.username, changes={"status": status})
    return _back(case_id)


@router.post("/cases/{case_id}/assignee", include_in_schema=False)
def assignee_form(request: Request, case_id: CaseId, assignee: str = Form(""),
                  user: User = Depends(require("cases.write"))):
    _veille(request).update_case(case_id, actor=user.username, changes={"assignee": assignee})
    return _back(case_id)


@router.post("/cases/{case_id}/title", include_in_schema=False)
def title_form(request: Request, case_id: CaseId, title: str = Form(""), user: User = Depends(require("cases.write"))):
    _veille(request).update_case(case_id, actor=user.username, changes={"title": title})
    return _back(case_id)


@router.post("/cases/{case_id}/evidence", include_in_schema=False)
def evidence_form(request: Request, case_id: CaseId, kind: str = Form("link"), platform: str = Form(""),
                  ref: str = Form(""), comment: str = Form(""), user: User = Depends(require("cases.write"))):
    try:
        item = NewEvidence(kind=kind, platform=platform or None, id=ref, comment=comment or None)
    except ValidationError:
        raise UsageError(f"unknown evidence kind {kind!r}: post, account or link") from None
    _veille(request).add_case_evidence(case_id, item, actor=user.username)
    return _back(case_id)


@router.post("/cases/{case_id}/evidence/{evidence_id}/remove", include_in_schema=False)
def remove_evidence_form(request: Request, case_id: CaseId, evidence_id: EvidenceId,
                         user: User = Depends(require("cases.write"))):
    _veille(request).remove_case_evidence(case_id, evidence_id, actor=user.username)
    return _back(case_id)
