"""Every SQL statement of coordination detection, in one place.

Written as set-based SQL over the `posts` table (DuckDB's dialect, kept to what sqlglot can carry
to Spark SQL), with no per-row Python: events are derived per kind, pairs are found with a
sorted, range-framed window (each event looks only at the events of the same object within the
next W seconds, never at every pair of an object's events), and pairs are aggregated per account
pair. Placeholders in braces are filled by the caller with numbers it has validated.
"""

# -- events: one row per (kind, object, account, post) ---------------------------------------

# The account key joins platform and id, so that two platforms' id spaces never collide.
_ACCOUNT = "platform || ':' || account_id"

EVENTS = {
    # Links: reposts are left out, since a plain repost carries its original's link.
    "co-link": f"""
        SELECT 'co-link' AS kind, url AS object, {_ACCOUNT} AS account, id AS post, epoch(created_at) AS t
        FROM (SELECT *, unnest(list_distinct(urls)) AS url FROM posts WHERE share_of_id IS NULL AND len(urls) > 0)
        WHERE url <> ''
    """,
    "co-domain": f"""
        SELECT DISTINCT 'co-domain' AS kind, domain AS object, {_ACCOUNT} AS account, id AS post,
               epoch(created_at) AS t
        FROM (
            SELECT *, regexp_replace(regexp_extract(unnest(urls), '^[a-z]+://([^/:?#]+)', 1),
                                     '^(www|m|mobile|amp)\\.', '') AS domain
            FROM posts WHERE share_of_id IS NULL
        ) WHERE domain <> ''
    """,
    "co-share": f"""
        SELECT 'co-share' AS kind, platform || ':' || share_of_id AS object, {_ACCOUNT} AS account, id AS post,
               epoch(created_at) AS t
        FROM posts WHERE share_of_id IS NOT NULL
    """,
    "co-reply": f"""
        SELECT 'co-reply' AS kind, platform || ':' || reply_to_id AS object, {_ACCOUNT} AS account, id AS post,
               epoch(created_at) AS t
        FROM posts WHERE reply_to_id IS NOT NULL
    """,
    # Text folded at ingest (veille.enrich.text.fold): case, links, mentions, emoji, punctuation and
    # spacing do not count; the object is the folded text's hash.
    # `{repeated}` is REPEATED_TEXT when lone objects are dropped anyway (see SHARED_OBJECTS):
    # most texts are posted once, and leaving them out before their object strings are built makes
    # this the cheapest kind instead of the dearest.
    "co-text": f"""
        SELECT 'co-text' AS kind, 'text:' || text_hash AS object, {_ACCOUNT} AS account, id AS post,
               epoch(created_at) AS t
        FROM posts WHERE share_of_id IS NULL AND text_tokens >= {{min_text_tokens}} AND text_hash IS NOT NULL
        {{repeated}}
    """,
    # The same set of hashtags, in any order.
    "co-hashtag": f"""
        SELECT 'co-hashtag' AS kind, array_to_string(list_sort(list_distinct(hashtags)), ' ') AS object,
               {_ACCOUNT} AS account, id AS post, epoch(created_at) AS t
        FROM posts WHERE share_of_id IS NULL AND len(list_distinct(hashtags)) >= {{min_hashtags}}
    """,
    "co-image": f"""
        SELECT 'co-image' AS kind, media AS object, {_ACCOUNT} AS account, id AS post, epoch(created_at) AS t
        FROM (SELECT *, unnest(list_distinct(media_hashes)) AS media FROM posts
              WHERE share_of_id IS NULL AND len(media_hashes) > 0)
        WHERE media <> ''
    """,
    # Near-identical texts: the object is the copy, spin or translation family of the post's text
    # (see veille.detectors.content.families); `{repeated_family}` as `{repeated}` for co-text.
    "co-similar": f"""
        SELECT DISTINCT 'co-similar' AS kind, f.family AS object, p.platform || ':' || p.account_id AS account, p.id AS post,
               epoch(p.created_at) AS t
        FROM posts p JOIN content_family_posts f ON f.platform = p.platform AND f.post = p.id
        {{repeated_family}}
    """,
}

