"""Every router of the web app, in the order they are mounted. A new page or API area is one
module here and one line in ROUTERS."""

from veille.web.routes import alerts, campaigns, cases, claims, docs, narratives, overview, search, session, settings
from veille.web.routes import tipline, tipline_webhooks

ROUTERS = [
    tipline_webhooks.router,  # WhatsApp's GET check (its POSTs are served ahead of routing: veille.web.webhooks)
    session.router,
    session.system,
    docs.router,
    overview.router,
    alerts.router,
    campaigns.router,
    narratives.router,
    claims.router,
    cases.router,
    settings.router,
    search.router,
    tipline.router,
]
