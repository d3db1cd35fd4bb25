"""The progress policy: a bar only for runs expected to take more than about a second, tqdm
never imported for instant runs, tqdm.auto only in notebooks that have ipywidgets."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings

import pytest

from coterminous import _progress

_FAKE_TTY = """
import io, sys, warnings
warnings.simplefilter("error")


class Tty(io.StringIO):
    def isatty(self):
        return True


sys.stderr = Tty()
import coterminous as ct
from coterminous import _progress
"""


def _run(code: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_FAKE_TTY) + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_instant_runs_never_import_tqdm_even_in_a_terminal():
    out = _run(
        """
        x, y = [3, 3, 4, 2, 3, 2, 1, 4], [1, 2, 4, 1, 1, 3, 2, 2]
        ct.bootstrap((x, y), "mean_difference", rng=1)
        ct.bootstrap(x, "median", n_resamples=20_000, rng=1)
        ct.bootstrap(x, lambda a: float(sum(a)), n_resamples=200, rng=1)
        ct.permutation_test(x, y, n_resamples=20_000, rng=1)
        ct.permutation_test(x, y, paired=False, n_resamples=20_000, rng=1)
        print("tqdm" in sys.modules, sys.stderr.getvalue() == "")
        """
    )
    assert out.split() == ["False", "True"]


def test_a_run_expected_to_be_long_shows_a_bar_in_a_terminal():
    pytest.importorskip("tqdm")
    out = _run(
        """
        _progress.SHOW_AFTER = 0.0  # every run counts as long
        ct.bootstrap([3, 3, 4, 2, 3, 2, 1, 4], "mean", rng=1)
        print("tqdm" in sys.modules, "tqdm.auto" in sys.modules)
        """
    )
    assert out.split() == ["True", "False"]  # outside a notebook: the text bar


def test_progress_false_never_and_true_always():
    assert not _progress._show_progress(False, 1e9)
    assert _progress._show_progress(True, 0.0)
    assert not _progress._show_progress(None, 0.001)  # instant: no bar, whatever the terminal


def test_ci_never_shows_a_bar(monkeypatch):
    monkeypatch.setenv("CI", "1")
    assert not _progress._show_progress(None, 100.0)


def test_estimates_call_the_defaults_instant_and_huge_runs_long():
    # the default 9999 resamples of a few hundred scores: instant for every compiled kernel
    for kernel in ("bootstrap_mean", "bootstrap_median", "permutation_paired", "permutation_independent"):
        assert _progress.expected_seconds(kernel, 9999, 400) < _progress.SHOW_AFTER, kernel
    # 10 million shuffles of 4,000 values (about 11 s measured): long
    assert _progress.expected_seconds("permutation_independent", 10_000_000, 4000) > _progress.SHOW_AFTER
    # a Python callable, one call per resample: long sooner
    assert _progress.expected_seconds("callable", 100_000, 100) > _progress.SHOW_AFTER


def test_notebooks_use_tqdm_auto_only_with_ipywidgets(monkeypatch):
    monkeypatch.setattr(_progress, "_in_notebook", lambda: True)
    monkeypatch.setattr(_progress.deps, "has_module", lambda name: name == "ipywidgets")
    assert _progress._tqdm_module() == "tqdm.auto"
    monkeypatch.setattr(_progress.deps, "has_module", lambda name: False)
    assert _progress._tqdm_module() == "tqdm.std"
    monkeypatch.setattr(_progress, "_in_notebook", lambda: False)
    assert _progress._tqdm_module() == "tqdm.std"


def test_a_notebook_without_ipywidgets_gets_no_warning(monkeypatch):
    pytest.importorskip("tqdm")
    monkeypatch.setattr(_progress, "_in_notebook", lambda: True)
    monkeypatch.setattr(_progress.deps, "has_module", lambda name: False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with _progress._Bar(10, True, "test") as bar:
            assert bar.hook is not None
            bar.update(10)
