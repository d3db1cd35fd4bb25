"""Tests of ct.assign (exact maximum-weight matching), ct.overlap and ct.relationships."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from pairing_references import random_lookup, scipy_best_total
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

import coterminous as ct
from coterminous.errors import ColumnNotFoundError, CoterminousValueError

# ---------------------------------------------------------------- references


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


def random_graph(
    rng: np.random.Generator, n: int, m: int, edges: int, blocks: int = 1, integer: bool = False
) -> np.ndarray:
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


def test_assign_bad_shapes_and_types_are_coterminous_errors():
    from coterminous.errors import CoterminousTypeError

    with pytest.raises(CoterminousValueError, match="weights: row 1 has 1 entries but row 0 has 2"):
        ct.assign([[1, 2], [3]])
    # complex numbers are not weights, dense or sparse (no silent loss of the imaginary part)
    with pytest.raises(CoterminousTypeError, match="weights: expected numbers.*complex"):
        ct.assign(np.array([[1 + 2j, 0], [0, 3]]))
    with pytest.raises(CoterminousTypeError, match="weights: expected numbers.*complex"):
        ct.assign(sp.csr_array(np.array([[1 + 2j, 0], [0, 3]])))
    # booleans neither way
    with pytest.raises(CoterminousTypeError, match="weights: expected numbers.*bool"):
        ct.assign(np.array([[True, False], [False, True]]))
    with pytest.raises(CoterminousTypeError, match="weights: expected numbers.*bool"):
        ct.assign(sp.csr_array(np.array([[True, False], [False, True]])))


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
    missing = ov.assign(coterminosity=[0.6, np.nan, 0.4, 1.0])
    assert sorted(zip(ct.assign(missing, weight="coterminosity")["left"])) == [("A",), ("C",)]
    bad = ov.assign(coterminosity=[0.6, -0.1, 0.4, 1.0])
    with pytest.raises(CoterminousValueError, match='column "coterminosity", row 1'):
        ct.assign(bad, weight="coterminosity")


# ---------------------------------------------------------------- overlap


def reference_overlap(df, weight="pop"):
    """The overlap table by pandas groupby."""
    g = df.groupby(["pct", "la"], sort=True).agg(weight=(weight, "sum") if weight else ("pct", "size")).reset_index()
    lt = g.groupby("pct")["weight"].transform("sum")
    rt = g.groupby("la")["weight"].transform("sum")
    g["left_share"] = g["weight"] / lt
    g["right_share"] = g["weight"] / rt
    g["coterminosity"] = np.minimum(g["left_share"], g["right_share"])
    return g.rename(columns={"pct": "left", "la": "right"})


def assert_same_overlap(out, ref):
    import pandas as pd

    out = out if isinstance(out, pd.DataFrame) else out.to_pandas()
    assert list(out.columns) == ["left", "right", "weight", "left_share", "right_share", "coterminosity"]
    assert out["left"].tolist() == ref["left"].tolist()
    assert out["right"].tolist() == ref["right"].tolist()
    for c in ("weight", "left_share", "right_share", "coterminosity"):
        np.testing.assert_allclose(out[c].to_numpy(dtype=float), ref[c].to_numpy(dtype=float), rtol=1e-12)


@pytest.mark.parametrize("int_codes", [False, True])
def test_overlap_matches_pandas_groupby(int_codes):
    df = random_lookup(1, int_codes=int_codes)
    before = df.copy()
    out = ct.overlap(df, left="pct", right="la", weight="pop")
    assert_same_overlap(out, reference_overlap(df))
    assert df.equals(before)


def test_overlap_polars_pyarrow_and_streams_agree():
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    df = random_lookup(2, n=200_000)  # several chunks of the parallel count
    ref = reference_overlap(df)
    pdf = pl.from_pandas(df)
    out = ct.overlap(pdf, left="pct", right="la", weight="pop")
    assert isinstance(out, pl.DataFrame)
    assert_same_overlap(out, ref)
    # polars' own group_by as a second reference
    g = pdf.group_by("pct", "la").agg(pl.col("pop").sum().alias("weight")).sort("pct", "la")
    np.testing.assert_allclose(out["weight"].to_numpy(), g["weight"].to_numpy(), rtol=1e-12)
    table = pa.Table.from_pandas(df, preserve_index=False)
    for variant in (
        table,
        table.cast(pa.schema([("pct", pa.large_string()), ("la", pa.large_string()), ("pop", pa.float64())])),
        table.cast(pa.schema([("pct", pa.string_view()), ("la", pa.string_view()), ("pop", pa.float32())])),
        pa.table({"pct": pa.array(df["pct"]).dictionary_encode(), "la": df["la"].tolist(), "pop": df["pop"]}),
    ):
        res = ct.overlap(variant, left="pct", right="la", weight="pop")
        assert isinstance(res, pa.Table)
        ok = reference_overlap(
            pd.DataFrame({"pct": df["pct"], "la": df["la"], "pop": variant.column("pop").to_numpy().astype(np.float64)})
        )
        assert_same_overlap(res, ok)
    # a reader of small batches, consumed batch by batch
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=7_777))
    assert_same_overlap(ct.overlap(reader, left="pct", right="la", weight="pop"), ref)


def test_overlap_counts_rows_without_weight():
    df = random_lookup(3)
    out = ct.overlap(df, left="pct", right="la")
    ref = reference_overlap(df, weight=None)
    assert out["weight"].dtype == np.int64
    assert_same_overlap(out, ref)


def test_overlap_generic_arrow_stream_object():
    import pyarrow as pa

    class Stream:
        def __init__(self, table):
            self.table = table

        def __arrow_c_stream__(self, requested_schema=None):
            return self.table.__arrow_c_stream__(requested_schema)

    df = random_lookup(4, n=300)
    out = ct.overlap(Stream(pa.Table.from_pandas(df)), left="pct", right="la", weight="pop")
    assert_same_overlap(out, reference_overlap(df))


def test_overlap_zero_total_gives_missing_share():
    import pandas as pd

    df = pd.DataFrame({"l": ["A", "B"], "r": ["x", "x"], "w": [0.0, 2.0]})
    out = ct.overlap(df, left="l", right="r", weight="w")
    assert out["left_share"].isna().tolist() == [True, False]
    assert out["right_share"].tolist() == [0.0, 1.0]


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("pop", -1.0, 'lookup: column "pop", row 3: -1.0 is negative'),
        ("pop", np.nan, 'lookup: column "pop", row 3'),
        ("pop", np.inf, 'lookup: column "pop", row 3: inf is infinite'),
        ("la", None, 'lookup: column "la", row 3: missing code'),
    ],
)
def test_overlap_bad_rows_name_column_and_row(column, value, message):
    import polars as pl

    df = random_lookup(5, n=10)
    df[column] = df[column].astype(object) if value is None else df[column]
    df.loc[3, column] = value
    for data in (df, pl.from_pandas(df)):
        with pytest.raises(CoterminousValueError, match=message.replace("(", r"\(")):
            ct.overlap(data, left="pct", right="la", weight="pop")


def test_overlap_mixed_object_column_names_column_and_row():
    import pandas as pd

    from coterminous.errors import CoterminousTypeError

    df = pd.DataFrame({"l": ["a", None, 1], "r": ["x", "y", "y"]})
    with pytest.raises(CoterminousTypeError, match="lookup: column 'l', row 2: 1 is of type int.*type str"):
        ct.overlap(df, left="l", right="r")
    df = pd.DataFrame({"l": ["a", "b"], "r": ["x", "y"], "w": [1.5, "many"]})
    with pytest.raises(
        CoterminousTypeError, match="lookup: column 'w', row 1: 'many' is of type str.*weights must be numbers"
    ):
        ct.overlap(df, left="l", right="r", weight="w")


def test_overlap_dictionary_with_an_unused_null_entry():
    import pyarrow as pa

    d = pa.DictionaryArray.from_arrays(pa.array([0, 0, 2], pa.int32()), pa.array(["A", None, "B"]))
    out = ct.overlap(pa.table({"l": d, "r": ["x", "y", "x"]}), left="l", right="r").to_pydict()
    assert out["left"] == ["A", "A", "B"] and out["right"] == ["x", "y", "x"] and out["weight"] == [1, 1, 1]
    # a row that uses the null entry is a missing code on that row
    d = pa.DictionaryArray.from_arrays(pa.array([0, 2, 1], pa.int32()), pa.array(["A", None, "B"]))
    with pytest.raises(CoterminousValueError, match='column "l", row 2: missing code'):
        ct.overlap(pa.table({"l": d, "r": ["x", "y", "x"]}), left="l", right="r")
    # unused entries of a dictionary are no units of the result
    d = pa.DictionaryArray.from_arrays(pa.array([1, 1], pa.int8()), pa.array([7, 8, 9]))
    out = ct.overlap(pa.table({"l": d, "r": ["x", "y"]}), left="l", right="r")
    assert out.column("left").to_pylist() == [8, 8]
    # int codes on the left, str on the right: one Arrow column cannot hold both (issue 9 item 6)
    with pytest.raises(ct.CoterminousTypeError, match="left codes are of type int"):
        ct.relationships(out)


def test_overlap_missing_column_is_a_key_error():
    import pyarrow as pa

    df = random_lookup(6, n=10)
    with pytest.raises(ColumnNotFoundError, match="population"):
        ct.overlap(df, left="pct", right="la", weight="population")
    with pytest.raises(KeyError, match='"lad"'):
        reader = pa.RecordBatchReader.from_batches(
            pa.Table.from_pandas(df).schema, pa.Table.from_pandas(df).to_batches()
        )
        ct.overlap(reader, left="pct", right="lad")


# ---------------------------------------------------------------- relationships


def reference_relationships(ov, t):
    """Straight from the issue's definitions, row by row in Python."""
    out = {}
    rows = list(zip(ov["left"], ov["right"], ov["left_share"], ov["right_share"]))
    for side in ("left", "right"):
        units = sorted({r[0] if side == "left" else r[1] for r in rows})
        for u in units:
            mine = [
                (p, s_u, s_p)
                for (lu, r, ls, rs) in rows
                for (own, p, s_u, s_p) in [((lu, r, ls, rs) if side == "left" else (r, lu, rs, ls))]
                if own == u
            ]
            # partners share weight with the unit: a zero-weight row (shares 0 or NaN) is none
            mine = [m for m in mine if m[1] > 0 or m[2] > 0]
            if not mine:  # a unit of total weight 0
                out[(side, u)] = ("overlapping", [])
                continue
            if any(s_u >= t and s_p >= t for _, s_u, s_p in mine):
                rel = "coterminous"
            elif any(s_u >= t for _, s_u, _ in mine):
                rel = "nested"
            elif all(s_p >= t for _, _, s_p in mine):
                rel = "split"
            else:
                rel = "overlapping"
            partners = [p for p, _, _ in sorted(mine, key=lambda x: (-x[1], x[0]))]
            out[(side, u)] = (rel, partners)
    return out


