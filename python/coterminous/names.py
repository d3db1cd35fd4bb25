"""Organisation names: normalisation and the optimal one-to-one pairing of two lists of names
(PCTs with councils, integrated care boards with councils...)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np

from . import _core, _frame
from ._frame import names as frame_names
from ._progress import _Bar, _show_progress
from .errors import CoterminousTypeError, CoterminousValueError

__all__ = ["normalize_name", "pair_names", "name_candidates"]


def _affixes(affixes: Mapping[str, Any] | None) -> tuple[str | None, bool]:
    if affixes is None:
        return None, False
    if not isinstance(affixes, Mapping):
        raise CoterminousTypeError(
            f"affixes: expected a mapping such as {{'prefix': [...], 'suffix': [...]}}, got {type(affixes).__name__}"
        )
    replace = affixes.get("replace", False)
    if not isinstance(replace, bool):
        raise CoterminousTypeError(f"affixes: 'replace' must be True or False, got {replace!r}")
    doc: dict[str, Any] = {}
    for key, value in affixes.items():
        if key == "replace":
            continue
        if key not in ("prefix", "suffix"):
            raise CoterminousValueError(f"affixes: unknown key {key!r}; expected 'prefix', 'suffix' or 'replace'")
        if isinstance(value, str) or not all(isinstance(v, str) for v in value):
            raise CoterminousTypeError(f"affixes: {key!r} must be a list of strings, got {value!r}")
        doc[key] = list(value)
    return json.dumps(doc), replace


def normalize_name(name: Any, *, affixes: Mapping[str, Any] | None = None) -> Any:
    """The normalised form of an organisation name, for matching.

    Unicode NFKC, case-folded, ``&`` becomes ``and``, apostrophes dropped, other punctuation
    and repeated spaces become single spaces, ``St``/``St.`` becomes ``saint`` (``Univ``,
    ``Hosp``, ``Hosps``: ``university``, ``hospital``, ``hospitals``), and sector affixes
    (``Primary Care Trust``, ``PCT``, ``London Borough of``, ``MBC``, ``City Council``, ``NHS
    FT``, a leading ``City of``...) are removed as whole words from the start and end,
    repeatedly, with an ODS sub-ICB code after ``ICB`` (``ICB - 91Q``), never leaving the name
    empty. Normalising twice changes nothing.

    Parameters
    ----------
    name
        A string (a string comes back), or a list, numpy array, pandas or polars Series or
        pyarrow Array of strings (the same kind comes back; missing names stay missing).
    affixes
        Extra affixes: ``{"prefix": [...], "suffix": [...]}`` are added to the built-in list
        (kept in the compiled core); with ``"replace": True`` they replace it.

    Returns
    -------
    str or column
        The normalised name, or the normalised names as the kind of column given.

    Raises
    ------
    CoterminousTypeError
        A name that is not a string (naming the row), or ``affixes`` of the wrong shape.
    CoterminousValueError
        An unknown key in ``affixes``, or an affix with no letters or digits.

    Examples
    --------
    >>> normalize_name("London Borough of Bexley"), normalize_name("Bexley PCT")
    ('bexley', 'bexley')
    >>> normalize_name(["Brighton & Hove City PCT", "Brighton and Hove City Council", None])
    ['brighton and hove', 'brighton and hove', None]
    >>> normalize_name("St. Helens MBC"), normalize_name("Torbay Care Trust")
    ('saint helens', 'torbay')
    """
    extra, replace = _affixes(affixes)
    if isinstance(name, str):
        try:
            name.encode("utf-8")
        except UnicodeEncodeError as e:
            raise CoterminousValueError(
                f"name: character {e.start} ({name[e.start]!r}) is a lone surrogate, not text; "
                "decode the source with errors='replace' or remove it"
            ) from None
        return _core.normalize_name(name, extra, replace)
    if name is None:
        return None
    b = _frame.strings(name, "name")
    return b.like(_core.normalize_names(b.column, extra, replace))


def _names_column(b: _frame.Strings, kind: str, col: str, idx: np.ndarray, null: np.ndarray | None) -> Any:
    """The original names at ``idx`` (missing where ``null``), as a column of ``kind``."""
    return b.take(kind, col, idx, null)


def _block_kind(v: Any) -> str | None:
    """The kind of a block value (equal values of one kind block together: an int and a float
    equal as numbers do, the string "1" and the integer 1 do not), or None for a value that
    cannot be one (a list, a mapping, a set)."""
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, (int, float, np.integer, np.floating)):
        return "number"
    if isinstance(v, (str, np.str_)):
        return "string"
    if isinstance(v, (bytes, np.bytes_)):
        return "bytes"
    if isinstance(v, (list, tuple, dict, set, frozenset, np.ndarray)) or isinstance(v, Mapping):
        return None
    try:
        hash(v)
    except TypeError:
        return None
    return type(v).__name__  # dates, decimals...: equal within their own kind


def _block_values(values: Any, what: str) -> list[Any]:
    if (
        values is None
        or isinstance(values, (str, bytes, int, float, bool, np.generic))
        or not hasattr(values, "__len__")
    ):
        raise CoterminousTypeError(
            f"{what}: expected one block value per name (a list, numpy array or Series), got {type(values).__name__}"
        )
    if hasattr(values, "to_pylist"):
        return list(values.to_pylist())
    if hasattr(values, "to_list"):
        return list(values.to_list())
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise CoterminousTypeError(f"{what}: expected a 1-D array of block values, got {values.ndim} dimensions")
        return list(values.tolist())
    return list(values)


def _block_codes(
    left_block: Any, right_block: Any, n_left: int, n_right: int
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Integer codes of the block values of both sides (equal values, equal codes; a missing
    value: -1, never paired)."""
    if left_block is None and right_block is None:
        return None, None
    if left_block is None or right_block is None:
        raise CoterminousValueError("left_block, right_block: give both or neither")
    codes: dict[Any, int] = {}
    out = []
    for what, values, n in (("left_block", left_block, n_left), ("right_block", right_block, n_right)):
        vals = _block_values(values, what)
        if len(vals) != n:
            raise CoterminousValueError(f"{what}: expected one block per name ({n}), got {len(vals)}")
        c = np.empty(n, dtype=np.int64)
        first: tuple[str, int] | None = None
        for i, v in enumerate(vals):
            if _frame._is_missing(v):
                c[i] = -1
                continue
            kind = _block_kind(v)
            if kind is None:
                raise CoterminousTypeError(
                    f"{what}: row {i}: a block value must be a single value (a string, a number...), "
                    f"got {type(v).__name__} {v!r:.60}"
                )
            if first is None:
                first = (kind, i)
            elif kind != first[0]:
                raise CoterminousTypeError(
                    f"{what}: row {i}: a {kind} among {first[0]} block values (row {first[1]}); "
                    "give one kind of value per side"
                )
            if isinstance(v, np.generic):
                v = v.item()
            c[i] = codes.setdefault((kind, v), len(codes))
        out.append(c)
    return out[0], out[1]


