"""Tipline intake throughput: signed WhatsApp webhook calls through the real route, in-process.

    python benchmarks/tipline_intake.py [--calls 20000] [--concurrency 200]

The ASGI app (veille.web.create_app) is called directly with ASGI messages, so this measures
what the server does per call (body read in chunks, signature, JSON, the adapters' parser,
sealing the address, and the group commit that acknowledges it), without the HTTP parsing of
uvicorn and without a load generator competing for the cores; `benchmarks/serve_load.py`
measures the real server under a flood while the dashboard is served. It also reports how many
commits carried the calls (group commit), that every acknowledged message is stored once, and
how fast the conversation then handles them (one sender each, five distinct texts).
"""

import argparse
import asyncio
import hashlib
import hmac
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402

from veille.app import Veille  # noqa: E402
from veille.tipline import TiplineSettings  # noqa: E402
from veille.web import create_app  # noqa: E402

SECRET = "bench-app-secret"
TEXTS = ["Is it true that ballots marked in pencil are thrown away?", "Can I vote by SMS this year?",
         "Were thousands of ballots found in a river?", "Polls close at noon on Sunday, is that right?",
         "Is my polling station closed because of the strike?"]


def body(n: int) -> bytes:
    sender = f"44770{n % 100_000:07d}"
    return orjson.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {
            "messaging_product": "whatsapp", "metadata": {"display_phone_number": "1555", "phone_number_id": "1065"},
            "contacts": [{"profile": {"name": "A"}, "wa_id": sender}],
            "messages": [{"from": sender, "id": f"wamid.bench{n:09d}", "timestamp": str(int(time.time())),
                          "type": "text", "text": {"body": TEXTS[n % len(TEXTS)]}}]}}]}]})


async def call(app, raw: bytes, signature: str) -> int:
    """One POST /webhooks/whatsapp straight into the ASGI app (no client library in the way)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/webhooks/whatsapp", "raw_path": b"/webhooks/whatsapp",
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 8080),
             "headers": [(b"host", b"bench"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(raw)).encode()),
                         (b"x-hub-signature-256", signature.encode())]}
    sent = False
    status = 0

    async def receive():
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)  # a client that keeps the connection open
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def flood(app, calls: int, concurrency: int) -> tuple[float, list[float], int]:
    bodies = [body(n) for n in range(calls)]
    signatures = ["sha256=" + hmac.new(SECRET.encode(), b, hashlib.sha256).hexdigest() for b in bodies]
    latencies, failed = [], 0
    queue: asyncio.Queue = asyncio.Queue()
    for n in range(calls):
        queue.put_nowait(n)

    async def worker():
        nonlocal failed
        while not queue.empty():
            n = queue.get_nowait()
            start = time.perf_counter()
            status = await call(app, bodies[n], signatures[n])
            latencies.append(time.perf_counter() - start)
            failed += status != 200

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start, sorted(latencies), failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--converse", action=argparse.BooleanOptionalAction, default=True,
                        help="then time the conversation handling every stored message")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Veille(Path(tmp) / "veille.duckdb") as veille:
        settings = TiplineSettings(whatsapp_app_secret=SECRET, bundle_seconds=0)
        app = create_app(veille)
        app.state.tipline_settings = settings
        seconds, latencies, failed = asyncio.run(flood(app, args.calls, args.concurrency))
        stored = veille.store.cursor().execute("SELECT count(*) FROM tipline_inbox").fetchall()[0][0]
        commits = veille.tipline_intake().commits
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
        print(f"intake: {args.calls} calls in {seconds:.2f} s = {args.calls / seconds:,.0f} calls/s "
              f"(concurrency {args.concurrency}); latency p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, "
              f"p99 {p(0.99):.1f} ms; {failed} failed; {stored} stored in {commits} commits "
              f"({args.calls / max(commits, 1):.0f} calls per commit)")
        if args.converse:
            conversation = veille.tipline_conversation(settings)
            veille.matcher().embed(["warm up"])  # the model loads outside the measurement
            start, handled = time.perf_counter(), 0
            while done := conversation.step():
                handled += done
            seconds = time.perf_counter() - start
            print(f"conversation: {handled} senders handled in {seconds:.1f} s = {handled / seconds:,.0f}/s "
                  f"(each a question, {len(TEXTS)} distinct texts)")
        if stored != args.calls - failed:
            sys.exit(f"lost or duplicated: {args.calls - failed} acknowledged, {stored} stored")


if __name__ == "__main__":
    main()
