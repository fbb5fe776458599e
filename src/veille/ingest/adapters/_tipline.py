"""What the tipline adapters share: senders kept only as keyed hashes, even in quarantine.

A tipline message's sender is a member of the public, identified by a phone number (WhatsApp) or
an account id (Telegram). The stored record holds only `privacy.pseudonymise` of it, and so must
a quarantined record: its raw bytes are stored too, so identifying fields are replaced by their
pseudonyms before it is quarantined, and a line that cannot even be parsed has every run of
seven or more digits masked (phone numbers and ids are such runs), and so are the values of keys
that name a person (`name`, `first_name`, `username`, `from`, `wa_id`, ...).
"""

import re

import orjson

from veille.errors import IngestError
from veille.ingest.rejects import quarantined
from veille.privacy import pseudonymise
from veille.schema import Quarantined

_DIGITS = re.compile(rb"\d{7,}")
_PERSONAL = re.compile(
    rb'("(?:name|first_name|last_name|username|from|wa_id|recipient_id|phone_number)"\s*:\s*)"[^"]*"?')


def require_key(options) -> bytes:
    if not options.pseudonym_key:
        raise IngestError("tipline messages can only be read with the database's pseudonym key")
    return options.pseudonym_key


def redacted(value, key: bytes, identifying: set[str], people: set[str] = frozenset()):
    """`value` with identifying scalars pseudonymised, and objects that describe a person
    (`people` keys, such as Telegram's `from`) reduced to the pseudonym of their id."""
    if isinstance(value, dict):
        out = {}
        for name, item in value.items():
            if name in people and isinstance(item, dict):
                out[name] = {"id": pseudonymise(str(item.get("id", "")), key)} if "id" in item else "<redacted>"
            elif name in identifying and isinstance(item, str | int) and not isinstance(item, bool):
                out[name] = pseudonymise(str(item), key)
            else:
                out[name] = redacted(item, key, identifying, people)
        return out
    if isinstance(value, list):
        return [redacted(item, key, identifying, people) for item in value]
    return value


def masked(raw: bytes) -> bytes:
    """For a line that is not JSON: digit runs and the values of naming keys hidden."""
    return _DIGITS.sub(b"<digits>", _PERSONAL.sub(rb'\1"<redacted>"', raw))


def reject(source: str, format_name: str, reason: str, raw, key: bytes, identifying: set[str],
           people: set[str] = frozenset(), *, line: int | None = None, ref: str | None = None,
           size: int | None = None) -> Quarantined:
    """A quarantine entry whose raw content names nobody."""
    if isinstance(raw, bytes):
        try:
            raw = orjson.dumps(redacted(orjson.loads(raw), key, identifying, people))
        except orjson.JSONDecodeError:
            raw = masked(raw)
    else:
        raw = redacted(raw, key, identifying, people)
    return quarantined(source, format_name, reason, raw, line=line, ref=ref, size=size)
