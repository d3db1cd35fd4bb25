"""Assessment frameworks as data: themes, a scale and an optional first-match rule table."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import _core, _display
from .errors import CoterminousTypeError

__all__ = ["Framework", "Scale"]


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


class Framework:
    """A validated assessment framework, read from JSON.

    A framework names its themes (the score columns), its scale, and optionally an ordered rule
    table for the overall score (first matching rule wins, else a default). Conditions say "at
    least/at most N themes score at least/at most S", bound the lowest or highest theme score,
    or bound the total, over all themes or a named subset. The document is parsed and
    validated by the core; frameworks are immutable and compare equal when their documents do.

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
        """A framework shipped with the package (see :meth:`builtin_names`).

        Parameters
        ----------
        name : str
            ``"cpa_use_of_resources"`` (the Audit Commission's use of resources, with its
            overall rule) or ``"ale"`` (the Auditors' Local Evaluation, no overall rule).

        Returns
        -------
        Framework

        Raises
        ------
        CoterminousValueError
            No built-in framework has that name.
        """
        return cls(_core.Framework.builtin(name))

    @staticmethod
    def builtin_names() -> list[str]:
        """Names of the frameworks shipped with the package.

        Returns
        -------
        list of str
        """
        return list(_core.Framework.builtin_names())

    @classmethod
    def from_json(cls, text: str | bytes | bytearray | memoryview) -> Framework:
        """Parse and validate a JSON framework document.

        Parameters
        ----------
        text : str or bytes
            The document (bytes are decoded as UTF-8).

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
        return cls(_core.Framework.from_json(text))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Framework:
        """Read a framework from a JSON file.

        Parameters
        ----------
        path : str or os.PathLike
            The file, UTF-8.

        Returns
        -------
        Framework

        Raises
        ------
        FrameworkError
            The document is malformed.
        OSError
            The file cannot be read.
        """
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

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
        return Scale(self._inner.scale_min, self._inner.scale_max, dict(self._inner.scale_labels))

    @property
    def has_overall(self) -> bool:
        """Whether the framework has a rule table for the overall score."""
        return self._inner.has_overall

    def overall_of(self, scores: list[int]) -> int:
        """The overall score of one set of theme scores, by the rule table.

        Parameters
        ----------
        scores : list of int
            One score per theme, in theme order.

        Returns
        -------
        int
            The overall score of the first rule that holds, else the table's default.

        Raises
        ------
        FrameworkError
            The framework has no overall rule table.
        CoterminousValueError
            ``scores`` does not have one score per theme.
        """
        return self._inner.overall_of([int(s) for s in scores])

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
