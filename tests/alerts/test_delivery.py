"""Routing alerts to targets: a target that is down is retried with backoff and gets its alerts
when it comes back; an alert updated at the same severity is not sent again, one whose severity
rose is; e-mail goes over SMTP with the password read from the environment."""

import time
from datetime import UTC, datetime

import pytest

from tests.alerts.fakes import FakeSMTP, FakeWebhook, free_port
from veille.alerts import Alert, raise_alerts
from veille.alerts.delivery import Backoff
from veille.errors import UsageError

T0 = datetime(2026, 5, 8, 14, tzinfo=UTC)
FAST = Backoff(first=0.2, cap=0.4, max_age=60)


def raise_one(app, alert_id: str, severity: str = "medium", rule: str = "burst", title: str = "t") -> None:
    with app.store.writing() as con:
        raise_alerts(con, [Alert(id=alert_id, rule=rule, severity=severity, title=title, subject_kind="hashtag",
                                 subject="x", first_seen=T0, last_seen=T0, evidence={"n": 1})])


def deliver_until(app, done, *, backoff=FAST, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.deliver_alerts(backoff)
        if done():
            return
        time.sleep(0.1)
    raise AssertionError("not delivered in time")


def test_a_webhook_that_refuses_is_retried_until_it_accepts(app):
    with FakeWebhook() as hook:
        app.add_alert_target("ops", "webhook", {"url": hook.url})
        raise_one(app, "a1")
        raise_one(app, "a2", severity="high")
        run = app.deliver_alerts(FAST)
        # Both queued; the first try is refused and the target counts as down for this step.
        assert run.queued == 2 and run.retried == 1 and run.delivered == 0
        pending = app.alert_deliveries(state="pending")
        assert len(pending) == 2 and {d["last_error"] for d in pending} >= {"HTTP 503"}
        # Still down: one try per step, the alert waiting longest first (the other one, then the first).
        for tries in (2, 3):
            time.sleep(0.5)
            app.deliver_alerts(FAST)
            assert sum(d["attempts"] for d in app.alert_deliveries(state="pending")) == tries
        hook.accepting = True
        deliver_until(app, lambda: len(hook.received) == 2)
        assert sorted(m["alert"]["id"] for m in hook.received) == ["a1", "a2"]
        assert {d["state"] for d in app.alert_deliveries()} == {"delivered"}
        # Nothing more to send: the outbox is quiet.
        assert app.deliver_alerts(FAST).queued == 0


def test_a_target_not_listening_gets_its_alerts_once_it_is_up(app):
    port = free_port()  # nothing listens there yet: connection refused
    app.add_alert_target("late", "slack", {"url": f"http://127.0.0.1:{port}/hook"})
    raise_one(app, "b1", title="ballots in the river")
    assert app.deliver_alerts(FAST).retried == 1
    assert "Connect" in app.alert_deliveries(state="pending")[0]["last_error"]
    with FakeWebhook() as hook:
        app.update_alert_target("late", config={"url": hook.url})  # the same target, now reachable
        hook.accepting = True
        deliver_until(app, lambda: len(hook.received) == 1)
    body = hook.received[0]
    assert body["text"].startswith("[MEDIUM] ballots in the river") and body["blocks"][0]["type"] == "section"


def test_updates_are_sent_again_only_when_severity_rises(app):
    with FakeWebhook() as hook:
        hook.accepting = True
        app.add_alert_target("ops", "webhook", {"url": hook.url})
        raise_one(app, "c1", severity="low")
        deliver_until(app, lambda: len(hook.received) == 1)
        raise_one(app, "c1", severity="low", title="updated, same severity")
        app.deliver_alerts(FAST)
        assert len(hook.received) == 1
        raise_one(app, "c1", severity="high", title="now high")
        deliver_until(app, lambda: len(hook.received) == 2)
        assert hook.received[1]["alert"]["severity"] == "high"


def test_targets_filter_by_severity_and_rule(app):
    with FakeWebhook() as hook:
        hook.accepting = True
        app.add_alert_target("high-campaigns", "webhook", {"url": hook.url}, min_severity="high", rules=["campaign"])
        raise_one(app, "d1", severity="high", rule="burst")        # wrong rule
        raise_one(app, "d2", severity="medium", rule="campaign")   # too low
        raise_one(app, "d3", severity="high", rule="campaign")     # sent
        deliver_until(app, lambda: len(hook.received) == 1)
        app.deliver_alerts(FAST)
        assert [m["alert"]["id"] for m in hook.received] == ["d3"]


def test_snoozed_and_closed_alerts_are_not_sent(app):
    with FakeWebhook() as hook:
        hook.accepting = True
        raise_one(app, "e1")
        raise_one(app, "e2")
        app.snooze_alert("e1", hours=1)
        app.close_alert("e2")
        app.add_alert_target("ops", "webhook", {"url": hook.url})
        raise_one(app, "e3")
        deliver_until(app, lambda: len(hook.received) == 1)
        assert [m["alert"]["id"] for m in hook.received] == ["e3"]


def test_a_delivery_too_old_is_marked_failed(app):
    app.add_alert_target("gone", "webhook", {"url": f"http://127.0.0.1:{free_port()}/"})
    raise_one(app, "f1")
    app.deliver_alerts(Backoff(first=0.1, cap=0.1, max_age=0.0))
    failed = app.alert_deliveries(state="failed")
    assert [d["alert_id"] for d in failed] == ["f1"] and failed[0]["attempts"] == 1


def test_email_over_smtp_after_the_server_comes_up(app, monkeypatch):
    port = free_port()
    monkeypatch.setenv("VEILLE_TEST_SMTP_PASSWORD", "s3cret-pass")
    app.add_alert_target("desk", "email", {"host": "127.0.0.1", "port": port, "sender": "veille@example.org",
                                           "recipients": ["desk@example.org"], "username": "veille",
                                           "password_env": "VEILLE_TEST_SMTP_PASSWORD"})
    raise_one(app, "g1", severity="high", title="foreign ads")
    assert app.deliver_alerts(FAST).retried == 1  # no SMTP server yet
    with FakeSMTP(port) as smtp:
        deliver_until(app, lambda: len(smtp.messages) == 1)
    message = smtp.messages[0]
    assert "desk@example.org" in message["to"][0]
    assert "Subject: [HIGH] foreign ads" in message["data"]
    assert smtp.logins  # logged in with the password from the environment
    # The password is nowhere in the database (config, audit trail) nor in the target.
    target = app.alert_target("desk")
    assert "s3cret-pass" not in str(target) and target.config["password_env"] == "VEILLE_TEST_SMTP_PASSWORD"
    dump = app.store.cursor().execute("SELECT string_agg(details::VARCHAR, ' ') FROM audit_log").fetchone()[0]
    assert "s3cret-pass" not in dump


def test_a_missing_password_variable_is_a_retried_error(app, monkeypatch):
    monkeypatch.delenv("VEILLE_TEST_NO_SUCH_VAR", raising=False)
    app.add_alert_target("desk", "email", {"host": "127.0.0.1", "port": free_port(), "sender": "a@b.org",
                                           "recipients": ["c@d.org"], "username": "u",
                                           "password_env": "VEILLE_TEST_NO_SUCH_VAR"})
    raise_one(app, "h1")
    app.deliver_alerts(FAST)
    assert "VEILLE_TEST_NO_SUCH_VAR is not set" in app.alert_deliveries(state="pending")[0]["last_error"]


def test_target_settings_are_checked(app):
    with pytest.raises(UsageError, match="url"):
        app.add_alert_target("bad", "webhook", {"url": "file:///etc/passwd"})
    with pytest.raises(UsageError, match="kind"):
        app.add_alert_target("bad", "pager", {"url": "http://x"})
    with pytest.raises(UsageError, match="password_env"):
        app.add_alert_target("bad", "email", {"host": "h", "sender": "a@b.c", "recipients": ["x@y.z"],
                                              "password_env": "not a variable name!"})
    with pytest.raises(UsageError, match="password"):  # a password itself is refused (unknown field)
        app.add_alert_target("bad", "email", {"host": "h", "sender": "a@b.c", "recipients": ["x@y.z"],
                                              "password": "hunter2"})
    app.add_alert_target("ok", "webhook", {"url": "https://hooks.example.org/x"})
    with pytest.raises(UsageError, match="exists"):
        app.add_alert_target("ok", "webhook", {"url": "https://hooks.example.org/y"})
    app.remove_alert_target("ok")
    assert app.alert_targets() == []


def test_backoff_doubles_and_is_capped():
    backoff = Backoff()
    assert [backoff.delay(n) for n in (1, 2, 3, 6, 7, 20)] == [10, 20, 40, 320, 600, 600]
