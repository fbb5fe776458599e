"""Parameters of coordination detection, with their defaults and the reasons for them.

A frozen dataclass checked by hand rather than a pydantic model like the other detectors'
parameters: `veille detect` is a command that analysts and scripts run again and again, and
importing pydantic cost it a twentieth of its run at a million posts.
"""

from dataclasses import asdict, dataclass, fields
from typing import Literal

from veille.errors import UsageError

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
METHODS = ("veille", "coortweet")

# Allowed ranges: (lowest, lowest allowed?, highest, highest allowed?); None: no bound.
_RANGES = {
    "min_repeat": (1, True, None, False),
    "alpha": (0, False, 1, False),
    "min_consistency": (0, True, 1, True),
    "min_crowd": (2, True, None, False),
    "min_accounts": (2, True, None, False),
    "min_text_tokens": (1, True, None, False),
    "min_hashtags": (2, True, None, False),
    "similarity": (0, False, 1, True),
    "edge_weight": (0, True, 1, True),
    "min_participation": (1, True, None, False),
}


@dataclass(frozen=True)
class Params:
    """What `veille detect` was asked for; stored with every campaign it finds."""

    kinds: tuple[str, ...] | None = None  # None: every kind the data supports
    window: float | Literal["auto"] | None = None  # None: DEFAULT_WINDOWS per kind
    min_repeat: int = 3  # distinct objects a pair must share within the window
    alpha: float = 0.01  # false discovery rate for pair tests
    min_consistency: float = 0.7  # share of common objects acted on together
    min_crowd: int = 100  # crowded objects: acted on by at least this many accounts
    min_accounts: int = 3  # smallest campaign
    min_text_tokens: int = 4  # co-text/co-similar ignore shorter texts
    min_hashtags: int = 3  # co-hashtag: size of the hashtag set
    similarity: float = 0.7  # co-similar: estimated Jaccard of word shingles
    method: Method = "veille"
    edge_weight: float = 0.5  # coortweet: edges above this weight quantile
    min_participation: int = 2  # coortweet: coordinated shares an account needs
    seed: int = 42  # community detection

    def __post_init__(self):
        """Checks every value, and stores numbers as their field's type (a window of 60 is 60.0),
        so that the same request always gives the same record and campaign ids."""
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "kinds":
                value = _kinds(value)
            elif f.name == "window":
                value = _window(value)
            elif f.name == "method":
                if value not in METHODS:
                    raise UsageError(f"--method: should be one of {', '.join(METHODS)}")
            else:
                value = _number(f.name, value, float if f.type in (float, "float") else int)
            object.__setattr__(self, f.name, value)

    def record(self) -> dict:
        """The parameters as JSON-ready values (what is stored with a run)."""
        values = asdict(self)
        values["kinds"] = list(self.kinds) if self.kinds is not None else None
        return values

    def window_for(self, kind: str) -> float | None:
        """Fixed seconds for a kind, or None when it is to be estimated from the data."""
        if self.window == "auto":
            return None
        if self.window is None:
            return float(DEFAULT_WINDOWS[kind])
        return float(self.window)


def make_params(**values) -> Params:
    """Params from user input, where None means "not given, use the default"; a bad value is a
    UsageError with one clear sentence that names the option."""
    unknown = sorted(set(values) - {f.name for f in fields(Params)})
    if unknown:
        raise UsageError(f"--{unknown[0].replace('_', '-')}: not a parameter of coordination detection")
    return Params(**{k: v for k, v in values.items() if v is not None})


def _kinds(kinds) -> tuple[str, ...] | None:
    if kinds is None:
        return None
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise UsageError(f"--kinds: unknown kind {unknown[0]!r}; kinds are {', '.join(KINDS)}")
    if not kinds:
        raise UsageError("--kinds: no kinds given")
    return tuple(dict.fromkeys(kinds))


def _window(window) -> float | str | None:
    if window is None or window == "auto":
        return window
    if isinstance(window, bool) or not isinstance(window, (int, float)):
        raise UsageError("--window: should be a number of seconds or 'auto'")
    if window <= 0:
        raise UsageError("--window: window must be a positive number of seconds, or 'auto'")
    return float(window)


def _number(name: str, value, kind: type) -> int | float:
    option = "--" + name.replace("_", "-")
    integral = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not integral):
        raise UsageError(f"{option}: should be {'a whole number' if kind is int else 'a number'}")
    low, low_ok, high, high_ok = _RANGES.get(name, (None, True, None, True))
    if low is not None and (value < low or (value == low and not low_ok)):
        raise UsageError(f"{option}: should be {'at least' if low_ok else 'greater than'} {low}")
    if high is not None and (value > high or (value == high and not high_ok)):
        raise UsageError(f"{option}: should be {'at most' if high_ok else 'less than'} {high}")
    return kind(value)
