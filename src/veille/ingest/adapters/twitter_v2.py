"""X/Twitter API v2 responses: `data` (tweets), `includes.users`, `includes.tweets`, `meta`.

Two shapes are read. What twarc2 writes: one response page per line, each with a `__twarc` note
(read line by line, so a bad line is quarantined alone). And a response saved as one document,
pretty-printed or not, or several of them in a JSON array (read as a stream of tweets and users,
never loaded whole). `data` may be a list or, from single-tweet lookup, one object.

Mapping: `referenced_tweets` of type `retweeted` becomes `share_of_id`, `replied_to` becomes
`reply_to_id`. A quote is not a share (it adds the quoter's own words) and the canonical post has
no quote field, so `quoted` is not kept as a relation; the quoted tweet's address is normally
among the quote's `entities.urls`, where co-link detection sees it, and the quoted tweet itself is
stored from `includes.tweets`. Referenced tweets in `includes.tweets` are posts like any other.
Long tweets carry their full text and entities in `note_tweet`, preferred to the cut `text`.

When a tweet has `entities`, urls (`unwound_url`, else `expanded_url`), hashtags (`tag`) and
mentions (`username`) are set from it, empty lists included, so the pipeline believes the
export; a url entity with a `media_key` is the tweet's own photo or video, not a shared link, and
is left out. Without `entities`, the pipeline finds them in the text. Metrics from
`public_metrics`: likes, reposts (`retweet_count`), replies, quotes, bookmarks, views
(`impression_count`). Users become accounts: `username` the handle, `name` the display name,
`public_metrics.followers_count` the followers. A page with only `errors` or `meta` (nothing
found, or referenced tweets that are gone) yields nothing.
"""

import re
from collections.abc import Iterator

import ijson
import orjson
from pydantic import ValidationError

from veille.enrich.timestamps import parse_time
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters.json_events import TooLarge, first_line, parts
from veille.ingest.rejects import describe_json_error, describe_validation, quarantined
from veille.ingest.source import Source, iter_lines
from veille.schema import Account, Post, Provenance

_DATA_KEY = re.compile(r'"data"\s*:\s*[\[{]')
_V2_MARK = re.compile(r'"(author_id|edit_history_tweet_ids|__twarc|includes|result_count|conversation_id)"\s*:')
_METRICS = {
    "likes": "like_count", "reposts": "retweet_count", "replies": "reply_count", "quotes": "quote_count",
    "bookmarks": "bookmark_count", "views": "impression_count",
}
# ijson paths of tweets and users in one response, and in a JSON array of responses.
# X still writes the retired ISO 639 codes for Indonesian and Hebrew.
_TWEETS = {"data", "data.item", "includes.tweets.item", "item.data", "item.data.item", "item.includes.tweets.item"}
_USERS = {"includes.users.item", "item.includes.users.item"}


