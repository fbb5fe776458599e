"""The SQL of search. A query is split into terms and every term must match; each term is one
`{term}` clause joined with AND, its values bound as parameters (patterns escaped for ILIKE)."""

# A post matches a term in its text, one of its URLs, or exactly one of its hashtags (stored
# lower case, without '#').
POST_TERM = ("(text ILIKE ? ESCAPE '\\' OR list_contains(hashtags, ?) "
             "OR array_to_string(urls, ' ') ILIKE ? ESCAPE '\\')")
ACCOUNT_TERM = "(handle ILIKE ? ESCAPE '\\' OR display_name ILIKE ? ESCAPE '\\')"

# The latest coordination run describes the current campaigns.
LATEST_MEMBERS = """
latest AS (SELECT run_id FROM detection_runs WHERE detector = 'coordination' ORDER BY finished_at DESC LIMIT 1),
members AS (
    SELECT m.platform, m.account_id, list(DISTINCT m.campaign_id ORDER BY m.campaign_id) AS campaigns
    FROM campaign_members m JOIN latest USING (run_id) GROUP BY ALL
)"""

POSTS = """
WITH hits AS (
    SELECT platform, id, account_id, created_at, text, lang, urls, hashtags FROM posts
    WHERE {terms}
    ORDER BY created_at DESC, platform, id LIMIT ?
), """ + LATEST_MEMBERS + """
SELECT h.platform, h.id, h.account_id, h.created_at, h.text, h.lang, h.urls, h.hashtags,
       a.handle, a.display_name, n.narrative_id, coalesce(m.campaigns, []) AS campaigns
FROM hits h
LEFT JOIN accounts a ON a.platform = h.platform AND a.id = h.account_id
LEFT JOIN narrative_posts n ON n.platform = h.platform AND n.post_id = h.id
LEFT JOIN members m ON m.platform = h.platform AND m.account_id = h.account_id
ORDER BY h.created_at DESC, h.platform, h.id
"""

# Exact handles first, then the most followed.
ACCOUNTS = """
WITH hits AS (
    SELECT platform, id, handle, display_name, followers FROM accounts
    WHERE {terms}
    ORDER BY (lower(handle) = ?) DESC, followers DESC NULLS LAST, platform, id LIMIT ?
), """ + LATEST_MEMBERS + """
SELECT h.platform, h.id, h.handle, h.display_name, h.followers, coalesce(m.campaigns, []) AS campaigns
FROM hits h LEFT JOIN members m ON m.platform = h.platform AND m.account_id = h.id
ORDER BY (lower(h.handle) = ?) DESC, h.followers DESC NULLS LAST, h.platform, h.id
"""
