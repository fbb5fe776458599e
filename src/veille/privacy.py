"""Pseudonymisation: phone numbers and account ids leave the database only as keyed hashes.

A keyed BLAKE2b hash (key from the database's `veille_meta`, made at creation) maps the same id
to the same pseudonym within one deployment, so networks stay analysable, while the id cannot be
recovered or confirmed by anyone without the key (a plain hash of a phone number can be reversed
by trying every number).
"""

import hashlib


def pseudonymise(value: str, key: bytes, *, prefix: str = "") -> str:
    if not key:
        raise ValueError("pseudonymise needs a key")
    digest = hashlib.blake2b(value.encode("utf-8"), key=key[:64], digest_size=16).hexdigest()
    return f"{prefix}{digest}"
