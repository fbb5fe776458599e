"""The fast way through canonical JSONL (plain lines straight into columns) stores exactly what
the model way (a Post validated per line) stores, line for line, for plain lines and for every
kind of line the fast way must hand over to the model: numbers as ids, odd times, nulls, wrong
types, unknown fields, accounts named or not."""

import json

import pytest

from veille.ingest.adapter import IngestOptions
from veille.ingest.adapters import jsonl
from veille.ingest.adapters.jsonl import ADAPTER
from veille.ingest.lines import LineContext, parse
from veille.ingest.source import Line
from veille.store.writer import Batch, prepare

BASE = {"platform": "x", "account_id": "a1", "created_at": "2024-06-01T10:00:00Z",
        "text": "Hello world, this is a plain English post about voting"}
VARIANTS = [
    {}, {"id": 123}, {"id": True}, {"id": ""}, {"id": "x" * 1025}, {"id": "y" * 1024}, {"platform": "X"},
    {"platform": " Telegram "}, {"platform": "bad platform"}, {"platform": "a" * 64}, {"platform": "a" * 65},
    {"platform": "9gag"}, {"platform": None}, {"created_at": "2024-02-29T10:00:00Z"},
    {"created_at": "2023-02-29T10:00:00Z"}, {"created_at": "2024-04-31T10:00:00Z"},
    {"created_at": "2024-06-01T24:00:00Z"}, {"created_at": "2024-06-01T10:00:60Z"},
    {"created_at": "2024-06-01T10:00:00.123Z"}, {"created_at": "2024-06-01T10:00:00+02:00"},
    {"created_at": 1717236060}, {"created_at": 1717236060123}, {"created_at": "1717236060"},
    {"created_at": "2024-06-30T23:59:59Z"}, {"created_at": "0999-01-01T00:00:00Z"}, {"text": None}, {"text": 5},
    {"lang": "en-GB"}, {"lang": "und"}, {"lang": None}, {"lang": 3}, {"lang": "in"}, {"urls": None}, {"urls": []},
    {"urls": ["https://WWW.Example.com/a?utm_source=x&b=2#f", ""]}, {"urls": [1]}, {"urls": "http://a.b"},
    {"hashtags": ["#Vote", "vote", "＃Élection", ""]}, {"hashtags": None}, {"mentions": ["@Bob", "bob"]},
    {"mentions": [None]}, {"media_hashes": ["abc"]}, {"media_hashes": None}, {"share_of_id": 99},
    {"share_of_id": ""}, {"share_of_id": None}, {"reply_to_id": "r1"}, {"reply_to_id": False}, {"metrics": {}},
    {"metrics": {"likes": 3, "views": 2.5}}, {"metrics": {"a": True}}, {"metrics": {"a": 2**60}},
    {"metrics": None}, {"metrics": []}, {"metrics": {"a": None}}, {"account_name": "anna"},
    {"account_name": "anna"}, {"account_name": "anna2"}, {"account_name": ""}, {"account_name": 42},
    {"account_name": None}, {"provenance": {"source": "x"}}, {"extra": 1},
    {"text": "Ã©lections Ã  Paris, les bureaux sont ouverts ce matin"},
    {"text": "cafe\u0301 combining accent pour le vote aujourd'hui"}, {"text": "ctrl\u0007char in the text"},
    {"text": "RT @someone: Bonjour à tous, allez voter dimanche prochain"},
    {"text": "Visit www.Example.org/x?fbclid=1 and http://t.co/abc! #Tag @User a@b.org"}, {"text": ""},
    {"text": "👍👍"}, {"account_id": 777}, {"account_id": None}, {"id": None},
]


def lines() -> list[tuple[int, bytes, int]]:
    out = []
    for number, variant in enumerate(VARIANTS, 1):
        data = json.dumps({**BASE, "id": f"p{number}", **variant}, ensure_ascii=False).encode()
        out.append((number, data, len(data)))
    extra = [b'{"platform":"x","id":"p1","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"again"}',
             b'{"platform": "x", "id": "t", "account_id": "u', b'["not", "an", "object"]', b"caf\xe9",
             b'{"platform":"x","id":"big","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"' + b"z" * 300 + b'"}']
    for data in extra:
        out.append((len(out) + 1, data, len(data)))
    return out


def tables(batch: Batch) -> dict[str, list[dict]]:
    return {name: table.to_pylist() for name, table in prepare(batch).tables.items()}


@pytest.mark.parametrize("limit", [1 << 20, 200])  # 200: the last line is over the size limit
def test_plain_and_model_ways_store_the_same(limit, monkeypatch):
    options = IngestOptions(max_record_bytes=limit)
    handed_over = []

    def counting_parse(adapter, line, context):
        handed_over.append(line.number)
        return parse(adapter, line, context)

    monkeypatch.setattr(jsonl, "parse", counting_parse)
    fast = Batch()
    ADAPTER.add_lines(lines(), LineContext("src.jsonl", "jsonl", options), fast)
    slow = Batch()
    context = LineContext("src.jsonl", "jsonl", options)
    for number, data, size in lines():
        for item in parse(ADAPTER, Line(number, data, size), context):
            slow.add(item)
    assert tables(fast) == tables(slow)
    # the plain lines did take the fast way (most variants are plain); the others were handed over
    assert len(fast.posts) == len(slow.posts) > 30
    assert 20 < len(handed_over) < len(lines()) - 30
