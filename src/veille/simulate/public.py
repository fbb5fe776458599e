"""The public side of the simulated election: fact-checks, tipline messages, believers, a surge.

- Fact-checks: ClaimReviews of the first ten claims, each in one language, by the fact-checker of
  that language, plus near-miss fact-checks on the same topics (a matcher must not answer a
  question about voting by SMS with a fact-check about postal votes).
- Tipline: people forward claims (framed as questions or chain letters, sometimes with typos,
  often in another language than the fact-check), ask unrelated things, and send two messages
  a few seconds apart that belong together.
- Believers: ordinary accounts that repeat a debunked claim in the stream.
- Surge: the "ballots in the river" story takes off on day 5 at 14:00 UTC under #RiverBallots,
  from a trickle to hundreds of posts an hour: a burst detector must see it within one cycle.
"""

import random
from dataclasses import dataclass, field

from veille.simulate import lexicon
from veille.simulate.claims import CHECK_LANGUAGE, CHECKED, CLAIMS, FACT_CHECKERS, TIPLINE_FRAMES, TIPLINE_SMALL_TALK
from veille.simulate.organic import HOUR, Organic
from veille.simulate.world import START_TS, World, waking_time

NEAR_MISSES = [
    ("en", "A photo of long queues outside a polling station was taken at the 2019 election, not this year.", "Missing context"),
    ("en", "Postal ballots can be tracked online by every voter this year.", "True"),
    ("fr", "Le vote par procuration est possible jusqu'à la veille du scrutin.", "Vrai"),
    ("fr", "Une vidéo de bulletins brûlés date en réalité d'un exercice de 2017.", "Trompeur"),
    ("es", "Los colegios electorales abrirán una hora antes en las zonas rurales.", "Verdadero"),
    ("es", "Una foto de urnas en un río es un montaje de 2015.", "Falso"),
    ("de", "Wahlhelfer dürfen keine Parteiabzeichen tragen.", "Richtig"),
    ("pt", "Vídeo de urna eletrônica sendo violada é de um teste público de segurança.", "Fora de contexto"),
    ("id", "Foto TPS terendam banjir adalah kejadian tahun 2019.", "Keliru"),
    ("en", "The electoral commission published the turnout for every district on its website.", "True"),
]


@dataclass
class FactCheckSpec:
    id: str
    claim_id: str | None
    lang: str
    claim: str
    rating: str
    publisher: str
    site: str
    url: str
    title: str
    date: float
    appearances: list[str] = field(default_factory=list)


@dataclass
class TiplineSpec:
    channel: str
    sender: str  # phone number or Telegram user id: only ever stored hashed
    sender_name: str
    lang: str
    t: float
    text: str
    claim_id: str | None
    message_no: int
    update_no: int


def fact_checks(rng: random.Random, link_ring_urls: list[str]) -> list[FactCheckSpec]:
    checks = []
    for i, claim in enumerate(CLAIMS[:CHECKED]):
        lang = CHECK_LANGUAGE[i]
        who = FACT_CHECKERS[lang]
        slug = claim["key"].split("-", 1)[1]
        url = f"https://{who['site']}/fact-check/2026/05/{slug}-{rng.randrange(1000, 9999)}"
        checks.append(FactCheckSpec(
            id=url, claim_id=claim["key"], lang=lang, claim=claim[lang], rating=who["rating"], publisher=who["name"],
            site=who["site"], url=url, title=f"{who['rating']}: {claim[lang].rstrip('.')}",
            date=START_TS + rng.uniform(1, 4) * 86400,
            appearances=[u for u in link_ring_urls if slug.split("-")[0] in u][:2],
        ))
    for j, (lang, text, rating) in enumerate(NEAR_MISSES):
        who = FACT_CHECKERS[lang]
        url = f"https://{who['site']}/fact-check/2026/05/context-{j}-{rng.randrange(1000, 9999)}"
        checks.append(FactCheckSpec(
            id=url, claim_id=None, lang=lang, claim=text, rating=rating, publisher=who["name"], site=who["site"],
            url=url, title=f"{rating}: {text.rstrip('.')}", date=START_TS + rng.uniform(0, 5) * 86400,
        ))
    return checks


