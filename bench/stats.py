"""Timing and the two statistics the report uses."""

import math
import statistics
import time


def median(values) -> float:
    return statistics.median(values)


def p95(values) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(function, *args, **kwargs):
    """(result, seconds)."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def repeat(function, times: int) -> list[float]:
    """Seconds for each of `times` calls."""
    return [timed(function)[1] for _ in range(times)]
