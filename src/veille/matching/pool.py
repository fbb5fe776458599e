"""The fact-check pool the matcher searches: every stored fact-check, its vector, its BM25 terms
and its addresses.

A fact-check is searched as one document, "title. claim" (the title often names what the claim
leaves implicit: "Video of a flooded polling station is from 2019. Polling station flooded
today"). Its vector is the embedding backend's passage vector of that document, cached in the
`embeddings` table under veille.enrich.text.text_key like every other text, so it is computed
once per model; fact-checks not yet embedded are embedded when the pool is built. Addresses are
the fact-check's URL and its claim's appearances, compared without scheme, `www.`, tracking
parameters or trailing slash.

The pool is derived data, kept beside the database in `<database>.matching/<model>/` (BM25
indexes, the vector matrix, the rows) with the fingerprint of the `fact_checks` table it was
built from; when a fact-check is added, updated or removed the fingerprint changes and the pool
is rebuilt (vectors already cached are not recomputed). The folder can be deleted at any time.
"""

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from veille.embeddings.backends import EmbeddingBackend
from veille.embeddings.cache import load_vectors, write_vectors
from veille.enrich.entities import urls_in
from veille.enrich.text import text_key
from veille.enrich.urls import canonical_url
from veille.matching import sql
from veille.matching.lexical import LexicalIndex
from veille.store import Store

FORMAT = 1  # bump when what is saved changes
EMBED_BATCH = 64
MAX_CHARS = 2000  # as veille.embeddings.queue: about one 512-token window


def document_text(title: str | None, claim: str) -> str:
    """"title. claim", the text a fact-check is searched as (the claim alone when the title
    repeats it or is missing)."""
    claim = claim.strip()
    title = (title or "").strip()
    if not title or title.casefold() in claim.casefold():
        return claim
    if claim.casefold() in title.casefold():
        return title
    return f"{title}{'' if title[-1] in '.!?…:;' else '.'} {claim}"


def address_key(url: str) -> str:
    """A URL as addresses are compared: canonical, without scheme and trailing slash."""
    return re.sub(r"^https?://", "", canonical_url(url.strip())).rstrip("/")


def addresses_in(text: str) -> list[str]:
    return [address_key(u) for u in urls_in(text)]


