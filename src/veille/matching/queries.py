"""A file of texts to match (`veille match --input FILE`): JSON lines `{"id": ..., "text": ...}`,
optionally with `"lang"`. `id` is echoed in the output (the line number when absent). A bad line
stops the run before anything is matched, with its line number: one output line per input line is
the contract, and a half-matched file would break it."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from veille.errors import UsageError

MAX_QUERIES = 1_000_000
MAX_TEXT_CHARS = 100_000


@dataclass(frozen=True)
class Query:
    id: str | int
    text: str
    lang: str | None = None


def check_text(text: str, where: str = "text") -> str:
    if not text.strip():
        raise UsageError(f"{where}: empty text, nothing to match")
    if len(text) > MAX_TEXT_CHARS:
        raise UsageError(f"{where}: text longer than {MAX_TEXT_CHARS} characters")
    return text


def json_lines(path: Path, flag: str) -> Iterator[tuple[int, object]]:
    """(line number, value) of each non-blank line of a JSON-lines file given as `flag`; an
    unreadable file or a line that is not JSON stops with one UsageError naming it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{flag} {path}: {exc.strerror or exc}") from None
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise UsageError(f"{path} line {n}: not JSON ({exc})") from None


def read_queries(path: str | Path) -> list[Query]:
    path = Path(path)
    queries = []
    for n, item in json_lines(path, "--input"):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise UsageError(f"{path} line {n}: expected an object with a \"text\" string")
        lang = item.get("lang")
        if lang is not None and not isinstance(lang, str):
            raise UsageError(f"{path} line {n}: \"lang\" must be a language code")
        qid = item.get("id", n)
        if not isinstance(qid, str | int) or isinstance(qid, bool):
            raise UsageError(f"{path} line {n}: \"id\" must be a string or an integer")
        queries.append(Query(qid, check_text(item["text"], f"{path} line {n}"), lang or None))
        if len(queries) > MAX_QUERIES:
            raise UsageError(f"{path}: more than {MAX_QUERIES} queries")
    if not queries:
        raise UsageError(f"{path}: no queries")
    return queries
