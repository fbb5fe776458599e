"""Column mappings for tabular exports that veille has no adapter for.

A mapping names, for canonical Post fields, the column that holds each: given inline as
`id=post_id,account_id=author,created_at=date,text=message` or as a JSON or TOML file with the
same keys. Required: id, account_id, created_at; text is usual. Optional: platform (a column;
or use --platform for a constant), lang, urls, hashtags, mentions, share_of_id, reply_to_id,
media_hashes, account_name, and metrics.NAME for numeric columns.
"""

import json
import tomllib
from pathlib import Path

from veille.errors import UsageError

FIELDS = {
    "platform", "id", "account_id", "created_at", "text", "lang", "urls", "hashtags", "mentions",
    "share_of_id", "reply_to_id", "media_hashes", "account_name",
}
REQUIRED = ("id", "account_id", "created_at")


def parse_column_map(spec: str) -> dict[str, str]:
    path = Path(spec)
    if path.is_file():
        raw = path.read_text(encoding="utf-8")
        try:
            mapping = tomllib.loads(raw) if path.suffix == ".toml" else json.loads(raw)
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(f"{path}: not a valid mapping file: {exc}") from None
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise UsageError(f"{path}: a mapping is an object of field = column name")
    else:
        mapping = {}
        for pair in spec.split(","):
            if "=" not in pair:
                raise UsageError(f"bad --map entry {pair!r}: expected field=column")
            field, column = (part.strip() for part in pair.split("=", 1))
            mapping[field] = column
    return validate_column_map(mapping)


def validate_column_map(mapping: dict[str, str]) -> dict[str, str]:
    for field in mapping:
        if field not in FIELDS and not field.startswith("metrics."):
            raise UsageError(f"--map: unknown field {field!r}; fields are {', '.join(sorted(FIELDS))}, metrics.NAME")
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        raise UsageError(f"--map: missing {', '.join(missing)}")
    return mapping
