"""Pairing two sets of bodies: optimal one-to-one assignment, co-terminosity from a lookup,
and the paper's questions asked of the pairs (gaps, candidate pilots, threshold sensitivity)."""

from __future__ import annotations

from .assignment import assign
from .coterminosity import overlap
from .gap_table import gaps
from .pairs import pair
from .relations import RELATIONSHIPS as RELATIONSHIPS
from .relations import relationships
from .selection import candidates, sensitivity

__all__ = ["assign", "overlap", "relationships", "pair", "gaps", "candidates", "sensitivity"]
