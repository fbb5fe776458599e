"""Every SQL statement of the tipline, in one place (tables: migration 0009_tipline.sql)."""


def first_row(result):
    """The first row of a result (None if empty), read to the end: DuckDB refuses other work on a
    cursor whose last result is unfinished."""
    rows = result.fetchall()
    return rows[0] if rows else None


PSEUDONYM_KEY = "SELECT value FROM veille_meta WHERE key = 'pseudonym_key'"

# -- intake ------------------------------------------------------------------------------------
INSERT_INBOX = """
INSERT INTO tipline_inbox
SELECT channel, message_id, sender_hash, address, forwarded, now() FROM inbox_batch
ON CONFLICT DO NOTHING
"""

# -- conversation ------------------------------------------------------------------------------
# Inbox messages not yet handled, from `since` on (the service remembers the oldest it left).
PENDING = """
SELECT i.channel, i.message_id, i.sender_hash, m.text, m.media_hashes, m.lang, i.stored_at, i.address
FROM tipline_inbox i
JOIN tipline_messages m ON m.channel = i.channel AND m.id = i.message_id
WHERE i.stored_at >= $since
  AND NOT EXISTS (SELECT 1 FROM tipline_handled h WHERE h.channel = i.channel AND h.message_id = i.message_id)
ORDER BY i.stored_at, i.message_id
LIMIT $limit
"""

# The state of a batch's senders, and how many questions each asked since `since`.
SENDERS = """
SELECT sender_hash, lang, opted_out, rate_notice_at FROM tipline_senders WHERE list_contains($ids, sender_hash)
"""

QUESTIONS_SINCE = """
SELECT sender_hash, count(*) FROM tipline_questions
WHERE list_contains($ids, sender_hash) AND asked_at >= $since
GROUP BY sender_hash
"""

# The question a "1"/"2" gives feedback on: the sender's latest answered one, if recent.
FEEDBACK_TARGET = """
SELECT id FROM tipline_questions
WHERE sender_hash = ? AND status = 'answered' AND feedback IS NULL AND answered_at >= ?
ORDER BY answered_at DESC LIMIT 1
"""

SET_FEEDBACK = "UPDATE tipline_questions SET feedback = ?, feedback_at = now() WHERE id = ?"

# Batch writes (veille.tipline.writes): each reads the Arrow table registered as `batch_rows`.
INSERT_QUESTIONS = "INSERT INTO tipline_questions BY NAME SELECT * FROM batch_rows"

INSERT_HANDLED = """
INSERT INTO tipline_handled BY NAME SELECT *, now() AS handled_at FROM batch_rows ON CONFLICT DO NOTHING
"""

INSERT_OUTBOX = """
INSERT INTO tipline_outbox BY NAME
SELECT *, 'pending' AS status, 0 AS attempts, created_at AS next_attempt_at FROM batch_rows
"""

UPSERT_SENDERS = """
INSERT INTO tipline_senders BY NAME SELECT *, now() AS changed_at FROM batch_rows
ON CONFLICT (sender_hash) DO UPDATE SET lang = excluded.lang, opted_out = excluded.opted_out,
    rate_notice_at = excluded.rate_notice_at, changed_at = excluded.changed_at
"""

ERASE_ADDRESSES = """
UPDATE tipline_inbox SET address = NULL FROM batch_rows
WHERE tipline_inbox.channel = batch_rows.channel AND tipline_inbox.message_id = batch_rows.message_id
  AND tipline_inbox.address IS NOT NULL
"""

# Tipline messages ingested from files (not webhook deliveries) and not yet handled. Run only
# when tipline_messages has grown since the backlog was last found empty (MESSAGE_COUNT).
MESSAGE_COUNT = "SELECT count(*) FROM tipline_messages"

BACKLOG = """
SELECT m.channel, m.id, m.sender_hash, m.text, m.media_hashes, m.lang, m.received_at
FROM tipline_messages m
WHERE NOT EXISTS (SELECT 1 FROM tipline_handled h WHERE h.channel = m.channel AND h.message_id = m.id)
  AND NOT EXISTS (SELECT 1 FROM tipline_inbox i WHERE i.channel = m.channel AND i.message_id = m.id)
ORDER BY m.channel, m.sender_hash, m.received_at, m.id
LIMIT ?
"""

# -- grouping ----------------------------------------------------------------------------------
OPEN_GROUP_QUESTIONS = """
SELECT q.group_id, q.folded, q.vector FROM tipline_questions q JOIN tipline_groups g ON g.id = q.group_id
WHERE g.status = 'open' ORDER BY q.asked_at, q.id
"""

INSERT_GROUPS = """
INSERT INTO tipline_groups (id, created_at, status) SELECT unnest($ids), now(), 'open'
"""

# Questions that joined a group while a fact-checker was answering it (the conversation read
# the group as open): they get the group's answer (veille.tipline.answers.answer_late_joiners).
LATE_JOINERS = """
SELECT g.id, g.factcheck_id, g.note, g.answered_by
FROM tipline_groups g
WHERE g.status = 'answered' AND g.id IN (SELECT group_id FROM tipline_questions WHERE status = 'queued')
"""

