"""The reasons' Vietnamese wording: how each unit obtained its seats, numbers written the
Vietnamese way (`vn_number`)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import islice

from daihoi.delegates.rules.allocation.methods import DIVISORS, Apportionment
from daihoi.delegates.rules.allocation.model import Method, PerMembers, Unit, merged_from

METHOD_WORDS = {
    Method.LARGEST_REMAINDER: "theo số dư lớn nhất",
    Method.DHONDT: "theo phương pháp D'Hondt",
    Method.SAINTE_LAGUE: "theo phương pháp Sainte-Laguë",
    Method.PER_MEMBERS: "theo số đảng viên",
}

DECIDES = "Ban Tổ chức quyết định"


def vn_number(value: Fraction | int, places: int = 4) -> str:
    """1.234,5 — dot thousands, decimal comma. Exact when the decimal ends within `places`
    digits; otherwise cut there and followed by "…" (the exact value is in `ties`)."""
    # Whole numbers only (the reasons of a large allocation write hundreds of thousands).
    whole, rest = divmod(value.numerator, value.denominator)
    text = f"{whole:,}".replace(",", ".")
    if rest == 0:
        return text
    scaled, left = divmod(rest * 10**places, value.denominator)
    digits = f"{scaled:0{places}d}"
    if left == 0:
        return f"{text},{digits.rstrip('0')}"
    return f"{text},{digits}…"


#: A reason names at most this many of the units tied with its own (all are in `ties`).
NAMED_IN_A_TIE = 10


def _others_tied(app: Apportionment, i: int, ids: Sequence[str]) -> str:
    """The units tied with unit i, the first few by id (a tie may hold every unit)."""
    named = [ids[j] for j in islice((j for j in app.tied if j != i), NAMED_IN_A_TIE)]
    more = len(app.tied) - 1 - len(named)
    return ", ".join(named) + (f" và {more} đơn vị khác" if more else "")


def _tie_words(app: Apportionment, i: int, ids: Sequence[str], what: str) -> str:
    return (
        f"{what} bằng của {_others_tied(app, i, ids)}: {len(app.tied)} đơn vị tranh "
        f"{app.tied_seats} suất cuối, chưa phân bổ — {DECIDES}"
    )


def _remainder_note(app: Apportionment, i: int, ids: Sequence[str]) -> str:
    if app.members[i] == 0:
        return "không có đảng viên"
    quota = app.quotas[i]
    whole = quota.numerator // quota.denominator
    remainder = quota - whole
    shown = f"{vn_number(app.members[i])} × {vn_number(app.seats)} / " + (
        f"{vn_number(app.total_members)} = {vn_number(quota)}"
    )
    if remainder == 0:
        return f"hạn ngạch {shown}, đúng số nguyên"
    if i in app.tied_set:
        return f"hạn ngạch {shown}; " + _tie_words(app, i, ids, f"phần dư {vn_number(remainder)}")
    top = f"nhóm {app.remainder_seats} phần dư lớn nhất"
    if app.won[i] > whole:
        return (
            f"hạn ngạch {shown}: phần nguyên {whole} + 1 vì phần dư {vn_number(remainder)} "
            f"thuộc {top}"
        )
    return f"hạn ngạch {shown}; phần dư {vn_number(remainder)} không thuộc {top}"


def _quotient(members: int, divisor: int) -> str:
    return f"{vn_number(members)}/{divisor} = {vn_number(Fraction(members, divisor))}"


def _divisor_note(app: Apportionment, i: int, ids: Sequence[str]) -> str:
    members, won = app.members[i], app.won[i]
    if members == 0:
        return "không có đảng viên"
    divisor = DIVISORS[app.method]
    following = _quotient(members, divisor(won))
    if i in app.tied_set:
        return _tie_words(app, i, ids, f"thương số kế tiếp {following}")
    if app.tie_value is not None:
        bar = f"thương số của các suất đang tranh {vn_number(app.tie_value)}"
    else:
        bar = f"thương số của suất cuối cùng {vn_number(app.last_quotient or 0)}"
    if won == 0:
        return f"thương số đầu tiên {following} thấp hơn {bar}"
    reached = _quotient(members, divisor(won - 1))
    return f"thương số thứ {won} {reached} đạt; thương số kế tiếp {following} thấp hơn {bar}"


def apportioned_words(app: Apportionment, i: int, ids: Sequence[str]) -> str:
    """'5 theo số dư lớn nhất (…)': how unit i obtained its seats from the method."""
    if app.seats == 0:
        note = "không còn suất nào để phân bổ"
    elif app.method is Method.LARGEST_REMAINDER:
        note = _remainder_note(app, i, ids)
    else:
        note = _divisor_note(app, i, ids)
    return f"{app.won[i]} {METHOD_WORDS[app.method]} ({note})"


def per_members_words(rule: PerMembers, members: int) -> str:
    q, r = rule.members_per_seat, rule.remainder_at_least
    whole, remainder = divmod(members, q)
    bonus = remainder >= r
    split = f"{vn_number(members)} = {whole} × {vn_number(q)} + {vn_number(remainder)}"
    verdict = f"từ {vn_number(r)} trở lên: thêm 1" if bonus else f"chưa đến {vn_number(r)}"
    return f"{whole + bonus} {METHOD_WORDS[Method.PER_MEMBERS]} ({split}; phần dư {verdict})"


def base_words(rule: PerMembers, unit: Unit) -> str:
    base = rule.base(unit)
    if rule.base_by_merger is None:
        return f"cơ sở {base}"
    merged = merged_from(unit)
    if merged == 1:
        return f"cơ sở {base} (không hợp nhất)"
    return f"cơ sở {base} (hợp nhất từ {merged} đảng bộ)"


def official_reason(words: str, extra: int, official: int) -> str:
    with_extra = f"{words} + {extra} suất cộng thêm" if extra else words
    return f"{with_extra} = {official} đại biểu chính thức"
