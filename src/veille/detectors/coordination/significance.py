"""Is a pair of accounts acting together more often than chance and popularity explain?

The null model is a configuration model of accounts and objects, with time. Account a acts on
k_a distinct objects; S is the sum of all k. An object o that n_o accounts acted on is drawn by
one of b's actions with probability n_o / S, and two actions on o fall within the window with the
probability q_o that any two of its accounts' actions did. Given the objects a acted on, the
number of them on which b meets a by chance is therefore about

    sum over o in O_a of  k_b * n_o / S * q_o  =  k_b * w_a / S,   with w_a = sum_{o in O_a} n_o q_o,

and the expectation used, symmetric in a and b, is lambda_ab = (k_b w_a + k_a w_b) / (2 S).
Popularity enters object by object: a pair that shares viral links or a celebrity's posts, busy
in a window where hundreds of others were too, is expected to meet often, while a pair meeting on
links almost nobody else shares is not. (A single global expectation would let one viral
article raise the bar for every pair, including those that never touched it.) The p-value is the
Poisson tail P(X >= C_ab | lambda_ab) of the number C_ab of distinct objects the pair met on.

Every pair that met at least once was tested, so the p-values are corrected for multiple testing
with Benjamini-Hochberg at false discovery rate `alpha`, counting all of them. Only pairs with at
least `min_repeat` meetings are ranked (the others can never become edges), which makes the
correction slightly conservative.

Activity is not coordination either. Two very busy accounts (some post every few minutes, all
day) are often within a minute of each other, and when both favour the same few objects (the
trending hashtags of their language, say) they meet on them again and again; the configuration
model, which spreads each account's actions over all objects, cannot know that. So a pair that
passes the first test faces a second one, conditioned on its own timing: keep every action of
both accounts where it is in time, and ask how many of the pairs of actions within the window
would fall on the same object if each account chose its objects independently, from its own mix
(for an action of a on o and an action of b within the window, b's chance to be on o is the share
of b's actions that are on o, and the other way round). The observed co-actions are tested
against that expectation (Poisson tail, Benjamini-Hochberg over the pairs tested); an edge must
pass both tests. Operators pass both: they act in bursts only, on objects they rarely repeat.

Interest is not coordination either: fans of one celebrity reshare the same posts because they
follow her, and the second test sees them close in time precisely when they meet. What fans do
not do is act within the window *nearly every time*: so a pair must also have met on at least
`min_consistency` (by default 70%) of all the objects both acted on at any time.
"""

import numpy as np
from scipy.stats import poisson


def expected_meetings(k_a: np.ndarray, w_a: np.ndarray, k_b: np.ndarray, w_b: np.ndarray,
                      actions_total: float) -> np.ndarray:
    """lambda_ab = (k_b w_a + k_a w_b) / (2 S)."""
    if actions_total <= 0:
        return np.zeros_like(k_a, dtype=float)
    return (k_b * w_a + k_a * w_b) / (2.0 * actions_total)


def poisson_tail(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """P(X >= observed) for X ~ Poisson(expected)."""
    return poisson.sf(observed - 1, np.maximum(expected, 1e-300))


def benjamini_hochberg(p_values: np.ndarray, tests: int) -> np.ndarray:
    """q-values of the given p-values, among `tests` tests in all (tests >= len(p_values))."""
    n = len(p_values)
    if n == 0:
        return p_values.astype(float)
    tests = max(tests, n)
    order = np.argsort(p_values, kind="stable")
    ranked = p_values[order] * tests / np.arange(1, n + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(n)
    q[order] = np.minimum(ranked, 1.0)
    return q
