import unicodedata

from veille.enrich.text import repair_text


def test_mojibake_is_repaired():
    assert repair_text("Les Ã©lections ont lieu dimanche") == "Les élections ont lieu dimanche"
    assert repair_text("Itâ€™s the election") == "It’s the election"


def test_clean_text_is_unchanged_including_legitimate_accents():
    for text in ["Élection présidentielle à Besançon", "Wahl in Köln: Größe", "São Paulo vota", "Ñandú"]:
        assert repair_text(text) == text


def test_nfc_and_control_characters():
    decomposed = "e\u0301lection"  # e + combining acute
    assert repair_text(decomposed) == "élection"
    assert unicodedata.is_normalized("NFC", repair_text(decomposed))
    assert repair_text("a\x00b\x07c\nd") == "abc\nd"


def test_folding_for_co_text():
    from veille.enrich.text import fold, text_key

    assert fold("They are STEALING the vote!!! @commission https://x.org/1 🗳️") == "they are stealing the vote"
    assert fold("  they are   stealing the vote ") == "they are stealing the vote"
    assert fold("Élection, #Présidentielle!") == "élection présidentielle"
    assert text_key("Bonjour à tous !") == text_key("BONJOUR à tous")
    assert text_key("Bonjour à tous !")[1] == 3
    assert text_key("👍 !!") == (None, 0)
