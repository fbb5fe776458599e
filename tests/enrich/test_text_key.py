"""`text_key` (bytes and split, no Unicode regex) hashes exactly what `fold` gives, for every
character class: ASCII, Latin letters, scripts, emoji, odd spaces, combining marks, links."""

import xxhash

from veille.enrich import language
from veille.enrich.language import _clean, identify_many
from veille.enrich.text import fold, repair_text, text_key


def reference(text: str) -> tuple[int | None, int]:
    folded = fold(text)
    return (None, 0) if not folded else (xxhash.xxh64_intdigest(folded.encode("utf-8")), folded.count(" ") + 1)


SAMPLES = [
    "", " ", "___", "a_b", "They are STEALING it!!! @x 🗳️", "HTTP://X.COM/A b", "x@y.org hello",
    "WWW.A.B c_d-e", "\x07ctrl\tab\x0bv", "100% OK!!", "_é_x", "é\u00a0\u2003a", "ß Straße ǅ", "İstanbul",
    "ﬁne «citation» — fin…", "Pemilu 2026: jangan lupa!", "Выборы в воскресенье", "選挙は日曜日です", "🗳🗳",
    "https://t.co/É x", "a\u0301b", "٣ أيام", "x\u200bz",
]


def test_text_key_matches_fold_everywhere():
    every_char = ["".join(chr(c) for c in range(start, start + 40) if not 0xD800 <= c < 0xE000)
                  for start in range(0, 0x30000, 40)]
    for text in SAMPLES + every_char + [s.upper() for s in every_char]:
        assert text_key(text) == reference(text), text


def test_repair_keeps_ascii_as_it_was_but_for_control_characters():
    assert repair_text("plain ascii") == "plain ascii"
    assert repair_text("bell\x07 here") == "bell here"
    assert repair_text("Ã©lection") == "élection"


def test_language_cache_by_cleaned_text_gives_the_model_answer():
    texts = ["Les bureaux de vote ouvrent à 8h, venez nombreux", "LES BUREAUX DE VOTE OUVRENT À 8H, VENEZ NOMBREUX",
             "Les bureaux de vote ouvrent à 8h, venez nombreux https://t.co/x", "ok", ""]
    assert _clean(texts[0]) == _clean(texts[1]) == _clean(texts[2])  # one model call serves all three
    model = language._load()
    assert identify_many(texts) == [language._identify_cleaned(model, [_clean(t)])[0] for t in texts]
