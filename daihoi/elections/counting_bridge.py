"""From the database to daihoi.counting and back: a closed round is counted by exactly the
same code, through exactly the same public contract (`daihoi.count/1`), as `daihoi count`.
So the web result, the minutes and `daihoi count` on an exported file can never disagree."""

from __future__ import annotations

import json
from typing import Any

from daihoi.counting.count import count_round as count_contract_input
from daihoi.counting.jsonio import parse_count_input, result_to_dict
from daihoi.elections.models import Candidate, ConfirmedBallot, Round, RoundCandidate, RoundPurpose

INPUT_FORMAT = "daihoi.count/1"


def ballot_candidates(round_: Round) -> list[tuple[int, Candidate]]:
    """(number on the ballot, candidate), in ballot order."""
    rows = (
        RoundCandidate.objects.filter(round=round_).select_related("candidate").order_by("number")
    )
    return [(row.number, row.candidate) for row in rows]


def candidate_id(candidate: Candidate) -> str:
    return str(candidate.pk)


def count_input(round_: Round) -> dict[str, Any]:
    """The round as a `daihoi.count/1` document (also offered as a download)."""
    election = round_.election
    names = ballot_candidates(round_)
    by_number = {number: candidate_id(c) for number, c in names}
    ballots: list[dict[str, Any]] = []
    for confirmed in ConfirmedBallot.objects.filter(round=round_).order_by("seq"):
        ballot: dict[str, Any] = {}
        if round_.ballot_style == "strike":
            ballot["struck"] = [by_number[int(n)] for n in confirmed.struck]
        else:
            keyed = {int(n): mark for n, mark in confirmed.marks.items()}
            ballot["marks"] = {cid: keyed.get(n, "agree") for n, cid in by_number.items()}
        if confirmed.defects:
            ballot["defects"] = list(confirmed.defects)
        ballots.append(ballot)
    return {
        "format": INPUT_FORMAT,
        "regulation": election.regulation,
        "switches": dict(election.switches),
        "election": {
            "body": round_.body,
            "seats": round_.seats,
            "meeting": election.meeting,
            "convened": round_.convened,
            "not_counted_in_base": round_.not_counted_in_base,
            "ballot_style": round_.ballot_style,
            "round": round_.number,
            "organization_kind": election.congress.organization.form,
            "tie_revote": round_.purpose == RoundPurpose.TIE_REVOTE,
            "alternate_seats": election.alternate_seats if round_.body == "upper_delegates" else 0,
        },
        "candidates": [
            {
                "id": candidate_id(c),
                "name": c.full_name,
                **({"birth_date": c.birth_date.isoformat()} if c.birth_date else {}),
            }
            for _, c in names
        ],
        "ballots": ballots,
    }


def count_round(round_: Round) -> dict[str, Any]:
    """Count the round's confirmed ballots; the result as stored (plain JSON data)."""
    result = result_to_dict(count_contract_input(parse_count_input(count_input(round_))))
    return json.loads(json.dumps(result, ensure_ascii=False))
