"""Properties of every count, on random rounds (hypothesis)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.counting.api import (
    Ballot,
    BallotStyle,
    Body,
    Candidate,
    CountInput,
    CountResult,
    Defect,
    Election,
    InvalidReason,
    Mark,
    Meeting,
    OrganizationKind,
    count_round,
    regulation,
    result_to_dict,
)
from daihoi.counting.regulation import SWITCH_NAMES

FEW = settings(max_examples=200, deadline=None)

GIVEN_NAMES = ["An", "Ánh", "Anh", "Bình", "Cường", "Đức", "Hà", "Hoà", "Hòa", "Thuý", "Thúy", "Ư"]
FAMILY_NAMES = ["Nguyễn", "Lê", "Trần", "Đỗ", "Ưng"]


@st.composite
def ballots_for(draw: st.DrawFn, style: BallotStyle, ids: list[str]) -> Ballot:
    defects = tuple(draw(st.lists(st.sampled_from(list(Defect)), unique=True, max_size=2)))
    if draw(st.integers(0, 3)):  # most ballots carry no defect
        defects = ()
    count = draw(st.integers(1, 4))
    if style is BallotStyle.STRIKE:
        struck = tuple(draw(st.lists(st.sampled_from(ids), unique=True)))
        return Ballot(struck=struck, defects=defects, count=count)
    marks = draw(st.dictionaries(st.sampled_from(ids), st.sampled_from(list(Mark))))
    return Ballot(marks=marks, defects=defects, count=count)


@st.composite
def rounds(draw: st.DrawFn, slack: int = 0, default_switches: bool = False) -> CountInput:
    n = draw(st.integers(1, 6))
    ids = [f"c{i}" for i in range(n)]
    names = [
        f"{draw(st.sampled_from(FAMILY_NAMES))} Văn {draw(st.sampled_from(GIVEN_NAMES))}"
        for _ in ids
    ]
    style = draw(st.sampled_from(list(BallotStyle)))
    ballots = tuple(draw(st.lists(ballots_for(style, ids), max_size=8)))
    received = sum(b.count for b in ballots)
    convened = received + draw(st.integers(slack, slack + 10))
    body = draw(st.sampled_from(list(Body)))
    elect = Election(
        body=body,
        seats=draw(st.integers(1, n + 1)),
        meeting=draw(st.sampled_from(list(Meeting))),
        convened=convened,
        not_counted_in_base=draw(st.integers(0, convened)),
        ballot_style=style,
        round=draw(st.integers(1, 4)),
        organization_kind=draw(st.sampled_from(list(OrganizationKind))),
        tie_revote=draw(st.booleans()),
        alternate_seats=draw(st.integers(0, 2)) if body is Body.UPPER_DELEGATES else 0,
    )
    switches = (
        {}
        if default_switches
        else draw(st.dictionaries(st.sampled_from(SWITCH_NAMES), st.booleans()))
    )
    profile = draw(st.sampled_from(["190-2024", "244-2014"]))
    candidates = tuple(Candidate(cid, name) for cid, name in zip(ids, names, strict=True))
    return CountInput(elect, candidates, ballots, regulation(profile, switches))


def tallies(result: CountResult) -> dict[str, Any]:
    return {c.id: (c.votes, c.outcome) for c in result.candidates}


@FEW
@given(rounds(), st.randoms(use_true_random=False))
def test_permuting_ballots_or_candidates_changes_nothing(
    count_input: CountInput, rnd: random.Random
) -> None:
    ballots, candidates = list(count_input.ballots), list(count_input.candidates)
    rnd.shuffle(ballots)
    rnd.shuffle(candidates)
    shuffled = dataclasses.replace(
        count_input, ballots=tuple(ballots), candidates=tuple(candidates)
    )
    assert result_to_dict(count_round(shuffled)) == result_to_dict(count_round(count_input))


@FEW
@given(rounds())
def test_the_figures_of_every_count_add_up(count_input: CountInput) -> None:
    result = count_round(count_input)
    summary, seats = result.ballots, count_input.election.seats
    assert summary.received == sum(b.count for b in count_input.ballots)
    assert summary.received == summary.valid + summary.invalid
    assert summary.invalid == sum(summary.invalid_by_reason.values())
    assert list(summary.invalid_by_reason) == list(InvalidReason)
    assert all(0 <= c.votes <= summary.valid for c in result.candidates)
    assert sum(c.votes for c in result.candidates) <= summary.valid * seats
    assert len(result.elected) <= seats
    assert len(result.elected) + result.seats_unfilled == seats
    assert not set(result.elected) & set(result.tied)
    assert not set(result.alternates) & (set(result.elected) | set(result.tied))
    votes = [dict(tallies(result))[cid][0] for cid in result.elected]
    assert votes == sorted(votes, reverse=True)
    assert result.protocol[0].step == "Quy chế áp dụng"
    assert result.protocol[-1].step == "Kết luận vòng bầu"


@FEW
@given(rounds(default_switches=True))
def test_everyone_elected_has_the_votes_needed_under_the_default_rules(
    count_input: CountInput,
) -> None:
    result = count_round(count_input)
    by_id = {c.id: c.votes for c in result.candidates}
    assert all(by_id[cid] >= result.threshold.votes_needed for cid in result.elected)
    assert result.threshold.votes_needed == result.threshold.base // 2 + 1


@FEW
@given(rounds(slack=1))
def test_adding_an_invalid_ballot_changes_only_the_invalid_counts(count_input: CountInput) -> None:
    before = count_round(count_input)
    unofficial = Ballot(defects=(Defect.NOT_OFFICIAL,))
    after = count_round(
        dataclasses.replace(count_input, ballots=(*count_input.ballots, unofficial))
    )
    assert after.ballots.received == before.ballots.received + 1
    assert after.ballots.invalid == before.ballots.invalid + 1
    assert after.ballots.invalid_by_reason[InvalidReason.NOT_OFFICIAL] == (
        before.ballots.invalid_by_reason[InvalidReason.NOT_OFFICIAL] + 1
    )
    assert after.ballots.valid == before.ballots.valid
    assert after.candidates == before.candidates
    assert (after.elected, after.tied, after.seats_unfilled, after.next) == (
        before.elected, before.tied, before.seats_unfilled, before.next,
    )  # fmt: skip
    assert after.threshold == before.threshold


@FEW
@given(rounds())
def test_a_ballot_with_count_n_is_n_identical_ballots(count_input: CountInput) -> None:
    copies = tuple(
        dataclasses.replace(b, count=1) for b in count_input.ballots for _ in range(b.count)
    )
    expanded = dataclasses.replace(count_input, ballots=copies)
    assert result_to_dict(count_round(expanded)) == result_to_dict(count_round(count_input))