def _check_explain(explain: Any) -> None:
    if not isinstance(explain, (bool, np.bool_)):
        raise CoterminousTypeError(f"explain: expected True or False, got {explain!r}")


#: Seconds per name (either side), a generous estimate from the common-word benchmark
#: (20,000 names a side in about 1 s on two cores): the threshold of ``progress=None``.
_SECONDS_PER_NAME = 4e-5


def _bar(progress: bool | None, n_left: int, n_right: int) -> _Bar:
    """The progress bar of a pairing: its unit is a name probed or scored, ``2 * n_left +
    n_right`` in all (the core counts them as it goes)."""
    seconds = _SECONDS_PER_NAME * (n_left + n_right)
    return _Bar(2 * n_left + n_right, _show_progress(progress, seconds), "pairing names", unit="name")


def pair_names(
    left: Any,
    right: Any,
    *,
    min_score: float = 35.0,
    how: Literal["inner", "outer"] = "inner",
    explain: bool = False,
    affixes: Mapping[str, Any] | None = None,
    backend: str | None = None,
    left_block: Any = None,
    right_block: Any = None,
    progress: bool | None = None,
) -> Any:
    """The best one-to-one pairing of two lists of organisation names.

    Names are normalised (see ``normalize_name``) and compared by a similarity from 0 to 100:
    a weighted Dice coefficient of their words, each word weighing ``ln(1 + N / df)`` where
    ``df`` is the number of the ``N`` names (both lists) that contain it, so place names count
    more than common words such as ``north`` or ``and``. Words match when equal (in any order)
    or, for words of 5 or more characters, at one typing error (similarity ``1 - 1/length``).
    100 means the same words; 0 no word in common. Every pair scoring at least ``min_score`` is
    found through an inverted index of words (no all-pairs matrix), and the pairs kept are the
    one-to-one assignment maximising the sum of squared scores, solved exactly (not greedily);
    a name may stay unpaired. Squaring keeps one strong pair rather than trading it for two
    middling ones (80² > 51² + 40², where a plain sum would prefer the two). Ties go to pairs
    whose shared words come in the same order: "Ashford and Bexden" pairs with "Ashford and
    Bexden" rather than "Bexden and Ashford", which scores the same 100 (the tie-break adds
    1e-6 per such pair to the sum of squared scores; scores are unchanged). Scores are summed
    exactly, so they depend on the words, never on their order. On large registers the
    assignment is solved on each name's best few candidates and proved optimal for all of them
    by its dual prices (pairs the prices do not cover are added and it is solved again), so
    the total is the optimum over every candidate; among pairings of equal total, which one is
    returned is not specified.

    Parameters
    ----------
    left, right
        Lists, tuples, numpy arrays, pandas or polars Series, or pyarrow (Chunked)Arrays of
        strings. Missing names are never paired. Duplicate names are allowed: each keeps its
        own index (identical names are compared once; ``k`` copies of one name facing ``m``
        copies of another pair in index order). Thousands of copies of names that also
        compete with other names (more than 50 million unit pairs) raise ValueError: pair
        the distinct names, then join back.
    min_score
        The lowest similarity (0-100) a pair may have. The default, 35, pairs real English PCT
        and council lists with precision 1.0 and recall 0.98 (see BENCHMARKS.md).
    how
        ``"inner"``: the pairs only. ``"outer"``: also every left name left unpaired (in left
        order, with missing ``right``, ``right_index`` and ``score``) and then every unpaired
        right name.
    explain
        Also return ``matched`` and ``unmatched`` for each pair, exactly as ``name_candidates``
        with ``explain=True`` gives them for the same two names: the normalised words matched
        (``word``, or ``word~other`` at one typing error; ``acronym:gosh`` first when the pair
        scores through an acronym) and the words of both names left over. Missing for the
        unpaired names of ``how="outer"``. Computed after the pairing (the pairs are the same).
    affixes
        Extra sector affixes for normalisation (see ``normalize_name``).
    backend
        ``"pandas"``, ``"polars"``, ``"pyarrow"`` or ``"dict"`` (a dict of numpy arrays): the
        kind of table returned. By default that of ``left`` when it is a pandas/polars Series
        or an Arrow array, else pandas.
    left_block, right_block
        Optional block values, one per name (a region, a type of body): names are paired only
        with names of an equal block value; a missing value is never paired. Each block is an
        independent problem (word weights counted within it), solved in parallel.
    progress
        A tqdm progress bar (the ``progress`` extra; in notebooks it needs ipywidgets): True
        always, False never, None (default) only when the pairing is expected to take more than
        about a second (about 25,000 names on either side); tqdm is not imported otherwise.

    Returns
    -------
    table
        A table ``left, right, left_index, right_index, score``: the original names, their
        0-based positions in ``left`` and ``right``, and the similarity; sorted by
        ``left_index``. With ``explain=True``, also ``matched`` and ``unmatched``.

    Raises
    ------
    CoterminousValueError
        ``min_score`` outside 0-100, an unknown ``how`` or ``backend``, more than 50 million
        candidate pairs to solve at once (copies of identical names, or many names whose common
        words alone reach ``min_score``), more than 500 million entries of the
        word index to visit (names made mostly of words that recur in thousands of names: a
        bound on time, checked before any is visited; the message names the words), or more
        than 20 million pairs of distinct words at one typing error (many short words
        differing by one character; the limit keeps the neighbour table under about 320 MB
        and is checked before it is built).
    KeyboardInterrupt
        Ctrl-C stops the pairing within a fraction of a second (it runs with the interpreter
        released and checks for a stop between chunks of work).
    CoterminousTypeError
        A ``min_score`` that is not a number, an ``explain`` that is not True or False, names
        that are not strings (naming the row), a table instead of one column, or ``affixes`` of
        the wrong shape.

    Examples
    --------
    >>> out = pair_names(["Bexley Care Trust", "Hull Teaching PCT", "Kingston PCT"],
    ...                  ["Kingston upon Hull City Council", "LB Bexley", "Royal Borough of Kingston upon Thames"])
    >>> out[["left_index", "right_index", "score"]].round(1)
       left_index  right_index  score
    0           0            1  100.0
    1           1            0   52.7
    2           2            2   39.7
    >>> out["right"].tolist()
    ['LB Bexley', 'Kingston upon Hull City Council', 'Royal Borough of Kingston upon Thames']

    With ``explain=True``, why each pair scored as it did (here through an acronym):

    >>> out = pair_names(["GOSH"], ["Great Ormond Street Hospital for Children NHS Foundation Trust"], explain=True)
    >>> out[["left", "score", "matched", "unmatched"]].round(1)
       left  score       matched     unmatched
    0  GOSH   64.3  acronym:gosh  for children
    """
    _check_explain(explain)
    extra, replace = _affixes(affixes)
    lb = _frame.strings(left, "left")
    rb = _frame.strings(right, "right")
    kind = _frame.returned_kind(backend, lb.kind)
    lk, rk = _block_codes(left_block, right_block, lb.n, rb.n)
    with _bar(progress, lb.n, rb.n) as bar:
        pairs = _core.pair_names(lb.column, rb.column, min_score, extra, replace, how, lk, rk, bar.hook, bool(explain))
    li, ri, score = pairs.left, pairs.right, pairs.score
    lnull = rnull = snull = None
    if how == "outer":  # unpaired names: position -1 (made missing here), score 0
        lnull = li < 0
        rnull = ri < 0
        snull = lnull | rnull
        li = np.where(lnull, 0, li)
        ri = np.where(rnull, 0, ri)
        lnull, rnull, snull = (m if m.any() else None for m in (lnull, rnull, snull))
    columns = {
        "left": _names_column(lb, kind, "left", li, lnull),
        "right": _names_column(rb, kind, "right", ri, rnull),
        "left_index": _frame.to_series(kind, "left_index", li, lnull),
        "right_index": _frame.to_series(kind, "right_index", ri, rnull),
        "score": _frame.to_series(kind, "score", score, snull),
    }
    if explain:
        columns["matched"] = frame_names.string_column(kind, "matched", pairs.matched or [])
        columns["unmatched"] = frame_names.string_column(kind, "unmatched", pairs.unmatched or [])
    return _frame.new_table(kind, columns)


