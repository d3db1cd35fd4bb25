"""Pictures of the package's results with matplotlib (``pip install "coterminous[plot]"``).

Each function takes a result of the package (or any table with the documented columns:
pandas, polars, pyarrow or a dict of arrays), draws on ``ax=`` or on a new figure, and returns
the matplotlib Axes. matplotlib is imported when a picture is drawn, never by
``import coterminous`` or ``import coterminous.plot``.

- :func:`modes`: bars of modal scores per theme and group (the paper's Figures 1 and 4);
- :func:`distribution`: stacked shares of each score per theme and group;
- :func:`pairs`: one row per pair, the left and right scores joined (Figure 3 as a picture);
- :func:`gaps`: a heatmap of theme gaps per pair;
- :func:`sensitivity`: a heatmap of pairs kept per pair of thresholds;
- :func:`relationships` (or :func:`overlap`): co-terminosity of left by right units, with each
  unit's relationship;
- :func:`bootstrap`: a bootstrap distribution with its statistic and interval;
- :func:`evaluation`: precision and recall of a pairing by score threshold (``evaluate_pairs``);
- :func:`report_figures`: the figures of a replication report;
- :func:`palette`: the one colour of each group (councils, PCTs, ...) in every plot.
"""

from __future__ import annotations

from ._layout import palette
from .charts import bootstrap, distribution, modes, pairs
from .evaluation import evaluation
from .matrices import gaps, overlap, relationships, sensitivity
from .report import new_figure, report_figures

__all__ = [
    "bootstrap",
    "distribution",
    "evaluation",
    "gaps",
    "modes",
    "new_figure",
    "overlap",
    "pairs",
    "palette",
    "relationships",
    "report_figures",
    "sensitivity",
]
