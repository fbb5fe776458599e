"""Hashtags and mentions found in text (in C, one pass): exactly what the plain reading (no word
character, sign or `&`/`.` just before the sign) finds, which the reference patterns below spell
out, digits of other scripts and numbers that are not digits (², Ⅻ) and 64-character mentions
included."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from veille.enrich.entities import hashtags_in, mentions_in

REFERENCE_HASHTAG = re.compile(r"(?<![\w#&])[#＃](\w*[^\W\d_]\w*)")
REFERENCE_MENTION = re.compile(r"(?<![\w@.])@(\w{1,64})")

TEXTS = st.lists(st.sampled_from(list("ab1_#＃@&. é中\n٣²Ⅻİß") + ["\u0301", "👏", "x" * 70]), max_size=40).map("".join)


@given(TEXTS)
@settings(max_examples=3000)
def test_the_same_tags_as_the_plain_reading(text):
    assert hashtags_in(text) == tuple(dict.fromkeys(m.casefold() for m in REFERENCE_HASHTAG.findall(text)))
    assert mentions_in(text) == tuple(dict.fromkeys(m.casefold() for m in REFERENCE_MENTION.findall(text)))


def test_examples():
    assert hashtags_in("#Vote a#b &#39; ##x #1 #1a (#Élection) ＃タグ") == ("vote", "1a", "élection", "タグ")
    assert mentions_in("@Ana a@b.org x.@y @@z (@Bo_1)") == ("ana", "bo_1")
