"""The demo's city congress (daihoi/delegates/demo.py): its allocation, the roster that flowed
up from the ward of Quang Trung's counted rounds and was imported for the other units, the
credentials committee's review and report, badges, and the two sessions — the preparatory one
whose check-in gave the executive committee's first round its base, the official one half
checked in. The whole demo is built once for the module (as `make demo` builds it) inside a
transaction rolled back at the end."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from daihoi.congresses.models import Congress, CongressResult
from daihoi.core.audit import verify_chain
from daihoi.core.models import AuditEntry, User
from daihoi.delegates import demo as delegates_demo
from daihoi.delegates import queries
from daihoi.delegates.documents.credentials_report import report_context
from daihoi.delegates.models import (
    Badge,
    CheckIn,
    Credentials,
    Delegate,
    DelegateKind,
    Delegation,
    SeatStatus,
    SessionKind,
    StaffRole,
)
from daihoi.delegates.views import staff_home
from daihoi.demo import ensure_demo_dataset
from daihoi.elections.models import BaseSource, Body, Round, RoundStatus

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("delegates_demo")]

TERM = "2020-2025"
QUANG_TRUNG = "QN-UB-03"


@pytest.fixture(scope="module")
def city(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Congress]:
    """The city congress of the demo dataset, built once (cheap password hashing, as every
    test gets from conftest)."""
    cheap = ["daihoi.core.hashers.CheapArgon2PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=cheap),
        transaction.atomic(),
    ):
        ensure_demo_dataset()
        yield Congress.objects.select_related("organization").get(
            organization__code="QN-UB", term=TERM
        )
        transaction.set_rollback(True)


def quang_trung(city: Congress) -> Congress:
    return Congress.objects.get(organization__code=QUANG_TRUNG, term=TERM)


def test_the_allocation_in_force_is_largest_remainder_with_a_minimum(city):
    allocation = queries.allocation_in_force(city)
    assert allocation is not None and allocation.saved_by.username == "bantochuc"
    result = allocation.result
    assert (result["official_total"], result["alternates_total"]) == (255, 59)
    assert result["convened_total"] == 290 == city.convened
    assert result["ties"] == [] and result["method"] == "largest_remainder"
    units = {u["id"]: u for u in result["units"]}
    assert len(units) == 46
    # Quang Trung: minimum 5 + 1 by members = the 6 its counted election elected; 4
    # alternates allotted, of which its congress elected 1 (see the demo's docstring).
    qt = units[QUANG_TRUNG]
    assert (qt["official"], qt["base"], qt["by_members"], qt["extra"]) == (6, 5, 1, 0)
    assert qt["alternates"] == 4
    assert sum(u["extra"] for u in units.values()) == 7
    assert {u["official"] for u in units.values()} == {5, 6, 7}
    seats = delegates_demo.allotted_seats(city.organization)
    assert seats[QUANG_TRUNG] == (6, 4)
    assert sum(o for o, _a in seats.values()) == 255


def test_each_base_congress_elected_its_allotment_and_the_totals_are_the_reports(city):
    seats = delegates_demo.allotted_seats(city.organization)
    results = {
        code: (delegates, alternates)
        for code, delegates, alternates in CongressResult.objects.filter(
            congress__term=TERM, congress__organization__parent=city.organization
        ).values_list("congress__organization__code", "delegates_elected", "alternates_elected")
    }
    assert results.pop(QUANG_TRUNG) == (6, 1)
    assert results == {code: s for code, s in seats.items() if code != QUANG_TRUNG}
    assert sum(d for d, _a in results.values()) + 6 == 255
    assert sum(a for _d, a in results.values()) + 1 == 56


def test_the_roster_quang_trung_from_its_rounds_the_rest_in_one_import(city):
    delegates = Delegate.objects.filter(congress=city)
    assert delegates.count() == 346
    assert Counter(delegates.values_list("kind", "status")) == {
        (DelegateKind.EX_OFFICIO, SeatStatus.ACTIVE): 35,
        (DelegateKind.ELECTED, SeatStatus.ACTIVE): 254,
        (DelegateKind.ELECTED, SeatStatus.REPLACED): 1,
        (DelegateKind.ALTERNATE, SeatStatus.ACTIVE): 1,
        (DelegateKind.ALTERNATE, SeatStatus.WAITING): 55,
    }
    assert queries.roster_counts(city) == {
        "ex_officio": 35,
        "elected": 254,
        "appointed": 0,
        "alternate": 1,
        "member": 0,
        "waiting": 55,
    }

    # Quang Trung's 6 and 1 came from its counted rounds, with their votes.
    ward = quang_trung(city)
    rounds = {
        r.body: r
        for r in Round.objects.filter(election__congress=ward, election__body=Body.UPPER_DELEGATES)
    }
    assert all(r.status == RoundStatus.CLOSED for r in rounds.values())
    officials = rounds[Body.UPPER_DELEGATES]
    from_ward = delegates.filter(unit__code=QUANG_TRUNG)
    elected = from_ward.filter(kind=DelegateKind.ELECTED)
    assert elected.count() == 6
    assert {d.source_round_id for d in elected} == {officials.pk}
    assert all(d.source_congress_id == ward.pk and d.votes for d in elected)
    winners = ward.elections.get(body=Body.UPPER_DELEGATES).candidates.filter(
        pk__in=[int(i) for i in officials.result["elected"]]
    )
    assert {c.person_id for c in winners} == {d.person_id for d in elected}
    (alternate,) = from_ward.filter(kind=DelegateKind.ALTERNATE)
    assert alternate.source_round_id == rounds[Body.UPPER_ALTERNATES].pk
    assert alternate.alternate_rank == 1
    # Away with an approved reason, the delegate with the fewest votes gave the ward's
    # alternate the seat.
    replaced = elected.get(status=SeatStatus.REPLACED)
    assert replaced.votes == min(d.votes for d in elected)
    assert alternate.replaces_id == replaced.pk and alternate.status == SeatStatus.ACTIVE

    # Everyone else in ONE import, the delegations being the units.
    imports = AuditEntry.objects.filter(
        action="delegate.import", object_type="congress", object_id=str(city.pk)
    )
    assert imports.count() == 1 and len(imports.get().after["delegates"]) == 346 - 7
    assert not delegates.filter(source_round_id__isnull=True, unit__code=QUANG_TRUNG).exists()
    delegations = Delegation.objects.filter(congress=city)
    assert delegations.count() == 46 + 1  # the units and the outgoing committee
    assert all(
        d.delegation.organization_id == d.unit_id for d in delegates.select_related("delegation")
    )
    per_unit = Counter(
        delegates.exclude(kind=DelegateKind.EX_OFFICIO).values_list("unit__code", "kind")
    )
    for code, (official, alternates) in delegates_demo.allotted_seats(city.organization).items():
        assert per_unit[(code, DelegateKind.ELECTED)] == official
        expected = 1 if code == QUANG_TRUNG else alternates
        assert per_unit[(code, DelegateKind.ALTERNATE)] == expected

    # Realistic records: about 30% women, a few ethnic minorities.
    people = [d.person for d in delegates.select_related("person")]
    women = sum(p.gender == "female" for p in people)
    assert 0.2 < women / len(people) < 0.4
    minorities = sum(p.ethnicity not in ("", "Kinh") for p in people)
    assert 3 <= minorities <= 30


def test_the_credentials_committee_and_its_report(city):
    head = User.objects.get(username="thamtra")
    desk = User.objects.get(username="letan")
    assert city.staff.get(user=head).role == StaffRole.CREDENTIALS
    assert city.staff.get(user=head).is_head
    assert city.staff.get(user=desk).role == StaffRole.SECRETARIAT
    # Without an organization grant, each starts on their page of the city congress.
    assert staff_home(head) == reverse("delegates:credentials", args=[city.pk])
    assert staff_home(desk) == reverse("delegates:roster", args=[city.pk])
    credentials = Counter(Delegate.objects.filter(congress=city).values_list("credentials"))
    assert credentials == {(Credentials.ACCEPTED,): 345, (Credentials.CHALLENGED,): 1}

    report = report_context(city)
    assert (report.convened, report.accepted, report.pending) == (290, 289, 0)
    assert (report.alternates, report.alternates_substituting, report.alternates_waiting) == (
        56,
        1,
        55,
    )
    (challenged,) = report.challenged
    assert challenged.delegate.unit == "Đảng bộ phường Nam Khê" and challenged.reason
    (replacement,) = report.replacements
    assert replacement.official.unit == "Đảng bộ phường Quang Trung"
    assert replacement.why.startswith("vắng mặt")
    assert report.rejected == ()
    assert report.signature.name == "Đặng Văn Thẩm"
    assert report.composition.total == 290


def test_every_delegate_has_a_live_badge(city):
    live = Badge.objects.filter(delegate__congress=city, revoked_at__isnull=True)
    assert live.count() == Delegate.objects.filter(congress=city).count() == 346
    assert live.values("delegate").distinct().count() == 346


def test_the_executive_round_took_its_base_from_the_preparatory_session(city):
    round_ = Round.objects.get(election__congress=city, election__body=Body.EXECUTIVE)
    assert round_.status == RoundStatus.OPEN
    assert round_.base_source == BaseSource.CHECKIN
    assert round_.base_note == "Phiên trù bị, buổi sáng 28/07/2020"
    assert (round_.convened, round_.present, round_.ballots_issued) == (290, 286, 286)
    assert {e["code"]: e["count"] for e in round_.exclusions} == {
        "committee_members_absent_throughout": 1,
        "delegates_absent_throughout_not_replaced": 3,
    }
    assert round_.base == 286


def test_the_official_session_is_current_and_half_checked_in(city):
    current = queries.current_session(city)
    assert current is not None
    assert (current.kind, current.half) == (SessionKind.OFFICIAL, "afternoon")
    figures = queries.figures(city)
    assert (figures.convened, figures.present, figures.absent) == (290, 145, 145)
    assert figures.alternates_substituted == 1
    assert [(e.code, e.count) for e in figures.exclusions] == [
        ("committee_members_absent_throughout", 1),
        ("delegates_absent_throughout_not_replaced", 3),
    ]
    assert (figures.base, figures.quorum_required, figures.quorum_met) == (286, 194, False)
    preparatory = city.sessions.get(kind=SessionKind.PREPARATORY)
    assert preparatory.checkins.count() == 286
    checkins = CheckIn.objects.filter(session__congress=city)
    assert set(checkins.values_list("by__username", flat=True)) == {"letan"}
    assert set(checkins.values_list("method", flat=True)) == {"scanner", "search"}
    # Who came in the afternoon had come in the morning.
    assert not current.checkins.exclude(delegate__checkins__session=preparatory).exists()
    assert verify_chain()[1] is None
