"""Every read query of the analyst views, in one place (DuckDB's dialect, read-only).

Time bins are taken in UTC (`AT TIME ZONE 'UTC'` gives a plain timestamp), whatever the
session's time zone. Campaigns are read from the latest coordination run unless a campaign id
says which run holds it. `{bin}` placeholders are filled by the caller with 'hour' or 'day'.
"""

# -- accounts ---------------------------------------------------------------------------------

ACCOUNTS = """
SELECT platform, id, handle, display_name FROM accounts
WHERE platform || ':' || id IN (SELECT unnest($keys))
"""

# -- overview ---------------------------------------------------------------------------------

DATA_RANGE = "SELECT min(created_at), max(created_at) FROM posts"

VOLUME_BY_PLATFORM = """
SELECT date_trunc('{bin}', created_at AT TIME ZONE 'UTC') AS bin, platform, count(*)
FROM posts GROUP BY ALL ORDER BY bin, platform
"""

OPEN_ALERTS = """
SELECT id, rule, severity, status, title, subject_kind, subject, first_seen, last_seen
FROM alerts WHERE status = 'open'
ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, last_seen DESC, id
LIMIT $limit
"""

OPEN_ALERTS_BY_SEVERITY = """
SELECT severity, count(*) FROM alerts WHERE status = 'open'
GROUP BY severity ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, severity
"""

# Narratives by posts in the last 24 hours of data (not of the clock: a replayed archive has a
# "now" of its own), labelled by their most posted original text.
TRENDING_NARRATIVES = """
WITH recent AS (
    SELECT n.narrative_id, p.platform, p.account_id, p.lang, p.text_hash, p.share_of_id IS NULL AS original
    FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
    WHERE p.created_at > (SELECT max(created_at) FROM posts) - INTERVAL 24 HOUR
), top AS (
    SELECT narrative_id, count(*) AS posts, count(DISTINCT (platform, account_id)) AS accounts,
           list(DISTINCT lang ORDER BY lang) FILTER (WHERE lang IS NOT NULL) AS languages,
           mode(text_hash) FILTER (WHERE original) AS label_hash
    FROM recent GROUP BY narrative_id
    ORDER BY posts DESC, narrative_id
    LIMIT $limit
)
SELECT narrative_id, posts, accounts, languages,
       (SELECT any_value(p.text) FROM posts p WHERE p.text_hash = top.label_hash) AS label
FROM top ORDER BY posts DESC, narrative_id
"""

# -- campaigns --------------------------------------------------------------------------------

LATEST_RUN = """
SELECT run_id FROM detection_runs WHERE detector = 'coordination' ORDER BY finished_at DESC, run_id LIMIT 1
"""

RUN_OF_CAMPAIGN = """
SELECT c.run_id FROM campaigns c JOIN detection_runs r USING (run_id)
WHERE c.id = $id ORDER BY r.finished_at DESC, c.run_id LIMIT 1
"""

CAMPAIGN_SPAN = "SELECT first_seen, last_seen FROM campaigns WHERE run_id = $run AND id = $id"

RUN = "SELECT detector, finished_at, params FROM detection_runs WHERE run_id = $run"

# One row per campaign of a run: members' platforms and languages (languages by posts, most
# first), evidence counts per kind, and the posts of its accounts.
CAMPAIGNS = """
WITH selected AS (
    SELECT * FROM campaigns
    WHERE run_id = $run AND ($kind IS NULL OR list_contains(kinds, $kind)) AND ($id IS NULL OR id = $id)
), members AS (
    SELECT m.campaign_id, m.platform, m.account_id, m.role
    FROM campaign_members m SEMI JOIN selected s ON s.id = m.campaign_id
    WHERE m.run_id = $run
), langs AS (
    SELECT campaign_id, list(lang ORDER BY n DESC, lang) AS languages, sum(n)::BIGINT AS posts FROM (
        SELECT m.campaign_id, coalesce(p.lang, 'und') AS lang, count(*) AS n
        FROM members m JOIN posts p ON p.platform = m.platform AND p.account_id = m.account_id
        GROUP BY ALL
    ) GROUP BY campaign_id
), evidence AS (
    SELECT campaign_id, map(list(kind ORDER BY kind), list(n ORDER BY kind)) AS by_kind, sum(n)::BIGINT AS objects
    FROM (SELECT campaign_id, kind, count(*) AS n FROM campaign_evidence
          WHERE run_id = $run AND campaign_id IN (SELECT id FROM selected) GROUP BY ALL)
    GROUP BY campaign_id
)
SELECT s.id, s.run_id, s.kinds, s.score, s.size,
       (SELECT list(DISTINCT platform ORDER BY platform) FROM members m WHERE m.campaign_id = s.id) AS platforms,
       coalesce(l.languages, []) AS languages, s.first_seen, s.last_seen,
       (SELECT count(*) FROM members m WHERE m.campaign_id = s.id AND m.role = 'leader') AS leaders,
       coalesce(e.objects, 0) AS evidence, coalesce(e.by_kind, MAP {}) AS evidence_by_kind,
       coalesce(l.posts, 0) AS posts
FROM selected s LEFT JOIN langs l ON l.campaign_id = s.id LEFT JOIN evidence e ON e.campaign_id = s.id
"""

