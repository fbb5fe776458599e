"""Settings: users and roles, API tokens, and the audit log. Everything here needs `admin`.

A new token's secret is shown once, on the page that answers its creation (and in the API's
response); only its SHA-256 is kept.
"""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from veille.access import ROLES, ApiToken, User
from veille.errors import NotFound
from veille.web.auth import require
from veille.web.pages import render

router = APIRouter()

RoleName = Literal["admin", "analyst", "fact-checker", "viewer"]
Username = Annotated[str, Path(min_length=1, max_length=100)]
TokenId = Annotated[str, Path(min_length=1, max_length=100)]

# What a settings form did, shown after the redirect (codes, so no text travels in the URL).
DONE = {
    "user-added": "User added.", "role": "Role changed.", "disabled": "User disabled; their sessions ended.",
    "enabled": "User enabled.", "password": "Password reset; their sessions ended.", "revoked": "Token revoked.",
}


class UserOut(BaseModel):
    username: str
    role: str
    disabled: bool
    created_at: datetime


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(max_length=100)
    role: RoleName
    password: str = Field(max_length=1000)


class UserPatch(BaseModel):
    """Only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    role: RoleName | None = None
    disabled: bool | None = None
    password: str | None = Field(None, max_length=1000)


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("token", max_length=100)
    username: str | None = Field(None, max_length=100, description="Default: the caller")


class NewToken(BaseModel):
    id: str
    username: str
    secret: str = Field(description="Shown once: send it as `Authorization: Bearer <secret>`")


class AuditEntry(BaseModel):
    seq: int
    occurred_at: datetime
    actor: str
    action: str
    subject_kind: str
    subject_id: str
    details: dict


def _veille(request: Request):
    return request.app.state.veille


def _user(veille, username: str) -> UserOut:
    for found in veille.users():
        if found["username"] == username:
            return UserOut(**found)
    raise NotFound(f"no user {username!r}")


def _patch_user(veille, username: str, patch: dict, actor: str) -> None:
    _user(veille, username)
    if patch.get("password") is not None:
        veille.set_password(username, patch["password"], actor=actor)
    if patch.get("role") is not None:
        veille.set_role(username, patch["role"], actor=actor)
    if patch.get("disabled") is not None:
        veille.set_disabled(username, patch["disabled"], actor=actor)


def _revoke(veille, token_id: str, actor: str) -> None:
    if not any(t.id == token_id and t.revoked_at is None for t in veille.tokens()):
        raise NotFound(f"no live token {token_id!r}")
    veille.revoke_token(token_id, actor=actor)


# -- API ------------------------------------------------------------------------------------------
@router.get("/api/users", tags=["settings"])
def list_users(request: Request, user: User = Depends(require("admin"))) -> list[UserOut]:
    """Every user with their role and whether they are disabled."""
    return [UserOut(**u) for u in _veille(request).users()]


@router.post("/api/users", tags=["settings"], status_code=201)
def add_user(request: Request, body: UserIn, user: User = Depends(require("admin"))) -> UserOut:
    """Add a user with a role and an initial password (at least 10 characters)."""
    veille = _veille(request)
    veille.add_user(body.username, body.role, body.password, actor=user.username)
    return _user(veille, body.username)


@router.patch("/api/users/{username}", tags=["settings"])
def update_user(request: Request, username: Username, body: UserPatch,
                user: User = Depends(require("admin"))) -> UserOut:
    """Change a user's role, disable or enable them, or reset their password. The last admin
    cannot be demoted or disabled (409)."""
    veille = _veille(request)
    _patch_user(veille, username, body.model_dump(exclude_unset=True), user.username)
    return _user(veille, username)


@router.get("/api/tokens", tags=["settings"])
def list_tokens(request: Request, user: User = Depends(require("admin"))) -> list[ApiToken]:
    """Every API token (ids and owners; secrets are never kept)."""
    return _veille(request).tokens()


@router.post("/api/tokens", tags=["settings"], status_code=201)
def create_token(request: Request, body: TokenIn, user: User = Depends(require("admin"))) -> NewToken:
    """Create an API token acting with its owner's role; the secret is in this answer only."""
    veille = _veille(request)
    owner = body.username or user.username
    _user(veille, owner)
    token_id, secret = veille.create_token(owner, body.name, actor=user.username)
    return NewToken(id=token_id, username=owner, secret=secret)


