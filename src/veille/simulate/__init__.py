"""`veille simulate`: a realistic multilingual election with planted influence operations."""
