"""Ingestion: one adapter per source format, turning exports into canonical records."""
