"""The web operations center: pages for analysts and a REST API, both over the facade.

`create_app(veille)` builds the ASGI application; `veille serve` (veille.serve) runs it with the
background services. Every route names the permission it needs (veille.web.auth); nothing is
reachable without logging in but the login page, the tipline webhooks (which check signatures),
`/health`, `/openapi.json` and `/docs`.
"""

from veille.web.app import create_app

__all__ = ["create_app"]
