"""The fast way through canonical JSONL (plain lines straight into columns) stores exactly what
the model way (a Post validated per line) stores, line for line, for plain lines and for every
kind of line the fast way must hand over to the model: numbers as ids, odd times, nulls, wrong
types, unknown fields, accounts named or not."""

import json
from types import SimpleNamespace

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veille.ingest.adapter import IngestOptions
from veille.ingest.adapters import jsonl
from veille.ingest.adapters.jsonl import ADAPTER
from veille.ingest.lines import LineContext, fill
from veille.ingest.source import Block, lines_in
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
    # digits of another script: the model decides (a fast way that took them broke the batch's times)
    {"created_at": "2\u066024-06-01T10:00:00Z"}, {"created_at": "2024-06-0\uff11T10:00:00Z"},
    {"id": -5}, {"id": 2**63 - 1}, {"share_of_id": 12}, {"account_name": ["a"]}, {"account_name": True},
    {"media_hashes": []}, {"hashtags": []}, {"mentions": None}, {"lang": ""}, {"platform": "a-b_c.d"},
    {"platform": "-ab"}, {"platform": "é"}, {"created_at": "2000-02-29T00:00:00Z"}, {"created_at": "1900-02-29T00:00:00Z"},
    {"created_at": "3000-01-01T00:00:00Z"}, {"Text": "capital"},
]


def lines() -> list[bytes]:
    variants = [json.dumps({**BASE, "id": f"p{number}", **variant}, ensure_ascii=False).encode()
                for number, variant in enumerate(VARIANTS, 1)]
    return variants + [
        b'{"platform":"x","id":"p1","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"again"}',
        b'{"platform": "x", "id": "t", "account_id": "u', b'["not", "an", "object"]', b"caf\xe9",
        b'{"platform":"x","id":"big","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"' + b"z" * 300 + b'"}']


def tables(batch: Batch) -> dict[str, list[dict]]:
    return {name: table.to_pylist() for name, table in prepare(batch).tables.items()}


def both_ways(block: Block, options: IngestOptions, monkeypatch=None) -> tuple[Batch, Batch, list[int]]:
    """The block through canonical JSONL's fast way (add_block) and through the model's way (fill,
    line by line), and the numbers of the lines the fast way handed over to the model's."""
    handed_over = []
    if monkeypatch is not None:
        def counting_fill(adapter, lines, context, batch):
            lines = list(lines)
            handed_over.extend(number for number, _, _ in lines)
            fill(adapter, lines, context, batch)

        monkeypatch.setattr(jsonl, "fill", counting_fill)
    fast, slow = Batch(), Batch()
    ADAPTER.add_block(block, LineContext("src.jsonl", "jsonl", options), fast)
    fill(ADAPTER, lines_in(block, options.max_record_bytes), LineContext("src.jsonl", "jsonl", options), slow)
    return fast, slow, handed_over


def block_of(lines: list[bytes], first: int = 1) -> Block:
    return Block(first, b"".join(line + b"\n" for line in lines))


@pytest.mark.parametrize("limit", [1 << 20, 200])  # 200: the last line is over the size limit
def test_plain_and_model_ways_store_the_same(limit, monkeypatch):
    fast, slow, handed_over = both_ways(block_of(lines()), IngestOptions(max_record_bytes=limit), monkeypatch)
    assert tables(fast) == tables(slow)
    # the plain lines did take the fast way (most variants are plain); the others were handed over
    assert len(fast.posts) == len(slow.posts) > 30
    assert 20 < len(handed_over) < len(lines()) - 30


