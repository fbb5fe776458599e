"""What a case is: its record, notes, evidence items, and the statuses it moves through.

Statuses and the moves between them (TRANSITIONS):

- new → investigating, escalated or closed (an obvious false alarm is closed at once);
- investigating → escalated or closed;
- escalated → investigating (handed back) or closed;
- closed → investigating (reopened).

Nothing moves back to new, and setting the current status again changes nothing.
"""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

Status = Literal["new", "investigating", "escalated", "closed"]
SubjectKind = Literal["alert", "campaign", "narrative"]
EvidenceKind = Literal["post", "account", "link"]

STATUSES: tuple[str, ...] = ("new", "investigating", "escalated", "closed")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("investigating", "escalated", "closed"),
    "investigating": ("escalated", "closed"),
    "escalated": ("investigating", "closed"),
    "closed": ("investigating",),
}
SUBJECT_KINDS: tuple[str, ...] = ("alert", "campaign", "narrative")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Case(_Frozen):
    id: int
    title: str
    status: Status
    assignee: str | None
    subject_kind: SubjectKind | None
    subject_id: str | None
    opened_by: str
    created_at: datetime
    updated_at: datetime


class Note(_Frozen):
    id: int
    author: str
    body: str
    created_at: datetime


class EvidenceItem(_Frozen):
    """One item as it leaves the database: an account is shown by handle and pseudonym only."""

    id: int
    kind: EvidenceKind
    platform: str | None
    ref: str                     # post id, account pseudonym (acct:...) or URL
    label: str                   # post text excerpt, account handle and name, or the URL
    link: str | None = None      # where to look: the URL of a link, a post's URL when known
    comment: str | None
    added_by: str
    added_at: datetime


class CaseDetail(_Frozen):
    case: Case
    notes: list[Note]
    evidence: list[EvidenceItem]
    other_open: list[int]        # other open cases about the same subject, to warn of double work
    next_statuses: list[str]


class NewEvidence(_Frozen):
    """An item to add. `id` is a post id, an account's platform id (or `@handle`), or a URL."""

    kind: EvidenceKind
    platform: str | None = None
    id: str
    comment: str | None = None
