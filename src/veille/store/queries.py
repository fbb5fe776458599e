"""Every SQL statement the store runs, in one place.

Upserts read from an Arrow table registered as `batch`. Posts, tipline messages and quarantine are
insert-once (the first copy of a record wins, so re-ingesting a file changes nothing); accounts,
ads and fact-checks take the newest values, because a later export of the same page or ad carries
fresher follower counts and spend.
"""

INSERT_ONCE = {
    "posts": "INSERT INTO posts BY NAME SELECT * FROM batch ON CONFLICT DO NOTHING",
    "tipline_messages": "INSERT INTO tipline_messages BY NAME SELECT * FROM batch ON CONFLICT DO NOTHING",
    "quarantine": "INSERT INTO quarantine BY NAME SELECT *, now() AS quarantined_at FROM batch ON CONFLICT DO NOTHING",
}

# Posts of a batch expected to be new: no key lookups; a key already stored (or twice in the
# batch) fails the statement, and the batch is written again with INSERT_ONCE.
INSERT_NEW_POSTS = "INSERT INTO posts BY NAME SELECT * FROM batch"

KEYS = {
    "posts": ("platform", "id"),
    "accounts": ("platform", "id"),
    "ads": ("platform", "id"),
    "fact_checks": ("id",),
    "tipline_messages": ("channel", "id"),
    "quarantine": ("source_file", "source_line", "source_ref"),
}

# Columns an update keeps when the newer record does not know them. An account row that would
# change none of them (the same handle read again, by the next chunk of a file or another file)
# is no update at all: the account keeps the provenance of the line its values first came from.
_COALESCE_ON_UPDATE = {
    "accounts": ("handle", "display_name", "created_at", "followers"),
}


def count_existing(table: str) -> str:
    keys = KEYS[table]
    on = " AND ".join(f"t.{k} = b.{k}" for k in keys)
    return f"SELECT count(*) FROM (SELECT DISTINCT {', '.join(keys)} FROM batch) b JOIN {table} t ON {on}"


def count_distinct_keys(table: str) -> str:
    return f"SELECT count(*) FROM (SELECT DISTINCT {', '.join(KEYS[table])} FROM batch)"


def upsert_latest(table: str, columns: list[str]) -> str:
    """Insert, or update an existing row with the batch's values (last row of the batch wins).

    Accounts: the values of the batch's last row for a key come with the provenance of the first
    row of the run of rows that gave those same values (a handle read in every chunk of a file
    names the line it was first read from, wherever the batch begins), and a row that changes no
    value leaves the stored one, and its provenance, as is."""
    keys = ", ".join(KEYS[table])
    keep = _COALESCE_ON_UPDATE.get(table, ())
    sets = []
    for col in columns:
        if col in KEYS[table]:
            continue
        if col in keep:
            sets.append(f"{col} = coalesce(excluded.{col}, {table}.{col})")
        else:
            sets.append(f"{col} = excluded.{col}")
    kept = [col for col in keep if col in columns]
    changed = " WHERE " + _changes(kept, table, "excluded") if kept else ""
    rows = "batch"
    if kept:
        # Keys whose every row changes nothing stored are left out first: whichever of their rows
        # the upsert took would be no update (most of an ingest's account rows name an account
        # again with the handle it has; measured on 610k such rows, 0.82 -> 0.56 s of CPU).
        on = " AND ".join(f"s.{k} = b.{k}" for k in KEYS[table])
        new_or_changed = f"s.{KEYS[table][0]} IS NULL OR {_changes(kept, 's', 'b')}"
        rows = (f"(SELECT * FROM batch SEMI JOIN (SELECT DISTINCT {', '.join(f'b.{k}' for k in KEYS[table])} "
                f"FROM batch b LEFT JOIN {table} s ON {on} WHERE {new_or_changed}) "
                f"USING ({keys}))")
        # Then only the rows where a key's values change (its first row included) may be stored.
        starts = " OR ".join(f"{col} IS DISTINCT FROM lag({col}) OVER previous" for col in kept)
        rows = (f"(SELECT * FROM {rows} WINDOW previous AS (PARTITION BY {keys} ORDER BY _seq) "
                f"QUALIFY lag(_seq) OVER previous IS NULL OR {starts})")
    return (
        f"INSERT INTO {table} BY NAME SELECT {', '.join(columns)} FROM {rows} "
        f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY _seq DESC) = 1 "
        f"ON CONFLICT DO UPDATE SET {', '.join(sets)}{changed}"
    )


