"""ClaimReview out: the stored fact-checks as schema.org ClaimReview JSON-LD.

One DataFeed document (the layout fact-check aggregators publish and Google's Fact Check tools
read) whose `dataFeedElement` holds one DataFeedItem per fact-check, each with its ClaimReview:
`url`, `claimReviewed`, `name` (the title), `author` (the publisher, an Organization),
`datePublished` (ISO 8601), `inLanguage`, `reviewRating.alternateName` (the textual rating) and
`itemReviewed`, a Claim with its `author` (the claimant) and `appearance` URLs. Only the current
version of each fact-check is written (earlier ones stay in `fact_check_history`). Reading the
file back with `veille ingest` gives the same fact-checks with the same ids.
"""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import duckdb
import orjson

from veille.errors import UsageError
from veille.store import queries


def claim_review(row: dict) -> dict:
    """The ClaimReview of one stored fact-check (fields left out when unknown)."""
    item: dict = {"@type": "Claim"}
    if row["claimant"]:
        item["author"] = {"@type": "Person", "name": row["claimant"]}
    if row["appearances"]:
        item["appearance"] = [{"@type": "CreativeWork", "url": u} for u in row["appearances"]]
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": row["url"],
        "claimReviewed": row["claim_reviewed"],
        "name": row["title"],
        "author": {"@type": "Organization", "name": row["publisher"]} if row["publisher"] else None,
        "datePublished": row["date_published"].astimezone(UTC).isoformat() if row["date_published"] else None,
        "inLanguage": row["language"],
        "reviewRating": {"@type": "Rating", "alternateName": row["rating"]} if row["rating"] else None,
        "itemReviewed": item,
    }
    return {k: v for k, v in review.items() if v is not None}


def write_claim_reviews(con: duckdb.DuckDBPyConnection, out: BinaryIO) -> int:
    """Write every stored fact-check as one ClaimReview DataFeed; returns how many."""
    rows = con.execute(queries.EXPORT_FACT_CHECKS)
    keys = [d[0] for d in rows.description]
    elements = []
    for values in rows.fetchall():
        review = claim_review(dict(zip(keys, values)))
        elements.append({"@type": "DataFeedItem", "dateCreated": review.get("datePublished"), "item": [review]})
        if elements[-1]["dateCreated"] is None:
            del elements[-1]["dateCreated"]
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dateModified": datetime.now(UTC).isoformat(timespec="seconds"),
        "dataFeedElement": elements,
    }
    out.write(orjson.dumps(feed, option=orjson.OPT_INDENT_2) + b"\n")
    return len(elements)


def export_to_file(con: duckdb.DuckDBPyConnection, path: str | os.PathLike) -> int:
    """Written to a temporary file then renamed, so a reader never sees half a feed."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as out:
            count = write_claim_reviews(con, out)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp.exists():
            tmp.unlink()
        raise UsageError(f"--out {path}: {exc.strerror or exc}") from None
    return count
