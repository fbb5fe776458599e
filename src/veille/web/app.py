"""The ASGI application: routers, static files, error envelopes and security headers."""

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from veille import __version__
from veille.errors import AuthError, NotFound, PermissionDenied, UsageError, VeilleError
from veille.web.pages import render
from veille.web.routes import ROUTERS
from veille.web.webhooks import OPENAPI_PATHS, TiplineWebhooks

STATIC = Path(__file__).parent / "static"

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: it does not buffer
    streamed responses such as the live alert feed)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/webhooks/")) and "text/html" in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str):
    if _wants_html(request):
        return render(request, "error.html", {"status": status, "message": message}, status_code=status)
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def create_app(veille, *, secure_cookies: bool = False, lifespan=None) -> FastAPI:
    """The web app over the facade `veille` (a veille.app.Veille whose store stays open)."""
    api = FastAPI(
        title="veille", version=__version__, lifespan=lifespan,
        description="Election-integrity operations center. Authenticate with `Authorization: Bearer <token>` "
                    "(create one with `veille tokens create`).",
        docs_url=None, redoc_url=None,  # /docs is our own page: Swagger UI would come from a CDN
    )
    api.state.veille = veille
    api.state.secure_cookies = secure_cookies

    @api.exception_handler(AuthError)
    async def unauthenticated(request: Request, exc: AuthError):
        if _wants_html(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return JSONResponse({"error": {"status": 401, "message": str(exc)}}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})

    @api.exception_handler(PermissionDenied)
    async def forbidden(request: Request, exc: PermissionDenied):
        return _error(request, 403, str(exc))

    @api.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return _error(request, 404, str(exc))

    @api.exception_handler(UsageError)
    async def bad_request(request: Request, exc: UsageError):
        return _error(request, 400, str(exc))

    @api.exception_handler(VeilleError)
    async def unprocessable(request: Request, exc: VeilleError):
        return _error(request, 409, str(exc))

    @api.exception_handler(UnicodeEncodeError)
    async def not_unicode(request: Request, exc: UnicodeEncodeError):
        # JSON may carry lone surrogates ("\ud800"), which no database or UTF-8 text can hold.
        return _error(request, 400, "text is not valid Unicode (a lone surrogate)")

    api.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        api.include_router(router)
    api.add_middleware(SecurityHeaders)
    # Outermost: the tipline's POSTs skip the app's routing (veille.web.webhooks says why).
    api.add_middleware(TiplineWebhooks, state=api.state, security_headers=SECURITY_HEADERS)
    _describe_webhooks(api)
    return api


def _describe_webhooks(api: FastAPI) -> None:
    """Add the webhook POSTs, served by TiplineWebhooks rather than a route, to /openapi.json."""
    generate = api.openapi

    def openapi() -> dict:
        schema = generate()
        for path, operations in OPENAPI_PATHS.items():
            schema.setdefault("paths", {}).setdefault(path, {}).update(operations)
        return schema

    api.openapi = openapi
