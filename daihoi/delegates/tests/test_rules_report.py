"""The credentials report's composition (delegates.rules.report): pure, no database."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.delegates.rules import report
from daihoi.delegates.rules.report import DelegateRow, composition

OPENING = dt.date(2025, 7, 15)


def row(name: str = "Nguyễn Văn An", kind: str = "elected", **fields: object) -> DelegateRow:
    return DelegateRow(name, kind, **fields)  # type: ignore[arg-type]


def counts(breakdown: report.Breakdown) -> dict[str, int]:
    return {line.key: line.count for line in breakdown.lines}


# --- Every breakdown sums to the total ------------------------------------------------------

texts = st.sampled_from(
    ["", " ", "-", "Kinh", "Tày", "dân tộc Dao", "Phật giáo", "Không", "Đại học", "Thạc sĩ",
     "Cao đẳng", "Trung cấp", "12/12", "Cao cấp", "Cử nhân", "Sơ cấp", "Chưa qua đào tạo", "xyz"]
)  # fmt: skip
rows = st.builds(
    DelegateRow,
    full_name=st.sampled_from(["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường"]),
    kind=st.sampled_from(["ex_officio", "elected", "appointed", "alternate", "member", "odd"]),
    gender=st.sampled_from(["", "male", "female", "Nam", "nữ", "?"]),
    birth_date=st.none() | st.dates(dt.date(1940, 1, 1), dt.date(2030, 12, 31)),
    ethnicity=texts,
    religion=texts,
    education=texts,
    theory_level=texts,
    party_joined_year=st.none() | st.integers(0, 2030),
)


@given(st.lists(rows, max_size=40))
def test_every_breakdown_sums_to_the_total_whatever_the_data(delegates):
    c = composition(delegates, OPENING)
    assert c.total == len(delegates)
    for breakdown in (*c.table, c.ethnicities, c.religions):
        assert breakdown.total == c.total
        assert sum(line.count for line in breakdown.lines) == c.total, breakdown.key
        assert len({line.key for line in breakdown.lines}) == len(breakdown.lines)


def test_unknown_values_are_counted_as_no_information_and_given_unrecognised_ones_as_other():
    c = composition(
        [
            row(education="", theory_level="", religion="", ethnicity="", gender=""),
            row(education="-", theory_level="—", religion=".", ethnicity=" "),
            row(education="12/12", theory_level="xyz", religion="Phật giáo", ethnicity="Kinh"),
        ],
        OPENING,
    )
    assert c.education.line(report.UNKNOWN).label == "Chưa có thông tin"
    assert c.education.count(report.UNKNOWN) == 2
    assert c.education.count(report.OTHER) == 1
    assert c.education.line(report.OTHER).raw == (("12/12", 1),)
    assert c.theory.count(report.UNKNOWN) == 2 and c.theory.count(report.OTHER) == 1
    assert c.religion.count(report.UNKNOWN) == 2 and c.religion.count("yes") == 1
    assert c.ethnicity.count(report.UNKNOWN) == 2 and c.ethnicity.count("kinh") == 1
    assert c.gender.count(report.UNKNOWN) == 3


def test_fixed_lines_show_even_when_empty_and_other_or_unknown_only_when_someone_is_in_them():
    c = composition([row(gender="male", education="Đại học")], OPENING)
    assert [line.label for line in c.gender.lines] == ["Nam", "Nữ"]
    assert [line.label for line in c.education.lines] == [
        "Trên đại học",
        "Đại học",
        "Cao đẳng",
        "Trung cấp",
    ]
    assert [line.key for line in c.kind.lines] == [
        "ex_officio",
        "elected",
        "appointed",
        "alternate",
    ]


def test_an_empty_roster_has_zero_shares():
    c = composition([], OPENING)
    assert c.total == 0
    assert c.gender.line("male").share == "0.00"
    assert c.youngest == () and c.oldest == ()


# --- Ages and seniority at the opening, from the dates ----------------------------------------


@pytest.mark.parametrize(
    ("birth", "band", "age"),
    [
        (dt.date(1990, 7, 16), "under_35", 34),  # 35 tomorrow
        (dt.date(1990, 7, 15), "35_45", 35),  # 35 on the opening day
        (dt.date(1980, 7, 16), "35_45", 44),
        (dt.date(1980, 7, 15), "45_55", 45),
        (dt.date(1970, 7, 16), "45_55", 54),
        (dt.date(1970, 7, 15), "55_up", 55),
        (dt.date(1940, 1, 1), "55_up", 85),
    ],
)
def test_age_bands_are_completed_years_on_the_opening_day(birth, band, age):
    assert report.age_on(birth, OPENING) == age
    assert report.age_band(birth, OPENING) == band


def test_someone_born_on_29_february_is_a_year_older_on_1_march_of_a_common_year():
    born = dt.date(1992, 2, 29)
    assert report.age_on(born, dt.date(2027, 2, 28)) == 34
    assert report.age_on(born, dt.date(2027, 3, 1)) == 35
    assert report.age_on(born, dt.date(2028, 2, 29)) == 36


def test_a_birth_date_after_the_opening_is_unknown_and_never_the_youngest():
    c = composition(
        [row("Lê Thị Bình", birth_date=dt.date(2026, 1, 1)), row(birth_date=dt.date(2000, 1, 1))],
        OPENING,
    )
    assert c.age.count(report.UNKNOWN) == 1
    assert [y.full_name for y in c.youngest] == ["Nguyễn Văn An"]


@pytest.mark.parametrize(
    ("joined", "band"),
    [
        (2016, "under_10"),
        (2015, "10_20"),
        (2006, "10_20"),
        (2005, "20_30"),
        (1996, "20_30"),
        (1995, "30_up"),
        (2025, "under_10"),
        (2026, report.UNKNOWN),
        (None, report.UNKNOWN),
    ],
)
def test_party_seniority_bands_count_calendar_years_from_the_year_of_joining(joined, band):
    assert report.seniority_band(joined, OPENING) == band


def test_the_age_table_labels_say_where_each_edge_falls():
    labels = [line.label for line in composition([row()], OPENING).age.lines]
    assert labels == [
        "Dưới 35 tuổi",
        "Từ 35 đến dưới 45 tuổi",
        "Từ 45 đến dưới 55 tuổi",
        "Từ 55 tuổi trở lên",
        "Chưa có thông tin",
    ]


# --- Youngest and oldest ----------------------------------------------------------------------


def test_youngest_and_oldest_with_their_birth_dates_and_ages():
    c = composition(
        [
            row("Nguyễn Văn An", birth_date=dt.date(1975, 3, 2)),
            row("Lê Thị Bình", birth_date=dt.date(1996, 7, 16)),
            row("Trần Văn Cường", birth_date=dt.date(1962, 7, 15)),
            row("Phạm Văn Dũng"),
        ],
        OPENING,
    )
    assert c.youngest == (report.Extreme("Lê Thị Bình", dt.date(1996, 7, 16), 28),)
    assert c.oldest == (report.Extreme("Trần Văn Cường", dt.date(1962, 7, 15), 63),)


def test_delegates_born_the_same_day_share_the_youngest_place():
    day = dt.date(1999, 5, 5)
    c = composition(
        [row("Trần Văn Cường", birth_date=day), row("Lê Thị Bình", birth_date=day)], OPENING
    )
    assert [y.full_name for y in c.youngest] == ["Lê Thị Bình", "Trần Văn Cường"]
    assert c.oldest == c.youngest  # the only two are both


# --- Shares: exact, two decimals, half-up ---------------------------------------------------------


def test_shares_round_half_up_exactly():
    # 1/8 = 12.5 % exactly; 1/3 = 33.333…; 2/3 = 66.666…; 1/16 = 6.25 %; 21/40 = 52.5 %.
    assert report.Line("x", "x", 1, 8).share == "12.50"
    assert report.Line("x", "x", 1, 3).share == "33.33"
    assert report.Line("x", "x", 2, 3).share == "66.67"
    assert report.Line("x", "x", 21, 40).share_vi == "52,50%"
    # 1/800 = 0.125 % → 0.13 (half-up, not half-even and not a float's 0.12).
    assert report.Line("x", "x", 1, 800).share == "0.13"
    assert report.Line("x", "x", 3, 800).share == "0.38"
    assert report.Line("x", "x", 0, 0).share == "0.00"


@given(st.integers(0, 5000), st.integers(1, 5000))
def test_every_share_is_the_exact_fraction_rounded_half_up(part, whole):
    share = report.Line("x", "x", part, whole).share
    exact = Fraction(part * 100, whole)
    hundredths = int(exact * 100 + Fraction(1, 2))
    assert share == f"{hundredths // 100}.{hundredths % 100:02d}"


def test_women_of_forty_delegates():
    delegates = [row(gender="female")] * 21 + [row(gender="male")] * 19
    c = composition(delegates, OPENING)
    assert c.gender.line("female").share_vi == "52,50%"
    assert c.gender.line("male").share_vi == "47,50%"


# --- Free text, conservatively ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Thạc sĩ Quản lý kinh tế", "postgraduate"),
        ("ThS. Luật", "postgraduate"),
        ("Tiến sĩ", "postgraduate"),
        ("Bác sĩ chuyên khoa II", "postgraduate"),
        ("Thạc sĩ, Cử nhân Luật", "postgraduate"),
        ("Cử nhân Luật; đang học thạc sĩ", "university"),
        ("Cử nhân Học viện Chính trị", "university"),
        ("Kỹ sư xây dựng", "university"),
        ("dai hoc", "university"),
        ("Cao đẳng sư phạm", "college"),
        ("Trung cấp kế toán", "vocational"),
        ("Cao học", report.OTHER),
        ("12/12", report.OTHER),
        ("", report.UNKNOWN),
    ],
)
def test_education_is_read_only_from_words_that_leave_no_doubt(text, level):
    assert report.education_level(text) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Cao cấp", "high"),
        ("Cử nhân chính trị", "high"),
        ("CCLLCT", "high"),
        ("Trung cấp", "middle"),
        ("TC", "middle"),
        ("Sơ cấp", "elementary"),
        ("Đang học cao cấp; Trung cấp", "middle"),
        ("Không", "none"),
        ("Chưa qua đào tạo", "none"),
        ("Bồi dưỡng", report.OTHER),
        ("", report.UNKNOWN),
    ],
)
def test_political_theory_levels(text, level):
    assert report.theory_level(text) == level


def test_ethnicities_are_counted_one_by_one_kinh_or_minority_and_shown_as_most_often_written():
    c = composition(
        [
            row(ethnicity="Kinh"),
            row(ethnicity="kinh"),
            row(ethnicity="Tày"),
            row(ethnicity="dân tộc Tày"),
            row(ethnicity="tày"),
            row(ethnicity="Dao"),
            row(ethnicity=""),
        ],
        OPENING,
    )
    assert counts(c.ethnicity) == {"kinh": 2, "minority": 4, report.UNKNOWN: 1}
    assert [(line.label, line.count) for line in c.ethnicities.lines] == [
        ("Tày", 3),
        ("Kinh", 2),
        ("Dao", 1),
        ("Chưa có thông tin", 1),
    ]


def test_religions_have_or_have_not_and_each_religion_is_kept():
    c = composition(
        [
            row(religion="Không"),
            row(religion="không theo tôn giáo nào"),
            row(religion="Phật giáo"),
            row(religion="Công giáo"),
            row(religion="Phật giáo"),
        ],
        OPENING,
    )
    assert counts(c.religion) == {"yes": 3, "no": 2}
    assert [(line.label, line.count) for line in c.religions.lines] == [
        ("Không theo tôn giáo", 2),
        ("Phật giáo", 2),
        ("Công giáo", 1),
    ]


def test_kinds_count_the_alternates_who_took_a_seat():
    c = composition(
        [row(kind="ex_officio"), row(kind="elected"), row(kind="elected"), row(kind="alternate")],
        OPENING,
    )
    assert counts(c.kind) == {"ex_officio": 1, "elected": 2, "appointed": 0, "alternate": 1}
    assert c.kind.line("elected").share_vi == "50,00%"
