"""Google's political ads transparency bundle: `google-political-ads-creative-stats.csv`.

One row per ad creative: `Ad_ID`, `Ad_URL`, `Ad_Type`, `Regions` (country codes, or `EU`),
`Advertiser_ID`, `Advertiser_Name`, `Date_Range_Start`/`End`, `Impressions` (a bucket),
`First_Served_Timestamp`/`Last_Served_Timestamp`, targeting columns, and a min/max spend pair per
currency (`Spend_Range_Min_USD`, `Spend_Range_Max_USD`, `..._EUR`, `..._INR`, and more over the
years). Column names are matched without regard to case (the BigQuery copy is lower-case).

Quirks:
- Impression buckets changed over time: `≤ 10k`, `10k-100k` (also with an en dash), `> 10M` in
  early files, exact bounds such as `1750000-2000000` or `0-1000` later. Open-ended buckets keep
  no upper bound.
- Every currency's spend columns are filled on every row: currencies that do not apply carry
  their lowest bucket (`0`-`100` USD, `0`-`50` EUR), so "the filled currency" cannot be told from
  the cells. The currency is chosen from `Regions`: a single region with its own currency in the
  file (US→USD, IN→INR, GB→GBP, IL→ILS, AU→AUD, ...), EUR for ads verified for the EU (several
  member states or `EU`), and USD otherwise or when the chosen currency's cells are empty.
- Timestamps come as `2019-09-25 07:00:00 UTC` or ISO 8601; when absent, the date range is used.
- The ad's text is not in the file; `Ad_URL` is the report's page, not a link the ad carries,
  so the ad has no urls. The advertiser is the verified buyer, so it is both the funding entity
  and the payer.
"""

from collections.abc import Iterator

from pydantic import ValidationError

from veille.enrich.timestamps import parse_time
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters._tables import Row, open_table, table_header
from veille.ingest.rejects import describe_validation, quarantined
from veille.ingest.source import Source
from veille.schema import Ad, Provenance, Quarantined

REGION_CURRENCY = {
    "US": "USD", "IN": "INR", "GB": "GBP", "NZ": "NZD", "IL": "ILS", "AU": "AUD", "TW": "TWD",
    "BR": "BRL", "AR": "ARS", "ZA": "ZAR", "CL": "CLP", "MX": "MXN", "BG": "BGN", "CZ": "CZK",
    "DK": "DKK", "HU": "HUF", "PL": "PLN", "RO": "RON", "SE": "SEK",
}
EU = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "EU",
}
_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}


class _Bad(ValueError):
    """The message is the quarantine reason."""


class GoogleAdsAdapter:
    name = "google-ads"
    description = "Google political ads transparency report, creative stats CSV"
    priority = 40

    def sniff(self, sample: Sample) -> bool:
        header = {name.lower() for name in table_header(sample) or ()}
        return {"ad_id", "advertiser_id", "impressions"} <= header and any(
            name.startswith("spend_range_min_") for name in header
        )

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        with open_table(source, options.max_record_bytes, self.name) as table:
            columns = {name.lower(): name for name in table.header}
            currencies = {name.removeprefix("spend_range_min_").upper() for name in columns
                          if name.startswith("spend_range_min_")}
            for row in table.rows():
                if isinstance(row, Quarantined):
                    yield row
                    continue
                try:
                    yield _ad(row, columns, currencies, source.name)
                except _Bad as exc:
                    yield quarantined(source.name, self.name, str(exc), row.raw, line=row.line)


def _ad(row: Row, columns: dict[str, str], currencies: set[str], source: str) -> Ad:
    def cell(name: str) -> str:
        column = columns.get(name.lower())
        return row.cells[column].strip() if column else ""

    if not cell("Ad_ID"):
        raise _Bad("missing field: Ad_ID")
    regions = [r.strip().upper() for r in cell("Regions").split(",") if r.strip()]
    currency = choose_currency(regions, currencies, cell)
    impressions = impressions_range(cell("Impressions"))
    record = {
        "platform": "google",
        "id": cell("Ad_ID"),
        "page_id": cell("Advertiser_ID") or None,
        "page_name": cell("Advertiser_Name") or None,
        "funding_entity": cell("Advertiser_Name") or None,
        "payer": cell("Advertiser_Name") or None,
        "currency": currency,
        "spend_lower": _amount(cell(f"Spend_Range_Min_{currency}")) if currency else None,
        "spend_upper": _amount(cell(f"Spend_Range_Max_{currency}")) if currency else None,
        "impressions_lower": impressions[0],
        "impressions_upper": impressions[1],
        "target_countries": regions,
        "start_time": _time(cell("First_Served_Timestamp") or cell("Date_Range_Start"), "First_Served_Timestamp"),
        "end_time": _time(cell("Last_Served_Timestamp") or cell("Date_Range_End"), "Last_Served_Timestamp"),
        "provenance": Provenance(source=source, line=row.line),
    }
    try:
        return Ad.model_validate(record)
    except ValidationError as exc:
        raise _Bad(describe_validation(exc)) from None


def choose_currency(regions: list[str], available: set[str], cell) -> str | None:
    """The currency the report shows for these regions, if its spend cells are filled."""
    if len(regions) == 1 and regions[0] in REGION_CURRENCY:
        wanted = REGION_CURRENCY[regions[0]]
    elif any(r in EU for r in regions):
        wanted = "EUR"
    else:
        wanted = "USD"
    for currency in (wanted, "USD"):
        if currency in available and (cell(f"Spend_Range_Min_{currency}") or cell(f"Spend_Range_Max_{currency}")):
            return currency
    return None


def impressions_range(text: str) -> tuple[int | None, int | None]:
    """`≤ 10k` → (0, 10000); `10k-100k` → (10000, 100000); `> 10M` → (10000000, None)."""
    value = text.strip().replace("\u2013", "-").replace("\u2014", "-").replace(" ", "")
    if not value:
        return None, None
    try:
        if value[0] in "≤<":
            return 0, _count(value.lstrip("≤<="))
        if value[0] in "≥>":
            return _count(value.lstrip("≥>=")), None
        if "-" in value[1:]:
            low, high = value.split("-", 1)
            return _count(low), _count(high)
        return _count(value), _count(value)
    except ValueError:
        raise _Bad(f"bad Impressions: not a bucket, got {text[:80]!r}") from None


def _count(text: str) -> int:
    text = text.replace(",", "").lower()
    if text and text[-1] in _MULTIPLIERS:
        return round(float(text[:-1]) * _MULTIPLIERS[text[-1]])
    return int(text)


def _amount(text: str) -> float | None:
    if not text:
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise _Bad(f"bad spend: not a number, got {text[:80]!r}") from None


def _time(text: str, field: str):
    if not text:
        return None
    try:
        return parse_time(text)
    except ValueError as exc:
        raise _Bad(f"bad {field}: {exc}") from None


ADAPTER = GoogleAdsAdapter()
