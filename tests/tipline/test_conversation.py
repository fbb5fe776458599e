"""The conversation: answers in the sender's language, acknowledgement and queue, bundling,
feedback, opt-out and the rate limit. Fact-checks: tests/fixtures/matching (English, French,
Spanish, Portuguese, German and Indonesian ClaimReviews)."""

from datetime import UTC, datetime

import pytest

from tests.tipline.conftest import Tipline, settings_for
from veille.app import Veille

# The English fact-check "No, you cannot vote by text message" lists this X post as an
# appearance of its claim: a message that forwards it is matched exactly, whatever its language.
SMS_POST = "https://x.com/votefast2026/status/1790000000000000001"
SMS_TITLE = "No, you cannot vote by text message"
SMS_URL = "https://factcheck.example.org/en/sms-vote"
# Spanish, and confidently matched (fused score 0.72, over the 0.69 reply threshold) to the
# Spanish fact-check on voting machines (tests/fixtures/matching/labels.jsonl q15).
MACHINES = "urgente!! las maquinas de votacion cambian los votos de un partido a otro, reenvia a todos"
# A near miss: the same topic as the SMS fact-checks, but a true and different claim (q26).
NEAR_MISS = "You can find your polling station by sending a text message with your postcode"


def sent(tip, kind: str | None = None) -> list[str]:
    rows = tip.outbox_rows("kind", "body")
    return [body for k, body in rows if kind is None or k == kind]


def test_french_forward_of_an_english_fact_checked_post_is_answered_in_french(tipline):
    tipline.ask("33612345678", f"C'est vrai ce message ? On peut voter par SMS cette année {SMS_POST}")
    assert tipline.converse() == 1
    [reply] = sent(tipline)
    assert reply.startswith("Nous avons trouvé une vérification sur ce message :")
    assert SMS_TITLE in reply and "Verdict : False" in reply and SMS_URL in reply
    assert "Remarque : cette vérification n'existe qu'en anglais." in reply  # the only fact-check is English
    assert reply.endswith("Cette réponse vous a-t-elle aidé ? Répondez 1 pour oui, 2 pour non.")
    assert tipline.sql("SELECT status, answered_by, lang FROM tipline_questions") == [("answered", "auto", "fr")]


def test_spanish_forward_gets_the_spanish_notice(tipline):
    tipline.ask("34612345678", f"Me llegó esto por WhatsApp, dicen que se puede votar por SMS {SMS_POST}")
    tipline.converse()
    [reply] = sent(tipline)
    assert reply.startswith("Encontramos una verificación sobre este mensaje:")
    assert SMS_TITLE in reply and "Calificación: False" in reply
    assert "Nota: esta verificación solo está disponible en inglés." in reply
    assert "¿Te resultó útil? Responde 1 para sí, 2 para no." in reply


def test_a_fact_check_in_the_senders_language_needs_no_notice(tipline):
    tipline.ask("34600000001", MACHINES)
    tipline.converse()
    [reply] = sent(tipline)
    assert reply.startswith("Encontramos una verificación") and "Nota:" not in reply
    assert "https://factcheck.example.org/es/maquinas" in reply


def test_a_near_miss_is_acknowledged_and_queued_with_suggestions(tipline):
    tipline.ask("447700900123", NEAR_MISS)
    tipline.converse()
    assert sent(tipline, "ack") == ["Thank you. We have no fact-check on this yet; a fact-checker will look at it."]
    [(status, decision, group_id)] = tipline.sql("SELECT status, decision, group_id FROM tipline_questions")
    assert status == "queued" and decision in ("none", "review") and group_id
    [group] = tipline.veille.tipline_groups()
    assert group.askers == 1 and group.examples[0].text == NEAR_MISS and group.languages == ["en"]
    assert group.suggestions  # the SMS fact-checks, for the fact-checker to judge
    # Its address waits, sealed, for the group's answer; nothing else keeps it.
    assert tipline.sql("SELECT count(*) FROM tipline_inbox WHERE address IS NOT NULL") == [(1,)]


