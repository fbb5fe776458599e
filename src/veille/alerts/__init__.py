"""Alerts: what a detector asks an analyst to look at, one per event (see records.py)."""

from veille.alerts.records import Alert, raise_alerts

__all__ = ["Alert", "raise_alerts"]