# Any mix of fields and values, plain or not: each value pool holds what the plain path takes and
# near misses of every kind it must hand over (types, nulls, bounds, times, scripts).
_IDS = st.sampled_from(["p", "", "x" * 1024, "x" * 1025, 0, -1, 2**62, True, None, 1.5, ["p"], "é"])
_POOLS = {
    "platform": st.sampled_from(["x", "X", "tg", "a.b-c_d", "_x", "a" * 64, "a" * 65, "", None, 1, "x y"]),
    "id": _IDS, "account_id": _IDS, "share_of_id": _IDS, "reply_to_id": _IDS,
    "created_at": st.sampled_from(["2024-06-01T10:00:00Z", "2024-02-30T10:00:00Z", "2024-06-01T10:00:00",
                                   "2024-06-01 10:00:00Z", "2\u066024-06-01T10:00:00Z", 1717236060, None, "",
                                   "2024-12-31T23:59:59Z", "2024-13-01T00:00:00Z"]),
    "text": st.one_of(st.text(max_size=30), st.sampled_from([None, 3, ["a"]])),
    "lang": st.sampled_from(["en", "und", "", None, 5, "pt-BR"]),
    "urls": st.sampled_from([None, [], ["http://a.b/c?utm_source=x"], [1], "http://a.b", [None]]),
    "hashtags": st.sampled_from([None, [], ["#A"], [""], [2], "#a"]),
    "mentions": st.sampled_from([None, [], ["@B"], [{}]]),
    "media_hashes": st.sampled_from([None, [], ["h"], [1]]),
    "metrics": st.sampled_from([None, {}, {"a": 1}, {"a": 1.5, "b": 0}, {"a": True}, {"a": "1"}, [], 2**60]),
    "account_name": st.sampled_from([None, "", "anna", "bob", 0, 7, ["a"], True]),
    "extra": st.just(1),
}
_RECORDS = st.lists(st.fixed_dictionaries({}, optional=_POOLS), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(_RECORDS)
def test_plain_and_model_ways_store_the_same_for_any_record(records):
    data = [json.dumps({"platform": "x", "id": f"p{i}", "account_id": "a", "created_at": "2024-06-01T10:00:00Z",
                        **record}, ensure_ascii=False).encode() for i, record in enumerate(records)]
    fast, slow, _ = both_ways(block_of(data), IngestOptions())
    assert tables(fast) == tables(slow)


# Blocks: plain lines in runs, and every kind of line the C loop must hand back (blank, spaces,
# \r\n and \r\r\n ends, too long, not JSON, not plain, a last line without its newline).
_LINES = st.sampled_from([
    b'{"platform":"x","id":"%d","account_id":"a","account_name":"n%d","created_at":"2024-06-01T10:00:00Z","text":"t"}',
    b'{"platform":"x","id":"%d","account_id":"a%d","created_at":"2024-06-01T10:00:00Z","metrics":{"v":1}}',
    b'{"platform":"X","id":"%d","account_id":"b%d","created_at":1717236060}', b"", b"   ", b"\t", b"{not json %d %d",
    b'{"platform":"x","id":"%d","account_id":"c","created_at":"2024-06-01T10:00:00Z","text":"' + b"z" * 300 + b'%d"}',
    b"[%d, %d]", b'"%d%d"',
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_LINES, st.sampled_from([b"\n", b"\r\n", b"\r\r\n"])), min_size=1, max_size=12),
       st.booleans(), st.sampled_from([1 << 20, 200]))
def test_a_block_stores_what_its_lines_store(lines, cut_last, limit):
    data = b"".join((line % (i, i) if b"%d" in line else line) + end for i, (line, end) in enumerate(lines))
    if cut_last:
        data = data.rstrip(b"\r\n")
    fast, slow, _ = both_ways(Block(7, data), IngestOptions(max_record_bytes=limit))
    assert tables(fast) == tables(slow)


def test_a_block_with_a_long_line_after_it():
    line = b'{"platform":"x","id":"1","account_id":"a","created_at":"2024-06-01T10:00:00Z"}\n'
    fast, slow, _ = both_ways(Block(3, line * 2, long=(b'{"platform":"x"', 5_000_000)), IngestOptions())
    assert tables(fast) == tables(slow)
    assert [q["source_line"] for q in tables(fast)["quarantine"]] == [5]


