"""Each alert rule on small hand-made data whose expected alerts can be counted by hand; rule
settings; triage (acknowledge, snooze, close) and its audit trail."""

from datetime import UTC, datetime, timedelta

import pytest

from veille.alerts import Alert, raise_alerts
from veille.errors import NotFound, UsageError

T0 = datetime(2026, 5, 8, 12, 0, tzinfo=UTC)


def add_post(con, pid: str, account: str, created_at: datetime, text: str = "a post", platform: str = "x") -> None:
    con.execute("""
        INSERT INTO posts (platform, id, account_id, created_at, text, text_tokens, urls, hashtags, mentions,
                           media_hashes, source_file)
        VALUES (?, ?, ?, ?, ?, 2, [], [], [], [], 'test')""", [platform, pid, account, created_at, text])


def add_run(con, run_id: str, finished: datetime, campaigns: dict[str, list[str]]) -> None:
    """A coordination run with `campaigns` (id -> account ids on x)."""
    con.execute("INSERT INTO detection_runs VALUES (?, 'coordination', ?, ?, '{}', '{}')", [run_id, finished, finished])
    for cid, accounts in campaigns.items():
        con.execute("INSERT INTO campaigns VALUES (?, ?, ['co-link'], 0.9, ?, ?, ?)",
                    [run_id, cid, T0, T0 + timedelta(hours=1), len(accounts)])
        for a in accounts:
            con.execute("INSERT INTO campaign_members VALUES (?, ?, 'x', ?, 'peer', 0.5, 3)", [run_id, cid, a])


def ids(app, rule: str) -> set[str]:
    return {a["id"] for a in app.alerts(rule=rule, limit=1000)}


def test_default_rules_are_installed(app):
    rules = {r.id: r for r in app.alert_rules()}
    assert set(rules) == {"burst", "campaign", "debunked-claim", "foreign-ad", "tipline-surge"}
    assert all(r.enabled for r in rules.values())
    assert rules["foreign-ad"].params == {"country": "FR", "currencies": ["EUR"]}


def test_campaign_rule_new_then_grown_then_quiet(app):
    ten = [f"a{i}" for i in range(10)]
    with app.store.writing() as con:
        add_run(con, "r1", T0, {"c-1": ten, "c-small": ["b1", "b2"]})
    app.evaluate_alert_rules()
    # c-1 is new; c-small has 2 accounts, below min_accounts (3).
    assert ids(app, "campaign") == {"campaign:new:c-1"}

    # Next run: the same accounts plus 3 (+30% >= 25%) under a new campaign id: the same lineage, grown.
    with app.store.writing() as con:
        add_run(con, "r2", T0 + timedelta(minutes=5), {"c-2": ten + ["a10", "a11", "a12"]})
    app.evaluate_alert_rules()
    assert ids(app, "campaign") == {"campaign:new:c-1", "campaign:grew:c-1:13"}
    grew = app.alert("campaign:grew:c-1:13")
    assert grew["evidence"]["previous_accounts"] == 10 and grew["evidence"]["joined"] == ["x:a10", "x:a11", "x:a12"]

    # +1 account (13 -> 14, 8%) is below the growth threshold; evaluating again raises nothing.
    with app.store.writing() as con:
        add_run(con, "r3", T0 + timedelta(minutes=10), {"c-3": ten + ["a10", "a11", "a12", "a13"]})
    app.evaluate_alert_rules()
    app.evaluate_alert_rules()
    assert len(ids(app, "campaign")) == 2


