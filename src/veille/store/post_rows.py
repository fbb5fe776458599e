"""A batch of posts as columns, on its way to the store's `posts` table.

Adapters that read many posts cheaply (canonical JSONL) append plain values here instead of
building a Post per line; every other adapter's Posts are appended too, in file order, so a batch
mixes both and still keeps "the first copy in the file wins". `table()` enriches the columns
(veille.enrich.posts) and builds the Arrow table the writer upserts.

`created_at` holds datetimes, or, from the fast path, strings already checked to be of the form
`2024-06-01T10:00:00Z` (which Arrow parses as a whole column, much faster than one at a time).
"""

from dataclasses import dataclass, field, fields
from datetime import datetime

import orjson
import pyarrow as pa

from veille.enrich.posts import Listed, enrich_columns
from veille.schema import Post
from veille.store.arrow_columns import string_array, string_list_array

_TS = pa.timestamp("us", tz="UTC")


@dataclass
class PostRows:
    platform: list[str] = field(default_factory=list)
    id: list[str] = field(default_factory=list)
    account_id: list[str] = field(default_factory=list)
    created_at: list[datetime | str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    lang: list[str | None] = field(default_factory=list)
    urls: list[Listed] = field(default_factory=list)  # None: not listed by the source, found in the text
    hashtags: list[Listed] = field(default_factory=list)
    mentions: list[Listed] = field(default_factory=list)
    share_of_id: list[str | None] = field(default_factory=list)
    reply_to_id: list[str | None] = field(default_factory=list)
    media_hashes: list[list[str] | tuple[str, ...]] = field(default_factory=list)
    metrics: list[str | None] = field(default_factory=list)  # JSON text, None when there are none
    source_file: list[str] = field(default_factory=list)
    source_line: list[int | None] = field(default_factory=list)
    source_ref: list[str | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.id)

    def columns(self) -> tuple[list, ...]:
        """The column lists themselves, in field order: what canonical JSONL's plain path (C)
        appends a line's values to."""
        return tuple(getattr(self, f.name) for f in fields(self))

    def add_post(self, post: Post) -> None:
        given = post.model_fields_set
        self.platform.append(post.platform)
        self.id.append(post.id)
        self.account_id.append(post.account_id)
        self.created_at.append(post.created_at)
        self.text.append(post.text)
        self.lang.append(post.lang)
        self.urls.append(post.urls if "urls" in given else None)
        self.hashtags.append(post.hashtags if "hashtags" in given else None)
        self.mentions.append(post.mentions if "mentions" in given else None)
        self.share_of_id.append(post.share_of_id)
        self.reply_to_id.append(post.reply_to_id)
        self.media_hashes.append(post.media_hashes)
        self.metrics.append(metrics_json(post.metrics))
        self.source_file.append(post.provenance.source)
        self.source_line.append(post.provenance.line)
        self.source_ref.append(post.provenance.ref)

    def table(self) -> pa.Table:
        """The stored form of the batch: enriched (see veille.enrich.posts)."""
        enriched = enrich_columns(self.text, self.lang, self.urls, self.hashtags, self.mentions)
        return pa.table(
            {
                "platform": string_array(self.platform),
                "id": string_array(self.id),
                "account_id": string_array(self.account_id),
                "created_at": _times(self.created_at),
                "text": string_array(enriched["text"]),
                "text_hash": pa.array(enriched["text_hash"], pa.uint64()),
                "text_tokens": pa.array(enriched["text_tokens"], pa.int32()),
                "lang": string_array(enriched["lang"]),
                "urls": string_list_array(enriched["urls"]),
                "hashtags": string_list_array(enriched["hashtags"]),
                "mentions": string_list_array(enriched["mentions"]),
                "share_of_id": string_array(self.share_of_id),
                "reply_to_id": string_array(self.reply_to_id),
                "media_hashes": string_list_array(self.media_hashes),
                "metrics": string_array(self.metrics),
                "source_file": string_array(self.source_file),
                "source_line": pa.array(self.source_line, pa.int64()),
                "source_ref": string_array(self.source_ref),
            }
        )


def metrics_json(metrics: dict[str, float]) -> str | None:
    return orjson.dumps(metrics).decode() if metrics else None


def _times(values: list[datetime | str]) -> pa.Array:
    if set(map(type, values)) <= {str}:  # every one a str (or none at all): one pass in C
        return string_array(values).cast(_TS)
    return pa.array([datetime.fromisoformat(v) if type(v) is str else v for v in values], _TS)
