"""The delegates' documents, read back as a person would: the badges PDF rendered to pixels
(pypdfium2) and to text, the credentials report .docx to text (python-docx).

The QR check: neither OpenCV nor zxing-cpp is installed (and segno only encodes), so the
printed QR is read back module by module from the pixels at 300 dpi, at the positions the
layout gives, and compared with the symbol segno builds for the live token: it must be that
symbol exactly, and not the symbol of the revoked token nor of the delegate's id.

Golden text: the report's text is compared with golden/credentials_report.docx.txt; to accept
a deliberate change run

    .venv/bin/pytest daihoi/delegates/tests/test_documents.py --update-golden
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core import actions as core_actions
from daihoi.core import documents as documents_core
from daihoi.delegates.actions import badges as badge_actions
from daihoi.delegates.actions import credentials as credential_actions
from daihoi.delegates.actions import roster as roster_actions
from daihoi.delegates.actions import staff as staff_actions
from daihoi.delegates.actions.roster import PersonData
from daihoi.delegates.documents import badges, credentials_report
from daihoi.delegates.models import Badge, Delegate
from daihoi.organizations.models import Organization
from daihoi.testing import PASSWORD

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).resolve().parent / "golden"
OPENING = dt.date(2025, 7, 15)
TITLE = "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ HUYỆN AN LẠC LẦN THỨ XXI, NHIỆM KỲ 2025-2030"
HEAD = "Đỗ Thị Thẩm"
PT_PER_MM = 72 / 25.4


# --- Reading documents back -------------------------------------------------------------------


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(content: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def pdf_page_sizes(content: bytes) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    try:
        return [tuple(page.get_size()) for page in document]  # type: ignore[misc]
    finally:
        document.close()


def pdf_image(content: bytes, *, page: int, dpi: int) -> Any:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    try:
        return document[page].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def docx_lines(content: bytes) -> list[str]:
    """Every paragraph and table row of the body in order; a row reads "| a | b |"."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(content))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [
                    " / ".join(p.text for p in cell.paragraphs if p.text.strip())
                    for cell in row.cells
                ]
                lines.append("| " + " | ".join(cells) + " |")
    return lines


def docx_tables(content: bytes) -> list[list[list[str]]]:
    from docx import Document

    document = Document(io.BytesIO(content))
    return [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]


def read_qr(image: Any, box: badges.Box, origin: tuple[float, float], size: int, dpi: int):
    """The modules printed in `box` (a size × size symbol inside the quiet zone), 1 = dark."""
    module = box.w / (size + 2 * badges.QR_QUIET_MODULES)

    def dark(x_mm: float, y_mm: float) -> int:
        pixel = image.getpixel((round(x_mm / 25.4 * dpi), round(y_mm / 25.4 * dpi)))
        return 1 if pixel < 128 else 0

    x0 = origin[0] + box.x + badges.QR_QUIET_MODULES * module
    y0 = origin[1] + box.y + badges.QR_QUIET_MODULES * module
    symbol = [
        [dark(x0 + (c + 0.5) * module, y0 + (r + 0.5) * module) for c in range(size)]
        for r in range(size)
    ]
    quiet = [
        dark(origin[0] + box.x + module / 2, origin[1] + box.y + module / 2),
        dark(origin[0] + box.right - module / 2, origin[1] + box.bottom - module / 2),
    ]
    return symbol, quiet


def matrix(payload: str) -> list[list[int]]:
    return [[int(bool(v)) for v in row] for row in documents_core.qr_code(payload).matrix]


# --- The congress -------------------------------------------------------------------------------


@dataclass
class Case:
    congress: Congress
    by_name: dict[str, Delegate]
    revoked_token: str
    staff: Any
    head: Any


def person(name: str, born: dt.date, gender: str, **fields: Any) -> PersonData:
    return PersonData(full_name=name, birth_date=born, gender=gender, **fields)


