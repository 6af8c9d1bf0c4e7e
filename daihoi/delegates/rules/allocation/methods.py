"""Apportioning a total among units by member counts: largest remainder (Hamilton) and
the divisor methods (D'Hondt, Sainte-Laguë), exact, ties left unbroken."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from daihoi.delegates.rules.allocation.model import Method


@dataclass(frozen=True)
class Apportionment:
    """`seats` shared by one method on member counts. `won[i]`: seats unit i won outright;
    the units in `tied` are tied for `tied_seats` more seats at `tie_value` (the remainder
    for largest remainder, the quotient for divisor methods), which nobody has won."""

    method: Method
    members: tuple[int, ...]
    seats: int
    won: tuple[int, ...]
    tied: tuple[int, ...] = ()
    tied_seats: int = 0
    tie_value: Fraction | None = None
    #: largest remainder: members × seats / total members, per unit
    quotas: tuple[Fraction, ...] = ()
    #: largest remainder: the seats left to the remainders after the whole parts
    remainder_seats: int = 0
    #: divisor methods: the quotient of the last seat won
    last_quotient: Fraction | None = None

    @cached_property
    def total_members(self) -> int:
        return sum(self.members)

    @cached_property
    def tied_set(self) -> frozenset[int]:
        return frozenset(self.tied)


def largest_remainder(members: Sequence[int], seats: int) -> Apportionment:
    """Hamilton: the whole part of each quota members × seats / total, then one seat each to
    the largest remainders. Remainders are compared as integers over the common
    denominator, the total number of members."""
    total = sum(members)
    wholes = [m * seats // total for m in members]
    numerators = [m * seats % total for m in members]
    left = seats - sum(wholes)
    won = list(wholes)
    tied: list[int] = []
    tie_numerator = 0
    if left:
        cutoff = sorted(numerators, reverse=True)[left - 1]
        above = [i for i, r in enumerate(numerators) if r > cutoff]
        at = [i for i, r in enumerate(numerators) if r == cutoff]
        for i in above:
            won[i] += 1
        if len(at) <= left - len(above):
            for i in at:
                won[i] += 1
        else:
            tied, tie_numerator = at, cutoff
    return Apportionment(
        method=Method.LARGEST_REMAINDER,
        members=tuple(members),
        seats=seats,
        won=tuple(won),
        tied=tuple(tied),
        tied_seats=seats - sum(won),
        tie_value=Fraction(tie_numerator, total) if tied else None,
        quotas=tuple(Fraction(m * seats, total) for m in members),
        remainder_seats=left,
    )


def _dhondt_divisor(won: int) -> int:
    return won + 1


def _sainte_lague_divisor(won: int) -> int:
    return 2 * won + 1


DIVISORS: dict[Method, Callable[[int], int]] = {
    Method.DHONDT: _dhondt_divisor,
    Method.SAINTE_LAGUE: _sainte_lague_divisor,
}


def highest_averages(method: Method, members: Sequence[int], seats: int) -> Apportionment:
    """Divisor methods, seat by seat: the unit with the highest quotient members / divisor(s)
    (s = seats it has won) wins the next seat. Units whose quotients are equal are served
    together; when they are more than the seats left, they are tied."""
    divisor = DIVISORS[method]
    won = [0] * len(members)
    queue = [(-Fraction(m, divisor(0)), i) for i, m in enumerate(members) if m > 0]
    heapq.heapify(queue)
    left = seats
    last: Fraction | None = None
    tied: list[int] = []
    tie_value: Fraction | None = None
    while left > 0 and queue:
        best = -queue[0][0]
        group = []
        while queue and -queue[0][0] == best:
            group.append(heapq.heappop(queue)[1])
        if len(group) > left:
            tied, tie_value = sorted(group), best
            break
        for i in group:
            won[i] += 1
            heapq.heappush(queue, (-Fraction(members[i], divisor(won[i])), i))
        left -= len(group)
        last = best
    return Apportionment(
        method=method,
        members=tuple(members),
        seats=seats,
        won=tuple(won),
        tied=tuple(tied),
        tied_seats=left if tied else 0,
        tie_value=tie_value,
        last_quotient=last,
    )


def dhondt(members: Sequence[int], seats: int) -> Apportionment:
    return highest_averages(Method.DHONDT, members, seats)


def sainte_lague(members: Sequence[int], seats: int) -> Apportionment:
    return highest_averages(Method.SAINTE_LAGUE, members, seats)


def apportion(method: Method, members: Sequence[int], seats: int) -> Apportionment:
    """`seats` shared among units by a total method. No seats, no work; seats with no
    member at all are refused earlier (there is nothing to share them by)."""
    if seats == 0:
        return Apportionment(method, tuple(members), 0, tuple(0 for _ in members))
    if method is Method.LARGEST_REMAINDER:
        return largest_remainder(members, seats)
    return highest_averages(method, members, seats)
