"""Canonical records, as described in DESIGN.md.

Every adapter turns its source format into these, and only these reach the store. They are
frozen (a record is a fact about a source, not a thing to mutate) and reject unknown fields, so a
misspelt field in an adapter or a canonical JSONL file is an error, not silently dropped data.
Times are timezone-aware UTC; a naive time is taken to be UTC already.
"""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None or not value.utcoffset():
        return value.replace(tzinfo=UTC)  # much cheaper than astimezone, the common case
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_to_utc)]
NonEmpty = Annotated[str, Field(min_length=1, max_length=1024)]
Platform = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Provenance(Record):
    """Where a record came from: the source (file path or channel) and its line or message id."""

    source: str
    line: int | None = None
    ref: str | None = None


class Post(Record):
    """Something an account published: a post, tweet, message, repost or news article."""

    platform: Platform
    id: NonEmpty
    account_id: NonEmpty
    created_at: UtcDatetime
    text: str = ""
    lang: str | None = None
    urls: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    share_of_id: str | None = None
    reply_to_id: str | None = None
    media_hashes: tuple[str, ...] = ()
    metrics: dict[str, float] = Field(default_factory=dict)
    provenance: Provenance


class Account(Record):
    """A publishing identity on one platform: a user, page, group or channel."""

    platform: Platform
    id: NonEmpty
    handle: str | None = None
    display_name: str | None = None
    created_at: UtcDatetime | None = None
    followers: int | None = None
    provenance: Provenance


class RegionShare(Record):
    """Share (0..1) of an ad's delivery that went to one region."""

    region: str
    share: float


class Ad(Record):
    """A political or issue ad from an ad library."""

    platform: Platform
    id: NonEmpty
    page_id: str | None = None
    page_name: str | None = None
    funding_entity: str | None = None
    payer: str | None = None
    beneficiary: str | None = None
    payer_country: str | None = None
    currency: str | None = None
    spend_lower: float | None = None
    spend_upper: float | None = None
    impressions_lower: int | None = None
    impressions_upper: int | None = None
    delivery_regions: tuple[RegionShare, ...] = ()
    target_countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    creative_bodies: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    start_time: UtcDatetime | None = None
    end_time: UtcDatetime | None = None
    provenance: Provenance


class FactCheck(Record):
    """A published fact-check, in ClaimReview terms."""

    id: NonEmpty
    claim_reviewed: str
    rating: str | None = None
    title: str | None = None
    publisher: str | None = None
    url: str
    date_published: UtcDatetime | None = None
    language: str | None = None
    claimant: str | None = None
    appearances: tuple[str, ...] = ()
    provenance: Provenance


class TiplineMessage(Record):
    """A message forwarded by a member of the public to a fact-checkers' tipline.

    `sender_hash` is a keyed hash of the phone number or account id; the raw identifier is never
    stored.
    """

    channel: Platform
    id: NonEmpty
    sender_hash: NonEmpty
    text: str = ""
    media_hashes: tuple[str, ...] = ()
    lang: str | None = None
    received_at: UtcDatetime
    answer: str | None = None
    provenance: Provenance


class Quarantined(Record):
    """A record that could not be ingested, kept with its raw bytes and the reason."""

    source: str
    line: int | None = None
    ref: str | None = None
    format: str
    reason: str
    raw: bytes
    raw_size: int
