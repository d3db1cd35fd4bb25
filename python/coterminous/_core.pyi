"""Type stubs of the compiled core (checked against the module by mypy.stubtest)."""

from collections.abc import Callable
from typing import Any, Literal, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "Framework",
    "score_columns",
    "check_scores",
    "group_counts",
    "group_modes",
    "normalize_name",
    "normalize_names",
    "builtin_affixes",
    "NamePairs",
    "NameCandidates",
    "pair_names",
    "name_candidates",
    "Matching",
    "assign_csr",
    "assign_dense",
    "assign_edges",
    "OverlapTable",
    "overlap_stream",
    "overlap_columns",
    "read_column",
    "Relationships",
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
    "StatsTestOptions",
    "StatsBootstrapOptions",
    "StatsPermutationOptions",
    "stats_bootstrap_batch",
    "stats_permutation_plan",
    "stats_bootstrap_interval",
    "stats_permutation_pvalue",
    "StatsSignTest",
    "StatsWilcoxon",
    "StatsCliffsDelta",
    "StatsBootstrap",
    "StatsPermutation",
    "STATS_MAX_RESAMPLES",
    "crosswalk_apportion",
    "crosswalk_best_fit",
    "crosswalk_join",
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
    @property
    def source(self) -> str | None: ...
    @property
    def groups(self) -> list[tuple[str, str]]: ...
    @property
    def theme_groups(self) -> list[str | None]: ...
    @property
    def scale_direction(self) -> str: ...
    @property
    def overall_labels(self) -> list[tuple[int, str]] | None: ...
    def overall_of(self, scores: list[object]) -> int | None:
        """The overall score of one row of theme scores (None = not assessed), by the rule table.

        Raises
        ------
        FrameworkError
            The framework has no rule table.
        ScoreError
            A score is not a whole number within the scale: 3.7, NaN, ``2**70``, a boolean or
            a string (the message names the theme and the value, unrounded).
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
    missing: Literal["error", "propagate", "skip"],
    percent: bool = False,
) -> tuple[
    npt.NDArray[np.int32] | None,
    npt.NDArray[np.int32] | None,
    npt.NDArray[np.bool_] | None,
    npt.NDArray[np.float64] | None,
    npt.NDArray[np.int32] | None,
]:
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
        ``"error"``, ``"propagate"`` or ``"skip"``.
    percent
        Compute the percentage of the maximum over the assessed themes.

    Returns
    -------
    tuple
        ``(total, overall, nulls, percent, assessed)``: int32 arrays (None when not computed),
        the rows whose outputs are missing (None when there are none or ``missing="error"``),
        the float64 percentages (None unless ``percent``) and the number of themes assessed
        per row (None unless ``missing="skip"``).

    Raises
    ------
    ScoreError
        A score is outside the scale or missing.
    FrameworkError
        ``overall=True`` on a framework without a rule table; ``percent`` on a scale with
        ``min < 0``.
    CoterminousValueError
        An unknown ``missing`` option, or columns of different lengths.
    CoterminousTypeError
        An array is not 1-D numeric in native byte order, or has non-positive strides.
    KeyboardInterrupt
        Ctrl-C while scoring (polled per chunk of rows and while the rule table is tabulated).
    """

