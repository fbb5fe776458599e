"""Near-duplicate families: the copies, spun rewrites and translations of one text.

A family groups the posts whose texts are, in one of three ways, the same text:
- **copy**: the folded texts are identical (one `text_hash`), or their word 3-gram shingles have
  an estimated Jaccard similarity of at least `copy_similarity` (0.7): a few words added, dropped
  or changed.
- **spin**: synonym spinning (content farms rewriting one article: "Fb" for Facebook, "pretend
  information" for fake news) changes most word n-grams, but not the function words (articles,
  prepositions, pronouns) that hold the sentences together. Every other word becomes '*', and
  texts of at least `min_spin_tokens` words whose skeleton 4-grams have an estimated Jaccard of at
  least `spin_similarity` (0.45) are linked. Measured: two spins of one simulated article 0.69 at
  the least; the real spun article of ../shared/data/articles and its original wording 0.60;
  unrelated real news paragraphs 0.22 at the most.
- **translation**: texts in different languages whose multilingual embeddings are mutual near
  neighbours with a centred cosine of at least `translation_similarity` (see translations.py).
  Only texts already embedded take part (`veille embed` decides which, under its budget).

MinHash and LSH find the lexical links in SQL (see minhash.py); the families are the connected
components of all links. A family's kind is its loosest link. Deterministic: the same posts give
the same families, with ids taken from their smallest text hash.
"""

from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from veille.detectors.content import minhash, sql, translations
from veille.detectors.parameters import from_user
from veille.detectors.content.function_words import ANY_LANGUAGE, FUNCTION_WORDS


class FamilyParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_tokens: int = Field(default=8, ge=1)  # shorter texts are too short to call copies
    copy_similarity: float = Field(default=0.7, gt=0, le=1)
    min_spin_tokens: int = Field(default=35, ge=8)  # shorter skeletons: templated everyday posts match (measured at 30)
    spin_similarity: float = Field(default=0.45, gt=0, le=1)
    translation_similarity: float = Field(default=0.4, gt=-1, le=1)
    translation_neighbours: int = Field(default=5, ge=1)
    model: str | None = None  # embedding model whose vectors find translations; None: the default


def make_params(**values) -> FamilyParams:
    """FamilyParams from user input; a bad value is a UsageError with one clear sentence."""
    return from_user(FamilyParams, **values)


@dataclass
class Family:
    id: str
    kind: str
    posts: list[str]
    accounts: list[str]
    languages: list[str]
    first_seen: datetime
    last_seen: datetime
    first_account: str
    timeline: list[tuple[datetime, int]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "posts": self.posts, "accounts": self.accounts,
            "languages": self.languages, "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(), "first_account": self.first_account,
            "timeline": [{"hour": hour.isoformat(), "posts": n} for hour, n in self.timeline],
        }


def build(con, params: FamilyParams) -> None:
    """Create the temporary table content_family_posts(platform, post, family, kind)."""
    con.execute(sql.DOCS.format(words=sql.WORDS_LOWERED.format(text="text"), min_tokens=int(params.min_tokens)))
    _function_words(con)
    minhash.link_similar(con, sql.COPY_SHINGLES, params.copy_similarity, "content_copy_links", "copy")
    minhash.link_similar(con, sql.SPIN_SHINGLES.format(min_spin_tokens=int(params.min_spin_tokens)),
                         params.spin_similarity, "content_spin_links", "spin")
    translations.link(con, params)
    con.execute(sql.ALL_LINKS)
    minhash.components(con, "content_links", "content_labels")
    con.execute(sql.FAMILY_POSTS.format(min_tokens=int(params.min_tokens)))
    for statement in sql.DROP:
        con.execute(statement)


def read(con) -> list[Family]:
    """The families of two posts or more in content_family_posts, largest first."""
    timelines: dict[str, list] = {}
    for family, hour, n in con.execute(sql.TIMELINES).fetchall():
        timelines.setdefault(family, []).append((hour, n))
    return [
        Family(id=fid, kind=kind, posts=posts, accounts=accounts, languages=languages or [],
               first_seen=first, last_seen=last, first_account=first_account, timeline=timelines.get(fid, []))
        for fid, kind, posts, accounts, languages, first, last, first_account, _ in con.execute(sql.FAMILIES).fetchall()
    ]


def save(con) -> int:
    """Replace the stored families with those in content_family_posts; the caller holds the
    write transaction. Returns how many families were stored."""
    for statement in sql.SAVE:
        con.execute(statement.format(families=sql.FAMILIES))
    return con.execute("SELECT count(*) FROM families").fetchone()[0]


def _function_words(con) -> None:
    rows = [(lang, word) for lang, words in FUNCTION_WORDS.items() for word in sorted(words)]
    rows += [("*", word) for word in sorted(ANY_LANGUAGE)]
    con.execute("CREATE OR REPLACE TEMP TABLE content_function_words AS SELECT unnest(?) AS lang, unnest(?) AS word",
                [[lang for lang, _ in rows], [word for _, word in rows]])
