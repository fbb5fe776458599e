"""Server-rendered pages: the Jinja environment, the navigation and `render`.

Pages are HTML rendered here, with our own small stylesheet and script (static/); charts are SVG
drawn on the server (veille.web.charts). No front-end code comes from a CDN or a third party.
A detector's findings get a page by adding a route and a NAV entry; the layout does the rest.
"""

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from veille.web.auth import principal

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

# (label, path, permission): the navigation shows each entry only to roles that may use it.
NAV = [
    ("Overview", "/", "read"),
    ("Alerts", "/alerts", "read"),
    ("Campaigns", "/campaigns", "read"),
    ("Narratives", "/narratives", "read"),
    ("Claims", "/claims", "read"),
    ("Tipline", "/tipline", "read"),
    ("Cases", "/cases", "read"),
    ("Search", "/search", "read"),
    ("Settings", "/settings", "admin"),
]


def render(request: Request, template: str, context: dict | None = None, *, status_code: int = 200) -> HTMLResponse:
    found = principal(request)
    user = found.user if found else None
    nav = [(label, path) for label, path, permission in NAV if user and user.can(permission)]
    base = {"user": user, "csrf_token": found.csrf if found else "", "nav": nav, "path": request.url.path}
    return TEMPLATES.TemplateResponse(request, template, base | (context or {}), status_code=status_code)
