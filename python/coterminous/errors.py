"""The exceptions of coterminous: one hierarchy, each a subclass of the built-in a user would
catch, so ``except ValueError`` and ``except KeyError`` keep working.

The core's errors (``src/error.rs``) map to these classes in one place
(``src/python/errors.rs``); every message names the argument, and the column, row and value
where there are some.
"""

from __future__ import annotations

__all__ = [
    "ColumnNotFoundError",
    "CoterminousError",
    "CoterminousTypeError",
    "CoterminousValueError",
    "FrameworkError",
    "ScoreError",
    "TieError",
]


class CoterminousError(Exception):
    """Base class of every error raised by coterminous.

    Parameters
    ----------
    message : str
        What went wrong, beginning with the argument it concerns (``"data: column 'x', row
        3: ..."``).

    Examples
    --------
    >>> import coterminous as ct
    >>> try:
    ...     ct.Framework.builtin("nope")
    ... except ct.CoterminousError as e:
    ...     print(type(e).__name__)
    CoterminousValueError
    """


class CoterminousValueError(CoterminousError, ValueError):
    """An argument has a value coterminous cannot use (lengths, ranges, options).

    A subclass of :class:`ValueError`.

    Parameters
    ----------
    message : str
        The argument, then what is wrong with its value.
    """


class CoterminousTypeError(CoterminousError, TypeError):
    """An argument has a type coterminous cannot use.

    A subclass of :class:`TypeError`.

    Parameters
    ----------
    message : str
        The argument, the type expected and the type given.
    """


class FrameworkError(CoterminousValueError):
    """A framework document is malformed, or a framework lacks what was asked of it.

    Parameters
    ----------
    message : str
        ``"framework <JSON path>: ..."``, e.g. ``"framework $.scale.min: ..."``.
    """


class ScoreError(CoterminousValueError):
    """A score is not an integer within the scale, or is missing.

    Parameters
    ----------
    message : str
        Names the column, the first bad row and the value.
    """


class TieError(CoterminousValueError):
    """Several values tie for the mode and the tie policy is ``"error"``.

    Parameters
    ----------
    message : str
        Names the group (its keys and first row), the column and the tied values.
    """


class ColumnNotFoundError(CoterminousError, KeyError):
    """A named column is not in the data.

    A subclass of :class:`KeyError` whose ``str()`` is the message itself (a plain KeyError
    would quote it).

    Parameters
    ----------
    message : str
        The argument, the missing column and the columns the data has.
    """

    def __str__(self) -> str:  # KeyError would quote the message
        """The message, unquoted.

        Returns
        -------
        str
            The first argument, or an empty string.
        """
        return str(self.args[0]) if self.args else ""
