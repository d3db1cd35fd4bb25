"""Ctrl-C stops the long kernels: a subprocess runs each on data that takes seconds, is sent
SIGINT shortly after it starts, and must end with KeyboardInterrupt. The time from the signal
to the end is compared with the same call's uninterrupted duration, measured here too (a
ratio, never a fixed budget)."""

from __future__ import annotations

import sys

import pytest
from interrupting import run_script

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a subprocess is POSIX")

SETUP = """
import sys, numpy as np, coterminous as ct
g = np.random.default_rng(0)
"""

# each call's work grows with k; the test doubles k until the call takes seconds
CALLS = {
    # many distinct floats: rows drawn one by one
    "bootstrap": (
        "x = g.normal(size=20_000)",
        "ct.bootstrap(x, 'mean', n_resamples=4_000 * k, rng=1, progress=False)",
    ),
    # a Python callable runs in Python, where signals are handled between batches
    "bootstrap_callable": (
        "x = g.normal(size=2_000)",
        "ct.bootstrap(x, np.mean, n_resamples=20_000 * k, rng=1, progress=False)",
    ),
    # many distinct |d|: random sign bits
    "permutation_paired": (
        "x, y = g.normal(size=5_000), np.zeros(5_000)",
        "ct.permutation_test(x, y, n_resamples=8_000 * k, rng=1, progress=False)",
    ),
    "permutation_independent": (
        "x, y = g.normal(size=2_500), g.normal(size=2_500)",
        "ct.permutation_test(x, y, paired=False, n_resamples=25_000 * k, rng=1, progress=False)",
    ),
    "wilcoxon": (
        "x = g.normal(size=1_500_000 * k); y = np.zeros(len(x))",
        "ct.wilcoxon(x, y)",
    ),
}


def _run(name: str, k: int, interrupt_after: float | None) -> tuple[float, int, str]:
    """Run one call at size ``k`` in a subprocess; returns the seconds from the call's start
    (or from the signal) to the process's end, its return code and its stderr."""
    data, call = CALLS[name]
    code = SETUP + f"k = {k}\n" + data + "\nprint('ready', flush=True)\n" + call + "\nprint('done', flush=True)\n"
    return run_script(code, interrupt_after=interrupt_after)


@pytest.mark.parametrize("name", list(CALLS))
def test_ctrl_c_interrupts_the_kernel(name: str) -> None:
    k = 4
    while True:
        full, code, err = _run(name, k, None)
        assert code == 0, err
        if full >= 1.5 or k >= 64:
            break
        k *= 2
    if full < 1.5:
        pytest.fail(f"{name}: the call took {full:.2f} s, too short to tell; make its data larger")
    latency, code, err = _run(name, k, 0.5)
    assert "KeyboardInterrupt" in err, (name, code, err[-2000:])
    # interrupted: the process ends soon after the signal, far sooner than the call would have
    assert latency < full / 4, (name, latency, full)
