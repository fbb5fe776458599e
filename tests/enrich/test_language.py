import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.enrich import _lid
from veille.enrich.language import identify, identify_many
from tests.conftest import shared_data

ARTICLES = {
    "id_zuckerberg_paris.txt": "id",
    "en_spun_zuckerberg_brussels.txt": "en",
    "en_translated_meta_french_election.txt": "en",
    "fr_tech_companies_midterms.txt": "fr",
    "en_obama_zuckerberg_fake_news.txt": "en",
}


@pytest.mark.parametrize("name,expected", sorted(ARTICLES.items()))
def test_real_articles(name, expected):
    text = shared_data("articles", name).read_text(encoding="utf-8")
    assert identify(text) == expected


def test_short_posts_in_the_six_languages():
    posts = {
        "en": "Polling stations close at eight tonight, remember your ID card",
        "fr": "Les bureaux de vote ferment à vingt heures ce soir, n'oubliez pas votre carte",
        "id": "TPS ditutup pukul delapan malam ini, jangan lupa bawa KTP anda",
        "es": "Los colegios electorales cierran a las ocho esta noche, no olvides tu DNI",
        "de": "Die Wahllokale schließen heute Abend um acht, vergesst euren Ausweis nicht",
        "pt": "As seções eleitorais fecham às oito da noite, não esqueçam o documento",
    }
    assert identify_many(list(posts.values())) == list(posts.keys())


def test_all_caps_links_and_tags_do_not_fool_it():
    assert identify("THE ELECTION WAS STOLEN, SHARE THIS EVERYWHERE BEFORE THEY DELETE IT") == "en"
    assert identify("https://example.org/a/b/c @someone #vote2026 Les résultats seront publiés demain matin") == "fr"


def test_too_little_text_is_unknown():
    assert identify_many(["", "👍👍", "ok", "https://t.co/abc #tag 123"]) == [None, None, None, None]


def test_remembered_answers_are_forgotten_all_at_once_when_full(monkeypatch):
    from veille.enrich import language

    monkeypatch.setattr(language, "CACHE_SIZE", 3)
    monkeypatch.setattr(language, "_cache", {})
    posts = ["Polling stations close at eight tonight, remember your ID card",
             "Les bureaux de vote ferment à vingt heures ce soir, n'oubliez pas votre carte",
             "Die Wahllokale schließen heute Abend um acht, vergesst euren Ausweis nicht"]
    assert identify_many(posts[:2]) == ["en", "fr"]
    assert identify_many(posts + posts[:1]) == ["en", "fr", "de", "en"]  # 2 + 1 new > 3: forgotten, then all three
    assert len(language._cache) == 3


_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+")


def _clean_reference(text: str, limit: int) -> str:
    """language._clean as regular expressions and str methods say it (the C version's reference)."""
    text = text[: limit * 2]
    if "http" in text or "www." in text or "@" in text:
        text = _NOISE.sub(" ", text)
    return text.replace("#", " ").replace("\n", " ").replace("\r", " ").strip().lower()[:limit]


_PIECES = st.sampled_from(["http", "https", "HTTP", "://", "www.", "WWW.", "@", "@_", "@.", "#", "\n", "\r", " ",
                           "\u00a0", "\u2003", "\u200b", "\x1c", "İ", "Σ", "ΣΑΣ", "ς", "ß", "🗳️", "١", "é", "A"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=14).map("".join), st.sampled_from([3, 8, 120]))
def test_clean_is_its_reference(text, limit):
    assert _lid.clean(text, limit) == _clean_reference(text, limit)


_COLUMN_TEXTS = [
    "Polling stations close at eight tonight, remember your ID card",
    "RT @someone: Les bureaux de vote ferment à vingt heures ce soir, n'oubliez pas votre carte",
    "RT @someone Die Wahllokale schließen heute Abend um acht, vergesst euren Ausweis nicht",
    "RT @a: RT @b: TPS ditutup pukul delapan malam ini, jangan lupa bawa KTP anda",
    "", "ok", "👍👍", "RT @x:", "Los colegios electorales cierran a las ocho esta noche, no olvides tu DNI",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_COLUMN_TEXTS), st.text(max_size=30)), max_size=12),
       st.lists(st.sampled_from([None, None, "xx"]), min_size=12, max_size=12), st.booleans())
def test_identify_column_is_identify_many_row_by_row(texts, given_langs, cached):
    """Each unknown row gets what `identify_many` says of its text without the retweet prefix (up
    to the first ": "), a known language or an empty text is left as it is, whether the cache
    already holds the answer or not."""
    from veille.enrich import language

    langs = given_langs[: len(texts)]
    if not cached:
        language._cache.clear()
    expected = [lang if lang is not None or not text else
                identify_many([text.split(": ", 1)[-1] if text.startswith("RT @") else text])[0]
                for text, lang in zip(texts, langs)]
    if not cached:
        language._cache.clear()
    filled = list(langs)
    language.identify_column(texts, filled)
    assert filled == expected


def test_identify_column_refuses_what_is_not_a_text():
    from veille.enrich import language

    with pytest.raises(TypeError, match="str"):
        language.identify_column(["a text", None], [None, None])
    with pytest.raises(TypeError):
        language.identify_column(["a text"], [None, None])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["", "abc", "a1b2c3d4", "éèàùç", "١٢٣", "日本語です", "___", "x" * 8]),
                          st.text(max_size=12)), max_size=10), st.sampled_from([0, 3, 8]))
def test_readable_is_enough_letters_of_each(texts, n):
    assert _lid.readable(texts, n) == [i for i, text in enumerate(texts) if _lid.enough_letters(text, n)]
