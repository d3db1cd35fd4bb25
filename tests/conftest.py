from __future__ import annotations

import itertools
import os

import numpy as np
import pytest
from hypothesis import settings


@pytest.fixture(scope="session")
def all_combinations() -> np.ndarray:
    return np.array(list(itertools.product(range(1, 5), repeat=5)), dtype=np.int8)


# Hypothesis profiles. CI runs the bounded counts written on each test (or hypothesis's
# default of 100). `tools/fuzz.py` sets COTERMINOUS_FUZZ_EXAMPLES: the "fuzz" profile then
# runs that many examples per test without a count of its own, and every test whose own
# count is lower is raised to it, so the long campaign reaches every property.
_FUZZ_EXAMPLES = int(os.environ.get("COTERMINOUS_FUZZ_EXAMPLES", "0") or 0)
settings.register_profile("fuzz", max_examples=max(_FUZZ_EXAMPLES, 1), deadline=None, print_blob=True)
if _FUZZ_EXAMPLES > 0:
    settings.load_profile("fuzz")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under the fuzz profile, raise the example count written on each hypothesis test."""
    if _FUZZ_EXAMPLES <= 0:
        return
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is not None and own.max_examples < _FUZZ_EXAMPLES:
            test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
                own, max_examples=_FUZZ_EXAMPLES, deadline=None
            )
