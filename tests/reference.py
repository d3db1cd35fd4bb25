"""Independent reference implementations for the tests."""

from __future__ import annotations

THEMES = ["financial_reporting", "financial_management", "financial_standing", "internal_control", "value_for_money"]


def reference_overall(scores: tuple[int, ...] | list[int]) -> int:
    """The Audit Commission's CPA use of resources rule, written out from DESIGN.md."""
    at_least = lambda v: sum(s >= v for s in scores)  # noqa: E731
    lowest = min(scores)
    if at_least(4) >= 2 and lowest >= 3:
        return 4
    if at_least(3) >= 3 and lowest >= 2:
        return 3
    if at_least(2) >= 3:
        return 2
    return 1