def _changes(kept: list[str], stored: str, new: str) -> str:
    """Whether the row `new` changes the stored row `stored`, where an unknown (null) value keeps the
    stored one: the test of an upsert's update, and of the keys it leaves out first."""
    return " OR ".join(f"{stored}.{col} IS DISTINCT FROM coalesce({new}.{col}, {stored}.{col})" for col in kept)


# A fact-check is versioned: when a batch brings a different version of a stored one (another
# rating, title, date... under the same id), the stored version is kept in fact_check_history
# before the upsert replaces it. Provenance alone is no new version (the same review read again
# from another file). Runs before upsert_latest, on the same registered `batch`.
_VERSIONED = ("claim_reviewed", "rating", "title", "publisher", "url", "date_published", "language", "claimant",
              "appearances")
ARCHIVE_FACT_CHECKS = f"""
INSERT INTO fact_check_history
SELECT f.id, coalesce(h.version, 0) + 1, {", ".join(f"f.{c}" for c in _VERSIONED)},
       f.source_file, f.source_line, f.source_ref, now()
FROM fact_checks f
JOIN (SELECT * FROM batch QUALIFY row_number() OVER (PARTITION BY id ORDER BY _seq DESC) = 1) b ON b.id = f.id
LEFT JOIN (SELECT id, max(version) AS version FROM fact_check_history GROUP BY id) h ON h.id = f.id
WHERE NOT ({" AND ".join(f"f.{c} IS NOT DISTINCT FROM b.{c}" for c in _VERSIONED)})
"""

# ClaimReview out (veille.export.claimreview): the current version of every fact-check.
EXPORT_FACT_CHECKS = """
SELECT id, claim_reviewed, rating, title, publisher, url, date_published, language, claimant, appearances
FROM fact_checks ORDER BY date_published DESC NULLS LAST, id
"""

INSERT_RUN = """
INSERT INTO ingest_runs VALUES (?, ?, ?, now(), NULL, 0, 0, 0, 0)
"""

UPDATE_RUN = """
UPDATE ingest_runs
SET records_read = ?, inserted = ?, duplicates = ?, quarantined = ?, finished_at = ?
WHERE run_id = ?
"""

STATS_TOTALS = """
SELECT name, n FROM (
    SELECT 1 AS k, 'posts' AS name, count(*) AS n FROM posts UNION ALL
    SELECT 2, 'accounts', count(*) FROM accounts UNION ALL
    SELECT 3, 'ads', count(*) FROM ads UNION ALL
    SELECT 4, 'fact_checks', count(*) FROM fact_checks UNION ALL
    SELECT 5, 'tipline_messages', count(*) FROM tipline_messages UNION ALL
    SELECT 6, 'quarantine', count(*) FROM quarantine
) ORDER BY k
"""

STATS_BY_PLATFORM = "SELECT platform, count(*) AS n FROM posts GROUP BY ALL ORDER BY n DESC, platform"

STATS_BY_LANGUAGE = (
    "SELECT coalesce(lang, 'und') AS lang, count(*) AS n FROM posts GROUP BY ALL ORDER BY n DESC, lang"
)

STATS_BY_DAY = """
SELECT strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%d') AS day, count(*) AS n
FROM posts GROUP BY ALL ORDER BY day
"""

STATS_QUARANTINE = """
SELECT format, reason_kind, count(*) AS n FROM (
    SELECT format, split_part(reason, ':', 1) AS reason_kind FROM quarantine
) GROUP BY ALL ORDER BY n DESC, format, reason_kind
"""

LIST_QUARANTINE = """
SELECT source_file, source_line, source_ref, format, reason, raw, raw_size, quarantined_at
FROM quarantine
WHERE ($source IS NULL OR source_file = $source)
ORDER BY quarantined_at, source_file, source_line, source_ref
LIMIT $limit
"""
