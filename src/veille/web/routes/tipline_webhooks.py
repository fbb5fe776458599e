"""The tipline webhooks: WhatsApp's subscription check here; the POSTs that carry messages are
served ahead of the app's routing by veille.web.webhooks (see there why), with the checks of
veille.tipline.webhooks. These are the only routes open without a login: the platform signs
what it sends instead."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from veille.tipline.deliveries import secret_token_ok
from veille.tipline.webhooks import error
from veille.web.webhooks import tipline_settings

router = APIRouter(prefix="/webhooks", tags=["tipline webhooks"])


@router.get("/whatsapp", response_class=PlainTextResponse)
def whatsapp_verify(request: Request):
    """WhatsApp's subscription check: echo `hub.challenge` when `hub.verify_token` is ours."""
    settings = tipline_settings(request.app.state)
    if not settings.whatsapp_verify_token:
        status, body = error(503, "the WhatsApp webhook is not configured: set VEILLE_WHATSAPP_VERIFY_TOKEN")
        return JSONResponse(body, status_code=status)
    params = request.query_params
    token = params.get("hub.verify_token")
    if params.get("hub.mode") != "subscribe" or not secret_token_ok(token, settings.whatsapp_verify_token):
        status, body = error(403, "wrong hub.mode or hub.verify_token")
        return JSONResponse(body, status_code=status)
    return PlainTextResponse(params.get("hub.challenge", ""))