@settings(max_examples=1000, deadline=None)
@given(st.dictionaries(st.sampled_from(["likes", "a b", 'q"k', "é", "\x01", "a\\b", "", "x" * 300]),
                       st.one_of(st.sampled_from([0, -1, 2**53 - 1, -(2**53 - 1), 2**53, -(2**53), 2**63, True, 1.5, -0.0]),
                                 st.integers(-(2**63), 2**64 - 1)), max_size=5))
def test_whole_number_metrics_are_stored_as_the_model_stores_them(metrics):
    record = {"platform": "x", "id": "1", "account_id": "a", "created_at": "2024-06-01T10:00:00Z", "metrics": metrics}
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow, handed_over = both_ways(block_of([json.dumps(record).encode()]), IngestOptions(), monkeypatch)
    expected = jsonl._float_metrics(metrics)
    assert tables(fast) == tables(slow)
    assert handed_over == ([] if expected is not jsonl._NOT_PLAIN else [1])  # plain: the fast way took it
    if not handed_over:
        assert fast.posts.metrics == [expected]


def test_metrics_remembered_only_when_names_and_values_are_the_same():
    """The C reader remembers each metrics object's stored text by its names and the floats of its
    values: look-alikes that store differently (0 and -0.0, true and 1, reordered names, a value
    beyond a float's whole numbers) each get their own, in one block and across blocks."""
    looks_alike = [{"v": 0}, {"v": -0.0}, {"v": 0.0}, {"v": True}, {"v": 1}, {"v": 1.0}, {"a": 1, "b": 2},
                   {"b": 2, "a": 1}, {"v": 2**53}, {"v": 2**53 - 1}, {"v": 9007199254740993.0}, {"é": 1}, {"e": 1}]
    lines = [json.dumps({"platform": "x", "id": str(i), "account_id": "a", "created_at": "2024-06-01T10:00:00Z",
                         "metrics": m}).encode() for i, m in enumerate(looks_alike * 2)]
    for _ in range(2):  # the second time, every answer is remembered
        fast, slow, _ = both_ways(block_of(lines), IngestOptions())
        assert tables(fast) == tables(slow)
    assert [m for m in fast.posts.metrics][:3] == ['{"v":0.0}', '{"v":-0.0}', '{"v":0.0}']


