"""Line-oriented formats: one record per line, parsed by a pure function.

An adapter whose format has one record per line (canonical JSONL, twarc2 output, webhook logs)
implements `parse_line(line, context)`; `read_lines` gives it the usual streaming `read`, and the
pipeline can hand chunks of lines to worker processes instead, since nothing in a line depends on
the lines before it. A line over the record size limit is quarantined here, for every such format.
An adapter may also offer `add_block(block, context, batch)`, a faster way to put a whole block of
lines into a batch (canonical JSONL fills the post columns directly); `fill_block` uses it when it
is there.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from veille.ingest.adapter import IngestOptions, Item
from veille.ingest.rejects import quarantined
from veille.ingest.source import Block, Line, Source, iter_lines, lines_in


@dataclass
class LineContext:
    source: str
    format: str
    options: IngestOptions
    scratch: dict = field(default_factory=dict)  # per reader: e.g. accounts already yielded


class LineAdapter(Protocol):
    name: str

    def parse_line(self, line: Line, context: LineContext) -> Iterable[Item]: ...


def parse(adapter: LineAdapter, line: Line, context: LineContext) -> Iterable[Item]:
    limit = context.options.max_record_bytes
    if line.size > limit:
        return [quarantined(context.source, context.format, f"record too large: {line.size} bytes > {limit}",
                            line.data, line=line.number, size=line.size)]
    return adapter.parse_line(line, context)


def fill(adapter: LineAdapter, lines: Iterable[tuple[int, bytes, int]], context: LineContext, batch) -> None:
    """Lines (number, bytes, size) parsed into a `veille.store.writer.Batch`, in order."""
    for number, data, size in lines:
        for item in parse(adapter, Line(number, data, size), context):
            batch.add(item)


def fill_block(adapter: LineAdapter, block: Block, context: LineContext, batch) -> None:
    """A block of whole lines (veille.ingest.source.Block) parsed into a batch, in order."""
    add_block = getattr(adapter, "add_block", None)
    if add_block is not None:
        add_block(block, context, batch)
    else:
        fill(adapter, lines_in(block, context.options.max_record_bytes), context, batch)


def read_lines(adapter: LineAdapter, source: Source, options: IngestOptions) -> Iterator[Item]:
    context = LineContext(source.name, adapter.name, options)
    with source.open() as stream:
        for line in iter_lines(stream, options.max_record_bytes):
            yield from parse(adapter, line, context)
