from datetime import UTC, datetime

from tests.conftest import FIXTURES
from veille.ingest.adapters.google_ads import impressions_range

CREATIVES = FIXTURES / "google-ads" / "google-political-ads-creative-stats.csv"
COLUMNS = ("id, platform, page_id, page_name, funding_entity, payer, currency, spend_lower, spend_upper, "
           "impressions_lower, impressions_upper, target_countries, start_time, end_time, urls, source_line")


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def ads(app) -> dict[str, dict]:
    names = [c.strip() for c in COLUMNS.split(",")]
    return {row[0]: dict(zip(names, row)) for row in rows(app, f"SELECT {COLUMNS} FROM ads")}


def test_detected_and_bad_rows_quarantined(app):
    report = app.ingest([CREATIVES])
    assert report.files[0].format == "google-ads"
    # 7 rows: 4 good ads, no Ad_ID, an unknown bucket, a line cut short
    assert report.total("read") == 7
    assert report.total("inserted") == 4
    assert report.total("quarantined") == 3
    reasons = {q["line"]: q["reason"] for q in app.quarantine()}
    assert reasons == {
        6: "missing field: Ad_ID",
        7: "bad Impressions: not a bucket, got 'lots'",
        8: "expected 59 columns, got 4",
    }


def test_fields_currency_and_buckets(app):
    app.ingest([CREATIVES])
    found = ads(app)
    us = found["CR10293847561029384757"]
    assert us["platform"] == "google"
    assert (us["page_id"], us["page_name"]) == ("AR04918273645091827365", "CITIZENS FOR A CLEANER RIVER")
    assert us["funding_entity"] == us["payer"] == "CITIZENS FOR A CLEANER RIVER"
    assert (us["currency"], us["spend_lower"], us["spend_upper"]) == ("USD", 1000.0, 1500.0)
    assert (us["impressions_lower"], us["impressions_upper"]) == (100_000, 125_000)
    assert us["target_countries"] == ["US"]
    assert us["start_time"] == datetime(2024, 10, 1, 14, 0, tzinfo=UTC)
    assert us["end_time"] == datetime(2024, 10, 15, 22, 30, tzinfo=UTC)
    assert us["urls"] == []  # Ad_URL is the report's page, not a link in the ad
    assert us["source_line"] == 2
    # every currency is filled; an EU-verified ad is reported in EUR, not its RON or USD floor
    eu = found["CR55512093847561029384"]
    assert (eu["currency"], eu["spend_lower"], eu["spend_upper"]) == ("EUR", 450.0, 500.0)
    assert (eu["impressions_lower"], eu["impressions_upper"]) == (100_000, 1_000_000)
    assert len(eu["target_countries"]) == 27
    india = found["CR70000000000000000003"]
    assert (india["currency"], india["spend_lower"], india["spend_upper"]) == ("INR", 250.0, 500.0)
    assert (india["impressions_lower"], india["impressions_upper"]) == (0, 10_000)
    assert india["start_time"] == datetime(2024, 4, 6, tzinfo=UTC)  # from Date_Range_Start
    uk = found["CR80000000000000000004"]
    assert (uk["currency"], uk["spend_upper"]) == ("GBP", 100000.0)
    assert (uk["impressions_lower"], uk["impressions_upper"]) == (10_000_000, None)


def test_reingesting_is_idempotent(app):
    app.ingest([CREATIVES])
    second = app.ingest([CREATIVES])
    assert second.total("inserted") == 0
    assert second.total("duplicates") == 4
    assert rows(app, "SELECT count(*) FROM ads") == [(4,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(3,)]


def test_impression_buckets_of_every_era():
    assert impressions_range("≤ 10k") == (0, 10_000)
    assert impressions_range("10k\u2013100k") == (10_000, 100_000)
    assert impressions_range("1M-10M") == (1_000_000, 10_000_000)
    assert impressions_range("0-1000") == (0, 1000)
    assert impressions_range("") == (None, None)
