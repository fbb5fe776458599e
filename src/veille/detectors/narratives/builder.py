"""Narratives: posts grouped into stories, across platforms and languages, incrementally.

Method. First, texts that must stay together whatever their wording are joined into units: the
texts of posts linking to the same article, a repost and its original, and the members of a
near-duplicate family (`veille similar`). Then each unit that has no narrative yet is placed by
one representative, its most posted text that has a multilingual embedding (`veille embed`
chooses which texts get one): in order of first appearance, the representative joins the
narrative whose centroid is nearest, when their centred cosine is at least `similarity` (0.4),
and moves that centroid (a running mean); otherwise it starts a narrative of its own. Vectors
are centred on the mean of all the model's vectors first, as for translations (see
veille.detectors.content.translations), so that cosine measures meaning rather than the model's
common direction; the same story told in six languages lands in one narrative.

Incremental: the texts that joined narratives are stored (`narrative_texts`), so that a later
run places only the units that are new, and a unit that already holds a placed text keeps its
narrative; nothing is recomputed. The order of arrival matters, as in any single-pass
clustering, and is deterministic (first seen, then text hash). Every post then takes its unit's
narrative (`narrative_posts`); posts of units with no embedded text stay outside until one is
embedded, and the run reports that coverage.
"""

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from veille.detectors.content import minhash
from veille.detectors.content.function_words import ANY_LANGUAGE
from veille.detectors.content.sql import FOLD
from veille.detectors.narratives import sql
from veille.detectors.parameters import from_user
from veille.embeddings.backends import model_key

CENTRING_MIN = 30  # vectors needed before their mean is a usable centre


class NarrativeParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    similarity: float = Field(default=0.4, gt=-1, le=1)
    model: str | None = None  # embedding model; None: the configured one
    limit: int = Field(default=50, ge=1)  # narratives reported, largest first
    top_terms: int = Field(default=8, ge=1)


@dataclass
class Narrative:
    id: str
    posts: int
    accounts: int
    platforms: list[str]
    languages: list[str]
    first_seen: datetime
    last_seen: datetime
    top_terms: list[str] = field(default_factory=list)
    representatives: dict[str, str] = field(default_factory=dict)  # language -> text
    timeline: list[tuple[datetime, int]] = field(default_factory=list)  # (day, posts)

    def as_dict(self) -> dict:
        return {
            "id": self.id, "posts": self.posts, "accounts": self.accounts, "platforms": self.platforms,
            "languages": self.languages, "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(), "top_terms": self.top_terms,
            "representatives": self.representatives,
            "timeline": [{"day": day.date().isoformat(), "posts": n} for day, n in self.timeline],
        }


@dataclass
class NarrativeRun:
    placed_units: int
    new_narratives: int
    posts: int
    posts_in_narratives: int
    narratives: list[Narrative]

    def as_dict(self) -> dict:
        return {"placed_units": self.placed_units, "new_narratives": self.new_narratives,
                "coverage": {"posts": self.posts, "in_narratives": self.posts_in_narratives},
                "narratives": [n.as_dict() for n in self.narratives]}


def make_params(**values) -> NarrativeParams:
    """NarrativeParams from user input; a bad value is a UsageError with one clear sentence."""
    return from_user(NarrativeParams, **values)


def update(con, params: NarrativeParams) -> NarrativeRun:
    """Place new units, refresh every post's narrative, and report; the caller holds the write
    transaction."""
    model = model_key(params.model)
    has_families = bool(con.execute(
        "SELECT count(*) FROM family_posts").fetchone()[0])
    con.execute(sql.LINKS.format(family_links=sql.FAMILY_LINKS if has_families else "",
                                 family_union=" UNION ALL SELECT doc, anchor FROM family_links" if has_families else ""))
    minhash.components(con, "nar_links", "nar_labels")
    con.execute(sql.UNITS, {"model": model})
    placed, created = _place_new_units(con, model, params.similarity)
    for statement in sql.POSTS:
        con.execute(statement)
    posts, covered = con.execute(sql.COVERAGE).fetchone()
    narratives = _summaries(con, params)
    for statement in sql.DROP:
        con.execute(statement)
    return NarrativeRun(placed, created, posts, covered, narratives)


