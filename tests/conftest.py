from __future__ import annotations

import itertools

import numpy as np
import pytest


@pytest.fixture(scope="session")
def all_combinations() -> np.ndarray:
    return np.array(list(itertools.product(range(1, 5), repeat=5)), dtype=np.int8)
