"""The SQL of cases: the case records, notes, evidence, and what a subject pre-fills."""

INSERT_CASE = """
INSERT INTO cases (title, status, assignee, subject_kind, subject_id, opened_by, created_at, updated_at)
VALUES (?, 'new', NULL, ?, ?, ?, now(), now()) RETURNING id
"""
CASE_COLUMNS = "id, title, status, assignee, subject_kind, subject_id, opened_by, created_at, updated_at"
GET_CASE = f"SELECT {CASE_COLUMNS} FROM cases WHERE id = ?"
LIST_CASES = f"""
SELECT {CASE_COLUMNS} FROM cases
WHERE ($status IS NULL OR status = $status)
  AND ($assignee IS NULL OR coalesce(assignee, '') = $assignee)
  AND ($subject_kind IS NULL OR subject_kind = $subject_kind)
  AND ($subject_id IS NULL OR subject_id = $subject_id)
ORDER BY updated_at DESC, id DESC LIMIT $limit
"""
OPEN_FOR_SUBJECT = """
SELECT id FROM cases WHERE subject_kind = ? AND subject_id = ? AND status <> 'closed' ORDER BY id
"""
SET_TITLE = "UPDATE cases SET title = ?, updated_at = now() WHERE id = ?"
SET_STATUS = "UPDATE cases SET status = ?, updated_at = now() WHERE id = ?"
SET_ASSIGNEE = "UPDATE cases SET assignee = ?, updated_at = now() WHERE id = ?"
TOUCH = "UPDATE cases SET updated_at = now() WHERE id = ?"

USER_STATE = "SELECT role, disabled FROM users WHERE username = ?"

INSERT_NOTE = "INSERT INTO case_notes (case_id, author, body, created_at) VALUES (?, ?, ?, now()) RETURNING id"
LIST_NOTES = "SELECT id, author, body, created_at FROM case_notes WHERE case_id = ? ORDER BY id"

INSERT_EVIDENCE = """
INSERT INTO case_evidence (case_id, kind, platform, item, comment, added_by, added_at)
VALUES (?, ?, ?, ?, ?, ?, now()) RETURNING id
"""
FIND_EVIDENCE = """
SELECT id FROM case_evidence WHERE case_id = ? AND kind = ? AND coalesce(platform, '') = coalesce(?, '') AND item = ?
"""
GET_EVIDENCE = "SELECT id, kind, platform, item FROM case_evidence WHERE case_id = ? AND id = ?"
DELETE_EVIDENCE = "DELETE FROM case_evidence WHERE case_id = ? AND id = ?"
# Each item with what makes it readable: a post's text and author, an account's handle and name.
LIST_EVIDENCE = """
SELECT e.id, e.kind, e.platform, e.item, e.comment, e.added_by, e.added_at,
       p.text, author.handle, a.handle, a.display_name
FROM case_evidence e
LEFT JOIN posts p ON e.kind = 'post' AND p.platform = e.platform AND p.id = e.item
LEFT JOIN accounts author ON author.platform = p.platform AND author.id = p.account_id
LEFT JOIN accounts a ON e.kind = 'account' AND a.platform = e.platform AND a.id = e.item
WHERE e.case_id = ?
ORDER BY e.id
"""
ACCOUNT_BY_HANDLE = "SELECT id FROM accounts WHERE platform = ? AND lower(handle) = lower(?) ORDER BY id LIMIT 1"

# -- what opening a case from a subject brings in ------------------------------------------------
ALERT = "SELECT id, title, subject_kind, subject, evidence FROM alerts WHERE id = ?"

# Campaign ids are stable across detection runs (derived from members, kinds and parameters):
# the latest run that found the campaign describes it.
CAMPAIGN = """
SELECT c.run_id, c.id, c.kinds, c.size, c.score
FROM campaigns c JOIN detection_runs r USING (run_id)
WHERE c.id = ? ORDER BY r.finished_at DESC LIMIT 1
"""
CAMPAIGN_TOP_MEMBERS = """
SELECT platform, account_id, role, co_actions FROM campaign_members
WHERE run_id = ? AND campaign_id = ? ORDER BY co_actions DESC, account_id LIMIT ?
"""
# The objects most members acted on together: what the campaign pushed.
CAMPAIGN_TOP_OBJECTS = """
SELECT kind, object, accounts, posts FROM campaign_evidence
WHERE run_id = ? AND campaign_id = ? ORDER BY len(accounts) DESC, kind, object LIMIT ?
"""

NARRATIVE = "SELECT id, texts FROM narratives WHERE id = ?"
# One post per distinct text, earliest first: the story as it started, without its copies.
NARRATIVE_EXAMPLES = """
SELECT p.platform, p.id, p.text_hash
FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
WHERE n.narrative_id = ?
QUALIFY row_number() OVER (PARTITION BY p.text_hash ORDER BY p.created_at, p.id) = 1
ORDER BY p.created_at, p.id LIMIT ?
"""
