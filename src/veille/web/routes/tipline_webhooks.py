"""The tipline webhooks: the only POST routes open without a login, because the platform signs
what it sends instead (WhatsApp: HMAC-SHA256 of the raw body with the app secret; Telegram: the
secret token given to setWebhook).

Order of checks: the platform is configured (else 503 naming the variable to set), the body is
at most `max_body_bytes` (read in chunks, stopping at the limit: 413), the signature or token is
right (401 when missing, 403 when wrong: nothing is read or stored), the body is JSON (400) of the
platform's shape (400). Then the messages are committed by the intake (veille.tipline.intake)
before the 200 goes out; a failed commit answers 503 so that the platform delivers again.
Nothing here logs a body, a sender or a secret.
"""

import logging

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from veille.errors import StoreError, UsageError
from veille.tipline.deliveries import (
    secret_token_ok,
    telegram_deliveries,
    whatsapp_deliveries,
    whatsapp_signature_ok,
)
from veille.tipline.settings import TiplineSettings

log = logging.getLogger("veille.tipline")

router = APIRouter(prefix="/webhooks", tags=["tipline webhooks"])


class _TooLarge(Exception):
    pass


def _settings(request: Request) -> TiplineSettings:
    state = request.app.state
    if getattr(state, "tipline_settings", None) is None:
        state.tipline_settings = TiplineSettings.from_env()
    return state.tipline_settings


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def _store(request: Request, parse, body) -> JSONResponse:
    intake = request.app.state.veille.tipline_intake()
    try:
        parsed = parse(body, intake.pseudonym_key)
    except UsageError as exc:
        return _error(400, str(exc))
    try:
        await intake.submit(parsed.deliveries)
    except StoreError:
        return _error(503, "the message could not be stored; deliver it again later")
    if parsed.unreadable:
        log.info("tipline webhook: %d message(s) without the fields a tip needs were left out", parsed.unreadable)
    return JSONResponse({"received": len(parsed.deliveries)})


@router.get("/whatsapp", response_class=PlainTextResponse)
def whatsapp_verify(request: Request):
    """WhatsApp's subscription check: echo `hub.challenge` when `hub.verify_token` is ours."""
    settings = _settings(request)
    if not settings.whatsapp_verify_token:
        return _error(503, "the WhatsApp webhook is not configured: set VEILLE_WHATSAPP_VERIFY_TOKEN")
    params = request.query_params
    token = params.get("hub.verify_token")
    if params.get("hub.mode") != "subscribe" or not secret_token_ok(token, settings.whatsapp_verify_token):
        return _error(403, "wrong hub.mode or hub.verify_token")
    return PlainTextResponse(params.get("hub.challenge", ""))


@router.post("/whatsapp")
async def whatsapp_webhook(request: Request):
    """WhatsApp Cloud API messages, signed with X-Hub-Signature-256; stored before the 200."""
    settings = _settings(request)
    if not settings.whatsapp_app_secret:
        return _error(503, "the WhatsApp webhook is not configured: set VEILLE_WHATSAPP_APP_SECRET")
    try:
        raw = await _body(request, settings.max_body_bytes)
    except _TooLarge:
        return _error(413, f"body larger than {settings.max_body_bytes} bytes")
    signature = request.headers.get("x-hub-signature-256")
    if not signature:
        return _error(401, "missing X-Hub-Signature-256")
    if not whatsapp_signature_ok(raw, signature, settings.whatsapp_app_secret):
        return _error(403, "X-Hub-Signature-256 does not match the body")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _error(400, "the body is not JSON")
    return await _store(request, whatsapp_deliveries, body)


@router.post("/telegram")
async def telegram_webhook(request: Request):
    """Telegram Bot API updates, with X-Telegram-Bot-Api-Secret-Token; stored before the 200."""
    settings = _settings(request)
    if not settings.telegram_secret_token:
        return _error(503, "the Telegram webhook is not configured: set VEILLE_TELEGRAM_SECRET_TOKEN")
    token = request.headers.get("x-telegram-bot-api-secret-token")
    if token is None:
        return _error(401, "missing X-Telegram-Bot-Api-Secret-Token")
    if not secret_token_ok(token, settings.telegram_secret_token):
        return _error(403, "wrong X-Telegram-Bot-Api-Secret-Token")
    try:
        raw = await _body(request, settings.max_body_bytes)
    except _TooLarge:
        return _error(413, f"body larger than {settings.max_body_bytes} bytes")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _error(400, "the body is not JSON")
    return await _store(request, telegram_deliveries, body)
