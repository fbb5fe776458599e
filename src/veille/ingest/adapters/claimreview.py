"""ClaimReview (schema.org) JSON-LD: the markup fact-checkers publish with each fact-check.

Read from JSON files (one ClaimReview, a list, an `@graph`, JSON lines, or the DataFeed that
fact-check aggregators publish, `dataFeedElement[].item[]`) and from saved HTML pages, in their
`<script type="application/ld+json">` blocks. ClaimReviews are found wherever they sit in the
JSON-LD (inside `@graph`, lists, or nested objects); other types are ignored.

Fields: `claimReviewed` (required), `reviewRating.alternateName` (or its `name`) as the rating,
`author.name` as the publisher, `url` (required; in an HTML page the page's canonical URL when the
markup leaves it out), `datePublished`, `inLanguage` (a code, or a Language object), the claim's
author `itemReviewed.author.name` as claimant, `itemReviewed.appearance[].url` and
`firstAppearance` as appearances, and `name` or `headline` as the title.

Quirks handled: values that are lists where one is expected (`author: [{...}]`), plain strings
for objects (`author: "Org"`, `appearance: "https://..."`), HTML entities left in text by CMS
plugins (`&quot;`), JSON-LD with raw line breaks inside strings, and schema.org types written
with a prefix (`schema:ClaimReview`, `http://schema.org/ClaimReview`).

The id is a stable hash (BLAKE2b, 128 bits) of the review's URL, canonicalised, and of its claim.
The claim is part of it because one fact-check page often reviews several claims at one URL; the
`factcheck-api` and `factcheck-csv` adapters use the same id, so one fact-check read from several
sources is stored once.
"""

import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Iterator

import orjson
from pydantic import ValidationError

from veille.enrich.timestamps import parse_time
from veille.enrich.urls import canonical_url
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters._json_records import read_json
from veille.ingest.rejects import describe_validation, quarantined
from veille.ingest.source import Source
from veille.schema import FactCheck, Provenance, Quarantined

MAX_PAGE_BYTES = 32 * 1024 * 1024
_TYPE = re.compile(r'"@type"\s*:\s*(?:\[[^\]]*)?"(?:https?://schema\.org/|schema:)?ClaimReview"')
_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*$")
_RECORDS = {"item", "@graph.item", "item.@graph.item", "dataFeedElement.item", "itemListElement.item"}
_MAX_DEPTH = 32


class _Bad(ValueError):
    """The message is the quarantine reason."""


def fact_check_id(url: str, claim: str) -> str:
    """The same fact-check gets the same id whichever source it was read from."""
    claim = " ".join(unicodedata.normalize("NFC", claim).split()).casefold()
    key = f"{canonical_url(url)}\n{claim}".encode()
    return hashlib.blake2b(key, digest_size=16).hexdigest()


def looks_like_claim_review_page(text: str) -> bool:
    return "application/ld+json" in text.lower() and _TYPE.search(text) is not None


class ClaimReviewAdapter:
    name = "claimreview"
    description = "ClaimReview JSON-LD, in JSON files or embedded in saved fact-check pages"
    priority = 50  # above `html`: a fact-check page is read for its ClaimReview, not as an article

    def sniff(self, sample: Sample) -> bool:
        text = sample.text
        if text.startswith(("{", "[")):
            return _TYPE.search(text) is not None
        return text.startswith("<") and looks_like_claim_review_page(text)

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        if Sample(source.sample(), source.plain_name).text.startswith("<"):
            yield from self._read_page(source)
            return
        for found in read_json(source, options.max_record_bytes, _RECORDS, self.name):
            if isinstance(found, Quarantined):
                yield found
                continue
            for n, review in enumerate(claim_reviews(found.value), 1):
                ref = f"{found.ref} review {n}"
                yield self._convert(review, None, Provenance(source=source.name, line=found.line, ref=ref))

    def _read_page(self, source: Source) -> Iterator[Item]:
        page = read_page(source, self.name)
        if isinstance(page, Quarantined):
            yield page
            return
        tree, _ = page
        page_url = page_url_of(tree)
        for script in tree.xpath("//script[@type]"):
            if script.get("type", "").strip().lower() != "application/ld+json":
                continue
            try:
                value = parse_json_ld(script.text or "")
            except ValueError as exc:
                yield quarantined(source.name, self.name, f"invalid JSON-LD: {exc}", script.text or "",
                                  line=script.sourceline, ref="json-ld")
                continue
            for n, review in enumerate(claim_reviews(value), 1):
                provenance = Provenance(source=source.name, line=script.sourceline, ref=f"review {n}")
                yield self._convert(review, page_url, provenance)

    def _convert(self, review: dict, page_url: str | None, provenance: Provenance) -> FactCheck | Quarantined:
        try:
            return to_fact_check(review, page_url, provenance)
        except _Bad as exc:
            return quarantined(provenance.source, self.name, str(exc), review, line=provenance.line,
                               ref=provenance.ref)


