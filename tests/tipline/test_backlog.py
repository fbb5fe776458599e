"""Tipline messages ingested from a file (a tipline's history) reach the fact-checkers' queue
too, but nothing is sent: no address came with them."""

import pytest

from tests.conftest import run_veille
from tests.tipline import payloads
from tests.tipline.test_conversation import MACHINES
from tests.tipline.test_queue import ARMY, ARMY_FORWARD
from veille.app import Veille


@pytest.mark.slow  # subprocesses, or many embeddings on a shared machine
def test_an_ingested_tipline_export_is_grouped_and_never_answered(tipline, db, tmp_path):
    export = tmp_path / "whatsapp-webhooks.jsonl"
    export.write_bytes(b"\n".join([
        payloads.whatsapp_body(payloads.whatsapp_message("447700900201", ARMY)),
        payloads.whatsapp_body(payloads.whatsapp_message("447700900202", ARMY_FORWARD)),
        payloads.whatsapp_body(payloads.whatsapp_message("34600000201", MACHINES)),  # has a fact-check
        payloads.whatsapp_body(payloads.whatsapp_message("447700900201", "STOP")),   # history commands nothing
    ]) + b"\n")
    tipline.close()
    tipline.veille.close()
    run_veille("ingest", "--db", db, export, "--format", "whatsapp-webhook", check=True)
    processed = run_veille("tipline", "process", "--db", db, check=True)
    assert "handled 3" in processed.stdout  # three senders' bundles (the STOP is bundled with its sender's)
    groups = run_veille("tipline", "queue", "--db", db, check=True).stdout
    assert ARMY[:40] in groups and "2 asked" in groups and MACHINES[:30] not in groups
    with Veille(db) as veille:
        con = veille.store.cursor()
        assert con.execute("SELECT count(*) FROM tipline_outbox").fetchall() == [(0,)]
        assert sorted(con.execute("SELECT status, answered_by FROM tipline_questions").fetchall(),
                      key=str) == [("answered", "auto"), ("queued", None), ("queued", None)]
        assert con.execute("SELECT count(*) FROM tipline_senders").fetchall() == [(0,)]
        assert veille.tipline_process() == 0  # nothing left
