"""Rendering of the package's own objects for people: HTML (escaped, for notebooks and the
offline report), Markdown, and plain text that fits a terminal. No library beyond numpy.

Everything user-supplied (names, titles, labels, cells) goes through :func:`html.escape`.
"""

from __future__ import annotations

import dataclasses
import json
import math
import textwrap
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import numpy as np

#: The inline style of the package's HTML tables and of the offline report (no external CSS).
STYLE = (
    ".coterminous table{border-collapse:collapse;margin:0.4em 0 1em 0}"
    ".coterminous th,.coterminous td{border:1px solid #bbb;padding:2px 8px;text-align:left;vertical-align:top}"
    ".coterminous th{background:#f0f0f0}"
    ".coterminous caption{text-align:left;font-weight:bold;padding:2px 0}"
    ".coterminous .fail{color:#b00;font-weight:bold}"
    ".coterminous .ok{color:#070}"
    ".coterminous figure{margin:0.5em 0 1.5em 0}"
    ".coterminous svg{max-width:100%;height:auto}"
)

# ------------------------------------------------------------------------------ values


def number(v: Any) -> str:
    """A number for reading: integers whole, floats to six significant digits (so that a
    p-value of 1.2e-15 reads 1.2e-15, not 0), no negative zero."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        return f"{f + 0.0:.6g}"
    return str(v)


def value_text(v: Any) -> str:
    """One value on one line: dicts as ``key value, ...``, sequences as ``(a, b)``, arrays
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
        return "<br>".join(f"{escape(str(k))} {escape(value_text(w))}" for k, w in v.items())
    return escape(value_text(v))


# ------------------------------------------------------------------------------ tables


def _rows(table: Mapping[str, Sequence[Any]]) -> int:
    return max((len(c) for c in table.values()), default=0)


def html_table(table: Mapping[str, Sequence[Any]], caption: str | None = None) -> str:
    """A dict of columns as an escaped HTML table."""
    cols = list(table)
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{escape(str(c))}</th>" for c in cols) + "</tr></thead><tbody>")
    for i in range(_rows(table)):
        out.append("<tr>" + "".join(f"<td>{value_html(table[c][i])}</td>" for c in cols) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _md_cell(v: Any) -> str:
    return value_text(v).replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Mapping[str, Sequence[Any]]) -> str:
    """A dict of columns as a Markdown table (pipes in cells escaped)."""
    cols = list(table)
    rows = ["| " + " | ".join(_md_cell(c) for c in cols) + " |", "|" + "---|" * len(cols)]
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


# ------------------------------------------------------------------------------ reports


def report_html(report: Any, verdict: str, figures: Sequence[tuple[str, str]] = (), heading: int = 2) -> str:
    """A report as an HTML fragment: verdict, checks, tables, figures (title and inline SVG)
    and notes."""
    h, h2 = f"h{heading}", f"h{heading + 1}"
    cls = "ok" if report.ok else "fail"
    out = [f'<div class="coterminous"><{h}>Replication of {escape(report.study)}</{h}>']
    out.append(f'<p class="{cls}">{escape(verdict)}</p>')
    out.append(f"<{h2}>Checks</{h2}><table><thead><tr>")
    out.append("".join(f"<th>{c}</th>" for c in ("check", "published", "reproduced", "agrees", "source")))
    out.append("</tr></thead><tbody>")
    for c in report.checks:
        agrees = '<span class="ok">yes</span>' if c.ok else '<span class="fail">no</span>'
        out.append(
            f"<tr><td>{escape(c.name)}</td><td>{value_html(c.published)}</td><td>{value_html(c.reproduced)}</td>"
            f"<td>{agrees}</td><td>{escape(c.source)}</td></tr>"
        )
    out.append("</tbody></table>")
    for name, table in report.tables.items():
        out.append(f"<{h2}>{escape(name)}</{h2}>{html_table(table)}")
    for title, svg in figures:
        out.append(f"<figure>{svg}<figcaption>{escape(title)}</figcaption></figure>")
    if report.notes:
        out.append(f"<{h2}>Notes</{h2}><ul>" + "".join(f"<li>{escape(n)}</li>" for n in report.notes) + "</ul>")
    out.append("</div>")
    return "".join(out)


def html_document(title: str, body: str) -> str:
    """A self-contained HTML page: inline style, no script, no link to anything."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>body{{font-family:sans-serif;margin:2em}}{STYLE}</style>\n"
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
