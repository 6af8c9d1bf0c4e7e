"""Allocating delegate seats to the organizations under a committee (rules.md §12, §3;
docs/decisions/0013-delegate-allocation.md). Pure and exact: whole numbers and fractions
only, never a float.

Two ways to count seats:

* A total shared out (`largest_remainder`, `dhondt`, `sainte_lague`): every unit first
  receives the minimum m, then the seats left are apportioned by the method on the member
  counts. Alternates are apportioned the same way, separately, with minimum 0.
* A formula per unit (`per_members`, the 2021 national-congress rule): base + one seat per
  q members + one more when the remainder reaches r.

A unit's fixed `extra` seats are added on top in every method. A tie for the last seat(s)
is never broken here: the tied seats stay unallocated and are reported, so that the
organization department decides (decision 0013 §1).

Split by family:

- model: the request, the profiles, the result and the input error;
- methods: apportioning a total (largest remainder, D'Hondt, Sainte-Laguë);
- reasons: the reasons' Vietnamese wording (`vn_number`);
- checks: the input checks (`check`);
- allocating: `allocate`.

The names the JSON contract, the CLI, the actions, the views and the tests use are
re-exported here.
"""

from daihoi.delegates.rules.allocation.allocating import allocate
from daihoi.delegates.rules.allocation.model import (
    PROFILES,
    TOTAL_METHODS,
    Allocation,
    AllocationInputError,
    Method,
    PerMembers,
    Profile,
    Request,
    Tie,
    Unit,
)
from daihoi.delegates.rules.allocation.reasons import vn_number

__all__ = [
    "PROFILES",
    "TOTAL_METHODS",
    "Allocation",
    "AllocationInputError",
    "Method",
    "PerMembers",
    "Profile",
    "Request",
    "Tie",
    "Unit",
    "allocate",
    "vn_number",
]
