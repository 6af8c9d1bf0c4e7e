"""Vietnamese first: the default language, English through the switch (with a complete
catalog), Vietnamese numbers and dates, NFC names."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django import forms
from django.conf import settings
from django.template import engines
from django.utils import formats, timezone, translation

from daihoi.core import actions as core_actions
from daihoi.core.tests.messages import PACKAGE, all_messages, messages_in_template
from daihoi.organizations import actions as org_actions
from daihoi.organizations.models import Level, OrganizationForm, OrganizationKind

REPO = PACKAGE.parent
EN_CATALOG = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
# Every app's strings must have English, except counting's: its messages are Vietnamese
# only by contract (they end up in the Party's minutes).
VIETNAMESE_ONLY_APPS = ("counting",)


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text  # the test really feeds decomposed text
    return decomposed


# --- The language -----------------------------------------------------------------------


def test_the_package_keeps_its_translations_in_daihoi_locale():
    assert Path(settings.BASE_DIR) == PACKAGE
    assert [Path(p) for p in settings.LOCALE_PATHS] == [PACKAGE / "locale"]
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_the_login_page_is_in_vietnamese_by_default(client, db):
    page = client.get("/dang-nhap/").content.decode()
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page and "Mật khẩu" in page


def test_a_browser_set_to_english_still_gets_vietnamese_until_the_switch(client, db):
    page = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page and "Đăng nhập" in page


def switch_language(client, code: str, next_url: str = "/dang-nhap/"):
    return client.post("/i18n/setlang/", {"language": code, "next": next_url})


def test_the_language_switch_turns_the_ui_to_english_and_back(client, db):
    response = switch_language(client, "en")
    assert response.status_code == 302
    page = client.get("/dang-nhap/").content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page and "Password" in page and "Đăng nhập" not in page
    switch_language(client, "vi")
    assert "Đăng nhập" in client.get("/dang-nhap/").content.decode()


def test_an_unknown_language_in_the_cookie_falls_back_to_vietnamese(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="vi">' in client.get("/dang-nhap/").content.decode()


def test_the_tree_and_the_user_pages_in_english(client, world):
    client.force_login(world.staff_a)
    switch_language(client, "en")
    tree = client.get("/to-chuc/").content.decode()
    assert "Party organization tree" in tree and "Log out" in tree
    users = client.get(f"/to-chuc/{world.district_a.pk}/nguoi-dung/").content.decode()
    assert "Users and roles" in users and "Organization department staff" in users


def test_login_errors_in_english_after_the_switch(client, world):
    switch_language(client, "en")
    page = client.post("/dang-nhap/", {"username": "staff_a", "password": "sai"})
    assert "The username or password is incorrect." in page.content.decode()


# --- The English catalog is complete and compiled -------------------------------------------


def _catalog() -> polib.POFile:
    return polib.pofile(str(EN_CATALOG))


def _in_translated_apps(files: list[str]) -> bool:
    return any(f.split("/")[1] not in VIETNAMESE_ONLY_APPS for f in files)


def test_every_app_but_counting_is_checked():
    apps = {f.split("/")[1] for files in all_messages().values() for f in files}
    assert {"core", "organizations", "congresses", "elections", "reports"} <= apps


def test_every_string_has_an_english_translation():
    translated = {
        (e.msgctxt or "", e.msgid) for e in _catalog() if e.translated() and "fuzzy" not in e.flags
    }
    missing = [
        f"{files[0]}: {message.msgid!r}"
        for message, files in sorted(all_messages().items())
        if _in_translated_apps(files) and (message.msgctxt, message.msgid) not in translated
    ]
    assert not missing, (
        f"add English for these strings to {EN_CATALOG.relative_to(REPO)} "
        "(msgid = the Vietnamese text, msgstr = English), then run scripts/compile-messages:\n"
        + "\n".join(missing)
    )


PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]")


def test_translations_keep_every_placeholder():
    for entry in _catalog().translated_entries():
        targets = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for target in targets:
            assert sorted(PLACEHOLDER.findall(target)) == sorted(
                PLACEHOLDER.findall(entry.msgid)
            ), entry.msgid


def test_the_committed_mo_files_match_their_po_files():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "compile-messages"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_extractor_reads_templates_like_makemessages():
    found = messages_in_template(
        '{% load i18n %}{% translate "Đăng nhập" %}'
        "{% blocktranslate with n=x %}Có {{ n }} đơn vị{% endblocktranslate %}"
        '{% translate "Mở" context "động từ" %}'
    )
    assert {(m.msgid, m.msgctxt) for m in found} == {
        ("Đăng nhập", ""),
        ("Có %(n)s đơn vị", ""),
        ("Mở", "động từ"),
    }


# --- Numbers and dates --------------------------------------------------------------------


def render(template: str, **context: object) -> str:
    return engines["django"].from_string(template).render(context)


def test_numbers_render_the_vietnamese_way():
    with translation.override("vi"):
        assert formats.number_format(Decimal("1234.5"), 1, force_grouping=True) == "1.234,5"
        # Plain {{ n }} is never grouped (ids and form values must stay "1391"); the
        # decimal comma still follows the language.
        assert render("{{ n }}", n=Decimal("1234.5")) == "1234,5"
        assert render("{{ n }}", n=1391) == "1391"
        assert render("{% load humanize %}{{ n|intcomma }}", n=1234567) == "1.234.567"
        assert render("{{ n|floatformat:2 }}", n=82.5) == "82,50"


def test_numbers_render_the_english_way_after_the_switch():
    with translation.override("en"):
        assert render("{% load humanize %}{{ n|intcomma }}", n=1234567) == "1,234,567"
        assert render("{{ n|floatformat:'1g' }}", n=Decimal("1234.5")) == "1,234.5"
        assert render("{{ n }}", n=Decimal("1234.5")) == "1234.5"
        assert render("{{ n }}", n=1391) == "1391"


def test_dates_render_as_day_month_year():
    day = dt.date(2025, 3, 7)
    with translation.override("vi"):
        assert render("{{ d }}", d=day) == "07/03/2025"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=day) == "07/03/2025"
    with translation.override("en"):
        assert render("{{ d }}", d=day) == "07/03/2025"


def test_times_are_shown_in_vietnam_time():
    moment = dt.datetime(2025, 3, 7, 20, 30, tzinfo=dt.UTC)
    with translation.override("vi"), timezone.override("Asia/Ho_Chi_Minh"):
        assert render("{{ t }}", t=moment) == "08/03/2025 03:30"


def test_forms_read_dates_typed_day_first():
    with translation.override("vi"):
        field = forms.DateField(localize=True)
        assert field.clean("15/07/2025") == dt.date(2025, 7, 15)
        assert field.clean("05/03/2025") == dt.date(2025, 3, 5)


# --- Names are stored NFC -----------------------------------------------------------------


def test_create_user_stores_nfc(db):
    user = core_actions.create_user(
        nfd("nguyễn_an"), None, acting_user=None, full_name=nfd("Nguyễn Thị Ánh")
    )
    user.refresh_from_db()
    assert user.username == "nguyễn_an"
    assert user.full_name == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", user.full_name)


def _cell(code: str, name: str, parent: str) -> org_actions.NewOrganization:
    return org_actions.NewOrganization(
        code=code,
        name=name,
        level=Level.CELL,
        kind=OrganizationKind.TERRITORIAL,
        form=OrganizationForm.CHI_BO,
        official_members=10,
        probationary_members=0,
        parent_code=parent,
    )


def test_create_organization_stores_nfc(world):
    org = org_actions.create_organization(
        _cell(nfd("A1-ẤP"), nfd("Chi bộ thôn Thượng Điền"), "A1"), acting_user=world.staff_a
    )
    org.refresh_from_db()
    assert org.name == "Chi bộ thôn Thượng Điền"
    assert org.code == "A1-ẤP"
    assert org.search_name == "chi bo thon thuong dien"


def test_import_organizations_stores_nfc_and_matches_codes_given_in_nfd(world):
    base = org_actions.NewOrganization(
        code="ẤP-1",
        name=nfd("Đảng bộ ấp Hữu Nghị"),
        level=Level.BASE,
        kind=OrganizationKind.TERRITORIAL,
        form=OrganizationForm.DANG_BO,
        official_members=0,
        probationary_members=0,
        parent_code="A",
    )
    cell = _cell("ẤP-1-1", nfd("Chi bộ xóm Một"), nfd("ẤP-1"))
    created = org_actions.import_organizations([base, cell], acting_user=world.staff_a)
    assert created["ẤP-1"].name == "Đảng bộ ấp Hữu Nghị"
    created["ẤP-1-1"].refresh_from_db()
    assert created["ẤP-1-1"].name == "Chi bộ xóm Một"
    assert created["ẤP-1-1"].parent_id == created["ẤP-1"].pk


def test_update_organization_stores_nfc(world):
    org_actions.update_organization(
        world.cell_a,
        acting_user=world.staff_a,
        name=nfd("Chi bộ thôn Đông Phước"),
        kind=OrganizationKind.TERRITORIAL,
        official_members=30,
        probationary_members=2,
    )
    world.cell_a.refresh_from_db()
    assert world.cell_a.name == "Chi bộ thôn Đông Phước"


def test_a_search_typed_in_nfd_finds_the_nfc_name(client, world):
    client.force_login(world.staff_a)
    page = client.get("/to-chuc/tim-kiem/", {"q": nfd("Đông")}).content.decode()
    assert "Chi bộ thôn Đông" in page


def test_an_audit_entry_records_the_nfc_name(world):
    from daihoi.core.models import AuditEntry

    org_actions.create_organization(
        _cell("A1-4", nfd("Chi bộ thôn Tiến"), "A1"), acting_user=world.staff_a
    )
    entry = AuditEntry.objects.order_by("seq").last()
    assert entry.after["name"] == "Chi bộ thôn Tiến"


# --- What stays Vietnamese ------------------------------------------------------------------


def test_the_audit_log_stays_vietnamese_when_the_user_works_in_english(world):
    import datetime as dt

    from daihoi.congresses.actions import CampaignError, advance_congress, create_congress
    from daihoi.congresses.models import CongressKind, CongressStatus
    from daihoi.core.models import AuditEntry

    with translation.override("en"):
        congress = create_congress(
            world.district_a,
            acting_user=world.staff_a,
            term="2025-2030",
            kind=CongressKind.DELEGATES,
            convened=40,
            ordinal=21,
        )
        advance_congress(
            congress, CongressStatus.PREPARING, dt.date(2025, 3, 1), acting_user=world.staff_a
        )
        assert congress.title == (
            "Congress of delegates of Đảng bộ huyện An Lạc (XXI), 2025-2030 term"
        )
        with pytest.raises(CampaignError, match="^Cannot go back from “Preparing”"):
            advance_congress(congress, CongressStatus.PLANNED, acting_user=world.staff_a)
    title = "Đại hội đại biểu Đảng bộ huyện An Lạc lần thứ XXI, nhiệm kỳ 2025-2030"
    summaries = AuditEntry.objects.order_by("-seq").values_list("summary", flat=True)[:2]
    assert list(summaries) == [f"{title}: Đang chuẩn bị (01/03/2025)", f"Tạo {title}"]
