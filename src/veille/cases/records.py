"""Changing cases: open, retitle, assign, move status, add notes, add and remove evidence.

Each function runs inside the caller's write transaction and records the change in the audit
trail (subject_kind 'case') in that same transaction, so the case's history is complete: every
row says who did what and when. Account ids are written to the trail only as pseudonyms, since
the trail is shown on pages and served by the API.
"""

from veille.access import audit, role_allows
from veille.cases import prefill, sql
from veille.cases.models import STATUSES, SUBJECT_KINDS, TRANSITIONS, Case, NewEvidence
from veille.errors import NotFound, UsageError, VeilleError
from veille.privacy import pseudonymise

MAX_TITLE = 200
MAX_NOTE = 20_000
MAX_COMMENT = 2_000
MAX_URL = 2_000


def _clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise UsageError("a case needs a title")
    if len(title) > MAX_TITLE:
        raise UsageError(f"title too long: at most {MAX_TITLE} characters")
    return title


def get_case(con, case_id: int) -> Case:
    row = con.execute(sql.GET_CASE, [case_id]).fetchone()
    if row is None:
        raise NotFound(f"no case {case_id}")
    return Case(**dict(zip(sql.CASE_COLUMNS.split(", "), row)))


def open_case(con, actor: str, key: bytes, *, title: str | None = None, subject_kind: str | None = None,
              subject_id: str | None = None) -> Case:
    """A new case, blank or about a subject (alert, campaign, narrative) whose evidence it starts
    with. Opening a second case about the same subject is allowed; the case page warns of it."""
    subject_kind = subject_kind or None
    if subject_kind in ("none", ""):
        subject_kind = None
    if subject_kind is not None and subject_kind not in SUBJECT_KINDS:
        raise UsageError(f"unknown subject kind {subject_kind!r}: {', '.join(SUBJECT_KINDS)} or none")
    evidence: list[NewEvidence] = []
    if subject_kind is not None:
        if not subject_id:
            raise UsageError(f"opening a case from a {subject_kind} needs its id")
        default_title, evidence = prefill.from_subject(con, subject_kind, subject_id)
        title = title if title and title.strip() else default_title
    else:
        subject_id = None
    title = _clean_title(title)
    case_id = con.execute(sql.INSERT_CASE, [title, subject_kind, subject_id, actor]).fetchone()[0]
    audit(con, actor, "case.open", "case", case_id,
          {"title": title, "subject_kind": subject_kind, "subject_id": subject_id})
    for item in evidence:
        add_evidence(con, actor, key, case_id, item, prefilled=True)
    return get_case(con, case_id)


def set_title(con, actor: str, case_id: int, title: str) -> bool:
    case, title = get_case(con, case_id), _clean_title(title)
    if title == case.title:
        return False
    con.execute(sql.SET_TITLE, [title, case_id])
    audit(con, actor, "case.title", "case", case_id, {"from": case.title, "to": title})
    return True


def set_status(con, actor: str, case_id: int, status: str) -> bool:
    """Move the case to `status` along TRANSITIONS; the same status again changes nothing."""
    case = get_case(con, case_id)
    if status not in STATUSES:
        raise UsageError(f"unknown status {status!r}: {', '.join(STATUSES)}")
    if status == case.status:
        return False
    if status not in TRANSITIONS[case.status]:
        raise VeilleError(f"a case that is {case.status} cannot become {status}: "
                          f"it can become {' or '.join(TRANSITIONS[case.status])}")
    con.execute(sql.SET_STATUS, [status, case_id])
    audit(con, actor, "case.status", "case", case_id, {"from": case.status, "to": status})
    return True


def set_assignee(con, actor: str, case_id: int, assignee: str | None) -> bool:
    """Assign the case to a user who may work cases, or unassign it (None or "")."""
    case = get_case(con, case_id)
    assignee = (assignee or "").strip() or None
    if assignee is not None:
        row = con.execute(sql.USER_STATE, [assignee]).fetchone()
        if row is None:
            raise UsageError(f"no user {assignee!r}")
        if row[1]:
            raise UsageError(f"user {assignee!r} is disabled")
        if not role_allows(row[0], "cases.write"):
            raise UsageError(f"user {assignee!r} is a {row[0]} and may not work cases")
    if assignee == case.assignee:
        return False
    con.execute(sql.SET_ASSIGNEE, [assignee, case_id])
    audit(con, actor, "case.assign", "case", case_id, {"from": case.assignee, "to": assignee})
    return True