def test_debunked_claim_rule_counts_posts_in_the_window(app):
    with app.store.writing() as con:
        for fid, rating in (("fc-false", "Faux"), ("fc-true", "Vrai")):
            con.execute("INSERT INTO fact_checks (id, claim_reviewed, rating, url, appearances, source_file) "
                        "VALUES (?, 'the ballots were burnt', ?, 'https://f.example/1', [], 'test')", [fid, rating])
        # 12 posts repeat the false claim within the last 24 h, 5 more two days before (outside the window);
        # 12 posts repeat the claim rated true.
        for i in range(12):
            add_post(con, f"p{i}", f"u{i}", T0 - timedelta(hours=i))
            con.execute("INSERT INTO claim_matches VALUES ('x', ?, 'fc-false', 0.9, 'reply', now())", [f"p{i}"])
            add_post(con, f"t{i}", f"v{i}", T0 - timedelta(hours=i))
            con.execute("INSERT INTO claim_matches VALUES ('x', ?, 'fc-true', 0.9, 'reply', now())", [f"t{i}"])
        for i in range(5):
            add_post(con, f"old{i}", f"w{i}", T0 - timedelta(days=2, hours=i))
            con.execute("INSERT INTO claim_matches VALUES ('x', ?, 'fc-false', 0.9, 'reply', now())", [f"old{i}"])
    app.evaluate_alert_rules()
    assert ids(app, "debunked-claim") == {"debunked-claim:fc-false"}
    alert = app.alert("debunked-claim:fc-false")
    assert alert["evidence"]["posts"] == 12 and alert["evidence"]["accounts"] == 12

    app.set_alert_rule("debunked-claim", params={"min_posts": 13})  # 12 posts no longer enough for a new one
    with app.store.writing() as con:
        con.execute("DELETE FROM alerts")
    app.evaluate_alert_rules()
    assert ids(app, "debunked-claim") == set()


def test_foreign_ad_rule(app):
    with app.store.writing() as con:
        for ad, page, currency, country in (("1", "local", "EUR", None), ("2", "usd-page", "USD", None),
                                            ("3", "usd-page", "USD", None), ("4", "abroad", "EUR", "RU"),
                                            ("5", "fr-payer", "eur", "fr")):
            con.execute("""INSERT INTO ads (platform, id, page_id, page_name, payer, payer_country, currency,
                               delivery_regions, target_countries, languages, creative_bodies, urls, start_time,
                               source_file)
                           VALUES ('meta', ?, ?, ?, ?, ?, ?, [], [], [], [], [], ?, 'test')""",
                        [ad, page, page, page, country, currency, T0])
    app.evaluate_alert_rules()
    # Paid in dollars (2 ads, one page), and paid from Russia in euros; lower-case eur/fr is local.
    assert ids(app, "foreign-ad") == {"foreign-ad:meta:usd-page", "foreign-ad:meta:abroad"}
    assert app.alert("foreign-ad:meta:usd-page")["evidence"]["ads"] == 2

    app.set_alert_rule("foreign-ad", params={"currencies": ["EUR", "USD"]})
    with app.store.writing() as con:
        con.execute("DELETE FROM alerts")
    app.evaluate_alert_rules()
    assert ids(app, "foreign-ad") == {"foreign-ad:meta:abroad"}


def test_tipline_surge_rule(app):
    with app.store.writing() as con:
        n = 0
        # 2 messages an hour for a day, then 12 and 15 in two hours (over 3x the baseline of 2), then 2.
        for hour in range(24 + 3):
            count = {24: 12, 25: 15}.get(hour, 2)
            for _ in range(count):
                n += 1
                con.execute("""INSERT INTO tipline_messages (channel, id, sender_hash, text, media_hashes, received_at,
                                   source_file) VALUES ('whatsapp', ?, 's', 'is it true?', [], ?, 'test')""",
                            [str(n), T0 + timedelta(hours=hour, minutes=10)])
    app.evaluate_alert_rules()
    # The two surging hours are one surge, keyed by its first hour.
    surge_start = (T0 + timedelta(hours=24)).isoformat()
    assert ids(app, "tipline-surge") == {f"tipline-surge:{surge_start}"}
    assert app.alert(f"tipline-surge:{surge_start}")["evidence"]["peak"] == 15


def test_tipline_surge_counts_a_tipline_table_of_its_own_once(app):
    """A tipline queue table (tipline_*) with channel, id and received_at is counted too, each
    message once even when it is also in tipline_messages."""
    with app.store.writing() as con:
        con.execute("CREATE TABLE tipline_queue_test (channel VARCHAR, id VARCHAR, received_at TIMESTAMPTZ)")
        for i in range(12):
            con.execute("INSERT INTO tipline_queue_test VALUES ('telegram', ?, ?)", [str(i), T0])
            con.execute("INSERT INTO tipline_queue_test VALUES ('telegram', ?, ?)", [str(i), T0])  # twice
    app.evaluate_alert_rules()
    alerts = app.alerts(rule="tipline-surge")
    assert len(alerts) == 1 and alerts[0]["evidence"]["peak"] == 12


