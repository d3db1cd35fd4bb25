"""Tests of ct.assign (exact maximum-weight matching), ct.overlap and ct.relationships."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

import coterminous as ct
from coterminous.errors import ColumnNotFoundError, CoterminousValueError

# ---------------------------------------------------------------- references


def scipy_best_total(w: np.ndarray) -> float:
    """Maximum-weight matching total by scipy: each row may take its own dummy column."""
    n, m = w.shape
    if n == 0 or m == 0 or not (w > 0).any():
        return 0.0
    big = float(w.max()) + 1.0
    cost = np.full((n, m + n), np.inf)
    cost[:, :m] = np.where(w > 0, big - w, np.inf)
    cost[np.arange(n), m + np.arange(n)] = big
    # linear_sum_assignment takes inf as forbidden
    r, c = linear_sum_assignment(cost)
    real = c < m
    return float(w[r[real], c[real]].sum())


def scipy_sparse_total(w: sp.csr_array) -> float:
    """The same with min_weight_full_bipartite_matching on the augmented sparse matrix."""
    n, m = w.shape
    coo = w.tocoo()
    keep = coo.data > 0
    if not keep.any():
        return 0.0
    big = float(coo.data.max()) + 1.0
    rows = np.concatenate([coo.row[keep], np.arange(n)])
    cols = np.concatenate([coo.col[keep], m + np.arange(n)])
    data = np.concatenate([big - coo.data[keep], np.full(n, big)])
    aug = sp.csr_array((data, (rows, cols)), shape=(n, m + n))
    r, c = min_weight_full_bipartite_matching(aug)
    real = c < m
    return float(w[r[real], c[real]].sum()) if real.any() else 0.0


def brute_total(w: np.ndarray) -> float:
    n, m = w.shape
    best = 0.0
    # choose, for each row, a column or None
    for choice in itertools.product(*[[None] + [j for j in range(m) if w[i, j] > 0] for i in range(n)]):
        used = [c for c in choice if c is not None]
        if len(used) != len(set(used)):
            continue
        best = max(best, sum(w[i, c] for i, c in enumerate(choice) if c is not None))
    return best


def check_matching(out, w: np.ndarray) -> float:
    rows, cols, weights = out["row"].to_numpy(), out["col"].to_numpy(), out["weight"].to_numpy()
    assert len(set(rows.tolist())) == len(rows)
    assert len(set(cols.tolist())) == len(cols)
    assert (np.diff(rows) > 0).all()
    np.testing.assert_array_equal(weights, w[rows, cols])
    assert (weights > 0).all()
    return float(weights.sum())


def random_graph(rng: np.random.Generator, n: int, m: int, edges: int, blocks: int = 1, integer: bool = False) -> np.ndarray:
    """A random sparse weight matrix, made of `blocks` disconnected diagonal blocks."""
    w = np.zeros((n, m))
    rb = np.array_split(np.arange(n), blocks)
    cb = np.array_split(np.arange(m), blocks)
    for rr, cc in zip(rb, cb):
        if len(rr) == 0 or len(cc) == 0:
            continue
        k = max(1, edges // blocks)
        i = rng.choice(rr, k)
        j = rng.choice(cc, k)
        w[i, j] = rng.integers(1, 20, k) if integer else rng.uniform(0.01, 1.0, k)
    return w


# ---------------------------------------------------------------- assign


def test_assign_doc_example_prefers_the_larger_total():
    out = ct.assign(np.array([[3.0, 2.0], [2.5, 0.0]]))
    assert out["row"].tolist() == [0, 1]
    assert out["col"].tolist() == [1, 0]
    assert out["weight"].tolist() == [2.0, 2.5]


@pytest.mark.parametrize("seed", range(12))
def test_assign_matches_scipy_on_random_rectangular_sparse_graphs(seed):
    rng = np.random.default_rng(seed)
    n, m = rng.integers(1, 60, 2)
    blocks = int(rng.integers(1, 6))
    w = random_graph(rng, int(n), int(m), int(rng.integers(1, 3 * (n + m))), blocks, integer=bool(seed % 2))
    dense = ct.assign(w)
    total = check_matching(dense, w)
    assert total == pytest.approx(scipy_best_total(w), rel=1e-12, abs=1e-12)
    assert total == pytest.approx(scipy_sparse_total(sp.csr_array(w)), rel=1e-12, abs=1e-12)
    for matrix in (sp.csr_matrix(w), sp.coo_array(w), sp.csc_array(w)):
        out = ct.assign(matrix)
        assert check_matching(out, w) == pytest.approx(total, rel=1e-12)


def test_assign_large_sparse_graph_matches_scipy():
    rng = np.random.default_rng(42)
    n, m, k = 800, 600, 2400
    i, j = rng.integers(0, n, k), rng.integers(0, m, k)
    w = sp.csr_array((rng.uniform(0.0, 1.0, k), (i, j)), shape=(n, m))
    out = ct.assign(w)
    dense = w.toarray()
    assert check_matching(out, dense) == pytest.approx(scipy_sparse_total(w), rel=1e-10)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_assign_matches_brute_force_on_tiny_graphs(n, m, data):
    values = data.draw(st.lists(st.sampled_from([0.0, 0.0, 1.0, 2.0, 3.5, 7.0]), min_size=n * m, max_size=n * m))
    w = np.array(values).reshape(n, m)
    assert check_matching(ct.assign(w), w) == pytest.approx(brute_total(w))


def test_assign_min_weight_and_zero_edges():
    w = np.array([[0.0, 0.3], [0.9, 0.0]])
    assert ct.assign(w)["col"].tolist() == [1, 0]
    out = ct.assign(w, min_weight=0.5)
    assert out["row"].tolist() == [1] and out["col"].tolist() == [0]
    assert len(ct.assign(np.zeros((3, 2)))) == 0
    assert len(ct.assign(np.zeros((0, 2)))) == 0


def test_assign_explicit_sparse_zeros_are_never_assigned():
    w = sp.csr_array((np.array([0.0, 1.0]), (np.array([0, 1]), np.array([0, 0]))), shape=(2, 2))
    out = ct.assign(w)
    assert out["row"].tolist() == [1]


@pytest.mark.parametrize(
    "bad, where, what",
    [(-1.0, "row 1, col 2", "negative"), (np.nan, "row 1, col 2", "NaN"), (np.inf, "row 1, col 2", "infinite")],
)
def test_assign_bad_weights_name_row_and_col(bad, where, what):
    w = np.ones((2, 3))
    w[1, 2] = bad
    for arg in (w, sp.csr_array(w)):
        with pytest.raises(CoterminousValueError, match=where) as e:
            ct.assign(arg)
        assert what in str(e.value) and "weights" in str(e.value)
        assert isinstance(e.value, ValueError)


def test_assign_does_not_modify_input_and_backends():
    w = sp.coo_array(([1.0, 2.0, 2.5], ([0, 0, 0], [1, 1, 0])), shape=(1, 2))  # duplicates summed
    before = (w.data.copy(), w.row.copy())
    out = ct.assign(w, backend="pyarrow")
    assert out.column_names == ["row", "col", "weight"]
    assert out.column("col").to_pylist() == [1] and out.column("weight").to_pylist() == [3.0]
    np.testing.assert_array_equal(w.data, before[0])
    np.testing.assert_array_equal(w.row, before[1])
    pl_out = ct.assign([[1, 0], [0, 2]], backend="polars")
    assert pl_out["weight"].to_list() == [1.0, 2.0]
    with pytest.raises(CoterminousValueError, match="backend"):
        ct.assign(w, backend="nope")


def test_assign_overlap_table():
    import pandas as pd
    import polars as pl

    ov = pd.DataFrame(
        {
            "left": ["A", "A", "B", "C"],
            "right": ["x", "y", "x", "z"],
            "weight": [10.0, 5.0, 1.0, 3.0],
            "coterminosity": [0.6, 0.9, 0.4, 1.0],
        }
    )
    out = ct.assign(ov, weight="coterminosity")
    assert list(out.columns) == ["left", "right", "weight"]
    assert sorted(zip(out["left"], out["right"], out["weight"])) == [("A", "y", 0.9), ("B", "x", 0.4), ("C", "z", 1.0)]
    out = ct.assign(pl.from_pandas(ov))  # weight column by default
    assert sorted(zip(out["left"], out["right"])) == [("A", "x"), ("C", "z")]
    with pytest.raises(ColumnNotFoundError, match="share"):
        ct.assign(ov, weight="share")
    bad = ov.assign(coterminosity=[0.6, -0.1, 0.4, 1.0])
    with pytest.raises(CoterminousValueError, match="column 'coterminosity', row 1"):
        ct.assign(bad, weight="coterminosity")
