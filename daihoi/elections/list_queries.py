"""Reads of the candidate list: who is on it, in which order, and what keeps it from being
confirmed (the surplus rules of QĐ 190 Art. 14, computed by daihoi.counting.lists)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from daihoi.counting.election import Body as CountingBody
from daihoi.counting.lists import ListCheck, check_ballot_list, surplus_rule_applies
from daihoi.counting.names import name_key
from daihoi.elections.models import Candidate, CandidateStatus, Election


def on_list(election: Election) -> list[Candidate]:
    return list(election.candidates.filter(status=CandidateStatus.ON_LIST))


def in_ballot_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Vietnamese name order (given name, family name, middle names, then date of birth)."""
    return sorted(candidates, key=lambda c: name_key(c.full_name, c.birth_date))


def surplus_check(election: Election) -> ListCheck | None:
    """The Art. 14 check for the executive and standing committees; None for other bodies."""
    if not surplus_rule_applies(CountingBody(election.body)):
        return None
    return check_ballot_list(election.seats, len(on_list(election)))


def list_problems(election: Election) -> list[str]:
    problems = []
    undecided = election.candidates.filter(status=CandidateStatus.PROPOSED)
    if undecided.exists():
        names = ", ".join(c.full_name for c in undecided)
        problems.append(_("chưa biểu quyết đưa vào danh sách: %(names)s") % {"names": names})
    listed = len(on_list(election))
    if listed == 0:
        problems.append(_("danh sách chưa có ai"))
    check = surplus_check(election)
    if check is not None and not check.ok:
        problems.extend(check.problems)
    return problems