@pytest.mark.parametrize("threshold", [0.95, 0.8, 0.5])
def test_relationships_match_the_definitions(threshold):
    import polars as pl

    df = random_lookup(7, n=2000, nl=30, nr=25)
    # make a few exact relationships: a coterminous pair, a split unit
    extra = df.iloc[:0]
    ov = ct.overlap(pl.concat([pl.from_pandas(df), pl.from_pandas(extra)]), left="pct", right="la", weight="pop")
    rel = ct.relationships(ov, min_coterminosity=threshold)
    ref = reference_relationships(ov.to_pandas(), threshold)
    got = {(s, u): (r, list(p)) for s, u, r, p in rel.iter_rows()}
    assert got == ref


def test_relationships_on_a_known_geography():
    import pandas as pd

    lookup = pd.DataFrame(
        {
            # PCT P1 = council C1; PCT P2 split into C2 and C3; PCT P3 nested in C4 with P4
            "pct": ["P1", "P1", "P2", "P2", "P3", "P4"],
            "la": ["C1", "C1", "C2", "C3", "C4", "C4"],
            "pop": [10, 20, 5, 7, 4, 6],
        }
    )
    rel = ct.relationships(ct.overlap(lookup, left="pct", right="la", weight="pop"))
    got = dict(zip(zip(rel["side"], rel["unit"]), rel["relationship"]))
    assert got == {
        ("left", "P1"): "coterminous",
        ("left", "P2"): "split",
        ("left", "P3"): "nested",
        ("left", "P4"): "nested",
        ("right", "C1"): "coterminous",
        ("right", "C2"): "nested",
        ("right", "C3"): "nested",
        ("right", "C4"): "split",
    }
    assert rel["partners"].tolist()[1] == ["C3", "C2"]
    with pytest.raises(CoterminousValueError, match="min_coterminosity"):
        ct.relationships(ct.overlap(lookup, left="pct", right="la"), min_coterminosity=1.5)


