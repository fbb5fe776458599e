"""The simulated election, simulated and ingested once per test session and copied per test.

22,000 posts (seed 7): about 24,000 posts after the planted duplicates, six planted operations,
the #RiverBallots burst on 8 May at 14:00 UTC, and three foreign-funded advertisers.
"""

import json
import shutil
from pathlib import Path

from veille.app import Veille

SEED = 7
POSTS = 22_000
_built: dict[str, Path] = {}


def election(tmp_path_factory) -> tuple[Path, dict]:
    """(path of an ingested database to copy, truth.json) of the simulated election."""
    if "db" not in _built:
        root = tmp_path_factory.mktemp("election")
        Veille.simulate(root / "sim", seed=SEED, posts=POSTS)
        db = root / "election.duckdb"
        with Veille(db) as veille:
            veille.ingest([root / "sim" / "exports"], workers=1)
        _built["db"], _built["truth"] = db, root / "sim" / "truth.json"
    return _built["db"], json.loads(_built["truth"].read_text())


def copy_election(tmp_path_factory, dest: Path) -> tuple[Path, dict]:
    db, truth = election(tmp_path_factory)
    shutil.copy(db, dest)
    return dest, truth
