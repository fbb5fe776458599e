"""Load: does the dashboard stay responsive while the tipline takes a flood, and is any message lost?

    python benchmarks/serve_load.py [--rate 1000] [--seconds 60] [--connections 256] [--posts 20000]

1. A small simulated election is analysed and served by `veille serve` on loopback, as the
   end-to-end tests do (tests/e2e/live.py), with the tipline secrets set and a local stand-in
   for the WhatsApp send API.
2. For `--seconds`, signed WhatsApp Cloud API webhook calls go out at `--rate` per second, each
   carrying one text message with its own `wamid` (and one of 5,000 senders, so that no sender
   reaches the per-hour question limit too fast to matter). The schedule is open-loop: call i is
   due at start + i/rate whatever happened to the calls before it; a pool of keep-alive HTTP/1.1
   connections (raw asyncio streams, bodies signed in advance) sends them, and a call's latency
   counts from when it was due, so time spent waiting for a free connection counts too.
   A platform delivers webhooks concurrently, not one after another: with C connections the
   rate can never exceed C / (time to acknowledge one call), and a call is acknowledged only
   after the group commit that stores it (some 25-35 ms here), so 48 connections cap the flood
   near 1,400 calls/s even against a server with nothing else to do. The default, 256, leaves
   the server as the limit; `--connections 48` shows the capped case.
3. Meanwhile a thread logged in as an analyst loads /, /campaigns, /alerts and /tipline in turn,
   about two pages a second, and records each page's time.
4. The server is stopped (SIGTERM: the intake flushes), and the WhatsApp rows of the tipline
   inbox are counted: lost = acknowledged (2xx) - stored, which must be 0.

Prints the figures; exits 1 when a message is lost.

`--generator-only` floods a trivial keep-alive HTTP sink (a child process that answers 200 at
once) instead, to show what the generator itself achieves on this machine.
"""

import argparse
import asyncio
import os
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import httpx  # noqa: E402

from tests.e2e.live import (  # noqa: E402
    PASSWORD,
    FakeSendServer,
    LiveServer,
    prepare_election,
    whatsapp_body,
    whatsapp_signature,
)

PAGES = ["/", "/campaigns", "/alerts", "/tipline"]
QUESTIONS = [
    "Is it true that ballots marked in pencil are thrown away?",
    "Someone says polls close at noon on Sunday, is that right?",
    "Can I vote by SMS this year?",
    "Were thousands of ballots found in a river?",
    "Is my polling station closed because of the strike?",
]
SENDERS = 5_000


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def inbox_count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM tipline_inbox WHERE channel = 'whatsapp'").fetchone()[0]
    finally:
        con.close()


