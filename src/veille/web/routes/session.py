"""Logging in and out, and the health check (the only routes open without a session)."""

import hmac
import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from veille.access.throttle import LoginThrottle
from veille.errors import AuthError
from veille.web.auth import LOGIN_COOKIE, SESSION_COOKIE, principal
from veille.web.pages import render

router = APIRouter(include_in_schema=False)
throttle = LoginThrottle()
system = APIRouter(tags=["system"])


def _safe_next(target: str | None) -> str:
    # Only paths on this site: "//host" and "/\\host" would leave it.
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@system.get("/health")
def health(request: Request) -> dict:
    """Liveness: the server answers and its database opens."""
    request.app.state.veille.store.cursor().execute("SELECT 1").fetchone()
    return {"status": "ok"}


@router.get("/login")
def login_page(request: Request, next: str | None = None):
    # Login CSRF: a double-submit token, since there is no session yet to hold one.
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {"login_csrf": token, "next": _safe_next(next), "failed": False})
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies, path="/login")
    return response


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/")):
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf_token):
        return render(request, "login.html", {"login_csrf": expected, "next": _safe_next(next),
                                              "failed": "Your login form expired; try again."}, status_code=403)
    keys = (f"user:{username.lower()}", f"ip:{request.client.host if request.client else '-'}")
    wait = throttle.wait_seconds(*keys)
    if wait > 0:
        return render(request, "login.html", {"login_csrf": expected, "next": _safe_next(next),
                                              "failed": f"Too many failed logins; try again in {wait:.0f} s."},
                      status_code=429)
    try:
        user, token, _ = request.app.state.veille.login(username, password)
    except AuthError as exc:
        throttle.failed(*keys)
        return render(request, "login.html", {"login_csrf": expected, "next": _safe_next(next),
                                              "failed": str(exc).capitalize() + "."}, status_code=401)
    throttle.succeeded(*keys)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=request.app.state.secure_cookies, max_age=12 * 3600)
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request):
    found = principal(request)
    if found is not None and found.csrf is not None:
        form = await request.form()
        if hmac.compare_digest(str(form.get("csrf_token", "")), found.csrf):
            request.app.state.veille.logout(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