def check_scores(
    framework: Framework,
    values: npt.NDArray[np.generic],
    *,
    arg: str,
    column: str | None = None,
    missing: npt.NDArray[np.bool_] | None = None,
) -> None:
    """The score-in-scale rule, the one ``score`` applies to a theme column: every value of
    ``values`` is a whole number within ``framework``'s scale (whole floats pass).

    Parameters
    ----------
    framework
        Whose scale (``scale_min`` to ``scale_max``).
    values
        A 1-D numpy array of any integer or float type.
    arg, column
        Where the values come from, for the message: the argument, and the column if any.
    missing
        Rows that are missing (True): not checked. Without it, every row is checked (NaN is
        not a score).

    Raises
    ------
    ScoreError
        The first bad row, in one form with the value unrounded:
        ``'{arg}: column "x", row 3: 3.0000000001 is not an integer from 1 to 4'``
        (``"{arg}: row 3: ..."`` without ``column``; NaN outside ``missing`` is
        ``"NaN is not an integer from 1 to 4"``).
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
    ties: Literal["low", "high", "error", "all"],
) -> tuple[
    npt.NDArray[np.uint64],
    list[tuple[npt.NDArray[np.uint64] | None, npt.NDArray[np.int64], npt.NDArray[np.bool_] | None, int | None]],
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

def normalize_name(name: str, affixes: str | None = None, replace: bool = False) -> str:
    """The normalised form of one name; ``affixes`` is a JSON list added to (or, with
    ``replace``, replacing) the built-in one."""

def normalize_names(
    names: object,
    affixes: str | None = None,
    replace: bool = False,
) -> list[str | None]:
    """Normalise a column of strings (a list, numpy array, Arrow array or polars Series); None
    where a name is missing."""

def builtin_affixes() -> dict[str, list[str]]:
    """The built-in affix list: ``{"prefix": [...], "suffix": [...]}``."""

@final
class NamePairs:
    """Pairs of names: positions (-1: none, in an outer pairing) and similarities (0-100)."""

    @property
    def left(self) -> npt.NDArray[np.int64]:
        """Positions in the left list."""
    @property
    def right(self) -> npt.NDArray[np.int64]:
        """Positions in the right list."""
    @property
    def score(self) -> npt.NDArray[np.float64]:
        """Similarities, 0 where either side is missing."""
    @property
    def matched(self) -> list[str | None] | None:
        """The words matched, per row (None: an unpaired name), with ``explain``; else None."""
    @property
    def unmatched(self) -> list[str | None] | None:
        """The words of both names left over, per row, with ``explain``; else None."""

def pair_names(
    left: object,
    right: object,
    min_score: float,
    affixes: str | None = None,
    replace: bool = False,
    how: object = None,
    left_block: npt.NDArray[np.int64] | None = None,
    right_block: npt.NDArray[np.int64] | None = None,
    progress: Callable[[int], object] | None = None,
    explain: bool = False,
) -> NamePairs:
    """The optimal one-to-one pairing of two string columns by name similarity, sorted by left
    index; ``how`` is ``"inner"`` (default) or ``"outer"`` (also every unpaired name); with
    block codes (negative: none), names pair only within equal codes; with ``explain``, the
    words matched and left over of each pair, as ``name_candidates`` gives them."""

@final
class NameCandidates:
    """Candidates for review, one row each: positions (-1: no partner), score, rank and margin."""

    @property
    def left(self) -> npt.NDArray[np.int64]:
        """Positions in the left list (-1: a right name in no row)."""
    @property
    def right(self) -> npt.NDArray[np.int64]:
        """Positions in the right list (-1: a left name with no candidate)."""
    @property
    def score(self) -> npt.NDArray[np.float64]:
        """Similarities, NaN where there is no partner."""
    @property
    def rank(self) -> npt.NDArray[np.int64]:
        """1 for a left name's best candidate; 0 where there is no partner."""
    @property
    def margin(self) -> npt.NDArray[np.float64]:
        """The score minus the next candidate's (or minus 0); NaN where there is no partner."""
    @property
    def matched(self) -> list[str | None] | None:
        """The words matched, per row, with ``explain``; else None."""
    @property
    def unmatched(self) -> list[str | None] | None:
        """The words of both names left over, per row, with ``explain``; else None."""

def name_candidates(
    left: object,
    right: object,
    min_score: float,
    affixes: str | None = None,
    replace: bool = False,
    left_block: npt.NDArray[np.int64] | None = None,
    right_block: npt.NDArray[np.int64] | None = None,
    progress: Callable[[int], object] | None = None,
    k: int = 3,
    how: Literal["left", "both", "inner"] | None = None,
    explain: bool = False,
) -> NameCandidates:
    """The ``k`` best candidates of each left name, ranked by score then right position, with
    margins; ``how="left"`` (default) keeps a row for every left name, ``"both"`` also every
    right name in no row, ``"inner"`` the candidates only; with block codes (negative: none),
    only pairs within equal codes."""