def _place_new_units(con, model: str, similarity: float) -> tuple[int, int]:
    units = con.execute(sql.NEW_UNITS).fetchall()
    if not units:
        return 0, 0
    centre = _centre(con, model)
    wanted = [int(rep) for _, rep, _ in units]
    vectors = {int(h): np.asarray(v, np.float32)
               for h, v in con.execute(sql.VECTORS, {"model": model, "hashes": wanted}).fetchall()}
    ids, centroids, sizes = [], [], []
    for nid, centroid, texts in con.execute(sql.LOAD_NARRATIVES, {"model": model}).fetchall():
        ids.append(nid)
        centroids.append(np.asarray(centroid, np.float32))
        sizes.append(texts)
    matrix = np.array(centroids, np.float32).reshape(len(centroids), len(centre))
    created = 0
    changed: set[int] = set()
    for unit, rep, _ in units:
        vector = vectors[int(rep)]
        best = -1
        if len(ids):
            directions = matrix - centre
            directions /= np.maximum(np.linalg.norm(directions, axis=1, keepdims=True), 1e-12)
            probe = vector - centre
            probe /= max(float(np.linalg.norm(probe)), 1e-12)
            scores = directions @ probe
            best = int(np.argmax(scores))
            if scores[best] < similarity:
                best = -1
        if best < 0:
            ids.append(f"narrative:{int(rep)}")
            sizes.append(1)
            matrix = np.vstack([matrix, vector[None, :]])
            best = len(ids) - 1
            created += 1
        else:
            sizes[best] += 1
            matrix[best] += (vector - matrix[best]) / sizes[best]
        changed.add(best)
        con.execute(sql.SAVE_TEXT, {"text_hash": int(rep), "narrative_id": ids[best]})
    for i in sorted(changed):
        con.execute(sql.SAVE_NARRATIVE, {"id": ids[i], "model": model, "centroid": matrix[i].tolist(),
                                         "texts": sizes[i]})
    con.execute(sql.UNITS, {"model": model})  # the placed texts now carry their narrative
    return len(units), created


def _centre(con, model: str) -> np.ndarray:
    count = con.execute("SELECT count(*) FROM embeddings WHERE model = $model", {"model": model}).fetchone()[0]
    mean = np.asarray(con.execute(sql.MEAN_VECTOR, {"model": model}).fetchone()[0], np.float32)
    return mean if count >= CENTRING_MIN else np.zeros_like(mean)


def _summaries(con, params: NarrativeParams) -> list[Narrative]:
    rows = con.execute(sql.SUMMARY, {"limit": params.limit}).fetchall()
    ids = [r[0] for r in rows]
    if not ids:
        return []
    terms = dict(con.execute(sql.TERMS.format(fold=FOLD.format(text="p.text"), top=int(params.top_terms)),
                             {"ids": ids, "function_words": sorted(ANY_LANGUAGE)}).fetchall())
    representatives: dict[str, dict[str, str]] = {}
    for nid, lang, text in con.execute(sql.REPRESENTATIVES, {"ids": ids}).fetchall():
        representatives.setdefault(nid, {})[lang] = text
    timelines: dict[str, list] = {}
    for nid, day, n in con.execute(sql.TIMELINE, {"ids": ids}).fetchall():
        timelines.setdefault(nid, []).append((day, n))
    return [
        Narrative(id=nid, posts=posts, accounts=accounts, platforms=platforms, languages=languages or [],
                  first_seen=first, last_seen=last, top_terms=terms.get(nid, []),
                  representatives=representatives.get(nid, {}), timeline=timelines.get(nid, []))
        for nid, posts, accounts, platforms, languages, first, last in rows
    ]
