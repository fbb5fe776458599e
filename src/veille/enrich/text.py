"""Unicode repair: mojibake undone, NFC, stray control characters removed.

Mojibake (UTF-8 read as Windows-1252 or Latin-1, "Ã©" for "é") is common in exports that passed
through spreadsheets. ftfy fixes it but is slow, so it only sees texts that contain the tell-tale
pair: a lead byte character (Â..ô) followed by a character that a continuation byte becomes in
either code page. ftfy then decides for itself whether the text really is mojibake.
"""

import re
import unicodedata

import ftfy

_CP1252_CONTINUATIONS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_CONTINUATIONS}]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def repair_text(text: str) -> str:
    if _MOJIBAKE.search(text):
        text = ftfy.fix_encoding(text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
