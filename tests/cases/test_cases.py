"""Cases through the facade, on a real simulated election (see tests/cases/election.py)."""

import pytest

from veille.cases import NewEvidence
from veille.errors import NotFound, UsageError, VeilleError
from veille.privacy import pseudonymise

pytestmark = pytest.mark.slow  # the election is built once per session (about 15 s)


def _campaign(veille, kind: str) -> str:
    """The id of the largest campaign found with coordination of `kind` (one detection run)."""
    return veille.store.cursor().execute(
        "SELECT id FROM campaigns WHERE list_contains(kinds, ?) ORDER BY size DESC LIMIT 1", [kind]).fetchone()[0]


def _audit_rows(veille, case_id: int) -> int:
    return len(veille.case_history(case_id))


def test_a_case_opened_from_a_campaign_starts_with_its_members_and_shared_posts(veille, election):
    # The "amplifiers" operation: 36 accounts reshare every post of 3 principals within seconds;
    # detection finds it as a co-share campaign.
    campaign_id = _campaign(veille, "co-share")
    case = veille.open_case(actor="alice", subject_kind="campaign", subject_id=campaign_id)
    assert (case.status, case.assignee, case.opened_by) == ("new", None, "alice")
    assert case.title.startswith(f"Campaign {campaign_id}: co-share")

    detail = veille.case(case.id)
    accounts = [e for e in detail.evidence if e.kind == "account"]
    posts = [e for e in detail.evidence if e.kind == "post"]
    # The 10 most active members and the 10 posts most members reshared.
    assert (len(accounts), len(posts)) == (10, 10)

    # Every member is a planted account, known outside the database only by its pseudonym.
    op = election.operation("amplifiers")
    key = veille.store.pseudonym_key()
    planted = {pseudonymise(a["id"], key, prefix="acct:") for a in op["accounts"]}
    assert {e.ref for e in accounts} <= planted
    raw_ids = {a["id"] for a in op["accounts"]}
    assert not any(raw in e.model_dump_json() for e in detail.evidence for raw in raw_ids)
    assert all(e.label.startswith("@") for e in accounts)  # shown by handle
    # The shared posts are in the database: their label is "@author: text".
    assert all(": " in e.label and e.platform == "x" for e in posts)
    assert all("reshared" in e.comment or "shared by" in e.comment for e in posts)

    # Each pre-filled item is in the history, after the opening.
    history = veille.case_history(case.id)
    assert [h["action"] for h in history] == ["case.open"] + ["case.evidence.add"] * 20
    assert all(h["details"].get("prefilled") for h in history[1:])


def test_every_change_is_in_the_history_in_order_with_its_actor(veille):
    case = veille.open_case(actor="alice", title="  Voter suppression   rumours ")
    assert case.title == "Voter suppression rumours"  # spaces folded
    assert case.subject_kind is None

    assert veille.update_case(case.id, actor="alice", changes={"assignee": "bob"}) == ["assignee"]
    veille.add_case_note(case.id, "Seen on three platforms.", actor="bob")
    assert veille.update_case(case.id, actor="bob", changes={"status": "investigating"}) == ["status"]
    link = veille.add_case_evidence(case.id, NewEvidence(kind="link", id="https://example.org/rumour",
                                                         comment="origin"), actor="bob")
    account = veille.add_case_evidence(case.id, NewEvidence(kind="account", platform="x", id="12345"), actor="bob")
    veille.remove_case_evidence(case.id, link, actor="alice")
    assert veille.update_case(case.id, actor="alice", changes={"title": "Suppression rumours", "status": "escalated"}) \
        == ["title", "status"]
    veille.update_case(case.id, actor="alice", changes={"status": "closed"})

    history = veille.case_history(case.id)
    assert [(h["actor"], h["action"]) for h in history] == [
        ("alice", "case.open"), ("alice", "case.assign"), ("bob", "case.note"), ("bob", "case.status"),
        ("bob", "case.evidence.add"), ("bob", "case.evidence.add"), ("alice", "case.evidence.remove"),
        ("alice", "case.title"), ("alice", "case.status"), ("alice", "case.status"),
    ]
    assert [h["seq"] for h in history] == sorted(h["seq"] for h in history)
    assert history[3]["details"] == {"from": "new", "to": "investigating"}
    # The account's id is in the trail only as its pseudonym.
    assert history[5]["details"]["ref"] == pseudonymise("12345", veille.store.pseudonym_key(), prefix="acct:")
    assert "12345" not in str(history)

    detail = veille.case(case.id)
    assert (detail.case.status, detail.case.assignee, detail.case.title) == ("closed", "bob", "Suppression rumours")
    assert [n.body for n in detail.notes] == ["Seen on three platforms."]
    assert [e.id for e in detail.evidence] == [account]
    assert detail.evidence[0].label == "(account not in the database)"
    assert detail.next_statuses == ["investigating"]  # a closed case can only be reopened