def _typo(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(max(1, len(chars) // 40)):
        i = rng.randrange(1, len(chars) - 1)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def tipline(rng: random.Random, n: int, days: int) -> list[TiplineSpec]:
    senders = []
    for k in range(max(20, n // 2)):
        lang = rng.choice(lexicon.LANGUAGES)
        channel = "whatsapp" if rng.random() < 0.8 else "telegram"
        country = {"en": "44", "fr": "33", "es": "34", "de": "49", "pt": "55", "id": "62"}[lang]
        number = f"{country}{rng.randrange(10**8, 10**9)}" if channel == "whatsapp" else str(rng.randrange(10**8, 10**10))
        senders.append((channel, number, rng.choice(lexicon.FIRST_NAMES[lang]).title(), lang))
    out: list[TiplineSpec] = []
    counter = {"message": 0, "update": 0}

    def add(sender, t, text, claim_id):
        counter["message"] += 1
        counter["update"] += 1
        out.append(TiplineSpec(sender[0], sender[1], sender[2], sender[3], t, text, claim_id,
                               counter["message"], counter["update"]))

    while len(out) < n:
        sender = rng.choice(senders)
        t = waking_time(rng, rng.randrange(days), sender[3])
        r = rng.random()
        if r < 0.65:
            claim = rng.choice(CLAIMS)
            lang = sender[3] if rng.random() < 0.8 else rng.choice(lexicon.LANGUAGES)
            text = claim[lang]
            if rng.random() < 0.2:
                text = _typo(rng, text)
            if rng.random() < 0.25:
                add(sender, t, rng.choice(["Is this true?", "C'est vrai ?", "¿Es verdad?", "Stimmt das?", "Benarkah?"]), None)
                add(sender, t + rng.uniform(1, 4), text, claim["key"])  # a bundle: question, then the forward
            else:
                add(sender, t, rng.choice(TIPLINE_FRAMES[lang]).format(claim=text), claim["key"])
        elif r < 0.85:
            add(sender, t, rng.choice(TIPLINE_SMALL_TALK), None)
        else:
            add(sender, t, rng.choice(lexicon.REMARKS[sender[3]]) + " " + rng.choice(lexicon.REMARKS[sender[3]]), None)
    return out


BELIEVER_FRAMES = {
    "en": ["Unbelievable: {c}", "Is it true that {c}", "My cousin says {c}", "{c} Wake up people."],
    "fr": ["Incroyable : {c}", "Est-ce vrai ? {c}", "Mon cousin dit que {c}", "{c} Réveillez-vous."],
    "es": ["Increíble: {c}", "¿Es verdad? {c}", "Mi primo dice que {c}", "{c} Despertad."],
    "de": ["Unglaublich: {c}", "Stimmt es? {c}", "Mein Cousin sagt: {c}", "{c} Wacht auf."],
    "pt": ["Inacreditável: {c}", "É verdade? {c}", "Meu primo diz que {c}", "{c} Acordem."],
    "id": ["Luar biasa: {c}", "Benarkah? {c}", "Sepupu saya bilang {c}", "{c} Bangunlah."],
}


def believers(rng: random.Random, world: World, organic: Organic, n: int, days: int) -> list:
    posts = []
    for _ in range(n):
        account = world.pick_active()
        claim = rng.choice(CLAIMS)
        frame = rng.choice(BELIEVER_FRAMES[account.lang])
        t = waking_time(rng, rng.randrange(days), account.lang)
        post = organic.post(account, t, frame.format(c=claim[account.lang]), kind="believer")
        posts.append((post, claim["key"]))
        organic.schedule(t, lambda t, p=post: p)
    return posts


SURGE_HASHTAG = "#RiverBallots"
SURGE_DAY, SURGE_HOUR = 4, 14  # day 5 (counting from 1), 14:00 UTC


def surge(rng: random.Random, world: World, organic: Organic, url: str, days: int) -> dict:
    """A trickle of #RiverBallots posts from day 2, then a surge, then decay."""
    start = START_TS + (SURGE_DAY * 24 + SURGE_HOUR) * HOUR
    texts = {lang: CLAIMS[0][lang] for lang in lexicon.LANGUAGES}
    times = [START_TS + 86400 + rng.uniform(0, (days - 1) * 86400) for _ in range(days * 3)]
    peak = max(60, int(organic.rate * 0.6))
    for hour in range(8):
        volume = peak if hour < 2 else int(peak * 0.5 ** (hour - 1))
        times += [start + hour * HOUR + rng.uniform(0, HOUR) for _ in range(volume)]
    posts = []
    for t in sorted(times):
        if t >= START_TS + days * 86400:
            continue
        account = world.pick_in(rng.choice(("en", "fr", "es")), ("x",))
        text = f"{texts[account.lang]} {SURGE_HASHTAG}"
        urls = []
        if rng.random() < 0.4:
            text += f" {url}"
            urls = [url]
        post = organic.post(account, t, text, urls=urls, kind="surge")
        posts.append(post)
        organic.schedule(t, lambda t, p=post: p)
    return {"kind": "hashtag", "object": SURGE_HASHTAG.lower().lstrip("#"), "url": url,
            "start": start, "posts": posts}
