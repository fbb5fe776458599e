"""Users, passwords, sessions, API tokens and the audit trail, on the real database."""

import pytest

from tests.conftest import run_veille
from veille.access import PERMISSIONS, ROLES
from veille.errors import AuthError, UsageError

PASSWORD = "correct horse battery"


def test_roles_grant_nested_permissions():
    # Every role reads; only admin administers; a viewer changes nothing.
    assert set(ROLES) == {"admin", "analyst", "fact-checker", "viewer"}
    assert all("read" in PERMISSIONS[r] for r in ROLES)
    assert [r for r in ROLES if "admin" in PERMISSIONS[r]] == ["admin"]
    assert PERMISSIONS["viewer"] == {"read"}
    assert "cases.write" in PERMISSIONS["analyst"] and "cases.write" not in PERMISSIONS["fact-checker"]
    assert "tipline.answer" in PERMISSIONS["fact-checker"]


def test_password_login_and_argon2id_hash(app):
    app.add_user("alice", "analyst", PASSWORD)
    stored = app.store.con.execute("SELECT password_hash FROM users WHERE username = 'alice'").fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    user, token, csrf = app.login("alice", PASSWORD)
    assert (user.username, user.role) == ("alice", "analyst")
    assert app.session(token) == (user, csrf)
    # Only a digest of the cookie is stored: the database does not hand out sessions.
    assert app.store.con.execute("SELECT count(*) FROM sessions WHERE token_hash = ?", [token]).fetchone()[0] == 0
    app.logout(token)
    assert app.session(token) is None


def test_wrong_password_and_unknown_user_read_the_same(app):
    app.add_user("alice", "viewer", PASSWORD)
    with pytest.raises(AuthError) as wrong:
        app.login("alice", "not the password")
    with pytest.raises(AuthError) as unknown:
        app.login("mallory", "not the password")
    assert str(wrong.value) == str(unknown.value) == "wrong username or password"


def test_bad_users_are_refused(app):
    app.add_user("alice", "viewer", PASSWORD)
    with pytest.raises(UsageError, match="exists"):
        app.add_user("alice", "viewer", PASSWORD)
    with pytest.raises(UsageError, match="unknown role"):
        app.add_user("bob", "root", PASSWORD)
    with pytest.raises(UsageError, match="too short"):
        app.add_user("bob", "viewer", "short")
    with pytest.raises(UsageError, match="bad username"):
        app.add_user("bob smith", "viewer", PASSWORD)


def test_disabling_or_new_password_ends_sessions(app):
    app.add_user("alice", "analyst", PASSWORD)
    _, token, _ = app.login("alice", PASSWORD)
    app.set_password("alice", "another long password")
    assert app.session(token) is None
    _, token, _ = app.login("alice", "another long password")
    app.set_disabled("alice", True)
    assert app.session(token) is None
    with pytest.raises(AuthError):
        app.login("alice", "another long password")


def test_api_tokens_act_as_their_owner_until_revoked(app):
    app.add_user("robot", "viewer", PASSWORD)
    token_id, secret = app.create_token("robot", "nightly export")
    assert secret.startswith(f"vl_{token_id}_")
    assert app.token_user(secret).role == "viewer"
    assert app.token_user(secret + "x") is None
    app.revoke_token(token_id)
    assert app.token_user(secret) is None
    with pytest.raises(UsageError):
        app.revoke_token(token_id)


def test_every_change_is_in_the_audit_trail(app):
    app.add_user("alice", "viewer", PASSWORD, actor="root")
    app.set_role("alice", "analyst", actor="root")
    token_id, _ = app.create_token("alice", "t", actor="root")
    trail = app.audit_trail()
    # Newest first: token.create, user.role, user.add.
    assert [(e["actor"], e["action"], e["subject_id"]) for e in trail] == [
        ("root", "token.create", token_id), ("root", "user.role", "alice"), ("root", "user.add", "alice")]
    assert trail[1]["details"] == {"role": "analyst"}


def test_cli_adds_the_first_admin_and_a_token(tmp_path):
    db = tmp_path / "v.duckdb"
    added = run_veille("users", "add", "admin", "--role", "admin", "--password-stdin", "--db", db,
                       input=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    listed = run_veille("users", "list", "--db", db)
    assert "admin" in listed.stdout and "admin " in listed.stdout
    token = run_veille("tokens", "create", "admin", "--db", db)
    assert token.returncode == 0 and token.stdout.strip().startswith("vl_")
    assert token.stdout.strip() not in token.stderr  # the secret goes to stdout only, once
    refused = run_veille("users", "add", "xavier", "--role", "admin", "--password-stdin", "--db", db, input="short\n")
    assert refused.returncode == 2 and "Error: password too short" in refused.stderr


def test_login_throttle_locks_out_after_repeated_failures_and_doubles():
    from veille.access.throttle import FIRST_LOCK, FREE_FAILURES, LoginThrottle

    now = [1000.0]
    throttle = LoginThrottle(clock=lambda: now[0])
    for _ in range(FREE_FAILURES - 1):
        throttle.failed("user:alice")
    assert throttle.wait_seconds("user:alice") == 0  # four failures are free
    throttle.failed("user:alice")
    assert throttle.wait_seconds("user:alice", "ip:1.2.3.4") == FIRST_LOCK
    now[0] += FIRST_LOCK
    throttle.failed("user:alice")
    assert throttle.wait_seconds("user:alice") == 2 * FIRST_LOCK
    throttle.succeeded("user:alice")
    assert throttle.wait_seconds("user:alice") == 0
