"""`veille match` end to end: the real command on a copy of the built store."""

import orjson

from tests.conftest import run_veille
from tests.matching.conftest import URL


def test_one_text_as_json(store_copy):
    out = run_veille("match", "--db", store_copy, "--json",
                     "urgente!! las maquinas de votacion cambian los votos de un partido a otro 🙏", check=True)
    result = orjson.loads(out.stdout)
    assert result["decision"] == "reply" and result["id"] is None
    best = result["matches"][0]
    assert best["url"] == URL + "es/maquinas" and set(best) >= {"factcheck_id", "url", "title", "score"}
    assert len(result["matches"]) == 5 and [m["score"] for m in result["matches"]] == sorted(
        (m["score"] for m in result["matches"]), reverse=True)


def test_a_file_of_queries_gives_one_line_per_query(store_copy, tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join([
        '{"id": "a", "text": "Gente, as urnas eletronicas foram hackeadas e o resultado foi alterado!!!"}',
        '{"id": 7, "text": "https://t.me/canalexemplo/4321"}',
        '{"text": "crayon bulletins"}',
        '{"id": "d", "text": "The weather will be sunny on election day in most of the country", "lang": "en"}',
    ]) + "\n", encoding="utf-8")
    out = run_veille("match", "--db", store_copy, "--input", queries, "--json", "--limit", "3", check=True)
    lines = [orjson.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["a", 7, 3, "d"]  # no id: the line number
    assert all(set(r) >= {"id", "decision", "matches"} and len(r["matches"]) <= 3 for r in lines)
    assert [r["decision"] for r in lines] == ["reply", "reply", "review", "none"]
    assert lines[0]["matches"][0]["url"] == URL + "pt/urnas-hackeadas"
    assert lines[2]["matches"][0]["url"] == URL + "fr/crayon"


def test_bad_input_is_one_error_line(store_copy, tmp_path):
    def error(*args):
        result = run_veille("match", "--db", store_copy, *args)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("Error: ")
        return result.stderr

    assert "give one of" in error()
    assert "give one of" in error("some text", "--posts")
    assert "empty text" in error("   ")
    assert "no such file" in error("--input", tmp_path / "missing.jsonl").lower()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "fine"}\n{"id": 2, "text": \n', encoding="utf-8")
    assert "line 2: not JSON" in error("--input", bad)
    assert "needs --labels" in error("calibrate")
    assert "--labels goes with" in error("some text", "--labels", bad)