def test_relationships_ignore_zero_weight_rows():
    import pandas as pd

    lk = pd.DataFrame({"pct": ["P", "P", "P", "Q"], "la": ["x", "y", "z", "z"], "pop": [50, 50, 0, 100]})
    rel = ct.relationships(ct.overlap(lk, left="pct", right="la", weight="pop"))
    got = {(s, u): (r, list(p)) for s, u, r, p in rel.itertuples(index=False)}
    assert got == {
        ("left", "P"): ("split", ["x", "y"]),
        ("left", "Q"): ("coterminous", ["z"]),
        ("right", "x"): ("nested", ["P"]),
        ("right", "y"): ("nested", ["P"]),
        ("right", "z"): ("coterminous", ["Q"]),
    }


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C", "D"]),
            st.sampled_from(["w", "x", "y", "z"]),
            st.sampled_from([0, 0, 1, 2, 5, 10, 100]),
        ),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from([0.95, 0.5, 1.0]),
)
def test_relationships_with_zero_weights_match_the_reference(rows, threshold):
    import pandas as pd

    lk = pd.DataFrame(rows, columns=["pct", "la", "pop"])
    ov = ct.overlap(lk, left="pct", right="la", weight="pop")
    rel = ct.relationships(ov, min_coterminosity=threshold)
    got = {(s, u): (r, list(p)) for s, u, r, p in rel.itertuples(index=False)}
    ref = reference_relationships(ov.astype({"left_share": float, "right_share": float}), threshold)  # NA -> NaN
    assert got == ref
    # independently of the shares: the partners are exactly the pairs of positive total weight
    sums: dict = {}
    for lu, r, w in rows:
        sums[(lu, r)] = sums.get((lu, r), 0) + w
    for (side, u), (_, partners) in got.items():
        want = {
            r if side == "left" else lu for (lu, r), w in sums.items() if w > 0 and (lu if side == "left" else r) == u
        }
        assert set(partners) == want


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "Ç", "dd", "", "long code over twelve bytes"]),
            st.integers(0, 4),
            st.floats(0, 1e6),
        ),
        min_size=1,
        max_size=60,
    ),
    st.integers(1, 7),
)
def test_overlap_property_matches_python_sums(rows, batch):
    import pyarrow as pa

    table = pa.table(
        {
            "l": pa.array([r[0] for r in rows], pa.string_view()),
            "r": pa.array([r[1] for r in rows], pa.int16()),
            "w": pa.array([r[2] for r in rows], pa.float64()),
        }
    )
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=batch))
    out = ct.overlap(reader, left="l", right="r", weight="w").to_pydict()
    sums: dict = {}
    for lu, r, w in rows:
        sums[(lu, r)] = sums.get((lu, r), 0.0) + w
    keys = sorted(sums, key=lambda k: (k[0].encode(), k[1]))
    assert list(zip(out["left"], out["right"])) == keys
    np.testing.assert_allclose(out["weight"], [sums[k] for k in keys], rtol=1e-12)
    lt: dict = {}
    for (lu, _), w in sums.items():
        lt[lu] = lt.get(lu, 0.0) + w
    for (lu, r), share in zip(keys, out["left_share"]):
        if lt[lu] == 0:
            assert share is None
        else:
            assert share == pytest.approx(sums[(lu, r)] / lt[lu], rel=1e-12)


