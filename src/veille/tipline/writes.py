"""What one conversation transaction writes, collected while the senders are handled and written
set-wise at the end.

A DuckDB statement costs a few milliseconds whatever its size, so handling a hundred senders
with a dozen statements each would make the conversation the tipline's bottleneck; collected,
a hundred senders cost about ten statements. The reads the handling needs (the senders' state,
their questions in the last hour, the open groups) are made once for the whole batch too.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyarrow as pa

from veille.tipline import sql
from veille.tipline.grouping import OpenGroups


@dataclass
class SenderState:
    channel: str
    lang: str | None
    opted_out: bool
    rate_notice_at: datetime | None
    asked_last_hour: int


class Writes:
    def __init__(self, con, senders: list[tuple[str, str]], now: datetime):
        """`senders`: the (channel, sender pseudonym) pairs this batch handles."""
        self.con = con
        self.now = now  # the conversation's clock (bundling, limits)
        self._written_at = datetime.now(UTC)  # the outbox's: replies are due at once
        self.handled: list[tuple[str, str, str | None, str]] = []
        self.questions: list[dict] = []
        self.outbox: list[dict] = []
        self.erase: list[tuple[str, str]] = []
        self.groups = OpenGroups.load(con)
        self.senders = self._load_senders(senders)
        self.conversing: set[str] = set()  # senders whose state is written back

    def _load_senders(self, senders: list[tuple[str, str]]) -> dict[str, SenderState]:
        ids = [s for _, s in senders]
        known = {r[0]: r[1:] for r in self.con.execute(sql.SENDERS, {"ids": ids}).fetchall()}
        asked = dict(self.con.execute(sql.QUESTIONS_SINCE, {"ids": ids, "since": self.now - timedelta(hours=1)})
                     .fetchall())
        out = {}
        for channel, sender in senders:
            lang, opted_out, notice = known.get(sender, (None, False, None))
            out[sender] = SenderState(channel, lang, bool(opted_out), notice, asked.get(sender, 0))
        return out

    # -- collecting ----------------------------------------------------------------------------
    def reply(self, channel: str, sender_hash: str, address: bytes | None, kind: str, body: str,
              question_id: str | None = None) -> None:
        """A reply for the outbox (none without an address: messages ingested from files)."""
        if address is None:
            return
        self.outbox.append({"id": secrets.token_hex(8), "channel": channel, "sender_hash": sender_hash,
                            "address": address, "kind": kind, "question_id": question_id, "body": body,
                            # distinct, increasing times keep one sender's replies in order
                            "created_at": self._written_at + timedelta(microseconds=len(self.outbox))})

    def handle(self, channel: str, message_ids: list[str], outcome: str, question_id: str | None = None) -> None:
        self.handled += [(channel, m, question_id, outcome) for m in message_ids]

    def question(self, values: dict) -> None:
        self.questions.append(values)

    def erase_addresses(self, channel: str, message_ids: list[str]) -> None:
        self.erase += [(channel, m) for m in message_ids]

    # -- writing -------------------------------------------------------------------------------
    def flush(self) -> None:
        con = self.con
        if self.groups.created:
            con.execute(sql.INSERT_GROUPS, {"ids": self.groups.created})
        if self.questions:
            self._insert("tipline_questions", _questions_table(self.questions), sql.INSERT_QUESTIONS)
        if self.handled:
            channel, message_id, question_id, outcome = zip(*self.handled)
            self._insert("tipline_handled", pa.table({
                "channel": pa.array(channel, pa.string()), "message_id": pa.array(message_id, pa.string()),
                "question_id": pa.array(question_id, pa.string()), "outcome": pa.array(outcome, pa.string()),
            }), sql.INSERT_HANDLED)
        if self.outbox:
            self._insert("tipline_outbox", _outbox_table(self.outbox), sql.INSERT_OUTBOX)
        items = [(s, v) for s, v in self.senders.items() if s in self.conversing]
        if items:
            self._insert("tipline_senders", pa.table({
                "sender_hash": pa.array([s for s, _ in items], pa.string()),
                "channel": pa.array([v.channel for _, v in items], pa.string()),
                "lang": pa.array([v.lang for _, v in items], pa.string()),
                "opted_out": pa.array([v.opted_out for _, v in items], pa.bool_()),
                "rate_notice_at": pa.array([v.rate_notice_at for _, v in items], pa.timestamp("us", tz="UTC")),
            }), sql.UPSERT_SENDERS)
        if self.erase:
            channel, message_id = zip(*self.erase)
            self._insert("tipline_inbox", pa.table({"channel": pa.array(channel, pa.string()),
                                                    "message_id": pa.array(message_id, pa.string())}),
                         sql.ERASE_ADDRESSES)

    def _insert(self, table: str, arrow: pa.Table, statement: str) -> None:
        self.con.register("batch_rows", arrow)
        try:
            self.con.execute(statement)
        finally:
            self.con.unregister("batch_rows")


_TS = pa.timestamp("us", tz="UTC")


def _questions_table(rows: list[dict]) -> pa.Table:
    def column(name, kind):
        return pa.array([r[name] for r in rows], kind)

    return pa.table({
        "id": column("id", pa.string()), "channel": column("channel", pa.string()),
        "sender_hash": column("sender_hash", pa.string()), "text": column("text", pa.string()),
        "media_hashes": column("media_hashes", pa.list_(pa.string())), "lang": column("lang", pa.string()),
        "asked_at": column("asked_at", _TS), "messages": column("messages", pa.int32()),
        "decision": column("decision", pa.string()), "suggestions": column("suggestions", pa.string()),
        "folded": column("folded", pa.string()), "vector": column("vector", pa.list_(pa.float32())),
        "group_id": column("group_id", pa.string()), "status": column("status", pa.string()),
        "factcheck_id": column("factcheck_id", pa.string()), "answered_by": column("answered_by", pa.string()),
        "answered_at": column("answered_at", _TS),
    })


def _outbox_table(rows: list[dict]) -> pa.Table:
    return pa.table({
        "id": pa.array([r["id"] for r in rows], pa.string()),
        "channel": pa.array([r["channel"] for r in rows], pa.string()),
        "sender_hash": pa.array([r["sender_hash"] for r in rows], pa.string()),
        "address": pa.array([r["address"] for r in rows], pa.binary()),
        "kind": pa.array([r["kind"] for r in rows], pa.string()),
        "question_id": pa.array([r["question_id"] for r in rows], pa.string()),
        "body": pa.array([r["body"] for r in rows], pa.string()),
        "created_at": pa.array([r["created_at"] for r in rows], _TS),
    })
