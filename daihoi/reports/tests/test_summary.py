"""Every figure of the summary report of a small district with known outcomes
(tests/hierarchy.py), worked out by hand: the whole JSON is compared, so a figure that moves
fails here. Comments give the arithmetic."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from daihoi.congresses.models import Congress, CongressResult
from daihoi.reports import rules
from daihoi.reports.summary import default_term, summary_figures, terms_for
from daihoi.reports.summary_json import summary_json
from daihoi.reports.tests.hierarchy import TERM, TODAY, build_hoa_thu

pytestmark = pytest.mark.django_db

HEADER = {
    "format": "daihoi.summary/1",
    "organization": {
        "code": "H",
        "name": "Đảng bộ huyện Hòa Thử",
        "level": 2,
        "level_key": "upper_base",
        "committee": "Huyện ủy Hòa Thử",
    },
    "term": "2020-2025",
    "directive": {
        "number": "35-CT/TW",
        "issued_on": "2019-05-30",
        "title": "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần "
        "thứ XIII của Đảng",
    },
    "as_of": "2020-07-15",
    "own_congress": {
        "title": "Đại hội đại biểu Đảng bộ huyện Hòa Thử lần thứ XX, nhiệm kỳ 2020-2025",
        "kind": "delegates",
        "status": "planned",
        "ordinal": 20,
        "convened": 200,
        "starts_on": "2020-08-10",
        "held_on": None,
        "direct_secretary": True,
        "is_pilot": False,
    },
}

BASE = {
    "level": 3,
    "level_key": "base",
    "level_name": "Tổ chức cơ sở đảng",
    "deadline": "2020-06-30",
    "units": 4,
    "progress": {
        "planned": 3,
        "planned_percent": "75.00",
        "held": 3,
        "held_percent": "75.00",
        "not_held": 1,
        "missing": 1,
        "late": 0,
        "held_after_deadline": 1,
        "last_held_on": "2020-07-02",
    },
    "kinds": {
        "delegates": 1,
        "general": 2,
        "by_organization_kind": [
            {
                "organization_kind": "enterprise",
                "name": "Doanh nghiệp",
                "units": 1,
                "held": 1,
                "delegates": 0,
                "general": 1,
            },
            {
                "organization_kind": "public_service",
                "name": "Đơn vị sự nghiệp",
                "units": 1,
                "held": 0,
                "delegates": 0,
                "general": 0,
            },
            {
                "organization_kind": "territorial",
                "name": "Địa phương (xã, phường, đặc khu)",
                "units": 2,
                "held": 2,
                "delegates": 1,
                "general": 1,
            },
        ],
    },
    "pilot": {"count": 1, "units": [{"code": "H1", "name": "Đảng bộ xã Hòa An"}]},
    "contents": {"four": 3, "three": 0, "two": 0},
    "direct_secretary": {
        "count": 2,
        "of": 3,
        "percent": "66.67",
        "not_direct": 1,
        "not_direct_units": [{"code": "H3", "name": "Đảng bộ Công ty Hòa Phát"}],
    },
    "secretary_shares": {
        "count": 2,
        "min": "82.00",
        "max": "100.00",
        "at_min": 1,
        "at_max": 1,
        "at_100": 1,
        "at_least_98": 1,
        "below_98": 1,
        "lowest": {
            "code": "H2",
            "name": "Đảng bộ xã Hòa Bình",
            "votes": 123,
            "base": 150,
            "share": "82.00",
            "congress_kind": "general",
            "convened": 182,
        },
    },
    "committee": {
        "results": 3,
        "elected": 35,
        "reelected": 25,
        "reelected_percent": "71.43",
        "new": 10,
        "new_percent": "28.57",
        "women": 8,
        "women_percent": "22.86",
        "young": 3,
        "young_percent": "8.57",
        "ethnic_minority": 1,
        "ethnic_minority_percent": "2.86",
        "standing": 8,
        "secretaries": 3,
        "deputies": 4,
        "inspection": 11,
    },
    "upper_congress": {"delegates": 21, "alternates": 3},
    "late_units": [],
    "missing_units": [{"code": "H4", "name": "Chi bộ Trường Tiểu học Hòa Thử"}],
}

CELLS = {
    "level": 5,
    "level_key": "cell",
    "level_name": "Chi bộ trực thuộc",
    "deadline": "2020-06-30",
    "units": 7,
    "progress": {
        "planned": 6,
        "planned_percent": "85.71",
        "held": 4,
        "held_percent": "57.14",
        "not_held": 3,
        "missing": 1,
        "late": 2,
        "held_after_deadline": 0,
        "last_held_on": "2020-04-01",
    },
    "kinds": {
        "delegates": 0,
        "general": 4,
        "by_organization_kind": [
            {
                "organization_kind": "enterprise",
                "name": "Doanh nghiệp",
                "units": 1,
                "held": 0,
                "delegates": 0,
                "general": 0,
            },
            {
                "organization_kind": "territorial",
                "name": "Địa phương (xã, phường, đặc khu)",
                "units": 6,
                "held": 4,
                "delegates": 0,
                "general": 4,
            },
        ],
    },
    "pilot": {"count": 0, "units": []},
    "contents": {"four": 2, "three": 1, "two": 1},
    "direct_secretary": {
        "count": 2,
        "of": 4,
        "percent": "50.00",
        "not_direct": 2,
        "not_direct_units": [
            {"code": "H1-3", "name": "Chi bộ thôn 3"},
            {"code": "H2-3", "name": "Chi bộ xóm Nam"},
        ],
    },
    "secretary_shares": {
        "count": 2,
        "min": "96.67",
        "max": "100.00",
        "at_min": 1,
        "at_max": 1,
        "at_100": 1,
        "at_least_98": 1,
        "below_98": 1,
        "lowest": {
            "code": "H1-2",
            "name": "Chi bộ thôn 2",
            "votes": 29,
            "base": 30,
            "share": "96.67",
            "congress_kind": "general",
            "convened": 31,
        },
    },
    "committee": {
        "results": 2,
        "elected": 6,
        "reelected": 3,
        "reelected_percent": "50.00",
        "new": 3,
        "new_percent": "50.00",
        "women": 1,
        "women_percent": "16.67",
        "young": 1,
        "young_percent": "16.67",
        "ethnic_minority": 0,
        "ethnic_minority_percent": "0.00",
        "standing": 0,
        "secretaries": 2,
        "deputies": 2,
        "inspection": 0,
    },
    "upper_congress": {"delegates": 9, "alternates": 1},
    "late_units": [
        {"code": "H2-1", "name": "Chi bộ xóm Đông", "status": "preparing"},
        {"code": "H2-2", "name": "Chi bộ xóm Tây", "status": "planned"},
    ],
    "missing_units": [{"code": "H3-1", "name": "Chi bộ phân xưởng 1"}],
}


@pytest.fixture
def built():
    return build_hoa_thu()


@pytest.fixture
def report(built):
    return summary_json(summary_figures(built.orgs["H"], TERM, today=TODAY))


def test_the_header_names_the_organization_its_committee_the_directive_and_its_own_congress(
    report,
):
    assert {k: v for k, v in report.items() if k != "levels"} == HEADER


def test_every_figure_of_the_base_organizations(report):
    # 4 units, 3 congresses (H4 has none: missing), all 3 held: 3/4 = 75.00%; H2 held on
    # 2/7 after the 30/6 deadline. Kinds: H1 delegates; H2, H3 general. Direct: H1, H2
    # (H3's result says the committee elected its secretary): 2/3 = 66.67%. Shares: 120/120
    # = 100.00%, 123/150 = 82.00% (the lowest, a general meeting of 182). Committee: 15 + 13
    # + 7 = 35 elected, 10 + 8 + 7 = 25 re-elected (71.43%), 10 new (28.57%), women 4 + 3
    # + 1 = 8 (22.86%), young 2 + 1 = 3 (8.57%), ethnic minority 1 (2.86%); standing 5 + 3;
    # secretaries 3; deputies 2 + 1 + 1; inspection 5 + 3 + 3; delegates 10 + 8 + 3 = 21,
    # alternates 2 + 1 = 3.
    assert report["levels"][0] == BASE


def test_every_figure_of_the_cells(report):
    # 7 cells, 6 congresses (H3-1 has none), 4 held: 4/7 = 57.14%; H2-1 (preparing) and
    # H2-2 (planned) are late on 15/7 (deadline 30/6). Contents: H1-1, H1-2 four; H2-3
    # three; H1-3 two. Direct: H1-1 and H1-2 by their results; H1-3 and H2-3 planned
    # otherwise and reported nothing: 2/4 = 50.00%. Shares 30/30 and 29/30 = 96.67%.
    # Committee (2 results of 4 held): 3 + 3 elected, 2 + 1 re-elected (50.00%), women 1
    # (16.67%), young 1 (16.67%); delegates to the base congresses 5 + 4, alternates 1.
    assert report["levels"][1] == CELLS


def test_the_report_has_one_entry_per_level_below_the_organization(report):
    assert [level["level_key"] for level in report["levels"]] == ["base", "cell"]


def test_another_term_and_another_district_are_left_out(built, report):
    # H1 has a planned congress of 2025-2030; K1 (another district) a 1.25% secretary.
    assert Congress.objects.filter(organization=built.orgs["H1"]).count() == 2
    assert report["levels"][0]["progress"]["planned"] == 3
    assert report["levels"][0]["secretary_shares"]["min"] == "82.00"


def test_a_result_reported_later_changes_the_figures(built):
    CongressResult.objects.create(
        congress=built.congresses["H1-3"],
        source="form",
        reported_on=dt.date(2020, 7, 12),
        committee_elected=3,
        committee_reelected=3,
        secretary_elected=True,
        secretary_direct=True,
        secretary_votes=12,
        secretary_base=12,
        deputies_elected=1,
    )
    cells = summary_json(summary_figures(built.orgs["H"], TERM, today=TODAY))["levels"][1]
    # The result overrides the plan (not direct): 3 of 4 cells now elected directly.
    assert cells["direct_secretary"]["count"] == 3
    assert cells["direct_secretary"]["percent"] == "75.00"
    assert cells["secretary_shares"]["at_100"] == 2
    assert cells["committee"]["elected"] == 9
    assert cells["committee"]["reelected_percent"] == "66.67"


def test_a_report_of_a_base_organization_covers_its_cells_only(built):
    report = summary_json(summary_figures(built.orgs["H2"], TERM, today=TODAY))
    (cells,) = report["levels"]
    assert cells["units"] == 3 and cells["progress"]["held"] == 1
    assert [u["code"] for u in cells["late_units"]] == ["H2-1", "H2-2"]
    assert report["own_congress"]["convened"] == 182


def test_before_the_deadline_nothing_is_late(built):
    report = summary_json(summary_figures(built.orgs["H"], TERM, today=dt.date(2020, 6, 30)))
    assert report["levels"][1]["progress"]["late"] == 0
    assert report["levels"][1]["late_units"] == []


def test_a_term_without_congresses_reports_units_and_missing_only(built):
    report = summary_json(summary_figures(built.orgs["H"], "2025-2030", today=TODAY))
    base = report["levels"][0]
    assert base["units"] == 4 and base["progress"]["held"] == 0
    assert base["progress"]["held_percent"] == "0.00"
    assert base["progress"]["missing"] == 3  # H1 has its 2025-2030 plan
    assert base["secretary_shares"]["lowest"] is None
    assert report["directive"]["number"] == "45-CT/TW"


def test_the_default_term_is_the_newest_with_a_congress(built):
    assert default_term(built.orgs["H2"]) == TERM
    assert default_term(built.orgs["H"]) == "2025-2030"
    assert terms_for(built.orgs["H"]) == ["2025-2030", "2020-2025"]


# --- The pure helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "level", "committee", "symbol"),
    [
        ("Đảng bộ tỉnh Quảng Ninh", 1, "Tỉnh ủy Quảng Ninh", "TU"),
        ("Đảng bộ thành phố Uông Bí", 2, "Thành ủy Uông Bí", "TU"),
        ("Đảng bộ thị xã Đông Triều", 2, "Thị ủy Đông Triều", "TU"),
        ("Đảng bộ quận Ba Đình", 2, "Quận ủy Ba Đình", "QU"),
        ("Đảng bộ huyện An Lạc", 2, "Huyện ủy An Lạc", "HU"),
        ("Đảng bộ xã An Bình", 3, "Đảng ủy xã An Bình", "ĐU"),
        ("Chi bộ Trường Tiểu học An Lạc", 3, "Chi bộ Trường Tiểu học An Lạc", "CB"),
        ("Đảng Cộng sản Việt Nam", 0, "Ban Chấp hành Trung ương", "TW"),
        ("Khối cơ quan", 2, "Khối cơ quan", "ĐU"),
    ],
)
def test_the_issuing_committee_is_named_after_the_organization(name, level, committee, symbol):
    assert rules.committee_name(name, level) == committee
    assert rules.document_symbol(name, level) == symbol


def test_the_place_is_the_nearest_locality_named():
    assert rules.place_of(["Đảng bộ thành phố Uông Bí", "Đảng bộ tỉnh Quảng Ninh"]) == "Uông Bí"
    assert rules.place_of(["Đảng bộ Công ty Than", "Đảng bộ thị xã Đông Triều"]) == "Đông Triều"
    assert rules.place_of(["Chi bộ Trường Tiểu học"]) == ""


def test_share_statistics_compare_exact_fractions():
    # 98/100 and 49/50 are the same share; 197/201 (98.0099…%) is above 98%, 195/199 below.
    stats = rules.share_stats([(98, 100, 1), (49, 50, 2), (197, 201, 1), (195, 199, 1)])
    assert stats.count == 5
    assert stats.minimum == Fraction(195, 199) and stats.at_min == 1
    assert stats.maximum == Fraction(197, 201) and stats.at_max == 1
    assert (stats.at_least_98, stats.below_98, stats.at_100) == (4, 1, 0)
    assert rules.share_percent(stats.minimum) == "97.99"
    assert rules.share_stats([]).minimum is None and rules.share_percent(None) is None