@pytest.fixture
def case(world) -> Case:
    staff = world.staff_a
    congress = create_congress(
        world.district_a,
        acting_user=staff,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=8,
        ordinal=21,
        starts_on=OPENING,
        place="An Lạc",
    )
    a1 = world.base_a
    a2 = Organization.objects.get(code="A2")
    district = world.district_a

    def add(data: PersonData, kind: str, unit: Organization | None = None, **extra: Any):
        return roster_actions.add_delegate(
            congress, data, kind=kind, acting_user=staff, unit=unit, **extra
        )

    people = [
        (person("Nguyễn Văn An", dt.date(1970, 7, 15), "male", ethnicity="Kinh",
                religion="Không", education="Thạc sĩ Quản lý kinh tế", theory_level="Cao cấp",
                party_joined_year=1995), "ex_officio", None),
        (person("Lê Thị Bình", dt.date(1975, 3, 2), "female", ethnicity="Tày",
                religion="Không", education="Đại học", theory_level="Cao cấp",
                party_joined_year=2000), "ex_officio", None),
        (person("Trần Văn Cường", dt.date(1990, 7, 15), "male", ethnicity="Kinh",
                religion="Phật giáo", education="Cử nhân Luật", theory_level="Trung cấp",
                party_joined_year=2015), "elected", a1),
        (person("Hoàng Thị Dung", dt.date(1996, 7, 16), "female", ethnicity="Dao",
                education="Cao đẳng", theory_level="Sơ cấp", party_joined_year=2020),
         "elected", a1),
        (person("Đặng Văn Giang", dt.date(1980, 1, 1), "male", ethnicity="Kinh",
                religion="Không", education="Đại học", theory_level="Trung cấp",
                party_joined_year=2005), "elected", a1),
        (person("Bùi Thị Hạnh", dt.date(1985, 2, 2), "female", ethnicity="Kinh",
                religion="Không", education="Đại học", theory_level="Trung cấp",
                party_joined_year=2010), "elected", a1),
        (person("Lý Văn Khoa", dt.date(1978, 9, 9), "male", ethnicity="Kinh",
                religion="Không", education="Đại học", theory_level="Trung cấp",
                party_joined_year=2003), "elected", a2),
        (person("Vũ Văn Em", dt.date(1962, 7, 15), "male", ethnicity="Kinh",
                religion="Không", education="12/12", theory_level="Trung cấp",
                party_joined_year=1985), "appointed", district),
    ]  # fmt: skip
    by_name = {}
    for data, kind, unit in people:
        by_name[data.full_name] = add(data, kind, unit)
    alternates = [
        (person("Mai Thị Lan", dt.date(1988, 4, 4), "female", ethnicity="Kinh",
                religion="Công giáo", education="Đại học", theory_level="Trung cấp",
                party_joined_year=2012), a1, 1),
        (person("Ngô Văn Minh", dt.date(1983, 8, 8), "male", ethnicity="Kinh",
                religion="Không", education="Kỹ sư", theory_level="Trung cấp",
                party_joined_year=2008), a1, 2),
        (person("Đỗ Văn Nam", dt.date(1987, 5, 5), "male", ethnicity="Kinh",
                religion="Không", education="Đại học", theory_level="Trung cấp",
                party_joined_year=2011), a2, 1),
    ]  # fmt: skip
    for data, unit, rank in alternates:
        by_name[data.full_name] = add(data, "alternate", unit, alternate_rank=rank)

    head = core_actions.create_user("thamtra", PASSWORD, acting_user=None, full_name=HEAD)
    staff_actions.add_congress_staff(
        congress, head, role="credentials", is_head=True, acting_user=staff
    )
    for name, d in by_name.items():
        if name in ("Đặng Văn Giang", "Lý Văn Khoa", "Đỗ Văn Nam"):
            continue
        credential_actions.review_delegate(d, decision="accepted", acting_user=head)
    credential_actions.review_delegate(
        by_name["Lý Văn Khoa"],
        decision="challenged",
        reason="Có đơn phản ánh về việc kê khai lý lịch, đang xác minh",
        acting_user=head,
    )
    credential_actions.review_delegate(
        by_name["Đặng Văn Giang"],
        decision="rejected",
        reason_code="prosecuted",
        reason="Quyết định khởi tố ngày 01/7/2025",
        acting_user=head,
    )
    roster_actions.replace_with_alternate(by_name["Đặng Văn Giang"], acting_user=staff)
    roster_actions.record_absence(
        by_name["Bùi Thị Hạnh"], kind="approved", reason="Điều trị tại bệnh viện", acting_user=staff
    )
    roster_actions.replace_with_alternate(by_name["Bùi Thị Hạnh"], acting_user=staff)

    badge_actions.issue_badges(congress, acting_user=staff)
    cuong = by_name["Trần Văn Cường"]
    revoked = Badge.objects.get(delegate=cuong, revoked_at__isnull=True).token
    badge_actions.revoke_badge(cuong, reason="Mất thẻ", acting_user=staff)
    by_name = {d.person.full_name: d for d in Delegate.objects.filter(congress=congress)}
    return Case(congress, by_name, revoked, staff, head)


def live_token(delegate: Delegate) -> str:
    return Badge.objects.get(delegate=delegate, revoked_at__isnull=True).token


