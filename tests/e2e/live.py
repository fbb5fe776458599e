"""A real `veille serve` on loopback over a small simulated election, for the browser tests, the
generated API tests and the load benchmark.

`prepare_election` runs the same commands an analyst would (simulate, ingest, similar, embed a
little, detect, narratives, bursts), adds one user per role and an admin API token, and notes
which detected campaigns are planted operations (truth.json names their accounts).
`LiveServer` starts `veille serve` as a subprocess with the tipline secrets set and
`VEILLE_WHATSAPP_API` pointing at `FakeSendServer`, a local stand-in for the WhatsApp Cloud API
and the Telegram Bot API that records what the server sends.
"""

import hashlib
import hmac
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

PASSWORD = "correct horse battery staple"
ROLES = {"admin": "admin", "analyst": "analyst", "fact-checker": "fact-checker", "viewer": "viewer"}
WHATSAPP_APP_SECRET = "e2e-whatsapp-app-secret"
WHATSAPP_VERIFY_TOKEN = "e2e-whatsapp-verify-token"
TELEGRAM_SECRET_TOKEN = "e2e-telegram-secret-token"
PHONE_NUMBER_ID = "106540352242922"


def veille(*args: str, stdin: str | None = None, timeout: float = 300) -> str:
    """Run the real `veille` command; its standard output, or an error with its standard error."""
    result = subprocess.run([sys.executable, "-m", "veille", *map(str, args)], input=stdin,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"veille {' '.join(map(str, args))} failed:\n{result.stderr[-3000:]}")
    return result.stdout


@dataclass(frozen=True)
class Election:
    folder: Path
    db: Path
    token: str                            # an admin API token
    api_db: Path                          # a copy of `db`, for tests that write at random
    planted_campaigns: tuple[str, ...]    # detected campaigns most of whose members were planted
    timings: dict = field(default_factory=dict)