REPEATED_TEXT = """
        AND text_hash IN (SELECT text_hash FROM posts WHERE share_of_id IS NULL AND text_tokens >= {min_text_tokens}
                          GROUP BY text_hash HAVING count(*) > 1)
"""

# As REPEATED_TEXT, for co-similar: most posts are a family of their own.
REPEATED_FAMILY = """
        WHERE f.family IN (SELECT family FROM content_family_posts GROUP BY family HAVING count(*) > 1)
"""

# Each kind leaves out empty objects itself where it can have them (a filter here would be pushed
# into every kind's scan, building co-text's object string for every post). `{shared}` is
# SHARED_OBJECTS or nothing.
CREATE_EVENTS = """
CREATE OR REPLACE TEMP TABLE coord_events AS
WITH events AS (SELECT kind, object, account, post, t FROM ({union}))
SELECT * FROM events {shared}
"""

# Objects acted on by a single account cannot show coordination; leaving them out as the events
# are stored keeps every later step small. (CooRTweet mode keeps them: its participation counts
# include them.)
SHARED_OBJECTS = """
WHERE (kind, object) IN (SELECT kind, object FROM events GROUP BY ALL HAVING min(account) <> max(account))
"""

# Crowded objects: acted on by at least `min_crowd` accounts (a celebrity's posts, a viral article,
# "Good morning everyone!"). Thousands of people acting on one object within minutes make millions
# of pairs that say nothing about any two of them, so their pairs are not listed, and the
# activity test leaves them out (see significance.py).
CROWDED = """
CREATE OR REPLACE TEMP TABLE coord_crowded AS
SELECT kind, object FROM coord_events GROUP BY kind, object HAVING count(DISTINCT account) >= $min_crowd
"""

# CooRTweet's min_participation: accounts with fewer actions of the kind take no part at all.
DROP_LIGHT_ACCOUNTS = """
DELETE FROM coord_events WHERE kind = $kind AND account IN (
    SELECT account FROM coord_events WHERE kind = $kind GROUP BY account HAVING count(*) < $min_participation
)
"""

KIND_COUNTS = "SELECT kind, count(*) FROM coord_events GROUP BY kind ORDER BY kind"

# -- the automatic window ----------------------------------------------------------------------

# CooRnet's coordination interval: among objects acted on more than once, take the q share whose
# second action came quickest after the first, and return the median time those objects took to
# gather a share p of all their actions.
AUTO_WINDOW = """
WITH ranked AS (
    SELECT kind, object, t - min(t) OVER (PARTITION BY kind, object) AS since_first,
           row_number() OVER (PARTITION BY kind, object ORDER BY t, post) AS rank,
           count(*) OVER (PARTITION BY kind, object) AS n
    FROM coord_events WHERE kind = $kind
), per_object AS (
    SELECT object,
           max(since_first) FILTER (WHERE rank = 2) AS second,
           max(since_first) FILTER (WHERE rank = greatest(2, ceil(n * $p)::INTEGER)) AS to_p
    FROM ranked GROUP BY object
), quickest AS (
    SELECT to_p FROM per_object QUALIFY percent_rank() OVER (ORDER BY second, object) <= $q
)
SELECT quantile_cont(to_p, 0.5), count(*) FROM quickest
"""

# -- pairs of accounts acting on the same object within the window ----------------------------

# Each event collects the events of the same object in the W seconds after it (RANGE frame on
# the sorted times); unnesting gives each unordered pair of events once.
CREATE_PAIRS_TABLE = """
CREATE OR REPLACE TEMP TABLE coord_pairs (
    kind VARCHAR, object VARCHAR, first_account VARCHAR, first_post VARCHAR, first_t DOUBLE,
    second_account VARCHAR, second_post VARCHAR, second_t DOUBLE
)
"""