def signed_requests(count: int, host: str, run: str) -> list[bytes]:
    """Every webhook call of the run as raw HTTP/1.1 bytes, built before the clock starts."""
    now = int(time.time())
    requests = []
    for i in range(count):
        sender = f"4477009{i % SENDERS:05d}"
        body = whatsapp_body(f"wamid.load{run}{i:08d}", sender, f"{QUESTIONS[i % len(QUESTIONS)]} (#{i})",
                             name=f"Sender {i % SENDERS}", timestamp=now)
        head = (f"POST /webhooks/whatsapp HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                f"X-Hub-Signature-256: {whatsapp_signature(body)}\r\nContent-Length: {len(body)}\r\n\r\n")
        requests.append(head.encode() + body)
    return requests


@dataclass
class WebhookFigures:
    due: int = 0
    sent: int = 0
    ok: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    first_sent: float = 0.0
    last_sent: float = 0.0
    last_done: float = 0.0
    dispatch_lag: float = 0.0  # how late the generator itself queued its latest-queued call

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Status and whether the server keeps the connection open, reading the whole body."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, keep = 0, True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            keep = False
    if length:
        await reader.readexactly(length)
    return status, keep


async def webhook_worker(host: str, port: int, jobs: asyncio.Queue, figures: WebhookFigures) -> None:
    reader = writer = None
    while True:
        job = await jobs.get()
        if job is None:
            break
        due, request = job
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            figures.sent += 1
            figures.last_sent = time.perf_counter()
            status, keep = await asyncio.wait_for(read_response(reader), 30)
            done = time.perf_counter()
            figures.latencies.append(done - due)
            figures.last_done = done
            if 200 <= status < 300:
                figures.ok += 1
            else:
                figures.error(f"HTTP {status}")
            if not keep:
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError) as exc:
            figures.error(type(exc).__name__)
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def flood(host: str, port: int, requests: list[bytes], rate: float, connections: int) -> WebhookFigures:
    """Open loop: call i is due at start + i/rate; workers take due calls in order."""
    figures = WebhookFigures(due=len(requests))
    jobs: asyncio.Queue = asyncio.Queue()
    workers = [asyncio.create_task(webhook_worker(host, port, jobs, figures)) for _ in range(connections)]
    start = time.perf_counter() + 0.1
    figures.first_sent = start
    i = 0
    while i < len(requests):
        now = time.perf_counter()
        due_count = min(len(requests), int((now - start) * rate) + 1)
        while i < due_count:
            jobs.put_nowait((start + i / rate, requests[i]))
            figures.dispatch_lag = max(figures.dispatch_lag, now - (start + i / rate))
            i += 1
        await asyncio.sleep(0.001)
    for _ in workers:
        jobs.put_nowait(None)
    await asyncio.gather(*workers)
    return figures


async def sink(port: int) -> None:
    """A trivial HTTP/1.1 server answering every request 200 on a kept-alive connection."""
    answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: application/json\r\n\r\n{}"

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
                await reader.readexactly(length)
                writer.write(answer)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


def generator_only(args) -> None:
    import subprocess

    from tests.e2e.live import free_port

    port = free_port()
    child = subprocess.Popen([sys.executable, __file__, "--sink", str(port)])
    try:
        time.sleep(1.0)
        requests = signed_requests(int(args.rate * args.seconds), f"127.0.0.1:{port}", "sink")
        figures = asyncio.run(flood("127.0.0.1", port, requests, args.rate, args.connections))
    finally:
        child.terminate()
        child.wait(10)
    ms = [x * 1000 for x in figures.latencies]
    sending = max(figures.last_sent - figures.first_sent, 1e-9)
    print(f"generator alone: {figures.sent} calls sent in {sending:.1f} s = {figures.sent / sending:,.0f}/s "
          f"(target {args.rate:g}/s), {figures.ok} answered, at most {figures.dispatch_lag * 1000:.0f} ms behind "
          f"schedule; latency p50 {percentile(ms, .5):.1f} ms p99 {percentile(ms, .99):.1f} ms; "
          f"errors {figures.errors or 0}")


def login(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token,
                                         "next": "/"})
    if answer.status_code != 303:
        raise SystemExit(f"login as {username} failed: {answer.status_code}")
    return client


