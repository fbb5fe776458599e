"""Narratives: stories followed across platforms and languages (see builder.py)."""

from veille.detectors.narratives.builder import Narrative, NarrativeParams, NarrativeRun, make_params, update

__all__ = ["Narrative", "NarrativeParams", "NarrativeRun", "make_params", "update"]
