"""Writing ads, fact-checks and tipline messages in the formats veille ingests.

Meta Ad Library API pages (JSON lines, 25 ads a page, numbers as strings), Google's political
ads creative-stats CSV, ClaimReview JSON-LD, Google Fact Check Tools `claims:search` responses,
WhatsApp Cloud API webhook bodies and Telegram Bot API updates (JSON lines, one delivery per
line, as a webhook log or replay file would hold them; one WhatsApp delivery is retried, as
Meta does when a webhook is slow, and status notifications are interleaved).
"""

import csv
import hashlib
import random
from datetime import UTC, datetime
from pathlib import Path

import orjson

from veille.simulate.ads import AdSpec
from veille.simulate.public import FactCheckSpec, TiplineSpec

GOOGLE_COLUMNS = [
    "Ad_ID", "Ad_URL", "Ad_Type", "Regions", "Advertiser_ID", "Advertiser_Name", "Ad_Campaigns_List",
    "Date_Range_Start", "Date_Range_End", "Num_of_Days", "Impressions", "First_Served_Timestamp",
    "Last_Served_Timestamp", "Age_Targeting", "Gender_Targeting", "Geo_Targeting_Included", "Geo_Targeting_Excluded",
    "Spend_Range_Min_USD", "Spend_Range_Max_USD", "Spend_Range_Min_EUR", "Spend_Range_Max_EUR",
    "Spend_Range_Min_INR", "Spend_Range_Max_INR",
]