# The plain shape is read without orjson (veille/ingest/adapters/_plain_scan.h); any line that
# reader does not take is read by orjson as before. Every way JSON can write the same record, and
# every near miss, must store what the model's way stores.
_SCANNED_LINES = [
    rb'{"platform":"x","id":"s1","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"a\"b\\c\/d\b\f\n\r\t"}',
    rb'{"platform":"x","id":"s2","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"\u00e9\u4e2d\ud83d\ude00\u0000"}',
    rb'{"platform":"x","id":"s3","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"\ud83d"}',
    rb'{"platform":"x","id":"s4","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"\ude00x"}',
    rb'{"platform":"x","id":"s5","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"\ud83dx\ude00"}',
    rb'{"platform":"x","id":"s6","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"\u12G4"}',
    rb'{"platform":"x","id":"s7","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"\x"}',
    b'{"platform":"x","id":"s8","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"\xed\xa0\x80"}',
    b'{"platform":"x","id":"s9","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"\xc3\x28"}',
    b'{"platform":"x","id":"s10","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"\xc0\xaf"}',
    b'{"platform":"x","id":"s11","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"tab\there"}',
    b'{"platform":"x","id":"s12","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"a","text":"b"}',
    rb'{"platform":"x","id":"s13","account_id":"a","created_at":"2024-06-01T10:00:00Z","te\u0078t":"key escaped"}',
    b'{"platform":"x","id":"s14","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"ok"} x',
    b'{"platform":"x","id":"s15","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"ok"}}',
    b' \t{ "platform" : "x" , "id" : "s16" ,"account_id":"a","created_at":"2024-06-01T10:00:00Z" } \t',
    b'{"platform":"x","id":"s17","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"a":-0,"b":7}}',
    b'{"platform":"x","id":"s18","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"a":01}}',
    b'{"platform":"x","id":"s19","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"a":1e3}}',
    b'{"platform":"x","id":"s20","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"a":1.0}}',
    b'{"platform":"x","id":"s21","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"a":123456789012345678}}',
    b'{"platform":"x","id":"s22","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"a":1234567890123456789}}',
    b'{"platform":"x","id":"s23","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"a":1,"a":2}}',
    b'{"platform":"x","id":"s24","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"a":-}}',
    b'{"platform":"x","id":"s25","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"a":true}}',
    b'{"platform":"x","id":"s26","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{}}',
    b'{"platform":"x","id":"s27","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"a":1,}}',
    b'{"platform":"x","id":"s28","account_id":"a","created_at":"2024-06-01T10:00:00Z","urls":["http://a.b/c", "d"]}',
    b'{"platform":"x","id":"s29","account_id":"a","created_at":"2024-06-01T10:00:00Z","urls":["a",]}',
    b'{"platform":"x","id":"s30","account_id":"a","created_at":"2024-06-01T10:00:00Z","urls":[null]}',
    b'{"platform":"x","id":"s31","account_id":"a","created_at":"2024-06-01T10:00:00Z","hashtags":[ ]}',
    b'{"platform":"x","id":"s32","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":nul}',
    b'{"platform":"x","id":"s33","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"open}',
    b'{"platform":"x","id":"s34","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"end\\',
    b'\xef\xbb\xbf{"platform":"x","id":"s35","account_id":"a","created_at":"2024-06-01T10:00:00Z"}',
    b'{"platform":"x","id":"s36","account_id":"a","created_at":"2024-06-01T10:00:00Z",}',
    b'{"platform":"x","id":"s37","account_id":"a","created_at":"2024-06-01T10:00:00Z","extra":{"text":"x"}}',
    b'{"platform":"x","id":"s38","account_id":"a","created_at":"2024-06-01T10:00:00Z","account_name":"n","text":null}',
    b'{"platform":"x" "id":"s39","account_id":"a","created_at":"2024-06-01T10:00:00Z"}',
    b'{}', b'{ }', b'null', b'{"platform":"x","id":"s40","account_id":"a","created_at":"2024-06-01T10:00:00Z"',
]


@pytest.mark.parametrize("line", _SCANNED_LINES)
def test_the_reader_without_orjson_stores_what_the_model_stores(line):
    plain = b'{"platform":"x","id":"after","account_id":"a","created_at":"2024-06-01T10:00:00Z","text":"next"}'
    fast, slow, _ = both_ways(block_of([line, plain]), IngestOptions())
    assert tables(fast) == tables(slow)


def _written(record: dict, ensure_ascii: bool, spaced: bool, slashes: bool) -> bytes:
    text = json.dumps(record, ensure_ascii=ensure_ascii, separators=(", ", " : ") if spaced else (",", ":"))
    if slashes:
        text = text.replace("/", "\\/")
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.fixed_dictionaries({}, optional={
    **_POOLS, "text": st.text(st.characters(blacklist_categories=()), max_size=20),
    "account_name": st.text(st.characters(blacklist_categories=()), max_size=5),
    "urls": st.lists(st.text(st.characters(blacklist_categories=()), max_size=8), max_size=3),
    "metrics": st.dictionaries(st.text(max_size=4), st.integers(-(10**19), 10**19), max_size=3),
}), st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=6))
def test_any_way_of_writing_a_record_stores_what_the_model_stores(records):
    data = [_written({"platform": "x", "id": f"p{i}", "account_id": "a", "created_at": "2024-06-01T10:00:00Z",
                      **record}, *how) for i, (record, *how) in enumerate(records)]
    fast, slow, _ = both_ways(block_of(data), IngestOptions())
    assert tables(fast) == tables(slow)


