"""Across boundaries that do not line up: values apportioned through an overlap table
(:func:`apportion`), each unit's best-fitting partner (:func:`best_fit`), and lookups chained
through shared codes (:func:`chain`)."""

from __future__ import annotations

from ._common import CrosswalkWarning
from .apportion import Apportioned, Totals, apportion
from .best_fit import best_fit
from .chain import chain

__all__ = ["apportion", "best_fit", "chain", "Apportioned", "Totals", "CrosswalkWarning"]
