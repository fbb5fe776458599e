"""The tipline webhooks' POSTs, served ahead of the web framework.

A flood of forwards (1,000 calls a second) must not starve the pages, and FastAPI's routing,
dependency and exception layers cost about 0.3 ms of the one event loop per call, half of what
a webhook call needs in all. So POST /webhooks/whatsapp and /webhooks/telegram are answered by
this small ASGI middleware, placed outside the app's routing, which reads the body (413 past
the limit, read in chunks), hands it to veille.tipline.webhooks.receive and writes the JSON
answer with the site's security headers. Everything else goes on to the app. The GET
verification of WhatsApp is an ordinary route; the two POSTs are described in the OpenAPI
document by OPENAPI_PATHS.
"""

import orjson

from veille.tipline import webhooks
from veille.tipline.settings import TiplineSettings


class _TooLarge(Exception):
    pass


def tipline_settings(state) -> TiplineSettings:
    """The tipline's settings, read from the environment once per app."""
    if getattr(state, "tipline_settings", None) is None:
        state.tipline_settings = TiplineSettings.from_env()
    return state.tipline_settings


class TiplineWebhooks:
    def __init__(self, app, *, state, security_headers: list[tuple[bytes, bytes]]):
        self.app = app
        self.state = state  # the FastAPI app's state: its facade and settings
        self.headers = [(b"content-type", b"application/json")] + security_headers

    async def __call__(self, scope, receive, send):
        platform = webhooks.PATHS.get(scope.get("path", "")) if scope["type"] == "http" else None
        if platform is None or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        settings = tipline_settings(self.state)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            raw = await _read_body(receive, headers, settings.max_body_bytes)
        except _TooLarge:
            status, body = webhooks.error(413, f"body larger than {settings.max_body_bytes} bytes")
        else:
            status, body = await webhooks.receive(self.state.veille, settings, platform, headers, raw)
        content = orjson.dumps(body)
        await send({"type": "http.response.start", "status": status,
                    "headers": self.headers + [(b"content-length", str(len(content)).encode())]})
        await send({"type": "http.response.body", "body": content})


async def _read_body(receive, headers: dict[str, str], limit: int) -> bytes:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _post(summary: str, description: str, header: str) -> dict:
    return {"post": {
        "tags": ["tipline webhooks"], "summary": summary, "description": description,
        "operationId": summary.lower().replace(" ", "_"),
        "parameters": [{"name": header, "in": "header", "required": False, "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
        "responses": {
            "200": {"description": "Stored (committed) before this answer",
                    "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"received": {"type": "integer"}}}}}},
            "400": {"description": "Not JSON, or not the platform's shape"},
            "401": {"description": "Signature or token missing"},
            "403": {"description": "Signature or token wrong"},
            "413": {"description": "Body too large"},
            "503": {"description": "Not configured, or not stored: deliver again"},
        },
    }}


OPENAPI_PATHS = {
    "/webhooks/whatsapp": _post(
        "WhatsApp webhook", "WhatsApp Cloud API messages, signed with X-Hub-Signature-256 (HMAC-SHA256 of the "
        "raw body with the app secret); stored before the 200.", "X-Hub-Signature-256"),
    "/webhooks/telegram": _post(
        "Telegram webhook", "Telegram Bot API updates, with the secret token given to setWebhook in "
        "X-Telegram-Bot-Api-Secret-Token; stored before the 200.", "X-Telegram-Bot-Api-Secret-Token"),
}