@dataclass
class Pool:
    model: str
    fingerprint: str
    ids: list[str]
    urls: list[str]
    titles: list[str | None]
    claims: list[str]
    languages: list[str | None]
    ratings: list[str | None]
    publishers: list[str | None]
    vectors: np.ndarray  # (n, dim) float32, L2-normalised, row i = fact-check ids[i]
    lexical: LexicalIndex
    addresses: dict[str, list[int]]  # address key -> rows

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def copies(self) -> np.ndarray:
        """For each row, the first row whose document ("title. claim", case folded) is the same:
        one claim stored several times (by several publishers with the same wording, or
        re-imported under another URL). No text tells such copies apart, so the matcher shows
        each text once."""
        first: dict[str, int] = {}
        return np.array([first.setdefault(document_text(t, c).casefold(), row)
                         for row, (t, c) in enumerate(zip(self.titles, self.claims))], dtype=np.int64)

    @classmethod
    def open(cls, store: Store, backend: EmbeddingBackend, progress: Callable[[int, int], None] | None = None,
             current: "Pool | None" = None) -> "Pool":
        """The pool of `store`'s fact-checks for `backend`: `current` if it is still up to date,
        else the one beside the database if it is, else built afresh (embedding the
        fact-checks that have no vector yet)."""
        con = store.cursor()
        count, xor = con.execute(sql.POOL_FINGERPRINT).fetchone()
        fingerprint = f"{FORMAT}:{count}:{xor}"
        if current is not None and current.fingerprint == fingerprint and current.model == backend.name:
            return current
        folder = pool_folder(store.path, backend.name)
        pool = None
        try:
            meta = json.loads((folder / "meta.json").read_text())
            if meta["fingerprint"] == fingerprint and meta["model"] == backend.name:
                pool = cls._load(folder, meta)
        except (OSError, ValueError, KeyError):
            pass  # missing, unreadable or from another version: rebuilt below
        if pool is None:
            pool = cls._build(store, backend, fingerprint, progress)
            pool._save(folder)
        pool.copies  # noqa: B018 -- computed now (about a second for 86k fact-checks), not on the first match
        return pool

    @classmethod
    def _build(cls, store: Store, backend: EmbeddingBackend, fingerprint: str,
               progress: Callable[[int, int], None] | None) -> "Pool":
        rows = store.cursor().execute(sql.POOL_ROWS).fetchall()
        ids, claims, titles, urls, languages, appearances, ratings, publishers = (
            [list(c) for c in zip(*rows)] if rows else [[] for _ in range(8)])
        documents = [document_text(t, c) for t, c in zip(titles, claims)]
        vectors = document_vectors(store, backend, documents, progress)
        addresses: dict[str, list[int]] = {}
        for row, (url, seen) in enumerate(zip(urls, appearances)):
            for key in dict.fromkeys(address_key(u) for u in [url, *seen]):
                addresses.setdefault(key, []).append(row)
        return cls(backend.name, fingerprint, ids, urls, titles, claims, languages, ratings, publishers, vectors,
                   LexicalIndex.build(documents, languages), addresses)

    # -- persistence ---------------------------------------------------------------------------
    def _save(self, folder: Path) -> None:
        """Written to a temporary folder and renamed: a crash never leaves half a pool."""
        tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            np.save(tmp / "vectors.npy", self.vectors)
            self.lexical.save(tmp / "bm25")
            rows = {"ids": self.ids, "urls": self.urls, "titles": self.titles, "claims": self.claims,
                    "languages": self.languages, "ratings": self.ratings, "publishers": self.publishers,
                    "addresses": self.addresses}
            (tmp / "rows.json").write_text(json.dumps(rows, ensure_ascii=False))
            (tmp / "meta.json").write_text(json.dumps({"fingerprint": self.fingerprint, "model": self.model}))
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # a read-only folder: the pool serves from memory

    @classmethod
    def _load(cls, folder: Path, meta: dict) -> "Pool":
        rows = json.loads((folder / "rows.json").read_text())
        return cls(meta["model"], meta["fingerprint"], rows["ids"], rows["urls"], rows["titles"], rows["claims"],
                   rows["languages"], rows["ratings"], rows["publishers"], np.load(folder / "vectors.npy"),
                   LexicalIndex.load(folder / "bm25"), rows["addresses"])


def pool_folder(db_path: str | os.PathLike, model: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-.")
    return Path(f"{db_path}.matching") / slug


def document_vectors(store: Store, backend: EmbeddingBackend, documents: list[str],
                     progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Passage vectors of `documents`, from the cache, the missing ones embedded and cached
    (one transaction per batch, so an interrupted build keeps what it embedded)."""
    keys = np.array([text_key(d)[0] or 0 for d in documents], dtype=np.uint64)
    unique = np.unique(keys)
    have, vectors = load_vectors(store.cursor(), backend.name, unique)
    found = dict(zip(have.tolist(), range(len(have))))
    missing = [k for k in unique.tolist() if k not in found]
    if missing:
        text_of = {}
        for key, doc in zip(keys.tolist(), documents):
            text_of.setdefault(key, doc)
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start:start + EMBED_BATCH]
            embedded = backend.passages([text_of[k][:MAX_CHARS] for k in batch])
            write_vectors(store, backend.name, np.array(batch, dtype=np.uint64), embedded)
            if progress is not None:
                progress(min(start + EMBED_BATCH, len(missing)), len(missing))
        have, vectors = load_vectors(store.cursor(), backend.name, unique)
        found = dict(zip(have.tolist(), range(len(have))))
    if not len(documents):
        return np.zeros((0, backend.dim), np.float32)
    return np.ascontiguousarray(vectors[[found[k] for k in keys.tolist()]], dtype=np.float32)
