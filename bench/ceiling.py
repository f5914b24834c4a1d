"""What this machine gives a second process: the same pure-Python loop run in one process, then in
two at once. Two vCPUs are not always two cores' worth (shared caches, a host's other guests); a
pack laid out by two pool processes cannot scale past what the loop does, so it is the floor the
pack's scaling is compared with."""

import multiprocessing
import time

from bench.stats import median

LOOP = 15_000_000
RUNS = 3


def spin(_=None) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(LOOP):
        total += i * i
    return time.perf_counter() - started


def two_process_scaling() -> dict:
    """{"one_s", "two_s", "scaling"}: medians of RUNS; scaling is the work done per second by two
    processes against one (2.0 where a second vCPU is a whole second core)."""
    spin()  # warm
    one = median([spin() for _ in range(RUNS)])
    context = multiprocessing.get_context("spawn")  # a clean interpreter each, nothing inherited
    with context.Pool(2) as pool:
        pool.map(spin, range(2))  # warm
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            pool.map(spin, range(2), chunksize=1)
            runs.append(time.perf_counter() - started)
    two = median(runs)
    return {"one_s": one, "two_s": two, "scaling": 2 * one / two}
