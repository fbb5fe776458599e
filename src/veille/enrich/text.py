"""Unicode repair (mojibake undone, NFC, stray control characters removed), and folding.

Mojibake (UTF-8 read as Windows-1252 or Latin-1, "Ã©" for "é") is common in exports that passed
through spreadsheets. ftfy fixes it but is slow, so it only sees texts that contain the tell-tale
pair: a lead byte character (Â..ô) followed by a character that a continuation byte becomes in
either code page. ftfy then decides for itself whether the text really is mojibake.
"""

import re
import unicodedata

import ftfy
import xxhash

_CP1252_CONTINUATIONS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_CONTINUATIONS}]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def repair_text(text: str) -> str:
    if text.isascii():  # no mojibake lead character, and already NFC
        return _CONTROL.sub("", text) if _CONTROL.search(text) else text
    if _MOJIBAKE.search(text):
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


# `text_key` folds as `fold` does, without the slow Unicode regex: bytes that are ASCII but not a
# letter or digit become spaces (what [\W_] means for ASCII), split() cuts at them and at every
# other space; a word left with a non-word character in it (an emoji, typographic punctuation;
# [\W] is "not alphanumeric" once "_" is gone) is cut by the regex, on that word alone.
_ASCII_SEPARATORS = bytes(b if b >= 128 or chr(b).isalnum() else 32 for b in range(256))
_WORD_RUN = re.compile(r"[^\W_]+")


def text_key(text: str) -> tuple[int | None, int]:
    """(xxh64 of the folded text, its number of words); (None, 0) when nothing is left."""
    text = text.casefold()
    if "http" in text or "www." in text or "@" in text:
        text = _FOLD_DROP.sub(" ", text)
    if text.isascii():
        data = text.encode("ascii").translate(_ASCII_SEPARATORS).split()
        if not data:
            return None, 0
        return xxhash.xxh64_intdigest(b" ".join(data)), len(data)
    words = text.encode("utf-8").translate(_ASCII_SEPARATORS).decode("utf-8").split()
    if not "".join(words).isalnum():
        words = [run for word in words for run in ((word,) if word.isalnum() else _WORD_RUN.findall(word))]
        if not words:
            return None, 0
    return xxhash.xxh64_intdigest(" ".join(words).encode("utf-8")), len(words)
