"""Assessment frameworks as data: themes, a scale and an optional first-match rule table."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import _core
from .errors import CoterminousTypeError, FrameworkError

__all__ = ["Framework", "Scale"]


@dataclass(frozen=True)
class Scale:
    """The ordinal scale of a framework's theme scores: integers ``min`` to ``max``."""

    min: int
    max: int
    labels: dict[int, str]

    @property
    def values(self) -> list[int]:
        """Every value of the scale, ascending."""
        return list(range(self.min, self.max + 1))


class Framework:
    """A validated assessment framework, read from JSON.

    A framework names its themes (the score columns), its scale, and optionally an ordered rule
    table for the overall score (first matching rule wins, else a default). Conditions say "at
    least/at most N themes score at least/at most S", bound the lowest or highest theme score,
    or bound the total, over all themes or a named subset.

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
        """A framework shipped with the package (see :meth:`builtin_names`)."""
        return cls(_core.Framework.builtin(name))

    @staticmethod
    def builtin_names() -> list[str]:
        """Names of the frameworks shipped with the package."""
        return list(_core.Framework.builtin_names())

    @classmethod
    def from_json(cls, text: str | bytes) -> Framework:
        """Parse a JSON document; a malformed one raises FrameworkError naming its JSON path."""
        if isinstance(text, (bytes, bytearray, memoryview)):
            try:
                text = bytes(text).decode("utf-8")
            except UnicodeDecodeError as e:
                raise FrameworkError(f"framework $: the document is not UTF-8 ({e.reason} at byte {e.start})") from None
        if not isinstance(text, str):
            raise CoterminousTypeError(f"text: expected str or bytes, got {type(text).__name__}")
        return cls(_core.Framework.from_json(text))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Framework:
        """Read a framework from a JSON file."""
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    def to_json(self) -> str:
        """The canonical JSON text; ``Framework.from_json(fw.to_json()) == fw``."""
        return self._inner.to_json()

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def title(self) -> str:
        return self._inner.title

    @property
    def themes(self) -> list[str]:
        """The theme keys, in order: the default score column names."""
        return list(self._inner.themes)

    @property
    def theme_labels(self) -> dict[str, str]:
        return dict(zip(self._inner.themes, self._inner.theme_labels))

    @property
    def scale(self) -> Scale:
        return Scale(self._inner.scale_min, self._inner.scale_max, dict(self._inner.scale_labels))

    @property
    def has_overall(self) -> bool:
        """Whether the framework has a rule table for the overall score."""
        return self._inner.has_overall

    def overall_of(self, scores: list[int]) -> int:
        """The overall score of one set of theme scores (in theme order), by the rule table."""
        return self._inner.overall_of([int(s) for s in scores])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Framework) and self._inner == other._inner

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        rule = "with" if self.has_overall else "without"
        return f"Framework({self.name!r}: {len(self.themes)} themes, scale {self.scale.min}-{self.scale.max}, {rule} an overall rule)"
