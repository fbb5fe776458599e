"""The Poisson tail that coordination and burst tests rest on, against scipy's gammainc."""

import numpy as np
import pytest

from veille.detectors.statistics import poisson_tail

gammainc = pytest.importorskip("scipy.special").gammainc


def test_agrees_with_scipy_from_small_counts_to_large_ones():
    rng = np.random.default_rng(1)
    # small counts and expectations (most pairs), large ones (busy accounts), and k close to λ,
    # where both of the function's methods converge slowest
    k = np.concatenate([rng.integers(1, 50, 5000), rng.integers(1, 5000, 5000), np.arange(1, 2000)]).astype(float)
    lam = np.concatenate([rng.exponential(5, 5000), rng.exponential(2000, 5000), np.arange(1, 2000) + 0.5])
    ours, scipy_p = poisson_tail(k, lam), gammainc(k, lam)
    meaningful = scipy_p > 1e-290  # below, both underflow towards 0
    assert np.allclose(ours[meaningful], scipy_p[meaningful], rtol=1e-10, atol=0)
    assert np.all(ours[~meaningful] < 1e-290)


def test_tiny_p_values_keep_their_precision():
    # 30 co-actions where 0.5 are expected: about 1e-40, far below what 1 - cdf could resolve
    assert poisson_tail(30, 0.5) == pytest.approx(gammainc(30, 0.5), rel=1e-12)
    assert 1e-42 < poisson_tail(30, 0.5) < 1e-38


def test_edges():
    assert poisson_tail(0, 2.0) == 1.0  # observing nothing is always at least that likely
    assert poisson_tail(-1, 2.0) == 1.0
    assert poisson_tail(3, 0.0) == 0.0  # nothing expected, something seen
    assert poisson_tail(1, 1.0) == pytest.approx(1 - np.exp(-1.0))  # P(X >= 1) = 1 - P(X = 0)
    assert poisson_tail(np.array([1.0, 2.0]), 1.0).shape == (2,)
