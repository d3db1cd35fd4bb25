"""Command line: ``coterminous replicate [STUDY] [--format text|markdown|json]``."""

from __future__ import annotations

import argparse
import sys

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
    rep.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    args = parser.parse_args(argv)
    if args.study not in known:
        print(
            f"coterminous replicate: unknown study {args.study!r}; the studies are: {', '.join(known)}", file=sys.stderr
        )
        return 2
    report = replicate(args.study)
    text = {"text": report.to_text, "markdown": report.to_markdown, "json": report.to_json}[args.format]()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
