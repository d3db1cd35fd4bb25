"""Errors that say the fix: a path passed as data, scores read as text, a missing theme
column, and "did you mean ..." for columns, frameworks and option values."""

from __future__ import annotations

import io
import pathlib

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import coterminous as ct
from coterminous import _hints

ALE = "ale"
THEMES = ct.Framework.builtin(ALE).themes


def _csv(missing: str) -> str:
    """A CSV of ALE scores whose second row has ``missing`` for the first theme."""
    rows = ["id," + ",".join(THEMES), "1," + ",".join(["3"] * len(THEMES))]
    rows.append(f"2,{missing}," + ",".join(["2"] * (len(THEMES) - 1)))
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("path", ["scores.csv", pathlib.Path("data") / "scores.csv"])
def test_a_path_as_data_suggests_reading_it(path):
    with pytest.raises(ct.CoterminousTypeError) as e:
        ct.score(path, ALE)
    msg = str(e.value)
    shown = repr(str(path))
    assert msg.startswith(f"data: got the path {shown}, not a table"), msg
    assert f"pd.read_csv({shown})" in msg and f"pl.read_csv({shown})" in msg, msg
    assert "ct.datasets.load(name)" in msg, msg
    assert isinstance(e.value, TypeError)


def test_other_types_keep_the_plain_type_error():
    with pytest.raises(ct.CoterminousTypeError, match="expected a pandas") as e:
        ct.score(42, ALE)
    assert "read_csv" not in str(e.value)


def test_polars_text_scores_name_the_cell_and_null_values():
    df = pl.read_csv(io.StringIO(_csv("n/a")))
    assert df.schema[THEMES[0]] == pl.String  # polars reads "n/a" as text
    with pytest.raises(ct.ScoreError) as e:
        ct.score(df, ALE)
    msg = str(e.value)
    assert f"data: column {THEMES[0]!r}, row 1: 'n/a' is not an integer score" in msg, msg
    assert "null_values=['n/a']" in msg and "na_values=['n/a']" in msg, msg
    assert "cast(" in msg, msg
    # the advice works: read with null_values, the column is numeric and scores
    fixed = pl.read_csv(io.StringIO(_csv("n/a")), null_values=["n/a"])
    assert ct.score(fixed, ALE, missing="propagate")["total"].to_list() == [15, None]


@pytest.mark.parametrize("backend", ["numpy", "pyarrow"])
def test_pandas_text_scores_name_the_cell_and_na_values(backend):
    df = pd.read_csv(io.StringIO(_csv("-")), dtype_backend="numpy_nullable" if backend == "numpy" else "pyarrow")
    with pytest.raises(ct.ScoreError) as e:
        ct.score(df, ALE)
    msg = str(e.value)
    assert f"column {THEMES[0]!r}, row 1: '-' is not an integer score" in msg, msg
    assert "na_values=['-']" in msg, msg
    fixed = pd.read_csv(io.StringIO(_csv("-")), na_values=["-"])
    assert ct.score(fixed, ALE, missing="propagate")["total"].isna().tolist() == [False, True]


def test_pyarrow_text_scores_name_the_cell():
    t = pa.table({th: pa.array(["3", "2", "missing"] if i == 2 else ["3", "2", "1"]) for i, th in enumerate(THEMES)})
    with pytest.raises(ct.ScoreError) as e:
        ct.score(t, ALE)
    msg = str(e.value)
    # numbers as text alone: the first text cell is named, with the cast
    assert f"column {THEMES[0]!r}, row 0: '3' is not an integer score" in msg, msg
    assert "holds numbers as text: cast it first" in msg, msg
    t = t.set_column(0, THEMES[0], pa.array(["3", "missing", "1"]))
    msg = str(pytest.raises(ct.ScoreError, ct.score, t, ALE).value)
    assert "row 1: 'missing' is not an integer score (the column's type is string: " in msg, msg
    assert "it was read as text, from row 0: '3')" in msg, msg
    assert "null_values=['missing']" in msg, msg


