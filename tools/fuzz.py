#!/usr/bin/env python3
"""A long fuzzing campaign: the property tests, many more examples, until the time is up.

    python tools/fuzz.py --minutes 30

Round after round, each with fresh seeds, it runs

* every Python test file that has hypothesis properties, with ``COTERMINOUS_FUZZ_EXAMPLES``
  examples per property (the "fuzz" profile of ``tests/conftest.py``) and ``--hypothesis-seed``;
* the Rust property tests (``cargo test --test properties``, ``rust-tests/properties.rs``) with
  ``PROPTEST_CASES`` cases per property and ``PROPTEST_RNG_SEED``;

then prints what ran (rounds, seeds, examples, cases) and each failure with the command that
reproduces it. Hypothesis keeps failing examples in ``.hypothesis/`` and proptest in
``rust-tests/*.proptest-regressions``; both replay them first on the next run. The exit code is
1 when anything failed, 0 otherwise. CI runs the same tests with their bounded default counts.

Run it from anywhere; it needs the compiled extension in ``python/coterminous`` (see README)
and ``cargo``. ``--python`` picks the interpreter (default: this one).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")
# plain #[test]s of rust-tests/properties.rs, not properties: skipped here
RUST_PLAIN_TESTS = ["generated_documents_are_often_valid"]
RUST_RESULT = re.compile(r"test result: \w+\. (\d+) passed; (\d+) failed")


@dataclass
class Tally:
    rounds: int = 0
    python_runs: int = 0
    python_examples: int = 0
    python_invalid: int = 0
    python_seeds: list[int] = field(default_factory=list)
    rust_runs: int = 0
    rust_cases: int = 0
    rust_seeds: list[int] = field(default_factory=list)
    cut_short: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def run(cmd: list[str], env: dict[str, str], deadline: float) -> tuple[int | None, str]:
    """Run `cmd` until it ends or the deadline passes; (exit code or None if cut, output)."""
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        out, _ = proc.communicate(timeout=max(deadline - time.monotonic(), 1.0))
        return proc.returncode, out
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        out, _ = proc.communicate()
        return None, out


def reproducer(env: dict[str, str], cmd: list[str]) -> str:
    return " ".join([*(f"{k}={shlex.quote(v)}" for k, v in env.items()), *map(shlex.quote, cmd)])


def hypothesis_files() -> list[str]:
    """The test files with hypothesis properties."""
    return sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("test_*.py")
        if "@given" in p.read_text(encoding="utf-8")
    )


def python_round(py: str, path: str, examples: int, tally: Tally, deadline: float) -> None:
    seed = random.randrange(2**32)
    extra = {"COTERMINOUS_FUZZ_EXAMPLES": str(examples), "PYTHONPATH": str(ROOT / "python")}
    cmd = [py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "hypothesis", "--hypothesis-show-statistics"]
    cmd += [f"--hypothesis-seed={seed}", path]
    code, out = run(cmd, {**os.environ, **extra}, deadline)
    if code is None:
        tally.cut_short.append(f"{path} (seed {seed})")
        return
    tally.python_runs += 1
    tally.python_seeds.append(seed)
    for passing, failing, invalid in STATS.findall(out):
        tally.python_examples += int(passing) + int(failing)
        tally.python_invalid += int(invalid)
    if code not in (0, 5):  # 5: no hypothesis test in the file
        keep = [ln for ln in out.splitlines() if ln.startswith(("FAILED", "E ", "Falsifying", "@reproduce_failure"))]
        tally.failures.append(f"{path}:\n  " + "\n  ".join(keep[:30]) + f"\n  reproduce: {reproducer(extra, cmd)}")


def rust_round(cases: int, release: bool, tally: Tally, deadline: float) -> None:
    seed = random.randrange(2**63)
    extra = {"PROPTEST_CASES": str(cases), "PROPTEST_RNG_SEED": str(seed)}
    cmd = ["cargo", "test", "--quiet", *(["--release"] if release else []), "--test", "properties", "--"]
    cmd += [arg for name in RUST_PLAIN_TESTS for arg in ("--skip", name)]
    code, out = run(cmd, {**os.environ, **extra}, deadline)
    if code is None:
        tally.cut_short.append(f"cargo test --test properties (seed {seed})")
        return
    tally.rust_runs += 1
    tally.rust_seeds.append(seed)
    for passed, failed in RUST_RESULT.findall(out):
        tally.rust_cases += (int(passed) + int(failed)) * cases
    if code != 0:
        keep = [
            ln for ln in out.splitlines() if "Test failed" in ln or "minimal failing input" in ln or "panicked" in ln
        ]
        tally.failures.append(
            "rust properties:\n  " + "\n  ".join(keep[:30]) + f"\n  reproduce: {reproducer(extra, cmd)}"
        )


def report(t: Tally, minutes: float) -> None:
    print(f"\nfuzz campaign: {minutes:g} minutes, {t.rounds} rounds")
    print(
        f"  python: {t.python_runs} file runs, {t.python_examples} examples (+{t.python_invalid} invalid), "
        f"{len(t.python_seeds)} seeds"
    )
    print(f"  rust:   {t.rust_runs} runs, {t.rust_cases} cases, seeds {t.rust_seeds}")
    if t.cut_short:
        print(f"  cut short at the deadline: {', '.join(t.cut_short)}")
    print(f"  failures: {len(t.failures)}")
    for f in t.failures:
        print("\n" + f)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--minutes", type=float, required=True, help="how long to run")
    ap.add_argument("--examples", type=int, default=500, help="hypothesis examples per property (default 500)")
    ap.add_argument("--cases", type=int, default=2000, help="proptest cases per property (default 2000)")
    ap.add_argument("--python", default=sys.executable, help="the interpreter for pytest")
    ap.add_argument("--release", action="store_true", help="build the Rust properties optimised (more cases/s)")
    ap.add_argument("--no-rust", action="store_true", help="only the Python properties")
    ap.add_argument("--no-python", action="store_true", help="only the Rust properties")
    args = ap.parse_args(argv)
    deadline = time.monotonic() + 60 * args.minutes
    files = [] if args.no_python else hypothesis_files()
    tally = Tally()
    try:
        while time.monotonic() < deadline:
            tally.rounds += 1
            print(f"round {tally.rounds}: ", end="", flush=True)
            if not args.no_rust:
                rust_round(args.cases, args.release, tally, deadline)
                print("rust ", end="", flush=True)
            for path in files:
                if time.monotonic() >= deadline:
                    break
                python_round(args.python, path, args.examples, tally, deadline)
                print(".", end="", flush=True)
            print(f" ({tally.python_examples} examples, {tally.rust_cases} cases, {len(tally.failures)} failures)")
    except KeyboardInterrupt:
        print("\ninterrupted")
    report(tally, args.minutes)
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
