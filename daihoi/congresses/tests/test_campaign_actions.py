"""The campaign's actions: bulk planning, the status lifecycle, approval by the upper
committee only, and reported results. Every write is one audit entry; a refusal writes
nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from daihoi.congresses import actions
from daihoi.congresses.actions import CampaignError
from daihoi.congresses.models import (
    Congress,
    CongressKind,
    CongressResult,
    CongressStatus,
    StatusChange,
)
from daihoi.congresses.rules import RawPlanRow, ResultFigures
from daihoi.core.models import AuditEntry
from daihoi.organizations.actions import NewOrganization, insert_organizations
from daihoi.organizations.models import Level

TERM = "2025-2030"


def congress_of(world, org, *, status_to=None, acting_user=None):
    congress = actions.create_congress(
        org,
        acting_user=acting_user or world.staff_p,
        term=TERM,
        kind=CongressKind.GENERAL,
        convened=30,
        starts_on=dt.date(2025, 5, 10),
    )
    steps = ["preparing", "held"]
    for status in steps[: steps.index(status_to) + 1] if status_to else []:
        congress = actions.advance_congress(
            congress, status, dt.date(2025, 5, 10), acting_user=world.staff_p
        )
    return congress


def audit_count(action):
    return AuditEntry.objects.filter(action=action).count()


# --- Bulk planning ----------------------------------------------------------------------------


def test_bulk_planning_a_level_creates_exactly_the_missing_congresses_with_one_audit_entry(
    world,
):
    existing = congress_of(world, world.cell_a)  # A1-1 already planned
    entries = AuditEntry.objects.count()

    count = actions.plan_congresses(
        world.province,
        Level.CELL,
        TERM,
        acting_user=world.staff_p,
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 6, 15),
        direct_secretary=True,
    )

    assert count == 2  # A1-2 and B1-1; A1-1 kept as it was
    assert AuditEntry.objects.count() == entries + 1
    entry = AuditEntry.objects.latest("seq")
    assert entry.action == "congress.plan_level" and entry.after["count"] == 2
    planned = Congress.objects.filter(term=TERM, org_level=Level.CELL).exclude(pk=existing.pk)
    assert sorted(c.organization.code for c in planned) == ["A1-2", "B1-1"]
    for congress in planned:
        assert congress.org_path == congress.organization.path
        assert congress.directive.number == "45-CT/TW"
        assert congress.status == CongressStatus.PLANNED
        assert (congress.starts_on, congress.ends_on) == (dt.date(2025, 4, 1), dt.date(2025, 6, 15))
        assert congress.direct_secretary and not congress.is_pilot
        assert list(congress.status_changes.values_list("status", "by")) == [
            ("planned", world.staff_p.pk)
        ]


def test_bulk_planning_again_finds_nothing_to_plan_and_writes_nothing(world):
    actions.plan_congresses(world.district_a, Level.BASE, TERM, acting_user=world.staff_a)
    entries = AuditEntry.objects.count()
    assert (
        actions.plan_congresses(world.district_a, Level.BASE, TERM, acting_user=world.staff_a) == 0
    )
    assert AuditEntry.objects.count() == entries


def test_bulk_planning_takes_the_kind_unit_by_unit_from_the_directive(world):
    # B1 (a đảng bộ) with 43 members in its cell: a general meeting; A1 grows past 200.
    world.cell_a.official_members = 190
    world.cell_a.save()
    actions.plan_congresses(world.province, Level.BASE, TERM, acting_user=world.staff_p)
    kinds = dict(Congress.objects.filter(term=TERM).values_list("organization__code", "kind"))
    assert kinds == {"A1": "delegates", "A2": "general", "B1": "general"}


def test_a_kind_chosen_in_the_form_applies_to_every_unit(world):
    actions.plan_congresses(
        world.district_a, Level.BASE, TERM, acting_user=world.staff_a, kind=CongressKind.DELEGATES
    )
    assert set(Congress.objects.values_list("kind", flat=True)) == {"delegates"}


def test_bulk_planning_refuses_a_level_not_below_the_unit_and_bad_dates(world):
    with pytest.raises(CampaignError, match="cấp dưới"):
        actions.plan_congresses(world.district_a, Level.UPPER_BASE, TERM, acting_user=None)
    with pytest.raises(CampaignError, match="không được trước"):
        actions.plan_congresses(
            world.district_a,
            Level.BASE,
            TERM,
            acting_user=None,
            starts_on=dt.date(2025, 6, 1),
            ends_on=dt.date(2025, 5, 1),
        )
    assert not Congress.objects.exists()


def test_bulk_planning_ten_thousand_cells_inserts_in_batches_not_unit_by_unit(world):
    rows = [
        NewOrganization(
            f"A1-{i}", f"Chi bộ số {i}", Level.CELL, "territorial", "chi_bo", 5, 0, "A1"
        )
        for i in range(3, 10_003)
    ]
    insert_organizations(rows)
    with CaptureQueriesContext(connection) as queries:
        count = actions.plan_congresses(world.province, Level.CELL, TERM, acting_user=None)
    assert count == 10_003
    assert Congress.objects.filter(org_level=Level.CELL).count() == 10_003
    assert StatusChange.objects.count() == 10_003
    # Batched inserts, never a query per unit (SQLite's bound-parameter limit allows ~49
    # congresses per INSERT; PostgreSQL takes 2,000).
    assert len(queries) < count / 30


# --- The plan import action ---------------------------------------------------------------------


def test_an_imported_plan_is_written_whole_with_one_audit_entry(world):
    rows = [
        RawPlanRow(2, {"code": "A1", "kind": "đại biểu", "starts_on": "20/05/2025"}),
        RawPlanRow(3, {"code": "A1-1", "is_pilot": "có", "contents": "2"}),
    ]
    assert actions.import_plan(world.district_a, TERM, rows, acting_user=world.staff_a) == 2
    a1 = Congress.objects.get(organization=world.base_a)
    cell = Congress.objects.get(organization=world.cell_a)
    assert (a1.kind, a1.starts_on) == ("delegates", dt.date(2025, 5, 20))
    assert (cell.kind, cell.is_pilot, cell.contents) == ("general", True, 2)
    assert audit_count("congress.plan_import") == 1


def test_an_imported_plan_with_one_bad_row_writes_nothing(world):
    rows = [RawPlanRow(2, {"code": "A1"}), RawPlanRow(3, {"code": "B1"})]
    with pytest.raises(CampaignError, match="Dòng 3"):
        actions.import_plan(world.district_a, TERM, rows, acting_user=world.staff_a)
    assert not Congress.objects.exists()
    assert audit_count("congress.plan_import") == 0


# --- The lifecycle ---------------------------------------------------------------------------------


def test_the_status_moves_forward_one_step_at_a_time_and_keeps_its_history(world):
    congress = congress_of(world, world.base_a)
    with pytest.raises(CampaignError, match="lần lượt"):
        actions.advance_congress(congress, "held", acting_user=world.staff_a)
    actions.advance_congress(congress, "preparing", dt.date(2025, 5, 2), acting_user=world.staff_a)
    congress = actions.advance_congress(
        congress, "held", dt.date(2025, 5, 10), acting_user=world.staff_a
    )
    with pytest.raises(CampaignError, match="ngược"):
        actions.advance_congress(congress, "preparing", acting_user=world.staff_a)
    with pytest.raises(CampaignError, match="báo cáo kết quả"):
        actions.advance_congress(congress, "reported", acting_user=world.staff_a)

    congress.refresh_from_db()
    assert congress.status == "held" and congress.held_on == dt.date(2025, 5, 10)
    history = list(congress.status_changes.order_by("id").values_list("status", "on"))
    assert history[1:] == [("preparing", dt.date(2025, 5, 2)), ("held", dt.date(2025, 5, 10))]
    assert audit_count("congress.advance") == 2


def test_a_status_cannot_be_dated_in_the_future(world):
    congress = congress_of(world, world.base_a)
    with pytest.raises(CampaignError, match="sau hôm nay"):
        actions.advance_congress(
            congress, "preparing", dt.date(2999, 1, 1), acting_user=world.staff_a
        )
    assert Congress.objects.get(pk=congress.pk).status == "planned"


# --- Results ------------------------------------------------------------------------------------------


FIGURES = ResultFigures(
    committee_elected=15,
    committee_reelected=10,
    committee_women=3,
    committee_young=2,
    standing_elected=5,
    secretary_elected=True,
    secretary_direct=True,
    secretary_votes=120,
    secretary_base=125,
    deputies_elected=2,
)


def test_reporting_results_by_form_moves_a_held_congress_to_reported(world):
    congress = congress_of(world, world.base_a, status_to="held")
    result = actions.report_results(congress, FIGURES, source="form", acting_user=world.staff_a)
    congress.refresh_from_db()
    assert congress.status == "reported"
    assert (result.committee_new, result.source, result.reported_by) == (5, "form", world.staff_a)
    assert congress.secretary_percent == 96  # 120 of 125, the dashboard's indexed copy

    corrected = actions.report_results(
        congress, ResultFigures(committee_elected=16), source="form", acting_user=world.staff_a
    )
    assert CongressResult.objects.get().committee_elected == 16 == corrected.committee_elected
    assert audit_count("congress.report_results") == 2
    assert congress.status_changes.filter(status="reported").count() == 1


def test_results_are_refused_before_the_congress_is_held_and_when_they_contradict(world):
    congress = congress_of(world, world.base_a)
    with pytest.raises(CampaignError, match="chưa tổ chức"):
        actions.report_results(congress, FIGURES, source="form", acting_user=world.staff_a)
    held = congress_of(world, world.cell_a, status_to="held")
    with pytest.raises(CampaignError, match="nữ"):
        actions.report_results(
            held,
            ResultFigures(committee_elected=1, committee_women=2),
            source="form",
            acting_user=world.staff_a,
        )
    assert not CongressResult.objects.exists()


# --- Approval -------------------------------------------------------------------------------------------


def reported(world, org):
    congress = congress_of(world, org, status_to="held")
    actions.report_results(congress, FIGURES, source="form", acting_user=world.staff_p)
    return Congress.objects.get(pk=congress.pk)


def test_a_district_cannot_approve_its_own_congress_even_its_own_staff(world):
    congress = reported(world, world.district_a)
    with pytest.raises(CampaignError, match="không tự chuẩn y"):
        actions.approve_congress(congress, acting_user=world.staff_a)
    assert Congress.objects.get(pk=congress.pk).status == "reported"
    assert audit_count("congress.approve") == 0


def test_the_province_approves_the_districts_congress(world):
    congress = reported(world, world.district_a)
    approved = actions.approve_congress(congress, acting_user=world.staff_p)
    assert approved.status == "approved"
    assert approved.approved_by == world.staff_p
    assert approved.approved_on is not None
    assert audit_count("congress.approve") == 1


def test_the_district_approves_its_base_organizations_congress_and_not_another_districts(world):
    assert actions.approve_congress(reported(world, world.base_a), acting_user=world.staff_a)
    with pytest.raises(CampaignError):
        actions.approve_congress(reported(world, world.base_b), acting_user=world.staff_a)


def test_the_top_organization_is_approved_only_by_a_superuser(world):
    congress = reported(world, world.province)
    with pytest.raises(CampaignError):
        actions.approve_congress(congress, acting_user=world.staff_p)
    assert actions.approve_congress(congress, acting_user=world.admin).status == "approved"


def test_only_reported_results_are_approved_and_approved_results_stay_as_they_are(world):
    congress = congress_of(world, world.base_a, status_to="held")
    with pytest.raises(CampaignError, match="đã báo cáo kết quả"):
        actions.approve_congress(congress, acting_user=world.staff_p)
    actions.report_results(congress, FIGURES, source="form", acting_user=world.staff_a)
    actions.approve_congress(congress, acting_user=world.staff_p)
    with pytest.raises(CampaignError, match="đã được chuẩn y"):
        actions.report_results(congress, FIGURES, source="form", acting_user=world.staff_a)
    with pytest.raises(CampaignError, match="đã được chuẩn y"):
        actions.approve_congress(congress, acting_user=world.staff_p)
