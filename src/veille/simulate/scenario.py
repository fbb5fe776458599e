"""Running the simulation: build the world, plant the operations, write every export and truth.json.

`posts` is the scale: about that many posts are written (organic activity is sized to make up the
difference after the fixed-size operations). Everything is drawn from one seeded generator, and
nothing reads the clock, so the same seed gives the same files.
"""

import random
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

from veille.errors import UsageError
from veille.simulate import ads as ads_module
from veille.simulate import public
from veille.simulate.claims import CLAIMS
from veille.simulate.operations import plant_operations
from veille.simulate.organic import Organic
from veille.simulate.public_formats import (
    telegram_message_id,
    whatsapp_message_id,
    write_fact_checks,
    write_google_ads,
    write_meta_ads,
    write_tipline,
)
from veille.simulate.world import START_TS, Ids, World
from veille.simulate.writers import Exports, stored_account_id, stored_post_id

MIN_POSTS = 20_000  # below this the fixed-size operations would outnumber everyone else
MAX_POSTS = 10_000_000
MODES = ("real", "jsonl")


@dataclass
class Simulation:
    outdir: Path
    posts: int
    by_platform: dict[str, int]
    operations: dict[str, int]
    truth: Path

    def as_dict(self) -> dict:
        return {"outdir": str(self.outdir), "posts": self.posts, "by_platform": self.by_platform,
                "operations": self.operations, "truth": str(self.truth)}


def simulate(outdir: str | Path, *, seed: int = 7, posts: int = 50_000, days: int = 7, mode: str = "real") -> Simulation:
    if not MIN_POSTS <= posts <= MAX_POSTS:
        raise UsageError(f"--posts must be between {MIN_POSTS:,} and {MAX_POSTS:,}")
    if not 2 <= days <= 30:
        raise UsageError("--days must be between 2 and 30")
    if mode not in MODES:
        raise UsageError(f"--mode must be one of {', '.join(MODES)}")
    outdir = Path(outdir)
    if outdir.exists() and any(outdir.iterdir()):
        if not (outdir / "truth.json").exists():
            raise UsageError(f"{outdir} exists and is not an earlier simulation; choose an empty folder")
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True, exist_ok=True)

    rng = random.Random(seed)
    ids = Ids()
    world = World(rng, max(400, posts // 10), ids)
    fixed = 7_000  # operations, believers, surge and news, roughly
    organic = Organic(rng, world, ids, posts_per_hour=max(posts - fixed, posts * 0.3) * 0.80 / (days * 24))
    operations = plant_operations(rng, world, organic, days)
    link_ring = next(op for op in operations if op.id == "link-ring")
    river_url = next(u for u in link_ring.objects if "river" in u)
    believers = public.believers(rng, world, organic, max(30, posts // 2000), days)
    surge = public.surge(rng, world, organic, river_url, days)

    exports = Exports(outdir, mode, random.Random(seed + 1))
    written = 0
    for hour in range(days * 24):
        for post in sorted(organic.hour(hour), key=lambda p: p.t):
            if post.t < START_TS + days * 86400:
                exports.post(post)
                written += 1
    exports.finish()

    side = random.Random(seed + 2)
    meta = ads_module.meta_ads(side)
    google = ads_module.google_ads(side)
    write_meta_ads(exports.root / "ads" / "meta-ad-library.jsonl", meta)
    write_google_ads(exports.root / "ads" / "google-political-ads-creative-stats.csv", google)
    checks = public.fact_checks(side, link_ring.objects)
    write_fact_checks(exports.root / "factchecks", checks)
    tips = public.tipline(side, max(200, posts // 500), days)
    write_tipline(exports.root / "tipline", tips, side)

    truth = {
        "seed": seed, "posts": written, "days": days, "mode": mode,
        "start": _iso(START_TS), "end": _iso(START_TS + days * 86400), "host_country": ads_module.HOST_COUNTRY,
        "operations": [
            {
                "id": op.id, "kind": op.kind, "description": op.description,
                "accounts": [{"platform": a.platform, "id": stored_account_id(a)} for a in op.accounts],
                "principals": [{"platform": a.platform, "id": stored_account_id(a)} for a in op.principals],
                "posts": [{"platform": p.platform, "id": stored_post_id(p)} for p in op.posts
                          if p.t < START_TS + days * 86400],
                "objects": op.objects,
            }
            for op in operations
        ],
        "decoys": _decoys(organic),
        "claims": CLAIMS,
        "fact_checks": [{"url": fc.url, "claim_id": fc.claim_id, "language": fc.lang} for fc in checks],
        "tipline": [
            {"channel": m.channel,
             "id": whatsapp_message_id(m) if m.channel == "whatsapp" else telegram_message_id(m),
             "claim_id": m.claim_id,
             "fact_check": next((fc.url for fc in checks if m.claim_id and fc.claim_id == m.claim_id), None)}
            for m in tips
        ],
        "stream_claims": [{"platform": p.platform, "id": stored_post_id(p), "claim_id": c} for p, c in believers],
        "ads": {
            "foreign": [{"platform": a.platform, "id": a.id, "payer": a.payer, "currency": a.currency,
                         "claim_id": a.claim_id} for a in meta + google if a.foreign],
            "local": sum(1 for a in meta + google if not a.foreign),
        },
        "bursts": [{"kind": surge["kind"], "object": surge["object"], "url": surge["url"],
                    "start": _iso(surge["start"]), "posts": len(surge["posts"])}],
    }
    truth_path = outdir / "truth.json"
    truth_path.write_bytes(orjson.dumps(truth, option=orjson.OPT_INDENT_2))
    return Simulation(outdir=outdir, posts=written, by_platform=dict(sorted(exports.counts.items())),
                      operations={op.id: len(op.accounts) for op in operations}, truth=truth_path)


def _decoys(organic: Organic) -> list[dict]:
    return [
        {"id": "viral-news", "kind": "co-link", "description": "news articles shared by many people within hours",
         "objects": [a.urls[0] for a in organic.articles]},
        {"id": "celebrity-reshares", "kind": "co-share",
         "description": "celebrity posts reshared by their fans, many within minutes",
         "accounts": [{"platform": c.platform, "id": c.id} for c, _ in organic.celebrities]},
        {"id": "greetings", "kind": "co-text", "description": "the same morning greeting posted by many people daily"},
    ]


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
