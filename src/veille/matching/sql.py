"""Every SQL statement of the fact-check matcher, in one place.

`$model` is the embedding backend's name for stream results, and the scorer (the name, plus
"#query" for query vectors) for thresholds.
"""

# -- the fact-check pool ----------------------------------------------------------------------

# What the indexes are built from; any change to it (a new, updated or removed fact-check)
# changes the fingerprint, and the indexes beside the database are rebuilt.
POOL_FINGERPRINT = """
SELECT count(*), coalesce(bit_xor(hash(id, claim_reviewed, coalesce(title, ''), url, coalesce(language, ''),
                                       appearances, coalesce(rating, ''), coalesce(publisher, ''))), 0)
FROM fact_checks
"""

POOL_ROWS = """
SELECT id, claim_reviewed, title, url, language, appearances, rating, publisher
FROM fact_checks ORDER BY id
"""

FACT_CHECK_URLS = "SELECT id, url FROM fact_checks ORDER BY id"

# -- thresholds -----------------------------------------------------------------------------

LOAD_THRESHOLDS = "SELECT language, reply, review FROM match_thresholds WHERE model = $model"

LIST_THRESHOLDS = """
SELECT model, language, reply, review, labels, reply_precision, reply_recall, calibrated_at
FROM match_thresholds WHERE model = $model ORDER BY language = '*' DESC, language
"""

DELETE_THRESHOLDS = "DELETE FROM match_thresholds WHERE model = $model"

INSERT_THRESHOLD = """
INSERT INTO match_thresholds VALUES ($model, $language, $reply, $review, $labels, $precision, $recall, now())
"""

# -- stream matching ------------------------------------------------------------------------

# Distinct post texts with a vector for $model that the matcher has not looked at yet, with one
# text and language standing for each (its earliest post's). Texts of $min_words words or fewer
# are not claims (keyword-sized) and are left out.
PENDING_TEXTS = """
SELECT p.text_hash, arg_min(p.text, (p.created_at, p.platform, p.id)) AS text,
       arg_min(p.lang, (p.created_at, p.platform, p.id)) AS lang
FROM posts p
SEMI JOIN embeddings e ON e.model = $model AND e.text_hash = p.text_hash
ANTI JOIN claim_text_matches m ON m.model = $model AND m.text_hash = p.text_hash
WHERE p.text_hash IS NOT NULL AND p.text_tokens > $min_words
GROUP BY p.text_hash
ORDER BY p.text_hash
LIMIT $limit
"""

# Post texts that wait for `veille embed` before they can be matched.
WAITING_TEXTS = """
SELECT count(DISTINCT p.text_hash) FROM posts p
ANTI JOIN embeddings e ON e.model = $model AND e.text_hash = p.text_hash
WHERE p.text_hash IS NOT NULL AND p.text_tokens > $min_words
"""

# Already matched texts, with the text and language that stand for them (for a re-match).
MATCHED_TEXTS_FOR = """
SELECT p.text_hash, arg_min(p.text, (p.created_at, p.platform, p.id)) AS text,
       arg_min(p.lang, (p.created_at, p.platform, p.id)) AS lang
FROM posts p SEMI JOIN wanted w ON w.text_hash = p.text_hash
GROUP BY p.text_hash ORDER BY p.text_hash
"""

MATCHED_KEYS = "SELECT text_hash FROM claim_text_matches WHERE model = $model"

# Results arrive as a registered Arrow table `found(text_hash, factcheck_id, score, decision)`;
# a re-match replaces the earlier result of the text.
SAVE_TEXT_MATCHES = """
INSERT OR REPLACE INTO claim_text_matches
SELECT $model, text_hash, factcheck_id, score, decision, now() FROM found
"""

UNSWEPT_FACT_CHECKS = """
SELECT f.id FROM fact_checks f
ANTI JOIN claim_match_swept s ON s.model = $model AND s.factcheck_id = f.id
ORDER BY f.id
"""

MARK_SWEPT = "INSERT OR IGNORE INTO claim_match_swept SELECT $model, id, now() FROM swept"

# Every post takes its text's result: new posts of known texts are linked without matching
# again, and a text whose result changed moves its posts. Posts of texts matched to nothing
# have no row.
LINK_POSTS = """
INSERT OR REPLACE INTO claim_matches
SELECT p.platform, p.id, m.factcheck_id, m.score, m.decision, m.matched_at
FROM posts p JOIN claim_text_matches m ON m.model = $model AND m.text_hash = p.text_hash
LEFT JOIN claim_matches c ON c.platform = p.platform AND c.post_id = p.id
WHERE m.decision <> 'none'
  AND (c.post_id IS NULL OR c.factcheck_id <> m.factcheck_id OR c.decision <> m.decision OR c.score <> m.score)
"""

UNLINK_POSTS = """
DELETE FROM claim_matches c
USING posts p, claim_text_matches m
WHERE c.platform = p.platform AND c.post_id = p.id AND m.model = $model AND m.text_hash = p.text_hash
  AND m.decision = 'none'
"""

# How far each matched fact-check's claim spread: posts, accounts, platforms, first and last post.
SPREAD = """
SELECT c.factcheck_id, any_value(f.url) AS url, any_value(f.title) AS title,
       count(*) FILTER (WHERE c.decision = 'reply') AS posts,
       count(*) FILTER (WHERE c.decision = 'review') AS posts_to_review,
       count(DISTINCT (p.platform, p.account_id)) AS accounts,
       list(DISTINCT p.platform ORDER BY p.platform) AS platforms,
       min(p.created_at) AS first_seen, max(p.created_at) AS last_seen
FROM claim_matches c
JOIN posts p ON p.platform = c.platform AND p.id = c.post_id
JOIN fact_checks f ON f.id = c.factcheck_id
GROUP BY c.factcheck_id
ORDER BY posts DESC, posts_to_review DESC, c.factcheck_id
LIMIT $limit
"""

COUNT_LINKED = "SELECT decision, count(*) FROM claim_matches GROUP BY decision"
