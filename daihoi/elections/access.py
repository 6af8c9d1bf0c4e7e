"""Who sees and does what in an election.

- The organization department whose scope holds the congress's organization sets the
  election up (list, counting committee, typists, rounds) and reads everything.
- The counting committee (head, members) and the typists of an election see that election.
- Only the round's typists key its ballots; only the head orders a re-read and closes a round.
Anything else answers 404, exactly like a missing object.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from daihoi.congresses import access as congress_access
from daihoi.core.access import NotFoundForUser, is_global
from daihoi.core.models import User
from daihoi.elections import entry_sql
from daihoi.elections.models import Election, ElectionStaff, Round, StaffRole
from daihoi.organizations import access as org_access


def staff_roles(user: User, election: Election) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(
        ElectionStaff.objects.filter(election=election, user_id=user.pk).values_list(
            "role", flat=True
        )
    )


def elections_visible_to(user: User) -> QuerySet[Election]:
    if is_global(user):
        return Election.objects.all()
    in_scope = Q(congress__organization__in=org_access.organizations_visible_to(user))
    as_staff = Q(staff__user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    return Election.objects.filter(in_scope | as_staff).distinct()


def can_view(user: User, election: Election) -> bool:
    return congress_access.can_view(user, election.congress) or bool(staff_roles(user, election))


def can_manage(user: User, election: Election) -> bool:
    return congress_access.can_manage(user, election.congress)


def is_head(user: User, election: Election) -> bool:
    return StaffRole.HEAD in staff_roles(user, election)


def _election(pk: object) -> Election:
    try:
        return Election.objects.select_related("congress__organization").get(pk=int(str(pk)))
    except (Election.DoesNotExist, ValueError):
        raise NotFoundForUser() from None


def _round(pk: object) -> Round:
    try:
        return Round.objects.select_related("election__congress__organization").get(pk=int(str(pk)))
    except (Round.DoesNotExist, ValueError):
        raise NotFoundForUser() from None


def get_visible_election(user: User, pk: object) -> Election:
    election = _election(pk)
    if not can_view(user, election):
        raise NotFoundForUser()
    return election


def get_managed_election(user: User, pk: object) -> Election:
    election = _election(pk)
    if not can_manage(user, election):
        raise NotFoundForUser()
    return election


def get_visible_round(user: User, pk: object) -> Round:
    round_ = _round(pk)
    if not can_view(user, round_.election):
        raise NotFoundForUser()
    return round_


def get_round_for_typist(user: User, pk: object) -> Round:
    """One of the round's K typists. One statement (it runs on every poll of the entry page);
    the fields the entry does not use, and the election, load when first used."""
    try:
        round_id = int(str(pk))
    except ValueError:
        raise NotFoundForUser() from None
    round_ = entry_sql.round_for_typist(round_id, user.pk) if user.pk else None
    if round_ is None:
        raise NotFoundForUser()
    return round_


def get_round_for_head(user: User, pk: object) -> Round:
    round_ = _round(pk)
    if not is_head(user, round_.election):
        raise NotFoundForUser()
    return round_


def get_round_for_committee(user: User, pk: object) -> Round:
    """The head, the members and the managing department: who may watch the entry console."""
    round_ = _round(pk)
    roles = staff_roles(user, round_.election)
    if not (roles & {StaffRole.HEAD, StaffRole.MEMBER} or can_manage(user, round_.election)):
        raise NotFoundForUser()
    return round_
