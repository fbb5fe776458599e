"""Enrichment of a batch of posts on their way into the store.

Per post: Unicode repair and NFC; links canonicalised (and found in the text when the export did
not list them); hashtags and mentions case-folded (and found in the text when not listed);
platform language codes reduced to their primary subtag, with Twitter's `und`/`qme`/`zxx`
treated as unknown and retired codes (`in`, `iw`) replaced; unknown languages identified by the shipped model, once per distinct text
(a text reposted by a thousand accounts is identified once). Whether a field was "listed" is
whether the adapter set it, so an export that says a post has no links is believed. The folded
text's hash and length are stored too, for co-text coordination and near-duplicates.

The result is the batch as columns, ready for the store: the canonical Post stays what the
source said, the stored row is its enriched form. `enrich_columns` does the work on plain
columns (what the fast JSONL path collects without building a Post per line); `enrich_posts`
feeds it from Post records.
"""

from functools import lru_cache

from veille.enrich import language
from veille.enrich.entities import canonical_urls, hashtags_in, mentions_in, normalise_tag, urls_in
from veille.enrich.text import repair_text, text_key
from veille.schema import Post

_UNDETERMINED = {"und", "qme", "qht", "qam", "qst", "zxx", "art", "xx", ""}
_RETIRED = {"in": "id", "iw": "he", "ji": "yi", "jw": "jv"}  # old ISO 639 codes X still sends
_RETWEET_PREFIX = "RT @"

Listed = list | tuple | None  # what the export listed, or None when it did not say


@lru_cache(maxsize=4096)
def normalise_lang(code: str | None) -> str | None:
    if code is None:
        return None
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    return None if primary in _UNDETERMINED else _RETIRED.get(primary, primary)


def _tags(values) -> list[str]:
    return list(dict.fromkeys(normalise_tag(v) for v in values if v))


def enrich_posts(posts: list[Post]) -> dict[str, list]:
    def listed(post: Post, name: str) -> Listed:
        return getattr(post, name) if name in post.model_fields_set else None

    return enrich_columns(
        [p.text for p in posts], [p.lang for p in posts], [listed(p, "urls") for p in posts],
        [listed(p, "hashtags") for p in posts], [listed(p, "mentions") for p in posts],
    )


def enrich_columns(raw_texts: list[str], raw_langs: list[str | None], listed_urls: list[Listed],
                   listed_hashtags: list[Listed], listed_mentions: list[Listed]) -> dict[str, list]:
    """Column by column, each a comprehension: a loop over rows that appended to seven lists cost
    more than the enrichment it did."""
    # A fifth of a batch repeats a text of the same batch (copies, reposts): each distinct text is
    # repaired and folded once.
    known = {}
    for raw in dict.fromkeys(raw_texts):
        text = repair_text(raw)
        known[raw] = (text, *text_key(text))
    texts, hashes, tokens = (list(column) for column in zip(*map(known.__getitem__, raw_texts))) if raw_texts \
        else ([], [], [])
    urls = [(list(canonical_urls(given)) if given else []) if given is not None
            else list(urls_in(text)) if "://" in text or "www." in text.lower() else []
            for given, text in zip(listed_urls, texts)]
    hashtags = [_tags(given) if given is not None
                else list(hashtags_in(text)) if "#" in text or "＃" in text else []
                for given, text in zip(listed_hashtags, texts)]
    mentions = [_tags(given) if given is not None else list(mentions_in(text)) if "@" in text else []
                for given, text in zip(listed_mentions, texts)]
    langs = list(map(normalise_lang, raw_langs))
    _identify_languages(texts, langs)
    return {"text": texts, "text_hash": hashes, "text_tokens": tokens, "urls": urls, "hashtags": hashtags,
            "mentions": mentions, "lang": langs}


def _identify_languages(texts: list[str], langs: list[str | None]) -> None:
    """Fills in the languages left unknown, once per distinct text (without a retweet prefix)."""
    unknown = [row for row, lang in enumerate(langs) if lang is None and texts[row]]
    if not unknown:
        return
    keys = [texts[row] for row in unknown]
    keys = [key.split(": ", 1)[-1] if key.startswith(_RETWEET_PREFIX) else key for key in keys]
    distinct = list(dict.fromkeys(keys))
    found = dict(zip(distinct, language.identify_many(distinct)))
    for row, key in zip(unknown, keys):
        langs[row] = found[key]
