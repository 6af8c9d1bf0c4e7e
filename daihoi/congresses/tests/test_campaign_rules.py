"""The campaign's pure rules: the default kind, the lifecycle steps, lateness, who is young,
the checks of reported figures and the reading of one plan row."""

import datetime as dt

import pytest

from daihoi.congresses import rules
from daihoi.congresses.models import CongressKind
from daihoi.organizations.models import Level

GENERAL, DELEGATES = CongressKind.GENERAL, CongressKind.DELEGATES


def kind(form="dang_bo", level=Level.BASE, members=0, below=200):
    return rules.default_kind(
        form=form, level=level, subtree_official=members, general_meeting_below=below
    )


def test_a_chi_bo_always_holds_a_general_meeting_however_many_members_it_has():
    assert kind(form="chi_bo", members=5000) == GENERAL
    assert kind(level=Level.CELL, members=5000) == GENERAL


def test_a_dang_bo_below_the_directives_threshold_holds_a_general_meeting():
    assert kind(members=199) == GENERAL
    assert kind(members=200) == DELEGATES
    assert kind(level=Level.UPPER_BASE, members=12_000) == DELEGATES


def test_the_threshold_is_the_directives_own():
    assert kind(members=250, below=300) == GENERAL


@pytest.mark.parametrize(("current", "target"), [("planned", "preparing"), ("preparing", "held")])
def test_a_congress_moves_forward_one_step_at_a_time(current, target):
    assert rules.advance_problem(current, target) is None


@pytest.mark.parametrize(
    ("current", "target", "says"),
    [
        ("planned", "held", "lần lượt"),
        ("held", "preparing", "ngược"),
        ("planned", "planned", "đã ở trạng thái"),
        ("held", "reported", "báo cáo kết quả"),
        ("reported", "approved", "cấp ủy cấp trên"),
        ("planned", "nonsense", "không hợp lệ"),
    ],
)
def test_skipping_going_back_reporting_and_approving_are_not_advances(current, target, says):
    assert says in rules.advance_problem(current, target)


def test_late_means_not_held_and_past_the_deadline_of_its_level():
    deadline = dt.date(2025, 6, 30)
    assert rules.is_late("planned", deadline, dt.date(2025, 7, 1))
    assert rules.is_late("preparing", deadline, dt.date(2025, 7, 1))
    assert not rules.is_late("planned", deadline, dt.date(2025, 6, 30))  # the day itself
    assert not rules.is_late("held", deadline, dt.date(2026, 1, 1))
    assert not rules.is_late("planned", None, dt.date(2026, 1, 1))


def test_young_is_under_the_age_limit_on_the_congress_day():
    day = dt.date(2025, 7, 15)
    assert rules.age_on(dt.date(1990, 7, 15), day) == 35
    assert rules.age_on(dt.date(1990, 7, 16), day) == 34
    assert rules.is_young(dt.date(1990, 7, 16), day, 35)
    assert not rules.is_young(dt.date(1990, 7, 15), day, 35)
    assert not rules.is_young(None, day, 35)


def test_an_ethnic_minority_is_any_stated_ethnicity_but_kinh():
    assert rules.is_ethnic_minority("Tày")
    assert not rules.is_ethnic_minority("Kinh")
    assert not rules.is_ethnic_minority(" kinh ")
    assert not rules.is_ethnic_minority("")


def test_figures_that_contradict_each_other_are_refused():
    figures = rules.ResultFigures(
        committee_elected=10, committee_women=11, secretary_votes=50, secretary_base=40
    )
    problems = " ".join(rules.figure_problems(figures))
    assert "nữ lớn hơn số cấp ủy viên được bầu" in problems
    assert "Số phiếu của bí thư lớn hơn cơ số" in problems
    assert "đã bầu bí thư" in problems
    assert rules.figure_problems(rules.ResultFigures(committee_elected=10)) == []


def check(values, *, units=None, planned=(), seen=None):
    unit = rules.PlannedUnit(7, "A1", "Đảng bộ xã An Bình", "000001000002000007", 3, "dang_bo")
    return rules.check_plan_row(
        rules.RawPlanRow(5, values),
        units={"A1": unit} if units is None else units,
        scope_path="000001000002",
        planned_ids=set(planned),
        seen_codes={} if seen is None else seen,
        term="2025-2030",
    )


def test_a_good_row_reads_kind_date_pilot_contents_and_direct_secretary():
    row = check(
        {
            "code": "A1",
            "kind": "Đại biểu",
            "starts_on": "15/06/2025",
            "is_pilot": "có",
            "contents": "3",
            "direct_secretary": "x",
        }
    )
    assert row.ok, row.errors
    assert (row.kind, row.starts_on, row.is_pilot, row.contents, row.direct_secretary) == (
        DELEGATES,
        dt.date(2025, 6, 15),
        True,
        3,
        True,
    )


def test_empty_optional_cells_take_the_defaults():
    row = check({"code": "A1"})
    assert row.ok
    assert (row.kind, row.starts_on, row.is_pilot, row.contents) == ("", None, False, 4)


def test_every_bad_cell_of_a_row_is_named_with_the_row_number():
    row = check(
        {
            "code": "A1",
            "kind": "hội nghị",
            "starts_on": "2025-15-06",
            "is_pilot": "có lẽ",
            "contents": "5",
        }
    )
    assert len(row.errors) == 4
    assert all(e.startswith("Dòng 5:") for e in row.errors)


def test_an_unknown_code_and_a_code_outside_the_scope_get_the_same_message():
    outside = rules.PlannedUnit(9, "B1", "Đảng bộ xã Bảo Hà", "000001000003000009", 3, "dang_bo")
    unknown = check({"code": "Z9"})
    foreign = check({"code": "B1"}, units={"B1": outside})
    assert unknown.errors == ["Dòng 5: không có tổ chức mã “Z9” trong phạm vi."]
    assert foreign.errors == ["Dòng 5: không có tổ chức mã “B1” trong phạm vi."]


def test_a_duplicate_and_an_already_planned_unit_are_refused():
    duplicate = check({"code": "A1"}, seen={"A1": 3})
    planned = check({"code": "A1"}, planned=[7])
    assert duplicate.errors == ["Dòng 5: mã “A1” trùng với dòng 3."]
    assert planned.errors == ["Dòng 5: Đảng bộ xã An Bình đã có đại hội nhiệm kỳ 2025-2030."]
