"""Cases: investigations an analyst opens from an alert, a campaign or a narrative (or blank),
assigns, annotates, gathers evidence in, and moves through new, investigating, escalated and
closed. Every change is a row of the audit trail, written in the change's own transaction, which
is the case's history.
"""

from veille.cases.models import (
    STATUSES,
    SUBJECT_KINDS,
    TRANSITIONS,
    Case,
    CaseDetail,
    EvidenceItem,
    NewEvidence,
    Note,
)
from veille.cases.reading import case_detail, history, list_cases, open_cases_about
from veille.cases.records import (
    add_evidence,
    add_note,
    get_case,
    open_case,
    remove_evidence,
    set_assignee,
    set_status,
    set_title,
)

__all__ = [
    "STATUSES", "SUBJECT_KINDS", "TRANSITIONS", "Case", "CaseDetail", "EvidenceItem", "NewEvidence", "Note",
    "add_evidence", "add_note", "case_detail", "get_case", "history", "list_cases", "open_case",
    "open_cases_about", "remove_evidence", "set_assignee", "set_status", "set_title",
]
