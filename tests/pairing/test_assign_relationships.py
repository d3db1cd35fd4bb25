"""assign, overlap and relationships after the one-house pass (issue 15): one vocabulary, a dict
in gives a dict out, every backend, one weight rule in the core; and issue 19's regressions."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import coterminous as ct
from coterminous.errors import CoterminousValueError


def test_relationships_threshold_was_renamed_and_types_are_checked():
    import pandas as pd

    from coterminous.errors import CoterminousTypeError

    lookup = pd.DataFrame({"pct": ["A", "B"], "la": ["x", "y"], "pop": [5, 3]})
    ov = ct.overlap(lookup, left="pct", right="la", weight="pop")
    with pytest.raises(CoterminousTypeError, match="`threshold=` was renamed `min_coterminosity=` in 0.2.0"):
        ct.relationships(ov, threshold=0.9)
    for bad in ("0.9", None, True, [0.9]):
        with pytest.raises(CoterminousTypeError, match="min_coterminosity: expected a number"):
            ct.relationships(ov, min_coterminosity=bad)
    for bad in (float("nan"), 0.0, 1.5):
        with pytest.raises(CoterminousValueError, match=r"min_coterminosity: expected a number in \(0, 1\]"):
            ct.relationships(ov, min_coterminosity=bad)
    for bad in ("1", None, [1.0]):
        with pytest.raises(CoterminousTypeError, match="min_weight: expected a number"):
            ct.assign(np.eye(2), min_weight=bad)


def test_dicts_in_give_dicts_out():
    lookup = {"pct": ["A", "A", "B"], "la": ["x", "y", "y"], "pop": [30.0, 10.0, 60.0]}
    ov = ct.overlap(lookup, left="pct", right="la", weight="pop")
    assert isinstance(ov, dict)
    assert list(ov["left"]) == ["A", "A", "B"] and list(ov["weight"]) == [30.0, 10.0, 60.0]
    rel = ct.relationships(ov)
    assert isinstance(rel, dict) and list(rel) == ["side", "unit", "relationship", "partners"]
    assert list(rel["unit"]) == ["A", "B", "x", "y"]
    assert list(rel["relationship"]) == ["overlapping", "nested", "nested", "overlapping"]
    assert [list(p) for p in rel["partners"]] == [["x", "y"], ["y"], ["A"], ["B", "A"]]
    out = ct.assign(ov, weight="coterminosity")
    assert isinstance(out, dict) and list(out) == ["left", "right", "weight"]
    assert sorted(zip(out["left"], out["right"])) == [("A", "x"), ("B", "y")]
    # codes of a dict are never merged through np.asarray: 1 and True are different kinds
    with pytest.raises(ct.CoterminousTypeError, match="row 1"):
        ct.assign({"left": ["A", 1], "right": ["x", "y"], "weight": [1.0, 2.0]})


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "dict"])
def test_assign_accepts_every_backend(backend):
    out = ct.assign(np.array([[3.0, 2.0], [2.5, 0.0]]), backend=backend)
    rows = out["row"].to_pylist() if backend == "pyarrow" else list(out["row"])
    assert [int(r) for r in rows] == [0, 1]
    if backend == "dict":
        assert isinstance(out, dict) and out["weight"].dtype == np.float64


def test_weight_errors_read_the_same_from_every_kernel():
    """One rule, one message form (issue 15 item 4): overlap, assign on a matrix, a sparse
    matrix and a table all say '<where>: -0.5 is negative; weights must be 0 or more'."""
    import pandas as pd
    import pyarrow as pa

    what = "-0.5 is negative; weights must be 0 or more"
    with pytest.raises(CoterminousValueError, match=f'lookup: column "w", row 1: {what}'):
        ct.overlap(pd.DataFrame({"l": ["a", "b"], "r": ["x", "y"], "w": [1.0, -0.5]}), left="l", right="r", weight="w")
    with pytest.raises(CoterminousValueError, match=f"weights: row 0, col 1: {what}"):
        ct.assign(np.array([[1.0, -0.5]]))
    with pytest.raises(CoterminousValueError, match=f"weights: row 0, col 1: {what}"):
        ct.assign(sp.csr_array(np.array([[1.0, -0.5]])))
    with pytest.raises(CoterminousValueError, match=f'weights: column "weight", row 1: {what}'):
        ct.assign(pd.DataFrame({"left": ["a", "b"], "right": ["x", "y"], "weight": [1.0, -0.5]}))
    with pytest.raises(CoterminousValueError, match='weights: column "weight", row 0: NaN is not a weight'):
        ct.assign(pa.table({"left": ["a"], "right": ["x"], "weight": [float("nan")]}))  # NaN: a value in Arrow


def test_relationships_duplicated_column_is_a_value_error_naming_it():
    """Issue 19 item 15: an AttributeError before."""
    import pandas as pd

    ov = ct.overlap(pd.DataFrame({"l": ["a", "b"], "r": ["x", "y"]}), left="l", right="r")
    dup = pd.concat([ov, ov[["left"]]], axis=1)
    with pytest.raises(CoterminousValueError, match="overlap_table: the data has more than one column named 'left'"):
        ct.relationships(dup)
    with pytest.raises(CoterminousValueError, match="weights: the data has more than one column named 'left'"):
        ct.assign(dup, weight="coterminosity")
    import pyarrow as pa

    arrow = pa.Table.from_pandas(ov).append_column("right", pa.array(["x", "y"]))
    with pytest.raises(CoterminousValueError, match="overlap_table: the data has more than one column named 'right'"):
        ct.relationships(arrow)
