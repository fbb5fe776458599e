"""X/Twitter information-operations archives: the tweet CSVs of transparency.twitter.com.

One row per tweet, read by header name (releases add and drop columns such as `poll_choices`),
with the author's profile repeated on every row. Quirks of the real releases:

- Ids are kept as written, never through a float. `123.0` becomes `123`; a reference id that a
  spreadsheet turned into `1.23e+18` is dropped (the digits are gone), and a row whose own
  `tweetid` or `userid` is in that state is quarantined.
- In the "hashed" releases, accounts with fewer than 5,000 followers have `userid`,
  `user_screen_name` and `user_display_name` all replaced by the same hash (base64, case
  matters); they are stored as they are, since that hash is the only identity the archive gives.
- `tweet_time` is minute precision UTC (`2019-05-03 14:04`); `account_creation_date` a date.
- `hashtags` and `urls` are Python-list strings (`['a', 'b']`), unquoted in some releases
  (`[a, b]`), often `[]`; they are set on the post, so the export is believed.
- `user_mentions` lists user *ids* (hashed for small accounts), not handles, so it is not used:
  mentions are found in `tweet_text` by the pipeline, like for every other format.
- `is_retweet` is `True`/`False`; a retweet's `retweet_tweetid` becomes `share_of_id`.
  `quoted_tweet_tweetid` has no place in the canonical post and is not kept.
- Counts may be written as floats (`0.0`); `latitude`/`longitude` hold `absent` in hashed
  releases and are not used.

Metrics: likes (`like_count`), reposts (`retweet_count`), replies (`reply_count`), quotes
(`quote_count`). Accounts come from the user columns of the first row of each user.
"""

from collections.abc import Iterator

from pydantic import ValidationError

from veille.enrich.timestamps import parse_time
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters.csv_records import Row, count_cell, header_of, id_cell, list_cell, rows
from veille.ingest.rejects import describe_validation, quarantined
from veille.ingest.source import Source
from veille.schema import Account, Post, Provenance

_SIGNATURE = {"tweetid", "userid", "tweet_time", "tweet_text"}
# X still writes the retired ISO 639 codes for Indonesian and Hebrew.
_METRICS = {"likes": "like_count", "reposts": "retweet_count", "replies": "reply_count", "quotes": "quote_count"}


class TwitterIoAdapter:
    name = "twitter-io"
    description = "X/Twitter information-operations archive CSV (hashed or unhashed)"
    priority = 20

    def sniff(self, sample: Sample) -> bool:
        return _SIGNATURE <= set(header_of(sample))

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        seen_accounts: set[str] = set()
        for row in rows(source, options, self.name):
            if not isinstance(row, Row):
                yield row
                continue
            try:
                post = _post(row, source)
            except ValueError as exc:
                reason = describe_validation(exc) if isinstance(exc, ValidationError) else str(exc)
                yield quarantined(source.name, self.name, reason, row.raw, line=row.line)
                continue
            yield post
            if post.account_id not in seen_accounts:
                seen_accounts.add(post.account_id)
                yield _account(row, post)


def _post(row: Row, source: Source) -> Post:
    tweet_id = id_cell(row.get("tweetid"))
    if not tweet_id:
        raise ValueError("missing tweetid")
    user_id = id_cell(row.get("userid"))
    if not user_id:
        raise ValueError("missing userid")
    try:
        created_at = parse_time(row.get("tweet_time"))
    except ValueError:
        raise ValueError(f"unparseable tweet_time: {row.get('tweet_time')!r}") from None
    is_retweet = row.get("is_retweet").lower() == "true"
    lang = row.get("tweet_language")
    metrics = {name: count_cell(row.get(column)) for name, column in _METRICS.items()}
    return Post(
        platform="x", id=tweet_id, account_id=user_id, created_at=created_at,
        text=row.cells.get("tweet_text") or "", lang=lang or None,
        urls=tuple(list_cell(row.get("urls"))), hashtags=tuple(list_cell(row.get("hashtags"))),
        share_of_id=_reference(row, "retweet_tweetid") if is_retweet else None,
        reply_to_id=_reference(row, "in_reply_to_tweetid"),
        metrics={name: value for name, value in metrics.items() if value is not None},
        provenance=Provenance(source=source.name, line=row.line),
    )


def _reference(row: Row, column: str) -> str | None:
    try:
        return id_cell(row.get(column))
    except ValueError:
        return None  # rounded by a spreadsheet: a wrong link is worse than none


def _account(row: Row, post: Post) -> Account:
    try:
        created_at = parse_time(row.get("account_creation_date"))
    except ValueError:
        created_at = None
    followers = count_cell(row.get("follower_count"))
    return Account(
        platform="x", id=post.account_id, handle=row.get("user_screen_name") or None,
        display_name=row.get("user_display_name") or None, created_at=created_at,
        followers=int(followers) if followers is not None else None, provenance=post.provenance,
    )


ADAPTER = TwitterIoAdapter()
