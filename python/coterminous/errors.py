"""The exceptions of coterminous: one hierarchy, each a subclass of the built-in a user would
catch, so ``except ValueError`` and ``except KeyError`` keep working."""

from __future__ import annotations

__all__ = [
    "CoterminousError",
    "CoterminousValueError",
    "FrameworkError",
    "ScoreError",
    "TieError",
    "ColumnNotFoundError",
    "CoterminousTypeError",
]


class CoterminousError(Exception):
    """Base class of every error raised by coterminous."""


class CoterminousValueError(CoterminousError, ValueError):
    """An argument has a value coterminous cannot use (lengths, ranges, options)."""


class CoterminousTypeError(CoterminousError, TypeError):
    """An argument has a type coterminous cannot use."""


class FrameworkError(CoterminousValueError):
    """A framework document is malformed; the message names its JSON path."""


class ScoreError(CoterminousValueError):
    """A score is not an integer within the scale, or is missing; the message names the
    column, the first bad row and the value."""


class TieError(CoterminousValueError):
    """Several values tie for the mode and the tie policy is ``"error"``."""


class ColumnNotFoundError(CoterminousError, KeyError):
    """A named column is not in the data."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