CAMPAIGN_ORDER = {
    "size": "ORDER BY size DESC, score DESC, id",
    "score": "ORDER BY score DESC, size DESC, id",
    "recent": "ORDER BY last_seen DESC, size DESC, id",
    "first": "ORDER BY first_seen, size DESC, id",
    "evidence": "ORDER BY evidence DESC, size DESC, id",
}

CAMPAIGN_KINDS = """
SELECT DISTINCT unnest(kinds) AS kind FROM campaigns WHERE run_id = $run ORDER BY kind
"""

MEMBERS = """
WITH m AS (SELECT * FROM campaign_members WHERE run_id = $run AND campaign_id = $id),
posted AS (
    SELECT p.platform, p.account_id, count(*) AS posts FROM posts p
    SEMI JOIN m ON m.platform = p.platform AND m.account_id = p.account_id
    GROUP BY ALL
)
SELECT m.platform, m.account_id, m.role, m.lead_share, m.co_actions, coalesce(posted.posts, 0), a.followers
FROM m LEFT JOIN posted USING (platform, account_id)
LEFT JOIN accounts a ON a.platform = m.platform AND a.id = m.account_id
ORDER BY m.role = 'leader' DESC, m.co_actions DESC, m.platform, m.account_id
"""

# Evidence, one row per shared object, with the text of its first post as a sample.
EVIDENCE = """
SELECT e.kind, e.object, p.text AS sample, list_distinct(e.accounts) AS accounts, e.accounts AS actors, e.posts,
       e.times, list_min(e.times) AS first, list_max(e.times) AS last
FROM campaign_evidence e
LEFT JOIN posts p ON p.platform = split_part(e.accounts[1], ':', 1) AND p.id = e.posts[1]
WHERE e.run_id = $run AND e.campaign_id = $id
ORDER BY len(list_distinct(e.accounts)) DESC, first, e.kind, e.object
"""

# Kept edges of the run between two members of the campaign.
EDGES = """
WITH m AS (SELECT platform || ':' || account_id AS k FROM campaign_members WHERE run_id = $run AND campaign_id = $id)
SELECT kind, a, b, objects, co_actions, mean_delay
FROM campaign_edges
WHERE run_id = $run AND a IN (SELECT k FROM m) AND b IN (SELECT k FROM m)
ORDER BY a, b, kind
"""

MEMBER_TOP = """
WITH m AS (SELECT platform, account_id FROM campaign_members WHERE run_id = $run AND campaign_id = $id)
SELECT item, count(*) AS n FROM (
    SELECT unnest({column}) AS item FROM posts p SEMI JOIN m ON m.platform = p.platform AND m.account_id = p.account_id
) GROUP BY item ORDER BY n DESC, item LIMIT $limit
"""

MEMBER_POSTS_PER_BIN = """
WITH m AS (SELECT platform, account_id FROM campaign_members WHERE run_id = $run AND campaign_id = $id)
SELECT date_trunc('{bin}', p.created_at AT TIME ZONE 'UTC') AS bin, count(*)
FROM posts p SEMI JOIN m ON m.platform = p.platform AND m.account_id = p.account_id
WHERE p.created_at BETWEEN $since AND $until
GROUP BY bin ORDER BY bin
"""

