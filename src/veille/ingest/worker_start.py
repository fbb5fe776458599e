"""The first code an ingest worker process runs (the pool's initializer; see veille.ingest.parallel).

It lives apart from the parallel module because a spawned worker imports the initializer's module
before running it, and the parallel module's imports load NumPy, whose OpenBLAS starts a thread of
its own at load time unless told otherwise: that thread spun for 0.1 s of CPU in every worker as
it started, and a worker needs no BLAS thread besides its own (the pool already has a process per
core). So the setting is made first, then everything else is imported and warmed up. (A forked
worker has NumPy loaded already, with the one BLAS thread its parent set: see worker_pool.)
"""

import os


def start(parent: int) -> None:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # read by OpenBLAS when NumPy loads it, below
    from veille.ingest.parallel import warm_up

    warm_up(parent)
