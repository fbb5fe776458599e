"""Every router of the web app, in the order they are mounted. A new page or API area is one
module here and one line in ROUTERS."""

from veille.web.routes import docs, overview, session

ROUTERS = [
    session.router,
    session.system,
    docs.router,
    overview.router,
]
