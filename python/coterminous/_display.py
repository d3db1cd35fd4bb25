"""Rendering of the package's own objects for people: HTML (escaped, for notebooks and the
offline report), Markdown, and plain text that fits a terminal. No library beyond numpy.

Everything user-supplied (names, titles, labels, cells) goes through :func:`html.escape`.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import numpy as np

#: The inline style of the package's HTML (notebook reprs and the offline report). Every rule is
#: scoped to the package's own elements (``.coterminous`` and what it contains), so a repr in a
#: notebook restyles nothing else on the page.
STYLE = (
    ".coterminous table,table.coterminous{border-collapse:collapse;margin:0.4em 0 1em 0}"
    ".coterminous th,.coterminous td{border:1px solid #bbb;padding:2px 8px;text-align:left;vertical-align:top}"
    ".coterminous td.ct-source{min-width:16em;max-width:40em;overflow-wrap:anywhere}"
    ".coterminous td.ct-name{min-width:12em}"
    ".coterminous th{background:#f0f0f0}"
    ".coterminous td.ct-num{text-align:right;font-variant-numeric:tabular-nums}"
    ".coterminous caption{text-align:left;font-weight:bold;padding:2px 0}"
    ".coterminous .fail{color:#b00;font-weight:bold}"
    ".coterminous .ok{color:#070}"
    ".coterminous .ct-scroll{max-width:100%;overflow-x:auto;margin-bottom:1em}"
    ".coterminous .ct-meta,.coterminous .ct-cite{color:#333}"
    ".coterminous figure{margin:0.5em 0 1.5em 0;max-width:100%}"
    ".coterminous figcaption{max-width:60em}"
    ".coterminous svg{max-width:100%;height:auto}"
    ".coterminous pre.ct-provenance{white-space:pre-wrap;overflow-wrap:anywhere;background:#f7f7f7;padding:0.5em}"
)

#: The style of the standalone page only (the page is the package's own: it may style its body).
PAGE_STYLE = "body{font-family:sans-serif;margin:2em auto;max-width:1300px;padding:0 1em}"

# ------------------------------------------------------------------------------ values


def number(v: Any) -> str:
    """A number for reading: integers whole with thousands separators (2,503,902), floats to
    six significant digits (so that a p-value of 1.2e-15 reads 1.2e-15, not 0), no negative
    zero."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}"
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        return f"{f + 0.0:.6g}"
    return str(v)


def value_text(v: Any) -> str:
    """One value on one line: dicts as ``key value, ...``, ranges as ``a to b``, sequences as
    ``(a, b)``, arrays
    summarised by their size and range, floats by :func:`number`."""
    if isinstance(v, np.ndarray):
        if v.size == 0:
            return "an empty array"
        if v.dtype.kind in "iuf":
            finite = v[np.isfinite(v)] if v.dtype.kind == "f" else v
            if finite.size:
                return f"{v.size} values from {number(finite.min())} to {number(finite.max())}"
        return f"{v.size} values"
    if isinstance(v, Mapping):
        return ", ".join(f"{k} {value_text(w)}" for k, w in v.items())
    if isinstance(v, tuple) and getattr(type(v), "is_range", False):  # a published range
        return f"{value_text(v[0])} to {value_text(v[1])}"
    if isinstance(v, tuple) and hasattr(v, "_fields"):  # a named tuple, e.g. a confidence interval
        return "(" + ", ".join(f"{f}={number(getattr(v, f))}" for f in v._fields) + ")"
    if isinstance(v, (list, tuple)):
        return "(" + ", ".join(value_text(w) for w in v) + ")"
    if v is None:
        return "None"
    return number(v)


def value_html(v: Any) -> str:
    """One value as escaped HTML: a dict as one ``key value`` per line."""
    if isinstance(v, Mapping):
        return "<br>".join(f"{escape(str(k))}&nbsp;{escape(value_text(w))}" for k, w in v.items())
    return escape(value_text(v))


# ------------------------------------------------------------------------------ tables


def _rows(table: Mapping[str, Sequence[Any]]) -> int:
    return max((len(c) for c in table.values()), default=0)


def _td(v: Any) -> str:
    """A cell: numbers right-aligned, so that their digits line up."""
    numeric = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
    return f'<td class="ct-num">{value_html(v)}</td>' if numeric else f"<td>{value_html(v)}</td>"


