"""The SQL of alert rules, triage (acknowledge, snooze, close), targets and the delivery outbox."""

ALERT_COLUMNS = ("id, rule, severity, status, title, subject_kind, subject, first_seen, last_seen, evidence, "
                 "snoozed_until, created_at, updated_at, revision")

# -- reading alerts -------------------------------------------------------------------------------
LIST_ALERTS = f"""
SELECT {ALERT_COLUMNS} FROM alerts
WHERE ($rule IS NULL OR rule = $rule) AND ($status IS NULL OR status = $status)
  AND ($severity IS NULL OR severity = $severity)
ORDER BY first_seen DESC, id
LIMIT $limit
"""
GET_ALERT = f"SELECT {ALERT_COLUMNS} FROM alerts WHERE id = ?"
CHANGED_SINCE = f"SELECT {ALERT_COLUMNS} FROM alerts WHERE revision > ? ORDER BY revision LIMIT ?"
LATEST_REVISION = "SELECT coalesce(max(revision), 0) FROM alerts"

# -- triage -----------------------------------------------------------------------------------------
SET_STATUS = """
UPDATE alerts SET status = $status, snoozed_until = $until, updated_at = now(),
                  revision = nextval('alert_revision_seq')
WHERE id = $id
"""

# -- rules ------------------------------------------------------------------------------------------
LIST_RULES = "SELECT id, enabled, severity, params, updated_at, updated_by FROM alert_rules ORDER BY id"
GET_RULE = "SELECT id, enabled, severity, params, updated_at, updated_by FROM alert_rules WHERE id = ?"
INSERT_RULE = "INSERT INTO alert_rules VALUES (?, ?, ?, ?, now(), 'system') ON CONFLICT (id) DO NOTHING"
UPDATE_RULE = "UPDATE alert_rules SET enabled = ?, severity = ?, params = ?, updated_at = now(), updated_by = ? WHERE id = ?"

# The clocks of the data: rules look at windows that end at the newest record, so that replayed or
# simulated data behave as live data would.
POSTS_CLOCK = "SELECT max(created_at) FROM posts"

LATEST_COORDINATION_RUN = """
SELECT run_id FROM detection_runs WHERE detector = 'coordination' ORDER BY finished_at DESC, run_id LIMIT 1
"""
RUN_CAMPAIGNS = """
SELECT c.id, c.kinds, c.score, c.first_seen, c.last_seen,
       list(m.platform || ':' || m.account_id ORDER BY m.platform, m.account_id) AS accounts
FROM campaigns c JOIN campaign_members m ON m.run_id = c.run_id AND m.campaign_id = c.id
WHERE c.run_id = ?
GROUP BY ALL
HAVING count(*) >= ?
ORDER BY c.id
"""
KNOWN_CAMPAIGNS = "SELECT lineage, campaign_id, accounts FROM alert_campaigns ORDER BY lineage"
SAVE_CAMPAIGN = """
INSERT INTO alert_campaigns VALUES (?, ?, ?, ?, now())
ON CONFLICT (lineage) DO UPDATE SET campaign_id = excluded.campaign_id, run_id = excluded.run_id,
    accounts = excluded.accounts, updated_at = now()
"""

DEBUNKED_SPREAD = """
SELECT m.factcheck_id, f.rating, f.claim_reviewed, f.title, f.url, f.publisher,
       count(*) AS posts, count(DISTINCT p.platform || ':' || p.account_id) AS accounts,
       list(DISTINCT p.platform ORDER BY p.platform) AS platforms,
       min(p.created_at) AS first_post, max(p.created_at) AS last_post,
       list(p.platform || ':' || p.id ORDER BY p.created_at, p.platform, p.id)[1:10] AS first_posts
FROM claim_matches m
JOIN fact_checks f ON f.id = m.factcheck_id
JOIN posts p ON p.platform = m.platform AND p.id = m.post_id
WHERE list_contains($decisions, m.decision) AND list_contains($ratings, lower(trim(f.rating)))
  AND p.created_at > $since AND p.created_at <= $until
GROUP BY ALL
HAVING count(*) >= $min_posts
ORDER BY m.factcheck_id
"""

FOREIGN_ADS = """
SELECT platform, coalesce(page_id, payer, funding_entity, id) AS page, any_value(page_name) AS page_name,
       any_value(payer) AS payer, any_value(beneficiary) AS beneficiary,
       list(DISTINCT currency ORDER BY currency) FILTER (WHERE currency IS NOT NULL) AS currencies,
       list(DISTINCT payer_country ORDER BY payer_country) FILTER (WHERE payer_country IS NOT NULL) AS countries,
       count(*) AS ads, list(id ORDER BY id)[1:20] AS ad_ids, min(start_time) AS first_start,
       max(coalesce(end_time, start_time)) AS last_end, sum(spend_upper) AS spend_upper
FROM ads
WHERE (currency IS NOT NULL AND NOT list_contains($currencies, upper(trim(currency))))
   OR (payer_country IS NOT NULL AND upper(trim(payer_country)) <> $country)
GROUP BY ALL
ORDER BY platform, page
"""

