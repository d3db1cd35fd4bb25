"""Command line: ``coterminous replicate [STUDY] [--format text|markdown|json|html] [-o FILE]``
and ``coterminous --version``."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from pathlib import Path

from . import studies
from ._core import __version__
from ._report import CITATION
from .replication import replicate

EXIT_OK = 0
"""Every check agrees with the published figures."""
EXIT_DISAGREE = 1
"""At least one check does not agree."""
EXIT_USAGE = 2
"""Bad arguments, or an unknown study."""
EXIT_OUTPUT = 3
"""The report could not be written (a full disk, a closed standard output): an I/O failure."""
EXIT_INTERNAL = 4
"""The package failed while making the report (a bug, or a broken environment such as an
unknown ``MPLBACKEND``): one line on standard error says what failed."""

EPILOG = f"""exit status:
  {EXIT_OK}  every check agrees with the published figures
  {EXIT_DISAGREE}  at least one check disagrees
  {EXIT_USAGE}  bad arguments or an unknown study
  {EXIT_OUTPUT}  the report could not be written (an I/O error such as a full disk, or
     standard output closed)
  {EXIT_INTERNAL}  internal error: the report could not be made (one line on standard error
     says why; a broken environment, such as MPLBACKEND naming no backend, or a bug)
A reader that stops early (coterminous replicate | head) is not an error: the rest of the
report is dropped quietly and the status is that of the checks. Text that the output's
encoding cannot hold (PYTHONIOENCODING=ascii) is written with ASCII stand-ins and
backslash escapes.

cite the package as: {CITATION}
(CITATION.cff in the repository; each report also cites its study and its data)"""

# Typographic characters of the reports and their ASCII stand-ins.
_ASCII = str.maketrans(
    {"\u2014": "--", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "..."}
)


def _encodable(text: str, encoding: str) -> str:
    """``text`` as the stream's ``encoding`` can hold it: unchanged when it can, otherwise with
    ASCII stand-ins for typographic characters and backslash escapes for the rest."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        text = text.translate(_ASCII)
        return text.encode(encoding, errors="backslashreplace").decode(encoding)
    except LookupError:
        return text


def _detach_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of what
    could not be written does not fail again at exit."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's StringIO)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def _write(text: str) -> int | None:
    """Write ``text`` to standard output; None when written (or when the reader closed the
    pipe: nothing to report), ``EXIT_OUTPUT`` after an I/O error, reported on standard error."""
    out = sys.stdout
    if out is None:  # started with standard output closed (coterminous replicate >&-)
        print("coterminous: cannot write the report: standard output is closed", file=sys.stderr)
        return EXIT_OUTPUT
    text = _encodable(text, getattr(out, "encoding", None) or "utf-8")
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        _detach_stdout()
        return None
    except OSError as e:
        _detach_stdout()
        print(f"coterminous: cannot write the report: {e.strerror or e}", file=sys.stderr)
        return EXIT_OUTPUT
    return None


def _parser() -> argparse.ArgumentParser:
    known = studies.names()
    parser = argparse.ArgumentParser(
        prog="coterminous",
        description="Scoring and pairing of co-terminous public bodies.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"coterminous {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    rep = sub.add_parser(
        "replicate",
        help="recompute a study's published figures from the shipped data",
        description="Recompute a study's published figures from the data shipped with the package, and report "
        "each check (published beside reproduced), the tables behind them, figures (html) and notes.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rep.add_argument(
        "study",
        nargs="?",
        default=studies.DEFAULT,
        help=f"the study (one of: {', '.join(known)}; default {studies.DEFAULT})",
    )
    rep.add_argument(
        "--format",
        choices=("text", "markdown", "json", "html"),
        default="text",
        help="text for a terminal (default, fits its width); markdown; json (every value, the version, "
        "date, command, citation and data provenance); html (one offline page with figures)",
    )
    rep.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="FILE",
        help="write the report to FILE (UTF-8) instead of standard output; a line on standard error names it",
    )
    return parser


def _run(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    known = studies.names()
    if args.study not in known:
        print(
            f"coterminous replicate: unknown study {args.study!r}; the studies are: {', '.join(known)}", file=sys.stderr
        )
        return EXIT_USAGE
    report = replicate(args.study, command=" ".join(["coterminous", *(shlex.quote(a) for a in argv)]))
    render = {"text": report.to_text, "markdown": report.to_markdown, "json": report.to_json, "html": report.to_html}
    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns))
    text = report.to_text(width) if args.format == "text" else render[args.format]()
    text = text if text.endswith("\n") else text + "\n"
    if args.output is None:
        failed = _write(text)
    else:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
            failed = None
            print(f"coterminous: wrote the {args.format} report of {args.study} to {args.output}", file=sys.stderr)
        except OSError as e:
            print(f"coterminous: cannot write the report to {args.output}: {e.strerror or e}", file=sys.stderr)
            failed = EXIT_OUTPUT
    if failed is not None:
        return failed
    return EXIT_OK if report.ok else EXIT_DISAGREE


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv
        The arguments after the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 when every check agrees, 1 when one does not, 2 for bad arguments
        or an unknown study, 3 when the report could not be written (an I/O error, or standard
        output closed), 4 for an internal error (one line on standard error, no traceback). A
        closed pipe is not an error: the status is that of the checks.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        return _run(argv)
    except SystemExit as e:  # argparse: --help, --version, bad arguments
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_USAGE)
        return code
    except KeyboardInterrupt:
        print("coterminous: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # one line, not a traceback, and a status of its own
        message = " ".join(str(e).split()) or "no message"
        print(f"coterminous: internal error, no report made: {type(e).__name__}: {message}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
