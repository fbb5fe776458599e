"""What an ingest adapter is, and how the right one is found for a file.

An adapter reads one source format and yields canonical records (Post, Account, Ad, FactCheck,
TiplineMessage) and, for each record it cannot read, a Quarantined item with the raw bytes and a
one-line reason. It parses and normalises field shapes only; enrichment shared by every format
(Unicode repair, links, entities, language) happens afterwards in the pipeline.

Adapters register themselves by living in `veille.ingest.adapters` and defining `ADAPTER`, the
way datasette's built-in features use the same hooks as plugins. Format detection asks each
adapter, most specific first (`priority`, higher first), whether a sample of the file's first
64 kB looks like its format.
"""

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from veille.errors import FormatError, UsageError
from veille.ingest.source import DEFAULT_MAX_RECORD_BYTES, Source
from veille.schema import Account, Ad, FactCheck, Post, Quarantined, TiplineMessage

Item = Post | Account | Ad | FactCheck | TiplineMessage | Quarantined


@dataclass(frozen=True)
class Sample:
    """What detection looks at: the first bytes (decompressed) and the file name."""

    head: bytes
    name: str

    @property
    def text(self) -> str:
        return self.head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")


@dataclass(frozen=True)
class IngestOptions:
    platform: str | None = None  # for formats that do not say (CSV with a mapping, HTML)
    column_map: dict[str, str] = field(default_factory=dict)  # csv: canonical field -> column
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    pseudonym_key: bytes = b""  # for tipline senders: stored only as a keyed hash


class Adapter(Protocol):
    name: str
    description: str
    priority: int

    def sniff(self, sample: Sample) -> bool: ...

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]: ...


def adapters() -> list[Adapter]:
    """Every adapter, most specific first."""
    import veille.ingest.adapters as package

    found = []
    for module in pkgutil.iter_modules(package.__path__):
        mod = importlib.import_module(f"{package.__name__}.{module.name}")
        if hasattr(mod, "ADAPTER"):
            found.append(mod.ADAPTER)
    return sorted(found, key=lambda a: (-a.priority, a.name))


def adapter_named(name: str) -> Adapter:
    for adapter in adapters():
        if adapter.name == name:
            return adapter
    known = ", ".join(a.name for a in adapters())
    raise UsageError(f"unknown format {name!r}; known formats: {known}")


def detect(source: Source, sample: Sample | None = None) -> Adapter:
    sample = sample or Sample(source.sample(), source.plain_name)
    if not sample.head.strip():
        raise FormatError(f"{source.path}: file is empty")
    for adapter in adapters():
        if adapter.sniff(sample):
            return adapter
    raise FormatError(
        f"{source.path}: unknown format (not any of: {', '.join(a.name for a in adapters())}); "
        "give --format, and for other tables --format csv --map"
    )


def choose(source: Source, format_name: str | None) -> Adapter:
    """The adapter for a file: the one asked for, checked against the content, or detected."""
    sample = Sample(source.sample(), source.plain_name)
    if format_name is None:
        return detect(source, sample)
    adapter = adapter_named(format_name)
    if not sample.head.strip():
        raise FormatError(f"{source.path}: file is empty")
    if not adapter.sniff(sample):
        try:
            looks = f" (it looks like {detect(source, sample).name})"
        except FormatError:
            looks = ""
        raise FormatError(f"{source.path} is not {adapter.name}{looks}")
    return adapter
