"""The planted influence operations, each with the accounts and posts that make it up.

Every operation of DESIGN.md, sized like the small networks that platforms take down (a few
dozen accounts), and each hiding among ordinary posts (every operator account also posts
ordinary text a few times a day):
- `link-ring`: accounts on X and Facebook share the same links to three fringe sites, each link
  within 90 seconds of each other, forty links over the week;
- `copy-paste`: accounts post the same messages within two minutes, varied only in case,
  spacing, emoji, a leading mention and trailing punctuation;
- `amplifiers`: accounts reshare every post of three principal accounts within seconds;
- `hashtag-campaign`: accounts post varied texts carrying the same set of three or four campaign
  hashtags within three minutes;
- `content-farm`: accounts and sites publish synonym-spun rewrites of the same article within ten
  minutes;
- `translated`: accounts on X and Telegram post the same message, each in their own language,
  within five minutes.
Their ground truth (accounts, posts, objects) is returned for truth.json.
"""

import random
from dataclasses import dataclass, field

from veille.simulate import lexicon
from veille.simulate.claims import CLAIMS
from veille.simulate.organic import Organic, organic_text
from veille.simulate.playbook import (
    COPY_PASTE_MESSAGES,
    FARM_SEED_ARTICLES,
    HASHTAG_CAMPAIGN,
    HASHTAG_CAMPAIGN_TEXTS,
    LINK_RING_DOMAINS,
    LINK_RING_SLUGS,
    SPIN_SYNONYMS,
    TRANSLATED_SLOGANS,
)
from veille.simulate.world import Account, SimPost, World, waking_time


@dataclass
class Operation:
    id: str
    kind: str
    description: str
    accounts: list[Account] = field(default_factory=list)
    principals: list[Account] = field(default_factory=list)
    posts: list[SimPost] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)


def plant_operations(rng: random.Random, world: World, organic: Organic, days: int) -> list[Operation]:
    ops = [
        _link_ring(rng, world, organic, days),
        _copy_paste(rng, world, organic, days),
        _amplifiers(rng, world, organic, days),
        _hashtag_campaign(rng, world, organic, days),
        _content_farm(rng, world, organic, days),
        _translated(rng, world, organic, days),
    ]
    for op in ops:
        for account in op.accounts + op.principals:
            if account.platform != "news":  # sites publish only their articles
                _camouflage(rng, organic, op, account, days)
        for post in op.posts:
            organic.schedule(post.t, lambda t, p=post: p)
    return ops


def _members(world: World, op_id: str, spec: list[tuple[str, str, int]]) -> list[Account]:
    members = []
    for platform, lang, n in spec:
        for _ in range(n):
            members.append(world.add(world.new_account(platform, lang, role=f"op:{op_id}")))
    return members


def _camouflage(rng, organic: Organic, op: Operation, account: Account, days: int) -> None:
    for day in range(days):
        for _ in range(rng.randint(1, 3)):
            t = waking_time(rng, day, account.lang)
            organic.schedule(t, lambda t, a=account: organic.post(a, t, organic_text(rng, a.lang), kind="camouflage"))


def _link_ring(rng, world, organic, days) -> Operation:
    op = Operation("link-ring", "co-link", "accounts on X and Facebook share links to three fringe sites within 90 s")
    op.accounts = _members(world, op.id, [("x", "en", 10), ("x", "fr", 6), ("facebook", "en", 5), ("facebook", "fr", 3)])
    teasers = {"en": ["Must read!", "Share before it gets deleted.", "They don't want you to see this.", "Read this now."],
               "fr": ["À lire absolument !", "Partagez avant la censure.", "Ils ne veulent pas que vous voyiez ça."]}
    for i, slug in enumerate(LINK_RING_SLUGS):
        url = f"https://{LINK_RING_DOMAINS[i % len(LINK_RING_DOMAINS)]}/2026/05/{slug}"
        op.objects.append(url)
        t0 = waking_time(rng, rng.randrange(days), "en")
        for member in rng.sample(op.accounts, rng.randint(8, 14)):
            t = t0 + rng.uniform(0, 90)
            shared = url
            variant = rng.random()
            if variant < 0.3:
                shared = f"{url}?utm_source=ring&utm_campaign={rng.randrange(100)}"
            elif variant < 0.45:
                shared = url.replace("https://", "https://www.")
            text = f"{rng.choice(teasers[member.lang])} {shared}"
            op.posts.append(organic.post(member, t, text, urls=[shared], op=op.id, kind="link"))
    return op


def _vary(rng: random.Random, text: str, handles: list[str]) -> str:
    """The cosmetic changes copy-paste operators make; a co-text normaliser folds all of them."""
    if rng.random() < 0.25:
        text = text.upper() if rng.random() < 0.3 else text.lower()
    if rng.random() < 0.3:
        text = text.replace(" ", "  ", 1)
    if rng.random() < 0.3:
        text += " " + rng.choice(lexicon.EMOJI)
    if rng.random() < 0.25:
        text = f"@{rng.choice(handles)} {text}"
    if rng.random() < 0.2:
        text = text.rstrip(".!") + "!!!"
    return text


