"""Alerts as they leave the database: account ids in their evidence replaced by keyed pseudonyms.

Detectors store what they saw, platform account ids included (a case opened from an alert needs
them). Pages, the API, the live feed and alert targets receive the evidence with every value
under an account-like key replaced by `acct:` + its keyed hash, as everywhere else an account
leaves the database (veille.privacy).
"""

from veille.privacy import pseudonymise

ACCOUNT_KEYS = frozenset({"account", "account_id", "accounts", "account_ids", "members", "sender", "user_id",
                          "userid", "author_id"})


def public_evidence(value, key: bytes, *, under_account: bool = False):
    """`value` with every scalar under an account-like key pseudonymised (recursively)."""
    if isinstance(value, dict):
        return {k: public_evidence(v, key, under_account=k.lower() in ACCOUNT_KEYS) for k, v in value.items()}
    if isinstance(value, list):
        return [public_evidence(v, key, under_account=under_account) for v in value]
    if under_account and isinstance(value, str):  # ids are strings; a number there is a count
        return value if value.startswith("acct:") else pseudonymise(value, key, prefix="acct:")
    return value


def public_alert(alert: dict, key: bytes) -> dict:
    return alert | {"evidence": public_evidence(alert.get("evidence") or {}, key)}
