"""The C parts of veille (everything else is in pyproject.toml): what every ingested post goes
through, where Python's own cost per call was most of the work. Each has a Python reference that
its tests compare it with."""

from setuptools import Extension, setup

_FLAGS = ["-O3"]

setup(
    ext_modules=[
        Extension("veille.enrich._fold", ["src/veille/enrich/_fold.c"], depends=["src/veille/enrich/_links.h"],
                  extra_compile_args=_FLAGS),
        Extension("veille.enrich._entities", ["src/veille/enrich/_entities.c"], extra_compile_args=_FLAGS),
        Extension("veille.enrich._lid", ["src/veille/enrich/_lid.c"], depends=["src/veille/enrich/_links.h"],
                  extra_compile_args=_FLAGS, libraries=["m"]),
        Extension("veille.ingest.adapters._jsonl_plain", ["src/veille/ingest/adapters/_jsonl_plain.c"],
                  depends=["src/veille/ingest/adapters/_plain_scan.h"], extra_compile_args=_FLAGS),
        Extension("veille.store._arrow", ["src/veille/store/_arrow.c"], extra_compile_args=_FLAGS),
        Extension("veille.ingest._accounts_seen", ["src/veille/ingest/_accounts_seen.c"], extra_compile_args=_FLAGS),
    ]
)