# --- Badges ---------------------------------------------------------------------------------------


def test_a6_badges_are_one_a6_page_each_for_those_who_hold_a_seat_or_wait_as_alternates(case):
    pdf = badges.badges_pdf(case.congress)
    sizes = pdf_page_sizes(pdf)
    # Nine: eleven on the roster, less the rejected official and the absent one replaced.
    assert len(sizes) == 9
    for width, height in sizes:
        assert width == pytest.approx(105 * PT_PER_MM, abs=0.01)
        assert height == pytest.approx(148 * PT_PER_MM, abs=0.01)
    text = words(" ".join(pdf_pages(pdf)))
    assert "Đặng Văn Giang" not in text and "Bùi Thị Hạnh" not in text
    assert text.count(TITLE) == 9


def test_each_badge_prints_the_title_the_role_the_name_the_delegation_and_the_number(case):
    contents = badges.badge_contents(case.congress)
    pages = pdf_pages(badges.badges_pdf(case.congress))
    for content, page in zip(contents, pages, strict=True):
        text = words(page)
        assert text == unicodedata.normalize("NFC", text)
        assert TITLE in text
        assert content.full_name in text
        assert f"Số thẻ: {content.number:03d}" in text
        assert "Ảnh 3×4" in text
        assert content.unit and content.unit in text
    by_name = {c.full_name: words(p) for c, p in zip(contents, pages, strict=True)}
    assert "ĐẠI BIỂU DỰ KHUYẾT" in by_name["Đỗ Văn Nam"]  # waiting alternate
    assert "DỰ KHUYẾT" not in by_name["Mai Thị Lan"]  # took a seat: a delegate
    assert "Đảng bộ xã An Bình" in by_name["Trần Văn Cường"]


def test_the_qr_carries_the_live_token_only_never_the_revoked_one_nor_the_delegate_id(case):
    cuong = case.by_name["Trần Văn Cường"]
    token = live_token(cuong)
    assert token != case.revoked_token
    contents = badges.badge_contents(case.congress)
    page = next(i for i, c in enumerate(contents) if c.full_name == cuong.person.full_name)
    pdf = badges.badges_pdf(case.congress)
    dpi = 300
    layout = badges.badge_layout("a6")
    expected = matrix(token)
    read, quiet = read_qr(pdf_image(pdf, page=page, dpi=dpi), layout.qr, (0, 0), len(expected), dpi)
    assert read == expected
    assert quiet == [0, 0]
    assert read != matrix(case.revoked_token)
    assert read != matrix(str(cuong.pk))
    # The revoked token is nowhere: not in the text, not in the file.
    assert case.revoked_token not in " ".join(pdf_pages(pdf))
    assert case.revoked_token.encode() not in pdf
    assert contents[page].token == token


def test_card_badges_are_ten_to_an_a4_sheet_with_cut_marks_and_readable_qr(case):
    pdf = badges.badges_pdf(case.congress, size="card")
    sizes = pdf_page_sizes(pdf)
    assert len(sizes) == 1  # nine cards
    assert sizes[0][0] == pytest.approx(210 * PT_PER_MM, abs=0.01)
    assert sizes[0][1] == pytest.approx(297 * PT_PER_MM, abs=0.01)
    layout = badges.badge_layout("card")
    assert (layout.width, layout.height, layout.per_page) == (85.6, 54.0, 10)
    origins = badges.sheet_origins("card")
    # The block of cards is centred and the cards touch: each cut serves two cards.
    assert origins[0] == pytest.approx((19.4, 13.5))
    assert origins[1][0] - origins[0][0] == pytest.approx(85.6)
    assert origins[2][1] - origins[0][1] == pytest.approx(54.0)
    dpi = 300
    image = pdf_image(pdf, page=0, dpi=dpi)

    def grey(x_mm: float, y_mm: float) -> int:
        return image.getpixel((round(x_mm / 25.4 * dpi), round(y_mm / 25.4 * dpi)))

    marks = badges.cut_marks("card")
    assert len(marks) == 2 * 3 + 2 * 6
    for x1, y1, x2, y2 in marks:
        assert grey((x1 + x2) / 2, (y1 + y2) / 2) < 128
        # every mark lies outside the cards
        assert not (origins[0][0] < (x1 + x2) / 2 < origins[-1][0] + 85.6 and 13.5 < y1 < 283.5)
    contents = badges.badge_contents(case.congress)
    for i in (0, 5, 8):
        expected = matrix(contents[i].token)
        read, quiet = read_qr(image, layout.qr, origins[i], len(expected), dpi)
        assert read == expected, contents[i].full_name
        assert quiet == [0, 0]
    text = words(pdf_pages(pdf)[0])
    assert all(c.full_name in text for c in contents)