def to_fact_check(review: dict, page_url: str | None, provenance: Provenance) -> FactCheck:
    claim = _text(review.get("claimReviewed"))
    url = _text(review.get("url")) or page_url
    if not claim:
        raise _Bad("missing field: claimReviewed")
    if not url:
        raise _Bad("missing field: url")
    rating = _first_object(review.get("reviewRating"))
    item = _first_object(review.get("itemReviewed"))
    appearances = [*_urls(item.get("appearance")), *_urls(item.get("firstAppearance"))]
    record = {
        "id": fact_check_id(url, claim),
        "claim_reviewed": claim,
        "rating": _text(rating.get("alternateName")) or _text(rating.get("name")),
        "title": _text(review.get("name")) or _text(review.get("headline")),
        "publisher": _name(review.get("author")),
        "url": url,
        "date_published": _date(review.get("datePublished")),
        "language": language_code(review.get("inLanguage")),
        "claimant": _name(item.get("author")),
        "appearances": tuple(dict.fromkeys(canonical_url(u) for u in appearances)),
        "provenance": provenance,
    }
    try:
        return FactCheck.model_validate(record)
    except ValidationError as exc:
        raise _Bad(describe_validation(exc)) from None


def claim_reviews(value, depth: int = 0) -> Iterator[dict]:
    """Every ClaimReview object in a JSON-LD value, wherever it is nested."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from claim_reviews(item, depth + 1)
    elif isinstance(value, dict):
        types = value.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "ClaimReview" for t in types):
            yield value
            return
        for item in value.values():
            if isinstance(item, dict | list):
                yield from claim_reviews(item, depth + 1)


def parse_json_ld(text: str):
    text = text.strip()
    for wrapper in (("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")):
        if text.startswith(wrapper[0]) and text.endswith(wrapper[1]):
            text = text[len(wrapper[0]): -len(wrapper[1])].strip()
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        try:
            return json.loads(text, strict=False)  # raw line breaks inside strings
        except json.JSONDecodeError as exc:
            raise ValueError(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None


def read_page(source: Source, format_name: str):
    """(lxml tree, raw bytes) of a saved HTML page, or the Quarantined entry saying why not."""
    import lxml.etree
    import lxml.html

    with source.open() as stream:
        data = stream.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        return quarantined(source.name, format_name, f"page too large: more than {MAX_PAGE_BYTES} bytes",
                           data[:65536], ref="page")
    try:
        return lxml.html.document_fromstring(data), data
    except lxml.etree.ParserError as exc:
        return quarantined(source.name, format_name, f"not an HTML page: {exc}", data[:65536], ref="page")


def page_url_of(tree) -> str | None:
    """The page's own address: its canonical link, or og:url."""
    for link in tree.xpath("//link[@rel][@href]"):
        if "canonical" in link.get("rel", "").lower().split() and link.get("href", "").strip().startswith("http"):
            return link.get("href").strip()
    for meta in tree.xpath("//meta[@property='og:url' or @name='og:url'][@content]"):
        if meta.get("content", "").strip().startswith("http"):
            return meta.get("content").strip()
    return None


def language_code(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    if not isinstance(value, str) or not _LANGUAGE_CODE.match(value.strip()):
        return None
    return value.strip().replace("_", "-").split("-")[0].lower()


def _text(value) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return html.unescape(value).strip() or None


def _first_object(value) -> dict:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else {}


def _name(value) -> str | None:
    if isinstance(value, str):
        return _text(value)
    return _text(_first_object(value).get("name"))


def _urls(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        url = _text(item.get("url")) if isinstance(item, dict) else _text(item)
        if url and url.startswith(("http://", "https://")):
            found.append(url)
    return found


def _date(value):
    text = _text(value)
    if not text:
        return None
    try:
        return parse_time(text)
    except ValueError as exc:
        raise _Bad(f"bad datePublished: {exc}") from None


ADAPTER = ClaimReviewAdapter()
