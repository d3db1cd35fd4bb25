"""Ctrl-C stops the crosswalk kernels: a subprocess runs a large apportion or best fit (seconds
of scattered reads), is sent SIGINT shortly after it starts, and must end with
KeyboardInterrupt, sooner than the uninterrupted call takes (a ratio, never a fixed budget)."""

from __future__ import annotations

import sys

import pytest
from interrupting import run_script

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a subprocess is POSIX")

SETUP = """
import sys
import numpy as np
from coterminous import _core
g = np.random.default_rng(0)
scale = int(sys.argv[1])
n, ns, nt = 4_000_000 * scale, 1_000_000 * scale, 1_000
src = g.integers(0, ns, n).astype(np.uint32)
tgt = g.integers(0, nt, n).astype(np.uint32)
w = g.random(n)
rows = np.arange(ns, dtype=np.int64)
cols = [g.random(ns) for _ in range(8)]
print("ready", flush=True)
"""

CALLS = {
    "apportion": (
        "_core.crosswalk_apportion(src, tgt, w, ns, nt, rows, ns, [f'c{i}' for i in range(8)], cols, [None] * 8, "
        "[('intensive', 0, 0, False, False)] * 8, 'low')"
    ),
    "best_fit": "_core.crosswalk_best_fit(src, tgt, w, ns, nt)",
}


def _run(call: str, interrupt_after: float | None, scale: int = 1) -> tuple[float, int, str]:
    return run_script(SETUP + call + "\nprint('done', flush=True)\n", str(scale), interrupt_after=interrupt_after)


@pytest.mark.parametrize("name", list(CALLS))
def test_ctrl_c_stops_the_kernel(name: str) -> None:
    # a fast machine: a larger problem (4x, then 16x the rows) until the call takes long enough
    for scale in (1, 4, 16):
        full, code, err = _run(CALLS[name], None, scale)
        assert code == 0, err
        if full >= 0.8:
            break
    else:
        pytest.skip(f"the call took {full:.2f} s here even at 16x: too short to interrupt reliably")
    stopped, code, err = _run(CALLS[name], 0.2, scale)
    assert code != 0 and "KeyboardInterrupt" in err, err[-2000:]
    assert stopped < 0.5 * full, (stopped, full)
