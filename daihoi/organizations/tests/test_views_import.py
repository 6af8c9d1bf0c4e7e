"""The import pages: upload → preview (nothing written) → confirm (all written)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.core.audit import verify_chain
from daihoi.core.models import AuditEntry
from daihoi.organizations import actions
from daihoi.organizations.models import Level, Organization, PendingImport
from daihoi.organizations.tests.import_files import (
    BAD_ROWS,
    GOOD_ROWS,
    VI_HEADERS,
    csv_bytes,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("organizations:import")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def logged_in(client, user):
    client.force_login(user)
    return client


def upload(client, data: bytes, name: str = "danh-sach.xlsx"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


def uploaded_pending(client, data: bytes, name: str = "danh-sach.xlsx") -> PendingImport:
    response = upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    pending = PendingImport.objects.latest("pk")
    assert response.url == reverse("organizations:import_preview", args=[pending.pk])
    return pending


def preview_url(pending):
    return reverse("organizations:import_preview", args=[pending.pk])


def confirm_url(pending):
    return reverse("organizations:import_confirm", args=[pending.pk])


def imported_codes():
    return set(
        Organization.objects.filter(code__in=["A3", "A3-1", "A4"]).values_list("code", flat=True)
    )


# --- who may import -----------------------------------------------------------------------------


def test_district_staff_opens_the_import_page_from_the_tree_and_from_a_unit(client, world):
    logged_in(client, world.staff_a)
    tree = client.get(reverse("organizations:tree")).content.decode()
    assert f'href="{IMPORT_URL}"' in tree
    unit = client.get(reverse("organizations:detail", args=[world.base_a.pk])).content.decode()
    assert f"{IMPORT_URL}?to_chuc={world.base_a.pk}" in unit
    page = client.get(f"{IMPORT_URL}?to_chuc={world.base_a.pk}")
    assert page.status_code == 200
    assert "Nhập danh sách tổ chức" in page.content.decode()


@pytest.mark.parametrize("username", ["viewer_a", "outsider"])
def test_users_who_manage_nothing_get_not_found_and_see_no_link(client, world, username):
    logged_in(client, getattr(world, username))
    assert client.get(IMPORT_URL).status_code == 404
    assert client.get(reverse("organizations:import_template")).status_code == 404
    assert upload(client, xlsx_bytes(GOOD_ROWS)).status_code == 404
    if username == "viewer_a":
        tree = client.get(reverse("organizations:tree")).content.decode()
        assert IMPORT_URL not in tree


def test_the_unit_context_of_another_district_is_not_found(client, world):
    logged_in(client, world.staff_a)
    assert client.get(f"{IMPORT_URL}?to_chuc={world.district_b.pk}").status_code == 404
    assert client.get(f"{IMPORT_URL}?to_chuc=abc").status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/dang-nhap/" in response.url


# --- preview ------------------------------------------------------------------------------------


def test_preview_shows_every_row_error_and_writes_nothing(client, world):
    logged_in(client, world.staff_a)
    before = Organization.objects.count()
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS + BAD_ROWS))
    page = client.get(preview_url(pending)).content.decode()
    assert page.count('class="dh-error-row') == 3
    assert "không tìm thấy tổ chức cấp trên “KHONG-CO”" in page
    assert "không được là số âm (-3)" in page
    assert "Cột “Tên tổ chức”: không được để trống." in page
    assert 'data-testid="count-good">3<' in page
    assert 'data-testid="count-bad">3<' in page
    assert 'data-testid="import-confirm"' not in page
    assert Organization.objects.count() == before


def test_error_rows_are_highlighted_with_their_row_numbers(client, world):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS + BAD_ROWS))
    page = client.get(preview_url(pending)).content.decode()
    for number in (5, 6, 7):
        assert f'<tr class="dh-error-row table-danger" data-row="{number}">' in page
    assert '<tr class="" data-row="2">' in page


def test_confirming_a_file_with_errors_writes_nothing(client, world):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS + BAD_ROWS))
    before = Organization.objects.count()
    response = client.post(confirm_url(pending))
    assert response.status_code == 409
    assert Organization.objects.count() == before
    pending.refresh_from_db()
    assert pending.used_at is None


def test_uploading_keeps_the_rows_for_their_owner_with_an_audit_entry(client, world):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS))
    assert pending.owner == world.staff_a
    assert pending.row_count == 3 and pending.file_name == "danh-sach.xlsx"
    entry = AuditEntry.objects.latest("seq")
    assert entry.action == "organization.import_upload"
    assert entry.actor == world.staff_a
    assert entry.object_id == str(pending.pk)


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_page(client, world):
    logged_in(client, world.staff_a)
    response = upload(client, b"not a workbook", "danh-sach.xls")
    assert response.status_code == 400
    assert "không phải tệp Excel .xlsx hoặc .csv" in response.content.decode()
    response = upload(client, csv_bytes([], ["Mã", "Tên"]), "thieu-cot.csv")
    assert response.status_code == 400
    assert "Thiếu cột bắt buộc" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_a_csv_with_semicolons_previews_like_the_xlsx(client, world):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, csv_bytes(GOOD_ROWS, delimiter=";", bom=True), "ds.csv")
    page = client.get(preview_url(pending)).content.decode()
    assert "3 tổ chức hợp lệ" in page
    assert 'data-testid="import-confirm"' in page


def test_a_big_file_shows_a_summary_the_first_rows_and_every_error_row(client, world):
    rows = [[f"C{i}", f"Chi bộ số {i}", "Chi bộ", "A1", 5, 0, "", ""] for i in range(300)]
    rows[250][5] = -1  # row 252 in Excel
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(rows))
    page = client.get(preview_url(pending)).content.decode()
    assert 'data-row="201"' in page and 'data-row="202"' not in page
    assert '<tr class="dh-error-row table-danger" data-row="252">' in page
    assert 'data-testid="count-total">300<' in page
    errors_only = client.get(preview_url(pending) + "?loi=1").content.decode()
    assert errors_only.count("<tr class=") == 1


def test_the_errors_can_be_downloaded_as_csv(client, world):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS + BAD_ROWS))
    response = client.get(reverse("organizations:import_errors", args=[pending.pk]))
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "Dòng;Mã;Lỗi"
    assert [line.split(";")[0] for line in lines[1:]] == ["5", "6", "7"]


# --- confirm ------------------------------------------------------------------------------------


def test_confirm_writes_every_row_and_marks_the_upload_used(client, world):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS))
    response = client.post(confirm_url(pending))
    assert response.status_code == 302 and response.url == reverse("organizations:tree")
    assert imported_codes() == {"A3", "A3-1", "A4"}
    a3 = Organization.objects.get(code="A3")
    assert a3.parent == world.district_a and a3.level == Level.BASE
    assert Organization.objects.get(code="A3-1").parent == a3
    pending.refresh_from_db()
    assert pending.used_at is not None
    tree = client.get(response.url).content.decode()
    assert "Đã nhập 3 tổ chức từ tệp “danh-sach.xlsx”." in tree


def test_confirm_appends_an_import_audit_entry_and_the_chain_holds(client, world):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS))
    client.post(confirm_url(pending))
    entry = AuditEntry.objects.latest("seq")
    assert entry.action == "organization.import"
    assert entry.actor == world.staff_a
    assert entry.after["count"] == 3 and entry.after["file"] == "danh-sach.xlsx"
    assert verify_chain()[1] is None


def test_a_second_confirm_imports_nothing_more(client, world):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS))
    client.post(confirm_url(pending))
    count = Organization.objects.count()
    response = client.post(confirm_url(pending))
    assert response.status_code == 302
    assert Organization.objects.count() == count
    page = client.get(preview_url(pending)).content.decode()
    assert 'data-testid="import-used"' in page


def test_confirm_checks_again_against_the_database_as_it_is_now(client, world):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS))
    # Someone else creates a unit with one of the file's codes after the preview.
    actions.create_organization(
        actions.NewOrganization(
            "A4", "Chi bộ khác", Level.CELL, "territorial", "chi_bo", 3, 0, "A1"
        ),
        acting_user=world.staff_p,
    )
    response = client.post(confirm_url(pending))
    assert response.status_code == 409
    assert "mã “A4” đã có trong hệ thống" in response.content.decode()
    assert imported_codes() == {"A4"}
    pending.refresh_from_db()
    assert pending.used_at is None


def test_confirm_is_post_only(client, world):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS))
    assert client.get(confirm_url(pending)).status_code == 405
    assert imported_codes() == set()


# --- scope -------------------------------------------------------------------------------------


def test_staff_a_cannot_import_under_district_b_the_parent_is_not_found(client, world):
    logged_in(client, world.staff_a)
    data = xlsx_bytes([["B9", "Đảng bộ xã Bảo Lâm", "Cơ sở", "B", 0, 0, "", ""]])
    pending = uploaded_pending(client, data)
    page = client.get(preview_url(pending)).content.decode()
    assert "không tìm thấy tổ chức cấp trên “B”" in page
    assert client.post(confirm_url(pending)).status_code == 409
    assert not Organization.objects.filter(code="B9").exists()


@pytest.mark.parametrize("username", ["staff_b", "staff_p", "admin", "viewer_a"])
def test_other_users_get_not_found_on_someones_pending_import(client, world, username):
    logged_in(client, world.staff_a)
    pending = uploaded_pending(client, xlsx_bytes(GOOD_ROWS))
    client.logout()
    logged_in(client, getattr(world, username))
    assert client.get(preview_url(pending)).status_code == 404
    assert client.get(reverse("organizations:import_errors", args=[pending.pk])).status_code == 404
    assert client.post(confirm_url(pending)).status_code == 404
    assert imported_codes() == set()


def test_a_missing_pending_import_is_not_found(client, world):
    logged_in(client, world.staff_a)
    assert client.get(reverse("organizations:import_preview", args=[987654])).status_code == 404


# --- template ---------------------------------------------------------------------------------


def test_the_template_download_is_an_xlsx_with_vietnamese_headers_and_two_examples(client, world):
    logged_in(client, world.staff_a)
    response = client.get(reverse("organizations:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "mau-danh-sach-to-chuc.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == VI_HEADERS
    assert len(rows) == 3
    assert rows[1][3] == "A"  # the example hangs under the user's own district
