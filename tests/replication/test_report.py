"""Reports for people: tables as DataFrames, the offline HTML page, text that fits a terminal,
JSON with the notes, notebook displays, and the command line's formats and ``-o``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import types
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import coterminous as ct
from coterminous.replication import Check, Report

SCRIPT = "<script>alert(1)</script>"
SVG = '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg id="fig{}"></svg>\n'


@pytest.fixture(scope="module")
def report() -> Report:
    return ct.replicate("nlgn2008")


def _hostile() -> Report:
    return Report(
        SCRIPT,
        [Check(SCRIPT, {"a<b": 1}, {"a<b": 2}, source="p. <1>"), Check("fine", 1, 1)],
        {SCRIPT: {"x<y": [SCRIPT, "ok"], "n": [1, 2]}},
        [SCRIPT],
    )


# ---------------------------------------------------------------- tables as DataFrames


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "dict"])
def test_report_table_in_each_backend(report: Report, backend: str) -> None:
    for name, table in report.tables.items():
        out = report.table(name, backend=backend)
        if backend == "pandas":
            assert isinstance(out, pd.DataFrame)
            got = {c: out[c].tolist() for c in out.columns}
        elif backend == "polars":
            got = out.to_dict(as_series=False)
        elif backend == "pyarrow":
            got = out.to_pydict()
        else:
            got = {k: v.tolist() for k, v in out.items()}
        assert list(got) == list(table)
        for col, values in table.items():
            assert got[col] == pytest.approx(values) if isinstance(values[0], float) else got[col] == values


def test_report_table_types_and_errors(report: Report) -> None:
    stats = next(n for n in report.tables if n.startswith("Statistics"))
    df = report.table(stats)
    assert df["n"].dtype == np.int64 and df["sign_pvalue"].dtype == np.float64 and df["theme"].dtype != np.float64
    with pytest.raises(ValueError, match=r"no table 'Statistic' in the report \(did you mean 'Statistics"):
        report.table("Statistic")
    with pytest.raises(ValueError, match="backend"):
        report.table(stats, backend="excel")
    mixed = Report("s", [], {"t": {"v": [1, 2.5, None]}}).table("t", backend="dict")
    assert mixed["v"].dtype == np.float64 and np.isnan(mixed["v"][2])


# ---------------------------------------------------------------- HTML


def _offline(html: str) -> None:
    """Nothing to run and nothing to fetch: no script, no source or link outside the page
    (``href="#id"``, ``url(#id)`` and ``data:`` URIs inside an SVG are the page itself), and
    ``http`` only in SVG namespace names."""
    lowered = html.lower()
    assert "<script" not in lowered and "javascript:" not in lowered
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#|data:)|<link|@import|url\((?!#)""", lowered)
    without_namespaces = re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", lowered)
    assert "http" not in without_namespaces


def test_to_html_is_one_offline_page_with_everything(report: Report, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "coterminous.plot", None)  # no plots: the page has no figures
    path = tmp_path / "report.html"
    html = report.to_html(path)
    assert path.read_text(encoding="utf-8") == html and html.startswith("<!DOCTYPE html>")
    _offline(html)
    assert "<figure>" not in html
    for c in report.checks:
        assert escape(c.name) in html and escape(c.source) in html
    for name in report.tables:
        assert f"<h2>{escape(name)}</h2>" in html
    for note in report.notes:
        assert f"<li>{escape(note)}</li>" in html
    assert html.count("<tr>") == 1 + len(report.checks) + len(report.tables) + sum(
        len(next(iter(t.values()))) for t in report.tables.values()
    )
    assert "9 of 9 checks agree" in html


def test_to_html_escapes_everything() -> None:
    r = _hostile()
    for html in (r.to_html(), r._repr_html_()):
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "a&lt;b 1" in html and "p. &lt;1&gt;" in html and "x&lt;y" in html
        assert 'class="fail"' in html and "MISMATCH" in html


def test_to_html_embeds_the_plots_as_inline_svg(report: Report, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Figures come from coterminous.plot.report_figures; a stand-in gives two of them."""

    class Figure:
        def __init__(self, i: int) -> None:
            self.i = i

        def savefig(self, buf, format: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
            assert format == "svg"
            buf.write(SVG.format(self.i))

    seen = []

    def report_figures(r: Report) -> list[tuple[str, Figure]]:
        seen.append(r)
        return [("Figure <A>", Figure(1)), ("Figure B", Figure(2))]

    monkeypatch.setitem(sys.modules, "matplotlib", types.ModuleType("matplotlib"))
    monkeypatch.setitem(sys.modules, "coterminous.plot", types.SimpleNamespace(report_figures=report_figures))
    html = report.to_html()
    assert seen == [report]
    assert '<figure><svg id="fig1"></svg><figcaption>Figure &lt;A&gt;</figcaption></figure>' in html
    assert '<svg id="fig2"></svg>' in html and "<?xml" not in html and "DOCTYPE svg" not in html
    assert html.index("<figure>") < html.index("<h2>Notes</h2>")
    _offline(html)


def test_to_html_without_matplotlib(report: Report, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert "<figure>" not in report.to_html()


# ---------------------------------------------------------------- text, markdown, JSON, notebook


@pytest.mark.parametrize("width", [80, 100])
def test_text_fits_the_terminal(report: Report, width: int) -> None:
    text = report.to_text(width)
    assert max(len(line) for line in text.splitlines()) <= width
    flat = " ".join(text.split())
    for c in report.checks:
        assert " ".join(c.name.split()) in flat
    for note in report.notes:
        assert " ".join(note.split()) in flat
    for table in report.tables.values():
        for col in table:
            assert col in text
    with pytest.raises(ValueError, match="width"):
        report.to_text(20)


def test_text_shows_both_values_of_a_failed_check() -> None:
    pub = {f"theme_{i}": i for i in range(12)}
    rep = {**pub, "theme_11": 99}
    text = Report("s", [Check("long", pub, rep)]).to_text(80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "[FAIL] long" in text and "published:" in text and "reproduced:" in text and "theme_11 99" in text
    short = Report("s", [Check("short", 1, 1)]).to_text()
    assert "[ok  ] short: published 1, reproduced 1" in short


def test_json_and_markdown_and_notebook(report: Report) -> None:
    d = json.loads(report.to_json())
    assert d["notes"] == report.notes and d["ok"] is True
    md = report._repr_markdown_()
    assert md == report.to_markdown() and "| check | published | reproduced | agrees | source |" in md
    assert "| a\\|b |" in Report("s", [], {"t": {"a|b": [1]}}).to_markdown()
    html = report._repr_html_()
    assert "<style>" in html and "Replication of nlgn2008" in html and "\n" not in repr(report)


# ---------------------------------------------------------------- the command line


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coterminous", *args], capture_output=True, text=True, timeout=120)


def test_cli_html_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    res = _cli("replicate", "--format", "html", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert res.stdout == "" and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    js = tmp_path / "r.json"
    assert _cli("replicate", "--format", "json", "--output", str(js)).returncode == 0
    assert json.loads(js.read_text(encoding="utf-8"))["notes"] == ct.replicate().notes


def test_cli_text_fits_80_columns() -> None:
    res = _cli("replicate")
    assert res.returncode == 0 and max(len(line) for line in res.stdout.splitlines()) <= 100


def test_to_html_with_real_matplotlib_figures(report: Report, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    figure = pytest.importorskip("matplotlib.figure")

    def report_figures(r: Report) -> list[tuple[str, object]]:
        out = []
        for title in ("bars", "more bars"):
            fig = figure.Figure(figsize=(3, 2))
            ax = fig.subplots()
            ax.bar([1, 2, 3], [3, 1, 2])
            ax.set_title(f"{title} <&>")
            out.append((title, fig))
        return out

    monkeypatch.setitem(sys.modules, "coterminous.plot", types.SimpleNamespace(report_figures=report_figures))
    html = report.to_html()
    assert html.count("<figure><svg") == 2 and html.count("</svg><figcaption>") == 2
    assert "<?xml" not in html and "<metadata" not in html and "&lt;&amp;&gt;" in html
    _offline(html)
