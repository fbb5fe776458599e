"""Tipline intake throughput: signed WhatsApp webhook calls through the real route, in-process.

    python benchmarks/tipline_intake.py [--calls 20000] [--concurrency 200]

The ASGI app (veille.web.create_app) is called directly by an httpx ASGI transport, so this
measures what the server does per call (body read in chunks, signature, JSON, the adapters'
parser, sealing the address, and the group commit that acknowledges it), without the HTTP
parsing of uvicorn and without a load generator competing for the cores; `benchmarks/serve_load.py`
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

import httpx  # noqa: E402
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


async def flood(app, calls: int, concurrency: int) -> tuple[float, list[float], int]:
    bodies = [body(n) for n in range(calls)]
    signatures = ["sha256=" + hmac.new(SECRET.encode(), b, hashlib.sha256).hexdigest() for b in bodies]
    latencies, failed = [], 0
    queue: asyncio.Queue = asyncio.Queue()
    for n in range(calls):
        queue.put_nowait(n)

    async def worker(client):
        nonlocal failed
        while not queue.empty():
            n = queue.get_nowait()
            start = time.perf_counter()
            r = await client.post("/webhooks/whatsapp", content=bodies[n],
                                  headers={"content-type": "application/json", "x-hub-signature-256": signatures[n]})
            latencies.append(time.perf_counter() - start)
            failed += r.status_code != 200

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        start = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return time.perf_counter() - start, sorted(latencies), failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--converse", type=int, default=2_000, help="messages the conversation handles after")
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
            conversation.step()  # loads the model and matcher
            start, handled = time.perf_counter(), 0
            while handled < args.converse:
                done = conversation.step()
                if not done:
                    break
                handled += done
            seconds = time.perf_counter() - start
            print(f"conversation: {handled} senders handled in {seconds:.1f} s = {handled / seconds:,.0f}/s")
        if stored != args.calls - failed:
            sys.exit(f"lost or duplicated: {args.calls - failed} acknowledged, {stored} stored")


if __name__ == "__main__":
    main()
