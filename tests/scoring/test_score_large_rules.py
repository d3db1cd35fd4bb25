"""``score`` on a framework with many score combinations and many rules (issue 19 item 23):
a few rows are scored by the rules, not by a table of every combination, with the same result
as ``overall_of`` (the reference: one row at a time); Ctrl-C stops it soon after the signal
(measured against the same call's uninterrupted duration: a ratio, not a budget)."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest
from interrupting import run_script

import coterminous as ct

WIDTH = 256


def big_framework(n_rules: int) -> str:
    """2 themes scored 1-256 (65,536 combinations) and ``n_rules`` rules on the total, in
    which only the last can hold."""
    rules = [{"overall": 2, "when": [{"total": {"at_least": 1_000 + i}}]} for i in range(n_rules)]
    rules.append({"overall": 3, "when": [{"min": {"at_least": 200}}]})
    doc = {
        "name": "big",
        "title": "big",
        "themes": [{"key": "a", "label": "a"}, {"key": "b", "label": "b"}],
        "scale": {"min": 1, "max": WIDTH, "labels": [{"value": v, "label": str(v)} for v in range(1, WIDTH + 1)]},
        "overall": {"rules": rules, "default": 1},
    }
    return json.dumps(doc)


def test_few_rows_are_scored_by_the_rules_as_overall_of_scores_them() -> None:
    fw = ct.Framework.from_json(big_framework(300))
    rng = np.random.default_rng(3)
    for n in (1, 7, 300):
        data = {"a": rng.integers(1, WIDTH + 1, n), "b": rng.integers(150, WIDTH + 1, n)}
        got = ct.score(data, fw)["overall"].tolist()
        assert got == [fw.overall_of([int(a), int(b)]) for a, b in zip(data["a"], data["b"])]


SCRIPT = """
import sys, numpy as np, coterminous as ct
sys.path.insert(0, {here!r})
from test_score_large_rules import big_framework
fw = ct.Framework.from_json(big_framework({rules}))
data = {{"a": np.full({rows}, 200), "b": np.full({rows}, 200)}}
print("ready", flush=True)
ct.score(data, fw)
print("done", flush=True)
"""


def _run(rules: int, rows: int, interrupt_after: float | None) -> tuple[float, int, str]:
    code = SCRIPT.format(here=os.path.dirname(__file__), rules=rules, rows=rows)
    return run_script(code, interrupt_after=interrupt_after)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a subprocess is POSIX")
@pytest.mark.parametrize("rows", [20_000, WIDTH * WIDTH])  # rules row by row; the table built
def test_ctrl_c_stops_scoring_by_many_rules(rows: int) -> None:
    rules = 1_000
    while True:
        full, code, err = _run(rules, rows, None)
        assert code == 0, err
        if full >= 1.5 or rules >= 64_000:
            break
        rules *= 2
    if full < 1.5:
        pytest.fail(f"scoring took {full:.2f} s, too short to tell")
    latency, code, err = _run(rules, rows, 0.5)
    assert "KeyboardInterrupt" in err, (code, err[-2000:])
    assert latency < full / 4, (latency, full)
