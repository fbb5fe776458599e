"""Readers of the public claim-matching sets in ../shared/data/claims (see its README): each gives a
pool of fact-checks, queries, and the relevant fact-checks of each query. Read in place, never
copied into the repository."""

import ast
import csv
import gzip
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "claims"

csv.field_size_limit(sys.maxsize)

_ISO3 = {"eng": "en", "spa": "es", "kor": "ko", "por": "pt", "fra": "fr", "deu": "de", "ara": "ar", "hin": "hi",
         "tha": "th", "msa": "ms", "pol": "pl"}


@dataclass
class Doc:
    id: str
    title: str
    claim: str
    lang: str | None


@dataclass
class ClaimSet:
    name: str
    pool: str  # sets that share a pool share a database
    docs: list[Doc]
    queries: list[tuple[str, str]]  # (id, text)
    qrels: dict[str, set[str]] = field(default_factory=dict)


def _tsv(path: Path, header: bool = False) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return rows[1:] if header else rows


def _qrels(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in _tsv(path):
        if len(row) >= 3:
            out.setdefault(row[0].strip(), set()).add(row[2].strip())
    return out


def _only_judged(queries: list[tuple[str, str]], qrels: dict) -> list[tuple[str, str]]:
    return [(q, t) for q, t in queries if q in qrels]


def clef2020_test() -> ClaimSet:
    root = DATA / "clef2020-task2"
    docs = [Doc(r[0], r[2], r[1], "en") for r in _tsv(root / "v3.0" / "verified_claims.docs.tsv", header=True)]
    qrels = _qrels(root / "test" / "tweet-vclaim-pairs.qrels")
    queries = [(r[0], r[1]) for r in _tsv(root / "test" / "tweets.queries.tsv", header=True)]
    return ClaimSet("CLEF-2020 test", "clef2020", docs, _only_judged(queries, qrels), qrels)


def _clef2022_docs() -> list[Doc]:
    docs = []
    with open(DATA / "clef2022-task2a-en" / "vclaims.jsonl", encoding="utf-8") as f:
        for line in f:
            v = json.loads(line)
            docs.append(Doc(v["vclaim_id"], v.get("title") or "", v.get("vclaim") or "", "en"))
    return docs


def clef2022(split: str) -> ClaimSet:
    """`test`, or `dev` (the CLEF-2020 test tweets, for calibration)."""
    root = DATA / "clef2022-task2a-en"
    if split == "test":
        queries = _tsv(root / "test" / "CT2022-Task2A-EN-Test_Queries.tsv")
        qrels = _qrels(root / "test" / "CT2022-Task2A-EN-Test_Qrels_gold.tsv")
    else:
        queries = _tsv(root / "train" / "CT2022-Task2A-EN-Train-Dev_Queries.tsv")
        qrels = _qrels(root / "train" / "CT2022-Task2A-EN-Dev_QRELs.tsv")
    pairs = [(r[0], r[1]) for r in queries if len(r) >= 2]
    return ClaimSet(f"CLEF-2022 2A-EN {split}", "clef2022", _clef2022_docs(), _only_judged(pairs, qrels), qrels)


def meedan() -> ClaimSet:
    root = DATA / "meedan-tipline-ood-en"
    docs = []
    with open(root / "vclaims.jsonl", encoding="utf-8") as f:
        for line in f:
            v = json.loads(line)
            docs.append(Doc(v["vclaim_id"], v.get("title") or "", v.get("vclaim") or "", "en"))
    qrels = _qrels(root / "OOD-EN-QRELs.tsv")
    queries = [(r[0], r[1]) for r in _tsv(root / "OOD-EN-Queries.tsv", header=True) if len(r) >= 2]
    return ClaimSet("Meedan tipline", "meedan", docs, _only_judged(queries, qrels), qrels)


def semeval_trial() -> ClaimSet:
    root = DATA / "semeval2025-task7-trial"
    docs = []
    with open(root / "trial_fact_checks.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            claim = ast.literal_eval(row["claim"])
            title = ast.literal_eval(row["title"]) if row["title"] else ("", "", [])
            lang = _ISO3.get(claim[2][0][0]) if claim[2] else None
            docs.append(Doc(row["fact_check_id"], title[0], claim[0], lang))
    queries = []
    with open(root / "trial_posts.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = ast.literal_eval(row["text"])[0] if row["text"] else ""
            ocr = " ".join(o[0] for o in ast.literal_eval(row["ocr"])) if row["ocr"] else ""
            queries.append((row["post_id"], f"{text} {ocr}".strip()))
    qrels: dict[str, set[str]] = {}
    with open(root / "trial_data_mapping.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            qrels.setdefault(row["post_id"], set()).add(row["fact_check_id"])
    return ClaimSet("SemEval-2025 trial (cross-lingual)", "semeval", docs, _only_judged(queries, qrels), qrels)


def kazemi_pool() -> list[Doc]:
    """The 86k multilingual fact-checks of Kazemi et al. 2022 (for latency)."""
    docs = []
    with gzip.open(DATA / "factcheck-tweet-kazemi2022" / "vclaims_compact.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            v = json.loads(line)
            docs.append(Doc(v["vclaim_id"], v.get("title") or "", v.get("vclaim") or "", v.get("lang") or None))
    return docs


def kazemi_queries() -> list[str]:
    rows = _tsv(DATA / "factcheck-tweet-kazemi2022" / "FC-EN-Test_Queries.tsv", header=True)
    return [r[1] for r in rows if len(r) >= 2]


def kazemi_dev() -> ClaimSet:
    """English tweets about claims fact-checked elsewhere than Snopes or Meedan's partners: out of
    the CLEF and Meedan pools, negatives for calibration."""
    rows = _tsv(DATA / "factcheck-tweet-kazemi2022" / "FC-EN-Dev_Queries.tsv", header=True)
    return ClaimSet("Kazemi FC-EN dev tweets", "kazemi", [], [(r[0], r[1]) for r in rows if len(r) >= 2], {})
