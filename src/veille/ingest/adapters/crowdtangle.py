"""CrowdTangle historical-data CSV exports, of Facebook pages and groups or Instagram accounts.

Read by header name. Facebook exports have `Page Name` (`Group Name` for groups), `User Name`,
`Facebook Id`, `Likes at Posting`, `Followers at Posting`, `Post Created`, `Type`, the interaction
columns, `URL`, `Message`, `Link`, `Final Link`, ...; Instagram exports have `Account`, `User
Name`, `Followers at Posting`, `Post Created`, `URL`, `Photo`, `Title`, `Description` (the
caption), ... Quirks of the real files:

- `Post Created` is in the dashboard's time zone, with its abbreviation: `2020-10-01 12:34:56
  EDT`. Old exports call the column `Created`. Without either, `Post Created Date` and `Post
  Created Time` are joined and taken as UTC (they carry no zone).
- Counts may have thousands separators (`1,234`); `N/A` or empty means unknown.
- Instagram exports start with a byte-order mark (`\\ufeffAccount`).
- There is no post id column. The id is taken from the post `URL`: its `story_fbid` or `fbid`
  parameter when it has one, else its last path segment (`.../posts/987`, `.../videos/789`,
  `.../permalink/456`, `.../p/CODE`). A row without a URL gets `sha256:` and the first 32 hex
  digits of the hash of account, time and text, stable across re-ingests; a repeat of the same
  row is then recognised, but an edited text gives another id.
- Instagram exports have no account id: the `User Name` (the handle) is the account id.

Mapping: text is `Message` (Facebook) or `Description` (Instagram); urls are `Final Link`
(where CrowdTangle followed redirects), else `Link` unless it is the post's own `URL` (photos and
videos), then the links in the text, all set on the post; hashtags and mentions are found in the
text by the pipeline. Metrics: interactions (`Total Interactions`), likes, comments, shares, love,
wow, haha, sad, angry, care, views (`Post Views`, or `Views` on Instagram). Accounts: display name
from `Page Name`/`Group Name`/`Account`, handle from `User Name`, followers from `Followers at
Posting` (else `Likes at Posting`), created from `Page Created` (no zone given; taken as UTC).
Sponsor columns are not kept.
"""

import hashlib
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from pydantic import ValidationError

from veille.enrich.entities import urls_in
from veille.enrich.timestamps import parse_time
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters.csv_records import Row, count_cell, header_of, id_cell, rows
from veille.ingest.rejects import describe_validation, quarantined
from veille.ingest.source import Source
from veille.schema import Account, Post, Provenance

_METRICS = {
    "interactions": "Total Interactions", "likes": "Likes", "comments": "Comments", "shares": "Shares",
    "love": "Love", "wow": "Wow", "haha": "Haha", "sad": "Sad", "angry": "Angry", "care": "Care",
    "views": "Post Views",
}


class CrowdTangleAdapter:
    name = "crowdtangle"
    description = "CrowdTangle historical-data CSV (Facebook pages and groups, Instagram)"
    priority = 20

    def sniff(self, sample: Sample) -> bool:
        columns = set(header_of(sample))
        created = bool(columns & {"Post Created", "Created"})
        facebook = {"Facebook Id", "User Name", "URL"} <= columns
        instagram = {"Account", "User Name", "Followers at Posting", "URL"} <= columns
        return created and (facebook or instagram)

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        seen_accounts: set[str] = set()
        for row in rows(source, options, self.name):
            if not isinstance(row, Row):
                yield row
                continue
            try:
                post, account = _post_and_account(row, source)
            except ValueError as exc:
                reason = describe_validation(exc) if isinstance(exc, ValidationError) else str(exc)
                yield quarantined(source.name, self.name, reason, row.raw, line=row.line)
                continue
            yield post
            if account.id not in seen_accounts:
                seen_accounts.add(account.id)
                yield account


def _post_and_account(row: Row, source: Source) -> tuple[Post, Account]:
    instagram = "Account" in row.cells and "Facebook Id" not in row.cells
    platform = "instagram" if instagram else "facebook"
    handle = row.get("User Name") or None
    account_id = handle if instagram else (id_cell(row.get("Facebook Id")) or handle)
    if not account_id:
        raise ValueError("missing account: no Facebook Id or User Name")
    created_at = _created(row)
    text = row.cells.get("Description" if instagram else "Message") or ""
    link = row.get("Final Link") or row.get("Link")
    if link == row.get("URL"):
        link = ""  # a photo or video post's Link is the post itself, not something it shares
    metrics = {name: count_cell(row.get(column)) for name, column in _METRICS.items()}
    if instagram:
        metrics["views"] = count_cell(row.get("Views"))
    provenance = Provenance(source=source.name, line=row.line)
    post = Post(
        platform=platform, id=_post_id(row.get("URL"), account_id, created_at.isoformat(), text),
        account_id=account_id, created_at=created_at, text=text,
        urls=tuple(dict.fromkeys([link, *urls_in(text)] if link else urls_in(text))),
        metrics={name: value for name, value in metrics.items() if value is not None}, provenance=provenance,
    )
    followers = count_cell(row.get("Followers at Posting"))
    if followers is None:
        followers = count_cell(row.get("Likes at Posting"))
    try:
        page_created = parse_time(row.get("Page Created")) if row.get("Page Created") else None
    except ValueError:
        page_created = None
    account = Account(
        platform=platform, id=account_id, handle=handle,
        display_name=row.get("Account") or row.get("Page Name") or row.get("Group Name") or None,
        created_at=page_created, followers=int(followers) if followers is not None else None, provenance=provenance,
    )
    return post, account


def _created(row: Row):
    written = row.get("Post Created") or row.get("Created")
    if not written and row.get("Post Created Date"):
        written = f"{row.get('Post Created Date')} {row.get('Post Created Time')}".strip()
    if not written:
        raise ValueError("missing field: Post Created")
    try:
        return parse_time(written)
    except ValueError:
        raise ValueError(f"unparseable Post Created: {written!r}") from None


def _post_id(url: str, account_id: str, created: str, text: str) -> str:
    if url:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        for key in ("story_fbid", "fbid"):
            if query.get(key):
                return query[key][0]
        segments = [s for s in parts.path.split("/") if s]
        if segments:
            return segments[-1]
    digest = hashlib.sha256("\x1f".join((account_id, created, text)).encode("utf-8")).hexdigest()
    return f"sha256:{digest[:32]}"


ADAPTER = CrowdTangleAdapter()