COORDINATED_PER_BIN = """
SELECT date_trunc('{bin}', t AT TIME ZONE 'UTC') AS bin, count(*) FROM (
    SELECT unnest(times) AS t FROM campaign_evidence WHERE run_id = $run AND campaign_id = $id
) GROUP BY bin ORDER BY bin
"""

# -- narratives -------------------------------------------------------------------------------

NARRATIVES = """
SELECT n.narrative_id, count(*) AS posts, count(DISTINCT (p.platform, p.account_id)) AS accounts,
       list(DISTINCT p.lang ORDER BY p.lang) FILTER (WHERE p.lang IS NOT NULL) AS languages,
       list(DISTINCT p.platform ORDER BY p.platform) AS platforms,
       min(p.created_at) AS first_seen, max(p.created_at) AS last_seen
FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
WHERE ($id IS NULL OR n.narrative_id = $id)
GROUP BY n.narrative_id
ORDER BY posts DESC, n.narrative_id
LIMIT $limit
"""

NARRATIVE_IDS = "SELECT DISTINCT narrative_id FROM narrative_posts ORDER BY narrative_id"

NARRATIVE_DAILY = """
SELECT n.narrative_id, date_trunc('day', p.created_at AT TIME ZONE 'UTC') AS bin, count(*)
FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
WHERE list_contains($ids, n.narrative_id)
GROUP BY ALL ORDER BY n.narrative_id, bin
"""

DATA_DAYS = """
SELECT min(date_trunc('day', created_at AT TIME ZONE 'UTC')), max(date_trunc('day', created_at AT TIME ZONE 'UTC'))
FROM posts
"""

NARRATIVE_PER_BIN = """
SELECT date_trunc('{bin}', p.created_at AT TIME ZONE 'UTC') AS bin, coalesce(p.lang, 'und') AS lang, count(*)
FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
WHERE n.narrative_id = $id
GROUP BY ALL ORDER BY bin, lang
"""

NARRATIVE_PLATFORMS = """
SELECT p.platform, count(*) AS n
FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
WHERE n.narrative_id = $id GROUP BY ALL ORDER BY n DESC, p.platform
"""

# Per language: the most posted original text, and the earliest original posts.
NARRATIVE_EXAMPLES = """
WITH np AS (
    SELECT p.platform, p.id, p.account_id, p.created_at, coalesce(p.lang, 'und') AS lang, p.text, p.text_hash,
           p.share_of_id
    FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
    WHERE n.narrative_id = $id
), per_lang AS (
    SELECT lang, count(*) AS posts FROM np GROUP BY lang
), texts AS (
    SELECT lang, text_hash, any_value(text) AS text, count(*) AS n FROM np WHERE share_of_id IS NULL GROUP BY ALL
), representative AS (
    SELECT lang, first(text ORDER BY n DESC, text_hash) AS text FROM texts GROUP BY lang
), earliest AS (
    SELECT * FROM np WHERE share_of_id IS NULL
    QUALIFY row_number() OVER (PARTITION BY lang ORDER BY created_at, platform, id) <= $per_language
)
SELECT l.lang, l.posts, r.text, e.platform, e.id, e.account_id, e.created_at, e.text
FROM per_lang l LEFT JOIN representative r USING (lang) LEFT JOIN earliest e USING (lang)
ORDER BY l.posts DESC, l.lang, e.created_at, e.platform, e.id
"""

# Campaigns of the latest run whose accounts posted in the narrative, by those posts.
NARRATIVE_CAMPAIGNS = """
SELECT c.id, array_to_string(c.kinds, '+') AS kind, count(*) AS posts
FROM narrative_posts n JOIN posts p ON p.platform = n.platform AND p.id = n.post_id
JOIN campaign_members m ON m.run_id = $run AND m.platform = p.platform AND m.account_id = p.account_id
JOIN campaigns c ON c.run_id = m.run_id AND c.id = m.campaign_id
WHERE n.narrative_id = $id
GROUP BY c.id, c.kinds ORDER BY posts DESC, c.id LIMIT 20
"""

