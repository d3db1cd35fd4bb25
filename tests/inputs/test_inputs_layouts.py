"""Every numpy layout a user can hand over is read correctly: record fields whose byte stride is
not a multiple of the item size, slices with steps, reversed and broadcast arrays, Fortran
order, byte-swapped and float16 arrays, masked arrays with strided masks (issue 9, items 1
and 10). References are plain numpy and brute-force Python."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coterminous as ct
from coterminous import _core

FW = ct.Framework.builtin("ale")
THEMES = FW.themes
DTYPES = ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8"]
LAYOUTS = ["contiguous", "record_after", "record_before", "step", "reversed", "reversed_step", "swapped"]


def _lay_out(values: np.ndarray, dtype: str, layout: str) -> np.ndarray:
    """``values`` (1-D) as an array of ``dtype`` in ``layout``; its elements equal ``values``."""
    n = len(values)
    if layout == "contiguous":
        return values.astype(dtype)
    if layout in ("record_after", "record_before"):
        fields = [("x", dtype), ("pad", "u1")] if layout == "record_after" else [("pad", "u1"), ("x", dtype)]
        r = np.zeros(n, fields)  # packed: the stride is the item size plus one byte
        r["pad"] = 0xFF
        r["x"] = values
        return r["x"]
    if layout == "step":
        big = np.full(3 * n, 99, dtype=dtype)
        big[::3] = values
        return big[::3]
    if layout == "reversed":
        return values[::-1].astype(dtype)[::-1]
    if layout == "reversed_step":
        big = np.full(2 * n, 99, dtype=dtype)
        big[::2] = values[::-1]
        return big[2 * n - 2 :: -2]  # a negative step of two items
    if layout == "swapped":
        return values.astype(np.dtype(dtype).newbyteorder(">" if np.little_endian else "<"))
    raise AssertionError(layout)


def _mode_low(values: list[int]) -> int:
    counts = Counter(values)
    best = max(counts.values())
    return min(v for v, c in counts.items() if c == best)


@settings(max_examples=200, deadline=None)
@given(
    dtype=st.sampled_from(DTYPES),
    layout=st.sampled_from(LAYOUTS),
    rows=st.lists(st.lists(st.integers(1, 4), min_size=5, max_size=5), min_size=1, max_size=12),
)
def test_score_and_modes_read_every_layout(dtype: str, layout: str, rows: list[list[int]]) -> None:
    m = np.array(rows, dtype=np.int64)
    cols = {t: _lay_out(m[:, j], dtype, layout) for j, t in enumerate(THEMES)}
    for t, j in zip(THEMES, range(5)):
        assert cols[t].tolist() == m[:, j].tolist()  # the layout holds the values
    out = ct.score(cols, FW)
    assert out["total"].tolist() == m.sum(axis=1).tolist()
    got = ct.modes(cols, columns=list(THEMES))
    assert [int(got[t][0]) for t in THEMES] == [_mode_low(m[:, j].tolist()) for j in range(5)]
    dist = ct.distribution({"v": cols[THEMES[0]]}, columns="v", framework=FW)
    assert dist["count"].tolist() == [int((m[:, 0] == s).sum()) for s in range(1, 5)]


@settings(max_examples=100, deadline=None)
@given(
    dtype=st.sampled_from(DTYPES),
    order=st.sampled_from(["C", "F"]),
    flip=st.sampled_from(["none", "rows", "cols", "both"]),
    rows=st.lists(st.lists(st.integers(1, 4), min_size=5, max_size=5), min_size=1, max_size=12),
)
def test_score_reads_2d_arrays_in_any_order(dtype: str, order: str, flip: str, rows: list[list[int]]) -> None:
    m = np.array(rows, dtype=np.int64)
    a = np.asarray(m, dtype=dtype, order=order)
    expected = m
    if flip in ("rows", "both"):
        a, expected = a[::-1], expected[::-1]
    if flip in ("cols", "both"):  # themes reversed: the array is given in theme order again
        a = np.asarray(a[:, ::-1], order=order)[:, ::-1]
    assert ct.score(a, FW)["total"].tolist() == expected.sum(axis=1).tolist()


def test_record_field_with_odd_stride_regression() -> None:
    # issue 9 item 1: the field's byte stride (9) is not a multiple of its item size (8)
    r = np.zeros(4, [("x", "<i8"), ("f", "u1")])
    r["x"] = [1, 2, 3, 4]
    out = ct.score({t: r["x"] for t in THEMES}, FW)
    assert out["total"].tolist() == [5, 10, 15, 20]
    assert ct.modes({"v": r["x"][[0, 1, 1, 2]]}, columns="v")["v"].tolist() == [2]
    r2 = np.zeros(5, [("x", "<i8"), ("f", "u1")])
    r2["x"] = [4, 4, 1, 4, 3]
    assert ct.modes({"v": r2["x"]}, columns="v")["v"].tolist() == [4]


def test_the_core_refuses_a_stride_it_cannot_read() -> None:
    # the binding itself never reads the wrong bytes, whoever calls it
    r = np.zeros(3, [("x", "<i8"), ("f", "u1")])
    r["x"] = [1, 2, 3]
    with pytest.raises(ct.CoterminousTypeError, match="stride of 9 bytes"):
        _core.group_counts([], [], ["x"], [r["x"]], [None], None)


def test_refused_layouts_are_read() -> None:
    # issue 9 item 10: each of these raised before
    m = np.array([[1, 2, 3, 4, 1], [2, 2, 2, 2, 2], [4, 4, 4, 4, 3]])
    df = pd.DataFrame(m, columns=THEMES)
    assert ct.score(df.iloc[::-1], FW)["total"].tolist() == [19, 10, 11]
    assert ct.score(m[:1][::-1], FW)["total"].tolist() == [11]
    assert ct.score(np.broadcast_to(m[0], (3, 5)), FW)["total"].tolist() == [11, 11, 11]
    assert ct.score(m.astype(np.float16), FW)["total"].tolist() == [11, 10, 19]
    assert ct.score(df.astype(np.float16), FW)["total"].tolist() == [11, 10, 19]
    assert ct.score({t: m[::-1, j] for j, t in enumerate(THEMES)}, FW)["total"].tolist() == [19, 10, 11]
    assert ct.score(m.astype(">i4"), FW)["total"].tolist() == [11, 10, 19]
    masked = np.ma.MaskedArray(np.array([1, 9, 3, 9, 3, 9]), mask=[0, 0, 1, 0, 0, 0])[::2]
    assert ct.modes({"v": masked}, columns="v")["v"].tolist() == [1]  # the 3 at row 1 is masked
    grouped = ct.modes({"k": np.array([2, 1, 2])[::-1], "v": np.array([1, 3, 1])}, by="k", columns="v")
    assert grouped["v"].tolist() == [1, 3]


def test_the_callers_arrays_are_not_modified() -> None:
    m = np.array([[1, 2, 3, 4, 1], [2, 2, 2, 2, 2]], dtype=">f2")
    before = m.copy()
    ct.score(m[::-1], FW)
    assert m.dtype == np.dtype(">f2") and (m == before).all()


ARROW_LAYOUTS = ["pyarrow", "pyarrow_sliced", "pyarrow_chunked", "polars", "polars_sliced", "pandas_arrow", "pandas"]


def _table(kind: str, columns: dict[str, list[int | None]], dtype: str) -> object:
    """``columns`` (None = missing) as a table of ``kind``, sliced or chunked as named."""
    import polars as pl
    import pyarrow as pa

    n = len(next(iter(columns.values())))
    pad = {k: [1, None, 4] + v + [2, 3] for k, v in columns.items()}  # rows around the slice
    pa_type = pa.from_numpy_dtype(np.dtype(dtype))
    if kind == "pyarrow":
        return pa.table({k: pa.array(v, pa_type) for k, v in columns.items()})
    if kind == "pyarrow_sliced":
        return pa.table({k: pa.array(v, pa_type) for k, v in pad.items()}).slice(3, n)
    if kind == "pyarrow_chunked":
        cut = n // 2
        return pa.table({k: pa.chunked_array([v[:cut], v[cut:]], pa_type) for k, v in columns.items()})
    pl_type = pl.from_numpy(np.zeros(1, dtype)).to_series().dtype
    if kind == "polars":
        return pl.DataFrame({k: pl.Series(v, dtype=pl_type) for k, v in columns.items()})
    if kind == "polars_sliced":
        return pl.DataFrame({k: pl.Series(v, dtype=pl_type) for k, v in pad.items()}).slice(3, n)
    if kind == "pandas_arrow":
        return pd.DataFrame(
            {k: pd.Series(pa.array(v, pa_type), dtype=pd.ArrowDtype(pa_type)) for k, v in columns.items()}
        )
    nullable = {"i": "Int", "u": "UInt", "f": "Float"}[np.dtype(dtype).kind] + str(8 * np.dtype(dtype).itemsize)
    return pd.DataFrame({k: pd.array(v, dtype=nullable) for k, v in columns.items()})


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(ARROW_LAYOUTS),
    dtype=st.sampled_from(["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8"]),
    rows=st.lists(st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=5, max_size=5), min_size=1, max_size=12),
)
def test_score_reads_arrow_tables_sliced_and_chunked(kind: str, dtype: str, rows: list[list[int | None]]) -> None:
    columns = {t: [r[j] for r in rows] for j, t in enumerate(THEMES)}
    data = _table(kind, columns, dtype)
    out = ct.score(data, FW, missing="propagate")
    total = out["total"]
    got = total.to_pylist() if hasattr(total, "to_pylist") else total.to_list()
    got = [None if g is None or g is pd.NA else int(g) for g in got]
    assert got == [None if None in r else sum(v for v in r if v is not None) for r in rows]
