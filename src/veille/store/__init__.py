"""The embedded store: one DuckDB file, a versioned schema, one writer."""

from veille.store.database import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store"]
