"""The alert rules on the simulated election: one detection cycle raises the planted burst, the
planted campaigns and the foreign-paid ads as alerts, and a second cycle raises nothing new."""

import pytest

from tests.alerts.election import copy_election
from veille.app import Veille
from veille.serve.services import ServeSettings

pytestmark = pytest.mark.slow

# No embedding: the cycle then depends on the ingested data alone (and stays quick).
SETTINGS = ServeSettings(embed_budget=0, window_hours=168)


@pytest.fixture(scope="module")
def cycled(tmp_path_factory):
    db, truth = copy_election(tmp_path_factory, tmp_path_factory.mktemp("cycled") / "veille.duckdb")
    with Veille(db) as veille:
        first = veille.run_cycle(SETTINGS)
        alerts = {a["id"]: a for a in veille.alerts(limit=10_000)}
        second = veille.run_cycle(SETTINGS)
        again = {a["id"]: a for a in veille.alerts(limit=10_000)}
        yield veille, truth, first, alerts, second, again


def test_every_stage_runs(cycled):
    _, _, first, _, _, _ = cycled
    assert first["finished"]
    status = {s["stage"]: s["status"] for s in first["stages"]}
    assert "error" not in status.values(), first["stages"]
    # Nothing to watch, no feed, no embedding budget: skipped; every detector ran.
    assert status["ingest"] == status["feeds"] == status["embed"] == "skipped"
    assert status["detect"] == status["bursts"] == status["rules"] == "ok"


def test_the_planted_burst_is_an_alert(cycled):
    _, truth, _, alerts, _, _ = cycled
    planted = truth["bursts"][0]  # #riverballots from 2026-05-08 14:00 UTC
    key = f"burst:{planted['kind']}:{planted['object']}:{planted['start'].replace('Z', '+00:00')}"
    assert key in alerts
    assert alerts[key]["severity"] == "high"


def test_the_planted_campaigns_are_alerts(cycled):
    _, truth, _, alerts, _, _ = cycled
    campaigns = [a for a in alerts.values() if a["rule"] == "campaign"]
    assert all(a["id"].startswith("campaign:new:") for a in campaigns)  # first cycle: every campaign is new
    found = [set(a["evidence"]["sample_accounts"]) for a in campaigns]
    # Each planted operation is mostly (>= 60% of its accounts) in one alert; but the translated
    # network, which only embeddings can link (this cycle embeds nothing).
    for op in (op for op in truth["operations"] if op["id"] != "translated"):
        accounts = {f"{a['platform']}:{a['id']}" for a in op["accounts"]}
        best = max(len(accounts & f) for f in found)
        assert best >= 0.6 * len(accounts), op["id"]


def test_foreign_paid_ads_are_alerts(cycled):
    _, truth, _, alerts, _, _ = cycled
    foreign = [a for a in alerts.values() if a["rule"] == "foreign-ad"]
    # Two foreign pages on Meta (USD, RUB) and one foreign advertiser on Google: one alert each.
    assert len(foreign) == 3
    planted = {(a["platform"], a["id"]) for a in truth["ads"]["foreign"]}
    alerted = {(a["evidence"]["platform"], ad) for a in foreign for ad in a["evidence"]["ad_ids"]}
    assert planted <= alerted
    assert all("EUR" not in a["evidence"]["currencies"] for a in foreign)


def test_a_second_cycle_raises_no_duplicate(cycled):
    _, _, _, alerts, second, again = cycled
    assert set(again) == set(alerts)
    status = {s["stage"]: s for s in second["stages"]}
    # No post came in: families and coordination are not computed again.
    assert status["detect"]["status"] == status["similar"]["status"] == "skipped"
    assert status["bursts"]["result"]["new"] == 0
    assert all(counts["new"] == 0 for counts in status["rules"]["result"].values())
    # And unchanged alerts were not even rewritten (the live feed hears of changes only).
    assert all(again[k]["revision"] == alerts[k]["revision"] for k in alerts)


def test_cycles_are_recorded(cycled):
    veille = cycled[0]
    cycles = veille.cycles()
    assert [c["cycle_id"] for c in cycles] == [2, 1]
    assert all(c["finished_at"] is not None and c["stage"] == "finished" for c in cycles)
    assert [s["stage"] for s in cycles[0]["stages"]][-1] == "rules"
