"""Heavy kernels run with the interpreter released, so other Python threads go on meanwhile.

The kernel runs on a side thread; the main thread sleeps briefly and notes when it woke. With
the interpreter held for the whole kernel, the main thread could only wake after the kernel
returned; released, it wakes while the kernel is still running. Times are compared with each
other (wake-up against the kernel's own end), never with a fixed budget.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from coterminous import _core

N = 8_000_000
FLOATS = np.random.default_rng(3).normal(size=20_000)


def _woke_during(kernel: Callable[[], Any]) -> tuple[float, float, float]:
    started = threading.Event()
    times: dict[str, float] = {}

    def run() -> None:
        times["start"] = time.perf_counter()
        started.set()
        kernel()
        times["end"] = time.perf_counter()

    t = threading.Thread(target=run)
    t.start()
    started.wait()
    time.sleep(0.02)
    woke = time.perf_counter()
    t.join()
    return times["start"], woke, times["end"]


@pytest.fixture(scope="module")
def d() -> np.ndarray:
    rng = np.random.default_rng(7)
    return (rng.integers(1, 5, N) - rng.integers(1, 5, N)).astype(np.float64)


@pytest.mark.parametrize(
    "name, call",
    [
        (
            "wilcoxon",
            lambda d: _core.stats_wilcoxon(d, "wilcox", False, "asymptotic", _core.StatsTestOptions("two-sided")),
        ),
        (
            "cliffs_delta",
            lambda d: _core.stats_cliffs_delta(
                d[: N // 4], d[N // 4 : N // 2], _core.StatsTestOptions("two-sided", 0.95)
            ),
        ),
        # many distinct floats: rows drawn one by one, and random sign bits or shuffles
        (
            "bootstrap",
            lambda d: _core.stats_bootstrap(
                FLOATS, "mean", _core.StatsBootstrapOptions(12000, "percentile", 0.95, "two-sided"), 1
            ),
        ),
        (
            "permutation_paired",
            lambda d: _core.stats_permutation_paired(
                FLOATS[:5000], _core.StatsPermutationOptions(60_000, "two-sided"), 1
            ),
        ),
        (
            "permutation_independent",
            lambda d: _core.stats_permutation_independent(
                FLOATS[:2500], FLOATS[2500:5000], _core.StatsPermutationOptions(180_000, "two-sided"), 1
            ),
        ),
    ],
)
def test_kernel_releases_the_interpreter(d: np.ndarray, name: str, call: Callable[[np.ndarray], Any]) -> None:
    start, woke, end = _woke_during(lambda: call(d))
    if end - start < 0.15:
        pytest.fail(f"{name}: the kernel took {end - start:.3f} s, too short to tell; make N larger")
    # released: the main thread woke about 0.02 s after the start, well before the end
    assert woke < end - 0.05, (name, woke - start, end - start)