@final
class Matching:
    """The matched pairs of an assignment, in increasing row order."""

    @property
    def rows(self) -> npt.NDArray[np.int64]:
        """Row of each pair."""
    @property
    def cols(self) -> npt.NDArray[np.int64]:
        """Column of each pair."""
    @property
    def weights(self) -> npt.NDArray[np.float64]:
        """Weight of each pair."""
    @property
    def edges(self) -> npt.NDArray[np.int64]:
        """Where each pair's weight comes from: its edge (``assign_edges``), ``row * n_cols + col``
        (``assign_dense``), its position in the arrays (``assign_csr``)."""

def assign_csr(
    n_rows: int,
    n_cols: int,
    indptr: npt.NDArray[np.uint64],
    indices: npt.NDArray[np.uint32],
    weights: npt.NDArray[np.float64],
    min_weight: float,
) -> Matching:
    """The maximum-weight matching of a compressed-row graph; edges of weight 0 or below
    ``min_weight`` are never matched."""

def assign_dense(weights: npt.NDArray[np.float64], min_weight: float) -> Matching:
    """The maximum-weight matching of a dense 2-D matrix of weights (a zero is no edge)."""

def assign_edges(
    n_rows: int,
    n_cols: int,
    rows: npt.NDArray[np.uint32],
    cols: npt.NDArray[np.uint32],
    weights: npt.NDArray[np.float64],
    min_weight: float,
    column: str | None = None,
) -> Matching:
    """The maximum-weight matching of an edge list; of several edges of one pair the heaviest
    counts; a bad weight names ``column`` and the edge's row when given."""

@final
class OverlapTable:
    """The overlap table of a lookup, one row per pair of codes, sorted by left then right."""

    @property
    def left_units(self) -> list[str] | npt.NDArray[np.int64]:
        """The left codes, sorted."""
    @property
    def right_units(self) -> list[str] | npt.NDArray[np.int64]:
        """The right codes, sorted."""
    @property
    def left(self) -> npt.NDArray[np.int64]:
        """Each row's left code, as an index into ``left_units``."""
    @property
    def right(self) -> npt.NDArray[np.int64]:
        """Each row's right code, as an index into ``right_units``."""
    @property
    def weight(self) -> npt.NDArray[np.float64]:
        """The weight of each pair."""
    @property
    def left_share(self) -> npt.NDArray[np.float64]:
        """The pair's weight over the left unit's total (NaN for a total of 0)."""
    @property
    def right_share(self) -> npt.NDArray[np.float64]:
        """The pair's weight over the right unit's total (NaN for a total of 0)."""
    @property
    def coterminosity(self) -> npt.NDArray[np.float64]:
        """The smaller of the two shares."""

def overlap_stream(lookup: object, left: str, right: str, weight: str | None = None) -> OverlapTable:
    """The overlap table of a lookup with ``__arrow_c_stream__``, read batch by batch."""

@final
class Relationships:
    """The relationship of each unit of one side and its partners."""

    @property
    def codes(self) -> npt.NDArray[np.uint8]:
        """One code per unit: 0 coterminous, 1 nested, 2 split, 3 overlapping."""
    @property
    def offsets(self) -> npt.NDArray[np.uint64]:
        """Unit ``u``'s partners are ``partners[offsets[u]:offsets[u + 1]]``."""
    @property
    def partners(self) -> npt.NDArray[np.uint32]:
        """Partner indices, largest share of the unit first."""

def relationships_side(
    n: int,
    own: npt.NDArray[np.uint32],
    other: npt.NDArray[np.uint32],
    own_share: npt.NDArray[np.float64],
    other_share: npt.NDArray[np.float64],
    min_coterminosity: float,
) -> Relationships:
    """The relationship of each of ``n`` units of one side from the rows of an overlap table."""

STATS_MAX_RESAMPLES: int

@final
class StatsSignTest:
    """The sign test's result."""

    @property
    def statistic(self) -> int: ...
    @property
    def pvalue(self) -> float: ...
    @property
    def n_positive(self) -> int: ...
    @property
    def n_negative(self) -> int: ...
    @property
    def n_zero(self) -> int: ...

