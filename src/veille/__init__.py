"""veille: an open election-integrity operations center."""

__version__ = "0.1.0"
