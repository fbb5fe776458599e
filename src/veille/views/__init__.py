"""What analysts read: the overview, campaigns, narratives and claims, as typed views.

Read-only queries over what ingest and the detectors stored (SQL in `sql.py`), shaped for the
web pages and the REST API alike; account ids leave only as keyed pseudonyms (`accounts.py`).
The facade (veille.app.Veille) calls one function per view.
"""
