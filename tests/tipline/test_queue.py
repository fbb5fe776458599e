"""The fact-checkers' queue: questions grouped by claim, ranked, answered once for everyone who
asked; its API, its page and its CLI."""

import json
import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import run_veille

ARMY = "The army will guard the polling stations and arrest anyone who votes for the opposition"
# The same claim reworded as a chain letter: passage cosine 0.93 with ARMY (grouping needs 0.91).
ARMY_FORWARD = "FORWARD TO ALL: soldiers at polling stations will arrest people voting for the opposition!!!"
# Unrelated to both, and to every fact-check (labels.jsonl q34).
WEATHER = "The weather will be sunny on election day in most of the country"
NEW_FACTCHECK = {"claim": "Soldiers will arrest people who vote for the opposition",
                 "rating": "False", "title": "No, soldiers will not arrest opposition voters",
                 "url": "https://factcheck.example.org/en/soldiers-arrest", "language": "en"}
PASSWORD = "a long enough password"


def ask_three(tip) -> None:
    tip.ask("447700900101", ARMY)
    tip.ask("447700900102", ARMY_FORWARD)
    tip.ask("447700900103", WEATHER)
    assert tip.converse() == 3  # three senders, three questions
    assert [k for k, _ in tip.outbox_rows("kind", "body")] == ["ack", "ack", "ack"]


def token(tip, role: str) -> dict:
    tip.veille.add_user(role, role, PASSWORD)
    _, secret = tip.veille.create_token(role, "test")
    return {"authorization": f"Bearer {secret}"}


def test_one_claim_one_group_and_the_answer_reaches_both_askers(tipline, send_api):
    ask_three(tipline)
    groups = tipline.veille.tipline_groups()
    # Ranked by askers in the last 24 hours: the army claim (2) before the weather (1).
    assert [(g.askers, g.askers_24h, g.questions) for g in groups] == [(2, 2, 2), (1, 1, 1)]
    army, weather = groups
    assert {e.text for e in army.examples} == {ARMY, ARMY_FORWARD}
    assert [e.text for e in weather.examples] == [WEATHER]

    checker = token(tipline, "fact-checker")
    response = tipline.client.post(f"/api/tipline/groups/{army.id}/answer", headers=checker,
                                   json={"new_factcheck": NEW_FACTCHECK})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["questions"] == 2 and result["sent_to"] == 2 and result["new_factcheck"] is True

    tipline.outbox.deliver_due()
    answers = {body["to"]: body["text"]["body"] for _, body in send_api.delivered
               if "fact-checker has looked" in body["text"]["body"]}
    assert set(answers) == {"447700900101", "447700900102"}
    assert all(NEW_FACTCHECK["title"] in a and NEW_FACTCHECK["url"] in a for a in answers.values())

    # The group is closed, the other still open; the fact-check is stored; the audit trail says who.
    assert [g.id for g in tipline.veille.tipline_groups()] == [weather.id]
    assert tipline.veille.tipline_group(army.id).status == "answered"
    assert tipline.sql("SELECT title, rating, language FROM fact_checks WHERE url = ?", [NEW_FACTCHECK["url"]]) == [
        (NEW_FACTCHECK["title"], "False", "en")]
    [entry] = tipline.veille.audit_trail(subject_kind="tipline_group", subject_id=army.id)
    assert entry["actor"] == "fact-checker" and entry["action"] == "tipline.answer"
    assert entry["details"]["replies"] == 2
    # No address is kept once everyone was answered (only the weather question's waits).
    assert tipline.sql("SELECT count(*) FROM tipline_inbox WHERE address IS NOT NULL") == [(1,)]
    assert tipline.sql("SELECT count(*) FROM tipline_outbox WHERE address IS NOT NULL") == [(0,)]

    # A second answer to the same group is refused; an unknown group is a 404.
    again = tipline.client.post(f"/api/tipline/groups/{army.id}/answer", headers=checker,
                                json={"factcheck_id": result["factcheck_id"]})
    assert again.status_code == 409
    assert tipline.client.get("/api/tipline/groups/g0123", headers=checker).status_code == 404


def test_an_updated_fact_check_keeps_its_history(tipline):
    tipline.ask("447700900111", ARMY)
    tipline.ask("447700900112", WEATHER)
    tipline.converse()
    checker = token(tipline, "fact-checker")
    first, second = tipline.veille.tipline_groups()
    tipline.client.post(f"/api/tipline/groups/{first.id}/answer", headers=checker,
                        json={"new_factcheck": NEW_FACTCHECK})
    revised = NEW_FACTCHECK | {"rating": "Misleading"}  # same URL and claim: the same fact-check, updated
    response = tipline.client.post(f"/api/tipline/groups/{second.id}/answer", headers=checker,
                                   json={"new_factcheck": revised, "note": "Same rumour, new rating."})
    assert response.status_code == 200
    assert tipline.sql("SELECT rating FROM fact_checks WHERE url = ?", [NEW_FACTCHECK["url"]]) == [("Misleading",)]
    assert tipline.sql("SELECT rating FROM fact_check_history") == [("False",)]


