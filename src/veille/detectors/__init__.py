"""Detectors: what veille finds in the stored records (coordinated campaigns first)."""
