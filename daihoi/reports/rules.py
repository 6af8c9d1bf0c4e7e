"""Pure helpers of the summary report (no ORM): the issuing committee's name, the place on
the date line, the nouns of the levels, and exact statistics of secretaries' vote shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from daihoi.counting.shares import percent

# Levels as stored in organizations.models.Level (kept as plain ints: this module is pure).
CENTRAL, PROVINCIAL, UPPER_BASE, BASE, SUB_BASE, CELL = range(6)

#: How a report names the organizations of a level in a sentence ("100% tổ chức cơ sở đảng").
LEVEL_NOUNS = {
    PROVINCIAL: "đảng bộ tỉnh, thành phố trực thuộc Trung ương",
    UPPER_BASE: "đảng bộ cấp trên trực tiếp cơ sở",
    BASE: "tổ chức cơ sở đảng",
    SUB_BASE: "đảng bộ bộ phận",
    CELL: "chi bộ trực thuộc đảng ủy cơ sở",
}
#: Short nouns for counts ("45/46 chi, đảng bộ cơ sở").
LEVEL_SHORT_NOUNS = {
    PROVINCIAL: "đảng bộ",
    UPPER_BASE: "đảng bộ",
    BASE: "chi, đảng bộ cơ sở",
    SUB_BASE: "đảng bộ bộ phận",
    CELL: "chi bộ",
}
#: Stable JSON names of the levels.
LEVEL_KEYS = {
    CENTRAL: "central",
    PROVINCIAL: "provincial",
    UPPER_BASE: "upper_base",
    BASE: "base",
    SUB_BASE: "sub_base",
    CELL: "cell",
}

# "Đảng bộ thành phố Uông Bí" → "Thành ủy Uông Bí" (symbol TU on its documents), …
# The first matching prefix wins, so the generic "Đảng bộ " comes last.
_COMMITTEES = [
    ("Đảng bộ tỉnh ", "Tỉnh ủy ", "TU"),
    ("Đảng bộ thành phố ", "Thành ủy ", "TU"),
    ("Đảng bộ thị xã ", "Thị ủy ", "TU"),
    ("Đảng bộ quận ", "Quận ủy ", "QU"),
    ("Đảng bộ huyện ", "Huyện ủy ", "HU"),
    ("Đảng bộ ", "Đảng ủy ", "ĐU"),
    ("Chi bộ ", "Chi bộ ", "CB"),
]
# Names of places: what follows these words in a territorial organization's name.
_PLACE_WORDS = [
    "tỉnh ",
    "thành phố ",
    "thị xã ",
    "quận ",
    "huyện ",
    "xã ",
    "phường ",
    "thị trấn ",
    "đặc khu ",
]


def committee_name(name: str, level: int) -> str:
    """The committee that issues the organization's documents:
    "Đảng bộ thành phố Uông Bí" → "Thành ủy Uông Bí", "Đảng bộ xã An Bình" → "Đảng ủy xã
    An Bình", "Chi bộ Trường Tiểu học An Lạc" → "Chi bộ Trường Tiểu học An Lạc"."""
    if level == CENTRAL:
        return "Ban Chấp hành Trung ương"
    for prefix, committee, _symbol in _COMMITTEES:
        if name.startswith(prefix):
            return committee + name[len(prefix) :]
    return name


def document_symbol(name: str, level: int) -> str:
    """The issuing committee's symbol after "-BC/": TU, HU, QU, ĐU, CB (TW for the Centre)."""
    if level == CENTRAL:
        return "TW"
    for prefix, _committee, symbol in _COMMITTEES:
        if name.startswith(prefix):
            return symbol
    return "ĐU"


def place_of(names: Iterable[str]) -> str:
    """The place on the date line: the locality in the first name (the organization's own,
    then its ancestors' from the nearest up) that names one: "Đảng bộ thành phố Uông Bí" →
    "Uông Bí". "" when none does."""
    for name in names:
        lowered = name.lower()
        for word in _PLACE_WORDS:
            for head in ("đảng bộ ", "chi bộ "):
                if lowered.startswith(head + word) and name[len(head + word) :].strip():
                    return name[len(head + word) :].strip()
    return ""


# --- Secretaries' vote shares ---------------------------------------------------------------


@dataclass(frozen=True)
class ShareStats:
    """Exact statistics over secretaries' shares (votes / base), each pair with its count."""

    count: int
    minimum: Fraction | None
    maximum: Fraction | None
    at_min: int
    at_max: int
    at_100: int
    at_least_98: int

    @property
    def below_98(self) -> int:
        return self.count - self.at_least_98


NINETY_EIGHT = Fraction(98, 100)


def share_stats(pairs: Iterable[tuple[int, int, int]]) -> ShareStats:
    """`pairs`: (votes, base, how many secretaries had exactly these figures), base > 0."""
    shares: dict[Fraction, int] = {}
    for votes, base, n in pairs:
        share = Fraction(votes, base)
        shares[share] = shares.get(share, 0) + n
    if not shares:
        return ShareStats(0, None, None, 0, 0, 0, 0)
    low, high = min(shares), max(shares)
    return ShareStats(
        count=sum(shares.values()),
        minimum=low,
        maximum=high,
        at_min=shares[low],
        at_max=shares[high],
        at_100=sum(n for s, n in shares.items() if s >= 1),
        at_least_98=sum(n for s, n in shares.items() if s >= NINETY_EIGHT),
    )


def share_percent(share: Fraction | None) -> str | None:
    """A share as the package's percentage string ("82.00"), half-up; None stays None."""
    if share is None:
        return None
    return percent(share.numerator, share.denominator)
