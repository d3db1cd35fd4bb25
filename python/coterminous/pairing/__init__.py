"""Pairing two sets of bodies: optimal one-to-one assignment, co-terminosity from a lookup,
and the paper's questions asked of the pairs (gaps, candidate pilots, threshold sensitivity)."""

from __future__ import annotations

from .assignment import assign
from .coterminosity import overlap
from .pairs import candidates, gaps, pair, sensitivity
from .relations import RELATIONSHIPS as RELATIONSHIPS
from .relations import relationships

__all__ = ["assign", "overlap", "relationships", "pair", "gaps", "candidates", "sensitivity"]