def _copy_paste(rng, world, organic, days) -> Operation:
    op = Operation("copy-paste", "co-text", "accounts post the same messages within two minutes, cosmetically varied")
    op.accounts = _members(world, op.id, [("x", "en", 18), ("x", "fr", 12)])
    messages = COPY_PASTE_MESSAGES + [c["en"] for c in CLAIMS[:6]] + [c["fr"] for c in CLAIMS[:3]]
    handles = [a.handle for a in world.organic[:200]]
    for message in messages:
        op.objects.append(message)
        t0 = waking_time(rng, rng.randrange(days), "en")
        for member in rng.sample(op.accounts, rng.randint(10, 20)):
            t = t0 + rng.uniform(0, 120)
            op.posts.append(organic.post(member, t, _vary(rng, message, handles), op=op.id))
    return op


def _amplifiers(rng, world, organic, days) -> Operation:
    op = Operation("amplifiers", "co-share", "accounts reshare every post of three principals within seconds")
    op.principals = _members(world, op.id, [("x", "en", 2), ("x", "es", 1)])
    op.accounts = _members(world, op.id, [("x", "en", 20), ("x", "es", 10), ("x", "de", 6)])
    for principal in op.principals:
        principal.followers = rng.randint(2000, 9000)
    for _ in range(60):
        principal = rng.choice(op.principals)
        t0 = waking_time(rng, rng.randrange(days), principal.lang)
        claim = rng.choice(CLAIMS)
        original = organic.post(principal, t0, claim["en" if principal.lang == "en" else "es"], op=op.id)
        op.posts.append(original)
        op.objects.append(original.id)
        for member in rng.sample(op.accounts, rng.randint(15, 30)):
            op.posts.append(organic.reshare(member, original, t0 + rng.gammavariate(2.0, 12.0), op=op.id))
    return op


def _hashtag_campaign(rng, world, organic, days) -> Operation:
    op = Operation("hashtag-campaign", "co-hashtag", "accounts push the same set of campaign hashtags within 3 min")
    op.accounts = _members(world, op.id, [("x", "en", 16), ("x", "es", 6), ("instagram", "en", 6)])
    for _ in range(45):
        tags = rng.sample(HASHTAG_CAMPAIGN, rng.choice((3, 3, 4)))
        op.objects.append(" ".join(sorted(t.lower() for t in tags)))
        t0 = waking_time(rng, rng.randrange(days), "en")
        for member in rng.sample(op.accounts, rng.randint(8, 16)):
            order = tags[:]
            rng.shuffle(order)
            body = rng.choice(HASHTAG_CAMPAIGN_TEXTS)
            if rng.random() < 0.5:
                body += " " + organic_text(rng, "en" if member.lang == "en" else "es").split(".")[0] + "."
            op.posts.append(organic.post(member, t0 + rng.uniform(0, 180), f"{body} {' '.join(order)}", op=op.id))
    return op


def spin(rng: random.Random, text: str, rate: float = 0.5) -> str:
    """Rewrite text by synonym substitution, as article spinners do."""
    words = text.split(" ")
    out = []
    for word in words:
        core = word.rstrip(".,;:")
        tail = word[len(core):]
        options = SPIN_SYNONYMS.get(core.lower())
        if options and rng.random() < rate:
            choice = rng.choice(options)
            if core[:1].isupper():
                choice = choice[:1].upper() + choice[1:]
            out.append(choice + tail)
        else:
            out.append(word)
    return " ".join(out)


def _content_farm(rng, world, organic, days) -> Operation:
    op = Operation("content-farm", "co-similar", "accounts and sites publish spun rewrites of the same article")
    op.accounts = _members(world, op.id, [("x", "en", 12)])
    sites = []
    for i, host in enumerate(["daily-truth-report.com", "nation-news-now.net", "the-real-herald.org",
                              "freedom-wire-today.com", "people-first-news.net", "citizen-gazette.info"]):
        site = world.add(world.new_account("news", "en", role=f"op:{op.id}", handle=host, name=host, followers=500))
        sites.append(site)
    op.accounts += sites
    for article_no, seed in enumerate(FARM_SEED_ARTICLES):
        for round_no in range(3):
            op.objects.append(f"farm-article-{article_no}")
            t0 = waking_time(rng, rng.randrange(days), "en")
            for member in rng.sample(op.accounts, rng.randint(7, 12)):
                t = t0 + rng.uniform(0, 600)
                text = spin(rng, seed)
                if member.platform == "news":
                    slug = f"story-{article_no}-{round_no}-{rng.randrange(10**6)}"
                    url = f"https://{member.handle}/news/{slug}"
                    title = spin(rng, seed.split(",")[0])
                    op.posts.append(organic.post(member, t, f"{title}\n\n{text}", urls=[url], op=op.id,
                                                 kind="article", title=title))
                else:
                    op.posts.append(organic.post(member, t, text, op=op.id))
    return op


def _translated(rng, world, organic, days) -> Operation:
    op = Operation("translated", "co-similar", "accounts post the same message in six languages within 5 minutes")
    spec = [("x", lang, 2) for lang in lexicon.LANGUAGES] + [("telegram", lang, 1) for lang in lexicon.LANGUAGES]
    op.accounts = _members(world, op.id, spec)
    messages = TRANSLATED_SLOGANS + [CLAIMS[i] for i in (1, 4, 5, 6, 8, 11)]
    for message in messages:
        op.objects.append(message["en"])
        t0 = waking_time(rng, rng.randrange(days), "en")
        for member in rng.sample(op.accounts, rng.randint(12, len(op.accounts))):
            op.posts.append(organic.post(member, t0 + rng.uniform(0, 300), message[member.lang], op=op.id))
    return op
