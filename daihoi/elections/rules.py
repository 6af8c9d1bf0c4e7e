"""Pure rules of ballot entry (no ORM): what a typist's keystrokes mean, and when the
independent entries of one paper ballot agree.

The keyed line (one paper ballot, then Enter):
- strike style (list with surplus): the numbers of the names struck out, e.g. "2 5 11";
  "=" first means the numbers that follow are the names KEPT ("= 1 4": all others struck);
  "*" strikes every name; an empty line means no name struck.
- agree/disagree style (no surplus): every name counts as "đồng ý" unless keyed:
  "3" or "3k" = không đồng ý, "3c" = both boxes marked, "3o" = no box marked.
- defects, one letter each, anywhere on the line: d = not the congress's stamped ballot
  (không có dấu), t = a name added, v = extra writing or marks, r = torn or unreadable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

STRIKE = "strike"
AGREE_DISAGREE = "agree_disagree"

DEFECT_KEYS = {
    "d": "not_official",
    "t": "added_name",
    "v": "extra_writing",
    "r": "torn_or_unreadable",
}
MARK_SUFFIXES = {"": "disagree", "k": "disagree", "c": "both", "o": "none"}
TOKEN = re.compile(r"^(\d+)([a-z]?)$")
SEPARATORS = re.compile(r"[\s,;+]+")


class KeyedBallotError(ValueError):
    """A keyed line that cannot be a ballot; the message is for the typist, in their language
    (Vietnamese unless they switched)."""


@dataclass(frozen=True)
class KeyedBallot:
    """One paper ballot as keyed: struck ballot numbers (strike style) or marks other than
    "agree" (agree/disagree style), and the defects seen on the paper."""

    struck: tuple[int, ...] = ()
    marks: tuple[tuple[int, str], ...] = ()
    defects: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "struck": list(self.struck),
            "marks": {str(n): m for n, m in self.marks},
            "defects": list(self.defects),
        }

    @classmethod
    def from_json(cls, struck: list[int], marks: dict[str, str], defects: list[str]) -> KeyedBallot:
        return cls(
            struck=tuple(sorted(int(n) for n in struck)),
            marks=tuple(sorted((int(n), m) for n, m in marks.items())),
            defects=tuple(sorted(defects)),
        )


@dataclass
class _Parsed:
    numbers: dict[int, str] = field(default_factory=dict)
    defects: set[str] = field(default_factory=set)
    keep_mode: bool = False
    strike_all: bool = False


def _tokens(line: str) -> list[str]:
    text = line.strip().lower()
    # Letters typed right after one another ("dv") are separate defect keys; "=" and "*" too.
    text = re.sub(r"([=*])", r" \1 ", text)
    return [t for t in SEPARATORS.split(text) if t]


def _parse(line: str, names: int, style: str) -> _Parsed:
    parsed = _Parsed()
    for position, token in enumerate(_tokens(line)):
        if token == "=" and style == STRIKE and position == 0:
            parsed.keep_mode = True
            continue
        if token == "*" and style == STRIKE:
            parsed.strike_all = True
            continue
        if token.isalpha():
            for letter in token:
                if letter not in DEFECT_KEYS:
                    raise KeyedBallotError(
                        _(
                            "Ký hiệu “%(key)s” không hợp lệ. Lỗi phiếu: d = không có dấu, "
                            "t = ghi thêm tên, v = viết thêm, r = rách/không đọc được."
                        )
                        % {"key": letter}
                    )
                parsed.defects.add(DEFECT_KEYS[letter])
            continue
        match = TOKEN.match(token)
        if not match:
            raise KeyedBallotError(
                _("Không hiểu “%(token)s”: hãy gõ số thứ tự tên trên phiếu.") % {"token": token}
            )
        number, suffix = int(match.group(1)), match.group(2)
        if not 1 <= number <= names:
            raise KeyedBallotError(
                _("Số %(number)s không có trên phiếu (phiếu có %(names)s tên).")
                % {"number": number, "names": names}
            )
        if number in parsed.numbers:
            raise KeyedBallotError(_("Số %(number)s được gõ hai lần.") % {"number": number})
        if style == STRIKE and suffix:
            raise KeyedBallotError(
                _("Phiếu gạch tên: chỉ gõ số, không gõ “%(token)s”.")
                % {"token": f"{number}{suffix}"}
            )
        if suffix not in MARK_SUFFIXES:
            raise KeyedBallotError(
                _(
                    "“%(token)s”: sau số chỉ dùng k (không đồng ý), c (cả hai ô), "
                    "o (không đánh dấu)."
                )
                % {"token": f"{number}{suffix}"}
            )
        parsed.numbers[number] = MARK_SUFFIXES[suffix]
    return parsed


def parse_keyed_line(line: str, *, names: int, style: str) -> KeyedBallot:
    """Turn a keyed line into a ballot, or raise KeyedBallotError naming what is wrong."""
    parsed = _parse(line, names, style)
    defects = tuple(sorted(parsed.defects))
    if style == AGREE_DISAGREE:
        return KeyedBallot(marks=tuple(sorted(parsed.numbers.items())), defects=defects)
    if parsed.strike_all and parsed.numbers:
        raise KeyedBallotError(_("“*” đã gạch hết tên: không gõ thêm số."))
    if parsed.strike_all:
        struck = range(1, names + 1)
    elif parsed.keep_mode:
        struck = (n for n in range(1, names + 1) if n not in parsed.numbers)
    else:
        struck = parsed.numbers.keys()
    return KeyedBallot(struck=tuple(sorted(struck)), defects=defects)


def describe(ballot: KeyedBallot, *, names: int, style: str) -> str:
    """A short reading of a keyed ballot, for the journal (a document: built in Vietnamese)
    and the conflict view (in the user's language)."""
    parts = []
    if style == STRIKE:
        if ballot.struck:
            struck = ", ".join(str(n) for n in ballot.struck)
            parts.append(_("gạch %(numbers)s") % {"numbers": struck})
        else:
            parts.append(_("không gạch tên nào"))
    else:
        labels = {"disagree": _("không đồng ý"), "both": _("cả hai ô"), "none": _("không đánh dấu")}
        if ballot.marks:
            parts.append("; ".join(f"{n}: {labels[m]}" for n, m in ballot.marks))
        else:
            parts.append(_("đồng ý tất cả"))
    defect_labels = {v: k for k, v in DEFECT_KEYS.items()}
    if ballot.defects:
        keys = "".join(defect_labels[d] for d in ballot.defects)
        parts.append(_("lỗi %(keys)s") % {"keys": keys})
    return "; ".join(parts)


@dataclass(frozen=True)
class SeqState:
    """Where one paper ballot stands: which typists have keyed the current revision, and
    whether they agree."""

    seq: int
    revision: int
    keyed_by: frozenset[int]
    agreed: KeyedBallot | None
    conflict: bool


def seq_state(
    seq: int, revision: int, entries: dict[int, KeyedBallot], typists: frozenset[int]
) -> SeqState:
    """`entries` maps typist id → their entry at `revision`. A ballot is agreed when every
    typist of the round keyed it and all entries are equal; it is a conflict as soon as two
    entries differ (the head sees it at once, before the last typist has keyed it)."""
    keyed = frozenset(entries) & typists
    complete = keyed == typists
    distinct = {entries[t] for t in keyed}
    agreed = next(iter(distinct)) if complete and len(distinct) == 1 else None
    return SeqState(seq, revision, keyed, agreed, len(distinct) > 1)


def person_name_key(full_name: str) -> tuple[object, ...]:
    """What makes two written names the same name: the letters and tones of the given name,
    the family name and the middle names (counting.names), so case, spacing, NFC/NFD and the
    old or new tone placement ("Hoà"/"Hòa") do not matter, but "An" and "Ân" differ."""
    from daihoi.counting.names import name_key

    return tuple(name_key(full_name)[:3])


def same_name(a: str, b: str) -> bool:
    return person_name_key(a) == person_name_key(b)
