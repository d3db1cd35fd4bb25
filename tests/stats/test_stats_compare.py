"""``compare`` over every theme of a paired table, and the NLGN 2008 statistics."""

from __future__ import annotations

import numpy as np
import pytest
from reference import reference_holm
from stats_helpers import close, scores

import coterminous as ct
from coterminous import errors

scipy_stats = pytest.importorskip("scipy.stats")


def paired_table() -> dict[str, np.ndarray]:
    cols = {}
    for i, theme in enumerate(ct.Framework.builtin("ale").themes):
        x, y = scores(20 + i, 30)
        cols[f"left_{theme}"] = x
        cols[f"right_{theme}"] = y
    return cols


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "dict"])
def test_compare_every_theme(backend: str) -> None:
    cols = paired_table()
    if backend == "pandas":
        import pandas as pd

        data = pd.DataFrame(cols)
    elif backend == "polars":
        import polars as pl

        data = pl.DataFrame(cols)
    elif backend == "pyarrow":
        import pyarrow as pa

        data = pa.table(cols)
    else:
        data = cols
    out = ct.compare(data, "ale")
    if backend == "dict":  # a dict in, a dict of numpy arrays out
        import pandas as pd

        assert isinstance(out, dict) and all(isinstance(v, np.ndarray) for v in out.values())
        rows = pd.DataFrame(
            {k: np.ma.filled(v, np.nan) if isinstance(v, np.ma.MaskedArray) else v for k, v in out.items()}
        )
    else:
        assert type(out).__module__.split(".")[0] == backend
        rows = out.to_pandas() if hasattr(out, "to_pandas") else out
    themes = ct.Framework.builtin("ale").themes
    assert list(rows.columns) == ["theme", "test", "n", "statistic", "pvalue", "adjusted_pvalue", "low", "high"]
    assert len(rows) == 15
    for test in ("sign", "wilcoxon", "cliffs_delta"):
        sub = rows[rows["test"] == test]
        assert list(sub["theme"]) == themes
        assert np.allclose(sub["adjusted_pvalue"], reference_holm(list(sub["pvalue"])), rtol=1e-15, atol=0)
    fr = rows[(rows["theme"] == themes[0]) & (rows["test"] == "wilcoxon")].iloc[0]
    ref = scipy_stats.wilcoxon(cols[f"left_{themes[0]}"], cols[f"right_{themes[0]}"])
    assert close(fr["pvalue"], float(ref.pvalue)) and close(fr["statistic"], float(ref.statistic))


def test_compare_drops_missing_pairs_and_checks_scores() -> None:
    import pandas as pd

    cols = paired_table()
    df = pd.DataFrame(cols).astype("Int64")
    df.loc[3, "left_financial_standing"] = pd.NA
    out = ct.compare(df, "ale", tests=["sign"])
    assert list(out["n"]) == [30, 30, 29, 30, 30]
    bad = pd.DataFrame(cols)
    bad.loc[4, "right_value_for_money"] = 5
    with pytest.raises(errors.ScoreError, match="right_value_for_money.*row 4"):
        ct.compare(bad, "ale")
    with pytest.raises(errors.ColumnNotFoundError, match="left_financial_reporting"):
        ct.compare(pd.DataFrame({"x": [1]}), "ale")
    with pytest.raises(ValueError, match="tests"):
        ct.compare(pd.DataFrame(cols), "ale", tests=["t-test"])


def test_compare_cliffs_options() -> None:
    import pandas as pd

    cols = pd.DataFrame(paired_table())
    theme = ct.Framework.builtin("ale").themes[1]
    x, y = cols[f"left_{theme}"], cols[f"right_{theme}"]
    for option, paired in (("paired", True), ("independent", False)):
        out = ct.compare(cols, "ale", tests=["cliffs_delta"], cliffs=option)
        row = out[out["theme"] == theme].iloc[0]
        want = ct.cliffs_delta(x, y, paired=paired)
        assert row["statistic"] == want.statistic and row["low"] == want.confidence_interval.low


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_compare_missing_values_are_nulls_and_left_out_of_holm(backend: str) -> None:
    import pandas as pd

    themes = ct.Framework.builtin("ale").themes
    cols = paired_table()
    for side in ("left", "right"):  # every difference zero in the first theme (n = 30 > 13)
        cols[f"{side}_{themes[0]}"] = np.full(30, 2)
    df = pd.DataFrame(cols).astype("Int64")
    df.loc[1:, f"left_{themes[1]}"] = pd.NA  # one complete pair left: nothing is tested
    if backend == "polars":
        import polars as pl

        data = pl.from_pandas(df)
    elif backend == "pyarrow":
        import pyarrow as pa

        data = pa.Table.from_pandas(df, preserve_index=False)
    else:
        data = df
    out = ct.compare(data, "ale")
    rows = out if backend == "pandas" else out.to_pandas()
    if backend == "pandas":
        # float64 with NaN as pandas' missing value: its nullable Float64 displays 1.2e-15 as 0.0
        assert all(out[c].dtype == np.float64 for c in ("statistic", "pvalue", "adjusted_pvalue", "low", "high"))
    elif backend == "polars":
        assert out["low"].null_count() == 10 + 1  # sign and Wilcoxon everywhere, Cliff's delta of the n = 1 theme
    else:
        assert out.column("low").null_count == 11
    assert len(rows) == 15  # no row dropped
    no_interval = rows[rows["test"] != "cliffs_delta"]
    assert no_interval["low"].isna().all() and no_interval["high"].isna().all()
    assert not np.isnan(rows[rows["test"] == "cliffs_delta"]["low"].dropna().to_numpy(dtype=float)).any()
    w = rows[rows["test"] == "wilcoxon"].reset_index(drop=True)
    assert pd.isna(w["pvalue"][0]) and pd.isna(w["adjusted_pvalue"][0]) and w["statistic"][0] == 0.0  # all zero
    assert pd.isna(w["statistic"][1]) and w["n"][1] == 1  # nothing tested
    tested = w["pvalue"][2:].to_numpy(dtype=float)
    assert np.allclose(w["adjusted_pvalue"][2:].to_numpy(dtype=float), reference_holm(list(tested)), rtol=1e-15, atol=0)
    s = rows[rows["test"] == "sign"].reset_index(drop=True)
    assert s["pvalue"][0] == 1.0 and pd.isna(s["pvalue"][1])
