"""The lexical half of the matcher: one BM25 index per language (bm25s), over "title. claim".

Each language has its own analyser: words of two letters or more (links and mentions dropped,
case folded, as veille.enrich.text.fold does), that language's stop words left out and Snowball
stemming (PyStemmer), so "vaccines" finds "vaccinated" in English and "fraudes" finds "fraude" in
French. Fact-checks of a language without a stemmer or whose language is unknown are indexed
under their code (or "und") with the words as they are.

An index is bm25s's sparse matrix of precomputed term scores (Lucene's BM25, k1 = 1.2, b = 0.75):
scoring a query sums a few columns, never loops over documents. `scores()` returns the score of
every fact-check of the pool (zero outside the languages searched), so that it can be fused with
the cosine of every fact-check.
"""

import json
import re
from pathlib import Path

import numpy as np

from veille.enrich.text import fold

K1 = 1.2
B = 0.75

# ISO 639-1 code -> Snowball algorithm in PyStemmer.
STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
# Languages whose stop words bm25s lists.
STOPWORD_LANGUAGES = {"en", "de", "nl", "fr", "es", "pt", "it", "ru", "sv", "no", "zh", "tr", "ko", "da"}
UNKNOWN = "und"
_WORD = re.compile(r"\w\w+")


def _lucene_idf(docs: int, df):
    return np.log(1 + (docs - df + 0.5) / (df + 0.5))


class Analyser:
    """Text -> index terms, for one language."""

    def __init__(self, lang: str):
        import Stemmer
        from bm25s.tokenization import _infer_stopwords

        self.lang = lang
        self._stop = frozenset(_infer_stopwords(lang)) if lang in STOPWORD_LANGUAGES else frozenset()
        self._stemmer = Stemmer.Stemmer(STEMMERS[lang]) if lang in STEMMERS else None

    def terms(self, text: str) -> list[str]:
        words = [w for w in _WORD.findall(fold(text)) if w not in self._stop]
        return self._stemmer.stemWords(words) if self._stemmer is not None else words


_ANALYSERS: dict[str, Analyser] = {}


def analyser(lang: str) -> Analyser:
    if lang not in _ANALYSERS:
        _ANALYSERS[lang] = Analyser(lang)
    return _ANALYSERS[lang]


class LexicalIndex:
    """BM25 indexes, one per language, over the documents of a pool (rows 0..n-1)."""

    def __init__(self, size: int, indexes: dict, rows: dict[str, np.ndarray]):
        self.size = size
        self._indexes = indexes  # language -> bm25s.BM25
        self._rows = rows  # language -> pool rows of its documents, in index order
        self._idfs: dict[str, np.ndarray] = {}

    @property
    def languages(self) -> list[str]:
        return sorted(self._indexes)

    @classmethod
    def build(cls, texts: list[str], languages: list[str | None]) -> "LexicalIndex":
        import bm25s

        by_lang: dict[str, list[int]] = {}
        for row, lang in enumerate(languages):
            by_lang.setdefault(lang or UNKNOWN, []).append(row)
        indexes, rows = {}, {}
        for lang, members in sorted(by_lang.items()):
            analyse = analyser(lang).terms
            index = bm25s.BM25(k1=K1, b=B)
            index.index([analyse(texts[r]) for r in members], show_progress=False)
            indexes[lang], rows[lang] = index, np.asarray(members, dtype=np.int64)
        return cls(len(texts), indexes, rows)

    def scores(self, text: str, languages: list[str] | None = None, *, scale: str = "query") -> np.ndarray:
        """BM25 score of every document for `text`, searched in `languages` (None: all of them).

        Each language's index reads the text with that language's analyser. `scale="query"`
        divides each index's scores by the text's own weight in it (the sum of the IDFs of its
        terms, what a document containing each term once at average length would
        score) and caps them at 1: the share of the text's lexical weight that a document
        matches, comparable across indexes and queries, and near zero for the best of several
        weak matches. (Repeated words count each time, on both sides.) `scale="raw"` gives plain BM25.
        """
        out = np.zeros(self.size, dtype=np.float32)
        for lang in languages if languages is not None else self.languages:
            index = self._indexes.get(lang)
            if index is None:
                continue
            terms = analyser(lang).terms(text)
            ids = index.get_tokens_ids(terms)
            if not ids:
                continue
            found = index.get_scores_from_ids(ids)
            if scale == "query":
                known = self._idf(lang)[ids]
                unknown = len(terms) - len(ids)  # terms no document has: full weight
                weight = float(known.sum()) + unknown * _lucene_idf(index.scores["num_docs"], 0)
                found = np.minimum(found / weight, 1.0) if weight > 0 else found * 0
            out[self._rows[lang]] = found
        return out

    def _idf(self, lang: str) -> np.ndarray:
        """Lucene's IDF of every term of a language's index, from its document frequencies."""
        cached = self._idfs.get(lang)
        if cached is None:
            scores = self._indexes[lang].scores
            df = np.diff(np.asarray(scores["indptr"], dtype=np.int64))
            cached = self._idfs[lang] = _lucene_idf(scores["num_docs"], df).astype(np.float32)
        return cached

    def term_hits(self, text: str, languages: list[str] | None = None) -> tuple[np.ndarray, int]:
        """(for each document, how many of the text's distinct words it contains; how many words).

        Keyword search ranks by this first: a three-word query wants all three words.
        """
        hits = np.zeros(self.size, dtype=np.int32)
        words = 0
        for lang in languages if languages is not None else self.languages:
            index = self._indexes.get(lang)
            if index is None:
                continue
            terms = list(dict.fromkeys(analyser(lang).terms(text)))
            words = max(words, len(terms))
            for term in index.get_tokens_ids(terms):
                found = index.get_scores_from_ids([term]) > 0
                hits[self._rows[lang][found]] += 1
        return hits, words

    # -- persistence ---------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for lang, index in self._indexes.items():
            index.save(str(folder / lang), show_progress=False)
            np.save(folder / lang / "rows.npy", self._rows[lang])
        (folder / "languages.json").write_text(json.dumps({"size": self.size, "languages": self.languages}))

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        import bm25s

        meta = json.loads((folder / "languages.json").read_text())
        indexes, rows = {}, {}
        for lang in meta["languages"]:
            indexes[lang] = bm25s.BM25.load(str(folder / lang), show_progress=False, verbosity=0)
            rows[lang] = np.load(folder / lang / "rows.npy")
        return cls(meta["size"], indexes, rows)
