"""A congress's results report themselves upward when its elections are counted in daihoi.

finish_election calls `election_finished` inside its transaction:
- the congress was held (its elections are being counted): planned or preparing → held;
- once every election of the congress is done, the figures are computed from the stored
  results of their closed rounds and the candidates, and reported through
  congresses.actions.report_results(source="daihoi") (created, or updated when a later
  election finishes). An approved congress is left as it was approved.

congresses never imports elections (import-linter): the call goes this way only.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from daihoi.congresses import actions as congress_actions
from daihoi.congresses import rules as campaign_rules
from daihoi.congresses.models import Congress, CongressStatus, ResultSource
from daihoi.core.models import User
from daihoi.elections.models import (
    Body,
    Candidate,
    Election,
    ElectionStatus,
    Meeting,
    Round,
    RoundStatus,
)

logger = logging.getLogger(__name__)

DEFAULT_YOUNG_AGE = 35  # UNCONFIRMED: see docs/decisions/0007-campaign-lifecycle.md


def young_age() -> int:
    """Members under this age on the congress date count as young (settings.DAIHOI_YOUNG_AGE)."""
    return int(getattr(settings, "DAIHOI_YOUNG_AGE", DEFAULT_YOUNG_AGE))


def congress_date(congress: Congress) -> dt.date:
    """The day the congress was held (its start when not recorded; today as a last resort)."""
    return congress.held_on or congress.starts_on or timezone.localdate()


def held_on_for(congress: Congress, today: dt.date) -> dt.date:
    """The date to record when its elections show the congress was held: its planned start
    when that is not in the future, else today (it was held earlier than planned)."""
    if congress.starts_on and congress.starts_on <= today:
        return congress.starts_on
    return today


# --- Who was elected ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Elected:
    """The candidates a body's rounds elected, and the alternates (upper delegates only)."""

    officials: list[int]
    alternates: list[int]


def _closed_rounds(election: Election) -> list[Round]:
    return [r for r in election.rounds.all() if r.status == RoundStatus.CLOSED and r.result]


def elected_in(election: Election) -> Elected:
    """Officials: the `elected` of every closed round of the election's own body (first,
    further and tie re-vote rounds). Alternates: the `elected` of its alternates rounds and
    the candidates a delegates round marked "alternate" (and everyone an UPPER_ALTERNATES
    election elected)."""
    officials: list[int] = []
    alternates: list[int] = []
    for round_ in _closed_rounds(election):
        result = round_.result
        elected = [int(i) for i in result.get("elected", [])]
        if round_.body == Body.UPPER_ALTERNATES or election.body == Body.UPPER_ALTERNATES:
            alternates.extend(elected)
        else:
            officials.extend(elected)
            alternates.extend(
                int(c["id"])
                for c in result.get("candidates", [])
                if c.get("outcome") == "alternate"
            )
    return Elected(_unique(officials), _unique(alternates))


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


@dataclass(frozen=True)
class SecretaryVote:
    votes: int
    base: int


def secretary_vote(election: Election) -> SecretaryVote | None:
    """The elected secretary's votes and the threshold base of the round that elected them."""
    for round_ in _closed_rounds(election):
        result = round_.result
        elected = {str(i) for i in result.get("elected", [])}
        for candidate in result.get("candidates", []):
            if str(candidate["id"]) in elected:
                base = int(result.get("threshold", {}).get("base", round_.base))
                return SecretaryVote(int(candidate["votes"]), base)
    return None


# --- The figures ------------------------------------------------------------------------------


def congress_figures(congress: Congress) -> campaign_rules.ResultFigures:
    """What the congress elected, from its finished elections' stored results."""
    elections = list(
        Election.objects.filter(congress=congress, status=ElectionStatus.DONE).prefetch_related(
            "rounds"
        )
    )
    by_body: dict[str, list[Election]] = {}
    for election in elections:
        by_body.setdefault(election.body, []).append(election)

    def officials(body: str) -> list[int]:
        return _unique(i for e in by_body.get(body, []) for i in elected_in(e).officials)

    committee_ids = officials(Body.EXECUTIVE)
    committee = list(Candidate.objects.filter(pk__in=committee_ids))
    day = congress_date(congress)
    limit = young_age()

    secretary_ids = officials(Body.SECRETARY)
    direct_vote: SecretaryVote | None = None
    for election in by_body.get(Body.SECRETARY, []):
        held_at_congress = election.meeting in (Meeting.DELEGATES, Meeting.GENERAL)
        if held_at_congress and elected_in(election).officials:
            direct_vote = secretary_vote(election)
            break

    delegates: list[int] = []
    alternates: list[int] = []
    for body in (Body.UPPER_DELEGATES, Body.UPPER_ALTERNATES):
        for election in by_body.get(body, []):
            elected = elected_in(election)
            delegates.extend(elected.officials)
            alternates.extend(elected.alternates)

    return campaign_rules.ResultFigures(
        committee_elected=len(committee),
        committee_reelected=sum(1 for c in committee if c.is_incumbent),
        committee_women=sum(1 for c in committee if c.gender == "female"),
        committee_young=sum(
            1 for c in committee if campaign_rules.is_young(c.birth_date, day, limit)
        ),
        committee_ethnic_minority=sum(
            1 for c in committee if campaign_rules.is_ethnic_minority(c.ethnicity)
        ),
        standing_elected=len(officials(Body.STANDING)),
        secretary_elected=bool(secretary_ids),
        secretary_direct=direct_vote is not None,
        secretary_votes=direct_vote.votes if direct_vote else None,
        secretary_base=direct_vote.base if direct_vote else None,
        deputies_elected=len(officials(Body.DEPUTY)),
        inspection_elected=len(officials(Body.INSPECTION)),
        delegates_elected=len(_unique(delegates)),
        alternates_elected=len(_unique(alternates)),
    )


# --- The hook ---------------------------------------------------------------------------------


def election_finished(election: Election, *, acting_user: User | None) -> None:
    """Called by finish_election inside its transaction (see the module docstring)."""
    congress = Congress.objects.get(pk=election.congress_id)
    if congress.status == CongressStatus.APPROVED:
        return  # approved as reported; a later election does not reopen it
    today = timezone.localdate()
    congress = congress_actions.record_congress_held(
        congress, held_on_for(congress, today), acting_user=acting_user
    )
    if Election.objects.filter(congress=congress).exclude(status=ElectionStatus.DONE).exists():
        return
    try:
        congress_actions.report_results(
            congress,
            congress_figures(congress),
            source=ResultSource.DAIHOI,
            acting_user=acting_user,
            on=today,
        )
    except congress_actions.CampaignError as error:
        # Never block the counting committee: the report action rolled back its own
        # savepoint; the organization department can still report by form.
        logger.warning("Congress %s: results not reported automatically: %s", congress.pk, error)
