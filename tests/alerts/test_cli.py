"""The alert commands of the real `veille` command, checked against the database."""

from datetime import UTC, datetime

import pytest

from tests.conftest import run_veille
from veille.alerts import Alert, raise_alerts
from veille.app import Veille

pytestmark = pytest.mark.slow  # a dozen processes


def test_alerts_rules_and_targets_commands(db_path):
    with Veille(db_path) as app:
        with app.store.writing() as con:
            raise_alerts(con, [Alert(id="campaign:new:c-1", rule="campaign", severity="high", title="New campaign",
                                     subject_kind="campaign", subject="c-1", first_seen=datetime(2026, 5, 8, tzinfo=UTC),
                                     last_seen=datetime(2026, 5, 8, tzinfo=UTC), evidence={})])
    db = ["--db", str(db_path)]
    listed = run_veille("alerts", *db, "--severity", "high", check=True)
    assert "New campaign" in listed.stdout and "[campaign:new:c-1]" in listed.stdout
    assert "snoozed until" in run_veille("alerts", "snooze", "campaign:new:c-1", "--hours", "24", *db, check=True).stdout
    assert run_veille("alerts", "close", "campaign:new:c-1", *db, check=True).stdout.strip() == "campaign:new:c-1: closed"
    assert run_veille("alerts", "close", "nope", *db).returncode == 1

    assert run_veille("rules", "set", "debunked-claim", "--param", "min_posts=25", "--severity", "medium", *db,
                      check=True).returncode == 0
    assert "min_posts=25" in run_veille("rules", "list", *db, check=True).stdout
    bad = run_veille("rules", "set", "campaign", "--param", "overlap=2", *db)
    assert bad.returncode == 2 and "overlap" in bad.stderr

    run_veille("targets", "add", "desk", "--kind", "email", "--smtp-host", "mail.example.org", "--smtp-port", "587",
               "--from", "veille@example.org", "--to", "desk@example.org", "--starttls", "--password-env",
               "VEILLE_SMTP_PASSWORD", "--min-severity", "medium", "--rule", "campaign", *db, check=True)
    run_veille("targets", "add", "hook", "--kind", "webhook", "--url", "https://hooks.example.org/1", *db, check=True)
    listed = run_veille("targets", "list", *db, check=True).stdout
    assert "desk" in listed and "mail.example.org:587" in listed and "https://hooks.example.org/1" in listed
    run_veille("targets", "remove", "hook", *db, check=True)
    with Veille(db_path) as app:
        assert [t.name for t in app.alert_targets()] == ["desk"]
        assert app.alert("campaign:new:c-1")["status"] == "closed"
        assert app.alert_rule("debunked-claim").params["min_posts"] == 25
