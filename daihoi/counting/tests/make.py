"""Building elections for tests: candidates c1…cn and strike ballots that give set votes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from daihoi.counting.api import (
    Ballot,
    BallotStyle,
    Body,
    Candidate,
    CountInput,
    CountResult,
    Election,
    Meeting,
    count_round,
    regulation,
)


def candidates(*names: str) -> tuple[Candidate, ...]:
    return tuple(Candidate(f"c{i}", name) for i, name in enumerate(names, start=1))


def election(**overrides: Any) -> Election:
    fields: dict[str, Any] = {
        "body": Body.EXECUTIVE,
        "seats": 1,
        "meeting": Meeting.DELEGATES,
        "convened": 0,
        "not_counted_in_base": 0,
        "ballot_style": BallotStyle.STRIKE,
    }
    fields.update(overrides)
    return Election(**fields)


def strike_ballots(votes: Mapping[str, int], valid: int, seats: int) -> list[Ballot]:
    """Valid strike ballots (each keeping between 1 and `seats` names) giving `votes`."""
    ids = list(votes)
    need = {cid: valid - v for cid, v in votes.items()}
    total = sum(need.values())
    sizes = [total // valid + (1 if i < total % valid else 0) for i in range(valid)]
    assert all(len(ids) - seats <= k < len(ids) for k in sizes), "no such ballots"
    groups: Counter[tuple[str, ...]] = Counter()
    for k in sizes:
        chosen = sorted(ids, key=lambda c: (-need[c], ids.index(c)))[:k]
        for cid in chosen:
            need[cid] -= 1
        groups[tuple(sorted(chosen, key=ids.index))] += 1
    assert not any(need.values())
    return [Ballot(struck=struck, count=n) for struck, n in groups.items()]


def count(
    elect: Election,
    names: Sequence[Candidate],
    ballots: Sequence[Ballot],
    profile: str = "190-2024",
    **switches: bool,
) -> CountResult:
    return count_round(
        CountInput(elect, tuple(names), tuple(ballots), regulation(profile, switches))
    )


def votes_of(result: CountResult) -> dict[str, int]:
    return {c.id: c.votes for c in result.candidates}


def outcomes_of(result: CountResult) -> dict[str, str]:
    return {c.id: c.outcome.value for c in result.candidates}
