"""CooRTweet's published networks, reproduced exactly by `--method coortweet`.

The data are CooRTweet's own (../shared/data/coordination, see its README): converted to
canonical posts, ingested like any export, and run through veille detect.
"""

import duckdb
import orjson
import pytest

from veille.app import Veille
from veille.detectors.coordination import make_params
from tests.conftest import shared_data


def _write_posts(path, rows):
    with open(path, "wb") as out:
        for row in rows:
            out.write(orjson.dumps(row) + b"\n")


@pytest.mark.slow
def test_russian_coord_tweets(tmp_path):
    parquet = shared_data("coordination", "russian_coord_tweets.parquet")
    rows = duckdb.sql(f"""
        SELECT DISTINCT 'x' AS platform, content_id AS id, account_id, timestamp_share AS created_at,
               '' AS text, object_id AS share_of_id
        FROM '{parquet}'
    """).fetchall()
    posts = tmp_path / "retweets.jsonl"
    _write_posts(posts, (dict(zip(["platform", "id", "account_id", "created_at", "text", "share_of_id"], r))
                         for r in rows))
    with Veille(tmp_path / "veille.duckdb") as app:
        app.ingest([posts])
        detection = app.detect(make_params(kinds=("co-share",), window=60, method="coortweet",
                                           min_participation=2, edge_weight=0.5))
    # CooRTweet's vignette: the full coordinated network has 2,110 accounts and 3,721 edges.
    assert detection.network["accounts"] == 2110
    assert detection.network["edges"] == 3721
    # weights above the median (1 co-share) are the edges kept for campaigns
    assert detection.network["kept_edges"] == sum(1 for e in detection.edges if e.co_actions > 1)


@pytest.mark.slow
def test_german_elections_urls_and_images(tmp_path):
    parquet = shared_data("coordination", "german_elections.parquet")
    # One post per post_id, with its anonymised url ids as links and image hashes as media.
    rows = duckdb.sql(f"""
        SELECT CASE WHEN account_id LIKE 'fb%' THEN 'facebook' ELSE 'x' END AS platform,
               post_id::VARCHAR AS id, account_id, min(timestamp) AS created_at,
               list(DISTINCT 'url_' || url_id) FILTER (WHERE url_id IS NOT NULL) AS urls,
               list(DISTINCT 'hash_' || phash_id) FILTER (WHERE phash_id IS NOT NULL) AS media_hashes
        FROM '{parquet}' GROUP BY ALL
    """).fetchall()
    posts = tmp_path / "posts.jsonl"
    _write_posts(posts, ({"platform": p, "id": i, "account_id": a, "created_at": t, "text": "",
                          "urls": u or [], "media_hashes": m or [], "hashtags": [], "mentions": []}
                         for p, i, a, t, u, m in rows))
    with Veille(tmp_path / "veille.duckdb") as app:
        app.ingest([posts])
        detection = app.detect(make_params(kinds=("co-link", "co-image"), window=30, method="coortweet",
                                           min_participation=2, edge_weight=0.5))
    # CooRTweet's vignette: URLs and images, 30 s, 671 accounts and 1,732 edges.
    assert detection.network["accounts"] == 671
    assert detection.network["edges"] == 1732
