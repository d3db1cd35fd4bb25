"""Assessment frameworks as data: themes, a scale and an optional first-match rule table."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np

from . import _core, _display, _hints
from .errors import CoterminousTypeError, CoterminousValueError, FrameworkError

__all__ = ["Framework", "Scale"]

#: The user's registered frameworks, by name (see ``Framework.register``).
_REGISTRY: dict[str, Framework] = {}


#: Attributes of ``Framework`` removed in a release, with what replaces them.
_REMOVED = {
    "builtin_names": (
        "Framework.builtin_names() was removed in 0.2.0: Framework.names() lists the built-in frameworks "
        "(then the registered ones)"
    ),
}


class _FrameworkType(type):
    """``Framework``'s metaclass: reading a removed attribute raises AttributeError saying what
    replaces it (so ``hasattr`` is False, ``dir`` does not list it, and the message points to
    the new name)."""

    def __getattr__(cls, name: str) -> Any:
        if name in _REMOVED:
            raise AttributeError(_REMOVED[name])
        raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")


def _name_arg(name: object, arg: str = "name") -> str:
    if not isinstance(name, str):
        raise CoterminousTypeError(f"{arg}: expected a framework's name (str), got {type(name).__name__}")
    return name


@dataclass(frozen=True)
class Scale:
    """The ordinal scale of a framework's theme scores: integers ``min`` to ``max``.

    Parameters
    ----------
    min : int
        The lowest score.
    max : int
        The highest score.
    labels : dict of int to str
        A label for every score from ``min`` to ``max``.
    direction : {"higher_is_better", "lower_is_better"}
        Which end of the scale is better; ``"lower_is_better"`` for scales where 1 is best.

    Examples
    --------
    >>> scale = Framework.builtin("cpa_use_of_resources").scale
    >>> scale.values
    [1, 2, 3, 4]
    >>> scale.labels[1]
    'Below minimum requirements - inadequate performance'
    """

    min: int
    max: int
    labels: dict[int, str]
    direction: Literal["higher_is_better", "lower_is_better"] = "higher_is_better"

    @property
    def values(self) -> list[int]:
        """Every value of the scale, ascending.

        Returns
        -------
        list of int
            ``min`` to ``max`` inclusive.
        """
        return list(range(self.min, self.max + 1))

    def _repr_html_(self) -> str:
        return f'<div class="coterminous">{_display.html_table(_display.scale_table(self), "Scale")}</div>'

    def _repr_markdown_(self) -> str:
        return _display.markdown_table(_display.scale_table(self)) + "\n"


class Framework(metaclass=_FrameworkType):
    """A validated assessment framework, read from JSON.

    A framework names its themes (the score columns, optionally in named groups), its scale
    (with a ``direction``: ``"lower_is_better"`` when 1 is best), and optionally an ordered rule
    table for the overall score (first matching rule wins, else a default), with labels for
    the overall values. Conditions say "at least/at most N themes score at least/at most S",
    bound the lowest or highest theme score, the total, or the percentage of the maximum
    (rounded as the table's ``percent_rounding`` states: ``"half_up"``, ``"down"`` or
    ``"none"``), over all themes, a list of themes or a group. Integers are bounded: scale
    values, overall values and labels within ±2**24, condition bounds within ±2**30. The
    document is parsed and validated by the core (:meth:`json_schema` gives its structure);
    frameworks are immutable and compare equal when their documents do.

    Build one with :meth:`builtin`, :meth:`from_json` or :meth:`load`, not the constructor.

    Parameters
    ----------
    inner : coterminous._core.Framework
        The core's validated framework.

    Raises
    ------
    CoterminousTypeError
        ``inner`` is not a core framework (use the class methods).

    >>> fw = Framework.builtin("cpa_use_of_resources")
    >>> fw.themes
    ['financial_reporting', 'financial_management', 'financial_standing', 'internal_control', 'value_for_money']
    >>> fw.scale.min, fw.scale.max
    (1, 4)
    >>> fw.overall_of([4, 4, 3, 3, 3])
    4
    >>> Framework.from_json(fw.to_json()) == fw
    True
    """

    __slots__ = ("_inner",)

    def __init__(self, inner: _core.Framework) -> None:
        if not isinstance(inner, _core.Framework):
            raise CoterminousTypeError("use Framework.builtin, Framework.from_json or Framework.load")
        self._inner = inner

    @classmethod
    def builtin(cls, name: str) -> Framework:
        """A framework shipped with the package (see :meth:`names`).

        Parameters
        ----------
        name : str
            ``"cpa_use_of_resources"`` (the Audit Commission's use of resources, with its
            overall rule), ``"ale"`` (the Auditors' Local Evaluation, no overall rule) or
            ``"cqc_la_assessment"`` (the CQC's rating of councils' adult social care: nine
            quality statements in four groups, rated by the percentage of the maximum).
            Registered frameworks are found by :meth:`get`, not here.

        Returns
        -------
        Framework

        Raises
        ------
        CoterminousValueError
            No built-in framework has that name.
        CoterminousTypeError
            ``name`` is not a str.
        """
        _name_arg(name)
        try:
            return cls(_core.Framework.builtin(name))
        except CoterminousValueError as e:  # the core's message, with the closest name
            hint = _hints.did_you_mean(name, _core.Framework.builtin_names())
            if not hint:
                raise
            raise CoterminousValueError(f"{e}{hint}") from None

    @classmethod
    def from_json(cls, text: str | bytes | bytearray | memoryview) -> Framework:
        """Parse and validate a JSON framework document.

        Parameters
        ----------
        text : str or bytes
            The document (bytes are decoded as UTF-8; a leading byte-order mark is ignored).
            Integers may be written as whole floats (``1.0``), as JSON Schema allows; optional
            fields may be ``null``, meaning absent.

        Returns
        -------
        Framework

        Raises
        ------
        FrameworkError
            The document is malformed or not UTF-8; the message names its JSON path.
        CoterminousTypeError
            ``text`` is neither str nor bytes.
        """
        if isinstance(text, (bytearray, memoryview)):
            text = bytes(text)
        elif isinstance(text, str):
            try:
                text = text.encode("utf-8")
            except UnicodeEncodeError as e:
                # a lone surrogate: a str, but not Unicode text
                raise FrameworkError(
                    f"framework $: character {e.start} of the document is the lone surrogate "
                    f"{text[e.start]!r}, which is not a Unicode character"
                ) from None
        return cls(_core.Framework.from_json(text))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Framework:
        """Read a framework from a JSON file.

        Parameters
        ----------
        path : str or os.PathLike
            The file, UTF-8 (a byte-order mark is allowed).

        Returns
        -------
        Framework

        Raises
        ------
        FrameworkError
            The document is malformed, or the file is not UTF-8 (the message names the file,
            the encoding and the first byte that is not UTF-8).
        OSError
            The file cannot be read.
        CoterminousTypeError
            ``path`` is neither a str nor a path.
        """
        if not isinstance(path, (str, os.PathLike)):
            raise CoterminousTypeError(f"path: expected a str or os.PathLike, got {type(path).__name__}")
        data = Path(path).read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise FrameworkError(
                f"framework $: the file {str(path)!r} is not UTF-8 (byte {data[e.start]:#04x} at position "
                f"{e.start}); save it as UTF-8"
            ) from None
        return cls.from_json(data)

    @classmethod
    def register(cls, framework: Framework, *, replace: bool = False) -> None:
        """Register a framework under its name, so that ``score(df, name)`` and every other
        function taking a framework name finds it (for this Python process).

        Parameters
        ----------
        framework : Framework
            A framework, e.g. from :meth:`load` or :meth:`from_json`.
        replace : bool, default False
            Replace a registered framework of the same name with a different document.

        Raises
        ------
        CoterminousValueError
            The name is a built-in's, or another document is registered under it and
            ``replace`` is False.
        CoterminousTypeError
            ``framework`` is not a Framework.

        Examples
        --------
        >>> doc = Framework.builtin("cpa_use_of_resources").to_json().replace(
        ...     '"cpa_use_of_resources"', '"my_cpa"')
        >>> Framework.register(Framework.from_json(doc))
        >>> "my_cpa" in Framework.names()
        True
        >>> Framework.unregister("my_cpa")
        """
        if not isinstance(framework, Framework):
            raise CoterminousTypeError(f"framework: expected a Framework, got {type(framework).__name__}")
        name = framework.name
        if name in _core.Framework.builtin_names():
            raise CoterminousValueError(f"framework: {name!r} is a built-in framework's name; rename yours")
        old = _REGISTRY.get(name)
        if old is not None and old != framework and not replace:
            raise CoterminousValueError(
                f"framework: another framework is registered as {name!r}; pass replace=True to replace it"
            )
        _REGISTRY[name] = framework

    @staticmethod
    def unregister(name: str) -> None:
        """Remove a registered framework (see :meth:`register`).

        Parameters
        ----------
        name : str
            Its name.

        Raises
        ------
        CoterminousValueError
            No framework is registered under that name.
        """
        if _REGISTRY.pop(name, None) is None:
            raise CoterminousValueError(f"framework: no registered framework {name!r}")

    @staticmethod
    def names() -> list[str]:
        """The built-in frameworks' names, then the registered ones' in registration order.

        Returns
        -------
        list of str
            The built-ins first: ``"ale"``, ``"cpa_use_of_resources"``, ``"cqc_la_assessment"``.

        Examples
        --------
        >>> Framework.names()[:3]
        ['ale', 'cpa_use_of_resources', 'cqc_la_assessment']
        """
        return [*_core.Framework.builtin_names(), *_REGISTRY]

    @classmethod
    def get(cls, name: str) -> Framework:
        """The built-in or registered framework called ``name``.

        Parameters
        ----------
        name : str
            One of :meth:`names`.

        Returns
        -------
        Framework

        Raises
        ------
        CoterminousValueError
            No built-in or registered framework has that name.
        CoterminousTypeError
            ``name`` is not a str.
        """
        found = _REGISTRY.get(_name_arg(name))
        if found is not None:
            return found
        if name in _core.Framework.builtin_names():
            return cls.builtin(name)
        known = cls.names()
        hint = _hints.did_you_mean(name, known)
        raise CoterminousValueError(f"framework: no built-in or registered framework {name!r}; known: {known}{hint}")

    @staticmethod
    def json_schema() -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) of a framework document.

        The file ships in the package as ``coterminous/data/framework.schema.json``. It
        states the structure (fields, types, integer bounds); the core's checks that a
        schema cannot say (themes named by rules exist, one label per scale value, ...) are
        applied by :meth:`from_json`.

        Returns
        -------
        dict
            A new dict on each call.
        """
        text = resources.files("coterminous").joinpath("data/framework.schema.json").read_text(encoding="utf-8")
        schema: dict[str, Any] = json.loads(text)
        return schema

    def to_json(self) -> str:
        """The canonical JSON text; ``Framework.from_json(fw.to_json()) == fw``.

        Returns
        -------
        str
            Pretty-printed JSON, fields in a fixed order.
        """
        return self._inner.to_json()

    @property
    def name(self) -> str:
        """The framework's short name (a built-in's is its key)."""
        return self._inner.name

    @property
    def title(self) -> str:
        """The framework's full title."""
        return self._inner.title

    @property
    def themes(self) -> list[str]:
        """The theme keys, in order: the default score column names."""
        return list(self._inner.themes)

    @property
    def theme_labels(self) -> dict[str, str]:
        """Each theme key's human-readable label."""
        return dict(zip(self._inner.themes, self._inner.theme_labels))

    @property
    def scale(self) -> Scale:
        """The scale of the theme scores."""
        direction: Literal["higher_is_better", "lower_is_better"] = (
            "lower_is_better" if self._inner.scale_direction == "lower_is_better" else "higher_is_better"
        )
        return Scale(self._inner.scale_min, self._inner.scale_max, dict(self._inner.scale_labels), direction)

    @property
    def source(self) -> str | None:
        """Where the framework's rule comes from (a citation with the date read), if stated."""
        return self._inner.source

    @property
    def groups(self) -> dict[str, str]:
        """Each group key's label, in order (empty when the themes are not grouped)."""
        return dict(self._inner.groups)

    @property
    def theme_groups(self) -> dict[str, str | None]:
        """Each theme key's group (None for a theme in no group)."""
        return dict(zip(self._inner.themes, self._inner.theme_groups))

    @property
    def overall_labels(self) -> dict[int, str] | None:
        """The label of each overall value (``overall.labels``), or None when not given."""
        labels = self._inner.overall_labels
        return None if labels is None else dict(labels)

    @property
    def has_overall(self) -> bool:
        """Whether the framework has a rule table for the overall score."""
        return self._inner.has_overall

    def overall_of(self, scores: Sequence[int | float | None]) -> int | None:
        """The overall score of one set of theme scores, by the rule table.

        Parameters
        ----------
        scores : sequence of int or None
            One score per theme, in theme order (a list, a tuple or a 1-D numpy array); None
            for a theme not assessed, scored as ``score(..., missing="skip")`` does (over the
            assessed themes). Scores are whole numbers, as in :func:`score`: ``3.0`` is 3.

        Returns
        -------
        int or None
            The overall score of the first rule that holds, else the table's default; None
            when no theme is assessed.

        Raises
        ------
        FrameworkError
            The framework has no overall rule table.
        ScoreError
            A score is not an integer within the scale: 3.7, NaN, ``2**70``, ``True`` or
            ``"3"`` (the message names the theme and the value, unrounded).
        CoterminousValueError
            ``scores`` does not have one score per theme.
        CoterminousTypeError
            ``scores`` is not a sequence (a str, a number, a dict).

        Examples
        --------
        >>> Framework.builtin("cpa_use_of_resources").overall_of([4, 4, 3, 3, 3.0])
        4
        """
        if isinstance(scores, (str, bytes, Mapping)) or not isinstance(scores, (Sequence, np.ndarray)):
            raise CoterminousTypeError(f"scores: expected a list of one score per theme, got {type(scores).__name__}")
        if isinstance(scores, np.ndarray) and scores.ndim != 1:
            raise CoterminousValueError(f"scores: expected a 1-D array, got shape {scores.shape}")
        return self._inner.overall_of(list(scores))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Framework) and self._inner == other._inner

    def __hash__(self) -> int:
        return hash(self.to_json())

    def _repr_html_(self) -> str:
        return _display.framework_html(self.to_json())

    def _repr_markdown_(self) -> str:
        return _display.framework_markdown(self.to_json())

    def __repr__(self) -> str:
        rule = "with" if self.has_overall else "without"
        scale = f"{self.scale.min}-{self.scale.max}"
        return f"Framework({self.name!r}: {len(self.themes)} themes, scale {scale}, {rule} an overall rule)"