# -- outbox ------------------------------------------------------------------------------------
ENQUEUE = """
INSERT INTO tipline_outbox VALUES ($id, $channel, $sender, $address, $kind, $question_id, $body, 'pending', 0,
    now(), NULL, now(), NULL)
"""

DUE = """
SELECT o.id, o.channel, o.sender_hash, o.address, o.kind, o.body, o.attempts, coalesce(s.opted_out, false)
FROM tipline_outbox o LEFT JOIN tipline_senders s ON s.sender_hash = o.sender_hash
WHERE o.status = 'pending' AND o.next_attempt_at <= ?
ORDER BY o.created_at, o.id
LIMIT ?
"""

MARK_SENT = """
UPDATE tipline_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, address = NULL, last_error = NULL
WHERE id = ?
"""

MARK_RETRY = "UPDATE tipline_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?"

# Given up (failed) or no longer wanted (cancelled: the sender opted out): the address goes.
MARK_CLOSED = "UPDATE tipline_outbox SET status = ?, attempts = ?, last_error = ?, address = NULL WHERE id = ?"

# -- fact-checkers' groups ---------------------------------------------------------------------
LIST_GROUPS = """
SELECT g.id, g.status, count(*) AS questions, count(DISTINCT q.sender_hash) AS askers,
       count(DISTINCT q.sender_hash) FILTER (WHERE q.asked_at >= $recent) AS askers_24h,
       list_sort(list_distinct(list(q.lang) FILTER (WHERE q.lang IS NOT NULL))) AS languages,
       min(q.asked_at) AS first_asked, max(q.asked_at) AS last_asked,
       g.factcheck_id, g.note, g.answered_by, g.answered_at
FROM tipline_groups g JOIN tipline_questions q ON q.group_id = g.id
WHERE ($status IS NULL OR g.status = $status) AND ($id IS NULL OR g.id = $id)
GROUP BY g.id, g.status, g.factcheck_id, g.note, g.answered_by, g.answered_at
ORDER BY g.answered_at DESC NULLS FIRST, askers_24h DESC, askers DESC, last_asked DESC, g.id
LIMIT $limit
"""

GROUP_QUESTIONS = """
SELECT group_id, text, lang, asked_at, messages, len(media_hashes) > 0, suggestions
FROM tipline_questions WHERE list_contains($ids, group_id)
ORDER BY asked_at, id
"""

FACT_CHECKS = "SELECT id, title, rating, url, language FROM fact_checks WHERE list_contains(?, id)"

GROUP_STATUS = "SELECT status FROM tipline_groups WHERE id = ?"

# The group's waiting questions, each with the newest sealed address of its messages.
QUESTIONS_TO_ANSWER = """
SELECT q.id, q.channel, q.sender_hash, q.lang, coalesce(s.opted_out, false) AS opted_out,
       (SELECT i.address FROM tipline_handled h
        JOIN tipline_inbox i ON i.channel = h.channel AND i.message_id = h.message_id
        WHERE h.question_id = q.id AND i.address IS NOT NULL
        ORDER BY i.stored_at DESC LIMIT 1) AS address
FROM tipline_questions q LEFT JOIN tipline_senders s ON s.sender_hash = q.sender_hash
WHERE q.group_id = ? AND q.status = 'queued'
ORDER BY q.asked_at DESC, q.id
"""

ANSWER_QUESTIONS = """
UPDATE tipline_questions SET status = 'answered', factcheck_id = ?, answered_by = ?, answered_at = now()
WHERE group_id = ? AND status = 'queued'
"""

CLOSE_GROUP = """
UPDATE tipline_groups SET status = 'answered', factcheck_id = ?, note = ?, answered_by = ?, answered_at = now()
WHERE id = ? AND status = 'open'
"""

ERASE_GROUP_ADDRESSES = """
UPDATE tipline_inbox SET address = NULL
FROM tipline_handled h, tipline_questions q
WHERE h.channel = tipline_inbox.channel AND h.message_id = tipline_inbox.message_id
  AND q.id = h.question_id AND q.group_id = ? AND tipline_inbox.address IS NOT NULL
"""

# -- statistics --------------------------------------------------------------------------------
STATS = """
SELECT
  (SELECT count(*) FROM tipline_inbox WHERE stored_at >= $today),
  (SELECT count(*) FROM tipline_questions WHERE asked_at >= $today),
  (SELECT count(*) FROM tipline_questions WHERE answered_by = 'auto' AND answered_at >= $today),
  (SELECT count(*) FROM tipline_questions WHERE answered_by <> 'auto' AND answered_at >= $today),
  (SELECT count(*) FROM tipline_questions WHERE status = 'queued'),
  (SELECT count(*) FROM tipline_groups WHERE status = 'open'),
  (SELECT median(epoch(answered_at) - epoch(asked_at)) FROM tipline_questions WHERE answered_at >= $week),
  (SELECT count(*) FROM tipline_outbox WHERE status = 'pending'),
  (SELECT count(*) FROM tipline_outbox WHERE status = 'failed'),
  (SELECT count(*) FROM tipline_questions WHERE feedback = 'yes' AND feedback_at >= $week),
  (SELECT count(*) FROM tipline_questions WHERE feedback = 'no' AND feedback_at >= $week)
"""
