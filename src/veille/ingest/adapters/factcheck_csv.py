"""A simple table of fact-checks: columns `claim, rating, title, url, language, published`.

The layout fact-checkers and researchers fill in by hand or export from a spreadsheet. Column
names are matched without regard to case or order; other columns are allowed and ignored. The
delimiter is sniffed (comma, semicolon, tab). `claim` and `url` are required; `published` is any
date or time veille reads (ISO 8601, `2024-06-01`, RFC 822); `language` a code such as `en` or
`pt-BR`. The id is the one the `claimreview` adapter gives the same review (URL and claim).
"""

from collections.abc import Iterator

from pydantic import ValidationError

from veille.enrich.timestamps import parse_time
from veille.errors import FormatError
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters._tables import open_table, table_header
from veille.ingest.adapters.claimreview import fact_check_id, language_code
from veille.ingest.rejects import describe_validation, quarantined
from veille.ingest.source import Source
from veille.schema import FactCheck, Provenance, Quarantined

COLUMNS = ("claim", "rating", "title", "url", "language", "published")


class FactCheckCsvAdapter:
    name = "factcheck-csv"
    description = "table of fact-checks: claim, rating, title, url, language, published"
    priority = 40

    def sniff(self, sample: Sample) -> bool:
        header = {name.lower() for name in table_header(sample) or ()}
        return set(COLUMNS) <= header

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        with open_table(source, options.max_record_bytes, self.name) as table:
            columns = {name.lower(): name for name in table.header}
            missing = [name for name in COLUMNS if name not in columns]
            if missing:
                raise FormatError(f"{source.path}: not a fact-check table: no column {', '.join(missing)}")
            for row in table.rows():
                if isinstance(row, Quarantined):
                    yield row
                    continue
                cell = {name: row.cells[columns[name]].strip() for name in COLUMNS}
                reason = None
                if not cell["claim"] or not cell["url"]:
                    reason = f"missing field: {'claim' if not cell['claim'] else 'url'}"
                else:
                    try:
                        yield FactCheck.model_validate({
                            "id": fact_check_id(cell["url"], cell["claim"]),
                            "claim_reviewed": cell["claim"],
                            "rating": cell["rating"] or None,
                            "title": cell["title"] or None,
                            "url": cell["url"],
                            "date_published": parse_time(cell["published"]) if cell["published"] else None,
                            "language": language_code(cell["language"]),
                            "provenance": Provenance(source=source.name, line=row.line),
                        })
                    except ValidationError as exc:
                        reason = describe_validation(exc)
                    except ValueError as exc:
                        reason = f"bad published: {exc}"
                if reason:
                    yield quarantined(source.name, self.name, reason, row.raw, line=row.line)


ADAPTER = FactCheckCsvAdapter()
