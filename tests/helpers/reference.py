"""Independent reference implementations for the tests."""

from __future__ import annotations

from pathlib import Path

THEMES = ["financial_reporting", "financial_management", "financial_standing", "internal_control", "value_for_money"]


def reference_overall(scores: tuple[int, ...] | list[int]) -> int:
    """The Audit Commission's rule for a council's overall CPA use of resources score (2005-2008), as in
    the DESIGN notes' rule table, first match wins: 4 with two or more themes scoring 4 and none below
    3; 3 with three or more themes scoring 3 or more and none below 2; 2 with three or more themes
    scoring 2 or more; 1 otherwise."""
    at_least = lambda v: sum(s >= v for s in scores)  # noqa: E731
    lowest = min(scores)
    if at_least(4) >= 2 and lowest >= 3:
        return 4
    if at_least(3) >= 3 and lowest >= 2:
        return 3
    if at_least(2) >= 3:
        return 2
    return 1


def reference_holm(p: list[float]) -> list[float]:
    """Holm's step-down adjustment of the p-values ``p``, written out from its definition."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


def read_sha256sums(path: Path) -> dict[str, str]:
    """File name -> SHA-256 from a ``sha256sum``-format file (``digest  name`` per line)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        out[name.lstrip("*")] = digest
    return out
