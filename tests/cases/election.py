"""A small real simulated election for the case, search and web tests: `veille simulate --posts
20000` (seed 7), ingested, with coordination detection and bursts run on it, and four users:
an admin (root), two analysts (alice, bob) and a viewer (vera), each with password PASSWORD.
Built once per test session (about 10 s) and copied for each test that changes it."""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from veille.app import Veille
from veille.detectors.coordination import make_params

POSTS = 20_000
SEED = 7
PASSWORD = "election-password"
USERS = {"root": "admin", "alice": "analyst", "bob": "analyst", "vera": "viewer"}


@dataclass(frozen=True)
class Election:
    db: Path
    truth: dict

    def copy(self, folder: Path) -> Path:
        """A fresh copy of the database for a test that writes to it."""
        target = folder / "election.duckdb"
        shutil.copyfile(self.db, target)
        return target

    def operation(self, op_id: str) -> dict:
        return next(o for o in self.truth["operations"] if o["id"] == op_id)


def build_election(tmp_path_factory) -> Election:
    root = tmp_path_factory.getbasetemp() / "cases-election"
    db, ready = root / "veille.duckdb", root / "ready"
    if not ready.exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        Veille.simulate(root / "sim", seed=SEED, posts=POSTS)
        with Veille(db) as veille:
            veille.ingest([root / "sim" / "exports"], workers=1)
            veille.detect(make_params())
            veille.bursts()
            for username, role in USERS.items():
                veille.add_user(username, role, PASSWORD)
        ready.touch()
    return Election(db=db, truth=json.loads((root / "sim" / "truth.json").read_text()))
