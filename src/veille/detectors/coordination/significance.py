"""Is a pair of accounts acting together more often than chance and popularity explain?

Two tests, one about which objects a pair acts on, one about when; an edge must pass one of them
(each at alpha / 2, so that the two together keep the false discovery rate at alpha).

Popularity. In a configuration model of accounts and objects, account a acts on k_a distinct
objects, an object o was acted on by n_o accounts, and S is the sum of all k. One of b's k_b
objects is o with probability n_o / S, so the number of a's objects that b also acts on is
expected to be about

    sum over o in O_a of k_b * n_o / S  =  k_b * w_a / S,   with w_a = sum_{o in O_a} n_o,

(n_o - 1 in practice: a's own action does not count), and the expectation used, symmetric in a
and b, is lambda_ab = (k_b w_a + k_a w_b) / (2 S). Popularity enters object by object: a pair
sharing viral links or a celebrity's posts is expected to overlap a lot, a pair overlapping on
links almost nobody else shares is not. (A single global expectation would let one viral article
raise the bar for every pair, including those that never touched it; and no timing enters here,
because the timing of an object that only coordinated accounts touched is their coordination.)
The statistic is C_ab, the number of distinct objects on which the pair acted within the window
(never more than their common objects, so the test is conservative), and the p-value is the
Poisson tail P(X >= C_ab | lambda_ab).

Every pair that met at least once was tested, so the p-values are corrected for multiple testing
with Benjamini-Hochberg at false discovery rate `alpha`, counting all of them. Only pairs with at
least `min_repeat` meetings are ranked (the others can never become edges), which makes the
correction slightly conservative.

Activity. Two very busy accounts (some post every few minutes, all
day) are often within a minute of each other, and when both favour the same few objects (the
trending hashtags of their language, say) they meet on them again and again; the configuration
model, which spreads each account's actions over all objects, cannot know that. So a pair that
passes the first test faces a second one, conditioned on its own timing: keep every action of
both accounts where it is in time, and ask how many of the pairs of actions within the window
would fall on the same object if each account chose its objects independently, from its own mix
(for an action of a on o and an action of b within the window, b's chance to be on o is the share
of b's actions that are on o, and the other way round). The observed co-actions are tested
against that expectation (Poisson tail, Benjamini-Hochberg over the pairs tested). Operators pass
it: they act in bursts only, on objects they rarely repeat; and it still finds them when they
dominate a kind of object (a hashtag campaign in a small collection), where the popularity test
cannot see them, since their objects are then the popular ones.

The activity test cannot tell a pair that coordinates on an object from two people reacting to
the same thing: when a celebrity posts or a story breaks, her fans and its readers act within
minutes of each other because of the object, and on it. So crowded objects (acted on by at
least `min_crowd` accounts, 100 by default) are left out of it; their pairs are not even listed
(at ten million posts they would be hundreds of millions), so meetings on them do not count
towards C_ab either, while they still count in w, which keeps the popularity test conservative.
The price: a swarm of a hundred or more accounts acting on the same objects is judged by its
smaller objects only, or not at all when it never acts in smaller groups.

Interest is not coordination: fans of one celebrity reshare the same posts because they follow
her. What fans do not do is act within the window *nearly every time*: so a pair must also have
met on at least `min_consistency` (by default 70%) of all the objects both acted on at any time.
"""

import numpy as np


def expected_meetings(k_a: np.ndarray, w_a: np.ndarray, k_b: np.ndarray, w_b: np.ndarray,
                      actions_total: float) -> np.ndarray:
    """lambda_ab = (k_b w_a + k_a w_b) / (2 S)."""
    if actions_total <= 0:
        return np.zeros_like(k_a, dtype=float)
    return (k_b * w_a + k_a * w_b) / (2.0 * actions_total)


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