def test_only_the_delegates_asked_for_and_only_with_a_live_badge(case):
    giang, nam = case.by_name["Đặng Văn Giang"], case.by_name["Đỗ Văn Nam"]
    text = words(" ".join(pdf_pages(badges.badges_pdf(case.congress, [giang, nam]))))
    assert "Đặng Văn Giang" in text and "Đỗ Văn Nam" in text  # named: printed as asked
    badge_actions.revoke_badge(nam, reason="In nhầm", acting_user=case.staff, reissue=False)
    text = words(" ".join(pdf_pages(badges.badges_pdf(case.congress, [giang, nam]))))
    assert "Đỗ Văn Nam" not in text  # no live badge: skipped
    Badge.objects.filter(delegate=giang, revoked_at__isnull=True).update(
        revoked_at=dt.datetime.now(dt.UTC)
    )
    with pytest.raises(badges.NoBadges):
        badges.badges_pdf(case.congress, [giang, nam])


def test_the_same_badges_give_the_same_bytes(case):
    assert badges.badges_pdf(case.congress) == badges.badges_pdf(case.congress)


def test_an_unknown_size_is_refused(case):
    with pytest.raises(ValueError, match="a6 hoặc card"):
        badges.badges_pdf(case.congress, size="a4")


# --- The credentials report ------------------------------------------------------------------------


def test_the_report_has_the_party_header_title_and_summary(case):
    lines = docx_lines(credentials_report.credentials_report_docx(case.congress))
    header = lines[0]
    assert TITLE in header
    assert "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU" in header
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header
    assert "An Lạc, ngày 15 tháng 7 năm 2025" in header
    assert "Số .....-BC/ĐH" in header
    assert "BÁO CÁO" in lines
    assert (
        "Thẩm tra tư cách đại biểu dự Đại hội đại biểu Đảng bộ huyện An Lạc lần thứ XXI, "
        "nhiệm kỳ 2025-2030" in lines
    )


def test_the_report_counts_the_convened_by_kind_and_the_alternates(case):
    text = "\n".join(docx_lines(credentials_report.credentials_report_docx(case.congress)))
    assert "Tổng số đại biểu được triệu tập dự Đại hội: 8 đồng chí, gồm:" in text
    assert "- Đại biểu đương nhiên (cấp ủy viên cấp triệu tập Đại hội): 2 đồng chí;" in text
    assert "- Đại biểu được bầu từ đại hội các đảng bộ, chi bộ trực thuộc: 3 đồng chí;" in text
    assert "- Đại biểu được chỉ định: 1 đồng chí;" in text
    assert "thay thế đại biểu chính thức: 2 đồng chí." in text
    assert (
        "Số đại biểu dự khuyết: 3 đồng chí, trong đó 2 đồng chí đã được triệu tập thay thế; "
        "1 đồng chí chưa thay thế." in text
    )


def test_the_report_names_the_challenged_the_rejected_with_the_reason_and_the_replacements(case):
    text = "\n".join(docx_lines(credentials_report.credentials_report_docx(case.congress)))
    assert "1. Đủ tư cách đại biểu: 7 đồng chí." in text
    assert (
        "- Đồng chí Lý Văn Khoa (Chi bộ Trường Tiểu học An Lạc): Có đơn phản ánh về việc kê khai "
        "lý lịch, đang xác minh." in text
    )
    assert (
        "- Đồng chí Đặng Văn Giang (được bầu, Đảng bộ xã An Bình): bị khởi tố, truy tố, tạm giam "
        "(Quyết định khởi tố ngày 01/7/2025)." in text
    )
    assert (
        "1. Đồng chí Mai Thị Lan (Đảng bộ xã An Bình) thay thế đồng chí Đặng Văn Giang "
        "(không đủ tư cách đại biểu: bị khởi tố, truy tố, tạm giam);" in text
    )
    assert (
        "2. Đồng chí Ngô Văn Minh (Đảng bộ xã An Bình) thay thế đồng chí Bùi Thị Hạnh (vắng "
        "mặt: vắng có lý do được cấp ủy triệu tập chấp thuận, Điều trị tại bệnh viện)." in text
    )
    assert "7 đồng chí đại biểu được triệu tập dự Đại hội đủ tư cách đại biểu" in text
    assert "1 đồng chí đang được xem xét" in text


