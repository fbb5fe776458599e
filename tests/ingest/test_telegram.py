import json
from datetime import UTC, datetime

from tests.conftest import FIXTURES

CHANNEL = FIXTURES / "telegram" / "channel_result.json"
ACCOUNT = FIXTURES / "telegram" / "account_result.json"


def rows(app, sql):
    return app.store.con.execute(sql).fetchall()


def post(app, post_id):
    names = ["account_id", "created_at", "text", "urls", "hashtags", "mentions", "share_of_id", "reply_to_id",
             "metrics", "source_line", "source_ref"]
    [found] = rows(app, f"SELECT {', '.join(names)} FROM posts WHERE platform = 'telegram' AND id = '{post_id}'")
    return dict(zip(names, found))


def test_channel_export_is_stored_and_a_dateless_message_quarantined(app):
    report = app.ingest([CHANNEL])
    assert report.files[0].format == "telegram"
    # 7 messages: 1 service and 1 unsupported (skipped), 4 good, 1 without a date
    assert report.total("inserted") == 4
    assert report.total("quarantined") == 1
    [bad] = app.quarantine()
    assert (bad["line"], bad["ref"], bad["reason"]) == (None, "1234567890/6", "missing field: date")
    assert json.loads(bad["raw"])["text"] == "pesan tanpa tanggal"


def test_messages_are_mapped_field_by_field(app):
    app.ingest([CHANNEL])
    first = post(app, "1234567890/2")
    assert first["account_id"] == "channel1234567890"
    # date_unixtime wins over date, which is the exporting computer's local time (UTC+7 here)
    assert first["created_at"] == datetime(2024, 2, 14, 1, 0, tzinfo=UTC)
    assert first["text"] == ("TPS buka jam 7! Cek lokasi di cekdptonline.kpu.go.id atau panduan ini "
                             "#Pemilu2024 via @kpu_ri")
    # a `link` entity without a scheme, then a `text_link` whose href loses its tracking parameter
    assert first["urls"] == ["http://cekdptonline.kpu.go.id/", "https://example.org/panduan"]
    assert (first["hashtags"], first["mentions"]) == (["pemilu2024"], ["kpu_ri"])
    assert json.loads(first["metrics"]) == {"reactions": 44}  # 41 👍 + 3 🔥
    assert (first["source_line"], first["source_ref"]) == (None, "1234567890/2")

    forward = post(app, "1234567890/3")
    assert forward["share_of_id"] is None  # forwarded_from is only a name: no original post to point at
    assert post(app, "1234567890/4")["reply_to_id"] == "1234567890/3"
    video = post(app, "1234567890/7")
    assert (video["text"], video["urls"]) == ("", [])


def test_account_export_reads_every_chat_and_left_chat(app):
    report = app.ingest([ACCOUNT])
    assert report.files[0].format == "telegram"
    # personal chat 2, saved messages 1, supergroup 2 (its service message skipped), left channel 1
    assert (report.total("inserted"), report.total("quarantined")) == (6, 0)
    ids = [r[0] for r in rows(app, "SELECT id FROM posts ORDER BY id")]
    assert ids == ["1888000111/10", "1888000111/11", "1999000222/55", "5550001/201", "7770001/101", "7770001/102"]
    reply = post(app, "7770001/102")
    assert reply["account_id"] == "user5550001"
    assert reply["reply_to_id"] == "7770001/101"
    assert reply["urls"] == ["https://kpu.go.id/berita"]
    crossed = post(app, "1888000111/11")
    assert crossed["reply_to_id"] == "1234567890/4"  # reply_to_peer_id: a reply into another chat
    assert crossed["hashtags"] == ["pantautps"]
    assert crossed["mentions"] == []  # a mention_name names a user without a username
    assert post(app, "1888000111/10")["account_id"] == "channel1888000111"  # anonymous admin: the group


def test_chats_and_senders_become_accounts(app):
    app.ingest([CHANNEL, ACCOUNT])
    assert rows(app, "SELECT id, handle, display_name FROM accounts ORDER BY id") == [
        ("channel1234567890", None, "Berita Pemilu 🗳"),
        ("channel1888000111", None, "Relawan Pantau TPS"),
        ("channel1999000222", None, "Info Quick Count"),
        ("user5550001", None, "Sari"),
        ("user7770001", None, "Dedi"),
        ("user7779999", None, None),  # a deleted account: "from" is null
    ]


def test_a_cut_export_keeps_every_message_before_the_cut(app, tmp_path):
    whole = CHANNEL.read_bytes()
    cut = tmp_path / "result.json"
    cut.write_bytes(whole[: whole.index("Pesan di atas hoaks".encode())])  # inside message 4
    report = app.ingest([cut])
    assert report.total("inserted") == 2  # messages 2 and 3
    [end] = app.quarantine()
    assert end["ref"] == "end-of-document"
    assert end["reason"] == "document cut after message 1234567890/3 (messages kept: 2)"


def test_a_message_larger_than_the_limit_is_quarantined_and_the_rest_kept(app, tmp_path):
    export = json.loads(CHANNEL.read_text(encoding="utf-8"))
    export["messages"][2]["text"] = "x" * 10_000
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
    report = app.ingest([path], max_record_bytes=4096)
    assert report.total("inserted") == 3
    reasons = {q["ref"]: q["reason"] for q in app.quarantine()}
    assert reasons["1234567890/3"].startswith("record too large: about 10")


def test_reingesting_is_idempotent(app):
    app.ingest([CHANNEL, ACCOUNT])
    again = app.ingest([CHANNEL, ACCOUNT])
    assert again.total("inserted") == 0
    assert again.total("duplicates") == 10
    assert rows(app, "SELECT count(*) FROM posts") == [(10,)]
    assert rows(app, "SELECT count(*) FROM quarantine") == [(1,)]
    assert rows(app, "SELECT count(*) FROM accounts") == [(6,)]
