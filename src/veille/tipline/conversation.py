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

The senders ready in a step are handled in batches of BATCH_SENDERS, each batch one transaction
on the service's own cursor whose writes are collected and written set-wise (writes.py); replies
go to the outbox in it (outbox.py), so a crash handles all of a batch or none of it. A batch that
conflicts with a fact-checker's answer at the same moment is rolled back and its senders are
handled one per transaction; one that conflicts again waits for the next step. A question that
joined a group while a fact-checker answered it gets that answer at the next step. Sealed
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
from veille.tipline.answers import answer_late_joiners
from veille.tipline.settings import TiplineSettings
from veille.tipline.writes import SenderState, Writes

log = logging.getLogger("veille.tipline")

LOOKBACK = timedelta(minutes=10)  # the inbox is re-read this far behind the newest handled message
PENDING_LIMIT = 20_000            # inbox messages read per step
BATCH_SENDERS = 200               # senders handled in one transaction
MATCH_CACHE = 4096                # texts whose match is remembered
BACKLOG_BATCH = 64                # file-ingested messages handled per step (live messages come first)


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


class Conversation:
    def __init__(self, veille, settings: TiplineSettings):
        self.veille = veille
        self.store = veille.store
        self.settings = settings
        self._since = datetime(1970, 1, 1, tzinfo=UTC)
        self._backlog_empty_at: int | None = None  # tipline_messages count when no backlog was left
        self._matches: dict = {}  # (pool fingerprint, text, language) -> (MatchResult, vector)
        self._vectors: dict = {}  # (pool fingerprint, text) -> vector (None: too short to embed)
        self._matcher = None      # the matcher of the current step

    def step(self, now: datetime | None = None) -> int:
        """Handle every sender whose bundle is complete, then some of the file-ingested backlog;
        returns how many senders (or file bundles) were handled."""
        now = now or datetime.now(UTC)
        self._matcher = None
        rows = self._read(sql.PENDING, {"since": self._since, "limit": PENDING_LIMIT})
        senders: dict[tuple[str, str], list[Pending]] = {}
        for row in rows:
            item = Pending(*row[:4], list(row[4] or ()), *row[5:])
            senders.setdefault((item.channel, item.sender_hash), []).append(item)
        ready_before = now - timedelta(seconds=self.settings.bundle_seconds)
        ready = [m for m in senders.values() if m[-1].stored_at <= ready_before]
        waiting = [m[0].stored_at for m in senders.values() if m[-1].stored_at > ready_before]
        handled = 0
        for start in range(0, len(ready), BATCH_SENDERS):
            batch = ready[start:start + BATCH_SENDERS]
            done, failed = self._in_batches(batch, self._converse, now)
            handled += done
            waiting += [m[0].stored_at for m in failed]
        if rows and len(rows) < PENDING_LIMIT:
            self._since = min([max(r[6] for r in rows) - LOOKBACK, *waiting])
        self._late_joiners()
        return handled + self._backlog(now)

    def _late_joiners(self) -> None:
        """Questions that joined a group while a fact-checker answered it get that answer."""
        con = self.store.cursor()
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                answer_late_joiners(con)
                con.execute("COMMIT")
            except BaseException:
                _rollback(con)
                raise
        except duckdb.TransactionException:
            pass  # met a concurrent change: tried again at the next step
        finally:
            con.close()

    def _read(self, query: str, params) -> list[tuple]:
        con = self.store.cursor()
        try:
            return con.execute(query, params).fetchall()
        finally:
            con.close()

    def _in_batches(self, batch: list[list[Pending]], handle, now: datetime) -> tuple[int, list]:
        """Handle `batch` (lists of one sender's messages) in one transaction, or, when it meets
        a concurrent change, one sender per transaction. Returns (handled, those left for later)."""
        self._prepare_vectors(batch)
        if self._transaction(batch, handle, now):
            return len(batch), []
        if len(batch) == 1:
            return 0, batch
        left = [messages for messages in batch if not self._transaction([messages], handle, now)]
        return len(batch) - len(left), left

    def _transaction(self, batch: list[list[Pending]], handle, now: datetime) -> bool:
        con = self.store.cursor()
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                writes = Writes(con, list(dict.fromkeys((m[0].channel, m[0].sender_hash) for m in batch)), now)
                for messages in batch:
                    handle(writes, messages)
                writes.flush()
                con.execute("COMMIT")
                return True
            except BaseException:
                _rollback(con)
                raise
        except duckdb.TransactionException as exc:
            log.info("tipline: %d sender(s) met a concurrent change (%s)", len(batch),
                     str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return False
        finally:
            con.close()

    # -- one sender --------------------------------------------------------------------------------
    def _converse(self, w: Writes, messages: list[Pending]) -> None:
        channel, sender_hash = messages[0].channel, messages[0].sender_hash
        sender = w.senders[sender_hash]
        w.conversing.add(sender_hash)
        address = next((m.address for m in reversed(messages) if m.address is not None), None)

        def reply(kind: str, body: str, question_id: str | None = None) -> None:
            w.reply(channel, sender_hash, address, kind, body, question_id)

        content: list[Pending] = []
        for m in messages:
            said = None if m.media_hashes else commands.command(m.text)
            if said is not None:
                kind, said_lang = said
                lang = said_lang or sender.lang
                if kind == "stop":
                    sender.opted_out = True
                    reply("opt_out", replies.text("opt_out", lang))
                    w.handle(channel, [m.message_id], "opt_out")
                else:
                    reply("opt_in", replies.text("opt_in" if sender.opted_out else "help", lang))
                    sender.opted_out = False
                    w.handle(channel, [m.message_id], "opt_in")
                continue
            verdict = None if m.media_hashes or sender.opted_out else commands.feedback(m.text)
            if verdict is not None:
                since = w.now - timedelta(hours=self.settings.feedback_hours)
                target = sql.first_row(w.con.execute(sql.FEEDBACK_TARGET, [sender_hash, since]))
                if target is not None:
                    w.con.execute(sql.SET_FEEDBACK, [verdict, target[0]])
                    reply("thanks", replies.text("thanks", sender.lang))
                    w.handle(channel, [m.message_id], "feedback", target[0])
                    continue
            content.append(m)

        queued = False
        if content:
            ids = [m.message_id for m in content]
            if sender.opted_out:
                w.handle(channel, ids, "opted_out")
            elif sender.asked_last_hour >= self.settings.questions_per_hour:
                w.handle(channel, ids, "rate_limited")
                if sender.rate_notice_at is None or sender.rate_notice_at <= w.now - timedelta(hours=1):
                    reply("rate_limit", replies.text("rate_limit", sender.lang))
                    sender.rate_notice_at = w.now
            else:
                queued = self._question(w, content, sender, reply)
        waiting = {m.message_id for m in content} if queued else set()
        w.erase_addresses(channel, [m.message_id for m in messages if m.message_id not in waiting])

    def _question(self, w: Writes, content: list[Pending], sender: SenderState, reply) -> bool:
        """Match the bundle and answer or queue it; True when it was queued."""
        channel = content[0].channel
        text = _bundle_text(content)
        media = [h for m in content for h in m.media_hashes]
        if not text and not media:
            reply("help", replies.text("help", sender.lang))  # nothing to check: say what to send
            w.handle(channel, [m.message_id for m in content], "empty")
            return False
        lang = (language.identify(text) if text else None) or sender.lang
        result, vector, chosen = self._match(text, lang) if text else (None, None, None)
        question_id = "q" + secrets.token_hex(8)
        folded = fold(text)
        values = {
            "id": question_id, "channel": channel, "sender_hash": content[0].sender_hash, "text": text,
            "media_hashes": media, "lang": lang, "asked_at": content[0].stored_at, "messages": len(content),
            "decision": result.decision if result is not None else "empty",
            "suggestions": orjson.dumps([{"factcheck_id": m.factcheck_id, "score": round(m.score, 4)}
                                         for m in (result.matches if result is not None else [])]).decode(),
            "folded": folded, "vector": None if vector is None else [float(x) for x in vector],
            "group_id": None, "status": "answered", "factcheck_id": None, "answered_by": None, "answered_at": None,
        }
        if chosen is not None:
            values |= {"factcheck_id": chosen.factcheck_id, "answered_by": "auto", "answered_at": datetime.now(UTC)}
            link = replies.FactCheckLink(chosen.title, chosen.rating, chosen.url, chosen.language)
            reply("reply", replies.answer(link, lang), question_id)
        else:
            values |= {"status": "queued", "group_id": w.groups.assign(folded, vector)}
            reply("ack", replies.text("ack", lang), question_id)
        w.question(values)
        w.handle(channel, [m.message_id for m in content], "question", question_id)
        sender.asked_last_hour += 1
        if lang:
            sender.lang = lang
        return chosen is None

    # -- matching ----------------------------------------------------------------------------------
    def _matcher_now(self):
        if self._matcher is None:
            self._matcher = self.veille.matcher()
        return self._matcher

    def _prepare_vectors(self, batch: list[list[Pending]]) -> None:
        """Embed the batch's new texts in one call (the model is much faster on many texts at once)."""
        texts = {_bundle_text([m for m in messages if m.media_hashes or (commands.command(m.text) is None
                                                                         and commands.feedback(m.text) is None)])
                 for messages in batch}
        texts = [t[:MAX_TEXT_CHARS] for t in texts if t]
        if not texts:
            return
        matcher = self._matcher_now()
        todo = [t for t in texts if (matcher.pool.fingerprint, t) not in self._vectors]
        if not todo:
            return
        if len(self._vectors) + len(todo) > MATCH_CACHE:
            self._vectors.clear()
            self._matches.clear()
        for text, vector in zip(todo, matcher.embed(todo)):
            self._vectors[(matcher.pool.fingerprint, text)] = vector

    def _match(self, text: str, lang: str | None):
        """(the matcher's result, the text's vector, the fact-check to answer with or None)."""
        matcher = self._matcher_now()
        query = text[:MAX_TEXT_CHARS]
        # A viral forward arrives as the same text from many people: matched once per pool.
        key = (matcher.pool.fingerprint, query, lang)
        if key not in self._matches:
            vector = self._vectors.get((matcher.pool.fingerprint, query))
            if vector is None and (matcher.pool.fingerprint, query) not in self._vectors:
                vector = matcher.embed([query])[0]
            if len(self._matches) >= MATCH_CACHE:
                self._matches.clear()
            self._matches[key] = (matcher.match(query, lang=lang, vector=vector), vector)
        result, vector = self._matches[key]
        if result.decision != "reply":
            return result, vector, None
        # A confident fact-check in the sender's own language first, else the best one.
        confident = matcher.thresholds.for_language(result.lang).reply
        own = replies.language_of(lang)
        for m in result.matches:
            if m.language and m.score >= confident and replies.language_of(m.language) == own:
                return result, vector, m
        return result, vector, result.best

    # -- messages ingested from files --------------------------------------------------------------
    def _backlog(self, now: datetime) -> int:
        """Queue (or mark answered) tipline messages ingested from files: no address came with
        them, so nothing is sent, but their claims reach the fact-checkers' queue. Bundled like
        live messages, by the time they were received."""
        count = self._read(sql.MESSAGE_COUNT, [])[0][0]
        if count == self._backlog_empty_at:
            return 0
        rows = self._read(sql.BACKLOG, [BACKLOG_BATCH])
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
        if len(rows) == BACKLOG_BATCH and len(bundles) > 1:
            bundles.pop()  # its sender may have more messages in the next rows
        done, _ = self._in_batches(bundles, self._file_question, now)
        return done

    def _file_question(self, w: Writes, bundle: list[Pending]) -> None:
        channel = bundle[0].channel
        said = [m for m in bundle if not m.media_hashes
                and (commands.command(m.text) is not None or commands.feedback(m.text) is not None)]
        if said:
            w.handle(channel, [m.message_id for m in said], "ignored")  # an old STOP or "1" commands nothing
        content = [m for m in bundle if m not in said]
        if content:
            history = SenderState(channel, None, False, None, 0)  # no limits on history
            self._question(w, content, history, lambda *args: None)


def _rollback(con) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass  # a failed COMMIT has already ended the transaction


def _bundle_text(messages: list[Pending]) -> str:
    return "\n".join(dict.fromkeys(m.text.strip() for m in messages if m.text.strip()))
