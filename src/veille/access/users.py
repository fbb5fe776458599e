"""Users, password login, sessions and API tokens.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommended set).
Session cookies and API tokens are random 256-bit secrets; the database keeps only their SHA-256,
and each session carries its own CSRF token. Functions take a DuckDB connection: reads a cursor,
writes the connection of an open write transaction (see Store.writing).
"""

import hashlib
import re
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict

from veille.access import sql
from veille.access.audit import audit
from veille.access.roles import ROLES, role_allows
from veille.errors import AuthError, UsageError, VeilleError

SESSION_SECONDS = 12 * 3600
MIN_PASSWORD = 10
TOKEN_PREFIX = "vl_"
USERNAME = re.compile(r"[A-Za-z0-9._@-]{2,64}")

_hasher = PasswordHasher()
# Verifying against this hash when the user does not exist costs the same time as a real check,
# so response times do not tell which usernames exist.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class User(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    username: str
    role: str

    def can(self, permission: str) -> bool:
        return role_allows(self.role, permission)


class ApiToken(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    username: str
    name: str
    created_at: datetime
    last_used: datetime | None
    revoked_at: datetime | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"password too short: at least {MIN_PASSWORD} characters")


# -- users ---------------------------------------------------------------------------------
def add_user(con, username: str, role: str, password: str, *, actor: str = "system") -> User:
    if not USERNAME.fullmatch(username):
        raise UsageError(f"bad username {username!r}: 2-64 letters, digits or . _ @ -")
    _check_role(role)
    _check_password(password)
    if con.execute(sql.GET_USER, [username]).fetchone():
        raise UsageError(f"user {username!r} exists")
    con.execute(sql.INSERT_USER, [username, role, _hasher.hash(password)])
    audit(con, actor, "user.add", "user", username, {"role": role})
    return User(username=username, role=role)


def list_users(con) -> list[dict]:
    keys = ("username", "role", "disabled", "created_at")
    return [dict(zip(keys, row)) for row in con.execute(sql.LIST_USERS).fetchall()]


def _require_user(con, username: str) -> tuple:
    row = con.execute(sql.GET_USER, [username]).fetchone()
    if row is None:
        raise UsageError(f"no user {username!r}")
    return row


def _keep_an_admin(con, user: tuple) -> None:
    """Refuse to demote or disable the last enabled admin: nobody could manage users after."""
    username, role, _, disabled = user
    if role == "admin" and not disabled and con.execute(sql.COUNT_ADMINS).fetchone()[0] <= 1:
        raise VeilleError(f"{username} is the last admin: make another admin first")


def set_role(con, username: str, role: str, *, actor: str = "system") -> None:
    _check_role(role)
    user = _require_user(con, username)
    if role != "admin":
        _keep_an_admin(con, user)
    con.execute(sql.SET_ROLE, [role, username])
    audit(con, actor, "user.role", "user", username, {"role": role})


def set_password(con, username: str, password: str, *, actor: str = "system") -> None:
    _check_password(password)
    _require_user(con, username)
    con.execute(sql.SET_PASSWORD, [_hasher.hash(password), username])
    con.execute(sql.DELETE_USER_SESSIONS, [username])  # a new password logs every session out
    audit(con, actor, "user.password", "user", username)


def set_disabled(con, username: str, disabled: bool, *, actor: str = "system") -> None:
    user = _require_user(con, username)
    if disabled:
        _keep_an_admin(con, user)
    con.execute(sql.SET_DISABLED, [disabled, username])
    if disabled:
        con.execute(sql.DELETE_USER_SESSIONS, [username])
    audit(con, actor, "user.disable" if disabled else "user.enable", "user", username)


def authenticate(con, username: str, password: str) -> User:
    """The user whose password this is, or AuthError (the same message whatever was wrong)."""
    row = con.execute(sql.GET_USER, [username]).fetchone()
    try:
        _hasher.verify(row[2] if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise AuthError("wrong username or password") from None
    if row is None or row[3]:
        raise AuthError("wrong username or password")
    return User(username=row[0], role=row[1])


# -- sessions --------------------------------------------------------------------------------
def start_session(con, user: User, *, seconds: int = SESSION_SECONDS) -> tuple[str, str]:
    """A new session for `user`: (cookie value, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    con.execute(sql.DELETE_EXPIRED_SESSIONS)
    con.execute(sql.INSERT_SESSION, [_digest(token), user.username, csrf, seconds])
    return token, csrf


def session_user(con, token: str) -> tuple[User, str] | None:
    """The user and CSRF token of a live session, or None."""
    if not token:
        return None
    row = con.execute(sql.SESSION_USER, [_digest(token)]).fetchone()
    return (User(username=row[0], role=row[1]), row[2]) if row else None


def end_session(con, token: str) -> None:
    con.execute(sql.DELETE_SESSION, [_digest(token)])


# -- API tokens -------------------------------------------------------------------------------
def create_token(con, username: str, name: str, *, actor: str = "system") -> tuple[str, str]:
    """A new API token for `username`: (public id, secret shown once)."""
    _require_user(con, username)
    token_id = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    con.execute(sql.INSERT_TOKEN, [token_id, _digest(secret), username, name or "token"])
    audit(con, actor, "token.create", "token", token_id, {"username": username, "name": name})
    return token_id, secret


def token_user(con, secret: str) -> User | None:
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    row = con.execute(sql.TOKEN_USER, [_digest(secret)]).fetchone()
    return User(username=row[0], role=row[1]) if row else None


def list_tokens(con, username: str | None = None) -> list[ApiToken]:
    keys = ("id", "username", "name", "created_at", "last_used", "revoked_at")
    return [ApiToken(**dict(zip(keys, row))) for row in con.execute(sql.LIST_TOKENS, {"username": username}).fetchall()]


def revoke_token(con, token_id: str, *, actor: str = "system") -> None:
    row = con.execute(sql.REVOKE_TOKEN, [token_id]).fetchone()
    if row is None:
        raise UsageError(f"no live token {token_id!r}")
    audit(con, actor, "token.revoke", "token", token_id, {"username": row[0]})