def test_overlap_rows_are_counted_across_batches_and_producer_errors_surface():
    import pyarrow as pa

    w = [1.0] * 10
    w[7] = -2.0
    table = pa.table({"l": ["a"] * 10, "r": ["x"] * 10, "w": w})
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=3))
    with pytest.raises(CoterminousValueError, match='column "w", row 7: -2.0 is negative'):
        ct.overlap(reader, left="l", right="r", weight="w")

    def failing():
        yield table.to_batches()[0]
        raise RuntimeError("boom in producer")

    reader = pa.RecordBatchReader.from_batches(table.schema, failing())
    with pytest.raises(CoterminousValueError, match="boom in producer"):
        ct.overlap(reader, left="l", right="r")


def test_overlap_sums_do_not_depend_on_the_thread_count():
    import subprocess
    import sys

    code = (
        "import numpy as np, pyarrow as pa, coterminous as ct\n"
        "rng = np.random.default_rng(5); n = 300_000\n"
        "t = pa.table({'l': rng.integers(0, 50, n), 'r': rng.integers(0, 60, n), 'w': rng.uniform(0, 1e3, n)})\n"
        "print(ct.overlap(t, left='l', right='r', weight='w').column('weight').to_numpy().tobytes().hex())\n"
    )
    outs = set()
    for threads in ("1", "2", "3"):
        env = {**__import__("os").environ, "RAYON_NUM_THREADS": threads}
        outs.add(
            subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
        )
    assert len(outs) == 1


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow", "dict"])
def test_overlap_carries_names_beside_codes(kind: str) -> None:
    """Issue 16 item 4: names= adds left_name and right_name (missing where the mapping lacks
    a code), checked row by row against the mapping; without names= the table is unchanged."""
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    data = {"pct": ["A", "A", "B", "C"], "la": ["x", "y", "y", "y"], "pop": [30, 10, 60, 5]}
    lookup = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.table, "dict": dict}[kind](data)
    names = {"A": "Bexley PCT", "B": "Kent PCT", "x": "Bexley", "y": "Kent"}  # no name for C
    plain = ct.overlap(lookup, left="pct", right="la", weight="pop")
    named = ct.overlap(lookup, left="pct", right="la", weight="pop", names=names)
    as_dict = {
        "pandas": lambda t: {k: [None if v is None or v != v else v for v in t[k].tolist()] for k in t.columns},
        "polars": lambda t: t.to_dict(as_series=False),
        "pyarrow": lambda t: t.to_pydict(),
        "dict": lambda t: {k: (v.tolist() if hasattr(v, "tolist") else list(v)) for k, v in t.items()},
    }[kind]
    p, n = as_dict(plain), as_dict(named)
    assert list(n)[: len(p)] == list(p) and list(n)[len(p) :] == ["left_name", "right_name"]
    assert {k: n[k] for k in p} == p
    assert n["left_name"] == [names.get(c) for c in p["left"]]
    assert n["right_name"] == [names.get(c) for c in p["right"]]
    with pytest.raises(ct.CoterminousTypeError, match="names: expected a mapping"):
        ct.overlap(lookup, left="pct", right="la", names=["A"])  # type: ignore[arg-type]
