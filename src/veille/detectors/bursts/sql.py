"""Every SQL statement of burst detection, in one place (DuckDB's dialect, set-based).

Placeholders in braces are filled by the caller with numbers it has validated; times are bound
as parameters.
"""

# One row per (item kind, item, account, time). Reposts count for hashtags (a retweet spreads
# the hashtag) but not for links and domains (a repost carries its original's link, counted once).
ITEMS = {
    "hashtag": """
        SELECT 'hashtag' AS kind, unnest(hashtags) AS item, platform || ':' || account_id AS account,
               platform || ':' || id AS post, created_at
        FROM posts WHERE created_at < $until
    """,
    "url": """
        SELECT 'url' AS kind, unnest(urls) AS item, platform || ':' || account_id AS account,
               platform || ':' || id AS post, created_at
        FROM posts WHERE share_of_id IS NULL AND created_at < $until
    """,
    "domain": """
        SELECT DISTINCT 'domain' AS kind,
               regexp_replace(regexp_extract(unnest(urls), '^[a-z]+://([^/:?#]+)', 1), '^(www|m|mobile|amp)\\.', '')
                   AS item,
               platform || ':' || account_id AS account, platform || ':' || id AS post, created_at
        FROM posts WHERE share_of_id IS NULL AND created_at < $until
    """,
    "narrative": """
        SELECT 'narrative' AS kind, n.narrative_id AS item, p.platform || ':' || p.account_id AS account,
               p.platform || ':' || p.id AS post, p.created_at
        FROM posts p JOIN narrative_posts n ON n.platform = p.platform AND n.post_id = p.id
        WHERE p.created_at < $until
    """,
}

# Distinct accounts per item and bin, with the sum and the largest count over the `history` before
# the bin (empty bins have no row, which is what a RANGE frame over time wants).
CANDIDATES = """
WITH items AS ({union}),
binned AS (
    SELECT kind, item, time_bucket(INTERVAL '{bin_minutes} minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')
               AS bin,
           count(DISTINCT account) AS accounts, count(*) AS posts
    FROM items WHERE item IS NOT NULL AND item <> ''
    GROUP BY ALL
), with_past AS (
    SELECT *, coalesce(sum(accounts) OVER past_window, 0) AS past, coalesce(max(accounts) OVER past_window, 0) AS past_max
    FROM binned
    WINDOW past_window AS (
        PARTITION BY kind, item ORDER BY bin
        RANGE BETWEEN INTERVAL '{history_minutes} minutes' PRECEDING AND INTERVAL '{bin_minutes} minutes' PRECEDING
    )
)
SELECT kind, item, bin, accounts, posts, past, past_max FROM with_past
WHERE accounts >= {min_count} AND bin >= $since
ORDER BY kind, item, bin
"""

DATA_START = "SELECT min(created_at) FROM posts"

# Evidence of a burst: the bins around it, and who posted first.
SERIES = """
WITH items AS ({item_sql})
SELECT time_bucket(INTERVAL '{bin_minutes} minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bin,
       count(DISTINCT account) AS accounts
FROM items WHERE item = $item AND created_at >= $start AND created_at < $end
GROUP BY ALL ORDER BY bin
"""

FIRST_POSTS = """
WITH items AS ({item_sql})
SELECT account, post, created_at FROM items
WHERE item = $item AND created_at >= $start AND created_at < $end
ORDER BY created_at, post LIMIT 10
"""
