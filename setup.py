"""The C part of veille (everything else is in pyproject.toml): the folding of texts that every
ingested post goes through, see src/veille/enrich/_fold.c."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("veille.enrich._fold", ["src/veille/enrich/_fold.c"], extra_compile_args=["-O3"])])
