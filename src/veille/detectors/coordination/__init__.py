"""Coordination: accounts acting in concert (co-link, co-share, co-text, co-similar, co-hashtag,
co-reply, co-domain, co-image), tested against chance and popularity, grouped into campaigns.

See detector.py for the flow, significance.py for the statistics, coortweet.py for the
CooRTweet-compatible mode, similar.py for co-similar families, params.py for defaults.
"""

from veille.detectors.coordination.detector import Detection, detect
from veille.detectors.coordination.params import DEFAULT_WINDOWS, KINDS, Params, make_params

__all__ = ["DEFAULT_WINDOWS", "KINDS", "Detection", "Params", "detect", "make_params"]
