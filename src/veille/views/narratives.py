"""Narratives as analysts read them: the list with top terms and a daily line, and one
narrative's volume by language, platforms, example posts per language, and the campaigns and
near-duplicate families it touches.

Narratives are stored by `veille narratives` (veille.detectors.narratives); top terms are its
class-based TF-IDF, which weighs each narrative against all the others, so they are computed for
all narratives at once and kept until the narrative tables change.
"""

import threading

from veille.detectors.content.function_words import ANY_LANGUAGE
from veille.detectors.content.sql import FOLD
from veille.detectors.narratives import sql as narrative_sql
from veille.errors import NotFound
from veille.views import sql
from veille.views.accounts import AccountNames
from veille.views.campaigns import latest_run
from veille.views.models import LanguageExamples, Linked, Narrative, NarrativeRow, PostRef
from veille.views.series import fill, step_for

TOP_TERMS = 8
EXAMPLES_PER_LANGUAGE = 3

_terms_lock = threading.Lock()
_terms_cache: dict[str, tuple[tuple, dict[str, list[str]]]] = {}  # database path -> (state, terms)


def list_narratives(con, *, limit: int = 100, cache_key: str = "") -> list[NarrativeRow]:
    rows = con.execute(sql.NARRATIVES, {"id": None, "limit": int(limit)}).fetchall()
    return _rows(con, rows, cache_key)


def _rows(con, rows: list[tuple], cache_key: str) -> list[NarrativeRow]:
    if not rows:
        return []
    ids = [r[0] for r in rows]
    terms = top_terms(con, cache_key)
    first_day, last_day = con.execute(sql.DATA_DAYS).fetchone()
    daily = fill([(b, nid, n) for nid, b, n in con.execute(sql.NARRATIVE_DAILY, {"ids": ids}).fetchall()],
                 "day", first_day, last_day, names=ids).series
    return [NarrativeRow(id=nid, posts=posts, accounts=accounts, languages=languages or [], platforms=platforms,
                         first_seen=first, last_seen=last, top_terms=terms.get(nid, []), daily=daily[nid])
            for nid, posts, accounts, languages, platforms, first, last in rows]


def top_terms(con, cache_key: str = "") -> dict[str, list[str]]:
    """Top terms of every narrative; recomputed only when the narrative tables have changed."""
    state = tuple(con.execute(sql.NARRATIVES_STATE).fetchone())
    with _terms_lock:
        cached = _terms_cache.get(cache_key)
        if cached and cached[0] == state:
            return cached[1]
    ids = [nid for (nid,) in con.execute(sql.NARRATIVE_IDS).fetchall()]
    terms = dict(con.execute(
        narrative_sql.TERMS.format(fold=FOLD.format(text="p.text"), top=TOP_TERMS),
        {"ids": ids, "function_words": sorted(ANY_LANGUAGE)}).fetchall()) if ids else {}
    with _terms_lock:
        _terms_cache[cache_key] = (state, terms)
    return terms


def narrative(con, key: bytes, narrative_id: str, *, cache_key: str = "") -> Narrative:
    rows = con.execute(sql.NARRATIVES, {"id": narrative_id, "limit": 1}).fetchall()
    if not rows:
        raise NotFound(f"no narrative {narrative_id!r}")
    summary = _rows(con, rows, cache_key)[0]
    step = step_for(summary.first_seen, summary.last_seen)
    volume = fill([(b, lang, n) for b, lang, n in
                   con.execute(sql.NARRATIVE_PER_BIN.format(bin=step), {"id": narrative_id}).fetchall()],
                  step, summary.first_seen, summary.last_seen)
    by_language = {name: sum(values) for name, values in volume.series.items()}
    by_platform = dict(con.execute(sql.NARRATIVE_PLATFORMS, {"id": narrative_id}).fetchall())
    names = AccountNames(con, key)
    found = con.execute(sql.NARRATIVE_EXAMPLES, {"id": narrative_id,
                                                 "per_language": EXAMPLES_PER_LANGUAGE}).fetchall()
    names.load(f"{r[3]}:{r[5]}" for r in found if r[3] is not None)
    languages: dict[str, dict] = {}
    for lang, posts, representative, platform, post_id, account_id, created, text in found:
        entry = languages.setdefault(lang, {"lang": lang, "posts": posts, "representative": representative,
                                            "examples": []})
        if platform is not None:
            entry["examples"].append(PostRef(platform=platform, id=post_id, account=names.of(platform, account_id),
                                             created_at=created, lang=lang, text=text))
    run = latest_run(con)
    campaigns = [Linked(id=i, kind=k, posts=n) for i, k, n in
                 con.execute(sql.NARRATIVE_CAMPAIGNS, {"id": narrative_id, "run": run}).fetchall()] if run else []
    families = [Linked(id=i, kind=k, posts=n) for i, k, n in
                con.execute(sql.NARRATIVE_FAMILIES, {"id": narrative_id}).fetchall()]
    return Narrative(summary=summary, by_language=by_language, by_platform=by_platform, volume=volume,
                     languages=[LanguageExamples(**v) for v in languages.values()], campaigns=campaigns,
                     families=families)
