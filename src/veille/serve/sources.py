"""Sources a running server keeps watching: folders where exports land, and RSS/Atom feeds.

Watched folders: a file is ingested once it is complete, that is when it has not changed for
`stable_seconds` (a file still being copied keeps changing size and mtime), and once only: each
ingested file is remembered by path, size and mtime (and its SHA-256, so that a file touched but
unchanged is not ingested again) in `watched_files`, so a restart does not ingest it again; and
ingesting is idempotent anyway (a post is stored once).

Feeds: each URL is fetched with a conditional GET (the ETag and Last-Modified of the previous
answer, kept in `polled_feeds`); a 304 costs nothing. A new body is written beside the database
(`DB.feeds/<hash of the URL>.xml`, replaced each time) and ingested with the `rss` adapter.
"""

import hashlib
import logging
import time
from pathlib import Path

from veille.errors import VeilleError
from veille.serve import sql

log = logging.getLogger("veille.serve")

FEED_TIMEOUT = 20.0
FEED_MAX_BYTES = 20 * 1024 * 1024


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


def ingest_watched(veille, folders: list[str], *, stable_seconds: float = 5.0) -> dict:
    """Ingest the complete files of `folders` not ingested before. Returns counts."""
    counts = {"files": 0, "inserted": 0, "waiting": 0, "failed": 0}
    con = veille.store.cursor()
    for folder in folders:
        root = Path(folder)
        if not root.is_dir():
            log.warning("watched folder %s does not exist", folder)
            continue
        for path in _files(root):
            path = path.resolve()
            stat = path.stat()
            if con.execute(sql.WATCHED, [str(path), stat.st_size, stat.st_mtime]).fetchone():
                continue
            if time.time() - stat.st_mtime < stable_seconds:
                counts["waiting"] += 1  # still being written, perhaps: next cycle
                continue
            digest = _sha256(path)
            same = con.execute(sql.SAME_CONTENT, [str(path), digest]).fetchone()
            inserted = 0
            if same is None:
                try:
                    report = veille.ingest([path], workers=1)
                    inserted = report.total("inserted")
                    counts["files"] += 1
                except VeilleError as exc:  # not a format veille reads: remembered, not retried
                    log.warning("watched file %s not ingested: %s", path, exc)
                    counts["failed"] += 1
            with veille.store.writing() as writer:
                writer.execute(sql.REMEMBER_FILE, [str(path), stat.st_size, stat.st_mtime, digest, inserted])
            counts["inserted"] += inserted
    return counts


def poll_feeds(veille, urls: list[str]) -> dict:
    """Fetch each feed if it changed, and ingest it. Returns counts."""
    import httpx

    counts = {"feeds": len(urls), "changed": 0, "inserted": 0, "failed": 0}
    folder = veille.db_path.with_name(veille.db_path.name + ".feeds")
    for url in urls:
        state = veille.store.cursor().execute(sql.FEED_STATE, [url]).fetchone()
        etag, modified = state if state else (None, None)
        headers = {"User-Agent": "veille-feeds"}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        status, inserted, error = None, 0, None
        try:
            response = httpx.get(url, headers=headers, timeout=FEED_TIMEOUT, follow_redirects=True)
            status = response.status_code
            if status == 200:
                if len(response.content) > FEED_MAX_BYTES:
                    raise VeilleError(f"feed larger than {FEED_MAX_BYTES} bytes")
                folder.mkdir(exist_ok=True)
                path = folder / (hashlib.sha1(url.encode()).hexdigest()[:16] + ".xml")
                path.write_bytes(response.content)
                inserted = veille.ingest([path], format_name="rss", workers=1).total("inserted")
                etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
                counts["changed"] += 1
            elif status != 304:
                error = f"HTTP {status}"
        except (httpx.HTTPError, VeilleError, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
        if error:
            counts["failed"] += 1
            log.warning("feed %s: %s", url, error)
        counts["inserted"] += inserted
        with veille.store.writing() as writer:
            writer.execute(sql.SAVE_FEED, [url, etag, modified, status, inserted, error])
    return counts
