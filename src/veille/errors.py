"""One exception tree for veille.

Every error a user can cause or meet is a `VeilleError`; the CLI turns it into one red
`Error: ...` line and a non-zero exit, the API into a JSON envelope. Anything else that escapes
is a bug.
"""


class VeilleError(Exception):
    """Base of every error veille reports to a user."""

    exit_code = 1


class UsageError(VeilleError):
    """Bad parameters: an unknown kind, a negative window, a malformed mapping."""

    exit_code = 2


class StoreError(VeilleError):
    """The database cannot be used: corrupt, from another program, or too new."""


class StoreBusyError(StoreError):
    """Another process holds the database for writing."""


class IngestError(VeilleError):
    """An input cannot be ingested at all (missing file, unknown or wrong format).

    A single bad record is not an IngestError: it goes to quarantine and ingest goes on.
    """


class FormatError(IngestError):
    """The file is not in the format that was asked for or that could be detected."""


class MissingDependencyError(VeilleError):
    """An optional heavy dependency is not installed; the message names the extra."""


class AuthError(VeilleError):
    """A login, session or token is not valid (the API answers 401)."""


class PermissionDenied(VeilleError):
    """The user's role does not allow this (the API answers 403)."""


class NotFound(VeilleError):
    """The thing asked for does not exist (the API answers 404)."""