def test_the_breakdown_table_sums_to_the_convened_in_every_group(case):
    tables = docx_tables(credentials_report.credentials_report_docx(case.congress))
    table = next(t for t in tables if t[0] == list(credentials_report.TABLE_HEADER))
    assert table[1][1:] == ["Tổng số đại biểu được triệu tập", "8", "100,00%"]
    groups: dict[str, list[list[str]]] = {}
    current = ""
    for number, label, count, share in table[2:]:
        if number:
            current = label
            groups[current] = []
        else:
            groups[current].append([label, count, share])
    assert list(groups) == [
        "Loại đại biểu",
        "Giới tính",
        "Độ tuổi (tính đến ngày khai mạc)",
        "Dân tộc",
        "Tôn giáo",
        "Trình độ chuyên môn",
        "Trình độ lý luận chính trị",
        "Tuổi đảng (tính theo năm vào Đảng)",
    ]
    for title, rows in groups.items():
        assert sum(int(count) for _label, count, _share in rows) == 8, title
    assert ["- Nữ", "3", "37,50%"] in groups["Giới tính"]
    assert ["- Chưa có thông tin", "1", "12,50%"] in groups["Tôn giáo"]  # Dung left it blank
    assert ["- Khác", "1", "12,50%"] in groups["Trình độ chuyên môn"]  # "12/12"
    # Trần Văn Cường turns 35 on the opening day; Nguyễn Văn An 55.
    ages = {
        label: int(count) for label, count, _share in groups["Độ tuổi (tính đến ngày khai mạc)"]
    }
    assert ages == {
        "- Dưới 35 tuổi": 1,
        "- Từ 35 đến dưới 45 tuổi": 3,  # Cường (35 today), Lan, Minh
        "- Từ 45 đến dưới 55 tuổi": 2,
        "- Từ 55 tuổi trở lên": 2,
    }


def test_the_report_names_the_youngest_and_the_oldest_and_ends_with_the_heads_signature(case):
    lines = docx_lines(credentials_report.credentials_report_docx(case.congress))
    text = "\n".join(lines)
    assert (
        "- Đại biểu trẻ tuổi nhất: đồng chí Hoàng Thị Dung, sinh ngày 16/07/1996 (28 tuổi);" in text
    )
    assert "- Đại biểu cao tuổi nhất: đồng chí Vũ Văn Em, sinh ngày 15/07/1962 (63 tuổi)." in text
    assert "gồm các dân tộc: Dao 1, Tày 1" in text
    assert lines[-1] == f"|  | T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU / TRƯỞNG BAN / {HEAD} |"


def test_the_page_and_the_document_share_one_content_model(case):
    report = credentials_report.report_context(case.congress)
    assert report.convened == 8 and report.accepted == 7
    assert [c.delegate.full_name for c in report.challenged] == ["Lý Văn Khoa"]
    assert [(r.delegate.full_name, r.reason_code, r.replaced_by) for r in report.rejected] == [
        ("Đặng Văn Giang", "prosecuted", "Mai Thị Lan")
    ]
    assert report.composition.total == 8
    assert report.signature.name == HEAD
    text = "\n".join(docx_lines(credentials_report.render_docx(report)))
    for block in report.blocks:
        if isinstance(block, credentials_report.Text):
            assert block.text in text


def test_the_report_reads_the_roster_in_four_statements(case, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        credentials_report.report_context(case.congress)


def test_the_report_is_vietnamese_whatever_the_readers_language(case):
    from django.utils import translation

    with translation.override("en"):
        text = "\n".join(docx_lines(credentials_report.credentials_report_docx(case.congress)))
    assert "bị khởi tố, truy tố, tạm giam" in text
    assert "Đại hội đại biểu Đảng bộ huyện An Lạc" in text


def test_a_congress_without_a_head_leaves_the_name_to_be_written(world):
    congress = create_congress(
        world.district_b,
        acting_user=world.staff_b,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=0,
        starts_on=OPENING,
    )
    report = credentials_report.report_context(congress)
    assert report.convened == 0 and report.signature.name == ""
    text = "\n".join(docx_lines(credentials_report.render_docx(report)))
    assert "Chưa có đại biểu được triệu tập." in text


def test_the_report_matches_the_golden_text(case, request):
    text = normalize(
        "\n".join(docx_lines(credentials_report.credentials_report_docx(case.congress)))
    )
    path = GOLDEN / "credentials_report.docx.txt"
    if request.config.getoption("--update-golden", default=False):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"thiếu tệp mẫu {path}: chạy pytest với --update-golden"
    assert text == path.read_text(encoding="utf-8"), "văn bản khác tệp mẫu (--update-golden)"
