"""Exact references for the statistics tests: permutation p-values by enumeration in rational
arithmetic, and binomial tails in integers (or, where the integers get too long, in 50-digit
decimal arithmetic)."""

from __future__ import annotations

import decimal
import itertools
import math
from fractions import Fraction


def _decimal(v: float | int) -> Fraction:
    """``v`` as the decimal it was written as (``0.1`` is one tenth, not its binary neighbour)."""
    return Fraction(repr(v)) if isinstance(v, float) else Fraction(v)


def _pvalue(stats: list[Fraction], observed: Fraction, alternative: str) -> Fraction:
    """scipy's exact p-value: the share of permutations at most / at least the observed
    statistic (ties included), two-sided as twice the smaller share, capped at 1."""
    total = len(stats)
    le = Fraction(sum(s <= observed for s in stats), total)
    ge = Fraction(sum(s >= observed for s in stats), total)
    if alternative == "less":
        return le
    if alternative == "greater":
        return ge
    return min(Fraction(1), 2 * min(le, ge))


def exact_independent_pvalue(x: list[float], y: list[float], alternative: str = "two-sided") -> Fraction:
    """The exact permutation p-value of ``mean(x) - mean(y)`` over every split of the pooled
    values, in rational arithmetic."""
    pooled = [_decimal(v) for v in [*x, *y]]
    m, n = len(x), len(y)

    def stat(pick: tuple[int, ...]) -> Fraction:
        chosen = set(pick)
        sx = sum((pooled[i] for i in chosen), Fraction(0))
        sy = sum((pooled[i] for i in range(m + n) if i not in chosen), Fraction(0))
        return sx / m - sy / n

    stats = [stat(c) for c in itertools.combinations(range(m + n), m)]
    return _pvalue(stats, stat(tuple(range(m))), alternative)


def exact_paired_pvalue(x: list[float], y: list[float], alternative: str = "two-sided") -> Fraction:
    """The exact sign-flip permutation p-value of ``mean(x - y)`` over every flip, in rational
    arithmetic."""
    d = [_decimal(a) - _decimal(b) for a, b in zip(x, y)]
    stats = [
        sum((v if keep else -v for v, keep in zip(d, flips)), Fraction(0)) / len(d)
        for flips in itertools.product((True, False), repeat=len(d))
    ]
    return _pvalue(stats, sum(d, Fraction(0)) / len(d), alternative)


def binom_half_cdf(k: int, n: int) -> Fraction:
    """``P(X <= k)``, ``X ~ Binomial(n, 1/2)``, exactly: ``sum_{j <= k} C(n, j) / 2**n``. Terms
    are summed downward from ``k``; once the rest (bounded by a geometric series) is below
    ``2**-200`` of the sum it is dropped, far below a float's resolution."""
    if k < 0:
        return Fraction(0)
    if k >= n:
        return Fraction(1)
    c = math.comb(n, k)
    total = 0
    j = k
    while j >= 0:
        total += c
        if j == 0:
            break
        # the terms below j fall off at least by r = j / (n - j + 1) each: rest <= c r / (1 - r)
        if 2 * j < n and c * j * 2**200 < total * (n - 2 * j + 1):
            break
        c = c * j // (n - j + 1)
        j -= 1
    return Fraction(total, 2**n)


def sign_test_pvalue(k: int, n: int, alternative: str = "two-sided") -> Fraction:
    """The exact sign test's p-value for ``k`` positive differences of ``n``: binomtest's rule
    for a fair coin (two-sided: twice the smaller tail, capped at 1)."""
    if alternative == "less":
        return binom_half_cdf(k, n)
    if alternative == "greater":
        return binom_half_cdf(n - k, n)  # P(X >= k) = P(X <= n - k)
    if 2 * k == n:
        return Fraction(1)
    return min(Fraction(1), 2 * binom_half_cdf(min(k, n - k), n))


# 60 digits of pi, and the Stirling series' coefficients B_2k / (2k (2k - 1)) up to 2k = 14
_PI = "3.14159265358979323846264338327950288419716939937510582097494"
_STIRLING = [(1, 12), (-1, 360), (1, 1260), (-1, 1680), (1, 1188), (-691, 360360), (1, 156)]


def binom_half_cdf_decimal(k: int, n: int, digits: int = 50) -> decimal.Decimal:
    """``P(X <= k)``, ``X ~ Binomial(n, 1/2)``, for ``2 k < n``, in ``digits``-digit decimal
    arithmetic: ``pmf(k)`` from ``ln n!`` (summed exactly below 1000, else Stirling's series,
    whose first omitted term is below 1e-45 there), times the sum of the ratios
    ``pmf(j) / pmf(k)`` down to where they fall below ``1e-45`` of the sum."""
    with decimal.localcontext() as ctx:
        ctx.prec = digits
        D = decimal.Decimal
        pi = D(_PI)

        def ln_factorial(m: int) -> decimal.Decimal:
            if m < 1000:
                return sum((D(i).ln() for i in range(2, m + 1)), D(0))
            dm = D(m)
            out = dm * dm.ln() - dm + (2 * pi * dm).ln() / 2
            for i, (num, den) in enumerate(_STIRLING):
                out += D(num) / D(den) / dm ** (2 * i + 1)
            return out

        ln_pmf = ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k) - n * D(2).ln()
        term, total = D(1), D(1)
        for j in range(k, 0, -1):
            term = term * j / (n - j + 1)
            total += term
            if term < total * D(10) ** -45:
                break
        return +(ln_pmf.exp() * total)