def html_table(table: Mapping[str, Sequence[Any]], caption: str | None = None) -> str:
    """A dict of columns as an escaped HTML table."""
    cols = list(table)
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{escape(str(c))}</th>" for c in cols) + "</tr></thead><tbody>")
    for i in range(_rows(table)):
        out.append("<tr>" + "".join(_td(table[c][i]) for c in cols) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _md_cell(v: Any) -> str:
    return md_escape(value_text(v))


def markdown_table(table: Mapping[str, Sequence[Any]]) -> str:
    """A dict of columns as a Markdown table (cells escaped; columns of numbers right-aligned)."""
    cols = list(table)

    def numeric(c: str) -> bool:
        values = [v for v in table[c] if v is not None]
        return bool(values) and all(
            isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)) for v in values
        )

    rule = "|" + "".join("---:|" if numeric(c) else "---|" for c in cols)
    rows = ["| " + " | ".join(_md_cell(c) for c in cols) + " |", rule]
    rows += ["| " + " | ".join(_md_cell(table[c][i]) for c in cols) + " |" for i in range(_rows(table))]
    return "\n".join(rows)


def _clip(s: str, width: int) -> str:
    return s if len(s) <= width else s[: max(width - 3, 1)] + "..."


def text_table(table: Mapping[str, Sequence[Any]], width: int = 80, indent: int = 2, max_cell: int = 40) -> str:
    """A dict of columns as aligned plain text no wider than ``width``: cells longer than
    ``max_cell`` are cut with ``...``, and a table too wide for the terminal is split into
    blocks of columns, each repeating the first column (the row's key), as pandas does."""
    cols = list(table)
    if not cols:
        return ""
    n = _rows(table)
    cells = {c: [_clip(str(c), max_cell)] + [_clip(value_text(table[c][i]), max_cell) for i in range(n)] for c in cols}
    widths = {c: max(len(s) for s in cells[c]) for c in cols}
    key, rest = cols[0], cols[1:]
    blocks: list[list[str]] = []
    current: list[str] = []
    used = indent + widths[key]
    for c in rest:
        if current and used + 2 + widths[c] > width:
            blocks.append(current)
            current, used = [], indent + widths[key]
        current.append(c)
        used += 2 + widths[c]
    blocks.append(current)
    pad = " " * indent
    out: list[str] = []
    for b, block in enumerate(blocks):
        if b:
            out.append("")
        shown = [key, *block]
        for r in range(n + 1):
            out.append((pad + "  ".join(cells[c][r].ljust(widths[c]) for c in shown)).rstrip())
    return "\n".join(out)


def wrap(text: str, width: int, first: str, rest: str | None = None) -> list[str]:
    """``text`` wrapped to ``width`` after the prefix ``first`` (later lines indented by
    ``rest``, default as wide as ``first``)."""
    rest = " " * len(first) if rest is None else rest
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False) or [first]


# ------------------------------------------------------------------------------ results


def _fields(obj: Any) -> list[tuple[str, Any]]:
    return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)]


def result_html(obj: Any) -> str:
    """A statistics result (a dataclass) as a two-column HTML table of its fields."""
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{value_html(v)}</td></tr>" for k, v in _fields(obj))
    return f'<table class="coterminous"><caption>{escape(type(obj).__name__)}</caption><tbody>{rows}</tbody></table>'


def result_markdown(obj: Any) -> str:
    """A statistics result as a Markdown table of its fields."""
    lines = [f"**{type(obj).__name__}**", "", "| field | value |", "|---|---|"]
    lines += [f"| {k} | {_md_cell(v)} |" for k, v in _fields(obj)]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ frameworks


def _condition(cond: Any) -> str:
    return json.dumps(cond, separators=(", ", ": "))


def framework_parts(document: str) -> dict[str, Any]:
    """The sections of a framework's JSON document for display: title, themes, scale and
    the overall rule table (None without one), each table a dict of columns."""
    doc = json.loads(document)
    themes = {"theme": [t["key"] for t in doc["themes"]], "label": [t.get("label", "") for t in doc["themes"]]}
    labels = doc["scale"].get("labels", [])
    scale = {"score": [lab["value"] for lab in labels], "label": [lab["label"] for lab in labels]}
    overall = doc.get("overall")
    rules: dict[str, list[Any]] | None = None
    if overall:
        rules = {"overall": [], "when": []}
        for r in overall.get("rules", []):
            rules["overall"].append(r["overall"])
            rules["when"].append(r.get("description") or "; ".join(_condition(c) for c in r.get("when", [])))
        rules["overall"].append(overall.get("default"))
        rules["when"].append("any other combination (the default)")
    return {"name": doc["name"], "title": doc.get("title", ""), "themes": themes, "scale": scale, "rules": rules}


