"""Hashtags, mentions and links found in a post's text.

Used when an export does not list them (canonical JSONL without `urls`, Telegram, RSS). Hashtags
and mentions are case-folded and lose their `#`/`@`, because platforms treat `#Vote` and `#vote`
as one tag; a hashtag needs a letter (`#1` is a number), and an address such as `a@b.org` is
not a mention.
"""

import re

from veille.enrich.urls import canonical_url, strip_trailing_punctuation

# The sign comes first and the look-behind after it (the sign and the character before it), which
# says the same as a look-behind before the sign but lets the regex engine jump from sign to sign
# instead of trying every position of the text (two to seven times faster).
_HASHTAG = re.compile(r"[#＃](?<![\w#&][#＃])(\w*[^\W\d_]\w*)")
_MENTION = re.compile(r"@(?<![\w@.]@)(\w{1,64})")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'\u200b\u00a0]+")


def normalise_tag(tag: str) -> str:
    return tag.lstrip("#＃@").casefold()


def hashtags_in(text: str) -> tuple[str, ...]:
    return _unique(m.casefold() for m in _HASHTAG.findall(text))


def mentions_in(text: str) -> tuple[str, ...]:
    return _unique(m.casefold() for m in _MENTION.findall(text))


def urls_in(text: str) -> tuple[str, ...]:
    found = []
    for raw in _URL.findall(text):
        raw = strip_trailing_punctuation(raw)
        if raw.lower().startswith("www."):
            raw = "http://" + raw
        found.append(canonical_url(raw))
    return _unique(found)


def canonical_urls(urls) -> tuple[str, ...]:
    return _unique(canonical_url(u) for u in urls if u and u.strip())


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
