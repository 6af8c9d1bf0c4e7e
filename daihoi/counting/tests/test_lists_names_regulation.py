"""Lists (§4, Art. 14), name order (§4) and regulation profiles (switches)."""

from __future__ import annotations

import datetime
import unicodedata

import pytest

from daihoi.counting.election import Body
from daihoi.counting.errors import CountInputError
from daihoi.counting.lists import (
    check_ballot_list,
    check_convener_list,
    opinion_ballot_cut,
    surplus_bounds,
    surplus_rule_applies,
)
from daihoi.counting.names import clean, name_key, parse_birth_date, sort_names, word_key
from daihoi.counting.regulation import PROFILES, SWITCH_NAMES, Switches, regulation

# --- lists ----------------------------------------------------------------------------------


def test_only_the_executive_and_standing_committee_lists_are_bound_by_art_14() -> None:
    assert surplus_rule_applies(Body.EXECUTIVE) and surplus_rule_applies(Body.STANDING)
    assert not surplus_rule_applies(Body.UPPER_DELEGATES)


@pytest.mark.parametrize(
    ("seats", "bounds"),
    [(1, (1, 1, 1)), (2, (1, 1, 1)), (3, (1, 1, 1)), (5, (1, 1, 1)), (6, (1, 1, 1)),
     (7, (1, 1, 2)), (15, (2, 2, 4)), (20, (2, 3, 6)), (35, (4, 5, 10)), (180, (18, 27, 54))],
)  # fmt: skip
def test_surplus_bounds_in_whole_persons(seats: int, bounds: tuple[int, int, int]) -> None:
    got = surplus_bounds(seats)
    assert (got.prepared_min, got.prepared_max, got.maximum) == bounds


def test_a_list_without_surplus_or_above_the_cap_names_the_problem() -> None:
    short = check_ballot_list(9, 9)
    assert not short.ok and short.problems == (
        "danh sách 9 người cho 9 chỉ tiêu: số dư 0, cần ít nhất 1",
    )
    assert check_ballot_list(9, 12).problems == (
        "danh sách 12 người cho 9 chỉ tiêu: số dư 3, tối đa 2",
    )
    assert check_convener_list(20, 21).problems == (
        "danh sách 21 người cho 20 chỉ tiêu: số dư 1, cần ít nhất 2",
    )
    assert check_ballot_list(9, 8).surplus_percent == "0.00"


def test_a_list_within_the_cap_needs_no_opinion_ballot() -> None:
    cut = opinion_ballot_cut(35, 40, [("n1", 10), ("n2", 5)])
    assert not cut.ballot_needed and cut.kept == ("n1", "n2") and cut.dropped == ()


def test_nominees_tied_across_the_last_place_of_the_opinion_ballot_are_reported() -> None:
    cut = opinion_ballot_cut(35, 43, [("n1", 90), ("n2", 70), ("n3", 70), ("n4", 10)])
    assert (cut.places, cut.kept, cut.tied, cut.dropped) == (2, ("n1",), ("n2", "n3"), ("n4",))


def test_a_committee_list_already_at_the_cap_leaves_no_place_for_nominees() -> None:
    cut = opinion_ballot_cut(35, 45, [("n1", 90)])
    assert (cut.places, cut.kept, cut.dropped) == (0, (), ("n1",))


# --- names ----------------------------------------------------------------------------------


def test_names_sort_by_given_name_then_family_name_then_middle_names() -> None:
    names = ["Trần Văn Bình", "Lê Thị Bình", "Nguyễn Văn An", "Lê Bình", "Lê Văn Bình"]
    assert sort_names(names) == [
        "Nguyễn Văn An", "Lê Bình", "Lê Thị Bình", "Lê Văn Bình", "Trần Văn Bình",
    ]  # fmt: skip


def test_the_vietnamese_alphabet_puts_a_breve_and_circumflex_after_a_and_d_stroke_after_d() -> None:
    given = ["Ân", "Ăn", "An", "Đô", "Do", "Ơn", "Ôn", "On", "Ưng", "Ung", "Yến", "Xuân"]
    ordered = [name.split()[-1] for name in sort_names(f"Lê {g}" for g in given)]
    assert ordered == ["An", "Ăn", "Ân", "Do", "Đô", "On", "Ôn", "Ơn", "Ung", "Ưng", "Xuân", "Yến"]


