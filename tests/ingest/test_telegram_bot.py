from datetime import UTC, datetime

from tests.conftest import FIXTURES
from tests.ingest.stored_text import stored_text
from veille.privacy import pseudonymise

UPDATES = FIXTURES / "telegram-bot" / "updates.jsonl"
SENDERS = ("123456789", "987654321")


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def test_messages_are_stored_and_bad_lines_quarantined(app):
    report = app.ingest([UPDATES])
    assert report.files[0].format == "telegram-bot"
    # 9 lines: 4 messages (1, 2, 3, 8), line 9 repeats line 1; the edit and the button press are
    # skipped; a message without a date and a cut line are bad
    assert (report.total("inserted"), report.total("duplicates"), report.total("quarantined")) == (4, 1, 2)
    reasons = {q["line"]: q["reason"] for q in app.quarantine()}
    assert reasons[6] == "missing field: date"
    assert reasons[7].startswith("invalid JSON")


def test_fields_and_pseudonyms(app):
    app.ingest([UPDATES])
    key = app.store.pseudonym_key()
    alice, bob = pseudonymise("123456789", key), pseudonymise("987654321", key)
    stored = rows(app, "SELECT channel, id, sender_hash, text, media_hashes, received_at, source_ref "
                       "FROM tipline_messages ORDER BY received_at")
    assert [(r[0], r[1], r[2]) for r in stored] == [
        ("telegram", f"{alice}/11", alice), ("telegram", f"{alice}/12", alice),
        ("telegram", f"{bob}/3", bob), ("telegram", f"{bob}/4", bob)]
    text, photo, forward, document = stored
    assert text[3] == "On m'a dit que les bulletins remplis au crayon sont annulés, c'est vrai ?"
    assert (text[4], text[5], text[6]) == ([], datetime(2024, 6, 1, 10, 0, tzinfo=UTC), "update 800000001")
    assert (photo[3], photo[4]) == ("Les bureaux ferment à 18h !!", ["AQADx7kxG1a0uFB-"])  # the largest size
    assert forward[3] == "Vi isso no grupo da família: dá pra votar pelo celular?"
    assert (document[3], document[4]) == ("panfleto que recebi", ["AgADbQUAAm0s0UU"])


def test_no_sender_id_anywhere_in_the_database(app):
    app.ingest([UPDATES])
    everything = stored_text(app)
    for user_id in SENDERS:
        assert user_id not in everything
    assert "alice_ex" not in everything and "Exemple" not in everything


def test_reingesting_is_idempotent(app):
    app.ingest([UPDATES])
    second = app.ingest([UPDATES])
    assert (second.total("inserted"), second.total("duplicates")) == (0, 5)
    assert rows(app, "SELECT count(*) FROM tipline_messages") == [(4,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(2,)]
