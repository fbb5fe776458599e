"""Ordinary election talk: what most of the simulated posts are, and the decoys among them.

Hour by hour, organic accounts post in proportion to their activity and their local daily rhythm:
original posts, reshares of popular posts, replies, and links to news articles. Three kinds of
organic behaviour look like coordination to a naive detector and must not be flagged:
- viral news: a few articles are shared by hundreds of people within hours of publication;
- celebrity reshares: each celebrity post is reshared by a large fan base, many within minutes,
  and the same fans reshare every post;
- greetings: every morning, the same people post the same "Good morning everyone!";
- trending hashtags: thousands tag their posts #Election2026, some with three trending tags at once.
Future events (reshares and shares of a post or article) are scheduled into later hours when the
post or article appears, so generation streams hour by hour with bounded memory.
"""

import math
import random
from collections import deque
from datetime import UTC, datetime

from veille.simulate import lexicon
from veille.simulate.playbook import CELEBRITIES, CELEBRITY_POSTS, HEADLINES, NEWS_OUTLETS, TOPICS
from veille.simulate.world import DIURNAL, START_TS, UTC_OFFSET, Ids, SimPost, World, local_hour_weight, poisson

HOUR = 3600.0


def organic_text(rng: random.Random, lang: str) -> str:
    text = " ".join((
        rng.choice(lexicon.SUBJECTS[lang]), rng.choice(lexicon.PREDICATES[lang]), rng.choice(lexicon.PLACES[lang]),
        rng.choice(lexicon.TIMES[lang]),
    )) + "."
    if rng.random() < 0.45:
        text += " " + rng.choice(lexicon.REMARKS[lang])
    if rng.random() < 0.5:
        text += " " + rng.choice(lexicon.DETAILS[lang]).format(n=rng.randint(2, 99))
    tags = rng.random()
    if tags < 0.2:
        text += " " + " ".join(rng.sample(lexicon.TRENDING_HASHTAGS[lang], rng.choice((1, 1, 2))))
    elif tags < 0.25:  # some people stack three of the trending tags: popular sets, not campaigns
        text += " " + " ".join(rng.sample(lexicon.TRENDING_HASHTAGS[lang], 3))
    if rng.random() < 0.15:
        text += " " + rng.choice(lexicon.EMOJI)
    return text


