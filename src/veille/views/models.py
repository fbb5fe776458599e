"""What the analyst views return: typed, frozen records that the pages render and the API sends.

Accounts appear only as `Account` (a keyed pseudonym, the platform, the public handle and display
name): the platform's own account id never leaves the database through a view.
"""

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Account(View):
    id: str  # "acct:" + keyed hash of the platform's account id
    platform: str
    handle: str | None = None
    display_name: str | None = None
    label: str  # what a page shows: @handle, else the display name, else a short pseudonym


class Series(View):
    """Counts per time bin, one list per series name, zeros filled in."""
    step: str  # hour or day
    times: list[datetime]
    series: dict[str, list[int]]


class Count(View):
    name: str
    count: int


class PostRef(View):
    platform: str
    id: str
    account: Account
    created_at: datetime
    lang: str | None = None
    text: str


# -- overview --------------------------------------------------------------------------------

class AlertRef(View):
    id: str
    rule: str
    severity: str
    status: str
    title: str
    subject_kind: str
    subject: str
    first_seen: datetime
    last_seen: datetime


class NarrativeTrend(View):
    id: str
    posts: int  # in the last 24 hours of data
    accounts: int
    languages: list[str]
    label: str  # its most posted text


class SpreadRow(View):
    """How far the claim of one fact-check spreads: posts linked by stream matching."""
    factcheck_id: str
    claim: str
    rating: str | None
    url: str
    language: str | None
    date_published: datetime | None
    debunked: bool
    posts: int  # reply and review
    posts_to_review: int
    posts_after: int  # posted after the fact-check was published
    accounts: int
    platforms: list[str]
    first_seen: datetime
    last_seen: datetime
    daily: list[int]  # posts per day over the whole data


class Overview(View):
    totals: dict[str, int]
    by_platform: dict[str, int]
    by_language: dict[str, int]
    by_day: dict[str, int]
    volume: Series  # posts per hour (per day beyond ten days) by platform
    data_until: datetime | None
    open_alerts: list[AlertRef]
    open_alerts_by_severity: dict[str, int]
    top_narratives: list[NarrativeTrend]
    latest_campaigns: list["CampaignRow"]
    spreading_claims: list[SpreadRow]


# -- campaigns -------------------------------------------------------------------------------

class CampaignRow(View):
    id: str
    run_id: str
    kinds: list[str]
    score: float
    size: int
    platforms: list[str]
    languages: list[str]
    first_seen: datetime
    last_seen: datetime
    leaders: int
    evidence: int  # shared objects
    evidence_by_kind: dict[str, int]
    posts: int  # posts of its accounts


class Member(View):
    account: Account
    role: str
    lead_share: float
    co_actions: int
    posts: int
    followers: int | None = None


class SharedObject(View):
    kind: str
    object: str
    sample: str | None  # the text of its first post (a co-text or co-similar object is a hash or an id)
    accounts: int
    actions: int
    first: datetime
    last: datetime


class Campaign(View):
    summary: CampaignRow
    detector: str
    run_finished_at: datetime
    params: dict
    roles: dict[str, int]
    members: list[Member]
    shared_objects: list[SharedObject]  # the evidence, most accounts first
    top_hashtags: list[Count]
    top_urls: list[Count]


class NodeObject(View):
    kind: str
    object: str
    sample: str | None
    time: datetime


class NetworkNode(View):
    id: str  # the account's pseudonym
    label: str
    platform: str
    role: str
    degree: int
    co_actions: int
    x: float  # layout in [0, 1]
    y: float
    objects: list[NodeObject]  # what it acted on together with others, latest first


class NetworkEdge(View):
    source: str
    target: str
    kind: str
    objects: int
    co_actions: int
    mean_delay: float


class Network(View):
    campaign_id: str
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    members: int
    shown: int  # nodes drawn (the most connected, at most `cap`)
    cap: int
    platforms: list[str]
    roles: list[str]
    kinds: list[str]
    layout: str


class Action(View):
    account: Account
    post: str
    time: datetime


class EvidenceExample(View):
    kind: str
    object: str
    sample: str | None
    total_actions: int
    actions: list[Action]  # the first few


class Timeline(View):
    campaign_id: str
    series: Series  # posts of members, and coordinated actions, per bin
    bursts: list[int]  # indices of bins with coordinated actions
    examples: list[EvidenceExample]


# -- narratives ------------------------------------------------------------------------------

class NarrativeRow(View):
    id: str
    posts: int
    accounts: int
    languages: list[str]
    platforms: list[str]
    first_seen: datetime
    last_seen: datetime
    top_terms: list[str]
    daily: list[int]


class LanguageExamples(View):
    lang: str
    posts: int
    representative: str | None
    examples: list[PostRef]


class Linked(View):
    id: str
    kind: str
    posts: int


class Narrative(View):
    summary: NarrativeRow
    by_language: dict[str, int]
    by_platform: dict[str, int]
    volume: Series  # posts per bin by language
    languages: list[LanguageExamples]
    campaigns: list[Linked]
    families: list[Linked]


# -- claims ----------------------------------------------------------------------------------

class FactCheckRow(View):
    id: str
    claim: str
    rating: str | None
    title: str | None
    publisher: str | None
    url: str
    date_published: datetime | None
    language: str | None
    claimant: str | None
    debunked: bool
    posts: int  # linked by stream matching, reply and review


class FactCheckList(View):
    fact_checks: list[FactCheckRow]
    ratings: list[str]
    languages: list[str]


class MatchedPost(View):
    post: PostRef
    decision: str
    score: float


class FactCheck(View):
    fact_check: FactCheckRow
    appearances: list[str]
    versions: int
    spread: SpreadRow | None
    volume: Series | None  # matched posts per bin by decision
    examples: list[MatchedPost]


Overview.model_rebuild()
