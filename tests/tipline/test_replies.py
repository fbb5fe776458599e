"""The texts the tipline sends, and the words it reads."""

import pytest

from veille.tipline import commands, replies

LINK = replies.FactCheckLink(title="Dead people did not vote", rating="False",
                             url="https://factcheck.example.org/en/dead-voters", language="en")


@pytest.mark.parametrize("lang", replies.LANGUAGES)
def test_every_language_has_every_text(lang):
    for kind in ("ack", "rate_limit", "opt_out", "opt_in", "thanks", "help"):
        assert replies.text(kind, lang)
        if lang != "en":
            assert replies.text(kind, lang) != replies.text(kind, "en"), kind  # translated, not fallen back
    answer = replies.answer(LINK, lang)
    assert LINK.title in answer and "False" in answer and LINK.url in answer
    assert "1" in answer.splitlines()[-1] and "2" in answer.splitlines()[-1]  # the did-this-help line
    assert (replies.other_language_notice("en", lang) is None) == (lang == "en")


def test_notices_name_the_language_in_the_senders_own():
    assert replies.other_language_notice("fr", "de") == "Hinweis: Dieser Faktencheck ist nur auf Französisch verfügbar."
    assert replies.other_language_notice("pt", "id") == "Catatan: cek fakta ini hanya tersedia dalam bahasa Portugis."
    assert replies.other_language_notice("es", "ar") == "ملاحظة: هذا التحقق متوفر باللغة الإسبانية فقط."
    assert replies.other_language_notice("ms", "id") is None  # Malay reads as Indonesian
    assert replies.language_of("it") == "en" and replies.language_of("pt-BR") == "pt"


def test_a_fact_checkers_note_comes_first():
    text = replies.answer(LINK, "es", by_fact_checker=True, note="Lo comprobamos con el registro civil.")
    assert text.startswith("Un verificador revisó el mensaje que nos enviaste:\n\nLo comprobamos")
    note_alone = replies.answer(None, "fr", by_fact_checker=True, note="Rien de tel.")
    assert note_alone.endswith("Répondez 1 pour oui, 2 pour non.")


@pytest.mark.parametrize("text, meaning", [
    ("STOP", ("stop", None)), ("arrêt", ("stop", "fr")), ("Berhenti!", ("stop", "id")), ("PARAR", ("stop", None)),
    ("توقف", ("stop", "ar")), ("/stop", ("stop", None)), ("START", ("start", None)), ("Mulai", ("start", "id")),
    ("ابدأ", ("start", "ar")), ("stop voting fraud now", None), ("1", None),
])
def test_commands(text, meaning):
    assert commands.command(text) == meaning


def test_feedback_is_only_a_lone_one_or_two():
    assert [commands.feedback(t) for t in ("1", " 2 ", "1️⃣", "2.", "12", "1 thing")] == ["yes", "no", "yes", "no",
                                                                                        None, None]
