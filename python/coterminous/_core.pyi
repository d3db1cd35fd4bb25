"""Type stubs of the compiled core (checked against the module by mypy.stubtest)."""

from collections.abc import Callable
from typing import final

import numpy as np
import numpy.typing as npt

__all__ = [
    "Framework",
    "score_columns",
    "group_counts",
    "group_modes",
    "normalize_name",
    "normalize_names",
    "pair_names",
    "assign_csr",
    "overlap_stream",
    "relationships_side",
    "stats_sign_test",
    "stats_wilcoxon",
    "stats_cliffs_delta",
    "stats_cliffs_delta_paired",
    "stats_holm",
    "stats_bonferroni",
    "stats_bootstrap",
    "stats_permutation_paired",
    "stats_permutation_independent",
    "STATS_MAX_RESAMPLES",
    "__version__",
]

__version__: str

@final
class Framework:
    """A validated assessment framework (wrapped by ``coterminous.Framework``)."""

    @staticmethod
    def from_json(text: str | bytes) -> Framework:
        """Parse and validate a JSON document (bytes must be UTF-8).

        Raises
        ------
        FrameworkError
            The document is malformed; the message names its JSON path.
        """
    @staticmethod
    def builtin(name: str) -> Framework:
        """A built-in framework (compiled into the core from ``src/frameworks/``).

        Raises
        ------
        CoterminousValueError
            No built-in framework has that name.
        """
    @staticmethod
    def builtin_names() -> list[str]:
        """The names of the built-in frameworks."""
    def to_json(self) -> str:
        """The canonical JSON text."""
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def themes(self) -> list[str]: ...
    @property
    def theme_labels(self) -> list[str]: ...
    @property
    def scale_min(self) -> int: ...
    @property
    def scale_max(self) -> int: ...
    @property
    def scale_labels(self) -> list[tuple[int, str]]: ...
    @property
    def has_overall(self) -> bool: ...
    def overall_of(self, scores: list[int]) -> int:
        """The overall score of one row of theme scores, by the rule table.

        Raises
        ------
        FrameworkError
            The framework has no rule table.
        CoterminousValueError
            Not one score per theme.
        """
    def check_column_map(self, keys: list[str]) -> None:
        """Check the keys of a ``columns`` mapping: each must be a theme.

        Raises
        ------
        CoterminousValueError
            Some keys are not themes; the message lists them and the themes.
        """
    def __eq__(self, value: object, /) -> bool: ...

def score_columns(
    framework: Framework,
    names: list[str],
    arrays: list[npt.NDArray[np.generic]],
    masks: list[npt.NDArray[np.bool_] | None],
    total: bool,
    overall: bool | None,
    missing: str,
) -> tuple[npt.NDArray[np.int32] | None, npt.NDArray[np.int32] | None, npt.NDArray[np.bool_] | None]:
    """Validate and score columns given in theme order.

    Parameters
    ----------
    framework
        The framework.
    names, arrays, masks
        One name, 1-D numeric array and null mask (or None) per theme.
    total
        Compute the totals.
    overall
        Compute the overall scores; None: when the framework has a rule table.
    missing
        ``"error"`` or ``"propagate"``.

    Returns
    -------
    tuple
        ``(total, overall, nulls)``: int32 arrays (None when not computed) and the rows with a
        missing score (None when there are none or ``missing="error"``).

    Raises
    ------
    ScoreError
        A score is outside the scale or missing.
    FrameworkError
        ``overall=True`` on a framework without a rule table.
    CoterminousValueError
        An unknown ``missing`` option, or columns of different lengths.
    CoterminousTypeError
        An array is not 1-D numeric in native byte order, or has non-positive strides.
    """
def group_counts(
    key_names: list[str],
    keys: list[npt.NDArray[np.generic]],
    names: list[str],
    arrays: list[npt.NDArray[np.generic]],
    masks: list[npt.NDArray[np.bool_] | None],
    scale: tuple[int, int] | None = None,
) -> tuple[
    npt.NDArray[np.uint64],
    list[tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.uint64]]],
]:
    """Count values per group (groups in order of first appearance).

    Returns
    -------
    tuple
        ``(first_rows, [(offsets, values, counts) per column])``: group ``g`` of a column holds
        ``values[offsets[g]:offsets[g+1]]`` (ascending) with their counts. With ``scale``,
        every value of the scale is listed, zero counts included.

    Raises
    ------
    ScoreError
        A value is not a whole number (or, with ``scale``, outside it).
    CoterminousValueError
        No value columns, a value column named twice or also a key column.
    """
