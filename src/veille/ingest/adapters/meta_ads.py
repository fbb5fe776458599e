"""Meta Ad Library API (`ads_archive`) responses: pages of `data`, saved as the API sent them.

A page is `{"data": [ad, ...], "paging": {"cursors": ..., "next": url}}`, read whether a file
holds one page, JSON lines of pages, or a JSON array of pages, in bounded memory. An ad has `id`,
`page_id`, `page_name`, `bylines`, `currency`, `spend` and `impressions` (`{lower_bound,
upper_bound}`), `delivery_by_region` (`[{region, percentage}]`), `languages`,
`ad_creative_bodies`, `ad_creative_link_captions`, `ad_delivery_start_time`/`stop_time`,
`beneficiary_payers` (`[{payer, beneficiary, current}]`), `target_locations`,
`publisher_platforms`, and more that Ad has no place for (demographics, audience size).

Quirks handled: numbers come as strings (`"lower_bound": "100"`); an open-ended range has no
`upper_bound` (impressions over 1M); percentages are fractions (`"0.42"`), turned to shares 0..1
(a list that adds up to more than 1.5 is taken to be in percent); times carry `+0000` offsets;
`bylines` is a string but some tools save it as a list; older responses use `funding_entity`,
`ad_creative_body`, `ad_creative_link_caption` and `region_distribution` instead; several
beneficiary/payer pairs are listed over an ad's life and the one marked `current` is kept (else
the last). Link captions are usually the shown domain (`example.org`): those that look like a URL
or a domain become the ad's urls (a bare domain as `http://domain`, as links found in text are).
`target_locations` of type `countries` that are not excluded become target countries (names, as
the API gives them). `ad_snapshot_url` is not kept: it holds the caller's access token, which is
also taken out of whatever is quarantined (`paging.next` holds it too).
An ad without an id is quarantined; so is an error response (`{"error": {"message": ...}}`).
"""

import re
from collections.abc import Iterator

from pydantic import ValidationError

from veille.enrich.timestamps import parse_time
from veille.enrich.urls import canonical_url
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters._json_records import read_json
from veille.ingest.rejects import describe_validation, quarantined
from veille.ingest.source import Source
from veille.schema import Ad, Provenance, Quarantined, RegionShare

_RECORDS = {"data.item", "item.data.item"}
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
                     r"\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
_TOKEN = re.compile(rb"(access_token(?:=|%3D))[^&\s\"\\]+")
_AD_KEYS = ('"ad_delivery_start_time"', '"ad_creative_bodies"', '"ad_creative_body"', '"page_id"',
            '"ad_snapshot_url"', '"bylines"', '"funding_entity"')


class _Bad(ValueError):
    """The message is the quarantine reason."""


class MetaAdsAdapter:
    name = "meta-ads"
    description = "Meta Ad Library API (ads_archive) responses"
    priority = 60

    def sniff(self, sample: Sample) -> bool:
        text = sample.text
        return text.startswith(("{", "[")) and '"data"' in text and sum(k in text for k in _AD_KEYS) >= 2

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        for item in self._read(source, options):
            yield _without_token(item) if isinstance(item, Quarantined) else item

    def _read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        for found in read_json(source, options.max_record_bytes, _RECORDS, self.name):
            if isinstance(found, Quarantined):
                yield found
                continue
            if found.whole:
                yield from self._errors(found.value, source, found.line, found.ref)
                continue
            provenance = Provenance(source=source.name, line=found.line, ref=found.ref)
            try:
                yield to_ad(found.value, provenance)
            except _Bad as exc:
                yield quarantined(source.name, self.name, str(exc), found.value, line=found.line, ref=found.ref)

    def _errors(self, value, source: Source, line: int | None, ref: str) -> Iterator[Quarantined]:
        for n, page in enumerate(value if isinstance(value, list) else [value], 1):
            where = ref if not isinstance(value, list) else f"{ref} page {n}"
            if isinstance(page, dict) and isinstance(page.get("error"), dict):
                message = page["error"].get("message") or "no message"
                yield quarantined(source.name, self.name, f"API error response: {message}", page, line=line,
                                  ref=where)
            elif not isinstance(page, dict) or "data" not in page:
                yield quarantined(source.name, self.name, "not an Ad Library page: no data array", page,
                                  line=line, ref=where)


