"""Reports for people: tables as DataFrames, the offline HTML page, text that fits a terminal,
JSON with the notes, notebook displays, and the command line's formats and ``-o``."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
import types
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import coterminous as ct
from coterminous.replication import Check, Report, ReportFigure

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
    assert list(report.tables) == ["figure3", "figure4", "figure1", "gaps", "candidates", "statistics"]
    df = report.table("statistics")
    assert df["n"].dtype == np.int64 and df["sign_pvalue"].dtype == np.float64 and df["theme"].dtype != np.float64
    # the full title still works
    assert report.table(report.title("statistics")).equals(df)
    with pytest.raises(ValueError, match=r"no table 'Statistic' in the report \(did you mean 'statistics'"):
        report.table("Statistic")
    with pytest.raises(ValueError, match="backend"):
        report.table("statistics", backend="excel")
    with pytest.raises(TypeError, match="name"):
        report.table(3)  # type: ignore[arg-type]
    mixed = Report("s", [], {"t": {"v": [1, 2.5, None]}}).table("t", backend="dict")
    assert mixed["v"].dtype == np.float64 and np.isnan(mixed["v"][2])


# ---------------------------------------------------------------- HTML


def _offline(html: str) -> None:
    """Nothing to run and nothing to fetch: no script, no source, stylesheet or import outside
    the page (``href="#id"``, ``url(#id)`` and ``data:`` URIs inside an SVG are the page
    itself). Links a reader can follow to a source (``<a href="https://...">``) fetch nothing
    until followed; every other ``http`` is an SVG namespace name."""
    lowered = html.lower()
    assert "<script" not in lowered and "javascript:" not in lowered
    assert not re.search(r"""src\s*=\s*["'](?!#|data:)|<link|@import|url\((?!#)""", lowered)
    hrefs = re.findall(r"""<(\w+)[^>]*\shref\s*=\s*["']([^"']*)""", lowered)
    assert all(h.startswith("#") or (tag == "a" and h.startswith("https://")) for tag, h in hrefs), hrefs
    without = re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", lowered)
    without = re.sub(r"""<a href="https://[^"]*">https://[^<]*</a>""", "", without)
    assert "http" not in without


def _tr(html: str) -> int:
    return html.count("<tr>") + html.count('<tr class="')


def test_to_html_is_one_offline_page_with_everything(report: Report, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # no plots: the page has no figures
    path = tmp_path / "report.html"
    html = report.to_html(path)
    assert path.read_text(encoding="utf-8") == html and html.startswith("<!DOCTYPE html>")
    _offline(html)
    assert "<figure" not in html
    for c in report.checks:
        assert escape(c.name) in html
    for key in report.tables:
        assert f'<h2 id="table-{key}">{escape(report.title(key))}</h2>' in html
        assert f'<a href="#table-{key}">' in html  # in the contents
    for note in report.notes:
        assert f"<li>{escape(note)}</li>" in html
    rows = len(report.checks) + sum(len(next(iter(t.values()))) for t in report.tables.values())
    assert _tr(html) == 1 + len(report.tables) + rows
    for name in report.data:  # each data set with its source and licence
        d = ct.datasets.describe(name)
        assert f"<li><code>{name}</code>: {escape(d.title)}. Source: " in html
    assert "9 of 9 checks agree" in html


def test_html_markdown_json_carry_version_date_command_citation_and_licences(report: Report) -> None:
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    html, md, d = report.to_html(), report.to_markdown(), json.loads(report.to_json())
    for text in (html, md):
        assert f"coterminous {ct.__version__}" in text and today in text
        assert "coterminous.replicate(&#x27;nlgn2008&#x27;)" in text or "coterminous.replicate('nlgn2008')" in text
        assert "New Local Government Network (2008)" in text and "How to cite" in text and "Contents" in text
        assert "The coterminous developers" in text
    assert d["meta"]["version"] == ct.__version__ and d["meta"]["created"] == today
    assert d["meta"]["command"] == "coterminous.replicate('nlgn2008')"
    assert d["meta"]["citation"].startswith("New Local Government Network (2008)")
    assert [s["name"] for s in d["data"]] == ["nlgn2008/figure1", "nlgn2008/figure3", "nlgn2008/figure4"]
    assert d["provenance"]["nlgn2008"] == ct.datasets.provenance("nlgn2008")
    assert d["titles"]["figure4"] == "Figure 4: modal scores across the nine areas"
    # the provenance a check cites is in the page, and its mention links to it
    assert 'id="provenance-nlgn2008"' in html and 'href="#provenance-nlgn2008"' in html
    assert escape(ct.datasets.provenance("nlgn2008").splitlines()[0]) in html


def test_icb2022_attributes_the_ons_data_and_formats_its_numbers() -> None:
    r = ct.replicate("icb2022")
    html, md, text = r.to_html(), r.to_markdown(), r.to_text()
    ogl = ct.datasets.describe("ons2022/lsoa11_icb22")
    for page in (html, md):
        assert "Open Government Licence v3.0" in page
        assert escape(ogl.attribution, quote=False) in page or ogl.attribution in page
    assert "2,503,902" in html and "2503902" not in html  # Cheshire and Merseyside, mid-2020
    assert "500,000 to 3,000,000" in html and "(500000, 3000000)" not in html
    assert "500,000 to 3,000,000" in text and "56,550,138" in text
    assert ogl.attribution in " ".join(text.split())  # every format carries the attribution
    # a source with a web address links to it
    assert '<a href="https://www.kingsfund.org.uk/' in html
    rng = next(c for c in r.checks if c.name.startswith("smallest and largest"))
    assert rng.published == (500_000, 3_000_000) and json.loads(r.to_json())["checks"][7]["published"] == [
        500_000,
        3_000_000,
    ]


def test_to_html_escapes_everything() -> None:
    r = _hostile()
    for html in (r.to_html(), r._repr_html_()):
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "a&lt;b&nbsp;1" in html and "p. &lt;1&gt;" in html and "x&lt;y" in html
        assert 'class="fail"' in html and "MISMATCH" in html
        assert "<img" not in html


IMG = '<img src=x onerror="alert(1)">'


def _hostile_md() -> Report:
    return Report(
        IMG,
        [Check(IMG, {IMG: 1}, {"*b*": 2}, source=f"[link](javascript:x) {IMG}")],
        {IMG: {IMG: [IMG, "`code`", "a|b"], "n": [1, 2, 3]}},
        [IMG, "__bold__ and *em*"],
        titles={IMG: f"title {IMG}"},
        citation=IMG,
    )


def test_to_markdown_escapes_names_cells_and_notes() -> None:
    md = _hostile_md().to_markdown()
    assert "<" not in md and ">" not in md.replace("&gt;", "")
    assert '&lt;img src=x onerror="alert(1)"&gt;' in md
    try:  # an independent renderer, where installed: nothing of the hostile HTML survives
        import markdown  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return
    out = markdown.markdown(md, extensions=["tables"])
    assert "<img" not in out and "<em>" not in out and "<strong>b" not in out and "<code>" not in out
    assert 'href="javascript' not in out and "onerror" in out  # shown as text, not as a tag


def test_figures_are_numbered_captioned_once_and_beside_their_table(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A study hands its figures to its report; stand-in figures show where they go."""

    class Figure:
        def __init__(self, i: int) -> None:
            self.i = i

        def savefig(self, buf, format: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
            assert format == "svg"
            buf.write(SVG.format(self.i))

    seen = []

    def figures(r: Report) -> list[ReportFigure]:
        seen.append(r)
        return [
            ReportFigure("Of <B>.", Figure(2), "b"),
            ReportFigure("Of a.", Figure(1), "a"),
            ReportFigure("Of the checks.", Figure(0), "checks"),
        ]

    monkeypatch.setitem(sys.modules, "matplotlib", types.ModuleType("matplotlib"))
    r = Report("s", [Check("c", 1, 1)], {"a": {"x": [1]}, "b": {"y": [2]}}, ["n"], figures=figures)
    html = r.to_html()
    assert seen == [r]
    assert '<figure id="figure-1"><svg id="fig0"></svg><figcaption><strong>Figure 1.</strong> Of the checks.' in html
    assert '<figure id="figure-3"><svg id="fig2"></svg><figcaption><strong>Figure 3.</strong> Of &lt;B&gt;.' in html
    assert html.index("figure-1") < html.index('id="table-a"') < html.index("figure-2") < html.index('id="table-b"')
    assert html.index("figure-3") < html.index('id="notes"')
    assert html.count("<figcaption>") == 3 and "<?xml" not in html and "DOCTYPE svg" not in html
    _offline(html)


def test_to_html_without_matplotlib(report: Report, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert "<figure" not in report.to_html() and report.draw_figures() == []


def test_html_style_is_scoped_to_the_package() -> None:
    """Every rule of the notebook style names the package's class, so a report restyles
    nothing else on a page; only the standalone page styles its body."""
    from coterminous import _display

    rules = re.findall(r"([^{}]+)\{[^{}]*\}", _display.STYLE)
    assert rules
    for rule in rules:
        for selector in rule.split(","):
            assert selector.strip().startswith((".coterminous", "table.coterminous")), selector


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _scroll_width(html: str, tmp_path: Path, width: int = 1400) -> int:
    """The page's document scroll width in headless Chromium at a window ``width`` px wide."""
    probe = (
        '<script>window.addEventListener("load",()=>document.body.setAttribute("data-scroll-width",'
        "document.documentElement.scrollWidth))</script></body>"
    )
    page = tmp_path / "probe.html"
    page.write_text(html.replace("</body>", probe), encoding="utf-8")
    browser = _chromium()
    assert browser is not None
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},1000"]
    out = subprocess.run(
        [browser, *args, "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r'data-scroll-width="(\d+)"', out.stdout)
    assert found, out.stderr[-2000:]
    return int(found.group(1))


@pytest.mark.skipif(_chromium() is None, reason="no Chromium: apt-get install chromium to run the browser test")
@pytest.mark.parametrize("study", ["nlgn2008", "icb2022"])
def test_html_report_fits_a_1400_px_window_in_a_browser(study: str, tmp_path: Path) -> None:
    # the probe measures: a page wider than the window is seen as such
    assert _scroll_width('<html><body><div style="width:3000px">x</div></body></html>', tmp_path) > 1400
    assert _scroll_width(ct.replicate(study).to_html(), tmp_path) <= 1400


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
    assert "| n | s |\n|---:|---|\n| 1,000 | a |" in Report("s", [], {"t": {"n": [1000], "s": ["a"]}}).to_markdown()
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


def test_to_html_with_real_matplotlib_figures(report: Report) -> None:
    pytest.importorskip("matplotlib")
    html = report.to_html()
    assert html.count("<figure") == 4 and html.count("</svg><figcaption>") == 4
    assert [int(n) for n in re.findall(r'<figure id="figure-(\d+)"', html)] == [1, 2, 3, 4]
    assert "<?xml" not in html and "<metadata" not in html
    _offline(html)


@pytest.mark.parametrize("study", ["nlgn2008", "icb2022"])
def test_every_link_within_a_page_leads_somewhere(study: str) -> None:
    r = ct.replicate(study)
    for html in (r.to_html(), r._repr_html_()):
        targets = re.findall(r'href="#([^"]+)"', html)
        missing = [t for t in targets if f'id="{t}"' not in html]
        assert missing == []
    assert 'href="#' in r.to_html() and 'href="#provenance' not in r._repr_html_()
