"""Every SQL statement of narratives, in one place (DuckDB's dialect, set-based).

A "text" is a distinct folded text (`posts.text_hash`). Placeholders in braces are filled by the
caller with values it has validated.
"""

# Texts that must stay together whatever their wording: the texts of posts that link to the same
# article (a link with a path, not a bare site), of reposts and their originals, and of
# near-duplicate families. Each group is a star around its smallest text, not every pair.
LINKS = """
CREATE OR REPLACE TEMP TABLE nar_links AS
WITH by_url AS (
    SELECT url, text_hash AS doc FROM (SELECT unnest(urls) AS url, text_hash FROM posts WHERE text_hash IS NOT NULL)
    WHERE regexp_matches(url, '^[a-z]+://[^/]+/.+')
), url_links AS (
    SELECT doc, min(doc) OVER (PARTITION BY url) AS anchor FROM by_url
), share_links AS (
    SELECT r.text_hash AS doc, o.text_hash AS anchor
    FROM posts r JOIN posts o ON o.platform = r.platform AND o.id = r.share_of_id
    WHERE r.text_hash IS NOT NULL AND o.text_hash IS NOT NULL
){family_links}
SELECT DISTINCT doc, anchor FROM (
    SELECT doc, anchor FROM url_links UNION ALL SELECT doc, anchor FROM share_links{family_union}
) WHERE doc <> anchor
"""

FAMILY_LINKS = """, family_links AS (
    SELECT p.text_hash AS doc, min(p.text_hash) OVER (PARTITION BY f.family_id) AS anchor
    FROM family_posts f JOIN posts p ON p.platform = f.platform AND p.id = f.post_id
    WHERE p.text_hash IS NOT NULL
)"""

# Every text with its unit (the smallest text it is linked to), how many posts carry it, when it
# was first posted, the narrative it already belongs to, and whether it has a vector.
UNITS = """
CREATE OR REPLACE TEMP TABLE nar_units AS
SELECT t.doc, coalesce(c.label, t.doc) AS unit, t.posts, t.first_seen, n.narrative_id,
       e.text_hash IS NOT NULL AS embedded
FROM (SELECT text_hash AS doc, count(*) AS posts, min(created_at) AS first_seen
      FROM posts WHERE text_hash IS NOT NULL GROUP BY text_hash) t
LEFT JOIN nar_labels c USING (doc)
LEFT JOIN narrative_texts n ON n.text_hash = t.doc
LEFT JOIN embeddings e ON e.text_hash = t.doc AND e.model = $model
"""

# Units with no narrative yet, and their representative: the embedded text with the most posts.
NEW_UNITS = """
SELECT unit, first(doc ORDER BY posts DESC, doc) FILTER (WHERE embedded) AS representative, min(first_seen) AS first_seen
FROM nar_units
GROUP BY unit
HAVING count(narrative_id) = 0 AND bool_or(embedded)
ORDER BY first_seen, unit
"""

VECTORS = """
SELECT text_hash, vector FROM embeddings WHERE model = $model AND list_contains($hashes, text_hash)
"""

MEAN_VECTOR = """
SELECT list(mean ORDER BY i) FROM (
    SELECT i, avg(v) AS mean
    FROM (SELECT unnest(vector) AS v, generate_subscripts(vector, 1) AS i FROM embeddings WHERE model = $model)
    GROUP BY i
)
"""

LOAD_NARRATIVES = "SELECT id, centroid, texts FROM narratives WHERE model = $model ORDER BY id"

SAVE_NARRATIVE = """
INSERT INTO narratives VALUES ($id, $model, $centroid, $texts, now(), now())
ON CONFLICT (id) DO UPDATE SET centroid = excluded.centroid, texts = excluded.texts, updated_at = now()
"""

SAVE_TEXT = "INSERT INTO narrative_texts VALUES ($text_hash, $narrative_id, now()) ON CONFLICT DO NOTHING"

# Posts take the narrative of their unit (its most common narrative when two have met).
POSTS = [
    "DELETE FROM narrative_posts",
    """
    INSERT INTO narrative_posts
    WITH unit_narrative AS (
        SELECT unit, mode(narrative_id) AS narrative_id FROM nar_units WHERE narrative_id IS NOT NULL GROUP BY unit
    )
    SELECT p.platform, p.id, un.narrative_id
    FROM posts p JOIN nar_units u ON u.doc = p.text_hash JOIN unit_narrative un ON un.unit = u.unit
    """,
]

# What `veille narratives` reports of each narrative.
SUMMARY = """
SELECT n.narrative_id, count(*) AS posts, count(DISTINCT p.platform || ':' || p.account_id) AS accounts,
       list(DISTINCT p.platform ORDER BY p.platform) AS platforms,
       list(DISTINCT p.lang ORDER BY p.lang) FILTER (WHERE p.lang IS NOT NULL) AS languages,
       min(p.created_at) AS first_seen, max(p.created_at) AS last_seen
FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
GROUP BY n.narrative_id
ORDER BY posts DESC, n.narrative_id
LIMIT $limit
"""

# The most posted original text per language.
REPRESENTATIVES = """
WITH texts AS (
    SELECT n.narrative_id, coalesce(p.lang, 'und') AS lang, p.text_hash, any_value(p.text) AS text, count(*) AS posts
    FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
    WHERE p.share_of_id IS NULL AND list_contains($ids, n.narrative_id)
    GROUP BY ALL
)
SELECT narrative_id, lang, first(text ORDER BY posts DESC, text_hash) FROM texts GROUP BY ALL ORDER BY narrative_id, lang
"""

# Terms weighted by class-based TF-IDF: frequent in the narrative, rare in the others.
TERMS = """
WITH words AS (
    SELECT n.narrative_id, unnest(string_split({fold}, ' ')) AS term
    FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
    WHERE p.share_of_id IS NULL
), tf AS (
    SELECT narrative_id, term, count(*) AS n FROM words
    WHERE length(term) >= 3 AND NOT regexp_matches(term, '^[0-9]+$') AND NOT list_contains($function_words, term)
    GROUP BY ALL
), df AS (
    SELECT term, count(*) AS narratives FROM tf GROUP BY term
), total AS (SELECT count(DISTINCT narrative_id) AS narratives FROM tf)
SELECT narrative_id, list(term ORDER BY score DESC, term)[1:{top}] FROM (
    SELECT tf.narrative_id, tf.term, tf.n * ln(1 + total.narratives / df.narratives) AS score
    FROM tf JOIN df USING (term), total
    WHERE list_contains($ids, tf.narrative_id)
) GROUP BY narrative_id
"""

TIMELINE = """
SELECT n.narrative_id, date_trunc('day', p.created_at) AS day, count(*) AS posts
FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
WHERE list_contains($ids, n.narrative_id)
GROUP BY ALL ORDER BY n.narrative_id, day
"""

COVERAGE = """
SELECT count(*) AS posts, count(n.post_id) AS in_narratives
FROM posts p LEFT JOIN narrative_posts n ON n.platform = p.platform AND n.post_id = p.id
"""

DROP = [f"DROP TABLE IF EXISTS {t}" for t in ("nar_links", "nar_labels", "nar_units")]