def test_rule_settings_are_checked_and_audited(app):
    with pytest.raises(UsageError, match="bogus"):
        app.set_alert_rule("campaign", params={"bogus": 1})
    with pytest.raises(UsageError, match="growth_percent"):
        app.set_alert_rule("campaign", params={"growth_percent": -5})
    with pytest.raises(UsageError, match="min-count|min_count"):
        app.set_alert_rule("burst", params={"min_count": 0})
    with pytest.raises(NotFound):
        app.set_alert_rule("nope", enabled=False)
    rule = app.set_alert_rule("tipline-surge", enabled=False, severity="high", actor="ana")
    assert not rule.enabled and rule.severity == "high" and rule.updated_by == "ana"
    trail = app.audit_trail(subject_kind="rule", subject_id="tipline-surge")
    assert trail[0]["actor"] == "ana" and trail[0]["action"] == "rule.set"


def _burst(app, severity="medium", title="burst") -> None:
    with app.store.writing() as con:
        raise_alerts(con, [Alert(id="burst:hashtag:x:1", rule="burst", severity=severity, title=title,
                                 subject_kind="hashtag", subject="x", first_seen=T0, last_seen=T0, evidence={})])


def test_triage_snooze_reopens_when_it_fires_after_the_snooze(app):
    _burst(app)
    app.acknowledge_alert("burst:hashtag:x:1", actor="ana")
    assert app.alert("burst:hashtag:x:1")["status"] == "acknowledged"
    app.snooze_alert("burst:hashtag:x:1", hours=1, actor="ana")
    _burst(app, title="burst, again")  # fires during the snooze: stays snoozed
    assert app.alert("burst:hashtag:x:1")["status"] == "snoozed"
    with app.store.writing() as con:  # the snooze ends
        con.execute("UPDATE alerts SET snoozed_until = now() - INTERVAL 1 MINUTE")
    assert app.alert("burst:hashtag:x:1")["status"] == "snoozed"  # quiet until it fires again
    _burst(app, title="burst, once more")
    alert = app.alert("burst:hashtag:x:1")
    assert alert["status"] == "open" and alert["snoozed_until"] is None
    app.close_alert("burst:hashtag:x:1", actor="bob")
    _burst(app, severity="high")
    assert app.alert("burst:hashtag:x:1")["status"] == "closed"  # closing is the analyst's decision
    actions = [e["action"] for e in app.audit_trail(subject_kind="alert", subject_id="burst:hashtag:x:1")]
    assert actions == ["alert.close", "alert.snooze", "alert.acknowledge"]


def test_snooze_is_checked(app):
    _burst(app)
    with pytest.raises(UsageError):
        app.snooze_alert("burst:hashtag:x:1")
    with pytest.raises(UsageError, match="past"):
        app.snooze_alert("burst:hashtag:x:1", until=datetime(2020, 1, 1, tzinfo=UTC))
    with pytest.raises(NotFound):
        app.close_alert("nope")


def test_unchanged_alerts_are_not_rewritten(app):
    _burst(app)
    revision = app.alert("burst:hashtag:x:1")["revision"]
    _burst(app)
    assert app.alert("burst:hashtag:x:1")["revision"] == revision
    _burst(app, severity="high")
    assert app.alert("burst:hashtag:x:1")["revision"] > revision
    assert [a["id"] for a in app.alert_changes(revision)] == ["burst:hashtag:x:1"]


def test_account_ids_in_alert_evidence_leave_only_as_pseudonyms():
    from veille.alerts.public import public_evidence
    from veille.privacy import pseudonymise

    key = b"k" * 32
    evidence = {"first_posts": [{"account": "12345", "post": "p1"}], "accounts": ["a1", "acct:already"],
                "peak_accounts": 7, "title": "account 12345", "members": 3}
    out = public_evidence(evidence, key)
    # Values under account-like keys are hashed; counts and free text are not account ids.
    assert out["first_posts"][0] == {"account": pseudonymise("12345", key, prefix="acct:"), "post": "p1"}
    assert out["accounts"] == [pseudonymise("a1", key, prefix="acct:"), "acct:already"]
    assert out["peak_accounts"] == 7 and out["title"] == "account 12345" and out["members"] == 3
