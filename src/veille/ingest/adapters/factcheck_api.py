"""Google Fact Check Tools API `claims:search` responses, saved one per file or as JSON lines.

A response is `{"claims": [...], "nextPageToken": "..."}`; each claim has `text`, `claimant`,
`claimDate` and `claimReview`, a list of reviews, each with `publisher` (`name`, `site`), `url`,
`title`, `reviewDate`, `textualRating` and `languageCode`. Every review becomes one FactCheck of
the claim's text (so a claim reviewed by three fact-checkers gives three), with the same id the
`claimreview` adapter gives the same review. The API gives no appearances; `claimDate` has no
place in FactCheck and is dropped. A JSON array of responses is read too.

Quirks: `claimant` and `title` are often absent; a publisher may have only a `site`, which then
names it; an empty response is `{}` (no `claims` key). A claim without text, or a review without
url, is quarantined; an API error object (`{"error": {...}}`) is quarantined with its message.
"""

from collections.abc import Iterator

from pydantic import ValidationError

from veille.enrich.timestamps import parse_time
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters._json_records import read_json
from veille.ingest.adapters.claimreview import fact_check_id, language_code
from veille.ingest.rejects import describe_validation, quarantined
from veille.ingest.source import Source
from veille.schema import FactCheck, Provenance, Quarantined

_RECORDS = {"claims.item", "item.claims.item"}


class FactCheckApiAdapter:
    name = "factcheck-api"
    description = "Google Fact Check Tools API claims:search responses"
    priority = 60

    def sniff(self, sample: Sample) -> bool:
        text = sample.text
        return text.startswith(("{", "[")) and '"claims"' in text and '"claimReview"' in text

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        for found in read_json(source, options.max_record_bytes, _RECORDS, self.name):
            if isinstance(found, Quarantined):
                yield found
            elif found.whole:
                yield from self._errors(found.value, source, found.line, found.ref)
            else:
                yield from self._claim(found.value, source, found.line, found.ref)

    def _claim(self, claim, source: Source, line: int | None, ref: str) -> Iterator[Item]:
        def bad(reason: str, raw) -> Quarantined:
            return quarantined(source.name, self.name, reason, raw, line=line, ref=ref)

        if not isinstance(claim, dict):
            yield bad("claim is not a JSON object", claim)
            return
        text = (claim.get("text") or "").strip()
        reviews = claim.get("claimReview") or []
        if not text:
            yield bad("missing field: text", claim)
            return
        for n, review in enumerate(reviews if isinstance(reviews, list) else [reviews], 1):
            provenance = Provenance(source=source.name, line=line, ref=f"{ref} review {n}")
            url = (review.get("url") or "").strip() if isinstance(review, dict) else ""
            if not url:
                yield quarantined(source.name, self.name, "missing field: claimReview.url", review, line=line,
                                  ref=provenance.ref)
                continue
            publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
            try:
                yield FactCheck.model_validate({
                    "id": fact_check_id(url, text),
                    "claim_reviewed": text,
                    "rating": review.get("textualRating") or None,
                    "title": review.get("title") or None,
                    "publisher": publisher.get("name") or publisher.get("site") or None,
                    "url": url,
                    "date_published": parse_time(review["reviewDate"]) if review.get("reviewDate") else None,
                    "language": language_code(review.get("languageCode")),
                    "claimant": claim.get("claimant") or None,
                    "provenance": provenance,
                })
            except ValueError as exc:  # also pydantic's ValidationError
                reason = describe_validation(exc) if isinstance(exc, ValidationError) else f"bad reviewDate: {exc}"
                yield quarantined(source.name, self.name, reason, review, line=line, ref=provenance.ref)

    def _errors(self, response, source: Source, line: int | None, ref: str) -> Iterator[Quarantined]:
        """A response that is an API error, or not a response at all, is worth a quarantine line."""
        for n, page in enumerate(response if isinstance(response, list) else [response], 1):
            where = ref if not isinstance(response, list) else f"{ref} response {n}"
            if isinstance(page, dict) and isinstance(page.get("error"), dict):
                message = page["error"].get("message") or page["error"].get("status") or "no message"
                yield quarantined(source.name, self.name, f"API error response: {message}", page, line=line,
                                  ref=where)
            elif not isinstance(page, dict):
                yield quarantined(source.name, self.name, "not a claims:search response", page, line=line, ref=where)


ADAPTER = FactCheckApiAdapter()
