from datetime import UTC, datetime

import pytest

from tests.conftest import FIXTURES
from tests.ingest.stored_text import stored_text
from veille.errors import IngestError
from veille.ingest.adapter import IngestOptions
from veille.ingest.adapters.whatsapp_webhook import ADAPTER
from veille.ingest.source import Source
from veille.privacy import pseudonymise

WEBHOOKS = FIXTURES / "whatsapp" / "webhooks.jsonl"
SENDERS = ("16505551234", "447700900123")


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def test_messages_are_stored_and_bad_lines_quarantined(app):
    report = app.ingest([WEBHOOKS])
    assert report.files[0].format == "whatsapp-webhook"
    # 4 messages (lines 1, 2 twice, 7 = line 1 again) and 3 bad: a message without timestamp,
    # a cut line, a Messenger body; the status and the reaction are not messages
    assert (report.total("inserted"), report.total("duplicates"), report.total("quarantined")) == (3, 1, 3)
    reasons = {q["line"]: q["reason"] for q in app.quarantine()}
    assert reasons[5] == "missing field: timestamp"
    assert reasons[6].startswith("invalid JSON")
    assert reasons[8] == "not a WhatsApp Business webhook body"


def test_fields_and_pseudonyms(app):
    app.ingest([WEBHOOKS])
    key = app.store.pseudonym_key()
    stored = rows(app, "SELECT channel, id, sender_hash, text, media_hashes, received_at, source_line, source_ref "
                       "FROM tipline_messages ORDER BY received_at")
    assert [(r[0], r[6], r[7]) for r in stored] == [
        ("whatsapp", 1, "message 1"), ("whatsapp", 2, "message 1"), ("whatsapp", 2, "message 2")]
    text, image, document = stored
    assert text[2] == pseudonymise("16505551234", key)
    assert text[3] == "Is it true that ballots marked in pencil are thrown away?"
    assert (text[4], text[5]) == ([], datetime(2024, 6, 1, 10, 0, tzinfo=UTC))
    assert image[2] == document[2] == pseudonymise("447700900123", key)
    assert image[3] == "Seen in my family group: polls close at 6pm!"  # the caption
    assert image[4] == ["2f1c6b0c5b0b8f8e1d9b5c2a4e0f7d3c9a8b7e6f5d4c3b2a1f0e9d8c7b6a5f4e"]
    assert (document[3], len(document[4])) == ("", 1)
    assert all(r[1].startswith("wa:") and "wamid" not in r[1] for r in stored)  # a wamid spells the number


def test_no_sender_number_anywhere_in_the_database(app):
    app.ingest([WEBHOOKS])
    everything = stored_text(app)
    assert "Ana P." not in everything  # the profile name is not kept either
    for number in SENDERS:
        assert number not in everything


def test_reingesting_is_idempotent(app):
    app.ingest([WEBHOOKS])
    second = app.ingest([WEBHOOKS])
    assert (second.total("inserted"), second.total("duplicates")) == (0, 4)
    assert rows(app, "SELECT count(*) FROM tipline_messages") == [(3,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(3,)]


def test_reading_needs_the_pseudonym_key():
    with pytest.raises(IngestError, match="pseudonym key"):
        list(ADAPTER.read(Source.from_path(WEBHOOKS), IngestOptions()))
