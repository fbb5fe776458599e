"""Statistics shared by detectors, with scipy.special (imported in a tenth of scipy.stats' time)."""

import numpy as np
from scipy.special import gammainc


def poisson_tail(observed, expected):
    """P(X >= observed) for X ~ Poisson(expected): the regularised lower incomplete gamma
    function P(observed, expected), and 1 for observed <= 0."""
    observed = np.asarray(observed, dtype=float)
    expected = np.maximum(np.asarray(expected, dtype=float), 1e-300)
    return np.where(observed <= 0, 1.0, gammainc(np.maximum(observed, 1.0), expected))