def browse(client: httpx.Client, stop: threading.Event, times: list[float], errors: list[str],
           pages_per_second: float = 2.0) -> None:
    """Dashboard pages in turn, one every 1/pages_per_second seconds (or right after a slower one)."""
    i = 0
    next_due = time.perf_counter()
    while not stop.is_set():
        path = PAGES[i % len(PAGES)]
        start = time.perf_counter()
        try:
            response = client.get(path)
            if response.status_code != 200:
                errors.append(f"{path}: HTTP {response.status_code}")
        except httpx.HTTPError as exc:
            errors.append(f"{path}: {type(exc).__name__}")
        times.append(time.perf_counter() - start)
        i += 1
        next_due += 1 / pages_per_second
        stop.wait(max(0.0, next_due - time.perf_counter()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=1000, help="webhook calls per second [1000]")
    parser.add_argument("--seconds", type=float, default=60, help="how long the flood lasts [60]")
    parser.add_argument("--connections", type=int, default=256, help="keep-alive connections [256]")
    parser.add_argument("--posts", type=int, default=20_000, help="size of the simulated election [20000]")
    parser.add_argument("--pages-per-second", type=float, default=2.0,
                        help="dashboard pages loaded per second during the flood; 0: none [2]")
    parser.add_argument("--generator-only", action="store_true",
                        help="flood a trivial local sink instead of veille, to measure the generator")
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help="where the election and database go (default: a temporary folder)")
    args = parser.parse_args()
    if args.sink:
        asyncio.run(sink(args.sink))
        return
    if args.generator_only:
        generator_only(args)
        return

    with tempfile.TemporaryDirectory(prefix="veille-load-") as tmp:
        folder = Path(args.workdir or tmp)
        print(f"preparing a simulated election of {args.posts} posts in {folder} ...", flush=True)
        election = prepare_election(folder / "election", posts=args.posts, embed_seconds=5)
        print(f"  done: {election.timings}", flush=True)
        before = inbox_count(election.db)
        count = int(args.rate * args.seconds)
        run = os.urandom(4).hex()

        with FakeSendServer() as send_api:
            server = LiveServer(election.db, folder / "serve-load.log", send_api=send_api.url).wait()
            try:
                requests = signed_requests(count, f"127.0.0.1:{server.port}", run)
                dashboard = login(server.url, "analyst")
                page_times: list[float] = []
                page_errors: list[str] = []
                stop = threading.Event()
                browser = threading.Thread(target=browse, args=(dashboard, stop, page_times, page_errors,
                                                                args.pages_per_second))
                print(f"flooding /webhooks/whatsapp with {count} calls at {args.rate:g}/s over "
                      f"{args.connections} connections, loading the dashboard meanwhile ...", flush=True)
                if args.pages_per_second > 0:
                    browser.start()
                try:
                    try:
                        import uvloop
                        uvloop.install()
                    except ImportError:
                        pass
                    figures = asyncio.run(flood("127.0.0.1", server.port, requests, args.rate, args.connections))
                finally:
                    stop.set()
                    if browser.is_alive():
                        browser.join()
                    dashboard.close()
                load = os.getloadavg()
            finally:
                server.stop()
            replies = len(send_api.sent)

        after = inbox_count(election.db)
        report(args, figures, page_times, page_errors, stored=after - before, load=load, replies=replies)
        lost = figures.ok - (after - before)
        if lost > 0:
            raise SystemExit(1)


def report(args, figures: WebhookFigures, page_times, page_errors, *, stored: int, load, replies: int) -> None:
    elapsed = max(figures.last_done - figures.first_sent, 1e-9)
    sending = max(figures.last_sent - figures.first_sent, 1e-9)
    ms = [x * 1000 for x in figures.latencies]
    page_ms = [x * 1000 for x in page_times]
    print()
    print(f"webhook calls due       {figures.due}")
    print(f"  sent                  {figures.sent}")
    print(f"  answered 2xx          {figures.ok}")
    print(f"  achieved rate         {figures.sent / sending:,.0f} calls/s sent over {sending:.1f} s "
          f"(target {args.rate:g}/s; generator at most {figures.dispatch_lag * 1000:.0f} ms behind schedule); "
          f"{len(ms) / elapsed:,.0f} answered/s over {elapsed:.1f} s")
    print(f"  latency from due time p50 {percentile(ms, .50):.1f} ms  p95 {percentile(ms, .95):.1f} ms  "
          f"p99 {percentile(ms, .99):.1f} ms  max {max(ms, default=float('nan')):.1f} ms")
    print(f"  errors                {sum(figures.errors.values())} {figures.errors or ''}")
    print(f"dashboard pages         {len(page_ms)} loaded ({', '.join(PAGES)}), {len(page_errors)} errors"
          f"{' ' + str(page_errors[:5]) if page_errors else ''}")
    print(f"  page time             p50 {percentile(page_ms, .50):.0f} ms  p95 {percentile(page_ms, .95):.0f} ms  "
          f"max {max(page_ms, default=float('nan')):.0f} ms")
    print(f"messages stored         {stored} (acknowledged {figures.ok}; lost {figures.ok - stored})")
    print(f"replies sent to the fake WhatsApp API  {replies}")
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
