"""Reads the documents share: headers, names in ballot order, the counting committee, the
typists, and words for what is elected and for the round. Read-only; nothing here counts."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from daihoi.core.documents import PartyHeader
from daihoi.elections.models import (
    Body,
    Election,
    ElectionStaff,
    Round,
    RoundCandidate,
    RoundPurpose,
    RoundStatus,
    StaffRole,
)

ORDINALS = {
    1: "nhất",
    2: "hai",
    3: "ba",
    4: "tư",
    5: "năm",
    6: "sáu",
    7: "bảy",
    8: "tám",
    9: "chín",
    10: "mười",
}

#: Minutes number: filled in by the secretariat, or left for a hand to write in.
MINUTES_SYMBOL = "BB/BKP"
BLANK_NUMBER = "....."


def ordinal(number: int) -> str:
    """1 → "nhất", 2 → "hai", 4 → "tư" (as in "lần thứ tư"); digits beyond ten."""
    return ORDINALS.get(number, str(number))


def round_line(round_: Round) -> str:
    """ "Bầu lần thứ hai" — printed on a ballot only when the round is not the first."""
    return f"Bầu lần thứ {ordinal(round_.number)}"


def minutes_number(number: str = "") -> str:
    """ "Số 12-BB/BKP", or "Số .....-BB/BKP" for the number to be written by hand (no colon
    after "Số", document-format.md)."""
    return f"Số {number.strip() or BLANK_NUMBER}-{MINUTES_SYMBOL}"


def local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def party_header(election: Election, *, number: str = "", on: dt.date | None = None) -> PartyHeader:
    """Superior body: the parent organization; issuing body: the congress itself."""
    congress = election.congress
    organization = congress.organization
    parent = organization.parent
    return PartyHeader(
        issuing_body=congress.title.upper(),
        superior_body=parent.name.upper() if parent else "",
        number=number,
        place=congress.place or organization.name,
        date=on,
    )


def elected_what(round_: Round) -> str:
    """What this round elects, as it reads after "bầu" in a sentence:
    "Ban Chấp hành Đảng bộ huyện An Lạc nhiệm kỳ 2025-2030",
    "đại biểu dự khuyết đi dự Đại hội Đảng bộ tỉnh Phú Thịnh"."""
    election = round_.election
    congress = election.congress
    organization = congress.organization
    parent = organization.parent
    if round_.body == Body.OTHER:
        title = election.title
        return title[4:] if title.lower().startswith("bầu ") else title
    if round_.body in (Body.UPPER_DELEGATES, Body.UPPER_ALTERNATES):
        who = "đại biểu" if round_.body == Body.UPPER_DELEGATES else "đại biểu dự khuyết"
        upper = f"Đại hội {parent.name}" if parent else "đại hội cấp trên"
        return f"{who} đi dự {upper}"
    return f"{Body(round_.body).label} {organization.name} nhiệm kỳ {congress.term}"


def summary_line(round_: Round) -> str:
    """The minutes' summary line: the election and the round."""
    text = f"{round_.election.title}, bầu lần thứ {ordinal(round_.number)}"
    if round_.purpose in (RoundPurpose.TIE_REVOTE, RoundPurpose.ALTERNATES):
        text += f" ({str(RoundPurpose(round_.purpose).label).lower()})"
    return text


def _same_name(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


@dataclass(frozen=True)
class BallotName:
    number: int
    full_name: str
    printed: str  # the full name, with the birth year when another name is identical


def ballot_names(round_: Round) -> list[BallotName]:
    """The names printed on this round's ballot, numbered, in ballot order. Two identical
    names are told apart by the year of birth, and only then."""
    rows = list(
        RoundCandidate.objects.filter(round=round_).select_related("candidate").order_by("number")
    )
    seen = Counter(_same_name(row.candidate.full_name) for row in rows)
    names = []
    for row in rows:
        candidate = row.candidate
        printed = candidate.full_name
        if seen[_same_name(printed)] > 1 and candidate.birth_date:
            printed = f"{printed} ({candidate.birth_date.year})"
        names.append(BallotName(row.number, candidate.full_name, printed))
    return names


@dataclass(frozen=True)
class Committee:
    head: ElectionStaff | None
    members: list[ElectionStaff]


def counting_committee(election: Election) -> Committee:
    staff = list(
        ElectionStaff.objects.filter(
            election=election, role__in=[StaffRole.HEAD, StaffRole.MEMBER]
        ).order_by("position", "id")
    )
    head = next((s for s in staff if s.role == StaffRole.HEAD), None)
    return Committee(head, [s for s in staff if s.role == StaffRole.MEMBER])


@dataclass(frozen=True)
class Typist:
    user_id: int
    name: str


def round_typists(round_: Round) -> list[Typist]:
    """The round's K typists, in the order they were named to the election."""
    ids = set(round_.typists.values_list("id", flat=True))
    named = {
        s.user_id: s.full_name
        for s in ElectionStaff.objects.filter(election=round_.election, role=StaffRole.TYPIST)
    }
    order = list(
        ElectionStaff.objects.filter(election=round_.election, role=StaffRole.TYPIST)
        .order_by("position", "id")
        .values_list("user_id", flat=True)
    )
    order += sorted(ids - set(order))
    users = {u.pk: u for u in round_.typists.all()}
    return [
        Typist(uid, named.get(uid) or users[uid].full_name or users[uid].username)
        for uid in order
        if uid in ids
    ]


def closed_rounds(election: Election) -> list[Round]:
    return list(
        election.rounds.filter(status=RoundStatus.CLOSED, result__isnull=False).order_by("number")
    )
