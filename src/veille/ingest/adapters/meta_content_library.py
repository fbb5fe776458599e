"""Meta Content Library CSV downloads of Facebook and Instagram posts.

Read by header name; the columns are the Content Library API fields, flattened with dots. Facebook
post downloads have `id`, `creation_time`, `modified_time`, `text`, `lang`, `content_type`,
`multimedia`, `is_branded_content`, `match_type`, `mcl_url`, `post_owner.{id,name,type,username}`
(the account that posted), `surface.{id,name,type}` (the page, group or profile it was posted
to), `shared_post_id` (the original, on a reshare), `link_attachment.link` and
`statistics.{reaction_count, like_count, love_count, wow_count, haha_count, sad_count,
angry_count, care_count, comment_count, share_count, views, views_date_last_refreshed}`.
Instagram downloads have the same core with `hashtags`, no `surface.*`, and only
`statistics.{like_count, comment_count, views, views_date_last_refreshed}`. Quirks:

- There is no post permalink; `mcl_url` points into the Content Library itself.
- The platform is not a column. It is `--platform` when given; else Facebook when the header has
  `surface.*`, `shared_post_id` or the Facebook-only statistics, Instagram when it has
  `hashtags`; else, row by row, Instagram when `post_owner.type` is an Instagram account type
  (`creator`, `business`, `personal`) or `mcl_url` names Instagram, and Facebook otherwise.
- `creation_time` is UTC. Ids are strings; one that a spreadsheet turned into `1.2e+15` makes
  the row unusable and it is quarantined.
- `statistics.views` is absent (empty), not zero, on posts that are not videos; empty counts are
  left out of the metrics rather than stored as 0.

Mapping: `post_owner.id` is the account (handle `post_owner.username`, display name
`post_owner.name`); `shared_post_id` becomes `share_of_id`; urls are `link_attachment.link` and
the links in the text, set on the post; Instagram `hashtags` are set on the post (a list string,
`["a", "b"]` or `a, b`), Facebook hashtags are found in the text by the pipeline. Metrics:
reactions, likes, love, wow, haha, sad, angry, care, comments, shares, views.
"""

from collections.abc import Iterator

from pydantic import ValidationError

from veille.enrich.entities import urls_in
from veille.enrich.timestamps import parse_time
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters.csv_records import Row, count_cell, header_of, id_cell, list_cell, rows
from veille.ingest.rejects import describe_validation, quarantined
from veille.ingest.source import Source
from veille.schema import Account, Post, Provenance

_METRICS = {
    "reactions": "reaction_count", "likes": "like_count", "love": "love_count", "wow": "wow_count",
    "haha": "haha_count", "sad": "sad_count", "angry": "angry_count", "care": "care_count",
    "comments": "comment_count", "shares": "share_count", "views": "views",
}
_FACEBOOK_ONLY = {"surface.id", "surface.type", "surface.name", "shared_post_id", "statistics.reaction_count",
                  "statistics.share_count"}
_INSTAGRAM_OWNERS = {"creator", "business", "personal"}


class MetaContentLibraryAdapter:
    name = "meta-content-library"
    description = "Meta Content Library CSV download (Facebook or Instagram posts)"
    priority = 20

    def sniff(self, sample: Sample) -> bool:
        columns = set(header_of(sample))
        return {"id", "creation_time", "post_owner.id"} <= columns

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        seen_accounts: set[tuple[str, str]] = set()
        platform: str | None = options.platform
        for row in rows(source, options, self.name):
            if not isinstance(row, Row):
                yield row
                continue
            if platform is None:
                platform = _platform_of_header(row.cells.keys())
            try:
                post = _post(row, platform or _platform_of_row(row), source)
            except ValueError as exc:
                reason = describe_validation(exc) if isinstance(exc, ValidationError) else str(exc)
                yield quarantined(source.name, self.name, reason, row.raw, line=row.line)
                continue
            yield post
            if (post.platform, post.account_id) not in seen_accounts:
                seen_accounts.add((post.platform, post.account_id))
                yield Account(platform=post.platform, id=post.account_id, handle=row.get("post_owner.username") or None,
                              display_name=row.get("post_owner.name") or None, provenance=post.provenance)


def _platform_of_header(columns) -> str | None:
    columns = set(columns)
    if columns & _FACEBOOK_ONLY:
        return "facebook"
    if "hashtags" in columns:
        return "instagram"
    return None


def _platform_of_row(row: Row) -> str:
    if row.get("post_owner.type").lower() in _INSTAGRAM_OWNERS or "instagram" in row.get("mcl_url").lower():
        return "instagram"
    return "facebook"


def _post(row: Row, platform: str, source: Source) -> Post:
    post_id = id_cell(row.get("id"))
    if not post_id:
        raise ValueError("missing field: id")
    account_id = id_cell(row.get("post_owner.id"))
    if not account_id:
        raise ValueError("missing field: post_owner.id")
    if not row.get("creation_time"):
        raise ValueError("missing field: creation_time")
    try:
        created_at = parse_time(row.get("creation_time"))
    except ValueError:
        raise ValueError(f"unparseable creation_time: {row.get('creation_time')!r}") from None
    try:
        shared = id_cell(row.get("shared_post_id"))
    except ValueError:
        shared = None  # rounded by a spreadsheet: a wrong link is worse than none
    text = row.cells.get("text") or ""
    link = row.get("link_attachment.link")
    metrics = {name: count_cell(row.get(f"statistics.{column}")) for name, column in _METRICS.items()}
    fields = dict(
        platform=platform, id=post_id, account_id=account_id, created_at=created_at, text=text,
        lang=row.get("lang") or None, share_of_id=shared,
        urls=tuple(dict.fromkeys([link, *urls_in(text)] if link else urls_in(text))),
        metrics={name: value for name, value in metrics.items() if value is not None},
        provenance=Provenance(source=source.name, line=row.line),
    )
    if "hashtags" in row.cells:
        fields["hashtags"] = tuple(list_cell(row.get("hashtags")))
    return Post(**fields)


ADAPTER = MetaContentLibraryAdapter()
