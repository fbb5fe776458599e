"""Reading cases: the list, one case with its notes and evidence, and its history.

Evidence leaves the database readable but pseudonymised: an account is shown by its handle,
display name and keyed pseudonym (acct:...), never by its platform id.
"""

from veille.access import read_audit
from veille.cases import sql
from veille.cases.models import TRANSITIONS, Case, CaseDetail, EvidenceItem, Note
from veille.cases.records import get_case
from veille.privacy import pseudonymise

EXCERPT = 160
HISTORY_LIMIT = 100_000


def list_cases(con, *, status: str | None = None, assignee: str | None = None, subject_kind: str | None = None,
               subject_id: str | None = None, limit: int = 200) -> list[Case]:
    """Cases, most recently changed first. `assignee=""` lists the unassigned ones."""
    rows = con.execute(sql.LIST_CASES, {"status": status, "assignee": assignee, "subject_kind": subject_kind,
                                        "subject_id": subject_id, "limit": limit}).fetchall()
    return [Case(**dict(zip(sql.CASE_COLUMNS.split(", "), row))) for row in rows]


def open_cases_about(con, subject_kind: str, subject_id: str) -> list[int]:
    return [row[0] for row in con.execute(sql.OPEN_FOR_SUBJECT, [subject_kind, subject_id]).fetchall()]


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"


def _evidence_item(row, key: bytes) -> EvidenceItem:
    evidence_id, kind, platform, item, comment, added_by, added_at, text, author, handle, name = row
    link = None
    if kind == "account":
        ref = pseudonymise(item, key, prefix="acct:")
        label = " · ".join(x for x in (f"@{handle}" if handle else None, name) if x) or "(account not in the database)"
    elif kind == "post":
        ref = item
        if text is None:
            label = "(post not in the database)"
        else:
            label = (f"@{author}: " if author else "") + _excerpt(text)
    else:
        ref, label, link = item, item, item
    return EvidenceItem(id=evidence_id, kind=kind, platform=platform, ref=ref, label=label, link=link,
                        comment=comment, added_by=added_by, added_at=added_at)


def evidence(con, case_id: int, key: bytes) -> list[EvidenceItem]:
    return [_evidence_item(row, key) for row in con.execute(sql.LIST_EVIDENCE, [case_id]).fetchall()]


def case_detail(con, case_id: int, key: bytes) -> CaseDetail:
    case = get_case(con, case_id)
    notes = [Note(id=i, author=a, body=b, created_at=t)
             for i, a, b, t in con.execute(sql.LIST_NOTES, [case_id]).fetchall()]
    others = []
    if case.subject_kind and case.subject_id:
        others = [i for i in open_cases_about(con, case.subject_kind, case.subject_id) if i != case_id]
    return CaseDetail(case=case, notes=notes, evidence=evidence(con, case_id, key), other_open=others,
                      next_statuses=list(TRANSITIONS[case.status]))


def history(con, case_id: int) -> list[dict]:
    """Every change of the case, oldest first: seq, occurred_at, actor, action, details."""
    get_case(con, case_id)
    return list(reversed(read_audit(con, subject_kind="case", subject_id=str(case_id), limit=HISTORY_LIMIT)))
