"""Shared timing helpers for the benchmarks: medians of repeated runs in one process."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import Any


def median_time(fn: Callable[[], Any], repeat: int = 7, warmup: int = 1) -> tuple[float, Any]:
    """Median wall time of ``fn()`` over ``repeat`` runs (after ``warmup``), and its last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def report(title: str, rows: list[tuple[str, float]], ours: str, target: tuple[str, float] | None = None) -> None:
    """Print medians and each contestant's ratio to ``ours``."""
    t_ours = dict(rows)[ours]
    print(f"\n{title}")
    print(f"  {'contestant':<40} {'median':>10} {'ours / it':>10}")
    for name, t in rows:
        print(f"  {name:<40} {t * 1e3:>8.1f}ms {t_ours / t:>10.3f}")
    if target:
        peer, limit = target
        ratio = t_ours / dict(rows)[peer]
        print(f"  target: ours <= {limit} x {peer}: {ratio:.3f} -> {'MET' if ratio <= limit else 'NOT MET'}")