class Organic:
    def __init__(self, rng: random.Random, world: World, ids: Ids, posts_per_hour: float):
        self.rng = rng
        self.world = world
        self.ids = ids
        self.rate = posts_per_hour
        self.scheduled: dict[int, list] = {}  # hour -> [(t, factory)]
        self.recent: deque[SimPost] = deque(maxlen=3000)
        self.scale = max(0.05, posts_per_hour / 600)  # 600 posts/hour is about 100k posts a week
        self.outlets = [
            world.add(world.new_account("news", lang, role="news", handle=host, name=name, followers=10**6))
            for lang, outlets in NEWS_OUTLETS.items() for host, name in outlets
        ]
        self.celebrities = []
        for lang, (handle, name) in CELEBRITIES.items():
            celeb = world.add(world.new_account("x", lang, role="celebrity", handle=handle, name=name,
                                                followers=int(2e6 * rng.uniform(0.5, 2))))
            fans = [a for a in world.by_lang_platform.get((lang, "x"), ())]
            share = min(1.0, 0.08)
            celeb_fans = [a for a in fans if rng.random() < share]
            self.celebrities.append((celeb, celeb_fans))
        self.articles: list[SimPost] = []

    # -- scheduling ----------------------------------------------------------------------
    def schedule(self, t: float, factory) -> None:
        hour = int((t - START_TS) // HOUR)
        self.scheduled.setdefault(hour, []).append((t, factory))

    def due(self, hour: int) -> list:
        return self.scheduled.pop(hour, [])

    # -- one hour --------------------------------------------------------------------------
    def hour(self, hour: int) -> list[SimPost]:
        rng = self.rng
        t0 = START_TS + hour * HOUR
        posts: list[SimPost] = []
        n = poisson(rng, self.rate * self._rhythm(t0))
        for t in sorted(rng.uniform(t0, t0 + HOUR) for _ in range(n)):
            posts.append(self._organic_post(t))
        posts.extend(self._news(hour, t0))
        posts.extend(self._celebrity(t0))
        posts.extend(self._greetings(hour, t0))
        for t, factory in self.due(hour):
            post = factory(t)
            if post is not None:
                posts.append(post)
        return posts

    def _rhythm(self, t: float) -> float:
        """Global activity at t relative to the daily mean, mixing every language's clock."""
        total = sum(share * local_hour_weight(lang, t) for lang, share in
                    (("en", .3), ("fr", .2), ("es", .15), ("de", .15), ("pt", .1), ("id", .1)))
        return total / (sum(DIURNAL) / 24)

    def _organic_post(self, t: float) -> SimPost:
        rng = self.rng
        account = self.world.pick_active()
        kind = rng.random()
        if kind < 0.16 and account.platform in ("x", "telegram") and self.recent:
            target = self._popular()
            if target.platform == account.platform and target.account is not account:
                return self.reshare(account, target, t)
        if kind < 0.24 and self.recent:
            target = self.rng.choice(self.recent)
            if target.platform == account.platform and target.account is not account:
                text = rng.choice(lexicon.REMARKS[account.lang])
                if account.platform == "x":
                    text = f"@{target.account.handle} {text}"
                return self.post(account, t, text, reply_to=target, kind="reply")
        post = self.post(account, t, organic_text(rng, account.lang))
        self.recent.append(post)
        return post

    def _popular(self) -> SimPost:
        candidates = [self.rng.choice(self.recent) for _ in range(8)]
        return max(candidates, key=lambda p: p.account.followers)

    # -- news and viral links ------------------------------------------------------------
    def _news(self, hour: int, t0: float) -> list[SimPost]:
        rng = self.rng
        out = []
        for outlet in self.outlets:
            if rng.random() >= 0.35 * local_hour_weight(outlet.lang, t0) / 3:
                continue
            t = rng.uniform(t0, t0 + HOUR)
            lang = outlet.lang
            title = rng.choice(HEADLINES[lang]).format(topic=rng.choice(TOPICS[lang]))
            slug = "-".join(title.lower().split()[:6]).replace(":", "").replace("'", "")
            url = f"https://www.{outlet.handle}/{_date_path(t)}/{slug}-{rng.randrange(10**5, 10**6)}"
            summary = organic_text(rng, lang)
            article = self.post(outlet, t, f"{title}\n\n{summary}", urls=[url], kind="article", title=title)
            self.articles.append(article)
            out.append(article)
            virality = rng.paretovariate(1.3)  # most articles are shared a little, a few go viral
            for _ in range(min(5000, int(virality * 6 * self.scale))):
                delay = rng.lognormvariate(math.log(1.5 * HOUR), 1.0)
                self.schedule(t + delay, self._share_link_factory(article))
        return out

    def _share_link_factory(self, article: SimPost):
        def make(t: float) -> SimPost | None:
            rng = self.rng
            lang = article.lang if rng.random() < 0.85 else rng.choice(lexicon.LANGUAGES)
            account = self.world.pick_in(lang, ("x", "facebook"))
            url = article.urls[0]
            variant = rng.random()
            if variant < 0.3:
                url += f"?utm_source={'twitter' if account.platform == 'x' else 'facebook'}&utm_medium=social"
            elif variant < 0.4:
                url = url.replace("https://www.", "https://")
            text = f"{article.title} {url}" if rng.random() < 0.6 else f"{organic_text(rng, account.lang)} {url}"
            return self.post(account, t, text, urls=[url], kind="link")
        return make

    # -- celebrities ---------------------------------------------------------------------
    def _celebrity(self, t0: float) -> list[SimPost]:
        rng = self.rng
        out = []
        for celeb, fans in self.celebrities:
            if rng.random() >= 4 / 24 * local_hour_weight(celeb.lang, t0) / 3:
                continue
            t = rng.uniform(t0, t0 + HOUR)
            post = self.post(celeb, t, rng.choice(CELEBRITY_POSTS[celeb.lang]))
            self.recent.append(post)
            out.append(post)
            for fan in fans:
                if rng.random() < 0.5:
                    # fans with notifications on reshare within minutes, the rest over hours
                    delay = rng.expovariate(1 / 90) if rng.random() < 0.25 else rng.lognormvariate(math.log(HOUR), 1.2)
                    self.schedule(t + 5 + delay, self._reshare_factory(fan, post))
        return out

    def _reshare_factory(self, account, target: SimPost):
        return lambda t: self.reshare(account, target, t)

    # -- greetings -----------------------------------------------------------------------
    def _greetings(self, hour: int, t0: float) -> list[SimPost]:
        out = []
        for lang, offset in UTC_OFFSET.items():
            local = (hour + offset) % 24
            if local != 6:
                continue
            for account in self.world.by_lang_platform.get((lang, "x"), ()):
                if "greeter" in account.traits and self.rng.random() < 0.8:
                    t = t0 + self.rng.uniform(0, 3 * HOUR)  # between 6 and 9 local
                    text = lexicon.GREETINGS[lang][0 if self.rng.random() < 0.7 else self.rng.randrange(4)]
                    self.schedule(t, lambda t, a=account, x=text: self.post(a, t, x, kind="greeting"))
        return out

    # -- making posts ----------------------------------------------------------------------
    def post(self, account, t: float, text: str, *, urls=None, reply_to=None, kind="original", title=None,
             op=None) -> SimPost:
        return SimPost(
            platform=account.platform, id=self.ids.post_id(account.platform, t, account), account=account, t=t,
            text=text, lang=account.lang, urls=list(urls or []), reply_to=reply_to, kind=kind, title=title, op=op,
            metrics=_metrics(self.rng, account),
        )

    def reshare(self, account, target: SimPost, t: float, op: str | None = None) -> SimPost:
        if account.platform == "x":
            text = f"RT @{target.account.handle}: {target.text}"[:140]
        else:
            text = target.text
        post = SimPost(
            platform=account.platform, id=self.ids.post_id(account.platform, t, account), account=account, t=t,
            text=text, lang=target.lang, urls=list(target.urls), share_of=target, kind="reshare", op=op,
        )
        return post


def _metrics(rng: random.Random, account) -> dict[str, int]:
    reach = max(1, account.followers)
    likes = int(rng.paretovariate(1.5) * math.sqrt(reach) / 4)
    return {"likes": likes, "reposts": likes // 5, "replies": likes // 8}


def _date_path(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y/%m/%d")
