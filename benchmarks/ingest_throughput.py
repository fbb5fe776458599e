"""Ingest throughput: veille against coordination-network-toolkit's `preprocess`, same posts.

    python benchmarks/ingest_throughput.py [--posts 1000000] [--workdir bench-data]

Simulates an election in `jsonl` mode (every post as canonical JSON lines, no `lang` field, so
language identification runs on every post), then times, in the same run:
- `veille ingest` of those files (parse, validate, Unicode repair, URL canonicalisation,
  hashtags and mentions, language identification, upsert into DuckDB), and
- the toolkit's `compute_networks DB preprocess --format csv` of the same posts, converted to
  its CSV beforehand (conversion not timed; the toolkit parses CSV and inserts into SQLite, with
  no enrichment).
It prints posts/s and peak memory of each, their ratio, and veille's peak memory on half the
posts, to show that memory does not grow with the size of the input.
"""

import argparse
import csv
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).parent))
from _measure import compile_sources, measure  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def simulated_posts(workdir: Path, posts: int, seed: int) -> list[Path]:
    sim = workdir / f"sim-{posts}-{seed}"
    truth = sim / "truth.json"
    if not truth.exists() or json.loads(truth.read_text())["mode"] != "jsonl":
        print(f"simulating {posts:,} posts in {sim} ...", flush=True)
        measure([str(BIN / "veille"), "simulate", str(sim), "--posts", str(posts), "--seed", str(seed),
                 "--mode", "jsonl"])
    exports = sim / "exports"
    return sorted(p for folder in ("x", "facebook", "instagram", "telegram", "news")
                  for p in (exports / folder).glob("*.jsonl"))


def to_toolkit_csv(files: list[Path], out: Path) -> int:
    n = 0
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"])
        for path in files:
            with open(path, "rb") as f:
                for line in f:
                    p = orjson.loads(line)
                    ts = int(__import__("datetime").datetime.fromisoformat(p["created_at"].replace("Z", "+00:00")).timestamp())
                    writer.writerow([p["id"], p["account_id"], p.get("account_name", ""), p.get("share_of_id") or "",
                                     p.get("reply_to_id") or "", p["text"], ts, " ".join(p.get("urls", []))])
                    n += 1
    return n


def half_of(files: list[Path], out: Path) -> Path:
    total = sum(1 for path in files for _ in open(path, "rb"))
    with open(out, "wb") as dst:
        written = 0
        for path in files:
            with open(path, "rb") as src:
                for line in src:
                    if written >= total // 2:
                        return out
                    dst.write(line)
                    written += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench-data")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    files = simulated_posts(args.workdir, args.posts, args.seed)
    compile_sources(ROOT)
    toolkit = shutil.which("compute_networks", path=str(BIN))
    if toolkit is None:
        raise SystemExit("coordination-network-toolkit is not installed: pip install -e '.[bench]'")

    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        tmp = Path(tmp)
        toolkit_csv = tmp / "toolkit.csv"
        n = to_toolkit_csv(files, toolkit_csv)
        half = half_of(files, tmp / "half.jsonl")

        veille_run = measure([str(BIN / "veille"), "ingest", "--db", str(tmp / "veille.duckdb"), "--json", "-q",
                              *map(str, files)])
        report = json.loads(veille_run.stdout)
        assert report["inserted"] == n, (report["inserted"], n)
        veille_half = measure([str(BIN / "veille"), "ingest", "--db", str(tmp / "half.duckdb"), "--json", "-q",
                               str(half)])
        peer = measure([toolkit, str(tmp / "toolkit.db"), "preprocess", "--format", "csv", str(toolkit_csv)])
        db_mb = os.path.getsize(tmp / "veille.duckdb") / 2**20

    print(f"\ningest of {n:,} simulated posts (canonical JSONL, every enrichment on), {os.cpu_count()} cores")
    print(f"{'':36}{'seconds':>10}{'posts/s':>12}{'peak MB':>10}")
    print(f"{'veille ingest':36}{veille_run.seconds:>10.1f}{n / veille_run.seconds:>12,.0f}{veille_run.peak_mb:>10.0f}")
    print(f"{'veille ingest, half the posts':36}{veille_half.seconds:>10.1f}"
          f"{n // 2 / veille_half.seconds:>12,.0f}{veille_half.peak_mb:>10.0f}")
    print(f"{'coordination-network-toolkit preprocess':36}{peer.seconds:>10.1f}{n / peer.seconds:>12,.0f}{peer.peak_mb:>10.0f}")
    print(f"veille / toolkit throughput: {peer.seconds / veille_run.seconds:.2f}x; database {db_mb:.0f} MB")
    language_identification(files)


def language_identification(files: list[Path], sample: int = 100_000) -> None:
    """veille's NumPy reading of lid.176 against fastText's own binding, on distinct texts of the
    posts as the model reads them: time per text and how often the top language differs."""
    import fasttext

    from veille.enrich import language
    from veille.enrich.fasttext_lid import LanguageModel

    texts: dict[str, None] = {}
    for path in files:
        with open(path, "rb") as handle:
            for line in handle:
                texts[language._clean(orjson.loads(line).get("text", ""))] = None
                if len(texts) >= sample:
                    break
        if len(texts) >= sample:
            break
    lines = list(texts)
    gc.disable()  # as ingest's workers do (veille.ingest.parallel.fewer_gc_pauses), for both
    reference = fasttext.load_model(str(language._model_path()))
    started = time.perf_counter()
    theirs = [reference.predict(line)[0][0].removeprefix("__label__") for line in lines]
    fasttext_us = (time.perf_counter() - started) / len(lines) * 1e6
    model = LanguageModel(language._model_path())
    started = time.perf_counter()
    ours = [labels[0][0] for labels in model.predict(lines)]  # words new to the model: its first reading
    veille_us = (time.perf_counter() - started) / len(lines) * 1e6
    gc.enable()
    differ = sum(a != b for a, b in zip(ours, theirs))
    print(f"\nlanguage identification, {len(lines):,} distinct texts: fastText's binding {fasttext_us:.1f} us a text, "
          f"veille's NumPy model {veille_us:.1f} us ({fasttext_us / veille_us:.1f}x); top language differs on {differ}")


if __name__ == "__main__":
    main()
