"""The campaign pages: the plan page with its bulk form, the .xlsx import with preview, and
the congress page's panel (advance, report results, approval by the upper committee only)."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.congresses import actions
from daihoi.congresses.models import Congress, CongressKind, CongressResult
from daihoi.congresses.rules import ResultFigures
from daihoi.core.models import AuditEntry
from daihoi.organizations.models import Level

TERM = "2025-2030"
HEADER = [
    "Mã tổ chức",
    "Hình thức",
    "Ngày dự kiến",
    "Đại hội điểm",
    "Số nội dung",
    "Bầu trực tiếp bí thư",
]


def xlsx(rows, header=HEADER, name="ke-hoach.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def as_user(client, user):
    client.force_login(user)
    return client


def congress_of(world, org, status_to=None):
    congress = actions.create_congress(
        org, acting_user=world.staff_p, term=TERM, kind=CongressKind.GENERAL, convened=30
    )
    for status in (
        ("preparing", "held")[: ("preparing", "held").index(status_to) + 1] if (status_to) else ()
    ):
        actions.advance_congress(congress, status, dt.date(2025, 5, 5), acting_user=world.staff_p)
    return Congress.objects.get(pk=congress.pk)


def reported(world, org):
    congress = congress_of(world, org, "held")
    actions.report_results(
        congress, ResultFigures(committee_elected=9), source="form", acting_user=world.staff_p
    )
    return Congress.objects.get(pk=congress.pk)


# --- The plan page ---------------------------------------------------------------------------


def test_the_plan_page_lists_the_congresses_under_the_unit_with_progress(client, world):
    congress_of(world, world.base_a)
    page = as_user(client, world.viewer_a).get(
        reverse("congresses:plan", args=[world.district_a.pk]), {"nhiem_ky": TERM}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-org="A1"' in text
    assert page.context["progress"][0].label  # per level
    assert page.context["bulk_form"] is None  # a viewer plans nothing


def test_another_districts_staff_cannot_open_the_plan_page(client, world):
    response = as_user(client, world.staff_b).get(
        reverse("congresses:plan", args=[world.district_a.pk])
    )
    assert response.status_code == 404


def test_the_bulk_form_plans_a_whole_level(client, world):
    url = reverse("congresses:plan_bulk", args=[world.district_a.pk])
    response = as_user(client, world.staff_a).post(
        url,
        {
            "level": Level.CELL,
            "term": TERM,
            "starts_on": "01/05/2025",
            "ends_on": "30/06/2025",
            "contents": "4",
            "kind": "",
        },
    )
    assert response.status_code == 302
    assert sorted(Congress.objects.values_list("organization__code", flat=True)) == [
        "A1-1",
        "A1-2",
    ]
    assert AuditEntry.objects.filter(action="congress.plan_level").count() == 1


def test_the_bulk_form_shows_its_errors_and_writes_nothing(client, world):
    url = reverse("congresses:plan_bulk", args=[world.district_a.pk])
    response = as_user(client, world.staff_a).post(
        url,
        {
            "level": Level.CELL,
            "term": TERM,
            "starts_on": "30/06/2025",
            "ends_on": "01/05/2025",
            "contents": "4",
        },
    )
    assert response.status_code == 400
    assert "không được trước" in str(response.context["bulk_form"].errors)
    assert not Congress.objects.exists()


# --- The import -------------------------------------------------------------------------------


def upload(client, world, rows, **kwargs):
    url = reverse("congresses:plan_import", args=[world.district_a.pk])
    return client.post(url, {"term": TERM, "file": xlsx(rows, **kwargs)})


def test_the_preview_lists_every_bad_row_with_its_number_and_writes_nothing(client, world):
    congress_of(world, world.cell_a)  # A1-1 is already planned for the term
    as_user(client, world.staff_a)
    entries = AuditEntry.objects.count()
    response = upload(
        client,
        world,
        [
            ["A1", "đại biểu", "15/06/2025", "không", 4, "có"],  # good
            ["ZZZ", "toàn thể", None, None, None, None],  # unknown
            ["B1", "toàn thể", None, None, None, None],  # another district: same message
            ["A2", "toàn thể", "31/02/2025", None, None, None],  # no such date
            ["A1", "toàn thể", None, None, None, None],  # duplicate of row 2
            ["A1-1", "toàn thể", None, None, None, None],  # already planned
            ["A1-2", "hội nghị", "1/7/2025", "có", 5, "có"],  # bad kind and contents
        ],
    )
    assert response.status_code == 400
    errors = {row.row_number: row.errors for row in response.context["checked"] if row.errors}
    assert errors == {
        3: ["Dòng 3: không có tổ chức mã “ZZZ” trong phạm vi."],
        4: ["Dòng 4: không có tổ chức mã “B1” trong phạm vi."],
        5: ["Dòng 5: ngày dự kiến “31/02/2025” không đúng dạng dd/mm/yyyy (ví dụ 15/07/2025)."],
        6: ["Dòng 6: mã “A1” trùng với dòng 2."],
        7: ["Dòng 7: Chi bộ thôn Đông đã có đại hội nhiệm kỳ 2025-2030."],
        8: [
            "Dòng 8: hình thức “hội nghị” không rõ; ghi “đại biểu” hoặc “toàn thể”, hoặc để "
            "trống để theo quy định của chỉ thị.",
            "Dòng 8: số nội dung “5” phải là 4, 3 hoặc 2.",
        ],
    }
    assert 'data-testid="import-confirm"' not in response.content.decode()
    assert Congress.objects.count() == 1
    assert AuditEntry.objects.count() == entries


def test_a_good_file_is_previewed_then_written_whole_on_confirmation(client, world):
    as_user(client, world.staff_a)
    preview = upload(
        client,
        world,
        [
            ["A1", "đại biểu", dt.datetime(2025, 6, 15), "không", 4, "có"],
            ["A1-1", "", "", "có", 3, ""],
            ["A1-2", "toàn thể", "20/06/2025", "", "", ""],
        ],
    )
    assert preview.status_code == 200
    assert not Congress.objects.exists()
    token = preview.context["token"]
    confirm = client.post(
        reverse("congresses:plan_import_confirm", args=[world.district_a.pk]), {"rows": token}
    )
    assert confirm.status_code == 302
    plans = {c.organization.code: c for c in Congress.objects.all()}
    assert sorted(plans) == ["A1", "A1-1", "A1-2"]
    assert plans["A1"].starts_on == dt.date(2025, 6, 15) and plans["A1"].direct_secretary
    assert plans["A1-1"].is_pilot and plans["A1-1"].contents == 3
    assert plans["A1-1"].kind == "general"  # a cell, by the directive's rule
    assert AuditEntry.objects.filter(action="congress.plan_import").count() == 1


def test_a_confirmation_after_the_database_changed_writes_nothing(client, world):
    as_user(client, world.staff_a)
    preview = upload(client, world, [["A1", "", "", "", "", ""], ["A2", "", "", "", "", ""]])
    congress_of(world, world.base_a)  # someone plans A1 in between
    confirm = client.post(
        reverse("congresses:plan_import_confirm", args=[world.district_a.pk]),
        {"rows": preview.context["token"]},
    )
    assert confirm.status_code == 409
    assert Congress.objects.count() == 1


def test_a_tampered_or_foreign_preview_is_refused(client, world):
    as_user(client, world.staff_a)
    preview = upload(client, world, [["A1", "", "", "", "", ""]])
    token = preview.context["token"]
    tampered = client.post(
        reverse("congresses:plan_import_confirm", args=[world.district_a.pk]),
        {"rows": token[:-3] + "abc"},
    )
    # The token names district A: posting it to the province's page is refused too.
    as_user(client, world.staff_p)
    foreign = client.post(
        reverse("congresses:plan_import_confirm", args=[world.province.pk]), {"rows": token}
    )
    assert (tampered.status_code, foreign.status_code) == (400, 400)
    assert not Congress.objects.exists()


def test_a_file_without_the_code_column_or_not_xlsx_is_refused_whole(client, world):
    as_user(client, world.staff_a)
    no_code = upload(client, world, [["A1"]], header=["Tên"])
    csv = client.post(
        reverse("congresses:plan_import", args=[world.district_a.pk]),
        {"term": TERM, "file": SimpleUploadedFile("ke-hoach.csv", b"ma\nA1\n")},
    )
    assert "Thiếu cột “Mã tổ chức”" in no_code.context["file_errors"][0]
    assert ".xlsx" in csv.context["file_errors"][0]


def test_the_template_is_an_xlsx_with_the_headers(client, world):
    response = as_user(client, world.staff_a).get(
        reverse("congresses:plan_import_template", args=[world.district_a.pk])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:6] == HEADER


# --- The congress page's panel ---------------------------------------------------------------


def test_the_panel_advances_the_congress_one_step(client, world):
    congress = congress_of(world, world.base_a)
    as_user(client, world.staff_a)
    page = client.get(reverse("congresses:detail", args=[congress.pk])).content.decode()
    assert 'data-testid="campaign-panel"' in page and 'data-testid="advance"' in page
    response = client.post(
        reverse("congresses:advance", args=[congress.pk]),
        {"to_status": "preparing", "on": "02/05/2025"},
    )
    assert response.status_code == 302
    congress.refresh_from_db()
    assert (congress.status, congress.status_changed_on) == ("preparing", dt.date(2025, 5, 2))


def test_a_skipped_step_is_refused_with_its_reason(client, world):
    congress = congress_of(world, world.base_a)
    response = as_user(client, world.staff_a).post(
        reverse("congresses:advance", args=[congress.pk]), {"to_status": "held"}, follow=True
    )
    assert "lần lượt" in response.content.decode()
    assert Congress.objects.get(pk=congress.pk).status == "planned"


def test_a_viewer_sees_the_panel_without_buttons_and_cannot_advance(client, world):
    congress = congress_of(world, world.base_a)
    as_user(client, world.viewer_a)
    page = client.get(reverse("congresses:detail", args=[congress.pk])).content.decode()
    assert 'data-testid="campaign-panel"' in page and 'data-testid="advance"' not in page
    response = client.post(
        reverse("congresses:advance", args=[congress.pk]), {"to_status": "preparing"}
    )
    assert response.status_code == 404


def test_the_results_form_reports_upward(client, world):
    congress = congress_of(world, world.base_a, "held")
    response = as_user(client, world.staff_a).post(
        reverse("congresses:report", args=[congress.pk]),
        {
            "committee_elected": "15",
            "committee_reelected": "9",
            "committee_women": "4",
            "committee_young": "2",
            "committee_ethnic_minority": "0",
            "standing_elected": "5",
            "secretary_elected": "on",
            "secretary_direct": "on",
            "secretary_votes": "118",
            "secretary_base": "125",
            "deputies_elected": "2",
            "inspection_elected": "5",
            "delegates_elected": "7",
            "alternates_elected": "1",
        },
    )
    assert response.status_code == 302
    result = CongressResult.objects.get(congress=congress)
    assert (result.source, result.committee_new, result.secretary_votes) == ("form", 6, 118)
    assert Congress.objects.get(pk=congress.pk).status == "reported"


def test_contradicting_results_come_back_with_the_reason(client, world):
    congress = congress_of(world, world.base_a, "held")
    response = as_user(client, world.staff_a).post(
        reverse("congresses:report", args=[congress.pk]),
        {"committee_elected": "3", "committee_women": "4"},
    )
    assert response.status_code == 400
    assert "nữ lớn hơn" in response.content.decode()
    assert not CongressResult.objects.exists()


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("staff_a", "district_a", 404),  # a district never approves its own congress
        ("staff_p", "district_a", 302),  # the province does
        ("staff_b", "base_a", 404),  # another district cannot even see it
        ("staff_a", "base_a", 302),  # the district approves its base organizations
        ("viewer_a", "base_a", 404),  # reading is not managing
    ],
)
def test_approval_only_by_the_upper_committees_scope(client, world, who, unit, status):
    congress = reported(world, getattr(world, unit))
    response = as_user(client, getattr(world, who)).post(
        reverse("congresses:approve", args=[congress.pk])
    )
    assert response.status_code == status
    approved = Congress.objects.get(pk=congress.pk).status == "approved"
    assert approved == (status == 302)


def test_the_approve_button_shows_only_to_the_upper_committee(client, world):
    congress = reported(world, world.district_a)
    url = reverse("congresses:detail", args=[congress.pk])
    own = as_user(client, world.staff_a).get(url).content.decode()
    upper = as_user(client, world.staff_p).get(url).content.decode()
    assert 'data-testid="approve"' not in own and 'data-testid="awaiting-approval"' in own
    assert 'data-testid="approve"' in upper


# --- Results of congresses run elsewhere, from a file ---------------------------------------

RESULT_HEADER = [
    "Mã tổ chức",
    "Số cấp ủy viên",
    "Tái cử",
    "Nữ",
    "Đã bầu bí thư",
    "Bầu trực tiếp bí thư",
    "Số phiếu bí thư",
    "Cơ số",
]


def upload_results(client, world, rows):
    url = reverse("congresses:results_import", args=[world.district_a.pk])
    return client.post(url, {"term": TERM, "file": xlsx(rows, header=RESULT_HEADER)})


def test_a_results_file_with_errors_lists_them_by_row_and_writes_nothing(client, world):
    congress_of(world, world.base_a, "held")
    congress_of(world, world.cell_a)  # planned: not held yet
    as_user(client, world.staff_a)
    response = upload_results(
        client,
        world,
        [
            ["A1", 9, 10, 2, "có", "có", 28, 30],  # more re-elected than elected
            ["A1-1", 5, 2, 1, "có", "không", None, None],  # not held
            ["A2", 5, 2, 1, "có", "không", None, None],  # no congress of the term
            ["B1", 5, 2, 1, "có", "không", None, None],  # another district
        ],
    )
    assert response.status_code == 400
    errors = {r.row_number: r.errors for r in response.context["checked"]}
    assert errors[2] == ["Dòng 2: Số cấp ủy viên tái cử lớn hơn số cấp ủy viên được bầu."]
    assert errors[3] == ["Dòng 3: đại hội của Chi bộ thôn Đông chưa chuyển sang “Đã tổ chức”."]
    assert errors[4] == [
        "Dòng 4: không có đại hội nhiệm kỳ 2025-2030 của tổ chức mã “A2” trong phạm vi."
    ]
    assert errors[5] == [
        "Dòng 5: không có đại hội nhiệm kỳ 2025-2030 của tổ chức mã “B1” trong phạm vi."
    ]
    assert not CongressResult.objects.exists()


def test_a_good_results_file_reports_every_congress_with_one_audit_entry(client, world):
    base = congress_of(world, world.base_a, "held")
    cell = congress_of(world, world.cell_a, "held")
    as_user(client, world.staff_a)
    preview = upload_results(
        client,
        world,
        [["A1", 9, 6, 2, "có", "có", 28, 30], ["A1-1", 3, 1, 1, "có", "không", None, None]],
    )
    assert preview.status_code == 200 and not CongressResult.objects.exists()
    confirm = client.post(
        reverse("congresses:results_import_confirm", args=[world.district_a.pk]),
        {"rows": preview.context["token"]},
    )
    assert confirm.status_code == 302
    results = {r.congress_id: r for r in CongressResult.objects.all()}
    assert (results[base.pk].committee_new, results[base.pk].secretary_votes) == (3, 28)
    assert results[cell.pk].source == "xlsx" and not results[cell.pk].secretary_direct
    assert set(Congress.objects.values_list("status", flat=True)) == {"reported"}
    assert Congress.objects.get(pk=base.pk).secretary_percent == 93  # 28 of 30
    assert Congress.objects.get(pk=cell.pk).secretary_percent is None  # not direct
    assert AuditEntry.objects.filter(action="congress.results_import").count() == 1
