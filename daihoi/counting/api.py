"""The public Python API of the counting rules, for the Django apps, the scanner and scripts.

    from daihoi.counting.api import (
        Ballot, Candidate, CountInput, Election, count_round, regulation,
    )
    result = count_round(CountInput(election, candidates, ballots, regulation("190-2024")))

`count_round` takes already-parsed Python objects; `count_json` takes the
`daihoi.count/1` document (a decoded dict) and returns the `daihoi.count-result/1` one.
Every function raises CountInputError (field + Vietnamese message) on bad input.
"""

from __future__ import annotations

from daihoi.counting.ballots import (
    Ballot,
    BallotStyle,
    Classification,
    Defect,
    InvalidReason,
    Mark,
    classify_ballot,
)
from daihoi.counting.count import (
    BallotSummary,
    CandidateResult,
    CountResult,
    ballot_order,
    count_round,
    validate,
)
from daihoi.counting.election import Body, Candidate, CountInput, Election, OrganizationKind
from daihoi.counting.errors import CountInputError
from daihoi.counting.jsonio import (
    dumps_result,
    loads_count_input,
    parse_count_input,
    result_to_dict,
)
from daihoi.counting.lists import (
    check_ballot_list,
    check_convener_list,
    floor_nominee,
    opinion_ballot_cut,
    surplus_bounds,
    surplus_rule_applies,
)
from daihoi.counting.names import name_key, sort_names
from daihoi.counting.open_vote import open_vote, quorum
from daihoi.counting.protocol import ProtocolStep, StepCode
from daihoi.counting.regulation import PROFILES, SWITCH_NAMES, Regulation, Switches, regulation
from daihoi.counting.selection import NextStep, Outcome, rest_of_common_list, select
from daihoi.counting.shares import percent
from daihoi.counting.threshold import (
    DelegatesExclusions,
    Meeting,
    MembersExclusions,
    Threshold,
    threshold,
)


def count_json(document: object) -> dict[str, object]:
    """Count a decoded `daihoi.count/1` document; return the `daihoi.count-result/1` one."""
    return result_to_dict(count_round(parse_count_input(document)))


__all__ = [
    "PROFILES",
    "SWITCH_NAMES",
    "Ballot",
    "BallotStyle",
    "BallotSummary",
    "Body",
    "Candidate",
    "CandidateResult",
    "Classification",
    "CountInput",
    "CountInputError",
    "CountResult",
    "Defect",
    "DelegatesExclusions",
    "Election",
    "InvalidReason",
    "Mark",
    "Meeting",
    "MembersExclusions",
    "NextStep",
    "OrganizationKind",
    "Outcome",
    "ProtocolStep",
    "Regulation",
    "StepCode",
    "Switches",
    "Threshold",
    "ballot_order",
    "check_ballot_list",
    "check_convener_list",
    "classify_ballot",
    "count_json",
    "count_round",
    "dumps_result",
    "floor_nominee",
    "loads_count_input",
    "name_key",
    "open_vote",
    "opinion_ballot_cut",
    "parse_count_input",
    "percent",
    "quorum",
    "regulation",
    "rest_of_common_list",
    "result_to_dict",
    "select",
    "sort_names",
    "surplus_bounds",
    "surplus_rule_applies",
    "threshold",
    "validate",
]
