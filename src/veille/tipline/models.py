"""The tipline's typed results and inputs (frozen pydantic models: the API returns them as JSON)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Suggestion(_Frozen):
    """A fact-check the matcher found for a group's questions (its best score among them)."""

    factcheck_id: str
    score: float
    title: str | None = None
    rating: str | None = None
    url: str | None = None
    language: str | None = None


class Example(_Frozen):
    """A question as a fact-checker sees it: text only, no sender identifier."""

    text: str
    lang: str | None
    asked_at: datetime
    messages: int
    has_media: bool


class GroupSummary(_Frozen):
    id: str
    status: str
    askers: int          # distinct senders
    askers_24h: int      # distinct senders in the last 24 hours: how fast it spreads
    questions: int
    languages: list[str]
    first_asked: datetime
    last_asked: datetime
    examples: list[Example]
    suggestions: list[Suggestion]
    factcheck_id: str | None = None
    note: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None


class NewFactCheck(_Frozen):
    """A fact-check written by a fact-checker to answer a group."""

    claim: str = Field(min_length=1, max_length=5000)
    rating: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=1000)
    url: str = Field(min_length=1, max_length=2000)
    language: str = Field(min_length=2, max_length=16)
    publisher: str | None = Field(default=None, max_length=500)

    @field_validator("claim", "rating", "title", "url", "language")
    @classmethod
    def _stripped(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value


class AnswerResult(_Frozen):
    group_id: str
    factcheck_id: str | None  # None: answered with a note alone
    new_factcheck: bool
    questions: int   # questions of the group now answered
    sent_to: int     # senders a reply was queued for (opted-out senders get none)


class TiplineStats(_Frozen):
    messages_today: int
    questions_today: int
    answered_automatically_today: int
    answered_by_fact_checkers_today: int
    queued: int
    open_groups: int
    median_seconds_to_answer: float | None  # over the last 7 days
    outbox_pending: int
    outbox_failed: int
    helpful: int       # "did this help?" yes, over the last 7 days
    not_helpful: int