def name_candidates(
    left: Any,
    right: Any,
    *,
    k: int = 3,
    min_score: float = 35.0,
    how: Literal["left", "both", "inner"] = "left",
    explain: bool = False,
    affixes: Mapping[str, Any] | None = None,
    backend: str | None = None,
    left_block: Any = None,
    right_block: Any = None,
    progress: bool | None = None,
) -> Any:
    """The ``k`` best-scoring partners of each left name, for clerical review.

    The same normalisation, similarity and candidate index as ``pair_names`` (every pair
    scoring at least ``min_score`` is found, none lost), without the one-to-one assignment: a
    right name may be a candidate of several left names. The ``k`` best are kept while scoring
    (memory in proportion to the rows returned, not to all pairs).

    Parameters
    ----------
    left, right
        Lists, tuples, numpy arrays, pandas or polars Series, or pyarrow (Chunked)Arrays of
        strings. Missing names have no candidates.
    k
        How many candidates per left name at most (a positive integer); ties are broken by
        right position.
    min_score
        The lowest similarity (0-100) a candidate may have.
    how
        ``"left"`` (default): every left name, a name with no candidate in one row with a
        missing partner (the rows a reviewer most needs). ``"both"``: also, at the end, every
        right name that is in no row, with a missing partner. ``"inner"``: candidates only.
    explain
        Also return ``matched`` (the normalised words the two names share, one-to-one; a match
        at one typing error is written ``word~other``) and ``unmatched`` (the words of both
        names left over): the very match the score counted, from the core.
    affixes
        Extra sector affixes for normalisation (see ``normalize_name``).
    backend
        ``"pandas"``, ``"polars"``, ``"pyarrow"`` or ``"dict"`` (a dict of numpy arrays): the
        kind of table returned. By default that of ``left`` when it is a pandas/polars Series
        or an Arrow array, else pandas.
    left_block, right_block
        Optional block values: candidates only within equal values (see ``pair_names``).
    progress
        A progress bar, as in ``pair_names``.

    Returns
    -------
    table
        A long table ``left, right, left_index, right_index, score, rank, margin`` (plus
        ``matched`` and ``unmatched`` with ``explain=True``): one row per candidate, sorted by
        ``left_index`` then ``rank`` (1 for the best, by score then right position); ``margin``
        is the score minus that of the name's next candidate (the ``k + 1``-th for the last
        row kept), or minus 0 when there is none: a small margin marks a doubtful pair. Rows
        with no partner have missing ``score``, ``rank`` and ``margin``.

    Raises
    ------
    CoterminousValueError
        ``min_score`` outside 0-100, ``k`` below 1, an unknown ``how`` or ``backend``, or more
        candidate pairs than the index's limits allow for the whole call (see ``pair_names``).
    CoterminousTypeError
        ``k`` or ``min_score`` that is not a number, an ``explain`` that is not True or False,
        names that are not strings, block values that are not single values, or ``affixes`` of
        the wrong shape.

    Examples
    --------
    >>> out = name_candidates(["Hull PCT", "North Leeds", "Zzyzx"], ["Kingston upon Hull", "Leeds North", "Leeds"], k=2)
    >>> out[["left_index", "right_index", "rank"]].values.tolist()
    [[0, 0, 1], [1, 1, 1], [1, 2, 2], [2, <NA>, <NA>]]
    >>> out["margin"].round(1).tolist()[1:3]
    [38.7, 61.3]
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise CoterminousTypeError(f"k: expected a positive integer, got {k!r}")
    if k < 1:
        raise CoterminousValueError(f"k: expected a positive integer, got {k!r}")
    _check_explain(explain)
    extra, replace = _affixes(affixes)
    lb = _frame.strings(left, "left")
    rb = _frame.strings(right, "right")
    kind = _frame.returned_kind(backend, lb.kind)
    lk, rk = _block_codes(left_block, right_block, lb.n, rb.n)
    with _bar(progress, lb.n, rb.n) as bar:
        c = _core.name_candidates(
            lb.column,
            rb.column,
            min_score,
            extra,
            replace,
            lk,
            rk,
            bar.hook,
            k=min(int(k), 2**62),
            how=how,
            explain=bool(explain),
        )
    li, ri = np.asarray(c.left), np.asarray(c.right)
    lnull, rnull = li < 0, ri < 0
    none = lnull | rnull
    li, ri = np.where(lnull, 0, li), np.where(rnull, 0, ri)
    lnull_, rnull_, none_ = (m if m.any() else None for m in (lnull, rnull, none))
    columns = {
        "left": _names_column(lb, kind, "left", li, lnull_),
        "right": _names_column(rb, kind, "right", ri, rnull_),
        "left_index": _frame.to_series(kind, "left_index", li, lnull_),
        "right_index": _frame.to_series(kind, "right_index", ri, rnull_),
        "score": _frame.to_series(kind, "score", np.asarray(c.score), none_),
        "rank": _frame.to_series(kind, "rank", np.asarray(c.rank), none_),
        "margin": _frame.to_series(kind, "margin", np.asarray(c.margin), none_),
    }
    if explain:
        columns["matched"] = frame_names.string_column(kind, "matched", c.matched or [])
        columns["unmatched"] = frame_names.string_column(kind, "unmatched", c.unmatched or [])
    return _frame.new_table(kind, columns)
