"""The conversation: what the tipline does with the messages the intake stored.

Every `step`, the messages not yet handled are read from the inbox and grouped by sender. A
sender whose last message arrived at least `bundle_seconds` (5) ago is handled: people forward a
claim as several messages in a row (a picture, its caption, "is this true?"), so the messages of
one sender within that window make one question (Meedan Check does the same). A sender who is
still typing waits for the next step.

For each sender, in the order the messages came:
- an opt-out word (STOP, ARRET, BERHENTI, PARAR, ... see commands.py) opts them out: one
  confirmation, then nothing more is sent to them, not even answers already queued, until they
  write START (or the word in their language); an opt-in word opts them back in;
- "1" or "2" after a recent answer is the "did this help?" reply: recorded on that question,
  thanked, and not taken for a question;
- the other messages make the question. Its language is identified (veille.enrich.language;
  a text too short to tell takes the sender's last known language) and it is matched against the
  fact-checks (`Veille.matcher`, the matcher of `Veille.match`). On `reply` the answer is sent in
  the sender's language with the fact-check's title, rating and link, preferring a confident
  fact-check in the sender's own language and saying so when the only one is in another (see
  replies.py). Otherwise the sender is told a fact-checker will look at it, and the question is
  queued in a group (grouping.py) with the matcher's suggestions for the fact-checkers.
- past `questions_per_hour` (20) questions in the last hour, further questions are recorded but
  neither answered nor queued, and the sender gets one polite notice per hour.

Tipline messages ingested from files (an export of a tipline's history) came with no address:
they are bundled and matched the same way, a few per step after the live ones, so that their
claims reach the fact-checkers' queue; nothing is sent for them.

Each sender's handling is one transaction on the service's own cursor (replies go to the outbox
in it, see outbox.py), so a crash either handles all of a bundle or none of it; a transaction
that conflicts with a fact-checker's answer is rolled back and retried at the next step. Sealed
addresses are erased from the inbox as soon as nothing more will be sent about a message: at
once for everything but queued questions, whose address waits for the group's answer.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb
import orjson

from veille.enrich import language
from veille.enrich.text import fold
from veille.matching.queries import MAX_TEXT_CHARS
from veille.tipline import commands, replies, sql
from veille.tipline.grouping import assign_group
from veille.tipline.outbox import enqueue
from veille.tipline.settings import TiplineSettings

log = logging.getLogger("veille.tipline")

LOOKBACK = timedelta(minutes=10)  # the inbox is re-read this far behind the newest handled message
BATCH = 5000
MATCH_CACHE = 4096  # texts whose match is remembered
BACKLOG_BATCH = 16  # file-ingested questions matched per step (live messages come first)


@dataclass(frozen=True)
class Pending:
    channel: str
    message_id: str
    sender_hash: str
    text: str
    media_hashes: list[str]
    lang: str | None
    stored_at: datetime
    address: bytes | None


@dataclass
class _Sender:
    lang: str | None
    opted_out: bool
    rate_notice_at: datetime | None
    known: bool


class Conversation:
    def __init__(self, veille, settings: TiplineSettings):
        self.veille = veille
        self.store = veille.store
        self.settings = settings
        self._since = datetime(1970, 1, 1, tzinfo=UTC)
        self._backlog_empty_at: int | None = None  # tipline_messages count when no backlog was left
        self._matches: dict = {}  # (pool fingerprint, text, language) -> (MatchResult, vector)

    def step(self, now: datetime | None = None) -> int:
        """Handle every sender whose bundle is complete; returns how many were handled."""
        now = now or datetime.now(UTC)
        con = self.store.cursor()
        try:
            rows = con.execute(sql.PENDING, {"since": self._since, "limit": BATCH}).fetchall()
        finally:
            con.close()
        senders: dict[tuple[str, str], list[Pending]] = {}
        for row in rows:
            item = Pending(*row[:4], list(row[4] or ()), *row[5:])
            senders.setdefault((item.channel, item.sender_hash), []).append(item)
        ready_before = now - timedelta(seconds=self.settings.bundle_seconds)
        handled, waiting = 0, []
        for messages in senders.values():
            if messages[-1].stored_at > ready_before:
                waiting.append(messages[0].stored_at)
                continue
            try:
                self._handle(messages, now)
                handled += 1
            except duckdb.TransactionException as exc:
                waiting.append(messages[0].stored_at)
                log.info("tipline: a sender's messages wait for the next step (%s)", str(exc).splitlines()[0])
        if rows and len(rows) < BATCH:
            newest = max(r[6] for r in rows)
            self._since = min([newest - LOOKBACK, *waiting])
        return handled + self._backlog()

    # -- messages ingested from files ------------------------------------------------------------
    def _backlog(self) -> int:
        """Queue (or mark answered) up to BACKLOG_BATCH questions from tipline messages ingested
        from files: no address came with them, so nothing is sent, but their claims reach the
        fact-checkers' queue. Bundled like live messages, by the time they were received."""
        con = self.store.cursor()
        try:
            count = sql.first_row(con.execute(sql.MESSAGE_COUNT))[0]
            if count == self._backlog_empty_at:
                return 0
            rows = con.execute(sql.BACKLOG, [BACKLOG_BATCH * 4]).fetchall()
        finally:
            con.close()
        if not rows:
            self._backlog_empty_at = count
            return 0
        bundles: list[list[Pending]] = []
        for channel, message_id, sender_hash, text, media, lang, received_at in rows:
            item = Pending(channel, message_id, sender_hash, text, list(media or ()), lang, received_at, None)
            last = bundles[-1][-1] if bundles else None
            if last is not None and (last.channel, last.sender_hash) == (channel, sender_hash) \
                    and received_at - last.stored_at <= timedelta(seconds=self.settings.bundle_seconds):
                bundles[-1].append(item)
            else:
                bundles.append([item])
        done = 0
        for bundle in bundles[:BACKLOG_BATCH]:
            con = self.store.cursor()
            try:
                con.execute("BEGIN TRANSACTION")
                try:
                    self._file_question(con, bundle)
                    con.execute("COMMIT")
                    done += 1
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            except duckdb.TransactionException:
                pass  # met a concurrent change: taken again at the next step
            finally:
                con.close()
        return done

    def _file_question(self, con, bundle: list[Pending]) -> None:
        channel = bundle[0].channel

        def handled(items: list[Pending], outcome: str, question_id: str | None = None) -> None:
            con.execute(sql.INSERT_HANDLED, {"channel": channel, "ids": [m.message_id for m in items],
                                             "question_id": question_id, "outcome": outcome})

        said = [m for m in bundle if not m.media_hashes
                and (commands.command(m.text) is not None or commands.feedback(m.text) is not None)]
        if said:
            handled(said, "ignored")  # an old STOP or "1" in an export commands nothing today
        content = [m for m in bundle if m not in said]
        if content:
            self._question(con, content, _Sender(None, False, None, False), lambda *a, **k: None, handled)

    # -- one sender ------------------------------------------------------------------------------
    def _handle(self, messages: list[Pending], now: datetime) -> None:
        con = self.store.cursor()
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                self._converse(con, messages, now)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            con.close()

    def _converse(self, con, messages: list[Pending], now: datetime) -> None:
        channel, sender_hash = messages[0].channel, messages[0].sender_hash
        sender = self._sender(con, sender_hash)
        address = next((m.address for m in reversed(messages) if m.address is not None), None)

        def reply(kind: str, body: str, question_id: str | None = None) -> None:
            enqueue(con, channel=channel, sender_hash=sender_hash, address=address, kind=kind, body=body,
                    question_id=question_id)

        def handled(items: list[Pending], outcome: str, question_id: str | None = None) -> None:
            con.execute(sql.INSERT_HANDLED, {"channel": channel, "ids": [m.message_id for m in items],
                                             "question_id": question_id, "outcome": outcome})

        content: list[Pending] = []
        for m in messages:
            said = None if m.media_hashes else commands.command(m.text)
            if said is not None:
                kind, said_lang = said
                lang = said_lang or sender.lang
                if kind == "stop":
                    sender.opted_out = True
                    reply("opt_out", replies.text("opt_out", lang))
                    handled([m], "opt_out")
                else:
                    reply("opt_in", replies.text("opt_in" if sender.opted_out else "help", lang))
                    sender.opted_out = False
                    handled([m], "opt_in")
                continue
            verdict = None if m.media_hashes or sender.opted_out else commands.feedback(m.text)
            if verdict is not None:
                since = now - timedelta(hours=self.settings.feedback_hours)
                target = sql.first_row(con.execute(sql.FEEDBACK_TARGET, [sender_hash, since]))
                if target is not None:
                    con.execute(sql.SET_FEEDBACK, [verdict, target[0]])
                    reply("thanks", replies.text("thanks", sender.lang))
                    handled([m], "feedback", target[0])
                    continue
            content.append(m)

        queued = False
        if content:
            if sender.opted_out:
                handled(content, "opted_out")
            elif self._over_limit(con, sender_hash, now):
                handled(content, "rate_limited")
                if sender.rate_notice_at is None or sender.rate_notice_at <= now - timedelta(hours=1):
                    reply("rate_limit", replies.text("rate_limit", sender.lang))
                    sender.rate_notice_at = now
            else:
                queued = self._question(con, content, sender, reply, handled)
        con.execute(sql.UPSERT_SENDER, {"sender": sender_hash, "channel": channel, "lang": sender.lang,
                                        "opted_out": sender.opted_out, "rate_notice_at": sender.rate_notice_at})
        waiting = {m.message_id for m in content} if queued else set()
        done = [m.message_id for m in messages if m.message_id not in waiting]
        if done:
            con.execute(sql.ERASE_MESSAGE_ADDRESSES, {"channel": channel, "ids": done})

    def _sender(self, con, sender_hash: str) -> _Sender:
        row = sql.first_row(con.execute(sql.SENDER, [sender_hash]))
        if row is None:
            return _Sender(None, False, None, False)
        return _Sender(row[0], bool(row[1]), row[2], True)

    def _over_limit(self, con, sender_hash: str, now: datetime) -> bool:
        asked = sql.first_row(con.execute(sql.QUESTIONS_SINCE, [sender_hash, now - timedelta(hours=1)]))[0]
        return asked >= self.settings.questions_per_hour

    def _question(self, con, content: list[Pending], sender: _Sender, reply, handled) -> bool:
        """Match the bundle and answer or queue it; True when it was queued."""
        texts = list(dict.fromkeys(m.text.strip() for m in content if m.text.strip()))
        text = "\n".join(texts)
        media = [h for m in content for h in m.media_hashes]
        if not text and not media:
            reply("help", replies.text("help", sender.lang))  # nothing to check: say what to send
            handled(content, "empty")
            return False
        lang = (language.identify(text) if text else None) or sender.lang
        result, vector, chosen = self._match(text, lang) if text else (None, None, None)
        question_id = "q" + secrets.token_hex(8)
        values = {
            "id": question_id, "channel": content[0].channel, "sender": content[0].sender_hash, "text": text,
            "media": media, "lang": lang, "asked_at": content[0].stored_at, "messages": len(content),
            "decision": result.decision if result is not None else "empty",
            "suggestions": orjson.dumps([{"factcheck_id": m.factcheck_id, "score": round(m.score, 4)}
                                         for m in (result.matches if result is not None else [])]).decode(),
            "folded": fold(text), "vector": None if vector is None else [float(x) for x in vector],
            "group_id": None, "status": "answered", "factcheck_id": None, "answered_by": None, "answered_at": None,
        }
        if chosen is not None:
            values |= {"factcheck_id": chosen.factcheck_id, "answered_by": "auto", "answered_at": datetime.now(UTC)}
            con.execute(sql.INSERT_QUESTION, values)
            link = replies.FactCheckLink(chosen.title, chosen.rating, chosen.url, chosen.language)
            reply("reply", replies.answer(link, lang), question_id)
        else:
            values |= {"status": "queued", "group_id": assign_group(con, values["folded"], vector)}
            con.execute(sql.INSERT_QUESTION, values)
            reply("ack", replies.text("ack", lang), question_id)
        handled(content, "question", question_id)
        if lang:
            sender.lang = lang
        return chosen is None

    def _match(self, text: str, lang: str | None):
        """(the matcher's result, the text's vector, the fact-check to answer with or None)."""
        matcher = self.veille.matcher()
        query = text[:MAX_TEXT_CHARS]
        # A viral forward arrives as the same text from many people: matched once per pool.
        key = (matcher.pool.fingerprint, query, lang)
        if key in self._matches:
            result, vector = self._matches[key]
        else:
            vector = matcher.embed([query])[0]
            result = matcher.match(query, lang=lang, vector=vector)
            if len(self._matches) >= MATCH_CACHE:
                self._matches.clear()
            self._matches[key] = (result, vector)
        if result.decision != "reply":
            return result, vector, None
        # A confident fact-check in the sender's own language first, else the best one.
        confident = matcher.thresholds.for_language(result.lang).reply
        own = replies.language_of(lang)
        for m in result.matches:
            if m.language and m.score >= confident and replies.language_of(m.language) == own:
                return result, vector, m
        return result, vector, result.best
