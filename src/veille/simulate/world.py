"""The people and outlets of the simulated election, and the clock they post on.

Accounts have a platform, a language, a heavy-tailed activity level (a few people post a lot,
most post rarely: Pareto with alpha 1.2, as measured on real platforms, capped at 200 times the
least active) and a follower count. Ids
look like each platform's: snowflake numbers on X, numeric page ids on Facebook and Instagram,
`channel<N>` on Telegram, the site's host for news.
"""

import bisect
import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from veille.simulate.lexicon import FIRST_NAMES, LANGUAGES

START = datetime(2026, 5, 4, tzinfo=UTC)  # a Monday; the last day, Sunday 10 May, is election day
START_TS = START.timestamp()
X_EPOCH_MS = 1288834974657  # Twitter's snowflake epoch

MAX_ACTIVITY = 200.0  # times the least active account
LANGUAGE_SHARE = {"en": 0.30, "fr": 0.20, "es": 0.15, "de": 0.15, "pt": 0.10, "id": 0.10}
# Rough UTC offsets of where each language's users live, for their daily rhythm.
UTC_OFFSET = {"en": 0, "fr": 2, "es": 2, "de": 2, "pt": -3, "id": 7}
PLATFORM_SHARE = {"x": 0.60, "facebook": 0.20, "instagram": 0.08, "telegram": 0.12}

# Share of a day's posts in each local hour (0..23): quiet at night, peaks at noon and evening.
DIURNAL = [0.6, 0.35, 0.25, 0.2, 0.25, 0.5, 1.2, 2.4, 3.2, 3.5, 3.6, 3.8, 4.4, 4.2, 3.8, 3.7, 3.8, 4.3, 5.0,
           5.6, 5.8, 5.2, 3.8, 1.9]


@dataclass(slots=True)
class Account:
    platform: str
    id: str
    handle: str
    name: str
    lang: str
    created_at: float
    followers: int
    activity: float
    role: str = "organic"
    traits: tuple[str, ...] = ()


@dataclass(slots=True)
class SimPost:
    platform: str
    id: str
    account: Account
    t: float
    text: str
    lang: str
    urls: list[str] = field(default_factory=list)
    share_of: "SimPost | None" = None
    reply_to: "SimPost | None" = None
    op: str | None = None
    kind: str = "original"
    title: str | None = None  # news articles
    metrics: dict[str, int] = field(default_factory=dict)


class Ids:
    """Platform-shaped ids, unique and deterministic."""

    def __init__(self):
        self._seq = itertools.count()
        self._page = itertools.count(100000000000001, 7919)
        self._channel = itertools.count(1100000001, 104729)

    def post_id(self, platform: str, t: float, account: Account) -> str:
        seq = next(self._seq)
        if platform in ("x", "news"):
            return str(((int(t * 1000) - X_EPOCH_MS) << 22) | (seq & 0x3FFFFF))
        if platform in ("facebook", "instagram"):
            return f"{account.id}_{10**15 + seq}"
        if platform == "telegram":
            return str(seq + 1)
        raise ValueError(platform)

    def account_id(self, platform: str, rng: random.Random) -> str:
        if platform == "x":
            return str(rng.randrange(10**17, 10**19))
        if platform in ("facebook", "instagram"):
            return str(next(self._page))
        if platform == "telegram":
            return f"channel{next(self._channel)}"
        raise ValueError(platform)


class World:
    def __init__(self, rng: random.Random, n_organic: int, ids: Ids):
        self.rng = rng
        self.ids = ids
        self.accounts: list[Account] = []
        self.by_lang_platform: dict[tuple[str, str], list[Account]] = {}
        self._pools: dict[tuple[str, tuple[str, ...]], list[Account]] = {}
        self._handles: set[str] = set()
        for _ in range(n_organic):
            lang = _pick(rng, LANGUAGE_SHARE)
            platform = _pick(rng, PLATFORM_SHARE)
            traits = ("greeter",) if rng.random() < 0.12 else ()
            self.add(self.new_account(platform, lang, role="organic", traits=traits))
        self._reindex()

    def new_account(self, platform: str, lang: str, *, role: str, traits: tuple[str, ...] = (),
                    handle: str | None = None, name: str | None = None, followers: int | None = None) -> Account:
        rng = self.rng
        first = rng.choice(FIRST_NAMES[lang])
        tries = 0
        while handle is None or handle in self._handles:
            # first names are few: widen the numbers as they run out (a million accounts, say)
            handle = f"{first}{rng.choice(['', '_', '.'])}{rng.randrange(1, 9999 * 10 ** min(tries, 6))}".replace(".", "_")
            tries += 1
        self._handles.add(handle)
        # Heavy-tailed, but human: capped so that the busiest account posts some tens of times a day
        # (an uncapped Pareto tail gives one "person" a post every few seconds at ten million posts).
        activity = min(rng.paretovariate(1.2), MAX_ACTIVITY)
        # CrowdTangle's Instagram exports name accounts by user name only, and a news site is its host.
        account_id = handle if platform in ("instagram", "news") else self.ids.account_id(platform, rng)
        return Account(
            platform=platform, id=account_id, handle=handle,
            name=name or f"{first.title()} {rng.choice('ABCDEFGHIJKLMNOPRSTVW')}.", lang=lang,
            created_at=START_TS - rng.uniform(30, 4000) * 86400,
            followers=followers if followers is not None else int(rng.paretovariate(1.1) * 40),
            activity=activity, role=role, traits=traits,
        )

    def add(self, account: Account) -> Account:
        self.accounts.append(account)
        return account

    def _reindex(self) -> None:
        organic = [a for a in self.accounts if a.role == "organic"]
        self.organic = organic
        self._cum = list(itertools.accumulate(a.activity for a in organic))
        for a in organic:
            self.by_lang_platform.setdefault((a.lang, a.platform), []).append(a)

    def pick_active(self) -> Account:
        """An organic account, chosen in proportion to its activity."""
        x = self.rng.random() * self._cum[-1]
        return self.organic[bisect.bisect_left(self._cum, x)]

    def pick_in(self, lang: str, platforms: tuple[str, ...] = ("x",)) -> Account:
        pool = self._pools.get((lang, platforms))
        if pool is None:
            pool = self._pools[(lang, platforms)] = [a for p in platforms for a in self.by_lang_platform.get((lang, p), ())]
        return self.rng.choice(pool)


def _pick(rng: random.Random, shares: dict[str, float]) -> str:
    x = rng.random() * sum(shares.values())
    for key, share in shares.items():
        x -= share
        if x <= 0:
            return key
    return key


def local_hour_weight(lang: str, ts: float) -> float:
    hour = int(((ts - START_TS) / 3600 + UTC_OFFSET[lang]) % 24)
    return DIURNAL[hour]


def waking_time(rng: random.Random, day: int, lang: str = "en") -> float:
    """A time on `day` drawn from the daily rhythm of `lang` speakers."""
    hours = list(range(24))
    local = rng.choices(hours, weights=DIURNAL)[0]
    utc_hour = (local - UTC_OFFSET[lang]) % 24
    return START_TS + day * 86400 + utc_hour * 3600 + rng.uniform(0, 3600)


def poisson(rng: random.Random, mean: float) -> int:
    if mean > 50:
        return max(0, int(round(rng.gauss(mean, math.sqrt(mean)))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