INSERT_PAIRS = """
INSERT INTO coord_pairs
WITH framed AS (
    SELECT object, account, post, t,
           list({{'account': account, 'post': post, 't': t}}) OVER (
               PARTITION BY object ORDER BY t RANGE BETWEEN CURRENT ROW AND {window} FOLLOWING
           ) AS later
    FROM coord_events WHERE kind = '{kind}'
      AND object NOT IN (SELECT object FROM coord_crowded WHERE kind = '{kind}')
), unnested AS (
    SELECT object, account, post, t, unnest(later) AS other FROM framed
)
SELECT '{kind}' AS kind, object,
       account AS first_account, post AS first_post, t AS first_t,
       other.account AS second_account, other.post AS second_post, other.t AS second_t
FROM unnested
WHERE other.account <> account AND (other.t > t OR (other.t = t AND other.post > post))
"""

# Per unordered account pair: co-actions (CooRTweet's weight), distinct objects, who led, and how
# many of each account's posts took part (CooRTweet's n_content_id; the toolkit's weight).
PAIR_STATS_TABLE = """
CREATE OR REPLACE TEMP TABLE coord_pair_stats (
    kind VARCHAR, a VARCHAR, b VARCHAR, co_actions BIGINT, objects BIGINT, a_first BIGINT,
    mean_delay DOUBLE, first_t DOUBLE, last_t DOUBLE, a_posts BIGINT, b_posts BIGINT
)
"""

INSERT_PAIR_STATS = """
INSERT INTO coord_pair_stats
SELECT kind,
       least(first_account, second_account) AS a,
       greatest(first_account, second_account) AS b,
       count(*) AS co_actions,
       count(DISTINCT object) AS objects,
       sum(CASE WHEN first_account < second_account THEN 1 ELSE 0 END) AS a_first,
       avg(second_t - first_t) AS mean_delay,
       min(first_t) AS first_t,
       max(second_t) AS last_t,
       count(DISTINCT CASE WHEN first_account < second_account THEN first_post ELSE second_post END) AS a_posts,
       count(DISTINCT CASE WHEN first_account < second_account THEN second_post ELSE first_post END) AS b_posts
FROM coord_pairs WHERE kind = '{kind}'
GROUP BY ALL
"""

# Per account: k, how many distinct objects it acted on, and w, the sum of their popularity n_o
# (how many other accounts acted on each). See significance.py.
ACCOUNT_EXPOSURE = """
WITH acted AS (
    SELECT DISTINCT account, object FROM coord_events WHERE kind = $kind
), objects AS (
    SELECT object, count(*) AS n FROM acted GROUP BY object
)
SELECT acted.account, count(*) AS k, sum(objects.n - 1) AS w
FROM acted JOIN objects USING (object)
GROUP BY acted.account
"""

# The activity test, on every object but the crowded ones (see significance.py): how many
# co-actions would the pair have if
# each kept its own timing (so busy accounts are often close in time) but chose the object of each
# action independently of the other (each account from its own mix of objects)? For every pair of
# actions of a and b within the window, on any object, the chance that b's is on a's object is
# m_b(o) / K_b (b's actions on that object over all b's actions), and the other way round.
# Actions are matched within slots of one window (b's in the slot before, the same and the next,
# each exactly once), so that two busy accounts are not compared action by action over the
# whole period.
CO_ACTIVITY = """
WITH candidates AS (SELECT a, b FROM coord_candidates),
     acts AS (SELECT account, object, t FROM coord_events
              WHERE kind = $kind AND object NOT IN (SELECT object FROM coord_crowded WHERE kind = $kind)),
     mix AS (SELECT account, object, count(*) / sum(count(*)) OVER (PARTITION BY account) AS share
             FROM acts GROUP BY account, object),
     side_a AS (SELECT c.a, c.b, x.object, x.t, floor(x.t / $window) AS slot
                FROM candidates c JOIN acts x ON x.account = c.a),
     side_b AS (SELECT c.a, c.b, y.object, y.t, floor(y.t / $window) + shift AS slot
                FROM candidates c JOIN acts y ON y.account = c.b, (VALUES (-1), (0), (1)) s(shift)),
     close AS (
         SELECT sa.a, sa.b, sa.object AS object_a, sb.object AS object_b
         FROM side_a sa JOIN side_b sb ON sa.a = sb.a AND sa.b = sb.b AND sa.slot = sb.slot
         WHERE abs(sa.t - sb.t) <= $window
     )
SELECT close.a, close.b,
       (sum(coalesce(mb.share, 0)) + sum(coalesce(ma.share, 0))) / 2 AS expected
FROM close
LEFT JOIN mix mb ON mb.account = close.b AND mb.object = close.object_a
LEFT JOIN mix ma ON ma.account = close.a AND ma.object = close.object_b
GROUP BY close.a, close.b
"""