NARRATIVE_FAMILIES = """
SELECT f.id, f.kind, count(*) AS posts
FROM narrative_posts n JOIN family_posts fp ON fp.platform = n.platform AND fp.post_id = n.post_id
JOIN families f ON f.id = fp.family_id
WHERE n.narrative_id = $id
GROUP BY f.id, f.kind ORDER BY posts DESC, f.id LIMIT 20
"""

# What the narrative tables hold now: term weights depend on every narrative, so they are
# cached until this changes.
NARRATIVES_STATE = """
SELECT (SELECT count(*) FROM narrative_posts), (SELECT max(assigned_at) FROM narrative_texts),
       (SELECT count(*) FROM posts)
"""

# -- claims -----------------------------------------------------------------------------------

FACT_CHECKS = """
WITH linked AS (SELECT factcheck_id, count(*) AS posts FROM claim_matches GROUP BY factcheck_id)
SELECT f.id, f.claim_reviewed, f.rating, f.title, f.publisher, f.url, f.date_published, f.language, f.claimant,
       coalesce(l.posts, 0) AS posts
FROM fact_checks f LEFT JOIN linked l ON l.factcheck_id = f.id
WHERE ($id IS NULL OR f.id = $id)
  AND ($rating IS NULL OR f.rating = $rating)
  AND ($language IS NULL OR f.language = $language)
  AND ($q IS NULL OR contains(lower(f.claim_reviewed), lower($q)) OR contains(lower(coalesce(f.title, '')), lower($q))
       OR contains(lower(coalesce(f.publisher, '')), lower($q)))
ORDER BY posts DESC, f.date_published DESC NULLS LAST, f.id
LIMIT $limit
"""

FACT_CHECK_FACETS = """
SELECT list(DISTINCT rating ORDER BY rating) FILTER (WHERE rating IS NOT NULL),
       list(DISTINCT language ORDER BY language) FILTER (WHERE language IS NOT NULL)
FROM fact_checks
"""

FACT_CHECK_DETAIL = """
SELECT appearances, (SELECT count(*) FROM fact_check_history h WHERE h.id = f.id) + 1 AS versions
FROM fact_checks f WHERE f.id = $id
"""

# Per fact-check: the posts that repeat its claim, and how many came after it was published.
SPREAD = """
SELECT c.factcheck_id, any_value(f.claim_reviewed), any_value(f.rating), any_value(f.url), any_value(f.language),
       any_value(f.date_published),
       count(*) AS posts, count(*) FILTER (WHERE c.decision = 'review') AS posts_to_review,
       count(*) FILTER (WHERE f.date_published IS NULL OR p.created_at >= f.date_published) AS posts_after,
       count(DISTINCT (p.platform, p.account_id)) AS accounts,
       list(DISTINCT p.platform ORDER BY p.platform) AS platforms,
       min(p.created_at) AS first_seen, max(p.created_at) AS last_seen
FROM claim_matches c
JOIN posts p ON p.platform = c.platform AND p.id = c.post_id
JOIN fact_checks f ON f.id = c.factcheck_id
WHERE ($id IS NULL OR c.factcheck_id = $id)
GROUP BY c.factcheck_id
ORDER BY posts_after DESC, posts DESC, c.factcheck_id
"""

SPREAD_DAILY = """
SELECT c.factcheck_id, date_trunc('day', p.created_at AT TIME ZONE 'UTC') AS bin, count(*)
FROM claim_matches c JOIN posts p ON p.platform = c.platform AND p.id = c.post_id
WHERE ($id IS NULL OR c.factcheck_id = $id)
GROUP BY ALL ORDER BY c.factcheck_id, bin
"""

SPREAD_PER_BIN = """
SELECT date_trunc('{bin}', p.created_at AT TIME ZONE 'UTC') AS bin, c.decision, count(*)
FROM claim_matches c JOIN posts p ON p.platform = c.platform AND p.id = c.post_id
WHERE c.factcheck_id = $id
GROUP BY ALL ORDER BY bin, c.decision
"""

MATCHED_POSTS = """
SELECT p.platform, p.id, p.account_id, p.created_at, p.lang, p.text, c.decision, c.score
FROM claim_matches c JOIN posts p ON p.platform = c.platform AND p.id = c.post_id
WHERE c.factcheck_id = $id
ORDER BY c.decision = 'reply' DESC, p.created_at DESC, p.platform, p.id
LIMIT $limit
"""