def test_statuses_move_only_along_the_allowed_transitions(veille):
    case = veille.open_case(actor="alice", title="t")
    before = _audit_rows(veille, case.id)
    assert veille.update_case(case.id, actor="alice", changes={"status": "escalated"}) == ["status"]
    with pytest.raises(VeilleError, match="cannot become new"):
        veille.update_case(case.id, actor="alice", changes={"status": "new"})
    assert veille.update_case(case.id, actor="alice", changes={"status": "escalated"}) == []  # already
    veille.update_case(case.id, actor="alice", changes={"status": "closed"})
    with pytest.raises(VeilleError, match="can become investigating"):
        veille.update_case(case.id, actor="alice", changes={"status": "escalated"})
    veille.update_case(case.id, actor="alice", changes={"status": "investigating"})  # reopened
    with pytest.raises(UsageError, match="unknown status"):
        veille.update_case(case.id, actor="alice", changes={"status": "done"})
    # escalated, closed, investigating: one row each; refusals and repeats write nothing.
    assert _audit_rows(veille, case.id) == before + 3


def test_a_refused_change_leaves_no_trace(veille):
    # Status and assignee in one request: the bad assignee rolls the status back too.
    case = veille.open_case(actor="alice", title="t")
    before = _audit_rows(veille, case.id)
    with pytest.raises(UsageError, match="viewer and may not work cases"):
        veille.update_case(case.id, actor="alice", changes={"status": "investigating", "assignee": "vera"})
    assert veille.case(case.id).case.status == "new"
    assert _audit_rows(veille, case.id) == before
    with pytest.raises(UsageError, match="no user"):
        veille.update_case(case.id, actor="alice", changes={"assignee": "nobody"})
    veille.set_disabled("bob", True)
    with pytest.raises(UsageError, match="disabled"):
        veille.update_case(case.id, actor="alice", changes={"assignee": "bob"})
    veille.update_case(case.id, actor="alice", changes={"assignee": "alice"})
    veille.update_case(case.id, actor="alice", changes={"assignee": None})  # unassigned
    assert veille.case(case.id).case.assignee is None


def test_evidence_is_checked(veille):
    case = veille.open_case(actor="alice", title="t")
    with pytest.raises(UsageError, match="not a link"):
        veille.add_case_evidence(case.id, NewEvidence(kind="link", id="javascript:alert(1)"), actor="alice")
    with pytest.raises(UsageError, match="needs its platform"):
        veille.add_case_evidence(case.id, NewEvidence(kind="post", id="123"), actor="alice")
    veille.add_case_evidence(case.id, NewEvidence(kind="link", id="https://example.org/a"), actor="alice")
    with pytest.raises(VeilleError, match="already evidence"):
        veille.add_case_evidence(case.id, NewEvidence(kind="link", id="https://example.org/a"), actor="bob")
    with pytest.raises(NotFound):
        veille.remove_case_evidence(case.id, 999_999, actor="alice")
    with pytest.raises(NotFound):
        veille.add_case_note(999_999, "x", actor="alice")
    with pytest.raises(UsageError, match="empty note"):
        veille.add_case_note(case.id, "   ", actor="alice")

    # An account can be named by its handle; it is stored by id and shown by handle.
    platform, handle = veille.store.cursor().execute(
        "SELECT platform, handle FROM accounts WHERE handle IS NOT NULL ORDER BY platform, id LIMIT 1").fetchone()
    veille.add_case_evidence(case.id, NewEvidence(kind="account", platform=platform, id=f"@{handle}"), actor="alice")
    assert veille.case(case.id).evidence[-1].label.startswith(f"@{handle}")
    with pytest.raises(NotFound, match="no x account"):
        veille.add_case_evidence(case.id, NewEvidence(kind="account", platform="x", id="@no_such_handle_xyz"),
                                 actor="alice")