# For the pairs that passed a test: how many objects both acted on at any time, to tell a pair
# that acts together every time from one that only sometimes happens to.
COMMON_OBJECTS = """
WITH candidates AS (SELECT * FROM coord_candidates),
     acted AS (SELECT DISTINCT account, object FROM coord_events WHERE kind = $kind)
SELECT c.a, c.b, count(*) AS common
FROM candidates c
JOIN acted x ON x.account = c.a
JOIN acted y ON y.account = c.b AND y.object = x.object
GROUP BY c.a, c.b
"""

# -- evidence ------------------------------------------------------------------------------------

# Every object on which two accounts of the same campaign acted within the window, with all the
# campaign's actions on it, and the text of the first post (what a co-text hash stands for).
EVIDENCE = """
WITH members AS (SELECT * FROM coord_members),
     linked AS (
         SELECT DISTINCT p.kind, p.object, m.campaign
         FROM coord_pairs p
         JOIN members m ON m.account = p.first_account
         JOIN members n ON n.account = p.second_account AND n.campaign = m.campaign
     ),
     shared AS (
         SELECT l.campaign, l.kind, l.object,
                list(e.account ORDER BY e.t, e.account) AS accounts,
                list(e.t ORDER BY e.t, e.account) AS times,
                list(e.post ORDER BY e.t, e.account) AS posts,
                min(e.t) AS first_t
         FROM linked l
         JOIN coord_events e ON e.kind = l.kind AND e.object = l.object
         JOIN members m ON m.account = e.account AND m.campaign = l.campaign
         GROUP BY l.campaign, l.kind, l.object
     )
SELECT s.campaign, s.kind, s.object, s.accounts, s.times, s.posts, p.text AS example
FROM shared s
LEFT JOIN posts p ON p.id = s.posts[1] AND p.platform = split_part(s.accounts[1], ':', 1)
ORDER BY s.campaign, s.first_t, s.kind, s.object
"""

DROP_TEMP = [
    "DROP TABLE IF EXISTS coord_events",
    "DROP TABLE IF EXISTS coord_pairs",
    "DROP TABLE IF EXISTS coord_pair_stats",
    "DROP TABLE IF EXISTS content_family_posts",
    "DROP TABLE IF EXISTS coord_candidates",
    "DROP TABLE IF EXISTS coord_members",
    "DROP TABLE IF EXISTS coord_crowded",
]

# -- CooRTweet's filter_min_participation --------------------------------------------------------

# Posts that took part in a coordinated pair; accounts with at least min_participation of them;
# pairs kept when either post belongs to such an account (CooRTweet keeps a pair on either side).
COORTWEET_FILTER = """
DELETE FROM coord_pairs WHERE kind = $kind AND NOT (first_post IN (SELECT post FROM kept) OR second_post IN (SELECT post FROM kept))
"""

COORTWEET_KEPT_POSTS = """
CREATE OR REPLACE TEMP TABLE kept AS
WITH involved AS (
    SELECT first_post AS post FROM coord_pairs WHERE kind = $kind
    UNION SELECT second_post FROM coord_pairs WHERE kind = $kind
), rows AS (
    SELECT e.account, e.post FROM coord_events e JOIN involved i ON i.post = e.post WHERE e.kind = $kind
)
SELECT post FROM rows WHERE account IN (
    SELECT account FROM rows GROUP BY account HAVING count(*) >= $min_participation
)
"""
