"""Type variables for table functions: the kind of table in is the kind of table out.

``Table`` stands for whatever the caller passes (a pandas or polars DataFrame, a pyarrow
Table, a dict of columns); a function typed ``(data: Table, ...) -> Table`` returns the same
kind. pandas, polars and pyarrow are optional, so the variable is not bound to their classes.
"""

from __future__ import annotations

from typing import TypeVar

Table = TypeVar("Table")
"""A table of one library in, a table of the same library out."""
