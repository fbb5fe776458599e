"""Watched folders and polled feeds: each complete file is ingested once, across restarts; a file
still being written waits; feeds are fetched with conditional GET."""

import os
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from veille.app import Veille
from veille.serve.services import ServeSettings
from veille.serve.sources import ingest_watched, poll_feeds

FIXTURES = Path(__file__).parents[1] / "fixtures"


def post_count(app) -> int:
    return app.store.cursor().execute("SELECT count(*) FROM posts").fetchone()[0]


def test_watched_files_are_ingested_once_even_after_a_restart(db_path, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "jsonl" / "posts.jsonl", inbox / "posts.jsonl")
    old = time.time() - 60
    os.utime(inbox / "posts.jsonl", (old, old))  # written a minute ago: complete
    with Veille(db_path) as app:
        first = ingest_watched(app, [str(inbox)], stable_seconds=5)
        posts = post_count(app)
        assert first["files"] == 1 and first["inserted"] == posts > 0
        assert ingest_watched(app, [str(inbox)])["files"] == 0
    with Veille(db_path) as app:  # a restart remembers it
        assert ingest_watched(app, [str(inbox)])["files"] == 0
        # Touched but unchanged: not ingested again either.
        os.utime(inbox / "posts.jsonl", (old + 1, old + 1))
        assert ingest_watched(app, [str(inbox)])["files"] == 0
        assert post_count(app) == posts


def test_a_file_still_being_written_waits(app, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = (FIXTURES / "jsonl" / "posts.jsonl").read_bytes()
    growing = inbox / "landing.jsonl"
    growing.write_bytes(data[:100])  # just written, and cut mid-record: not yet stable
    assert ingest_watched(app, [str(inbox)], stable_seconds=5) == {"files": 0, "inserted": 0, "waiting": 1,
                                                                   "failed": 0}
    growing.write_bytes(data)
    old = time.time() - 60
    os.utime(growing, (old, old))
    assert ingest_watched(app, [str(inbox)], stable_seconds=5)["files"] == 1
    with Veille(tmp_path / "whole.duckdb") as whole:  # the file ingested whole, for comparison
        whole.ingest([FIXTURES / "jsonl" / "posts.jsonl"], workers=1)
        assert post_count(app) == post_count(whole) > 0
        assert len(app.quarantine()) == len(whole.quarantine())  # never a half-written record


def test_a_cycle_ingests_the_watched_folder(app, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "jsonl" / "posts.jsonl", inbox / "a.jsonl")
    old = time.time() - 60
    os.utime(inbox / "a.jsonl", (old, old))
    record = app.run_cycle(ServeSettings(watch=[str(inbox)], embed_budget=0))
    stages = {s["stage"]: s for s in record["stages"]}
    assert stages["ingest"]["status"] == "ok" and stages["ingest"]["result"]["files"] == 1
    assert record["finished"] and post_count(app) > 0


class _Feed(BaseHTTPRequestHandler):
    body = (FIXTURES / "rss" / "feed.rss").read_bytes()
    seen: list[dict] = []

    def do_GET(self):
        _Feed.seen.append(dict(self.headers))
        if self.headers.get("if-none-match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", '"v1"')
        self.send_header("Last-Modified", "Fri, 08 May 2026 14:00:00 GMT")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def test_feeds_are_polled_with_conditional_get(app):
    server = HTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
    try:
        first = poll_feeds(app, [url])
        assert first["changed"] == 1 and first["inserted"] > 0
        posts = post_count(app)
        second = poll_feeds(app, [url])  # 304: nothing fetched, nothing ingested
        assert second["changed"] == 0 and second["failed"] == 0
        assert _Feed.seen[-1].get("If-None-Match") == '"v1"'
        assert _Feed.seen[-1].get("If-Modified-Since") == "Fri, 08 May 2026 14:00:00 GMT"
        assert post_count(app) == posts
    finally:
        server.shutdown()
        server.server_close()
    assert poll_feeds(app, [url])["failed"] == 1  # down: recorded, and the next cycle tries again