def to_ad(ad, provenance: Provenance) -> Ad:
    if not isinstance(ad, dict):
        raise _Bad("ad is not a JSON object")
    if not _string(ad.get("id")):
        raise _Bad("missing field: id")
    payer, beneficiary = _current_payer(ad.get("beneficiary_payers"))
    spend = _range(ad.get("spend"), "spend", float)
    impressions = _range(ad.get("impressions"), "impressions", int)
    bylines = ad.get("bylines", ad.get("funding_entity"))
    record = {
        "platform": "meta",
        "id": _string(ad["id"]),
        "page_id": _string(ad.get("page_id")),
        "page_name": _string(ad.get("page_name")),
        "funding_entity": "; ".join(bylines) if isinstance(bylines, list) else _string(bylines),
        "payer": payer,
        "beneficiary": beneficiary,
        "currency": _string(ad.get("currency")),
        "spend_lower": spend[0],
        "spend_upper": spend[1],
        "impressions_lower": impressions[0],
        "impressions_upper": impressions[1],
        "delivery_regions": _regions(ad.get("delivery_by_region", ad.get("region_distribution"))),
        "target_countries": [
            loc["name"] for loc in ad.get("target_locations") or ()
            if isinstance(loc, dict) and loc.get("type") == "countries" and not loc.get("excluded") and loc.get("name")
        ],
        "languages": [_string(lang) for lang in ad.get("languages") or () if _string(lang)],
        "creative_bodies": _strings(ad.get("ad_creative_bodies", ad.get("ad_creative_body"))),
        "urls": _caption_urls(_strings(ad.get("ad_creative_link_captions", ad.get("ad_creative_link_caption")))),
        "start_time": _time(ad.get("ad_delivery_start_time"), "ad_delivery_start_time"),
        "end_time": _time(ad.get("ad_delivery_stop_time"), "ad_delivery_stop_time"),
        "provenance": provenance,
    }
    try:
        return Ad.model_validate(record)
    except ValidationError as exc:
        raise _Bad(describe_validation(exc)) from None


def _string(value) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _strings(value) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(s for s in (_string(item) for item in items) if s)


def _range(value, field: str, kind) -> tuple:
    if value is None:
        return None, None
    if not isinstance(value, dict):
        raise _Bad(f"bad {field}: expected {{lower_bound, upper_bound}}, got {str(value)[:80]!r}")
    bounds = []
    for key in ("lower_bound", "upper_bound"):
        raw = value.get(key)
        try:
            bounds.append(None if raw in (None, "") else kind(float(raw)))
        except (TypeError, ValueError):
            raise _Bad(f"bad {field}.{key}: not a number, got {str(raw)[:80]!r}") from None
    return tuple(bounds)


def _regions(value) -> list[RegionShare]:
    rows = []
    for item in value or ():
        if not isinstance(item, dict) or not _string(item.get("region")):
            continue
        try:
            rows.append((_string(item["region"]), float(item.get("percentage"))))
        except (TypeError, ValueError):
            raise _Bad(f"bad delivery_by_region: percentage {item.get('percentage')!r}") from None
    scale = 100.0 if sum(share for _, share in rows) > 1.5 else 1.0
    return [RegionShare(region=region, share=share / scale) for region, share in rows]


def _current_payer(pairs) -> tuple[str | None, str | None]:
    pairs = [p for p in pairs or () if isinstance(p, dict)]
    if not pairs:
        return None, None
    chosen = next((p for p in pairs if p.get("current") is True), pairs[-1])
    return _string(chosen.get("payer")), _string(chosen.get("beneficiary"))


def _caption_urls(captions: tuple[str, ...]) -> tuple[str, ...]:
    urls = []
    for caption in captions:
        if caption.lower().startswith(("http://", "https://")):
            urls.append(canonical_url(caption))
        elif _DOMAIN.match(caption):
            urls.append(canonical_url(f"http://{caption}"))
    return tuple(dict.fromkeys(urls))


def _without_token(item: Quarantined) -> Quarantined:
    """Saved responses carry the caller's access token in URLs; quarantine keeps none."""
    return item.model_copy(update={"raw": _TOKEN.sub(rb"\1<redacted>", item.raw)})


def _time(value, field: str):
    if value in (None, ""):
        return None
    try:
        return parse_time(value)
    except ValueError as exc:
        raise _Bad(f"bad {field}: {exc}") from None


ADAPTER = MetaAdsAdapter()