def framework_html(document: str) -> str:
    """A framework as HTML: its title, themes, scale labels and rule table."""
    p = framework_parts(document)
    out = [f'<div class="coterminous"><p><strong>Framework {escape(p["name"])}</strong>: {escape(p["title"])}</p>']
    out.append(html_table(p["themes"], "Themes"))
    out.append(html_table(p["scale"], "Scale"))
    if p["rules"] is None:
        out.append("<p>No overall rule table.</p>")
    else:
        out.append(html_table(p["rules"], "Overall score: the first rule that holds"))
    out.append("</div>")
    return "".join(out)


def framework_markdown(document: str) -> str:
    """A framework as Markdown: its title, themes, scale labels and rule table."""
    p = framework_parts(document)
    lines = [f"**Framework {p['name']}**: {p['title']}", "", markdown_table(p["themes"]), ""]
    lines += [markdown_table(p["scale"]), ""]
    if p["rules"] is None:
        lines.append("No overall rule table.")
    else:
        lines += ["Overall score, the first rule that holds:", "", markdown_table(p["rules"])]
    return "\n".join(lines) + "\n"


def scale_table(scale: Any) -> dict[str, list[Any]]:
    """A scale's values and labels as a dict of columns."""
    return {"score": list(scale.values), "label": [scale.labels.get(v, "") for v in scale.values]}


# ------------------------------------------------------------------------------ data sets


def description_html(d: Any) -> str:
    """A shipped data set's description (``datasets.describe``) as HTML: what it is, its
    source, licence and attribution, then its columns and their meanings."""
    about = [
        ("source", d.source),
        ("licence", d.licence),
        ("attribution", d.attribution or "none required"),
        ("rows", d.rows),
        ("file", d.file),
    ]
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{value_html(v)}</td></tr>" for k, v in about)
    columns = {
        "column": list(d.columns),
        "meaning": list(d.columns.values()),
        "file column": [d.file_columns.get(c, c) for c in d.columns],
    }
    return (
        f'<div class="coterminous"><p><strong>{escape(d.name)}</strong>: {escape(d.title)}</p>'
        f"<table><tbody>{rows}</tbody></table>{html_table(columns, 'Columns')}</div>"
    )


# ------------------------------------------------------------------------------ reports

_LINKABLE = re.compile(r"(https?://[^\s)]+)|(?:datasets\.)?provenance\('([a-z0-9_]+)'\)")


def _source_html(text: str, inline: bool = True) -> str:
    """A source as escaped HTML whose web addresses are links and whose mentions of a data
    collection's provenance link to its text further down the page (``inline``: the page
    holds it; a notebook's display does not, and links none)."""
    out, last = [], 0
    for m in _LINKABLE.finditer(text):
        out.append(escape(text[last : m.start()]))
        if m.group(1):
            url = m.group(1).rstrip(".,;")
            out.append(f'<a href="{escape(url)}">{escape(url)}</a>{escape(m.group(1)[len(url) :])}')
        elif inline:
            out.append(f'<a href="#provenance-{escape(m.group(2))}">{escape(m.group(0))}</a>')
        else:
            out.append(escape(m.group(0)))
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _anchor(key: str) -> str:
    return "table-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def _placed(report: Any, figures: Sequence[tuple[str, str, str]]) -> tuple[dict[str, list[int]], dict[int, int]]:
    """Which figures go after the checks or each table (a figure beside nothing known goes
    after the last table), and each figure's number in reading order."""
    keys = ["checks", *report.tables]
    placed: dict[str, list[int]] = {}
    for i, (_, _, beside) in enumerate(figures):
        placed.setdefault(beside if beside in keys else keys[-1], []).append(i)
    order = [i for k in keys for i in placed.get(k, [])]
    return placed, {i: n + 1 for n, i in enumerate(order)}


