"""Unicode repair (mojibake undone, NFC, stray control characters removed), and folding.

Mojibake (UTF-8 read as Windows-1252 or Latin-1, "Ã©" for "é") is common in exports that passed
through spreadsheets. ftfy fixes it but is slow, so it only sees texts that contain the tell-tale
pair: a lead byte character (Â..ô) followed by a character that a continuation byte becomes in
either code page. ftfy then decides for itself whether the text really is mojibake. It is
imported the first time a text needs it (its tables take 30 ms to load, in every ingest worker).
"""

import re
import unicodedata

from veille.enrich import _fold

_CP1252_CONTINUATIONS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_CONTINUATIONS}]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def repair_text(text: str) -> str:
    if _fold.nothing_to_repair(text):  # most texts: one pass in C says so (veille/enrich/_fold.c)
        return text
    if text.isascii():  # no mojibake lead character, and already NFC
        return _CONTROL.sub("", text) if _CONTROL.search(text) else text
    if _MOJIBAKE.search(text):
        import ftfy  # imported on first use: see the docstring

        text = ftfy.fix_encoding(text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


_FOLD_DROP = re.compile(r"https?://\S+|www\.\S+|@[\w.]+")
_FOLD_SPACE = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """The text as co-text compares it: case, links, mentions, emoji, punctuation and spacing
    folded away, words kept in order ("They are STEALING it!!! @x 🗳️" -> "they are stealing it")."""
    text = text.casefold()
    if "http" in text or "www." in text or "@" in text:
        text = _FOLD_DROP.sub(" ", text)
    return _FOLD_SPACE.sub(" ", text).strip()


# (xxh64 of `fold(text)`'s UTF-8 bytes, its number of words), or (None, 0) when nothing is left:
# the key of every stored post and embedded text. Computed in C (veille/enrich/_fold.c) in one
# pass, without `fold`'s regular expressions and intermediate strings (3.1 -> 0.7 us a post).
text_key = _fold.text_key
