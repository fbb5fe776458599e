"""Every SQL statement of near-duplicate families, in one place (DuckDB's dialect, set-based).

Documents are distinct folded texts, keyed by the `text_hash` that ingest stores with each post;
reposts are left out (a repost is a share of its original, not a copy of it). Placeholders in
braces are filled by the caller with numbers it has validated.
"""

_LINKS = "'https?://\\S+|www\\.\\S+|@[\\w.]+'"  # links and mentions
_NOT_WORD = "'[^\\p{{L}}\\p{{N}}]+'"  # runs of characters that are not letters or digits

# The folding of veille.enrich.text.fold, in SQL: lower case, links and mentions dropped, every
# run of characters that are not letters or digits made one space.
FOLD = f"trim(regexp_replace(regexp_replace(lower({{text}}), {_LINKS}, ' ', 'g'), {_NOT_WORD}, ' ', 'g'))"

# The words of FOLD, for a column that is lower-cased already, quicker on many texts: the link
# pattern runs only where there is a link or mention, an ASCII text (as many bytes as characters)
# takes an ASCII class, which RE2 matches in two thirds of the time, and the text is cut into
# words at once instead of being rewritten and then split. The same words as FOLD split at
# spaces (checked on the 716,094 documents of 1M simulated posts).
_NO_LINKS = (
    "CASE WHEN contains({text}, 'http') OR contains({text}, 'www.') OR contains({text}, '@') "
    f"THEN regexp_replace({{text}}, {_LINKS}, ' ', 'g') ELSE {{text}} END"
)
WORDS_LOWERED = (
    "list_filter(CASE WHEN strlen({text}) = length({text}) "
    f"THEN regexp_split_to_array({_NO_LINKS}, '[^a-z0-9]+') "
    f"ELSE regexp_split_to_array({_NO_LINKS}, {_NOT_WORD}) END, lambda w: w <> '')"
)

# One row per distinct text long enough to compare. The most common language among its posts
# stands for the text (a copy identified once as Malay and once as Indonesian is one text).
DOCS = """
CREATE OR REPLACE TEMP TABLE content_docs AS
SELECT doc, lang, n_tokens, {words} AS tokens
FROM (
    SELECT text_hash AS doc, mode(lang) AS lang, max(text_tokens) AS n_tokens, lower(any_value(text)) AS text
    FROM posts
    WHERE share_of_id IS NULL AND text_hash IS NOT NULL AND text_tokens >= {min_tokens}
    GROUP BY text_hash
)
"""

# Copies: word 3-grams, so that a few words added or changed keep most shingles.
COPY_SHINGLES = """
SELECT doc, list_distinct(list_transform(range(1, len(tokens) - 1),
           lambda i: hash(tokens[i] || ' ' || tokens[i + 1] || ' ' || tokens[i + 2]))) AS shingles
FROM content_docs
"""

# Spins: every word that is not a function word of the text's language becomes '*', and the
# shingles are 4-grams of that skeleton; 4-grams of content words alone ('* * * *') say nothing
# and are dropped. A synonym swap leaves the skeleton as it was.
SPIN_SHINGLES = """
WITH words AS (
    SELECT doc, CASE WHEN lang IN (SELECT DISTINCT lang FROM content_function_words) THEN lang ELSE '*' END AS lang,
           unnest(tokens) AS word, generate_subscripts(tokens, 1) AS pos
    FROM content_docs WHERE n_tokens >= {min_spin_tokens}
), skeletons AS (
    SELECT w.doc, list(CASE WHEN f.word IS NULL THEN '*' ELSE w.word END ORDER BY w.pos) AS skeleton
    FROM words w LEFT JOIN content_function_words f ON f.lang = w.lang AND f.word = w.word
    GROUP BY w.doc
), grams AS (
    SELECT doc, list_transform(range(1, len(skeleton) - 2),
               lambda i: skeleton[i] || ' ' || skeleton[i + 1] || ' ' || skeleton[i + 2] || ' ' || skeleton[i + 3]) AS grams
    FROM skeletons
)
SELECT doc, list_distinct(list_transform(list_filter(grams, lambda g: g <> '* * * *'), lambda g: hash(g))) AS shingles
FROM grams
"""

ALL_LINKS = """
CREATE OR REPLACE TEMP TABLE content_links AS
SELECT doc, anchor, kind FROM content_copy_links
UNION ALL SELECT doc, anchor, kind FROM content_spin_links
UNION ALL SELECT doc, anchor, kind FROM content_translation_links
"""

# A family is a component of links, or a text with no near neighbour (a family of exact copies).
# Its kind is the loosest link that holds it together: translation, else spin, else copy.
FAMILY_POSTS = """
CREATE OR REPLACE TEMP TABLE content_family_posts AS
WITH doc_family AS (
    SELECT d.doc, coalesce(c.label, d.doc) AS label FROM content_docs d LEFT JOIN content_labels c USING (doc)
), family_kind AS (
    SELECT c.label,
           CASE max(CASE l.kind WHEN 'translation' THEN 3 WHEN 'spin' THEN 2 ELSE 1 END)
               WHEN 3 THEN 'translation' WHEN 2 THEN 'spin' ELSE 'copy' END AS kind
    FROM content_links l JOIN content_labels c ON c.doc = l.doc
    GROUP BY c.label
)
SELECT p.platform, p.id AS post, 'family:' || f.label AS family, coalesce(k.kind, 'copy') AS kind
FROM posts p JOIN doc_family f ON f.doc = p.text_hash LEFT JOIN family_kind k ON k.label = f.label
WHERE p.share_of_id IS NULL AND p.text_tokens >= {min_tokens}
"""

# Families of two posts or more, as `veille similar` reports them.
FAMILIES = """
SELECT f.family, any_value(f.kind) AS kind,
       list(p.platform || ':' || p.id ORDER BY p.created_at, p.platform, p.id) AS posts,
       list(DISTINCT p.platform || ':' || p.account_id ORDER BY p.platform || ':' || p.account_id) AS accounts,
       list(DISTINCT p.lang ORDER BY p.lang) FILTER (WHERE p.lang IS NOT NULL) AS languages,
       min(p.created_at) AS first_seen, max(p.created_at) AS last_seen,
       arg_min(p.platform || ':' || p.account_id, (p.created_at, p.platform, p.id)) AS first_account,
       count(*) AS n_posts
FROM content_family_posts f JOIN posts p ON p.platform = f.platform AND p.id = f.post
GROUP BY f.family
HAVING count(*) >= 2
ORDER BY n_posts DESC, family
"""

# Posts per hour of each family: how it spread.
TIMELINES = """
SELECT f.family, date_trunc('hour', p.created_at) AS hour, count(*) AS n
FROM content_family_posts f JOIN posts p ON p.platform = f.platform AND p.id = f.post
WHERE f.family IN (SELECT family FROM content_family_posts GROUP BY family HAVING count(*) >= 2)
GROUP BY ALL ORDER BY f.family, hour
"""

SAVE = [
    "DELETE FROM family_posts",
    "DELETE FROM families",
    """INSERT INTO families
       SELECT family, kind, n_posts, len(accounts), languages, first_seen, last_seen, first_account, now()
       FROM ({families})""",
    """INSERT INTO family_posts
       SELECT family, platform, post FROM content_family_posts
       WHERE family IN (SELECT id FROM families)""",
]

DROP = [f"DROP TABLE IF EXISTS {t}" for t in (
    "content_docs", "content_copy_links", "content_spin_links", "content_translation_links", "content_links",
    "content_labels", "content_function_words",
)]