@router.delete("/api/tokens/{token_id}", tags=["settings"], status_code=204)
def revoke_token(request: Request, token_id: TokenId, user: User = Depends(require("admin"))) -> Response:
    """Revoke an API token: it stops working at once."""
    _revoke(_veille(request), token_id, user.username)
    return Response(status_code=204)


@router.get("/api/audit", tags=["settings"])
def audit_log(request: Request, subject_kind: str | None = None, subject_id: str | None = None,
              limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
              user: User = Depends(require("admin"))) -> list[AuditEntry]:
    """The latest changes of the audit trail, newest first (who, when, what)."""
    return [AuditEntry(**e) for e in _veille(request).audit_trail(
        subject_kind=subject_kind, subject_id=subject_id, limit=limit)]


# -- pages ----------------------------------------------------------------------------------------
def _settings_page(request: Request, user: User, *, done: str | None = None, new_token: NewToken | None = None):
    veille = _veille(request)
    return render(request, "settings.html", {
        "users": veille.users(), "tokens": veille.tokens(), "roles": ROLES, "me": user.username,
        "done": DONE.get(done or ""), "new_token": new_token,
    })


def _done(code: str) -> RedirectResponse:
    return RedirectResponse(f"/settings?done={code}", status_code=303)


@router.get("/settings", include_in_schema=False)
def settings_page(request: Request, done: str | None = None, user: User = Depends(require("admin"))):
    return _settings_page(request, user, done=done)


@router.post("/settings/users", include_in_schema=False)
def add_user_form(request: Request, username: str = Form(""), role: str = Form("viewer"), password: str = Form(""),
                  user: User = Depends(require("admin"))):
    _veille(request).add_user(username.strip(), role, password, actor=user.username)
    return _done("user-added")


@router.post("/settings/users/{username}/role", include_in_schema=False)
def role_form(request: Request, username: Username, role: str = Form(""), user: User = Depends(require("admin"))):
    _patch_user(_veille(request), username, {"role": role}, user.username)
    return _done("role")


@router.post("/settings/users/{username}/disabled", include_in_schema=False)
def disabled_form(request: Request, username: Username, disabled: str = Form("1"),
                  user: User = Depends(require("admin"))):
    off = disabled not in ("0", "false", "")
    _patch_user(_veille(request), username, {"disabled": off}, user.username)
    return _done("disabled" if off else "enabled")


@router.post("/settings/users/{username}/password", include_in_schema=False)
def password_form(request: Request, username: Username, password: str = Form(""),
                  user: User = Depends(require("admin"))):
    _patch_user(_veille(request), username, {"password": password}, user.username)
    return _done("password")


@router.post("/settings/tokens", include_in_schema=False)
def create_token_form(request: Request, username: str = Form(""), name: str = Form("token"),
                      user: User = Depends(require("admin"))):
    veille = _veille(request)
    owner = username or user.username
    _user(veille, owner)
    token_id, secret = veille.create_token(owner, name[:100], actor=user.username)
    # Answered with the page itself, not a redirect: the secret must not travel in a URL.
    response = _settings_page(request, user, new_token=NewToken(id=token_id, username=owner, secret=secret))
    response.headers["cache-control"] = "no-store"
    return response


@router.post("/settings/tokens/{token_id}/revoke", include_in_schema=False)
def revoke_token_form(request: Request, token_id: TokenId, user: User = Depends(require("admin"))):
    _revoke(_veille(request), token_id, user.username)
    return _done("revoked")


@router.get("/settings/audit", include_in_schema=False)
def audit_page(request: Request, user: User = Depends(require("admin"))):
    return render(request, "audit.html", {"entries": _veille(request).audit_trail(limit=200)})