def test_messages_within_the_window_make_one_question(tipline):
    tipline.ask("34600000002", "Mira lo que me mandaron")
    tipline.ask("34600000002", MACHINES)
    # Right after the last message the sender may still be typing: nothing is handled yet.
    assert tipline.conversation.step(now=datetime.now(UTC)) == 0
    assert tipline.converse() == 1
    assert tipline.sql("SELECT messages, text FROM tipline_questions") == [(2, f"Mira lo que me mandaron\n{MACHINES}")]
    assert len(sent(tipline)) == 1 and sent(tipline, "reply")
    assert tipline.sql("SELECT count(*), count(DISTINCT question_id) FROM tipline_handled") == [(2, 1)]


def test_one_and_two_after_an_answer_are_feedback(tipline):
    tipline.ask("34600000003", MACHINES)
    tipline.converse()
    tipline.ask("34600000003", "1")
    tipline.converse()
    assert tipline.sql("SELECT count(*), any_value(feedback) FROM tipline_questions") == [(1, "yes")]
    assert sent(tipline, "thanks") == ["Gracias por tu respuesta."]  # the sender's language, known from before


@pytest.mark.slow  # subprocesses, or many embeddings on a shared machine
def test_opt_out_is_honoured_until_start(tipline, send_api):
    sender = "33699999999"
    tipline.ask(sender, NEAR_MISS)
    tipline.converse()              # acknowledged, but not sent yet when...
    tipline.ask(sender, "ARRÊT")    # ...the sender stops
    tipline.converse()
    assert [k for k, _ in tipline.outbox_rows("kind", "body")] == ["ack", "opt_out"]
    tipline.outbox.deliver_due()
    # The waiting acknowledgement is cancelled; the confirmation (in French) is the last word.
    assert [body["text"]["body"] for _, body in send_api.delivered] == [
        "Vous ne recevrez plus de messages de notre part. Envoyez START ou REPRENDRE pour les recevoir de nouveau."]
    assert tipline.sql("SELECT kind, status FROM tipline_outbox ORDER BY created_at") == [
        ("ack", "cancelled"), ("opt_out", "sent")]

    tipline.ask(sender, MACHINES)
    tipline.converse()
    assert tipline.sql("SELECT outcome FROM tipline_handled ORDER BY handled_at DESC LIMIT 1") == [("opted_out",)]
    assert len(tipline.outbox_rows()) == 2  # nothing more for them

    tipline.ask(sender, "START")
    tipline.ask(sender, MACHINES + " !!")
    tipline.converse()
    assert [k for k, _ in tipline.outbox_rows("kind", "body")][2:] == ["opt_in", "reply"]


def test_a_question_and_stop_in_one_window_get_only_the_confirmation(tipline):
    tipline.ask("6281234567890", MACHINES)
    tipline.ask("6281234567890", "berhenti")
    tipline.converse()
    assert tipline.outbox_rows("kind", "body") == [
        ("opt_out", "Anda tidak akan menerima pesan lagi dari kami. Kirim START atau MULAI untuk menerimanya kembali.")]


def test_rate_limit_then_one_polite_notice(db, send_api):
    with Veille(db) as veille:
        tip = Tipline(veille, settings_for(send_api.url, questions_per_hour=3))
        for n in range(5):
            tip.ask("4915112345678", f"rumour number {n}")  # three words: a keyword search, quick
            tip.converse()
        kinds = [k for k, _ in tip.outbox_rows("kind", "body")]
        # Three questions answered (acknowledged), the fourth gets the notice, the fifth nothing.
        assert kinds == ["ack", "ack", "ack", "rate_limit"]
        assert tip.sql("SELECT outcome, count(*) FROM tipline_handled GROUP BY ALL ORDER BY 1") == [
            ("question", 3), ("rate_limited", 2)]
        tip.close()


@pytest.mark.parametrize("lang, text, start", [
    ("de", "Die Briefwahlunterlagen müssen bis Sonntag 18 Uhr beim Wahlamt eingegangen sein, stimmt das?",
     "Danke. Dazu haben wir noch keinen Faktencheck"),
    ("pt", "É verdade que os eleitores podem justificar a ausência pelo aplicativo e-Título?",
     "Obrigado. Ainda não temos uma verificação"),
])
def test_acknowledgements_in_the_senders_language(tipline, lang, text, start):
    # Near misses of the German and Portuguese fact-checks (labels.jsonl q31, q30): no answer.
    tipline.ask("5511999999999", text)
    tipline.converse()
    assert tipline.sql("SELECT lang FROM tipline_questions") == [(lang,)]
    assert sent(tipline)[0].startswith(start)