def test_api_permissions_and_validation(tipline):
    ask_three(tipline)
    viewer, checker = token(tipline, "viewer"), token(tipline, "fact-checker")
    groups = tipline.client.get("/api/tipline/groups", headers=viewer)
    assert groups.status_code == 200 and len(groups.json()) == 2
    assert "sender" not in groups.text and "447700900101" not in groups.text  # text only, no identifiers
    group_id = groups.json()[0]["id"]
    detail = tipline.client.get(f"/api/tipline/groups/{group_id}", headers=viewer).json()
    assert detail["askers"] == 2 and len(detail["examples"]) == 2
    assert tipline.client.post(f"/api/tipline/groups/{group_id}/answer", headers=viewer,
                               json={"note": "hi"}).status_code == 403
    assert tipline.client.post(f"/api/tipline/groups/{group_id}/answer", json={"note": "hi"}).status_code == 401
    bad = tipline.client.post(f"/api/tipline/groups/{group_id}/answer", headers=checker, json={})
    assert bad.status_code == 400 and "fact-check" in bad.json()["error"]["message"]
    unknown = tipline.client.post(f"/api/tipline/groups/{group_id}/answer", headers=checker,
                                  json={"factcheck_id": "nope"})
    assert unknown.status_code == 404
    stats = tipline.client.get("/api/tipline/stats", headers=viewer).json()
    # 3 messages today, 3 questions, none answered yet, 3 queued in 2 groups.
    assert (stats["messages_today"], stats["questions_today"], stats["queued"], stats["open_groups"]) == (3, 3, 3, 2)
    note = tipline.client.post(f"/api/tipline/groups/{group_id}/answer", headers=checker,
                               json={"note": "We are checking this with the army's press office."})
    assert note.status_code == 200 and note.json()["factcheck_id"] is None
    stats = tipline.client.get("/api/tipline/stats", headers=viewer).json()
    assert stats["answered_by_fact_checkers_today"] == 2 and stats["median_seconds_to_answer"] is not None


def _login(client: TestClient, username: str) -> str:
    form = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]*)"', form.text).group(1)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf, "next": "/tipline"},
                follow_redirects=False)
    page = client.get("/tipline")
    return re.search(r'<meta name="csrf-token" content="([^"]*)"', page.text).group(1)


def test_the_inbox_page(tipline, send_api):
    ask_three(tipline)
    tipline.veille.add_user("viewer", "viewer", PASSWORD)
    tipline.veille.add_user("checker", "fact-checker", PASSWORD)
    with TestClient(tipline.client.app) as browser:
        _login(browser, "viewer")
        page = browser.get("/tipline").text
        assert "<h1>Tipline inbox</h1>" in page and page.count('class="panel tipline-group"') == 2
        assert ARMY in page and "Send answer" not in page  # a viewer reads but does not answer
    with TestClient(tipline.client.app) as browser:
        csrf = _login(browser, "checker")
        page = browser.get("/tipline").text
        assert page.count("Send answer") == 2
        army = tipline.veille.tipline_groups()[0]
        suggested = army.suggestions[0].factcheck_id
        assert f'<option value="{suggested}">' in page
        answer = browser.post(f"/tipline/groups/{army.id}/answer", follow_redirects=False,
                              data={"csrf_token": csrf, "factcheck_id": suggested,
                                    "note": "Context from our team."})
        assert answer.status_code == 303 and answer.headers["location"] == f"/tipline?answered={army.id}"
        page = browser.get(answer.headers["location"]).text
        assert page.count('class="panel tipline-group"') == 1 and "Context from our team." in page
        missing = browser.post(f"/tipline/groups/{tipline.veille.tipline_groups()[0].id}/answer",
                               data={"csrf_token": csrf, "factcheck_id": "new", "claim": "x"},
                               headers={"accept": "text/html"})
        assert missing.status_code == 400 and "fill in the new fact-check" in missing.text
    tipline.outbox.deliver_due()
    assert sum("Context from our team." in body["text"]["body"] for _, body in send_api.delivered) == 2


@pytest.mark.slow  # subprocesses, or many embeddings on a shared machine
def test_the_cli_lists_and_answers(tipline, db):
    ask_three(tipline)
    tipline.close()
    tipline.veille.close()  # the CLI opens the database in its own process
    listed = run_veille("tipline", "queue", "--db", db, "--json", check=True)
    groups = json.loads(listed.stdout)
    assert [g["askers"] for g in groups] == [2, 1]
    text = run_veille("tipline", "queue", "--db", db, check=True).stdout
    assert ARMY_FORWARD[:40] in text or ARMY[:40] in text
    answered = run_veille("tipline", "answer", groups[0]["id"], "--db", db, "--note", "Checked: false.", check=True)
    assert "2 question" in answered.stdout and "1 sender" not in answered.stdout
    refused = run_veille("tipline", "answer", groups[0]["id"], "--db", db, "--note", "again")
    assert refused.returncode != 0 and "already answered" in refused.stderr


def test_a_question_joining_a_group_as_it_is_answered_gets_the_answer_too(tipline, send_api, monkeypatch):
    from veille.tipline.writes import Writes

    tipline.ask("447700900121", ARMY)
    tipline.converse()
    [group] = tipline.veille.tipline_groups()
    tipline.ask("447700900122", ARMY_FORWARD)  # joins that group...
    flush, answered = Writes.flush, []

    def answer_first(writes):  # ...while a fact-checker answers it
        if not answered:
            answered.append(tipline.veille.answer_tipline_group(group.id, actor="checker", note="Checked: false."))
        flush(writes)

    monkeypatch.setattr(Writes, "flush", answer_first)
    tipline.converse()
    assert answered[0].questions == 1  # the answer saw the first asker only
    # The second question landed in the answered group: the same step gave it the group's answer.
    assert tipline.veille.tipline_groups() == []
    assert tipline.sql("SELECT count(*) FROM tipline_questions WHERE status = 'queued'") == [(0,)]
    tipline.outbox.deliver_due()
    answered_to = sorted(body["to"] for _, body in send_api.delivered if "Checked: false." in body["text"]["body"])
    assert answered_to == ["447700900121", "447700900122"]
    assert [e["action"] for e in tipline.veille.audit_trail(subject_kind="tipline_group", subject_id=group.id)] == [
        "tipline.answer.late", "tipline.answer"]
