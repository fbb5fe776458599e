"""Turning a record that cannot be read into a quarantine entry with a one-line reason."""

import gzip
import zlib

import orjson
from pydantic import ValidationError

from veille.schema import Quarantined

# What reading a cut or corrupt .gz raises, from the line reader, the block reader or an adapter.
CUT_FILE_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


def quarantined(source: str, format: str, reason: str, raw: bytes | str | dict, *, line: int | None = None,
                ref: str | None = None, size: int | None = None) -> Quarantined:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogateescape")
    elif isinstance(raw, dict | list):
        raw = orjson.dumps(raw, default=str)
    return Quarantined(
        source=source, line=line, ref=ref, format=format, reason=reason, raw=raw,
        raw_size=len(raw) if size is None else size,
    )


def cut_file(source: str, format: str, exc: Exception) -> Quarantined:
    """The entry that records a cut or corrupt compressed file: what was read before is kept."""
    return quarantined(source, format, f"truncated or corrupt compressed file: {exc}", b"", ref="end-of-file", size=0)


def describe_validation(exc: ValidationError) -> str:
    """`missing field: created_at`, `bad created_at: ...`: the first problem, in one line."""
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in error["loc"]) or "record"
    kind = error["type"]
    if kind == "missing":
        return f"missing field: {where}"
    if kind == "extra_forbidden":
        return f"unknown field: {where}"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    value = repr(error.get("input"))[:80]
    return f"bad {where}: {error['msg']}, got {value}{more}"


def describe_json_error(exc: Exception, data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"invalid UTF-8: byte {bad.start}"
    message = str(exc).split(":", 1)[0] if "line 1 column" in str(exc) else str(exc)
    return f"invalid JSON: {message}"