def test_plain_lines_are_read_without_orjson():
    read = []

    def counting_loads(line):
        read.append(line)
        return orjson.loads(line)

    plain = [json.dumps({"platform": "x", "id": str(i), "account_id": "a", "account_name": "anna",
                         "created_at": "2024-06-01T10:00:00Z", "text": "l'élection\n", "urls": ["http://a.b"],
                         "metrics": {"likes": i}}).encode() for i in range(5)]
    floats = b'{"platform":"x","id":"f","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":{"v":1.5}}'
    block, fast = block_of([*plain, floats]), Batch()
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(jsonl, "orjson", SimpleNamespace(loads=counting_loads, dumps=orjson.dumps,
                                                             JSONDecodeError=orjson.JSONDecodeError))
        ADAPTER.add_block(block, LineContext("src.jsonl", "jsonl", IngestOptions()), fast)
    _, slow, _ = both_ways(block, IngestOptions())
    assert tables(fast) == tables(slow) and len(fast.posts) == 6
    assert read == [floats]  # only the line with a float, which orjson reads as before


def test_metrics_remembered_by_their_text_as_written():
    """Metrics written the same way as an earlier line's take that line's answer without being read
    again; a line that gives its metrics twice (orjson keeps the last) must not leave the answer of
    its last under the text of its first."""
    def line(i, metrics: bytes) -> bytes:
        return (b'{"platform":"x","id":"%d","account_id":"a","created_at":"2024-06-01T10:00:00Z","metrics":' % i
                + metrics + b"}")

    twice = (b'{"platform":"x","id":"t","account_id":"a","created_at":"2024-06-01T10:00:00Z",'
             b'"metrics":{"a":1},"metrics":{"a":2}}')
    written = [b'{"a":1}', b'{"a": 1}', b'{"a":1,"b":-0}', b'{"b":0,"a":1}', b'{"a":1}', b'{"a":9007199254740993}',
               b'{"a":9007199254740993}', b'{"a":1.5}', b'{}', b'{}', b'{"\\u00e9":1}', b'{"\xc3\xa9":1}']
    lines = [twice, *(line(i, m) for i, m in enumerate(written)), twice, line(99, b'{"a":1}')]
    for _ in range(2):  # the second time, every answer is remembered
        fast, slow, _ = both_ways(block_of(lines), IngestOptions())
        assert tables(fast) == tables(slow)
    metrics = {p["id"]: p["metrics"] for p in tables(fast)["posts"]}
    assert metrics["t"] == '{"a":2.0}' and metrics["0"] == metrics["99"] == '{"a":1.0}'


_PLAIN_LINE = (b'{"platform":"x","id":"z","account_id":"a","created_at":"2024-06-01T10:00:00Z",'
               b'"text":"a\\u00e9\\n\\"b\\"","urls":["http://a.b"],"metrics":{"likes":1,"views":22}}')


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_PLAIN_LINE)), st.integers(0, len(_PLAIN_LINE)),
                          st.binary(max_size=4)), max_size=4))
def test_a_damaged_plain_line_stores_what_the_model_stores(edits):
    """A plain line cut, spliced and sprinkled with stray bytes anywhere (quotes, backslashes,
    braces, bytes that are not UTF-8...): the reader never reads past the line, and whatever it
    makes of it is what the model's way makes of it."""
    line = bytearray(_PLAIN_LINE)
    for start, end, insert in edits:
        start, end = sorted((start, end))
        line[start:end] = insert if insert else line[start:end][:1]
    data = bytes(line).replace(b"\n", b" ").replace(b"\r", b" ")
    fast, slow, _ = both_ways(block_of([data, _PLAIN_LINE]), IngestOptions())
    assert tables(fast) == tables(slow)
