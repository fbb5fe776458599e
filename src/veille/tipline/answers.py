"""A fact-checker answers a group: the answer goes to everyone in it who asked.

The answer is a stored fact-check (by id) or a new one, with or without a note in the
fact-checker's own words, or a note alone when there is no article to point to. A new
fact-check is written to the fact-check store like an ingested one (veille.store.writer: same id
for the same URL and claim, and a changed version keeps the previous one in
`fact_check_history`). Every waiting question of the group is marked
answered, each distinct sender gets one reply in the language of their latest question (through
the outbox, in the same transaction), opted-out senders get nothing, and the group is closed.
The sealed addresses of the group's messages are then erased. The audit trail records who
answered which group with which fact-check.
"""

from datetime import UTC, datetime

from veille.access import audit
from veille.errors import NotFound, UsageError, VeilleError
from veille.ingest.adapters.claimreview import fact_check_id
from veille.schema import FactCheck, Provenance
from veille.store.writer import Batch, write_batch
from veille.tipline import replies, sql
from veille.tipline.models import AnswerResult, NewFactCheck
from veille.tipline.outbox import enqueue

MAX_NOTE = 2000  # characters: a message, not an article (WhatsApp and Telegram take 4,096)


def answer_group(con, group_id: str, actor: str, *, factcheck_id: str | None = None,
                 new_factcheck: NewFactCheck | None = None, note: str | None = None) -> AnswerResult:
    """Answer `group_id` with a fact-check (stored or new) and/or a note in the fact-checker's own
    words; the caller holds the write transaction (Store.writing)."""
    note = (note or "").strip() or None
    if factcheck_id is not None and new_factcheck is not None:
        raise UsageError("answer with an existing fact-check or a new one, not both")
    if factcheck_id is None and new_factcheck is None and note is None:
        raise UsageError("answer with a fact-check (an existing id or a new one) or a note")
    if note is not None and len(note) > MAX_NOTE:
        raise UsageError(f"the note is longer than {MAX_NOTE} characters")
    status = sql.first_row(con.execute(sql.GROUP_STATUS, [group_id]))
    if status is None:
        raise NotFound(f"no tipline group {group_id}")
    if status[0] != "open":
        raise VeilleError(f"tipline group {group_id} was already answered")
    if new_factcheck is not None:
        factcheck_id = _store_fact_check(con, new_factcheck, actor)
    questions, senders, sent = _answer_waiting(con, group_id, factcheck_id, note, actor)
    con.execute(sql.CLOSE_GROUP, [factcheck_id, note, actor, group_id])
    audit(con, actor, "tipline.answer", "tipline_group", group_id,
          {"factcheck_id": factcheck_id, "new_factcheck": new_factcheck is not None, "note": note,
           "questions": questions, "senders": senders, "replies": sent})
    return AnswerResult(group_id=group_id, factcheck_id=factcheck_id, new_factcheck=new_factcheck is not None,
                        questions=questions, sent_to=sent)


def answer_late_joiners(con) -> int:
    """Give the answer of an answered group to the questions that joined it while it was being
    answered (the conversation read it as open); returns how many groups. The caller holds the
    write transaction."""
    done = 0
    for group_id, factcheck_id, note, answered_by in con.execute(sql.LATE_JOINERS).fetchall():
        questions, senders, sent = _answer_waiting(con, group_id, factcheck_id, note, answered_by)
        audit(con, "system", "tipline.answer.late", "tipline_group", group_id,
              {"answered_by": answered_by, "questions": questions, "senders": senders, "replies": sent})
        done += 1
    return done


def _answer_waiting(con, group_id: str, factcheck_id: str | None, note: str | None,
                    actor: str) -> tuple[int, int, int]:
    """Queue the answer for every waiting question of the group (one reply per sender, in the
    language of their latest question; none to opted-out senders), mark them answered and erase
    their addresses. Returns (questions, senders, replies)."""
    link = None
    if factcheck_id is not None:
        row = sql.first_row(con.execute(sql.FACT_CHECKS, [[factcheck_id]]))
        if row is None:
            raise NotFound(f"no fact-check {factcheck_id}")
        link = replies.FactCheckLink(title=row[1], rating=row[2], url=row[3], language=row[4])
    waiting = con.execute(sql.QUESTIONS_TO_ANSWER, [group_id]).fetchall()
    senders, sent = set(), 0
    for question_id, channel, sender, lang, opted_out, address in waiting:  # newest question first
        if sender in senders:
            continue
        senders.add(sender)
        if opted_out or address is None:
            continue
        enqueue(con, channel=channel, sender_hash=sender, address=address, kind="answer",
                body=replies.answer(link, lang, by_fact_checker=True, note=note), question_id=question_id)
        sent += 1
    con.execute(sql.ANSWER_QUESTIONS, [factcheck_id, actor, group_id])
    con.execute(sql.ERASE_GROUP_ADDRESSES, [group_id])
    return len(waiting), len(senders), sent


def _store_fact_check(con, new: NewFactCheck, actor: str) -> str:
    check = FactCheck(
        id=fact_check_id(new.url, new.claim), claim_reviewed=new.claim, rating=new.rating, title=new.title,
        publisher=new.publisher, url=new.url, date_published=datetime.now(UTC), language=new.language.lower(),
        provenance=Provenance(source="tipline", ref=f"answered by {actor}"),
    )
    write_batch(con, Batch(fact_checks=[check]))
    audit(con, actor, "factcheck.write", "factcheck", check.id,
          {"url": check.url, "rating": check.rating, "language": check.language, "via": "tipline"})
    return check.id