@final
class StatsWilcoxon:
    """The Wilcoxon test's result; ``zstatistic`` is NaN unless the normal approximation ran."""

    @property
    def statistic(self) -> float: ...
    @property
    def pvalue(self) -> float: ...
    @property
    def zstatistic(self) -> float: ...
    @property
    def method(self) -> str: ...

@final
class StatsCliffsDelta:
    """Cliff's delta with its interval, standard error, p-value and counts."""

    @property
    def statistic(self) -> float: ...
    @property
    def low(self) -> float: ...
    @property
    def high(self) -> float: ...
    @property
    def standard_error(self) -> float: ...
    @property
    def pvalue(self) -> float: ...
    @property
    def n_greater(self) -> int: ...
    @property
    def n_less(self) -> int: ...
    @property
    def n_ties(self) -> int: ...
    @property
    def pvalue_method(self) -> str: ...

@final
class StatsBootstrap:
    """A bootstrap interval; ``path`` names the kernel that ran ("given" for given resamples)."""

    @property
    def statistic(self) -> float: ...
    @property
    def low(self) -> float: ...
    @property
    def high(self) -> float: ...
    @property
    def standard_error(self) -> float | None: ...
    @property
    def n_resamples(self) -> int: ...
    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def bootstrap_distribution(self) -> npt.NDArray[np.float64]: ...

@final
class StatsPermutation:
    """A permutation test's result; ``n_resamples`` is the whole permutation set when ``exact``."""

    @property
    def statistic(self) -> float: ...
    @property
    def pvalue(self) -> float: ...
    @property
    def n_resamples(self) -> int: ...
    @property
    def exact(self) -> bool: ...
    @property
    def path(self) -> str: ...

_Alternative = Literal["two-sided", "less", "greater"]

@final
class StatsTestOptions:
    """The options the tests share, parsed and checked once when made."""

    def __new__(cls, alternative: _Alternative, confidence_level: float = 0.95) -> StatsTestOptions: ...
    @property
    def alternative(self) -> _Alternative: ...
    @property
    def confidence_level(self) -> float: ...

@final
class StatsBootstrapOptions:
    """A bootstrap's options, parsed and checked once when made."""

    def __new__(
        cls,
        n_resamples: int,
        method: Literal["percentile", "basic", "bca", "BCa"],
        confidence_level: float,
        alternative: _Alternative,
    ) -> StatsBootstrapOptions: ...
    @property
    def n_resamples(self) -> int: ...
    @property
    def method(self) -> Literal["percentile", "basic", "bca"]: ...

@final
class StatsPermutationOptions:
    """A permutation test's options, parsed and checked once when made."""

    def __new__(cls, n_resamples: int, alternative: _Alternative) -> StatsPermutationOptions: ...
    @property
    def n_resamples(self) -> int: ...

def stats_sign_test(d: npt.NDArray[np.float64], options: StatsTestOptions) -> StatsSignTest:
    """The exact sign test of the differences ``d``."""

def stats_wilcoxon(
    d: npt.NDArray[np.float64],
    zero_method: Literal["wilcox", "pratt", "zsplit"],
    correction: bool,
    method: Literal["auto", "exact", "asymptotic"],
    options: StatsTestOptions,
) -> StatsWilcoxon:
    """The Wilcoxon signed-rank test of the differences ``d`` (the alternative from ``options``)."""

def stats_cliffs_delta(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], options: StatsTestOptions
) -> StatsCliffsDelta:
    """Cliff's delta of two independent samples (the confidence level from ``options``)."""

def stats_cliffs_delta_paired(d: npt.NDArray[np.float64], options: StatsTestOptions) -> StatsCliffsDelta:
    """The paired (within-pair) dominance of the differences ``d``."""

