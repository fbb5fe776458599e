"""URL canonicalisation, so that the same link shared by different tools compares equal.

What changes: scheme and host are lower-cased, a leading `www.` and default ports are dropped,
an empty path becomes `/`, the fragment is dropped, and tracking parameters are removed (`utm_*`,
click ids such as `fbclid` and `gclid`, mail and share trackers, and per-host ones such as X's
`s`/`t` and YouTube's `si`). What stays: the path's case, the order of the remaining parameters,
and the scheme (http and https may serve different things). Text that is not an absolute http(s)
URL is returned as it came, stripped.
"""

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "mkt_tok",
    "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "__s", "_hsenc", "_hsmi", "spm",
}
_TRACKING_PREFIXES = ("utm_", "pk_", "hsa_")
_HOST_TRACKING = {
    "x.com": {"s", "t"},
    "twitter.com": {"s", "t"},
    "youtube.com": {"si", "feature", "pp"},
    "youtu.be": {"si", "feature"},
    "instagram.com": {"utm_source", "hl"},
    "facebook.com": {"mibextid", "rdid", "sfnsn"},
    "t.me": {"single"},
}
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_TRAILING_PUNCT = ".,;:!?'\"»”’)]}>"


def _is_tracking(key: str, host: str) -> bool:
    key = key.lower()
    if key in _TRACKING or key.startswith(_TRACKING_PREFIXES):
        return True
    return key in _HOST_TRACKING.get(host, ())


@lru_cache(maxsize=200_000)
def canonical_url(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    netloc = host
    if port is not None and str(port) != _DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _is_tracking(k, host)]
        if len(kept) != len(pairs):
            query = urlencode(kept, doseq=True)
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def strip_trailing_punctuation(url: str) -> str:
    """A URL found in running text loses the sentence punctuation glued to its end.

    A closing bracket is kept when the URL opened it (Wikipedia's `Foo_(bar)`).
    """
    while url and url[-1] in _TRAILING_PUNCT:
        last = url[-1]
        opener = {")": "(", "]": "[", "}": "{"}.get(last)
        if opener and url.count(opener) >= url.count(last):
            break
        url = url[:-1]
    return url


_MOBILE_PREFIX = re.compile(r"^(?:m|mobile|amp|l|lm)\.")


@lru_cache(maxsize=100_000)
def domain_of(url: str) -> str | None:
    """The registrable-looking host of a canonical URL: `m.facebook.com` → `facebook.com`."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    return _MOBILE_PREFIX.sub("", host)
