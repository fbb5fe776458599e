"""`text_key` (C, one pass, no regular expression) hashes exactly what `fold` gives, for every
character class: ASCII, Latin letters, scripts, emoji, odd spaces, combining marks, links; its
xxh64 is xxhash's."""

import unicodedata

import pytest
import xxhash
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.enrich import _fold, language
from veille.enrich.language import _clean, identify_many
from veille.enrich._fold import nothing_to_repair, signs, xxh64
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


# Pieces that make or break links and mentions, characters whose case folding is not one
# character (ß, ﬁ, İ) or leaves the BMP (Deseret), spaces that str.split knows and \S does not.
_PIECES = st.sampled_from(["http", "HTTPS", "hTtP", "://", ":/", "www.", "WWW", ".", "@", "@_", "@.", "_", "ß", "ﬁ",
                           "İ", "ǅ", "\u212a", "\u017f", "\U00010400", "🗳️", "\u0301", "\u00a0", "\x1c", "\u200b",
                           "\u3000", "\n", "٣", "क्ष", "日本", " ", "-", "#"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=12).map("".join))
def test_text_key_matches_fold_on_generated_texts(text):
    assert text_key(text) == reference(text)


@given(st.binary(max_size=200))
def test_xxh64_is_xxhash(data):
    assert xxh64(data) == xxhash.xxh64_intdigest(data)


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


def test_the_built_module_is_not_older_than_its_source():
    """An editable install compiles _fold.c once: after an edit, `make install` builds it again
    (the Makefile knows the C sources); this says so instead of testing the old build."""
    from pathlib import Path

    from veille.enrich import _fold

    source = Path(__file__).parents[2] / "src" / "veille" / "enrich" / "_fold.c"
    built = Path(_fold.__file__)
    if source.exists() and built.parent == source.parent:
        assert built.stat().st_mtime >= source.stat().st_mtime, "veille/enrich/_fold.c changed: run make install"


_REPAIR_PIECES = st.sampled_from(["a", "é", "\u00c2", "\u00c3", "\u00a9", "\u0080", "\u00bf", "\u00f4", "\u00f5", "\x07",
                                  "\x1f", "\x7f", "\t", "\n", "\r", "\x0b", "\u0301", "\u2019", "\u20ac", "\u0178",
                                  "\u02dc", "Ω", "ж", "日", "🗳", "\u0344", "\u2126"])


def _repair_would_keep(text: str) -> bool:
    """What repair_text decides with its regular expressions alone (the reference)."""
    from veille.enrich import text as module

    if module._CONTROL.search(text):
        return False
    return text.isascii() or (not module._MOJIBAKE.search(text) and unicodedata.is_normalized("NFC", text))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(_REPAIR_PIECES, st.text(max_size=3)), max_size=10).map("".join))
def test_nothing_to_repair_says_what_the_regular_expressions_say(text):
    assert nothing_to_repair(text) == _repair_would_keep(text)
    if nothing_to_repair(text):
        assert repair_text(text) is text


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["://", ":/", "www.", "WwW.", "ww.", "W", ".", "#", "＃", "@", "İ", "ẘ", "ß"]),
                          st.text(max_size=3)), max_size=10).map("".join))
def test_signs_say_what_the_string_tests_say(text):
    expected = (("://" in text or "www." in text.lower()) * 1 + ("#" in text or "＃" in text) * 2 + ("@" in text) * 4)
    assert signs(text) == expected


# -- facts: a column of texts, each distinct text worked out once -------------------------------

_FACT_PIECES = st.sampled_from([
    "https://Example.com/a?utm_source=x ", "www.x.org/b ", "#Vote ", "#1 ", "＃Élection ", "@Someone ", "a@b.org ",
    "Ã©", "\x07", "e\u0301", "RT @x: ", " ", "word ",
])


def _facts_column(texts: list[str], find: tuple[bool, bool, bool]) -> tuple[list, ...]:
    """Every row looks for a kind (its export listed none: None), or none does (all listed)."""
    from veille.enrich import posts

    listed = [[None if look else ["listed"]] * len(texts) for look in find]
    return _fold.facts(texts, *listed, repair_text, posts.urls_in, posts.hashtags_in, posts.mentions_in, posts._NONE)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.one_of(_FACT_PIECES, st.text(max_size=3)), max_size=8).map("".join), max_size=12),
       st.tuples(st.booleans(), st.booleans(), st.booleans()))
def test_facts_of_a_column_are_those_of_each_text(texts, find):
    """`_fold.facts` gives every text what `posts._facts` (the Python) gives it, and a repeated
    text the very objects of its first occurrence."""
    from veille.enrich import posts

    texts = texts + texts[:3]  # repeats
    columns = _facts_column(texts, find)
    assert all(len(column) == len(texts) for column in columns)
    for i, text in enumerate(texts):
        assert tuple(column[i] for column in columns) == posts._facts(text, *find)
        first = texts.index(text)
        assert all(column[i] is column[first] for column in columns)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["https://a.org/x #Tag @Who", "www.b.org #Tag", "@Who only", "plain words",
                                           "RT @x: https://c.org/y"]),
                          st.tuples(st.booleans(), st.booleans(), st.booleans())), max_size=12))
def test_facts_look_only_where_the_export_listed_nothing(rows):
    """Row by row: a kind is looked for in a row's text only where the export listed none (None),
    and such a row gets what the text holds even when the text's first row had it listed."""
    from veille.enrich import posts

    texts = [text for text, _ in rows]
    listed = [[None if look[k] else ["listed"] for _, look in rows] for k in range(3)]
    calls = []

    def counting(find):
        def found(text):
            calls.append(text)
            return find(text)
        return found

    columns = _fold.facts(texts, *listed, repair_text, counting(posts.urls_in), counting(posts.hashtags_in),
                          counting(posts.mentions_in), posts._NONE)
    for i, (text, look) in enumerate(rows):
        expected = posts._facts(text, *look)
        assert tuple(column[i] for column in columns[:3]) == expected[:3]
        for k in range(3):
            if look[k]:
                assert columns[3 + k][i] == expected[3 + k]
    # each kind at most once per distinct text and row that needed it; never for a row that did not
    assert len(calls) <= sum(sum(look) for _, look in rows)
    if not any(any(look) for _, look in rows):
        assert calls == []


def test_facts_refuses_what_is_not_a_text_and_passes_errors_on():
    from veille.enrich import posts

    with pytest.raises(TypeError, match="str"):
        _facts_column(["a", None], (True, True, True))

    def broken(text):
        raise ValueError("no repair today")

    with pytest.raises(ValueError, match="no repair today"):
        _fold.facts(["ok", "\x07bell"], [None] * 2, [None] * 2, [None] * 2, broken, posts.urls_in,
                    posts.hashtags_in, posts.mentions_in, posts._NONE)
    with pytest.raises(ValueError, match="as long as"):
        _fold.facts(["ok"], [], [None], [None], repair_text, posts.urls_in, posts.hashtags_in, posts.mentions_in,
                    posts._NONE)
    assert _facts_column([], (True, True, True)) == ([], [], [], [], [], [])