class TwitterV2Adapter:
    name = "twitter-v2"
    description = "X/Twitter API v2 responses (twarc2 JSON lines, or one response document)"
    priority = 20

    def sniff(self, sample: Sample) -> bool:
        text = sample.text
        return text.startswith(("{", "[")) and bool(_DATA_KEY.search(text)) and bool(_V2_MARK.search(text))

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        if self._one_response_a_line(source, options):
            yield from self._read_lines(source, options)
        else:
            yield from self._read_document(source, options)

    def _one_response_a_line(self, source: Source, options: IngestOptions) -> bool:
        """Lines, when the first non-blank line is a whole JSON value (or too large to tell)."""
        with source.open() as stream:
            for line in iter_lines(stream, options.max_record_bytes):
                if line.size > options.max_record_bytes:
                    return True
                try:
                    orjson.loads(line.data)
                except orjson.JSONDecodeError:
                    return False
                return True
        return False

    def _read_lines(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        limit = options.max_record_bytes
        with source.open() as stream:
            for line in iter_lines(stream, limit):
                def reject(reason: str):
                    return quarantined(source.name, self.name, reason, line.data, line=line.number, size=line.size)

                if line.size > limit:
                    yield reject(f"record too large: {line.size} bytes > {limit}")
                    continue
                try:
                    page = orjson.loads(line.data)
                except orjson.JSONDecodeError as exc:
                    yield reject(describe_json_error(exc, line.data))
                    continue
                if not isinstance(page, dict) or not page.keys() & {"data", "includes", "meta", "errors"}:
                    yield reject("not an API v2 response (no data, includes, meta or errors)")
                    continue
                data = page.get("data") or []
                includes = page.get("includes") or {}
                tweets = [*(data if isinstance(data, list) else [data]), *(includes.get("tweets") or [])]
                for tweet in tweets:
                    yield _tweet_or_reject(tweet, source, self.name, line.number)
                for user in includes.get("users") or []:
                    yield _user_or_reject(user, source, self.name, line.number)

    def _read_document(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        count, last = 0, None
        with source.open() as stream:
            try:
                for path, value in parts(stream, build=_TWEETS | _USERS, max_bytes=options.max_record_bytes):
                    if isinstance(value, TooLarge):
                        yield quarantined(source.name, self.name, f"record too large: about {value.size} bytes > "
                                          f"{options.max_record_bytes}", b"", ref=str(value.id), size=value.size)
                    elif path in _USERS:
                        yield _user_or_reject(value, source, self.name, None)
                    else:
                        yield _tweet_or_reject(value, source, self.name, None)
                    count += 1
                    last = value.get("id") if isinstance(value, dict) else last
            except ijson.JSONError as exc:
                where = f"after tweet or user {last}" if last is not None else "before the first tweet"
                yield quarantined(source.name, self.name, f"invalid or cut JSON {where} ({count} read before): "
                                  f"{first_line(exc)}", b"", ref="end-of-document", size=0)


def _tweet_or_reject(tweet, source: Source, fmt: str, line: int | None) -> Item:
    ref = str(tweet.get("id")) if isinstance(tweet, dict) else None
    try:
        return _tweet(tweet, Provenance(source=source.name, line=line, ref=ref))
    except ValueError as exc:
        reason = describe_validation(exc) if isinstance(exc, ValidationError) else str(exc)
        return quarantined(source.name, fmt, reason, tweet, line=line, ref=ref)


def _tweet(tweet, provenance: Provenance) -> Post:
    if not isinstance(tweet, dict):
        raise ValueError("tweet is not a JSON object")
    for field in ("id", "author_id", "created_at"):
        if not tweet.get(field):
            raise ValueError(f"missing field: {field}")
    try:
        created_at = parse_time(tweet["created_at"])
    except ValueError:
        raise ValueError(f"bad created_at: {tweet['created_at']!r}") from None
    note = tweet.get("note_tweet") if isinstance(tweet.get("note_tweet"), dict) else {}
    refs = {r.get("type"): str(r.get("id")) for r in tweet.get("referenced_tweets") or [] if isinstance(r, dict)}
    metrics = tweet.get("public_metrics") or {}
    fields = dict(
        platform="x", id=str(tweet["id"]), account_id=str(tweet["author_id"]), created_at=created_at,
        text=note.get("text") or tweet.get("text") or "", lang=tweet.get("lang"),
        share_of_id=refs.get("retweeted"), reply_to_id=refs.get("replied_to"),
        metrics={name: metrics[key] for name, key in _METRICS.items() if isinstance(metrics.get(key), int | float)},
        provenance=provenance,
    )
    entities = note.get("entities") if isinstance(note.get("entities"), dict) else tweet.get("entities")
    if isinstance(entities, dict):
        links = [u for u in entities.get("urls") or [] if isinstance(u, dict) and not u.get("media_key")]
        fields["urls"] = tuple(filter(None, (u.get("unwound_url") or u.get("expanded_url") or u.get("url")
                                             for u in links)))
        fields["hashtags"] = tuple(
            h.get("tag") for h in entities.get("hashtags") or [] if isinstance(h, dict) and h.get("tag")
        )
        fields["mentions"] = tuple(
            m.get("username") for m in entities.get("mentions") or [] if isinstance(m, dict) and m.get("username")
        )
    return Post(**fields)


def _user_or_reject(user, source: Source, fmt: str, line: int | None) -> Item:
    ref = str(user.get("id")) if isinstance(user, dict) else None
    try:
        if not isinstance(user, dict) or not user.get("id"):
            raise ValueError("user without an id")
        followers = (user.get("public_metrics") or {}).get("followers_count")
        return Account(
            platform="x", id=str(user["id"]), handle=user.get("username"), display_name=user.get("name"),
            created_at=parse_time(user["created_at"]) if user.get("created_at") else None,
            followers=followers if isinstance(followers, int) else None,
            provenance=Provenance(source=source.name, line=line, ref=f"user/{ref}"),
        )
    except ValueError as exc:
        reason = describe_validation(exc) if isinstance(exc, ValidationError) else str(exc)
        return quarantined(source.name, fmt, f"bad user: {reason}", user, line=line, ref=f"user/{ref}")


ADAPTER = TwitterV2Adapter()
