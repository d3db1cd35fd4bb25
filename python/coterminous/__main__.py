"""Command line: ``coterminous replicate [STUDY] [--format text|markdown|json|html] [-o FILE]``."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from . import studies
from .replication import replicate


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv
        The arguments after the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 when every check agrees, 1 when one does not, 2 for an unknown study.
    """
    known = studies.names()
    parser = argparse.ArgumentParser(
        prog="coterminous", description="Scoring and pairing of co-terminous public bodies."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("replicate", help="recompute a study's published figures from the shipped data")
    rep.add_argument("study", nargs="?", default=studies.DEFAULT, help=f"the study (one of: {', '.join(known)})")
    rep.add_argument("--format", choices=("text", "markdown", "json", "html"), default="text")
    rep.add_argument("-o", "--output", default=None, help="write the report to this file instead of standard output")
    args = parser.parse_args(argv)
    if args.study not in known:
        print(
            f"coterminous replicate: unknown study {args.study!r}; the studies are: {', '.join(known)}", file=sys.stderr
        )
        return 2
    report = replicate(args.study)
    render = {"text": report.to_text, "markdown": report.to_markdown, "json": report.to_json, "html": report.to_html}
    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns))
    text = report.to_text(width) if args.format == "text" else render[args.format]()
    text = text if text.endswith("\n") else text + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
