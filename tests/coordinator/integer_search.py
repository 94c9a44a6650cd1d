"""A small exact integer solver for the disclosure attacks: bounds propagation and search.

Variables are integers in [lo, hi]; constraints are linear, lo <= sum(a * x) <= hi, with
exact rational coefficients (Fraction), so a published mean of 3.4 to one decimal is the
pair of constraints sum((s - 3.35) * x_s) >= 0 and sum((s - 3.45) * x_s) <= 0. The search
is complete: it proves a single solution by exhausting the rest, and `distinct` stops as soon
as it has found `limit` different values of the variables the attacker wants.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

Domains = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Linear:
    coeffs: dict[str, Fraction]
    lo: Fraction | None = None
    hi: Fraction | None = None


def eq(coeffs: dict[str, object], value: object) -> Linear:
    c = {k: Fraction(v) for k, v in coeffs.items()}
    return Linear(c, Fraction(value), Fraction(value))


def between(coeffs: dict[str, object], lo: object, hi: object) -> Linear:
    c = {k: Fraction(v) for k, v in coeffs.items()}
    return Linear(c, None if lo is None else Fraction(lo), None if hi is None else Fraction(hi))


def mean_within(weights: dict[str, object], counts: dict[str, object], mean, half) -> list[Linear]:
    """(sum w * x) / (sum c * x) lies in [mean - half, mean + half]: two linear constraints."""
    low, high = Fraction(mean) - Fraction(half), Fraction(mean) + Fraction(half)
    names = set(weights) | set(counts)
    below = {n: Fraction(weights.get(n, 0)) - high * Fraction(counts.get(n, 0)) for n in names}
    above = {n: Fraction(weights.get(n, 0)) - low * Fraction(counts.get(n, 0)) for n in names}
    return [between(below, None, 0), between(above, 0, None)]


def _propagate(domains: Domains, constraints: list[Linear]) -> Domains | None:
    d = dict(domains)
    changed = True
    while changed:
        changed = False
        for con in constraints:
            lows = {v: (a * d[v][0] if a > 0 else a * d[v][1]) for v, a in con.coeffs.items()}
            highs = {v: (a * d[v][1] if a > 0 else a * d[v][0]) for v, a in con.coeffs.items()}
            total_lo, total_hi = sum(lows.values()), sum(highs.values())
            if con.hi is not None and total_lo > con.hi:
                return None
            if con.lo is not None and total_hi < con.lo:
                return None
            for v, a in con.coeffs.items():
                if a == 0:
                    continue
                rest_lo, rest_hi = total_lo - lows[v], total_hi - highs[v]
                lo, hi = d[v]
                # a * x within [con.lo - rest_hi, con.hi - rest_lo]
                bound_lo = None if con.lo is None else con.lo - rest_hi
                bound_hi = None if con.hi is None else con.hi - rest_lo
                if a < 0:
                    bound_lo, bound_hi = bound_hi, bound_lo
                new_lo = lo if bound_lo is None else max(lo, math.ceil(bound_lo / a))
                new_hi = hi if bound_hi is None else min(hi, math.floor(bound_hi / a))
                if new_lo > new_hi:
                    return None
                if (new_lo, new_hi) != (lo, hi):
                    d[v] = (new_lo, new_hi)
                    changed = True
                    lows[v] = a * new_lo if a > 0 else a * new_hi
                    highs[v] = a * new_hi if a > 0 else a * new_lo
                    total_lo = sum(lows.values())
                    total_hi = sum(highs.values())
    return d


def _any(domains: Domains, constraints: list[Linear]) -> bool:
    d = _propagate(domains, constraints)
    if d is None:
        return False
    open_vars = [v for v, (lo, hi) in d.items() if lo < hi]
    if not open_vars:
        return True
    v = min(open_vars, key=lambda name: d[name][1] - d[name][0])
    lo, hi = d[v]
    mid = (lo + hi) // 2
    return _any({**d, v: (lo, mid)}, constraints) or _any({**d, v: (mid + 1, hi)}, constraints)


def distinct(
    domains: Domains, constraints: list[Linear], targets: list[str], limit: int = 2
) -> list[tuple[int, ...]]:
    """Up to `limit` different values of `targets` for which the whole system has a solution.

    An empty list means the figures are inconsistent with the model; one element means the
    attacker has recovered the targets exactly.
    """
    found: list[tuple[int, ...]] = []

    def walk(d: Domains) -> None:
        if len(found) >= limit:
            return
        d2 = _propagate(d, constraints)
        if d2 is None:
            return
        free = [t for t in targets if d2[t][0] < d2[t][1]]
        if not free:
            if _any(d2, constraints):
                found.append(tuple(d2[t][0] for t in targets))
            return
        v = free[0]
        lo, hi = d2[v]
        for value in range(lo, hi + 1):
            walk({**d2, v: (value, value)})
            if len(found) >= limit:
                return

    walk(dict(domains))
    return found