def add_note(con, actor: str, case_id: int, body: str) -> int:
    get_case(con, case_id)
    body = (body or "").strip()
    if not body:
        raise UsageError("an empty note")
    if len(body) > MAX_NOTE:
        raise UsageError(f"note too long: at most {MAX_NOTE} characters")
    note_id = con.execute(sql.INSERT_NOTE, [case_id, actor, body]).fetchone()[0]
    con.execute(sql.TOUCH, [case_id])
    audit(con, actor, "case.note", "case", case_id, {"note_id": note_id, "body": body})
    return note_id


def _normalise(con, item: NewEvidence) -> tuple[str | None, str]:
    """(platform, item) as stored: accounts named by @handle are looked up, URLs checked."""
    ref = item.id.strip()
    if not ref:
        raise UsageError("evidence needs an id (a post id, an account id or @handle, or a URL)")
    if item.kind == "link":
        if not ref.startswith(("http://", "https://")) or len(ref) > MAX_URL or any(c.isspace() for c in ref):
            raise UsageError(f"not a link: {ref[:80]!r} (an http or https URL)")
        return None, ref
    platform = (item.platform or "").strip().lower()
    if not platform:
        raise UsageError(f"{item.kind} evidence needs its platform")
    if item.kind == "account" and ref.startswith("@"):
        row = con.execute(sql.ACCOUNT_BY_HANDLE, [platform, ref[1:]]).fetchone()
        if row is None:
            raise NotFound(f"no {platform} account with handle {ref}")
        ref = row[0]
    return platform, ref


def _public_ref(kind: str, platform: str | None, ref: str, key: bytes) -> str:
    return pseudonymise(ref, key, prefix="acct:") if kind == "account" else ref


def add_evidence(con, actor: str, key: bytes, case_id: int, item: NewEvidence, *,
                 prefilled: bool = False) -> int | None:
    """Add one item; an item already in the case is refused (or skipped, when pre-filling)."""
    get_case(con, case_id)
    platform, ref = _normalise(con, item)
    comment = (item.comment or "").strip() or None
    if comment and len(comment) > MAX_COMMENT:
        raise UsageError(f"comment too long: at most {MAX_COMMENT} characters")
    existing = con.execute(sql.FIND_EVIDENCE, [case_id, item.kind, platform, ref]).fetchone()
    if existing:
        if prefilled:
            return None
        raise VeilleError(f"this {item.kind} is already evidence #{existing[0]} of case {case_id}")
    evidence_id = con.execute(sql.INSERT_EVIDENCE, [case_id, item.kind, platform, ref, comment, actor]).fetchone()[0]
    con.execute(sql.TOUCH, [case_id])
    details = {"evidence_id": evidence_id, "kind": item.kind, "platform": platform,
               "ref": _public_ref(item.kind, platform, ref, key), "comment": comment}
    if prefilled:
        details["prefilled"] = True
    audit(con, actor, "case.evidence.add", "case", case_id, details)
    return evidence_id


def remove_evidence(con, actor: str, key: bytes, case_id: int, evidence_id: int) -> None:
    get_case(con, case_id)
    row = con.execute(sql.GET_EVIDENCE, [case_id, evidence_id]).fetchone()
    if row is None:
        raise NotFound(f"case {case_id} has no evidence #{evidence_id}")
    _, kind, platform, ref = row
    con.execute(sql.DELETE_EVIDENCE, [case_id, evidence_id])
    con.execute(sql.TOUCH, [case_id])
    audit(con, actor, "case.evidence.remove", "case", case_id,
          {"evidence_id": evidence_id, "kind": kind, "platform": platform,
           "ref": _public_ref(kind, platform, ref, key)})