def test_a_missing_theme_column_suggests_columns_and_the_closest_name():
    df = pd.DataFrame({th.upper() if i == 1 else th: [3] for i, th in enumerate(THEMES)})
    with pytest.raises(ct.ColumnNotFoundError) as e:
        ct.score(df, ALE)
    msg = e.value.args[0]
    wanted = THEMES[1]
    assert msg.startswith(f"data: column {wanted!r} is not in the data; its columns are"), msg
    assert f"did you mean {wanted.upper()!r}?" in msg, msg
    assert f"pass columns={{{wanted!r}: {wanted.upper()!r}}}" in msg, msg
    # and the advice works
    out = ct.score(df, ALE, columns={wanted: wanted.upper()})
    assert out["total"].tolist() == [3 * len(THEMES)]


def test_a_missing_theme_column_without_a_close_name():
    df = pd.DataFrame({"zzz": [3]})
    msg = pytest.raises(ct.ColumnNotFoundError, ct.score, df, ALE).value.args[0]
    assert "did you mean" not in msg, msg
    assert f"pass columns={{{THEMES[0]!r}: '<column>'}}" in msg, msg


def test_other_missing_columns_say_did_you_mean_but_not_columns():
    df = pd.DataFrame({"region": ["a", "b"], THEMES[0]: [1, 2]})
    with pytest.raises(ct.ColumnNotFoundError) as e:
        ct.modes(df, by="regoin", columns=[THEMES[0]])
    msg = e.value.args[0]
    assert "did you mean 'region'?" in msg and "columns={" not in msg, msg


def test_unknown_framework_says_did_you_mean():
    with pytest.raises(ct.CoterminousValueError) as e:
        ct.Framework.builtin("cpa_use_of_resource")
    msg = str(e.value)
    assert msg.startswith('framework: no built-in framework "cpa_use_of_resource"'), msg
    assert msg.endswith("; did you mean 'cpa_use_of_resources'?"), msg
    with pytest.raises(ct.CoterminousValueError, match="did you mean 'cpa_use_of_resources'"):
        ct.score(pd.DataFrame({"a": [1]}), "cpa_use_of_resource")
    far = str(pytest.raises(ct.CoterminousValueError, ct.Framework.builtin, "nothing_like_it").value)
    assert "did you mean" not in far


def test_option_values_say_did_you_mean():
    df = pd.DataFrame({"g": [1, 1], "x": [1, 2]})
    with pytest.raises(ct.CoterminousValueError) as e:
        ct.modes(df, by="g", columns=["x"], ties="lo")
    assert str(e.value) == "ties: expected one of ['low', 'high', 'error', 'all'], got 'lo'; did you mean 'low'?"
    scores = pd.DataFrame({th: [3] for th in THEMES})
    with pytest.raises(ct.CoterminousValueError, match="did you mean 'propagate'"):
        ct.score(scores, ALE, missing="propogate")
    with pytest.raises(ct.CoterminousValueError, match="got 'two_sided'; did you mean 'two-sided'"):
        ct.wilcoxon([1, 2, 3, 4], [2, 3, 1, 1], alternative="two_sided")


def test_did_you_mean_against_difflib_cases():
    assert _hints.did_you_mean("regoin", ["region", "name"]) == "; did you mean 'region'?"
    assert _hints.did_you_mean("ALE", ["ale", "cqc"]) == "; did you mean 'ale'?"
    assert _hints.did_you_mean("zzz", ["region", "name"]) == ""
    assert _hints.did_you_mean(3, ["region"]) == ""


def test_python_option_values_say_did_you_mean():
    with pytest.raises(ct.CoterminousValueError, match=r"got 'medain'; did you mean 'median'\?"):
        ct.bootstrap([1, 2, 3, 4], "medain")
    with pytest.raises(ct.CoterminousValueError, match=r"did you mean 'mean_difference'\?"):
        ct.permutation_test([1, 2, 3], [2, 3, 1], statistic="mean_diff")
    with pytest.raises(ct.CoterminousValueError, match=r"got 'polar'; did you mean 'polars'\?"):
        ct.datasets.load(ct.datasets.names()[0], backend="polar")
