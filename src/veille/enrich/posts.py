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
    names = ("text", "text_hash", "text_tokens", "urls", "hashtags", "mentions", "lang")
    columns: dict[str, list] = {name: [] for name in names}
    texts, hashes, tokens, urls, hashtags, mentions, langs = (columns[k] for k in names)
    unknown: dict[str, list[int]] = {}  # text (without a retweet prefix) -> rows needing a language
    folded: dict[str, tuple[str, int | None, int]] = {}  # raw text -> repaired text, its hash, its words
    for row, raw in enumerate(raw_texts):
        known = folded.get(raw)  # a fifth of a batch repeats a text of the same batch (copies, reposts)
        if known is None:
            text = repair_text(raw)
            known = folded[raw] = (text, *text_key(text))
        text, key, words = known
        texts.append(text)
        hashes.append(key)
        tokens.append(words)
        given = listed_urls[row]
        if given is not None:
            urls.append(list(canonical_urls(given)) if given else [])
        else:
            urls.append(list(urls_in(text)) if ("://" in text or "www." in text.lower()) else [])
        given = listed_hashtags[row]
        if given is not None:
            hashtags.append(_tags(given))
        else:
            hashtags.append(list(hashtags_in(text)) if ("#" in text or "＃" in text) else [])
        given = listed_mentions[row]
        if given is not None:
            mentions.append(_tags(given))
        else:
            mentions.append(list(mentions_in(text)) if "@" in text else [])
        lang = normalise_lang(raw_langs[row])
        langs.append(lang)
        if lang is None and text:
            key = text.split(": ", 1)[-1] if text.startswith(_RETWEET_PREFIX) else text
            rows = unknown.get(key)
            if rows is None:
                unknown[key] = [row]
            else:
                rows.append(row)
    if unknown:
        keys = list(unknown)
        for key, lang in zip(keys, language.identify_many(keys)):
            for row in unknown[key]:
                langs[row] = lang
    return columns
