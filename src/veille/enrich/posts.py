"""Enrichment of a batch of posts before it is stored.

Per post: Unicode repair and NFC; links canonicalised (and found in the text when the export did
not list them); hashtags and mentions case-folded (and found in the text when not listed);
platform language codes reduced to their primary subtag, with Twitter's `und`/`qme`/`zxx`
treated as unknown; unknown languages identified by the shipped model. Whether a field was
"listed" is whether the adapter set it, so an export that says a post has no links is believed.
"""

from veille.enrich import language
from veille.enrich.entities import canonical_urls, hashtags_in, mentions_in, normalise_tag, urls_in
from veille.enrich.text import repair_text
from veille.schema import Post

_UNDETERMINED = {"und", "qme", "qht", "qam", "qst", "zxx", "art", "xx", ""}


def normalise_lang(code: str | None) -> str | None:
    if code is None:
        return None
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    return None if primary in _UNDETERMINED else primary


def enrich_posts(posts: list[Post]) -> list[Post]:
    updates: list[dict] = []
    need_language: list[int] = []
    for i, post in enumerate(posts):
        given = post.model_fields_set
        text = repair_text(post.text)
        update = {"text": text}
        update["urls"] = canonical_urls(post.urls) if "urls" in given else urls_in(text)
        update["hashtags"] = (
            tuple(dict.fromkeys(normalise_tag(h) for h in post.hashtags if h)) if "hashtags" in given else hashtags_in(text)
        )
        update["mentions"] = (
            tuple(dict.fromkeys(normalise_tag(m) for m in post.mentions if m)) if "mentions" in given else mentions_in(text)
        )
        lang = normalise_lang(post.lang)
        update["lang"] = lang
        if lang is None and text:
            need_language.append(i)
        updates.append(update)
    if need_language:
        found = language.identify_many([updates[i]["text"] for i in need_language])
        for i, lang in zip(need_language, found):
            updates[i]["lang"] = lang
    return [post.model_copy(update=update) for post, update in zip(posts, updates)]
