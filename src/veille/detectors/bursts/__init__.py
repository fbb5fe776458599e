"""Bursts: items taking off well above their own baseline (see detector.py)."""

from veille.detectors.bursts.detector import ITEM_KINDS, Burst, BurstParams, burst_alerts, find_bursts, make_params

__all__ = ["ITEM_KINDS", "Burst", "BurstParams", "burst_alerts", "find_bursts", "make_params"]
