"""What a short message from a sender means: stop, start again, feedback, or a question.

Opt-out words are those people use in each language the tipline speaks (WhatsApp and SMS
practice: a message that is only the word); Telegram's /start and /stop commands count too. A
message that is only "1" or "2" (or the keycap emoji) answers "did this help?" when the sender
had an answer recently; the conversation decides that, this module only reads the words.
"""

import re
import unicodedata

# word -> the language it tells (None: any language, answer in the sender's usual one)
STOP_WORDS = {
    "stop": None, "/stop": None, "unsubscribe": "en", "cancel": "en",
    "arret": "fr", "arrêt": "fr", "arreter": "fr", "arrêter": "fr", "desabonner": "fr", "désabonner": "fr",
    "berhenti": "id", "stop langganan": "id",
    "parar": None, "para": "es", "baja": "es", "cancelar": None,
    "pare": "pt", "sair": "pt",
    "stopp": "de", "abmelden": "de", "abbestellen": "de",
    "توقف": "ar", "إيقاف": "ar", "ايقاف": "ar", "الغاء": "ar", "إلغاء": "ar",
}
START_WORDS = {
    "start": None, "/start": None, "subscribe": "en",
    "reprendre": "fr", "commencer": "fr",
    "mulai": "id",
    "empezar": "es", "comenzar": "es", "iniciar": None,
    "começar": "pt", "comecar": "pt",
    "anmelden": "de",
    "ابدأ": "ar", "ابدا": "ar", "بدء": "ar",
}
_FEEDBACK = {"1": "yes", "2": "no"}
_EDGES = re.compile(r"^[\s.!¡?¿,;:'\"«»()*_~]+|[\s.!¡?¿,;:'\"«»()*_~]+$")


def _word(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    return _EDGES.sub("", text).casefold()


def command(text: str) -> tuple[str, str | None] | None:
    """("stop" | "start", language or None) when the message is an opt-out or opt-in word."""
    word = _word(text)
    if word in STOP_WORDS:
        return "stop", STOP_WORDS[word]
    if word in START_WORDS:
        return "start", START_WORDS[word]
    return None


def feedback(text: str) -> str | None:
    """"yes" or "no" when the message is only 1 or 2 (a keycap emoji reads as its digit)."""
    word = _word(text).replace("\ufe0f", "").replace("\u20e3", "")
    return _FEEDBACK.get(word)