def prepare_election(folder: Path, *, posts: int = 20_000, seed: int = 3, embed_seconds: float = 8) -> Election:
    """Simulate and analyse a small election in `folder`, as `make demo` does (with a smaller
    embedding budget: narratives need only a few vectors to appear)."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "veille.duckdb"
    sim = folder / "election"
    timings = {}
    steps = [
        ("simulate", ["simulate", sim, "--posts", posts, "--seed", seed]),
        ("ingest", ["ingest", "--db", db, sim / "exports", "--quiet"]),
        ("similar", ["similar", "--db", db, "--limit", "1"]),
        ("embed", ["embed", "--db", db, "--seconds", embed_seconds, "--quiet"]),
        ("detect", ["detect", "--db", db]),
        ("narratives", ["narratives", "--db", db, "--limit", "1"]),
        ("bursts", ["bursts", "--db", db, "--kinds", "hashtag,narrative", "--limit", "1"]),
    ]
    for name, args in steps:
        start = time.perf_counter()
        veille(*args)
        timings[name] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    for username, role in ROLES.items():
        veille("users", "add", username, "--role", role, "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    token = veille("tokens", "create", "admin", "--name", "e2e", "--db", db).strip()
    timings["users"] = round(time.perf_counter() - start, 1)
    truth = json.loads((sim / "truth.json").read_text())
    api_db = folder / "api.duckdb"
    shutil.copyfile(db, api_db)  # every command above closed the database: the file is whole
    return Election(folder=folder, db=db, token=token, api_db=api_db, timings=timings,
                    planted_campaigns=planted_campaigns(db, truth))


def planted_campaigns(db: Path, truth: dict) -> tuple[str, ...]:
    """Campaigns of the latest detection run more than half of whose members are accounts of a
    planted operation, largest first (read before the server opens the database)."""
    import duckdb

    planted = {(a["platform"], a["id"]) for op in truth["operations"] for a in op["accounts"]}
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("""
            WITH latest AS (SELECT run_id FROM detection_runs WHERE run_id IN (SELECT run_id FROM campaigns)
                            ORDER BY started_at DESC LIMIT 1)
            SELECT m.campaign_id, m.platform, m.account_id, c.size
            FROM campaign_members m JOIN campaigns c ON c.run_id = m.run_id AND c.id = m.campaign_id
            WHERE m.run_id IN (SELECT run_id FROM latest)
        """).fetchall()
    finally:
        con.close()
    hits: dict[str, list[int]] = {}
    for campaign_id, platform, account_id, size in rows:
        counts = hits.setdefault(campaign_id, [0, size])
        counts[0] += (platform, account_id) in planted
    found = [(size, cid) for cid, (hit, size) in hits.items() if hit * 2 > size]
    return tuple(cid for _, cid in sorted(found, reverse=True))


class FakeSendServer:
    """Stands in for graph.facebook.com and api.telegram.org: answers every POST as the real API
    does on success and records (path, json body)."""

    def __init__(self):
        self.sent: list[tuple[str, dict]] = []
        sent = self.sent

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"raw": raw.decode("utf-8", "replace")}
                sent.append((self.path, body))
                answer = {"messaging_product": "whatsapp",
                          "contacts": [{"input": str(body.get("to", "")), "wa_id": str(body.get("to", ""))}],
                          "messages": [{"id": f"wamid.fake{len(sent)}"}],
                          "ok": True, "result": {"message_id": len(sent)}}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="fake-send-api", daemon=True)

    def __enter__(self) -> "FakeSendServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(send_api: str) -> dict:
    return {**os.environ,
            "VEILLE_WHATSAPP_APP_SECRET": WHATSAPP_APP_SECRET,
            "VEILLE_WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY_TOKEN,
            "VEILLE_WHATSAPP_TOKEN": "e2e-whatsapp-access-token",
            "VEILLE_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "VEILLE_WHATSAPP_API": send_api,
            "VEILLE_TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET_TOKEN,
            "VEILLE_TELEGRAM_BOT_TOKEN": "123456:e2e-telegram-bot-token",
            "VEILLE_TELEGRAM_API": send_api}


class LiveServer:
    """`veille serve --db DB --port FREE --cycle 3600 --embed-budget 0` in a subprocess, its output
    in `log`; `url` once /health answers. The first detection cycle runs at start (without
    embedding, which would take the CPU for half a minute); the next not within the tests."""

    def __init__(self, db: Path, log: Path, *, send_api: str, cycle: int = 3600, extra: tuple[str, ...] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._log_file = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "veille", "serve", "--db", str(db), "--port", str(self.port),
             "--cycle", str(cycle), "--embed-budget", "0", *extra],
            stdout=self._log_file, stderr=subprocess.STDOUT, env=server_env(send_api))

    def wait(self, timeout: float = 60) -> "LiveServer":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"veille serve exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"veille serve did not answer /health within {timeout} s:\n{self.tail()}")

    def tail(self, chars: int = 4000) -> str:
        self._log_file.flush()
        return self.log.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        """SIGTERM (uvicorn shuts down gracefully and the database closes), then SIGKILL."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log_file.close()

    def __enter__(self) -> "LiveServer":
        return self.wait()

    def __exit__(self, *exc) -> None:
        self.stop()


def whatsapp_body(message_id: str, sender: str, text: str, *, name: str = "Tip sender",
                  timestamp: int | None = None) -> bytes:
    """A WhatsApp Cloud API webhook body carrying one text message, as Meta sends it."""
    return json.dumps({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": name}, "wa_id": sender}],
            "messages": [{"from": sender, "id": message_id, "timestamp": str(timestamp or int(time.time())),
                          "type": "text", "text": {"body": text}}],
        }}]}],
    }, separators=(",", ":")).encode()


def whatsapp_signature(body: bytes, secret: str = WHATSAPP_APP_SECRET) -> str:
    """The X-Hub-Signature-256 header value Meta sends: HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_whatsapp(url: str, message_id: str, sender: str, text: str) -> httpx.Response:
    body = whatsapp_body(message_id, sender, text)
    return httpx.post(url + "/webhooks/whatsapp", content=body, timeout=10,
                      headers={"content-type": "application/json", "x-hub-signature-256": whatsapp_signature(body)})