def report_html(
    report: Any,
    verdict: str,
    figures: Sequence[tuple[str, str, str]] = (),
    heading: int = 2,
    full: bool = False,
) -> str:
    """A report as an HTML fragment: what made it and how to cite it, contents (``full``),
    verdict, checks, tables each followed by the figures (caption, inline SVG, beside) that
    illustrate it, numbered, notes, and (``full``) the data's licences with their provenance
    inlined. Wide tables scroll in a box of their own."""
    h, h2 = f"h{heading}", f"h{heading + 1}"
    cls = "ok" if report.ok else "fail"
    meta = report.meta()
    placed, number_of = _placed(report, figures)

    def figs(key: str) -> str:
        parts = []
        for i in placed.get(key, []):
            caption, svg, _ = figures[i]
            n = number_of[i]
            parts.append(
                f'<figure id="figure-{n}">{svg}<figcaption><strong>Figure {n}.</strong> {escape(caption)}'
                "</figcaption></figure>"
            )
        return "".join(parts)

    out = [f'<div class="coterminous"><{h}>Replication of {escape(report.study)}</{h}>']
    if meta["citation"]:
        out.append(f'<p class="ct-cite">Study: {_source_html(meta["citation"], full)}</p>')
    out.append(
        f'<p class="ct-meta">Made with coterminous {escape(meta["version"])} on {escape(meta["created"])} by '
        f"<code>{escape(meta['command'])}</code>.</p>"
    )
    out.append(f'<p class="{cls}">{escape(verdict)}</p>')
    if full:
        toc = ['<li><a href="#checks">Checks</a></li>']
        toc += [f'<li><a href="#{_anchor(k)}">{escape(report.title(k))}</a></li>' for k in report.tables]
        if report.notes:
            toc.append('<li><a href="#notes">Notes</a></li>')
        toc.append('<li><a href="#data">Data, licences and provenance</a></li>')
        toc.append('<li><a href="#cite">How to cite</a></li>')
        out.append(f'<nav class="ct-toc"><{h2}>Contents</{h2}><ol>{"".join(toc)}</ol></nav>')
    out.append(f'<{h2} id="checks">Checks</{h2}><div class="ct-scroll"><table><thead><tr>')
    out.append("".join(f"<th>{c}</th>" for c in ("check", "published", "reproduced", "agrees", "source")))
    out.append("</tr></thead><tbody>")
    for c in report.checks:
        agrees = '<span class="ok">yes</span>' if c.ok else '<span class="fail">no</span>'
        out.append(
            f'<tr><td class="ct-name">{escape(c.name)}</td><td>{value_html(c.published)}</td>'
            f"<td>{value_html(c.reproduced)}</td>"
            f'<td>{agrees}</td><td class="ct-source">{_source_html(c.source, full)}</td></tr>'
        )
    out.append("</tbody></table></div>" + figs("checks"))
    for key, table in report.tables.items():
        out.append(f'<{h2} id="{_anchor(key)}">{escape(report.title(key))}</{h2}>')
        out.append(f'<div class="ct-scroll">{html_table(table)}</div>{figs(key)}')
    if report.notes:
        items = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
        out.append(f'<{h2} id="notes">Notes</{h2}><ul>{items}</ul>')
    if full:
        out.append(f'<{h2} id="data">Data, licences and provenance</{h2}>')
        data = [
            f"<li><code>{escape(d['name'])}</code>: {escape(d['title'])}. Source: {_source_html(d['source'])}. "
            f"Licence: {_source_html(d['licence'])}.</li>"
            for d in report.sources()
        ]
        out.append(f'<ul class="ct-data">{"".join(data)}</ul>')
        for attribution, names in _attributions(report).items():
            out.append(
                f"<p>Attribution to ship with any copy of {escape(', '.join(names))}: <q>{escape(attribution)}</q></p>"
            )
        for collection, text in report.provenance().items():
            out.append(
                f'<details id="provenance-{escape(collection)}" open><summary>Provenance of the shipped data '
                f"<code>{escape(collection)}</code> (datasets.provenance({escape(repr(collection))}))</summary>"
                f'<pre class="ct-provenance">{escape(text)}</pre></details>'
            )
        out.append(f'<{h2} id="cite">How to cite</{h2}>')
        if meta["citation"]:
            out.append(f"<p>The study: {_source_html(meta['citation'])}.</p>")
        out.append(f"<p>The package: {escape(meta['cite_package'])} (CITATION.cff in its repository).</p>")
    out.append("</div>")
    return "".join(out)


