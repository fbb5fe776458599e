"""On a small simulated election, the four kinds of DESIGN.md that need no translation or spin
detection are found exactly, and none of the decoys (viral news, celebrity fans, greetings,
trending hashtags) is mistaken for a campaign."""

import json

import pytest

from veille.app import Veille
from veille.detectors.coordination import make_params
from veille.detectors.coordination.output import detection_json
from veille.simulate.evaluate import evaluate_coordination


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    out = tmp_path_factory.mktemp("quality") / "sim"
    Veille.simulate(out, seed=3, posts=30_000)
    db = out / "veille.duckdb"
    with Veille(db) as app:
        app.ingest([out / "exports"])
        detection = app.detect(make_params())
    return json.loads((out / "truth.json").read_text()), detection_json(detection)


@pytest.mark.slow
@pytest.mark.parametrize("operation", ["link-ring", "copy-paste", "amplifiers", "hashtag-campaign"])
def test_planted_operations_are_found(simulated, operation):
    truth, detection = simulated
    [score] = [s for s in evaluate_coordination(truth, detection)["operations"] if s.operation == operation]
    assert score.precision >= 0.95 and score.recall >= 0.95, score


@pytest.mark.slow
def test_decoys_are_not_campaigns(simulated):
    truth, detection = simulated
    result = evaluate_coordination(truth, detection)
    assert result["organic_accounts_flagged"] == 0
    assert result["decoy_objects_in_evidence"] == []


@pytest.mark.slow
def test_campaigns_carry_the_json_contract(simulated):
    _, detection = simulated
    assert set(detection) >= {"params", "campaigns"}
    assert detection["params"]["windows"]["co-link"] == 60
    for campaign in detection["campaigns"]:
        assert set(campaign) >= {"id", "accounts", "kinds", "score", "first_seen", "last_seen", "evidence"}
        assert campaign["first_seen"] <= campaign["last_seen"]
        for item in campaign["evidence"]:
            assert set(item) >= {"kind", "object", "accounts", "times"}
            assert len(item["accounts"]) == len(item["times"]) >= 2
            assert set(item["accounts"]) <= set(campaign["accounts"])