def test_subjects_must_exist_and_opening_twice_is_warned_of(veille):
    with pytest.raises(NotFound):
        veille.open_case(actor="alice", subject_kind="campaign", subject_id="campaign-000000000000")
    with pytest.raises(UsageError, match="unknown subject kind"):
        veille.open_case(actor="alice", subject_kind="account", subject_id="x")
    with pytest.raises(UsageError, match="needs a title"):
        veille.open_case(actor="alice", title="  ")

    campaign_id = _campaign(veille, "co-link")
    first = veille.open_case(actor="alice", subject_kind="campaign", subject_id=campaign_id)
    second = veille.open_case(actor="bob", subject_kind="campaign", subject_id=campaign_id, title="Link ring")
    assert second.title == "Link ring"
    assert veille.case(second.id).other_open == [first.id]
    assert veille.case(first.id).other_open == [second.id]
    # A co-link campaign brings its links.
    assert any(e.kind == "link" and e.ref.startswith("http") for e in veille.case(first.id).evidence)
    veille.update_case(first.id, actor="alice", changes={"status": "closed"})
    assert veille.case(second.id).other_open == []  # closed cases are not double work


def test_a_case_from_an_alert_brings_its_first_posts_and_their_accounts(veille):
    # Bursts ran on the election: each alert's evidence lists up to 10 first posts.
    alert = veille.alerts(rule="burst", limit=1)[0]
    firsts = alert["evidence"]["first_posts"]
    case = veille.open_case(actor="alice", subject_kind="alert", subject_id=alert["id"])
    assert case.title == f"Alert: {alert['title']}"
    evidence = veille.case(case.id).evidence
    posts = [e for e in evidence if e.kind == "post"]
    assert [f"{e.platform}:{e.ref}" for e in posts] == [f["post"] for f in firsts]
    # One account item per distinct author (an author of two first posts is added once).
    assert len([e for e in evidence if e.kind == "account"]) == len({f["account"] for f in firsts})


def test_a_case_from_a_narrative_brings_example_posts(veille):
    # Narratives need the embedding model, so this one is written as the detector writes it:
    # four posts, two of which share a text: three examples, one per text, earliest first.
    con = veille.store.cursor()
    rows = con.execute("SELECT platform, id, text_hash FROM posts WHERE platform = 'x' "
                       "ORDER BY created_at, id LIMIT 3").fetchall()
    copy = con.execute("SELECT platform, id FROM posts WHERE text_hash = ? AND id <> ? LIMIT 1",
                       [rows[0][2], rows[0][1]]).fetchone()
    with veille.store.writing() as w:
        w.execute("INSERT INTO narratives VALUES ('narrative:1', 'm', [0.0], 4, now(), now())")
        for platform, post_id in [r[:2] for r in rows] + ([copy] if copy else []):
            w.execute("INSERT INTO narrative_posts VALUES (?, ?, 'narrative:1')", [platform, post_id])
    case = veille.open_case(actor="alice", subject_kind="narrative", subject_id="narrative:1")
    assert case.title == "Narrative narrative:1 (4 texts)"
    assert [e.ref for e in veille.case(case.id).evidence] == [r[1] for r in rows]


def test_cases_are_listed_with_filters(veille):
    a = veille.open_case(actor="alice", title="a")
    b = veille.open_case(actor="alice", title="b")
    veille.update_case(b.id, actor="alice", changes={"assignee": "bob", "status": "investigating"})
    assert [c.id for c in veille.cases()] == [b.id, a.id]  # most recently changed first
    assert [c.id for c in veille.cases(status="investigating")] == [b.id]
    assert [c.id for c in veille.cases(assignee="bob")] == [b.id]
    assert [c.id for c in veille.cases(assignee="")] == [a.id]  # unassigned
