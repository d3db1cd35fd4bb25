"""Rich displays of the package's own objects (frameworks, scales, statistics results), results
that unpack as scipy's do, and p-value columns that display small values."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import coterminous as ct
from coterminous import _display

scipy_stats = pytest.importorskip("scipy.stats")

X = np.array([3, 3, 4, 2, 3, 4, 3, 3, 3, 2, 4, 1])
Y = np.array([1, 2, 3, 3, 2, 2, 1, 2, 2, 2, 3, 1])
SCRIPT = "<script>alert(1)</script>"


def _results() -> list[object]:
    return [
        ct.sign_test(X, Y),
        ct.wilcoxon(X, Y),
        ct.cliffs_delta(X, Y, paired=True),
        ct.permutation_test(X, Y, n_resamples=999, rng=1),
        ct.bootstrap((X, Y), "mean_difference", n_resamples=999, rng=1),
    ]


# ---------------------------------------------------------------- unpacking as scipy


def test_wilcoxon_unpacks_as_scipy() -> None:
    statistic, pvalue = ct.wilcoxon(X, Y)
    ref_statistic, ref_pvalue = scipy_stats.wilcoxon(X, Y)
    assert statistic == ref_statistic and pvalue == pytest.approx(ref_pvalue, rel=1e-12)
    r, ref = ct.wilcoxon(X, Y), scipy_stats.wilcoxon(X, Y)
    assert len(r) == len(ref) == 2
    assert r[0] == ref[0] and r[1] == pytest.approx(ref[1], rel=1e-12) and r[-1] == r.pvalue
    assert r.method and r.zstatistic is None  # named attributes stay


def test_sign_test_unpacks_to_binomtest_values() -> None:
    statistic, pvalue = ct.sign_test(X, Y)
    d = X - Y
    k, n = int((d > 0).sum()), int((d != 0).sum())
    assert statistic == k and pvalue == pytest.approx(scipy_stats.binomtest(k, n).pvalue, rel=1e-12)
    assert ct.sign_test(X, Y).n_zero == int((d == 0).sum())


@pytest.mark.parametrize("result", [0, 1, 2, 3])
def test_tests_unpack_as_statistic_then_pvalue(result: int) -> None:
    r = _results()[result]
    statistic, pvalue = r  # type: ignore[misc]
    assert (statistic, pvalue) == (r.statistic, r.pvalue) == tuple(r) == (r[0], r[1])  # type: ignore[attr-defined,index]
    with pytest.raises(IndexError):
        r[2]  # type: ignore[index]


def test_cliffs_and_permutation_unpack_to_their_attributes() -> None:
    c = ct.cliffs_delta(X, Y, paired=True)
    statistic, pvalue = c
    assert statistic == c.statistic and pvalue == c.pvalue and c.confidence_interval.low < statistic
    ref = scipy_stats.permutation_test(
        (X - Y,), lambda d: np.mean(d), permutation_type="samples", n_resamples=np.inf, alternative="two-sided"
    )
    statistic, pvalue = ct.permutation_test(X, Y, n_resamples=100_000, rng=1)
    assert statistic == pytest.approx(ref.statistic) and pvalue == pytest.approx(ref.pvalue, rel=1e-9)


def test_bootstrap_result_is_not_a_tuple() -> None:
    b = ct.bootstrap((X, Y), "mean_difference", n_resamples=99, rng=1)
    with pytest.raises(TypeError):
        low, high = b  # type: ignore[misc]
    assert b.confidence_interval.low <= b.statistic <= b.confidence_interval.high


# ---------------------------------------------------------------- reprs


@pytest.mark.parametrize("result", [0, 1, 2, 3, 4])
def test_results_display_their_fields(result: int) -> None:
    r = _results()[result]
    assert "\n" not in repr(r)
    html, md = r._repr_html_(), r._repr_markdown_()  # type: ignore[attr-defined]
    name = type(r).__name__
    assert f"<caption>{name}</caption>" in html and md.startswith(f"**{name}**")
    for field in ("statistic", "confidence_interval" if name == "BootstrapResult" else "pvalue"):
        assert f"<th>{field}</th>" in html and f"| {field} |" in md
    assert _display.number(r.statistic) in html  # type: ignore[attr-defined]


def test_small_pvalues_display_as_such() -> None:
    assert _display.number(1.2e-15) == "1.2e-15" and _display.number(-0.0) == "0" and _display.number(3) == "3"
    assert _display.number(float("nan")) == "NaN" and _display.number(np.float64(0.0078125)) == "0.0078125"


def test_framework_and_scale_displays() -> None:
    fw = ct.Framework.builtin("cpa_use_of_resources")
    assert "\n" not in repr(fw) and "\n" not in repr(fw.scale)
    html, md = fw._repr_html_(), fw._repr_markdown_()
    for theme, label in fw.theme_labels.items():
        assert f"<td>{theme}</td><td>{label}</td>" in html and f"| {theme} | {label} |" in md
    for value, label in fw.scale.labels.items():
        assert f'<td class="ct-num">{value}</td><td>{label}</td>' in html
        assert f'<td class="ct-num">{value}</td><td>{label}</td>' in fw.scale._repr_html_()
        assert f"| {value} | {label} |" in fw.scale._repr_markdown_()
    rules = json.loads(fw.to_json())["overall"]
    for rule in rules["rules"]:
        assert f'<td class="ct-num">{rule["overall"]}</td><td>{rule["description"]}</td>' in html
    assert f'<td class="ct-num">{rules["default"]}</td><td>any other combination (the default)</td>' in html
    ale = ct.Framework.builtin("ale")
    assert "No overall rule table." in ale._repr_html_() and "No overall rule table." in ale._repr_markdown_()


def test_framework_html_is_escaped() -> None:
    doc = json.loads(ct.Framework.builtin("cpa_use_of_resources").to_json())
    doc["name"], doc["title"] = SCRIPT, SCRIPT + " & co"
    doc["themes"][0]["label"] = SCRIPT
    doc["scale"]["labels"][0]["label"] = SCRIPT
    del doc["overall"]["rules"][0]["description"]  # shown by its conditions, as JSON
    fw = ct.Framework.from_json(json.dumps(doc))
    html = fw._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp; co" in html
    assert "count" in html and "&quot;at_least&quot;" in html
    assert "<script>" not in fw.scale._repr_html_()


# ---------------------------------------------------------------- p-value columns


def _paired(n: int) -> pd.DataFrame:
    themes = ct.Framework.builtin("ale").themes
    return pd.DataFrame({f"{side}_{t}": [4 if side == "left" else 1] * n for t in themes for side in ("left", "right")})


def test_compare_pvalues_are_float64_and_display_when_tiny() -> None:
    """Regression: pandas' nullable Float64 displayed the sign test's 1.8e-15 as 0.0."""
    out = ct.compare(_paired(50), "ale", tests=["sign"])
    exact = scipy_stats.binomtest(50, 50).pvalue
    assert exact < 1e-14
    assert out["pvalue"].dtype == np.float64 and out["adjusted_pvalue"].dtype == np.float64
    assert out["pvalue"].tolist() == pytest.approx([exact] * 5, rel=1e-12)
    shown = out[["theme", "pvalue"]].to_string()
    assert "e-15" in shown and " 0.0\n" not in shown + "\n"
    assert out["low"].isna().all()  # missing stays missing (NaN, pandas' own missing float)


def test_compare_pvalues_in_polars_and_pyarrow_stay_nullable_float64() -> None:
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    df = _paired(50)
    p = ct.compare(pl.from_pandas(df), "ale", tests=["sign"])
    assert p["pvalue"].dtype == pl.Float64 and p["low"].null_count() == 5 and "e-15" in str(p["pvalue"])
    a = ct.compare(pa.Table.from_pandas(df), "ale", tests=["sign"])
    assert a.schema.field("pvalue").type == pa.float64() and a.column("low").null_count == 5


def test_dir_shows_the_public_api_only() -> None:
    names = dir(ct)
    assert names == sorted(ct.__all__)
    assert "annotations" not in names and "_core" not in names and "scoring" not in names
    assert all(hasattr(ct, n) for n in names)
    assert ct.replication.STUDIES  # the modules stay reachable as attributes


def test_every_html_repr_styles_only_itself() -> None:
    """Each HTML repr is one element of the package's class, and any style it carries names
    that class in every selector: displaying it restyles nothing else in a notebook."""
    import re

    from coterminous import _display

    fw = ct.Framework.builtin("cpa_use_of_resources")
    reprs = [
        ct.replicate()._repr_html_(),
        ct.datasets.describe("nlgn2008/figure3")._repr_html_(),
        fw._repr_html_(),
        fw.scale._repr_html_(),
        ct.sign_test([3, 4, 2, 4], [1, 2, 2, 3])._repr_html_(),
    ]
    for html in reprs:
        styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
        body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
        assert re.match(r'<(div|table) class="coterminous"', body), body[:80]
        for style in styles:
            assert style == _display.STYLE
            for rule in re.findall(r"([^{}]+)\{[^{}]*\}", style):
                assert all(s.strip().startswith((".coterminous", "table.coterminous")) for s in rule.split(","))
