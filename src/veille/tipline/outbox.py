"""The outbox: every reply leaves through a table, so none is lost to a crash or an outage.

A reply is a row (`tipline_outbox`) written in the same transaction as the decision that made
it. The outbox service sends the rows that are due, oldest first, to the platform's send API
(see platforms.py), and marks a row `sent` only after a 2xx answer. A connection error, a
timeout, a 5xx, 408 or 429 is retried with exponential backoff (`retry_seconds`, doubled at each
attempt up to `retry_max_seconds`), at most `max_attempts` times; another 4xx is permanent (a
blocked bot, a number that is not on WhatsApp) and the row is `failed` at once. A row whose
sender has opted out since it was written is `cancelled`, except the opt-out confirmation itself.
Sent, failed and cancelled rows lose their sealed address.

Delivery is at least once: a row stays pending until the 2xx is recorded, so a process killed
before or during a send sends it after restart; a kill in the instant between the platform's
2xx and the commit can send one reply twice (the platforms offer no idempotency key).
One process holds a veille database, so one outbox service sends; rows are not claimed.
"""

import logging
import secrets
from datetime import UTC, datetime, timedelta

import httpx

from veille.errors import VeilleError
from veille.tipline import sql
from veille.tipline.platforms import NotConfigured, send_request
from veille.tipline.sealing import Sealer
from veille.tipline.settings import TiplineSettings

log = logging.getLogger("veille.tipline")
# httpx logs every request's URL at INFO, and a Telegram send URL holds the bot token: its
# request log is kept to warnings.
logging.getLogger("httpx").setLevel(logging.WARNING)

BATCH = 50


def enqueue(con, *, channel: str, sender_hash: str, address: bytes | None, kind: str, body: str,
            question_id: str | None = None) -> str | None:
    """Queue a reply (in the caller's transaction); None when there is no address to send to."""
    if address is None:
        return None
    outbox_id = secrets.token_hex(8)
    con.execute(sql.ENQUEUE, {"id": outbox_id, "channel": channel, "sender": sender_hash, "address": address,
                              "kind": kind, "question_id": question_id, "body": body})
    return outbox_id


class Outbox:
    """Sends the due rows of one store's outbox."""

    def __init__(self, store, settings: TiplineSettings, sealer: Sealer, *, client: httpx.Client | None = None):
        self.store = store
        self.settings = settings
        self.sealer = sealer
        self.client = client or httpx.Client(timeout=httpx.Timeout(10.0, connect=5.0))

    def close(self) -> None:
        self.client.close()

    def delay(self, attempts: int) -> float:
        """Seconds before the next try after `attempts` failed ones."""
        return min(self.settings.retry_seconds * 2 ** (attempts - 1), self.settings.retry_max_seconds)

    def deliver_due(self) -> int:
        """Try every due row once; returns how many were sent."""
        con = self.store.cursor()
        try:
            rows = con.execute(sql.DUE, [datetime.now(UTC), BATCH]).fetchall()
            sent, held_back = 0, set()
            for outbox_id, channel, sender, address, kind, body, attempts, opted_out in rows:
                if sender in held_back:  # an earlier reply to them failed just now: keep their order
                    continue
                if opted_out and kind != "opt_out":
                    con.execute(sql.MARK_CLOSED, ["cancelled", attempts, "the sender opted out", outbox_id])
                    continue
                if self._send(con, outbox_id, channel, sender, address, body, attempts):
                    sent += 1
                else:
                    held_back.add(sender)
            return sent
        finally:
            con.close()

    def _send(self, con, outbox_id: str, channel: str, sender: str, address: bytes | None, body: str,
              attempts: int) -> bool:
        attempts += 1
        try:
            if address is None:
                raise _Permanent("no address")
            request = send_request(channel, self.sealer.open(channel, sender, address), body, self.settings)
            response = self.client.post(request.url, headers=request.headers, json=request.json)
        except _Permanent as exc:
            return self._give_up(con, outbox_id, attempts, str(exc))
        except NotConfigured as exc:
            return self._retry(con, outbox_id, attempts, str(exc))
        except VeilleError as exc:  # the sealed address does not open
            return self._give_up(con, outbox_id, attempts, str(exc))
        except httpx.HTTPError as exc:
            return self._retry(con, outbox_id, attempts, f"{type(exc).__name__}")
        status = response.status_code
        if 200 <= status < 300:
            con.execute(sql.MARK_SENT, [outbox_id])
            return True
        if 400 <= status < 500 and status not in (408, 429):
            return self._give_up(con, outbox_id, attempts, f"HTTP {status}")
        return self._retry(con, outbox_id, attempts, f"HTTP {status}")

    def _retry(self, con, outbox_id: str, attempts: int, error: str) -> bool:
        if attempts >= self.settings.max_attempts:
            return self._give_up(con, outbox_id, attempts, f"{error} (after {attempts} attempts)")
        due = datetime.now(UTC) + timedelta(seconds=self.delay(attempts))
        con.execute(sql.MARK_RETRY, [attempts, due, error, outbox_id])
        log.info("tipline outbox: reply %s not sent (%s); retry %d in %.1f s", outbox_id, error, attempts,
                 self.delay(attempts))
        return False

    def _give_up(self, con, outbox_id: str, attempts: int, error: str) -> bool:
        con.execute(sql.MARK_CLOSED, ["failed", attempts, error, outbox_id])
        log.warning("tipline outbox: reply %s given up: %s", outbox_id, error)
        return False


class _Permanent(Exception):
    pass
