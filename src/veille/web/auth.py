"""Who is asking, and may they: session cookies, API tokens, CSRF, permissions.

A route declares what it needs with `Depends(require("cases.write"))`; the dependency returns
the `User`. Browsers authenticate with the session cookie and must send the session's CSRF token
on every unsafe method (form field `csrf_token` or header `X-CSRF-Token`); scripts send
`Authorization: Bearer <token>` and need no CSRF token, since no browser attaches that header
by itself.
"""

import hmac
from dataclasses import dataclass

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from veille.access import User
from veille.errors import AuthError, PermissionDenied

SESSION_COOKIE = "veille_session"
LOGIN_COOKIE = "veille_login"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Principal:
    user: User
    csrf: str | None  # None when authenticated by API token


def principal(request: Request) -> Principal | None:
    """The authenticated caller of `request`, or None; looked up once per request."""
    if "principal" in request.scope:
        return request.scope["principal"]
    veille = request.app.state.veille
    found = None
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        user = veille.token_user(header[7:].strip())
        if user is None:
            raise AuthError("invalid or revoked API token")
        found = Principal(user, None)
    else:
        session = veille.session(request.cookies.get(SESSION_COOKIE, ""))
        if session is not None:
            found = Principal(session[0], session[1])
    request.scope["principal"] = found
    return found


async def _check_csrf(request: Request, expected: str) -> None:
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get("csrf_token")
    if not sent or not hmac.compare_digest(str(sent), expected):
        raise PermissionDenied("missing or wrong CSRF token; reload the page and try again")


def require(permission: str = "read"):
    """A dependency that returns the calling User when their role grants `permission`."""

    async def dependency(request: Request) -> User:
        # The lookup is a database query: run it off the event loop, which must stay free for
        # the tipline webhooks and the live feed.
        found = await run_in_threadpool(principal, request)
        if found is None:
            raise AuthError("log in first")
        if request.method not in SAFE_METHODS and found.csrf is not None:
            await _check_csrf(request, found.csrf)
        if not found.user.can(permission):
            raise PermissionDenied(f"your role ({found.user.role}) may not do this ({permission})")
        return found.user

    dependency.__name__ = f"require_{permission.replace('.', '_')}"
    return dependency
