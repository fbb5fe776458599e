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
