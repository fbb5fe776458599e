"""The SQL of users, sessions, API tokens and the audit trail."""

INSERT_USER = """
INSERT INTO users (username, role, password_hash, disabled, created_at, updated_at)
VALUES (?, ?, ?, false, now(), now())
"""
GET_USER = "SELECT username, role, password_hash, disabled FROM users WHERE username = ?"
LIST_USERS = "SELECT username, role, disabled, created_at FROM users ORDER BY username"
SET_ROLE = "UPDATE users SET role = ?, updated_at = now() WHERE username = ?"
SET_PASSWORD = "UPDATE users SET password_hash = ?, updated_at = now() WHERE username = ?"
SET_DISABLED = "UPDATE users SET disabled = ?, updated_at = now() WHERE username = ?"
COUNT_ADMINS = "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled"

INSERT_SESSION = "INSERT INTO sessions VALUES (?, ?, ?, now(), now() + to_seconds(?))"
SESSION_USER = """
SELECT u.username, u.role, s.csrf
FROM sessions s JOIN users u USING (username)
WHERE s.token_hash = ? AND s.expires_at > now() AND NOT u.disabled
"""
DELETE_SESSION = "DELETE FROM sessions WHERE token_hash = ?"
DELETE_USER_SESSIONS = "DELETE FROM sessions WHERE username = ?"
DELETE_EXPIRED_SESSIONS = "DELETE FROM sessions WHERE expires_at <= now()"

INSERT_TOKEN = "INSERT INTO api_tokens VALUES (?, ?, ?, ?, now(), NULL, NULL)"
TOKEN_USER = """
SELECT u.username, u.role, t.id
FROM api_tokens t JOIN users u USING (username)
WHERE t.token_hash = ? AND t.revoked_at IS NULL AND NOT u.disabled
"""
LIST_TOKENS = """
SELECT id, username, name, created_at, last_used, revoked_at FROM api_tokens
WHERE ($username IS NULL OR username = $username) ORDER BY created_at
"""
REVOKE_TOKEN = "UPDATE api_tokens SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL RETURNING username"

INSERT_AUDIT = """
INSERT INTO audit_log (occurred_at, actor, action, subject_kind, subject_id, details) VALUES (now(), ?, ?, ?, ?, ?)
"""
READ_AUDIT = """
SELECT seq, occurred_at, actor, action, subject_kind, subject_id, details FROM audit_log
WHERE ($kind IS NULL OR subject_kind = $kind) AND ($id IS NULL OR subject_id = $id)
ORDER BY seq DESC LIMIT $limit
"""
