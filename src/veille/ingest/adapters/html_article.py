"""A saved HTML news article: one file, one post (platform `news`, or `--platform`).

The main text is extracted with trafilatura, offline, and follows the title after a blank line.
The page's address is its `<link rel="canonical">`, else `og:url`, else the address a browser
wrote when saving it (`<!-- saved from url=(0042)https://... -->`, or SingleFile's `url:` line);
it becomes the post's id (as written, so that it is the id the feed's item has when its guid is
the permalink) and its only url. Without any address the id is `sha256:` and the hash of the
file, so the same file is still stored once.
The account is the address's host without `www.`, else `og:site_name` or the site name
trafilatura finds; a page with neither cannot be attributed and is quarantined.

The publication time is, in order: `article:published_time` (or another `published` meta tag),
`datePublished` in the page's JSON-LD, the date trafilatura finds (htmldate: in the markup, the
URL, or the text). **When the page has no date at all, the file's modification time is used**:
a saved page keeps the time it was saved, an upper bound of when it was published.

A page that holds ClaimReview JSON-LD is a fact-check and is read by the `claimreview` adapter
(which comes first in detection); `--format html` still reads it as an article. Pages larger
than 32 MiB are quarantined rather than read.
"""

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from veille.enrich.timestamps import parse_time
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters.claimreview import page_url_of, parse_json_ld, read_page
from veille.ingest.rejects import quarantined
from veille.ingest.source import Source
from veille.schema import Account, Post, Provenance, Quarantined

_HTML_START = re.compile(r"(?:<!--.*?-->\s*)*<(!doctype\s+html|html|head|meta|title)[\s>/]", re.IGNORECASE | re.DOTALL)
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->")
_SINGLEFILE = re.compile(rb"<!--\s*Page saved with SingleFile\s+url:\s*(https?://\S+)")
_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
                   "publishdate", "dc.date.issued", "sailthru.date")


class HtmlArticleAdapter:
    name = "html"
    description = "a saved HTML news article (one file, one post)"
    priority = 20

    def sniff(self, sample: Sample) -> bool:
        return _HTML_START.match(sample.text) is not None

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        page = read_page(source, self.name)
        if isinstance(page, Quarantined):
            yield page
            return
        tree, data = page
        metas = _metas(tree)
        url = page_url_of(tree) or _saved_from(data[:8192])
        document = _extract(data, url)
        site_name = metas.get("og:site_name") or document.get("sitename")
        account = (_host(url) if url else None) or site_name
        if not account:
            yield quarantined(source.name, self.name, "no site: the page has no canonical URL, og:url, "
                              "og:site_name or site name", data[:65536], ref="page")
            return
        title = document.get("title") or metas.get("og:title") or (tree.findtext(".//title") or "").strip()
        body = document.get("text") or metas.get("og:description") or metas.get("description") or ""
        if title and body.startswith(title + "\n"):  # trafilatura keeps the page's <h1>
            body = body[len(title) + 1:]
        provenance = Provenance(source=source.name, ref="page")
        yield Post(
            platform=options.platform or "news",
            id=url or "sha256:" + hashlib.sha256(data).hexdigest(),
            account_id=account,
            created_at=_published(metas, tree, document) or datetime.fromtimestamp(source.path.stat().st_mtime, UTC),
            text="\n\n".join(part for part in (title.strip(), body.strip()) if part),
            lang=(tree.get("lang") or document.get("language") or None),
            urls=(url,) if url else (),
            provenance=provenance,
        )
        yield Account(platform=options.platform or "news", id=account, display_name=site_name, provenance=provenance)


def _extract(data: bytes, url: str | None) -> dict:
    import trafilatura

    document = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                           include_tables=False)
    return document.as_dict() if document is not None else {}


def _published(metas: dict[str, str], tree, document: dict) -> datetime | None:
    candidates = [metas.get(name) for name in _PUBLISHED_META] + _json_ld_dates(tree) + [document.get("date")]
    for value in candidates:
        if value and value.strip():
            try:
                return parse_time(value.strip())
            except ValueError:
                continue
    return None


def _json_ld_dates(tree) -> list[str]:
    dates = []
    for script in tree.xpath("//script[@type]"):
        if script.get("type", "").strip().lower() != "application/ld+json":
            continue
        try:
            value = parse_json_ld(script.text or "")
        except ValueError:
            continue
        stack = [value]
        while stack and len(dates) < 8:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(reversed(node))
            elif isinstance(node, dict):
                if isinstance(node.get("datePublished"), str):
                    dates.append(node["datePublished"])
                stack.extend(v for v in node.values() if isinstance(v, dict | list))
    return dates


def _metas(tree) -> dict[str, str]:
    """Meta tags' content by lower-cased property, name or itemprop; the first of each wins."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = (meta.get("content") or "").strip()
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key and content:
                found.setdefault(key, content)
    return found


def _saved_from(head: bytes) -> str | None:
    found = _SAVED_FROM.search(head) or _SINGLEFILE.search(head)
    return found.group(1).decode("ascii", errors="ignore") if found else None


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


ADAPTER = HtmlArticleAdapter()
