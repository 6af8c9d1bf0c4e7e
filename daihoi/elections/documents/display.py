"""What the hall display (màn hình trình chiếu) shows: the round being counted, with how
many ballots are confirmed, or the stored result of the last closed round."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from daihoi.core.formatting import vi_int, vi_percent
from daihoi.elections.documents import data, labels
from daihoi.elections.models import ConfirmedBallot, Election, Round, RoundStatus

# "Bầu lần thứ nhất" on the hall screen: the ordinal words of data.ORDINALS, which English
# writes as digits ("Round 1").
ROUND_ORDINALS = {
    1: pgettext_lazy("bầu lần thứ …", "nhất"),
    2: pgettext_lazy("bầu lần thứ …", "hai"),
    3: pgettext_lazy("bầu lần thứ …", "ba"),
    4: pgettext_lazy("bầu lần thứ …", "tư"),
    5: pgettext_lazy("bầu lần thứ …", "năm"),
    6: pgettext_lazy("bầu lần thứ …", "sáu"),
    7: pgettext_lazy("bầu lần thứ …", "bảy"),
    8: pgettext_lazy("bầu lần thứ …", "tám"),
    9: pgettext_lazy("bầu lần thứ …", "chín"),
    10: pgettext_lazy("bầu lần thứ …", "mười"),
}


@dataclass(frozen=True)
class BoardLine:
    name: str
    votes: str
    share_of_base: str
    share_of_valid: str
    outcome: str
    outcome_code: str


@dataclass(frozen=True)
class Board:
    election: Election
    round: Round | None
    is_open: bool
    title: str
    confirmed: str = ""  # "27/40" while counting
    elected: list[BoardLine] = field(default_factory=list)
    others: list[BoardLine] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)
    next_step: str = ""


def _line(row: dict[str, Any]) -> BoardLine:
    return BoardLine(
        row["name"],
        vi_int(int(row["votes"])),
        vi_percent(row["share_of_base"]),
        vi_percent(row["share_of_valid"]),
        labels.outcome(row["outcome"]),
        row["outcome"],
    )


def shown_round(election: Election, number: int | None = None) -> Round | None:
    """The round asked for, else the open round, else the last one."""
    rounds = election.rounds.order_by("-number")
    if number is not None:
        return rounds.filter(number=number).first()
    return rounds.filter(status=RoundStatus.OPEN).first() or rounds.first()


def board(election: Election, number: int | None = None) -> Board:
    round_ = shown_round(election, number)
    if round_ is None:
        return Board(election, None, False, _("Chưa bắt đầu bỏ phiếu"))
    ordinal = ROUND_ORDINALS.get(round_.number) or data.ordinal(round_.number)
    title = _("Bầu lần thứ %(ordinal)s") % {"ordinal": ordinal}
    if round_.status == RoundStatus.OPEN or round_.result is None:
        confirmed = ConfirmedBallot.objects.filter(round=round_).count()
        return Board(
            election,
            round_,
            True,
            title,
            confirmed=f"{vi_int(confirmed)}/{vi_int(round_.ballots_issued)}",
        )
    result = round_.result
    elected_ids = set(result["elected"])
    elected = [_line(row) for row in labels.elected_in_order(result)]
    others = [_line(row) for row in result["candidates"] if row["id"] not in elected_ids]
    figures = [
        (_("Cơ sở tính kết quả (B)"), vi_int(int(result["threshold"]["base"]))),
        (_("Số phiếu cần đạt"), vi_int(int(result["threshold"]["votes_needed"]))),
        (_("Phiếu thu vào"), vi_int(int(result["ballots"]["received"]))),
        (_("Phiếu hợp lệ"), vi_int(int(result["ballots"]["valid"]))),
        (_("Phiếu không hợp lệ"), vi_int(int(result["ballots"]["invalid"]))),
    ]
    return Board(
        election,
        round_,
        False,
        title,
        elected=elected,
        others=others,
        figures=figures,
        next_step=labels.next_step(result, round_.seats),
    )
