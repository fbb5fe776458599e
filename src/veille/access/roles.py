"""Roles and what each may do.

A viewer reads everything; a fact-checker also answers tipline questions and edits fact-checks; an
analyst also works alerts and cases and runs detectors; an admin also manages users, tokens,
alert rules and targets. Routes ask for a permission, never for a role, so that a new role is
one line here.
"""

from typing import Literal, get_args

Role = Literal["admin", "analyst", "fact-checker", "viewer"]
Permission = Literal["read", "alerts.write", "cases.write", "tipline.answer", "factchecks.write",
                     "detect.run", "admin"]

ROLES: tuple[str, ...] = get_args(Role)

PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"read"}),
    "fact-checker": frozenset({"read", "tipline.answer", "factchecks.write"}),
    "analyst": frozenset({"read", "alerts.write", "cases.write", "tipline.answer", "detect.run"}),
    "admin": frozenset(get_args(Permission)),
}


def role_allows(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())
