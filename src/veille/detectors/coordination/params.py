"""Parameters of coordination detection, with their defaults and the reasons for them."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from veille.detectors.parameters import from_user

KINDS = ("co-link", "co-share", "co-text", "co-similar", "co-hashtag", "co-reply", "co-domain", "co-image")

# Seconds within which two accounts acting on the same object count as acting together.
DEFAULT_WINDOWS = {
    "co-link": 60,  # link-sharing networks post within the minute (CooRnet's estimated intervals are 20-60 s)
    "co-share": 60,  # automated retweet rings act within seconds; a minute allows for scheduling jitter
    "co-reply": 60,  # reply brigades arrive together under the target post
    "co-domain": 60,  # as co-link: the same site, not the same article
    "co-image": 60,  # as co-link: the same picture
    "co-text": 120,  # pasting a message takes longer than pressing "share"
    "co-hashtag": 300,  # tweetstorms gather on a hashtag set for a few minutes
    "co-similar": 300,  # rewritten or translated copies take minutes to produce
}

Method = Literal["veille", "coortweet"]


class Params(BaseModel):
    """What `veille detect` was asked for; stored with every campaign it finds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: tuple[str, ...] | None = None  # None: every kind the data supports
    window: float | Literal["auto"] | None = None  # None: DEFAULT_WINDOWS per kind
    min_repeat: int = Field(default=3, ge=1)  # distinct objects a pair must share within the window
    alpha: float = Field(default=0.01, gt=0, lt=1)  # false discovery rate for pair tests
    min_consistency: float = Field(default=0.7, ge=0, le=1)  # share of common objects acted on together
    min_crowd: int = Field(default=100, ge=2)  # crowded objects: acted on by at least this many accounts
    min_accounts: int = Field(default=3, ge=2)  # smallest campaign
    min_text_tokens: int = Field(default=4, ge=1)  # co-text/co-similar ignore shorter texts
    min_hashtags: int = Field(default=3, ge=2)  # co-hashtag: size of the hashtag set
    similarity: float = Field(default=0.7, gt=0, le=1)  # co-similar: estimated Jaccard of word shingles
    method: Method = "veille"
    edge_weight: float = Field(default=0.5, ge=0, le=1)  # coortweet: edges above this weight quantile
    min_participation: int = Field(default=2, ge=1)  # coortweet: coordinated shares an account needs
    seed: int = 42  # community detection

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, kinds):
        if kinds is None:
            return None
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown kind {unknown[0]!r}; kinds are {', '.join(KINDS)}")
        if not kinds:
            raise ValueError("no kinds given")
        return tuple(dict.fromkeys(kinds))

    @field_validator("window")
    @classmethod
    def _positive_window(cls, window):
        if isinstance(window, (int, float)) and window <= 0:
            raise ValueError("window must be a positive number of seconds, or 'auto'")
        return window

    def window_for(self, kind: str) -> float | None:
        """Fixed seconds for a kind, or None when it is to be estimated from the data."""
        if self.window == "auto":
            return None
        if self.window is None:
            return float(DEFAULT_WINDOWS[kind])
        return float(self.window)


def make_params(**values) -> Params:
    """Params from user input; a bad value is a UsageError with one clear sentence."""
    return from_user(Params, **values)