# Tipline messages live in `tipline_messages` and, once the tipline queue exists, in tables of its
# own: every table named tipline_* with channel, id and received_at columns is counted, each
# message once.
TIPLINE_TABLES = """
SELECT table_name FROM information_schema.columns
WHERE table_name LIKE 'tipline%' AND column_name IN ('channel', 'id', 'received_at')
GROUP BY table_name HAVING count(DISTINCT column_name) = 3
ORDER BY table_name
"""
TIPLINE_HOURLY = """
WITH messages AS (SELECT DISTINCT channel, id, received_at FROM ({union}))
SELECT date_trunc('hour', received_at) AS hour, count(*) FROM messages
WHERE received_at > $since AND received_at <= $until
GROUP BY 1 ORDER BY 1
"""
TIPLINE_CLOCK = "SELECT max(received_at) FROM ({union})"

# -- targets ------------------------------------------------------------------------------------------
TARGET_COLUMNS = "id, name, kind, config, min_severity, rules, enabled, created_at, updated_at"
LIST_TARGETS = f"SELECT {TARGET_COLUMNS} FROM alert_targets ORDER BY name"
GET_TARGET = f"SELECT {TARGET_COLUMNS} FROM alert_targets WHERE id = ? OR name = ?"
INSERT_TARGET = "INSERT INTO alert_targets VALUES (?, ?, ?, ?, ?, ?, ?, now(), now())"
UPDATE_TARGET = """
UPDATE alert_targets SET name = ?, config = ?, min_severity = ?, rules = ?, enabled = ?, updated_at = now()
WHERE id = ?
"""
DELETE_TARGET = "DELETE FROM alert_targets WHERE id = ?"
DELETE_TARGET_DELIVERIES = "DELETE FROM alert_deliveries WHERE target_id = ? AND state <> 'delivered'"

# -- the outbox ---------------------------------------------------------------------------------------
SEVERITY_RANK = "CASE {col} WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END"

# Alerts a target wants and has not had at this severity: new ones are queued, and one whose
# severity rose since it was delivered (or queued) is queued again. Snoozed and closed alerts are
# not sent; a target hears only of alerts changed since it was added.
ENQUEUE = f"""
INSERT INTO alert_deliveries
SELECT a.id, t.id, a.severity, 'pending', 0, now(), NULL, now(), NULL
FROM alerts a JOIN alert_targets t
  ON t.enabled AND {SEVERITY_RANK.format(col='a.severity')} >= {SEVERITY_RANK.format(col='t.min_severity')}
 AND (len(t.rules) = 0 OR list_contains(t.rules, a.rule))
LEFT JOIN alert_deliveries d ON d.alert_id = a.id AND d.target_id = t.id
WHERE a.status IN ('open', 'acknowledged') AND a.updated_at >= t.created_at
  AND (d.alert_id IS NULL OR {SEVERITY_RANK.format(col='a.severity')} > {SEVERITY_RANK.format(col='d.severity')})
ON CONFLICT (alert_id, target_id) DO UPDATE SET
    severity = excluded.severity, state = 'pending', attempts = 0, next_attempt = now(), last_error = NULL,
    queued_at = now(), delivered_at = NULL
"""
DUE = f"""
SELECT d.alert_id, d.target_id, d.attempts, d.queued_at, {', '.join('a.' + c for c in ALERT_COLUMNS.split(', '))}
FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
WHERE d.state = 'pending' AND d.next_attempt <= now() AND a.status IN ('open', 'acknowledged')
ORDER BY d.next_attempt, d.queued_at, d.alert_id
LIMIT ?
"""
MARK_DELIVERED = """
UPDATE alert_deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = now(), last_error = NULL
WHERE alert_id = ? AND target_id = ?
"""
MARK_RETRY = """
UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt = now() + to_seconds(?), last_error = ?
WHERE alert_id = ? AND target_id = ?
"""
MARK_FAILED = """
UPDATE alert_deliveries SET state = 'failed', attempts = attempts + 1, last_error = ?
WHERE alert_id = ? AND target_id = ?
"""
LIST_DELIVERIES = """
SELECT d.alert_id, d.target_id, t.name, d.severity, d.state, d.attempts, d.next_attempt, d.last_error,
       d.queued_at, d.delivered_at
FROM alert_deliveries d LEFT JOIN alert_targets t ON t.id = d.target_id
WHERE ($state IS NULL OR d.state = $state) AND ($alert IS NULL OR d.alert_id = $alert)
ORDER BY d.queued_at DESC, d.alert_id, d.target_id
LIMIT $limit
"""
