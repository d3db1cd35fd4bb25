"""The command line as a shell uses it (issue 9 item 15): a reader that closes the pipe, a full
disk and an ASCII-only terminal, run in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coterminous import replicate
from coterminous.__main__ import EXIT_DISAGREE, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE

PACKAGE = str(Path(__file__).resolve().parents[2] / "python")


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = PACKAGE + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _expected_status() -> int:
    return EXIT_OK if replicate().ok else EXIT_DISAGREE


def test_exit_codes_are_distinct_and_documented() -> None:
    assert len({EXIT_OK, EXIT_DISAGREE, EXIT_USAGE, EXIT_OUTPUT}) == 4
    out = subprocess.run(
        [sys.executable, "-m", "coterminous", "replicate", "--help"], capture_output=True, text=True, env=_env()
    )
    assert out.returncode == 0
    for code in (EXIT_OK, EXIT_DISAGREE, EXIT_USAGE, EXIT_OUTPUT):
        assert f"\n  {code}  " in out.stdout


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
    report = replicate()
    if fmt == "json":
        assert json.loads(text) == json.loads(report.to_json())
    else:
        original = report.to_text() if fmt == "text" else report.to_markdown()
        assert text.count("\n") == original.rstrip("\n").count("\n") + 1
        if "\u2014" in original:
            assert "--" in text
