"""Each unit to the partner holding most of its weight (:func:`best_fit`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np

from .. import _core, _frame
from .._frame import crosswalk as cw
from ._common import as_python, check_names, name_column, read_links

__all__ = ["best_fit"]


def best_fit(
    overlap: Any,
    *,
    to: Literal["right", "left"] = "right",
    names: Mapping[Any, str] | None = None,
) -> Any:
    """Each unit of one side to the single partner holding most of its weight (the ONS
    best-fit rule, on weights).

    Parameters
    ----------
    overlap : DataFrame, Table or dict of arrays
        A table with columns ``left``, ``right`` and ``weight`` (the output of
        :func:`coterminous.overlap`, or any such table). A pair on several rows counts once,
        its weights added.
    to : {"right", "left"}, default "right"
        The side the units are fitted to: ``"right"`` gives each left unit its right partner.
    names : mapping of code to name, optional
        Adds ``left_name``, ``right_name`` and ``runner_up_name`` beside the codes (missing for
        a code the mapping lacks).

    Returns
    -------
    table
        One row per unit of the other side, ascending by code, of the overlap's kind: the unit
        (``left`` when ``to="right"``), its best partner (``right``), ``share`` (the share of the
        unit's weight the partner holds), ``runner_up`` and ``runner_up_share`` (the partner
        holding the next most; missing when there is none). Ties (exactly equal weights) go to
        the smaller code, never to the order of the rows. A unit whose total weight is 0 has
        no partner (missing values).

    Raises
    ------
    CoterminousValueError
        A missing code or weight, or a negative or infinite weight.
    ColumnNotFoundError
        ``left``, ``right`` or ``weight`` is not in ``overlap``.
    CoterminousTypeError
        ``overlap`` is not a table, or ``names`` not a mapping.

    Examples
    --------
    >>> import pandas as pd
    >>> overlap = pd.DataFrame({"left": ["A", "A", "B"], "right": ["x", "y", "y"], "weight": [30, 10, 60]})
    >>> best_fit(overlap)
      left right  share runner_up  runner_up_share
    0    A     x   0.75         y             0.25
    1    B     y   1.00       NaN             <NA>
    """
    names = check_names(names)
    links = read_links(overlap, to)
    kind = links.kind
    best, share, runner, runner_share = _core.crosswalk_best_fit(
        links.source, links.target, links.weight, len(links.sources), len(links.targets)
    )
    src, tgt = links.source_side, links.target_side
    no_best, no_runner = best < 0, runner < 0
    targets = links.targets if len(links.targets) else np.zeros(0, dtype=np.int64)
    pick = (lambda idx: targets[np.maximum(idx, 0)]) if len(targets) else (lambda idx: np.zeros(len(idx), np.int64))
    out: dict[str, Any] = {
        src: cw.code_column(kind, src, links.sources),
        tgt: cw.code_column(kind, tgt, pick(best), no_best if no_best.any() else None),
        "share": _frame.to_series(kind, "share", share, no_best if no_best.any() else None),
        "runner_up": cw.code_column(kind, "runner_up", pick(runner), no_runner if no_runner.any() else None),
        "runner_up_share": _frame.to_series(
            kind, "runner_up_share", runner_share, no_runner if no_runner.any() else None
        ),
    }
    if names is not None:
        out[f"{src}_name"] = name_column(kind, f"{src}_name", as_python(links.sources), names)
        out[f"{tgt}_name"] = name_column(kind, f"{tgt}_name", as_python(pick(best)), names, no_best)
        out["runner_up_name"] = name_column(kind, "runner_up_name", as_python(pick(runner)), names, no_runner)
    return _frame.new_table(kind, out)
