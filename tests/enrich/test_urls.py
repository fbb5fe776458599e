from veille.enrich.entities import hashtags_in, mentions_in, urls_in
from veille.enrich.urls import canonical_url, domain_of, strip_trailing_punctuation


def test_scheme_host_case_www_port_fragment_and_trackers():
    assert canonical_url("HTTPS://WWW.Example.COM:443/Path/Page?utm_source=x&id=7&fbclid=abc#comments") == \
        "https://example.com/Path/Page?id=7"
    assert canonical_url("http://example.com") == "http://example.com/"
    assert canonical_url("http://example.com:8080/a") == "http://example.com:8080/a"
    assert canonical_url("https://news.site/a?gclid=1&utm_medium=2&mc_eid=3") == "https://news.site/a"


def test_host_specific_trackers_only_on_their_host():
    assert canonical_url("https://x.com/user/status/1?s=20&t=abc") == "https://x.com/user/status/1"
    assert canonical_url("https://youtu.be/dQw4w9WgXcQ?si=xyz") == "https://youtu.be/dQw4w9WgXcQ"
    # `s` is a search query elsewhere, and must survive
    assert canonical_url("https://shop.example/search?s=ballot") == "https://shop.example/search?s=ballot"


def test_non_http_is_left_alone():
    assert canonical_url("mailto:press@example.org") == "mailto:press@example.org"
    assert canonical_url("not a url") == "not a url"
    assert canonical_url("http://[broken") == "http://[broken"


def test_trailing_punctuation_and_balanced_brackets():
    assert strip_trailing_punctuation("https://a.org/x).") == "https://a.org/x"
    assert strip_trailing_punctuation("https://en.wikipedia.org/wiki/Foo_(bar)") == "https://en.wikipedia.org/wiki/Foo_(bar)"


def test_domains_drop_www_and_mobile_prefixes():
    assert domain_of("https://m.facebook.com/story") == "facebook.com"
    assert domain_of("https://www.lemonde.fr/a") == "lemonde.fr"
    assert domain_of("https://g1.globo.com/a") == "g1.globo.com"


def test_entities_from_text():
    text = "Vote! #Vote2026 #vote2026 #1 see www.Example.org/a?utm_source=t, mail me at a@b.org @Commission_EU"
    assert hashtags_in(text) == ("vote2026",)  # folded, once; "#1" is not a hashtag
    assert urls_in(text) == ("http://example.org/a",)
    assert mentions_in(text) == ("commission_eu",)  # the e-mail address is not a mention
    assert hashtags_in("Pemilu #Pemilu2026 dan #PemiluDamai") == ("pemilu2026", "pemiludamai")
    assert hashtags_in("élection #Présidentielle") == ("présidentielle",)