def _day(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d")


def write_meta_ads(path: Path, ads: list[AdSpec]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        for start in range(0, len(ads), 25):
            page = []
            for ad in ads[start:start + 25]:
                item = {
                    "id": ad.id, "ad_creation_time": _day(ad.start - 86400), "ad_creative_bodies": ad.bodies,
                    "ad_delivery_start_time": _day(ad.start), "ad_delivery_stop_time": _day(ad.stop),
                    "ad_snapshot_url": f"https://www.facebook.com/ads/archive/render_ad/?id={ad.id}&access_token=REDACTED",
                    "bylines": ad.payer, "currency": ad.currency,
                    "delivery_by_region": [{"percentage": str(share), "region": region} for region, share in ad.regions],
                    "impressions": {"lower_bound": str(ad.impressions[0]), "upper_bound": str(ad.impressions[1])},
                    "languages": ad.languages, "page_id": ad.page_id, "page_name": ad.page_name,
                    "publisher_platforms": ["facebook", "instagram"],
                    "spend": {"lower_bound": str(ad.spend[0]), "upper_bound": str(ad.spend[1])},
                    "beneficiary_payers": [{"payer": ad.payer, "beneficiary": ad.beneficiary, "current": True}],
                    "target_locations": [{"name": "France", "type": "countries", "excluded": False}],
                }
                if ad.link_caption:
                    item["ad_creative_link_captions"] = [ad.link_caption]
                    item["ad_creative_link_titles"] = ["Read what the media hide"]
                page.append(item)
            after = hashlib.md5(page[-1]["id"].encode()).hexdigest()
            out.write(orjson.dumps({"data": page, "paging": {"cursors": {"after": after}}}) + b"\n")


def _impressions_bucket(upper: int) -> str:
    if upper < 10000:
        return "≤ 10k"
    if upper < 100000:
        return "10k-100k"
    return "100k-1M"


def write_google_ads(path: Path, ads: list[AdSpec]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(GOOGLE_COLUMNS)
        for ad in ads:
            usd = ad.currency == "USD"
            low, high = ad.spend
            writer.writerow([
                ad.id, f"https://adstransparency.google.com/advertiser/{ad.page_id}/creative/{ad.id}?region=FR",
                ad.extra.get("ad_type", "TEXT"), "EU", ad.page_id, ad.page_name, "", _day(ad.start), _day(ad.stop),
                max(1, int((ad.stop - ad.start) // 86400)), _impressions_bucket(ad.impressions[1]),
                datetime.fromtimestamp(ad.start, UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
                datetime.fromtimestamp(ad.stop, UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
                "Not targeted", "Not targeted", "France", "",
                low if usd else "", high if usd else "", "" if usd else low, "" if usd else high, "", "",
            ])


def _claim_review(fc: FactCheckSpec) -> dict:
    review = {
        "@context": "https://schema.org", "@type": "ClaimReview", "datePublished": _day(fc.date), "url": fc.url,
        "name": fc.title, "claimReviewed": fc.claim, "inLanguage": fc.lang,
        "author": {"@type": "Organization", "name": fc.publisher, "url": f"https://{fc.site}/"},
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                         "alternateName": fc.rating},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Organization", "name": "Social media users"},
                         "datePublished": _day(fc.date - 86400),
                         "appearance": [{"@type": "CreativeWork", "url": u} for u in fc.appearances]},
    }
    return review


def write_fact_checks(folder: Path, checks: list[FactCheckSpec]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    half = (len(checks) + 1) // 2
    (folder / "claimreview.json").write_bytes(
        orjson.dumps([_claim_review(fc) for fc in checks[:half]], option=orjson.OPT_INDENT_2))
    claims = []
    for fc in checks[half:]:
        claims.append({
            "text": fc.claim, "claimant": "Social media users",
            "claimDate": datetime.fromtimestamp(fc.date - 86400, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "claimReview": [{
                "publisher": {"name": fc.publisher, "site": fc.site}, "url": fc.url, "title": fc.title,
                "reviewDate": datetime.fromtimestamp(fc.date, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "textualRating": fc.rating, "languageCode": fc.lang,
            }],
        })
    (folder / "factcheck-api.json").write_bytes(
        orjson.dumps({"claims": claims, "nextPageToken": "CAo"}, option=orjson.OPT_INDENT_2))


def whatsapp_message_id(spec: TiplineSpec) -> str:
    digest = hashlib.sha256(f"{spec.sender}/{spec.message_no}".encode()).hexdigest().upper()
    return f"wamid.HBgL{digest[:40]}"


def telegram_message_id(spec: TiplineSpec) -> str:
    return f"{spec.sender}/{spec.message_no}"


def write_tipline(folder: Path, messages: list[TiplineSpec], rng: random.Random) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    phone_id = "106540352242922"
    with open(folder / "whatsapp-webhooks.jsonl", "wb") as wa, open(folder / "telegram-bot-updates.jsonl", "wb") as tg:
        retried = False
        for spec in sorted(messages, key=lambda m: m.t):
            if spec.channel == "whatsapp":
                body = _whatsapp_body(spec, phone_id)
                wa.write(orjson.dumps(body) + b"\n")
                if not retried and rng.random() < 0.05:
                    wa.write(orjson.dumps(body) + b"\n")  # the platform retried this delivery
                    retried = True
                if rng.random() < 0.3:
                    wa.write(orjson.dumps(_whatsapp_status(spec, phone_id)) + b"\n")
            else:
                update = {
                    "update_id": 800000000 + spec.update_no,
                    "message": {
                        "message_id": spec.message_no,
                        "from": {"id": int(spec.sender), "is_bot": False, "first_name": spec.sender_name,
                                 "language_code": spec.lang},
                        "chat": {"id": int(spec.sender), "first_name": spec.sender_name, "type": "private"},
                        "date": int(spec.t), "text": spec.text,
                    },
                }
                tg.write(orjson.dumps(update) + b"\n")


def _whatsapp_body(spec: TiplineSpec, phone_id: str) -> dict:
    message = {"from": spec.sender, "id": whatsapp_message_id(spec), "timestamp": str(int(spec.t)), "type": "text",
               "text": {"body": spec.text}}
    if spec.claim_id:
        message["context"] = {"forwarded": True}
    return {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
        "field": "messages",
        "value": {"messaging_product": "whatsapp",
                  "metadata": {"display_phone_number": "15550783881", "phone_number_id": phone_id},
                  "contacts": [{"profile": {"name": spec.sender_name}, "wa_id": spec.sender}],
                  "messages": [message]}}]}]}


def _whatsapp_status(spec: TiplineSpec, phone_id: str) -> dict:
    return {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
        "field": "messages",
        "value": {"messaging_product": "whatsapp",
                  "metadata": {"display_phone_number": "15550783881", "phone_number_id": phone_id},
                  "statuses": [{"id": "wamid.OUT" + whatsapp_message_id(spec)[9:30], "status": "delivered",
                                "timestamp": str(int(spec.t) + 5), "recipient_id": spec.sender}]}}]}]}
