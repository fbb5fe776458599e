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

from veille.enrich import _fold, language
from veille.enrich.entities import canonical_urls, hashtags_in, mentions_in, normalise_tag, urls_in
from veille.enrich.text import repair_text, text_key
from veille.schema import Post

_UNDETERMINED = {"und", "qme", "qht", "qam", "qst", "zxx", "art", "xx", ""}
_RETIRED = {"in": "id", "iw": "he", "ji": "yi", "jw": "jv"}  # old ISO 639 codes X still sends

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


_LINK, _HASHTAG, _MENTION = 1, 2, 4  # veille.enrich._fold.signs
_NONE: list[str] = []  # found nothing (shared: the columns are only read)


def enrich_columns(raw_texts: list[str], raw_langs: list[str | None], listed_urls: list[Listed],
                   listed_hashtags: list[Listed], listed_mentions: list[Listed]) -> dict[str, list]:
    """Column by column. What depends on the text alone (repair, key, what it links, tags and
    mentions, its language) is worked out once per distinct text: a fifth of a batch repeats a
    text of the same batch (copies, reposts)."""
    texts, hashes, tokens, found_urls, found_hashtags, found_mentions = _fold.facts(
        raw_texts, listed_urls, listed_hashtags, listed_mentions, repair_text, urls_in, hashtags_in, mentions_in, _NONE)
    langs = list(map(normalise_lang, raw_langs))
    language.identify_column(texts, langs)  # the unknown ones, read without a retweet prefix
    return {
        "text": texts, "text_hash": hashes, "text_tokens": tokens,
        "urls": _listed_or_found(listed_urls, found_urls, _canonical_list),
        "hashtags": _listed_or_found(listed_hashtags, found_hashtags, _tags),
        "mentions": _listed_or_found(listed_mentions, found_mentions, _tags),
        "lang": langs,
    }


def _facts(raw: str, find_urls: bool, find_hashtags: bool, find_mentions: bool) -> tuple:
    """(repaired text, key, words, links, hashtags, mentions found in it) of one distinct text: what
    `_fold.facts` (veille/enrich/_fold.c) gives each text of a column, written out in Python (the
    tests hold the two to each other)."""
    text = repair_text(raw)
    key, words = text_key(text)
    signs = _fold.signs(text)
    return (text, key, words,
            list(urls_in(text)) if find_urls and signs & _LINK else _NONE,
            list(hashtags_in(text)) if find_hashtags and signs & _HASHTAG else _NONE,
            list(mentions_in(text)) if find_mentions and signs & _MENTION else _NONE)


def _canonical_list(given: list[str] | tuple[str, ...]) -> list[str]:
    """The links an export listed, canonical, each once."""
    return list(canonical_urls(given)) if given else []


def _listed_or_found(listed: list[Listed], found: list[list[str]], normalise) -> list[list[str]]:
    """What the export listed (normalised), else what the text holds."""
    if listed.count(None) == len(listed):
        return found
    return [normalise(given) if given is not None else seen for given, seen in zip(listed, found)]


