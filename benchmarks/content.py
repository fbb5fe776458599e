"""Content: what the embedding budget buys, and the time of families, narratives and bursts.

    python benchmarks/content.py [--posts 20000] [--big-posts 1000000] [--seed 7] [--workdir bench-data]

In one run:
1. **Budget**: a small simulated election (`--posts`, in `jsonl` mode) is ingested, families are
   built, and `veille embed` catches up in steps to 10%, 30% and 100% of the distinct post texts
   (cumulative, so each step costs only its increment). After each step, `veille similar` and
   `veille detect` run again, and the script prints how much of the planted cross-lingual
   network and of the spun-text content farm is found: the share of their posts in translation
   (resp. spin) families, and the account precision and recall of the campaigns.
2. **Scale**: the 1M-post simulation of benchmarks/ingest_throughput.py is ingested, and the
   script times `veille similar`, `veille embed --budget 500`, `veille narratives` and `veille
   bursts` on it, and one burst cycle as of an hour after the planted #RiverBallots surge began,
   checking that it finds the surge in its first bin.
"""

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from ingest_throughput import ROOT, simulated_posts  # noqa: E402

from veille.app import Veille  # noqa: E402
from veille.detectors.bursts import make_params as burst_params  # noqa: E402
from veille.detectors.coordination import make_params  # noqa: E402
from veille.detectors.coordination.output import detection_json  # noqa: E402
from veille.simulate.evaluate import evaluate_coordination  # noqa: E402


def timed(label: str, call):
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start
    print(f"  {label:<44}{seconds:>9.1f} s", flush=True)
    return result, seconds


def _posts_of(truth: dict, operation: str) -> set[str]:
    [op] = [o for o in truth["operations"] if o["id"] == operation]
    return {f"{p['platform']}:{p['id']}" for p in op["posts"]}


def budget_steps(workdir: Path, posts: int, seed: int) -> None:
    files = simulated_posts(workdir, posts, seed)
    truth = json.loads((files[0].parents[2] / "truth.json").read_text())
    translated, farm = _posts_of(truth, "translated"), _posts_of(truth, "content-farm")
    print(f"\n1. embedding budget, {truth['posts']:,} simulated posts")
    print(f"{'budget':>8}{'texts':>8}{'embed s':>9}{'posts covered':>15}"
          f"{'transl. in fam.':>17}{'P':>6}{'R':>6}{'campaigns':>11}{'spun in fam.':>14}{'P':>6}{'R':>6}")
    with tempfile.TemporaryDirectory(dir=workdir) as tmp, Veille(Path(tmp) / "veille.duckdb") as app:
        app.ingest(files)
        app.similar()
        spent, done = 0.0, 0
        for target in (0, 10, 30, 100):
            if target > done:  # a budget is per run: embed the increment
                start = time.perf_counter()
                app.embed(budget=f"{target - done}%")
                spent += time.perf_counter() - start
                done = target
            budget = f"{target}%"
            families = [f.as_dict() for f in app.similar()]
            detection = detection_json(app.detect(make_params()))
            scores = {s.operation: s for s in evaluate_coordination(truth, detection)["operations"]}
            in_kind = {kind: {p for f in families if f["kind"] == kind for p in f["posts"]}
                       for kind in ("translation", "spin")}
            coverage = app.store.cursor().execute(
                "SELECT count(*) FILTER (WHERE e.text_hash IS NOT NULL) / count(*), count(DISTINCT e.text_hash) "
                "FROM posts p LEFT JOIN embeddings e ON e.text_hash = p.text_hash").fetchone()
            t, f = scores["translated"], scores["content-farm"]
            print(f"{budget:>8}{coverage[1]:>8}{spent:>9.0f}{coverage[0]:>15.0%}"
                  f"{len(translated & in_kind['translation']) / len(translated):>17.0%}{t.precision:>6.2f}{t.recall:>6.2f}"
                  f"{t.campaigns:>11}"
                  f"{len(farm & in_kind['spin']) / len(farm):>14.0%}{f.precision:>6.2f}{f.recall:>6.2f}", flush=True)


def scale(workdir: Path, posts: int, seed: int) -> None:
    files = simulated_posts(workdir, posts, seed)
    truth = json.loads((files[0].parents[2] / "truth.json").read_text())
    print(f"\n2. content detectors on {truth['posts']:,} simulated posts")
    with tempfile.TemporaryDirectory(dir=workdir) as tmp, Veille(Path(tmp) / "veille.duckdb") as app:
        timed("veille ingest", lambda: app.ingest(files))
        found, _ = timed("veille similar (copies, spins, translations)", app.similar)
        print(f"    {len(found):,} families of two posts or more")
        run, _ = timed("veille embed --budget 500", lambda: app.embed(budget="500"))
        narratives, _ = timed("veille narratives", app.narratives)
        print(f"    {narratives.new_narratives:,} narratives; {narratives.posts_in_narratives:,} of "
              f"{narratives.posts:,} posts in narratives")
        (bursts, _), _ = timed("veille bursts (every item kind, whole week)", app.bursts)
        print(f"    {len(bursts)} bursts")
        [surge] = truth["bursts"]
        start = datetime.fromisoformat(surge["start"].replace("Z", "+00:00"))
        (cycle, _), _ = timed("one burst cycle, an hour into the surge",
                              lambda: app.bursts(burst_params(since=start - timedelta(hours=1),
                                                              until=start + timedelta(hours=1))))
        hit = [b for b in cycle if b.kind == "hashtag" and b.item == surge["object"]]
        print(f"    #{surge['object']} found starting {hit[0].start.isoformat() if hit else 'NOT FOUND'} "
              f"(planted {start.isoformat()}), peak {hit[0].peak_accounts if hit else 0} accounts")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--big-posts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench-data")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    budget_steps(args.workdir, args.posts, args.seed)
    scale(args.workdir, args.big_posts, args.seed)


if __name__ == "__main__":
    main()
