"""Every SQL statement of the embedding cache and its catch-up queue, in one place.

`$model` is the backend's name. The queue's statements read a registered Arrow table
`claim_texts(text_hash, text, k)`: fact-check claims and tipline messages, keyed in Python with
veille.enrich.text.text_key since those tables keep no hash.
"""

# -- the cache -----------------------------------------------------------------------------

INSERT_VECTORS = """
INSERT INTO embeddings
SELECT $model, text_hash, vector, now() FROM batch
ON CONFLICT DO NOTHING
"""

LOAD_VECTORS = "SELECT text_hash, vector FROM embeddings WHERE model = $model ORDER BY text_hash"

LOAD_VECTORS_FOR = """
SELECT e.text_hash, e.vector FROM embeddings e SEMI JOIN wanted w ON e.text_hash = w.text_hash
WHERE e.model = $model ORDER BY e.text_hash
"""

LOAD_KEYS = "SELECT text_hash FROM embeddings WHERE model = $model"

COUNT_VECTORS = "SELECT count(*), bit_xor(text_hash) FROM embeddings WHERE model = $model"

# Reach of a post: itself, plus its reposts (or shares, as Facebook counts them) where the
# platform reports them.
COVERAGE = """
WITH embedded AS (SELECT text_hash FROM embeddings WHERE model = $model),
p AS (
    SELECT text_hash,
           1 + greatest(coalesce(try_cast(metrics->>'$.reposts' AS DOUBLE),
                                 try_cast(metrics->>'$.shares' AS DOUBLE), 0), 0) AS reach
    FROM posts WHERE text_hash IS NOT NULL
)
SELECT count(*) AS posts,
       count(e.text_hash) AS posts_embedded,
       coalesce(sum(p.reach), 0) AS reach,
       coalesce(sum(p.reach) FILTER (WHERE e.text_hash IS NOT NULL), 0) AS reach_embedded,
       count(DISTINCT p.text_hash) AS texts,
       count(DISTINCT e.text_hash) AS texts_embedded
FROM p LEFT JOIN embedded e ON e.text_hash = p.text_hash
"""

# -- the queue -----------------------------------------------------------------------------

# A fact-check is embedded as the matcher searches it: "title. claim" (veille.matching.pool.document_text).
FACT_CHECK_CLAIMS = "SELECT title, claim_reviewed FROM fact_checks ORDER BY date_published DESC NULLS LAST, id"

TIPLINE_TEXTS = "SELECT NULL, text FROM tipline_messages ORDER BY received_at DESC, channel, id"

HAS_TABLE = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"

DISTINCT_POST_TEXTS = "SELECT count(DISTINCT text_hash) FROM posts WHERE text_hash IS NOT NULL"

_POST_TEXTS = """
post_texts AS (
    SELECT text_hash, count(*) AS posts, epoch(min(created_at)) AS first_at
    FROM posts WHERE text_hash IS NOT NULL GROUP BY text_hash
)"""

_EMBEDDED = "embedded AS (SELECT text_hash FROM embeddings WHERE model = $model)"

# Tier 2: the earliest post of each near-duplicate family stands for it, largest families first.
_FAMILY_TIER = """
    UNION ALL
    SELECT text_hash, 2, -size FROM (
        SELECT arg_min(p.text_hash, (p.created_at, p.platform, p.id)) AS text_hash, count(*) AS size
        FROM family_posts f JOIN posts p ON p.platform = f.platform AND p.id = f.post_id
        WHERE p.text_hash IS NOT NULL
        GROUP BY f.family_id
    )"""


def pending(with_families: bool) -> str:
    """Texts not yet embedded for $model, in priority order, at most $limit of them.

    Tiers: 1 fact-check claims and tipline messages; 2 one post per near-duplicate family; 3 texts
    posted by accounts in the campaigns of the latest coordination run; 4 texts posted more than
    once, most posts first; 5 the rest, oldest first. A text in several tiers takes the first.
    Ties break on the hash, so the order is the same run after run.
    """
    families = _FAMILY_TIER if with_families else ""
    return f"""
WITH {_POST_TEXTS}, {_EMBEDDED},
latest_run AS (
    SELECT run_id FROM detection_runs WHERE detector = 'coordination'
    ORDER BY finished_at DESC, run_id LIMIT 1
),
suspects AS (
    SELECT DISTINCT m.platform, m.account_id FROM campaign_members m SEMI JOIN latest_run r ON m.run_id = r.run_id
),
candidates AS (
    SELECT text_hash, 1 AS tier, CAST(k AS DOUBLE) AS k FROM claim_texts
    {families}
    UNION ALL
    SELECT DISTINCT p.text_hash, 3, -t.posts
    FROM posts p SEMI JOIN suspects s ON s.platform = p.platform AND s.account_id = p.account_id
    JOIN post_texts t ON t.text_hash = p.text_hash
    UNION ALL
    SELECT text_hash, CASE WHEN posts > 1 THEN 4 ELSE 5 END, CASE WHEN posts > 1 THEN -posts ELSE first_at END
    FROM post_texts
),
best AS (
    SELECT text_hash, min(tier) AS tier, arg_min(k, (tier, k)) AS k FROM candidates GROUP BY text_hash
)
SELECT b.text_hash, b.tier FROM best b ANTI JOIN embedded e ON e.text_hash = b.text_hash
ORDER BY b.tier, b.k, b.text_hash
LIMIT $limit
"""


COUNT_PENDING = f"""
WITH {_EMBEDDED}
SELECT count(*) FROM (
    SELECT text_hash FROM posts WHERE text_hash IS NOT NULL
    UNION SELECT text_hash FROM claim_texts
) t ANTI JOIN embedded e ON e.text_hash = t.text_hash
"""

# The text that stands for a hash: its earliest post's.
POST_TEXTS_FOR = """
SELECT p.text_hash, arg_min(p.text, (p.created_at, p.platform, p.id))
FROM posts p SEMI JOIN page g ON g.text_hash = p.text_hash
GROUP BY p.text_hash
"""
