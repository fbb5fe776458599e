"""Normalisation and enrichment shared by every adapter: text repair, URLs, entities, language, time."""
