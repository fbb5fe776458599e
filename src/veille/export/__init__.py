"""What veille writes for other tools: ClaimReview JSON-LD for fact-checks (claimreview.py)."""
