"""Burst detection on a hand-made stream with known counts, in the real database."""

import json
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from tests.conftest import run_veille
from veille.app import Veille
from veille.detectors.bursts import make_params
from veille.errors import UsageError

T0 = datetime(2026, 5, 4, tzinfo=UTC)
SURGE = T0 + timedelta(hours=48)


def _stream(path):
    """Two days and a bit of hourly posts (each post from its own account):
    - #calm: 3 accounts every hour; at hour 48, 40 accounts: P(X >= 40 | Poisson(3)) ~ 1e-30, and
      40 >= 2 x 3 (its busiest past hour): a burst, starting at hour 48, and only there.
    - #evening: 2 accounts an hour, 10 at 20:00 every day. Against its mean (2.3) ten accounts
      have a tail of 3e-4, above the 1e-6 sensitivity: the daily peak is never a burst.
    - a link posted by 9 accounts in one hour: under `min_count` (10), not a burst.
    """
    rows = []
    for hour in range(50):
        t = T0 + timedelta(hours=hour)
        calm = 40 if hour == 48 else 3
        evening = 10 if t.hour == 20 else 2
        rows += [("#calm", t)] * calm + [("#evening", t)] * evening
    rows += [("https://example.org/story", T0 + timedelta(hours=30))] * 9
    with open(path, "wb") as out:
        for i, (item, t) in enumerate(rows):
            out.write(orjson.dumps({"platform": "x", "id": str(i), "account_id": f"a{i}", "text": f"vote {item}",
                                    "created_at": (t + timedelta(seconds=i % 3000)).isoformat()}) + b"\n")
    return path


@pytest.fixture
def stream_db(tmp_path):
    db = tmp_path / "veille.duckdb"
    with Veille(db) as app:
        app.ingest([_stream(tmp_path / "stream.jsonl")])
    return db


def test_the_surge_is_one_burst_and_the_daily_peak_none(stream_db):
    with Veille(stream_db) as app:
        found, (new, updated) = app.bursts()
    assert [(b.kind, b.item, b.start, b.peak_accounts) for b in found] == [("hashtag", "calm", SURGE, 40)]
    assert found[0].baseline == pytest.approx(3.0)
    assert (new, updated) == (1, 0)


def test_one_burst_is_one_alert_across_cycles(stream_db):
    """Cycle at 49:00 (the surge's bin complete) raises the alert; the cycle at 48:00 saw nothing
    yet; later cycles update the same alert."""
    with Veille(stream_db) as app:
        early, _ = app.bursts(make_params(until=SURGE))
        first, counts_first = app.bursts(make_params(until=SURGE + timedelta(hours=1)))
        again, counts_again = app.bursts(make_params())
        alerts = app.alerts()
    assert early == []
    assert len(first) == 1 and counts_first == (1, 0)
    assert counts_again == (0, 1)
    [alert] = alerts
    assert alert["id"] == f"burst:hashtag:calm:{SURGE.isoformat()}"
    assert alert["severity"] == "medium"  # 40 / 3 = 13x: medium from 5x, high from 20x
    assert alert["status"] == "open"
    assert alert["evidence"]["peak_accounts"] == 40
    assert [b["accounts"] for b in alert["evidence"]["series"]] == [3] * 6 + [40]
    assert len(alert["evidence"]["first_posts"]) == 10


def test_sensitivity_and_min_count_are_the_knobs(stream_db):
    with Veille(stream_db) as app:
        loose, _ = app.bursts(make_params(sensitivity=0.01, min_count=9, kinds=("hashtag", "url")))
    # 1e-2 lets the evening peak through on its first day (no earlier peak to grow from: its
    # busiest past hour is 2) but not on the second (10 is not 2 x 10); 9 accounts on a new link
    # (baseline 1) pass too.
    assert sorted((b.item, b.start.isoformat()) for b in loose) == [
        ("calm", SURGE.isoformat()),
        ("evening", (T0 + timedelta(hours=20)).isoformat()),
        ("https://example.org/story", (T0 + timedelta(hours=30)).isoformat()),
    ]


def test_bursts_cli(stream_db):
    result = run_veille("bursts", "--db", stream_db, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [b["item"] for b in data["bursts"]] == ["calm"]
    listed = run_veille("alerts", "--db", stream_db, "--json")
    assert [a["subject"] for a in json.loads(listed.stdout)["alerts"]] == ["calm"]
    text = run_veille("alerts", "--db", stream_db)
    assert "hashtag #calm: 40 accounts in 60 min" in text.stdout
    bad = run_veille("bursts", "--db", stream_db, "--kinds", "emoji")
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith("Error: --kinds: unknown item kind 'emoji'")


@pytest.mark.parametrize("values, message", [
    ({"bin_minutes": 0}, "--bin-minutes"),
    ({"sensitivity": 2.0}, "--sensitivity"),
    ({"kinds": ()}, "--kinds"),
])
def test_bad_parameters(values, message):
    with pytest.raises(UsageError, match=message):
        make_params(**values)
