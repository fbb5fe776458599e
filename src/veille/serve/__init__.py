"""`veille serve`: the web app, the webhooks and the background services in one process."""

from veille.serve.server import serve

__all__ = ["serve"]
