"""Shared test fixtures: real files, the real embedded database, the real command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from veille.app import Veille

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path in ../shared/data, or skip the test with the reason when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "veille.duckdb"


@pytest.fixture
def app(db_path: Path):
    with Veille(db_path) as veille:
        yield veille


def run_veille(*args: str, env: dict | None = None, check: bool = False,
               input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real `veille` command in a subprocess."""
    result = subprocess.run(
        [sys.executable, "-m", "veille", *map(str, args)],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600, input=input,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"veille {' '.join(map(str, args))} failed:\n{result.stderr}")
    return result
