"""The command line as a shell uses it (issue 9 item 15): a reader that closes the pipe, a full
disk and an ASCII-only terminal, run in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import coterminous as ct
from coterminous import replicate
from coterminous.__main__ import EXIT_DISAGREE, EXIT_INTERNAL, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE

PACKAGE = str(Path(__file__).resolve().parents[2] / "python")


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = PACKAGE + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _expected_status() -> int:
    return EXIT_OK if replicate().ok else EXIT_DISAGREE


def test_exit_codes_are_distinct_and_documented() -> None:
    assert (EXIT_OK, EXIT_DISAGREE, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERNAL) == (0, 1, 2, 3, 4)
    out = subprocess.run(
        [sys.executable, "-m", "coterminous", "replicate", "--help"], capture_output=True, text=True, env=_env()
    )
    assert out.returncode == 0
    for code in (EXIT_OK, EXIT_DISAGREE, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERNAL):
        assert f"\n  {code}  " in out.stdout


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coterminous", *args], capture_output=True, text=True, env=_env(**env), timeout=300
    )


def test_version_and_help_for_every_option() -> None:
    out = _run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"coterminous {ct.__version__}"
    top = _run("--help").stdout
    assert "--version" in top and "cite the package as: The coterminous developers" in top
    rep = " ".join(_run("replicate", "--help").stdout.split())
    for option, words in (
        ("--format", "text for a terminal"),
        ("-o FILE, --output FILE", "a line on standard error names it"),
        ("study", f"the study (one of: {', '.join(ct.studies.names())}"),
    ):
        assert option in rep and words in rep, option


def test_output_file_is_named_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    out = _run("replicate", "--format", "markdown", "-o", str(path))
    assert out.returncode == _expected_status() and out.stdout == ""
    assert out.stderr == f"coterminous: wrote the markdown report of nlgn2008 to {path}\n"
    text = path.read_text(encoding="utf-8")
    assert f"coterminous replicate --format markdown -o {path}" in text  # the command that made it


def test_standard_output_closed_is_an_output_error_in_one_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "coterminous", "replicate"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, env=_env(), timeout=300, close_fds=True,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert out.returncode == EXIT_OUTPUT
    assert out.stderr == "coterminous: cannot write the report: standard output is closed\n"


def test_an_internal_failure_has_its_own_status_and_one_line(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = _run("replicate", "--format", "html", "-o", str(tmp_path / "r.html"), MPLBACKEND="bogus")
    assert out.returncode == EXIT_INTERNAL, out.stderr
    assert out.stderr.startswith("coterminous: internal error, no report made: ") and "bogus" in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_closed_pipe_is_quiet(fmt: str) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written: every write fails
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "coterminous", "replicate", "--format", fmt],
            stdout=write,
            stderr=subprocess.PIPE,
            env=_env(),
        )
    finally:
        os.close(write)
    assert proc.stderr == b""
    assert proc.returncode == _expected_status()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_an_output_error() -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "coterminous", "replicate"], stdout=full, stderr=subprocess.PIPE, env=_env()
        )
    assert proc.returncode == EXIT_OUTPUT
    err = proc.stderr.decode()
    assert "cannot write the report: No space left on device" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_an_ascii_terminal_gets_ascii_text(fmt: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "coterminous", "replicate", "--format", fmt],
        capture_output=True,
        env=_env(PYTHONIOENCODING="ascii"),
    )
    assert proc.returncode == _expected_status(), proc.stderr.decode()
    text = proc.stdout.decode("ascii")  # raises if a byte is not ASCII
    report = replicate(command=f"coterminous replicate --format {fmt}")
    if fmt == "json":
        assert json.loads(text) == json.loads(report.to_json())
    else:
        original = report.to_text() if fmt == "text" else report.to_markdown()
        assert text.count("\n") == original.rstrip("\n").count("\n") + 1
        if "\u2014" in original:
            assert "--" in text