def _attributions(report: Any) -> dict[str, list[str]]:
    """Each attribution statement the report's data require, once, with the data sets it is for."""
    out: dict[str, list[str]] = {}
    for d in report.sources():
        if d["attribution"]:
            out.setdefault(d["attribution"], []).append(d["name"])
    return out


def md_escape(text: Any) -> str:
    """Text for Markdown that renders as itself: HTML's ``& < >`` as entities (so no tag
    survives), Markdown's emphasis, link, code and table characters behind a backslash (an
    underscore inside a word, as in ``financial_reporting``, stays as it is: it cannot
    emphasise), and line breaks as spaces."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*\[\]|#!])", r"\\\1", text)
    # an underscore between two letters or digits emphasises nothing: it stays as it is
    text = re.sub(r"(?<![^\W_])_|_(?![^\W_])", r"\_", text)
    return " ".join(text.splitlines())


def report_markdown(report: Any, verdict: str) -> str:
    """A report as Markdown: what made it and how to cite it, contents, verdict, checks,
    tables, notes, and the data's licences with their provenance; every name, cell and note
    escaped with :func:`md_escape`."""
    meta = report.meta()
    lines = [f"# Replication of {md_escape(report.study)}", ""]
    if meta["citation"]:
        lines += [f"Study: {md_escape(meta['citation'])}", ""]
    lines += [
        f"Made with coterminous {md_escape(meta['version'])} on {md_escape(meta['created'])} by "
        f"{md_escape(meta['command'])}.",
        "",
        f"**{md_escape(verdict)}**",
        "",
        "## Contents",
        "",
    ]
    sections = ["Checks", *(report.title(k) for k in report.tables)]
    sections += (["Notes"] if report.notes else []) + ["Data, licences and provenance", "How to cite"]
    lines += [f"{i}. {md_escape(s)}" for i, s in enumerate(sections, start=1)]
    checks = {
        "check": [c.name for c in report.checks],
        "published": [c.published for c in report.checks],
        "reproduced": [c.reproduced for c in report.checks],
        "agrees": ["yes" if c.ok else "NO" for c in report.checks],
        "source": [c.source for c in report.checks],
    }
    lines += ["", "## Checks", "", markdown_table(checks)]
    for key, table in report.tables.items():
        lines += ["", f"## {md_escape(report.title(key))}", "", markdown_table(table)]
    if report.notes:
        lines += ["", "## Notes", ""] + [f"- {md_escape(n)}" for n in report.notes]
    lines += ["", "## Data, licences and provenance", ""]
    for d in report.sources():
        lines.append(
            f"- {md_escape(d['name'])}: {md_escape(d['title'])}. Source: {md_escape(d['source'])}. "
            f"Licence: {md_escape(d['licence'])}."
        )
    for attribution, names in _attributions(report).items():
        lines += ["", f'Attribution to ship with any copy of {md_escape(", ".join(names))}: "{md_escape(attribution)}"']
    for collection, text in report.provenance().items():
        fence = "~~~~"
        lines += [
            "",
            f"### Provenance of {md_escape(collection)}",
            "",
            fence + "text",
            text.replace(fence, "~ ~ ~ ~"),
            fence,
        ]
    lines += ["", "## How to cite", ""]
    if meta["citation"]:
        lines.append(f"- The study: {md_escape(meta['citation'])}")
    lines.append(f"- The package: {md_escape(meta['cite_package'])} (CITATION.cff)")
    return "\n".join(lines) + "\n"


def html_document(title: str, body: str) -> str:
    """A self-contained HTML page: inline style, no script, no link to anything."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{PAGE_STYLE}{STYLE}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def svg_of(figure: Any) -> str:
    """A matplotlib figure as inline SVG: the ``<svg>`` element only, without the XML
    prologue, the DOCTYPE (which names a DTD on the network) and the metadata block (dates and
    links to vocabularies), so that the page refers to nothing outside itself; what is left of
    ``http`` are the namespace names of ``xmlns``, which nothing fetches."""
    import io

    buf = io.StringIO()
    figure.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buf.getvalue()
    return (text[text.find("<svg") :] if "<svg" in text else text).strip()