def stats_holm(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Holm's adjusted p-values, in the input order."""

def stats_bonferroni(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Bonferroni's adjusted p-values."""

def stats_bootstrap_batch(n_rows: int, n_samples: int, options: StatsBootstrapOptions) -> int:
    """Resamples per batch of a Python statistic's bootstrap, under the core's memory cap (checks the rows)."""

def stats_bootstrap(
    d: npt.NDArray[np.float64],
    statistic: Literal["mean", "median"],
    options: StatsBootstrapOptions,
    seed: int,
    progress: Callable[[int], object] | None = None,
) -> StatsBootstrap:
    """A bootstrap interval of the mean or the median of ``d``."""

def stats_bootstrap_interval(
    resamples: npt.NDArray[np.float64],
    observed: float,
    options: StatsBootstrapOptions,
    jackknife: Callable[[], npt.ArrayLike] | None = None,
) -> StatsBootstrap:
    """The interval of given bootstrap statistics around ``observed``; for BCa, ``jackknife()``
    returns the leave-one-out statistics."""

def stats_permutation_plan(
    x_rows: int, y_rows: int, paired: bool, options: StatsPermutationOptions
) -> tuple[bool, int, int]:
    """The permutation set a Python statistic's test uses (checking the sizes): ``(exact, total,
    batch)``, the whole set or ``total`` random permutations, ``batch`` at a time (bounded by memory)."""

def stats_permutation_pvalue(
    null: npt.NDArray[np.float64], observed: float, exact: bool, options: StatsPermutationOptions
) -> float:
    """The p-value of ``observed`` against given permuted statistics (the whole set when ``exact``)."""

def stats_permutation_paired(
    d: npt.NDArray[np.float64],
    options: StatsPermutationOptions,
    seed: int,
    progress: Callable[[int], object] | None = None,
) -> StatsPermutation:
    """The sign-flip permutation test of the mean of the differences ``d``."""

def stats_permutation_independent(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    options: StatsPermutationOptions,
    seed: int,
    progress: Callable[[int], object] | None = None,
) -> StatsPermutation:
    """The label-shuffle permutation test of ``mean(x) - mean(y)``."""

# --- crosswalk (apportion, best_fit, chain) ------------------------------------------------

def crosswalk_apportion(
    source: npt.NDArray[np.uint32],
    target: npt.NDArray[np.uint32],
    weight: npt.NDArray[np.float64],
    n_sources: int,
    n_targets: int,
    rows: npt.NDArray[np.int64],
    n_rows: int,
    names: list[str],
    arrays: list[Any],
    masks: list[npt.NDArray[np.bool_] | None],
    kinds: list[tuple[str, int, int, bool, bool]],
    ties: str,
) -> tuple[npt.NDArray[np.float64], list[dict[str, Any]]]:
    """Move columns of a values table through an overlap's pairs: ``(coverage, [dict per column])``."""

def crosswalk_best_fit(
    source: npt.NDArray[np.uint32],
    target: npt.NDArray[np.uint32],
    weight: npt.NDArray[np.float64],
    n_sources: int,
    n_targets: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The best fit of each source unit: ``(best, share, runner_up, runner_up_share)``."""

def crosswalk_join(
    lookup_keys: npt.NDArray[np.uint32],
    table_keys: npt.NDArray[np.uint32],
    n_codes: int,
    share_name: str | None = None,
    share: npt.NDArray[np.float64] | None = None,
) -> dict[str, Any]:
    """Join lookup keys to table keys (code indices); see ``crosswalk::join``."""

# --- one column reader (src/python/columns.rs) ---
def read_column(
    column: Any, label: str, numbers: bool = False
) -> tuple[Literal["null", "bool", "int", "float", "str"], Any, npt.NDArray[np.bool_] | None]:
    """Read one column as every binding does (an Arrow array or stream, a numpy array, a list):
    ``(kind, values, mask)``; values a numpy array (0 where missing), a list of str or None.
    A list mixing kinds (``1``, ``True``, ``1.0``, ``"1"``) raises CoterminousTypeError naming
    ``label`` and the row; ``numbers=True`` reads ints and floats together as floats."""

def overlap_columns(left: Any, right: Any, weight: Any | None, names: tuple[str, str, str | None]) -> OverlapTable:
    """The overlap table of a lookup given as its columns (lists, numpy arrays, Arrow arrays
    or polars Series), read by the one column reader; ``names`` name them in messages."""
