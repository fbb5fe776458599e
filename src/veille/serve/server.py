"""Running the operations center: one process with the web app, the webhooks and the services."""

import ipaddress
import logging
import os
import sys
from contextlib import asynccontextmanager

from veille.serve.services import ServeSettings, start_services
from veille.web.app import SECURITY_HEADERS
from veille.web.webhooks import TiplineWebhooks

log = logging.getLogger("veille.serve")


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def build_app(veille, settings: ServeSettings):
    """The ASGI app with the background services tied to its lifespan."""
    from veille.web import create_app

    @asynccontextmanager
    async def lifespan(_app):
        services = start_services(veille, settings)
        try:
            yield
        finally:
            for service in reversed(services):
                service.stop()

    return create_app(veille, secure_cookies=settings.secure_cookies, lifespan=lifespan)


def serve(veille, settings: ServeSettings) -> None:
    import uvicorn

    if not _is_loopback(settings.host) and not settings.secure_cookies:
        log.warning("serving on %s without --secure-cookies: put HTTPS in front and pass it", settings.host)
    # The embedding engine's OpenMP threads would take every core whenever the tipline embeds a
    # question; one thread leaves the other core to the webhooks and pages. Set before the engine
    # loads (OpenMP reads these once); an operator's own OMP_NUM_THREADS wins.
    os.environ.setdefault("OMP_NUM_THREADS", str(settings.model_threads))
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # idle threads sleep instead of spinning
    # The event loop answers every webhook; when a background thread holds the interpreter lock,
    # the loop waits up to the switch interval for it (5 ms by default): 1 ms keeps it moving.
    sys.setswitchinterval(0.001)
    veille.store  # open (and migrate) the database before the first request
    app = build_app(veille, settings)
    # The webhook fast path also sits outside FastAPI's own outer layers (error, telemetry and
    # body-limit middleware), which cost as much again per call as the webhook itself; inside
    # the app (create_app) it serves in-process clients such as tests.
    asgi = TiplineWebhooks(app, state=app.state, security_headers=SECURITY_HEADERS)
    server = uvicorn.Server(uvicorn.Config(asgi, host=settings.host, port=settings.port, log_level="info",
                                           access_log=False, timeout_graceful_shutdown=10))
    app.state.server = server  # long-lived responses (the live alert feed) end when it is stopping
    server.run()