def group_modes(
    key_names: list[str],
    keys: list[npt.NDArray[np.generic]],
    names: list[str],
    arrays: list[npt.NDArray[np.generic]],
    masks: list[npt.NDArray[np.bool_] | None],
    ties: str,
) -> tuple[
    npt.NDArray[np.uint64],
    list[
        tuple[npt.NDArray[np.uint64] | None, npt.NDArray[np.int64], npt.NDArray[np.bool_] | None, int | None]
    ],
]:
    """The modes per group and column by the tie policy ``ties``.

    Returns
    -------
    tuple
        ``(first_rows, [(offsets, values, missing, tied_group) per column])``: with
        ``ties="all"``, group ``g``'s modes are ``values[offsets[g]:offsets[g+1]]``; otherwise
        ``values`` has one per group and ``missing`` marks groups without a value; with
        ``ties="error"``, a tie gives ``tied_group`` and its tied ``values``.

    Raises
    ------
    CoterminousValueError
        ``ties`` is not ``"low"``, ``"high"``, ``"error"`` or ``"all"``, or the column lists
        are invalid.
    ScoreError
        A value is not a whole number that fits int64.
    """
def normalize_name(name: str, affixes: str | None = None, replace: bool = False) -> str: ...
def normalize_names(
    offsets: npt.NDArray[np.int32] | npt.NDArray[np.int64],
    data: npt.NDArray[np.uint8],
    mask: npt.NDArray[np.bool_] | None = None,
    affixes: str | None = None,
    replace: bool = False,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]: ...
def pair_names(
    left_offsets: npt.NDArray[np.int32] | npt.NDArray[np.int64],
    left_data: npt.NDArray[np.uint8],
    left_mask: npt.NDArray[np.bool_] | None,
    right_offsets: npt.NDArray[np.int32] | npt.NDArray[np.int64],
    right_data: npt.NDArray[np.uint8],
    right_mask: npt.NDArray[np.bool_] | None,
    min_score: float,
    affixes: str | None = None,
    replace: bool = False,
    assign: bool = True,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]: ...
def assign_csr(
    n_rows: int,
    n_cols: int,
    indptr: npt.NDArray[np.uint64],
    indices: npt.NDArray[np.uint32],
    weights: npt.NDArray[np.float64],
    min_weight: float = 0.0,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]: ...
def overlap_stream(
    lookup: object, left: str, right: str, weight: str | None = None
) -> tuple[
    list[str] | npt.NDArray[np.int64],
    list[str] | npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
]: ...
def relationships_side(
    n: int,
    own: npt.NDArray[np.uint32],
    other: npt.NDArray[np.uint32],
    own_share: npt.NDArray[np.float64],
    other_share: npt.NDArray[np.float64],
    threshold: float,
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint64], npt.NDArray[np.uint32]]: ...

STATS_MAX_RESAMPLES: int

def stats_sign_test(d: npt.NDArray[np.float64], alternative: str) -> tuple[int, float, int, int, int]: ...
def stats_wilcoxon(
    d: npt.NDArray[np.float64], zero_method: str, correction: bool, method: str, alternative: str
) -> tuple[float, float, float, str]: ...
def stats_cliffs_delta(
    a: npt.NDArray[np.float64], b: npt.NDArray[np.float64], confidence_level: float
) -> tuple[float, float, float, float, float, int, int, int]: ...
def stats_cliffs_delta_paired(
    d: npt.NDArray[np.float64], confidence_level: float
) -> tuple[float, float, float, float, float, int, int, int]: ...
def stats_holm(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...
def stats_bonferroni(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...
def stats_bootstrap(
    d: npt.NDArray[np.float64],
    statistic: str,
    n_resamples: int,
    method: str,
    confidence_level: float,
    alternative: str,
    seed: int,
    progress: Callable[[int], object] | None = None,
) -> tuple[float, float, float, float, str]: ...
def stats_permutation_paired(
    d: npt.NDArray[np.float64],
    n_resamples: int,
    alternative: str,
    seed: int,
    progress: Callable[[int], object] | None = None,
) -> tuple[float, float, int, bool, str]: ...
def stats_permutation_independent(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    n_resamples: int,
    alternative: str,
    seed: int,
    progress: Callable[[int], object] | None = None,
) -> tuple[float, float, int, bool, str]: ...
