"""Access control: users and roles, password login, sessions, API tokens and the audit trail.

Roles are fixed (admin, analyst, fact-checker, viewer); each grants a set of permissions, and
every page and API route names the permission it needs (see veille.web.auth).
"""

from veille.access.audit import audit, read_audit
from veille.access.roles import PERMISSIONS, ROLES, Permission, Role, role_allows
from veille.access.users import (
    ApiToken,
    User,
    add_user,
    authenticate,
    create_token,
    end_session,
    list_tokens,
    list_users,
    revoke_token,
    session_user,
    set_password,
    set_role,
    set_disabled,
    start_session,
    token_user,
)

__all__ = [
    "PERMISSIONS", "ROLES", "ApiToken", "Permission", "Role", "User", "add_user", "audit", "authenticate",
    "create_token", "end_session", "list_tokens", "list_users", "read_audit", "revoke_token", "role_allows",
    "session_user", "set_disabled", "set_password", "set_role", "start_session", "token_user",
]
