"""Where veille keeps its data: the database path, from flag, environment or default."""

import os
from pathlib import Path

DEFAULT_DB = "veille.duckdb"
DB_ENV = "VEILLE_DB"


def resolve_db_path(flag: str | os.PathLike | None) -> Path:
    """`--db PATH` wins, then `$VEILLE_DB`, then `./veille.duckdb`."""
    if flag:
        return Path(flag)
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return Path(DEFAULT_DB)
