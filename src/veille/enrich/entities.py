"""Hashtags, mentions and links found in a post's text.

Used when an export does not list them (canonical JSONL without `urls`, Telegram, RSS). Hashtags
and mentions are case-folded and lose their `#`/`@`, because platforms treat `#Vote` and `#vote`
as one tag; a hashtag needs a letter (`#1` is a number), and an address such as `a@b.org` is
not a mention.
"""

import re

from veille.enrich import _entities
from veille.enrich.urls import canonical_url, strip_trailing_punctuation

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'\u200b\u00a0]+")


def normalise_tag(tag: str) -> str:
    return tag.lstrip("#＃@").casefold()


# Hashtags: after a # or ＃ that no word character, # or & comes right before, the run of word
# characters, when it holds a letter (`(?<![\w#&])[#＃](\w*[^\W\d_]\w*)`); mentions: after an @
# that no word character, @ or `.` comes right before, 1 to 64 word characters
# (`(?<![\w@.])@(\w{1,64})`). Case-folded, each once, in order. In C (veille/enrich/_entities.c):
# one pass, where the regular expressions cost a fifth of a post's enrichment.
hashtags_in = _entities.hashtags
mentions_in = _entities.mentions


def urls_in(text: str) -> tuple[str, ...]:
    found = []
    for raw in _URL.findall(text):
        raw = strip_trailing_punctuation(raw)
        if raw.lower().startswith("www."):
            raw = "http://" + raw
        found.append(canonical_url(raw))
    return _unique(found)


def canonical_urls(urls: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    if len(urls) == 1:  # most posts list one link: nothing to deduplicate
        url = urls[0]
        return (canonical_url(url),) if url and url.strip() else ()
    return _unique(canonical_url(u) for u in urls if u and u.strip())


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
