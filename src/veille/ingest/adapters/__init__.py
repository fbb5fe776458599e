"""One module per source format; each defines ADAPTER (see veille.ingest.adapter)."""