def test_tones_are_a_secondary_difference_in_dictionary_order() -> None:
    tones = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    assert [n.split()[-1] for n in sort_names(f"Lê {t}" for t in reversed(tones))] == tones
    # the letters decide first: "Mai" (no tone) comes after "Mạ" (nặng)
    assert sort_names(["Lê Mai", "Lê Mạ"]) == ["Lê Mạ", "Lê Mai"]


def test_nfc_and_nfd_input_and_both_tone_placements_give_the_same_key() -> None:
    assert name_key("Lê Văn Hoà")[:3] == name_key("Lê Văn Hòa")[:3]
    assert word_key("Thuý") == word_key("Thúy")
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert name_key(nfd) == name_key("Nguyễn Thị Ánh")
    assert sort_names([nfd]) == ["Nguyễn Thị Ánh"]


def test_upper_case_sorts_with_lower_case() -> None:
    assert word_key("ĐỨC") == word_key("đức")


def test_foreign_letters_take_their_latin_places_and_other_signs_come_last() -> None:
    assert sort_names(["A Zoe", "A Fa", "A Ea", "A Ga", "A Wo", "A Vo", "A 9a"]) == [
        "A Ea", "A Fa", "A Ga", "A Vo", "A Wo", "A Zoe", "A 9a",
    ]  # fmt: skip
    assert word_key("x\u0302") == word_key("x")  # a circumflex that makes no Vietnamese letter


def test_identical_names_sort_by_birth_date_earliest_first_unknown_last() -> None:
    early, late = datetime.date(1965, 1, 9), datetime.date(1970, 5, 2)
    keys = sorted(
        [
            name_key("Nguyễn Văn An"),
            name_key("Nguyễn Văn An", late),
            name_key("Nguyễn Văn An", early),
        ]
    )
    assert [k[3] for k in keys] == [(0, early.toordinal()), (0, late.toordinal()), (1,)]


def test_a_one_word_name_and_an_empty_name_have_keys() -> None:
    assert sort_names(["Bình", "", "An"]) == ["", "An", "Bình"]


def test_clean_makes_nfc_with_single_spaces() -> None:
    assert clean("  Nguyễn\tVăn   An ") == "Nguyễn Văn An"


@pytest.mark.parametrize("text", ["1970-5-2", "02/05/1970", "1970-02-30", "19700502"])
def test_birth_dates_must_be_real_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(ValueError):
        parse_birth_date(text)


# --- regulation -------------------------------------------------------------------------------


def test_the_default_profile_is_190_2024_with_the_defaults_of_rules_md() -> None:
    rules = regulation()
    assert rules.profile == "190-2024"
    assert rules.switches == Switches()
    assert rules.switches.as_dict() == {
        "all_struck_is_invalid": True,
        "added_name_is_invalid": True,
        "extra_writing_is_invalid": True,
        "no_valid_mark_is_invalid": True,
        "tie_revote_among_tied": True,
        "tie_revote_needs_threshold": True,
        "passing_delegates_become_alternates": False,
        "alternates_need_threshold": True,
        "surplus_whole_persons": True,
        "congress_quorum_two_thirds": True,
    }
    assert tuple(rules.switches.as_dict()) == SWITCH_NAMES


def test_profile_244_2014_keeps_the_same_switches_and_cites_its_own_articles() -> None:
    old = PROFILES["244-2014"]
    assert old.switches == PROFILES["190-2024"].switches
    assert old.articles.threshold.endswith("Quy chế 244, Điều 32")
    assert old.articles.validity == "Quy chế 244, Điều 17(2)"


def test_single_switches_are_overridden_by_name() -> None:
    rules = regulation("244-2014", {"tie_revote_needs_threshold": False})
    assert rules.profile == "244-2014" and not rules.switches.tie_revote_needs_threshold
    assert rules.switches.all_struck_is_invalid


@pytest.mark.parametrize(
    ("profile", "switches", "field"),
    [("190", None, "regulation"), ("190-2024", {"x": True}, "switches.x"),
     ("190-2024", {"all_struck_is_invalid": 0}, "switches.all_struck_is_invalid")],
)  # fmt: skip
def test_unknown_profiles_and_switches_are_refused(
    profile: str, switches: dict[str, object] | None, field: str
) -> None:
    with pytest.raises(CountInputError) as error:
        regulation(profile, switches)
    assert error.value.field == field
