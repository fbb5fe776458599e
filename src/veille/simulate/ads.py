"""Political ads of the simulated election, in Meta Ad Library and Google creative-stats shapes.

The election is held in France (country FR, currency EUR, French regions). Parties and
campaigners buy ads in euros from French payers. Two foreign-funded pages pay in US dollars and
roubles through companies abroad, push claims that fact-checkers rated false, and link to the
link ring's sites; on Google, one foreign advertiser does the same. truth.json lists them.
"""

import random
from dataclasses import dataclass, field

from veille.simulate.claims import CLAIMS
from veille.simulate.playbook import LINK_RING_DOMAINS
from veille.simulate.world import START_TS

HOST_COUNTRY = "FR"
REGIONS = ["Île-de-France", "Auvergne-Rhône-Alpes", "Provence-Alpes-Côte d'Azur", "Occitanie", "Nouvelle-Aquitaine",
           "Hauts-de-France", "Grand Est", "Bretagne"]

LOCAL_PAGES = [
    ("Parti Démocrate Uni", "Parti Démocrate Uni", "Votez pour l'avenir : plus d'écoles, plus d'hôpitaux."),
    ("Union Républicaine", "Union Républicaine", "Le 10 mai, choisissez la sécurité et l'emploi."),
    ("Les Verts Ensemble", "Les Verts Ensemble", "Pour le climat, votez vert dimanche."),
    ("Mouvement Citoyen", "Association Mouvement Citoyen", "Inscrivez-vous et allez voter : chaque voix compte."),
]
FOREIGN_PAGES = [
    ("Citizens for Truth", "Northern Horizon Consulting Ltd", "USD", "US"),
    ("Voice of Free Europe", "Balt Media Group OOO", "RUB", "RU"),
]


@dataclass
class AdSpec:
    platform: str
    id: str
    page_id: str
    page_name: str
    payer: str
    beneficiary: str
    currency: str
    payer_country: str
    spend: tuple[int, int]
    impressions: tuple[int, int]
    regions: list[tuple[str, float]]
    languages: list[str]
    bodies: list[str]
    link_caption: str | None
    start: float
    stop: float
    foreign: bool
    claim_id: str | None = None
    extra: dict = field(default_factory=dict)


def _ranges(rng):
    low = rng.choice([0, 100, 500, 1000, 5000])
    imp = rng.choice([(1000, 4999), (10000, 14999), (50000, 59999), (100000, 124999)])
    return (low, low * 2 + 99 if low else 99), imp


def _regions(rng):
    picked = rng.sample(REGIONS, rng.randint(1, 4))
    weights = [rng.random() for _ in picked]
    total = sum(weights)
    return [(r, round(w / total, 3)) for r, w in zip(picked, weights)]


def meta_ads(rng: random.Random, n_local: int = 60, n_foreign: int = 24) -> list[AdSpec]:
    ads = []
    page_ids = {name: str(100000000000 + rng.randrange(10**9)) for name, *_ in LOCAL_PAGES + FOREIGN_PAGES}
    for _ in range(n_local):
        page, payer, body = rng.choice(LOCAL_PAGES)
        spend, imp = _ranges(rng)
        start = START_TS - rng.uniform(1, 20) * 86400
        ads.append(AdSpec("meta", str(rng.randrange(10**14, 10**15)), page_ids[page], page, payer, page, "EUR", "FR",
                          spend, imp, _regions(rng), ["fr"], [body], None, start, START_TS + 7 * 86400, False))
    for _ in range(n_foreign):
        page, payer, currency, country = rng.choice(FOREIGN_PAGES)
        claim = rng.choice([CLAIMS[i] for i in (1, 4, 5, 10)])
        spend, imp = _ranges(rng)
        start = START_TS - rng.uniform(0, 10) * 86400
        ads.append(AdSpec("meta", str(rng.randrange(10**14, 10**15)), page_ids[page], page, payer, page, currency,
                          country, spend, imp, _regions(rng), ["fr", "en"], [claim["fr"], claim["en"]],
                          rng.choice(LINK_RING_DOMAINS), start, START_TS + 7 * 86400, True, claim["key"]))
    rng.shuffle(ads)
    return ads


def google_ads(rng: random.Random, n_local: int = 25, n_foreign: int = 5) -> list[AdSpec]:
    ads = []
    advertisers = [("AR" + str(rng.randrange(10**16, 10**17)), name, "EUR", "FR", False) for name, *_ in LOCAL_PAGES]
    foreign = ("AR" + str(rng.randrange(10**16, 10**17)), "Northern Horizon Consulting Ltd", "USD", "US", True)
    for i in range(n_local + n_foreign):
        adv_id, name, currency, country, is_foreign = foreign if i >= n_local else rng.choice(advertisers)
        spend, imp = _ranges(rng)
        start = START_TS - rng.uniform(0, 15) * 86400
        claim = CLAIMS[1] if is_foreign else None
        ads.append(AdSpec("google", f"CR{rng.randrange(10**19, 10**20)}", adv_id, name, name, name, currency, country,
                          spend, imp, [("FR", 1.0)], ["fr"], [claim["fr"]] if claim else [], None, start,
                          START_TS + 6 * 86400, is_foreign, claim["key"] if claim else None,
                          extra={"ad_type": rng.choice(["TEXT", "IMAGE", "VIDEO"])}))
    return ads
