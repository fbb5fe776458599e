from datetime import UTC, datetime

from tests.conftest import FIXTURES

FOLDER = FIXTURES / "meta-ads"
PAGE = FOLDER / "page.json"
COLUMNS = ("id, platform, page_id, page_name, funding_entity, payer, beneficiary, currency, spend_lower, "
           "spend_upper, impressions_lower, impressions_upper, delivery_regions, target_countries, languages, "
           "creative_bodies, urls, start_time, end_time, source_line, source_ref")
TOKEN = "EAAB1234fakeTOKENfake"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def ads(app) -> dict[str, dict]:
    names = [c.strip() for c in COLUMNS.split(",")]
    return {row[0]: dict(zip(names, row)) for row in rows(app, f"SELECT {COLUMNS} FROM ads")}


def test_one_page_per_file(app):
    report = app.ingest([PAGE])
    assert report.files[0].format == "meta-ads"
    # 3 ads in the page, the last without an id
    assert (report.total("inserted"), report.total("quarantined")) == (2, 1)
    [bad] = app.quarantine()
    assert (bad["line"], bad["ref"], bad["reason"]) == (None, "record 3", "missing field: id")
    found = ads(app)
    french = found["1205550000000001"]
    assert french == {
        "id": "1205550000000001", "platform": "meta", "page_id": "104857600000001", "page_name": "Parti Exemple",
        "funding_entity": "Parti Exemple", "payer": "Parti Exemple", "beneficiary": "Parti Exemple",
        "currency": "EUR", "spend_lower": 300.0, "spend_upper": 399.0,
        "impressions_lower": 40000, "impressions_upper": 44999,
        "delivery_regions": [{"region": "Île-de-France", "share": 0.62},
                             {"region": "Provence-Alpes-Côte d'Azur", "share": 0.38}],
        "target_countries": ["France"],  # Corse is a region, and excluded
        "languages": ["fr"],
        "creative_bodies": ["Le 9 juin, votez pour une Europe qui protège. #Européennes2024"],
        "urls": ["http://exemple-parti.eu/"],  # the caption is the shown domain
        "start_time": datetime(2024, 5, 20, tzinfo=UTC), "end_time": datetime(2024, 6, 7, tzinfo=UTC),
        "source_line": None, "source_ref": "record 1",
    }
    german = found["1205550000000002"]
    assert (german["payer"], german["beneficiary"]) == ("Beispielpartei e.V.", "Beispielpartei")  # the current pair
    assert (german["impressions_lower"], german["impressions_upper"]) == (1_000_000, None)
    assert german["delivery_regions"] == [{"region": "Berlin", "share": 1.0}]
    assert len(german["creative_bodies"]) == 2
    assert german["urls"] == ["https://example-partei.de/programm"]  # "Jetzt informieren" is no link
    assert (german["start_time"], german["end_time"]) == (datetime(2024, 5, 21, 9, 0, tzinfo=UTC), None)


def test_json_lines_of_pages(app):
    report = app.ingest([FOLDER / "pages.jsonl"])
    assert report.files[0].format == "meta-ads"
    # line 1: page.json again (2 ads, 1 without id); line 2: 1 good, 1 bad spend; line 3: error; line 4: cut
    assert (report.total("inserted"), report.total("quarantined")) == (3, 4)
    reasons = {(q["line"], q["ref"]): q["reason"] for q in app.quarantine()}
    assert reasons[(1, "record 3")] == "missing field: id"
    assert reasons[(2, "record 2")] == "bad spend.lower_bound: not a number, got 'lots'"
    assert reasons[(3, "value 1")] == "API error response: (#613) Calls to this api have exceeded the rate limit."
    assert reasons[(4, None)].startswith("invalid JSON")
    legacy = ads(app)["1205550000000003"]
    assert (legacy["funding_entity"], legacy["creative_bodies"]) == ("Legacy Committee", ["Old response layout"])
    assert legacy["urls"] == ["http://old-layout.example.org/"]
    assert legacy["delivery_regions"] == [{"region": "Texas", "share": 0.55}, {"region": "Ohio", "share": 0.45}]
    assert legacy["start_time"] == datetime(2019, 5, 13, 15, 30, 13, tzinfo=UTC)
    assert legacy["source_line"] == 2


def test_a_json_array_of_pages(app):
    report = app.ingest([FOLDER / "pages-array.json"])
    # the page of pages.jsonl line 2 (1 good, 1 bad) and a page of 1 ad
    assert (report.total("inserted"), report.total("quarantined")) == (2, 1)
    assert set(ads(app)) == {"1205550000000003", "1205550000000006"}


def test_access_token_is_stored_nowhere(app):
    app.ingest(sorted(FOLDER.glob("*.json*")))
    con = app.store.con
    for table in ("ads", "quarantine"):
        for row in con.execute(f"SELECT * FROM {table}").fetchall():
            assert TOKEN not in repr(row)


def test_reingesting_is_idempotent(app):
    paths = sorted(FOLDER.glob("*.json*"))
    first = app.ingest(paths)
    second = app.ingest(paths)
    assert second.total("inserted") == 0
    assert second.total("duplicates") == first.total("inserted") + first.total("duplicates")
    assert rows(app, "SELECT count(*) FROM ads") == [(4,)]  # 1, 2, 3 and 6
    assert rows(app, "SELECT count(*) FROM quarantine") == [(first.total("quarantined"),)]
