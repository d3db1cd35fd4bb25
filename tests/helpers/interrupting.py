"""Run a Python script in a child process and, optionally, send it Ctrl-C: the one runner of
the Ctrl-C tests (house kernels, scoring by many rules, crosswalks)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def run_script(code: str, *args: str, interrupt_after: float | None = None) -> tuple[float, int, str]:
    """Run ``python -c code args...``, which prints ``ready`` when its data is made and then
    starts the call under test; with ``interrupt_after``, SIGINT is sent that many seconds after
    ``ready``. Returns the seconds from ``ready`` (or from the signal) to the child's end, its
    return code and its standard error."""
    # the child imports what the tests import (a test module, these helpers): the helpers'
    # folder is on its path whatever PYTHONPATH the parent was started with
    here = os.path.dirname(os.path.abspath(__file__))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", (line, proc.stderr.read() if proc.stderr else "")
    start = time.perf_counter()
    if interrupt_after is not None:
        time.sleep(interrupt_after)
        start = time.perf_counter()
        proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=600)
    return time.perf_counter() - start, proc.returncode, err
