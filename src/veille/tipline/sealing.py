"""Sealed platform addresses: the phone number or chat id a reply must go to, encrypted.

A reply has to reach the person who asked, so the platform address (a WhatsApp phone number, a
Telegram chat id) cannot be kept only as a pseudonym. veille keeps it only sealed: AES-256-GCM
with a key that is NOT in the database, bound (as associated data) to the channel and sender
pseudonym it belongs to, so a sealed address copied onto another row does not open. It is kept
in the inbox row of the message until nothing more will be sent about it (an automatic answer,
or the group's answer from a fact-checker), and in an outbox row until that row is sent or given
up; then it is erased (set to NULL). Everything else (questions, groups, statistics, pages)
knows the sender only by the keyed pseudonym.

The key: `$VEILLE_TIPLINE_KEY` (64 hex digits) when set, else a key file beside the database
(`<db>.tipline-key`, made on first use, readable by its owner only). A copy of the database file
alone therefore reveals no address. Losing the key loses only the ability to answer questions
still waiting, not the questions.
"""

import os
import secrets
from pathlib import Path

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from veille.errors import UsageError, VeilleError

KEY_ENV = "VEILLE_TIPLINE_KEY"
_NONCE = 12


class Sealer:
    def __init__(self, key: bytes):
        if len(key) != 32:
            raise UsageError("the tipline key must be 32 bytes (64 hex digits)")
        self._aead = AESGCM(key)

    def seal(self, channel: str, sender_hash: str, address: dict) -> bytes:
        nonce = secrets.token_bytes(_NONCE)
        return nonce + self._aead.encrypt(nonce, orjson.dumps(address), _bound(channel, sender_hash))

    def open(self, channel: str, sender_hash: str, sealed: bytes) -> dict:
        try:
            plain = self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], _bound(channel, sender_hash))
        except (InvalidTag, ValueError):
            raise VeilleError("a sealed tipline address does not open with this key") from None
        return orjson.loads(plain)


def _bound(channel: str, sender_hash: str) -> bytes:
    return f"{channel}\n{sender_hash}".encode()


def key_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".tipline-key")


def load_sealer(db_path: Path) -> Sealer:
    """The sealer of the database at `db_path` (see the module docstring for the key)."""
    raw = os.environ.get(KEY_ENV, "").strip()
    if raw:
        try:
            return Sealer(bytes.fromhex(raw))
        except ValueError:
            raise UsageError(f"${KEY_ENV} must be 64 hex digits") from None
    path = key_file(Path(db_path))
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made meanwhile by another thread
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    try:
        return Sealer(bytes.fromhex(path.read_text().strip()))
    except ValueError:
        raise UsageError(f"{path}: not a tipline key (64 hex digits)") from None
