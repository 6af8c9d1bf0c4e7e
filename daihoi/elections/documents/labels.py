"""Words for the stored result (daihoi.count-result/1): invalid-ballot reasons, outcomes,
the next step. Shared by the minutes, the spreadsheets, the slides and the hall display so
that they all say the same: Vietnamese in the documents (built in_vietnamese), the user's
language on the hall display."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.core.formatting import vi_int
from daihoi.counting.ballots import REASON_LABELS, InvalidReason
from daihoi.counting.threshold import CONVENED_LABELS, Meeting

OUTCOMES = {
    "elected": gettext_lazy("Trúng cử"),
    "not_elected": gettext_lazy("Không trúng cử"),
    "tied": gettext_lazy("Bằng phiếu"),
    "alternate": gettext_lazy("Dự khuyết"),
}

PRESENT_LABELS = {
    "delegates": "đại biểu",
    "general": "đảng viên",
    "committee": "ủy viên",
}


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def invalid_reason(code: str) -> str:
    """ "added_name" → "Ghi thêm tên ngoài danh sách" (the engine's own words)."""
    try:
        return capitalize(REASON_LABELS[InvalidReason(code)])
    except ValueError:
        return code


def outcome(code: str) -> str:
    return str(OUTCOMES.get(code, code))


def convened_label(meeting: str) -> str:
    """ "Số đại biểu chính thức được triệu tập" for a congress of delegates."""
    return "Số " + CONVENED_LABELS[Meeting(meeting)]


def present_label(meeting: str) -> str:
    return f"Số {PRESENT_LABELS.get(meeting, 'đại biểu')} có mặt"


def names_by_id(result: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["name"] for c in result["candidates"]}


def listing(names: list[str]) -> str:
    """ "A", "A và B", "A, B và C"."""
    if len(names) <= 1:
        return "".join(names)
    return _("%(names)s và %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def next_step(result: dict[str, Any], seats: int) -> str:
    """What happens after this round, in words, from the stored result."""
    names = names_by_id(result)
    unfilled = int(result["seats_unfilled"])
    kind = result["next"]
    if kind == "done":
        return _("Đã bầu đủ %(seats)s chỉ tiêu của lần bầu này.") % {"seats": vi_int(seats)}
    if kind == "revote_tied":
        tied = listing([names[i] for i in result["tied"]])
        return _("Bầu lại giữa các đồng chí bằng phiếu (%(tied)s) cho %(n)s chỉ tiêu còn lại.") % {
            "tied": tied,
            "n": vi_int(unfilled),
        }
    if kind == "appointment_by_upper_committee":
        return _("Không bầu được; cấp ủy cấp trên trực tiếp chỉ định.")
    return _("Còn thiếu %(n)s chỉ tiêu: đại hội xem xét, quyết định bầu tiếp hoặc để trống.") % {
        "n": vi_int(unfilled)
    }


def elected_in_order(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The stored `elected` list (ordered by votes by the engine), as candidate rows."""
    by_id = {c["id"]: c for c in result["candidates"]}
    return [by_id[i] for i in result["elected"]]


def alternates_in_order(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Candidates the engine marked "alternate", most votes first (ballot order on equal
    votes: the stored candidates are in ballot order and the sort is stable)."""
    rows = [c for c in result["candidates"] if c["outcome"] == "alternate"]
    return sorted(rows, key=lambda c: -int(c["votes"]))


def tied_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    by_id = {c["id"]: c for c in result["candidates"]}
    return [by_id[i] for i in result["tied"]]
