"""The SQL of continuous operation: detection cycles, watched files and polled feeds."""

# -- watched folders and feeds --------------------------------------------------------------------
WATCHED = "SELECT sha256 FROM watched_files WHERE path = ? AND size = ? AND mtime = ?"
SAME_CONTENT = "SELECT inserted FROM watched_files WHERE path = ? AND sha256 = ? LIMIT 1"
REMEMBER_FILE = "INSERT OR REPLACE INTO watched_files VALUES (?, ?, ?, ?, now(), ?)"
FEED_STATE = "SELECT etag, last_modified FROM polled_feeds WHERE url = ?"
SAVE_FEED = "INSERT OR REPLACE INTO polled_feeds VALUES (?, ?, ?, now(), ?, ?, ?)"

# -- detection cycles -----------------------------------------------------------------------------
UNFINISHED_CYCLE = "SELECT cycle_id, attempt FROM detection_cycles WHERE finished_at IS NULL ORDER BY cycle_id DESC LIMIT 1"
NEXT_CYCLE_ID = "SELECT coalesce(max(cycle_id), 0) + 1 FROM detection_cycles"
START_CYCLE = "INSERT INTO detection_cycles VALUES (?, now(), NULL, 'start', NULL, NULL, NULL, '[]', 1)"
RESTART_CYCLE = """
UPDATE detection_cycles SET started_at = now(), stage = 'start', stages = '[]', attempt = attempt + 1
WHERE cycle_id = ?
"""
RECORD_STAGE = "UPDATE detection_cycles SET stage = ?, stages = ? WHERE cycle_id = ?"
RECORD_WINDOW = "UPDATE detection_cycles SET window_start = ?, window_end = ?, posts = ? WHERE cycle_id = ?"
FINISH_CYCLE = "UPDATE detection_cycles SET stage = 'finished', finished_at = now(), stages = ? WHERE cycle_id = ?"
LAST_FINISHED = """
SELECT posts, stages FROM detection_cycles WHERE finished_at IS NOT NULL ORDER BY cycle_id DESC LIMIT 1
"""
LIST_CYCLES = """
SELECT cycle_id, started_at, finished_at, stage, window_start, window_end, posts, stages, attempt
FROM detection_cycles ORDER BY cycle_id DESC LIMIT ?
"""
POST_COUNT = "SELECT count(*), max(created_at) FROM posts"
COORDINATION_RUNS = "SELECT count(*) FROM detection_runs WHERE detector = 'coordination'"
FACT_CHECK_COUNT = "SELECT count(*) FROM fact_checks"
