"""The credentials report's composition of the delegates (cơ cấu đại biểu): the customary
breakdowns, computed from plain rows. Pure: no Django; the report (delegates.documents.
credentials_report) turns the roster into `DelegateRow`s, one per delegate holding a convened
seat.

Decisions (docs: the module is their reference):

- Everything is counted on the delegates holding a convened seat, and every breakdown sums to
  that total: a value that is missing (blank, or only punctuation such as "-") is counted as
  "Chưa có thông tin"; a value given but not recognised is counted as "Khác" and kept raw, so a
  person can see what was typed. Each line keeps the raw values it counted (`Line.raw`).
- Shares: exact, two decimals, half-up (daihoi.counting.shares.percent, the package's one
  rounding policy) of the total convened; `Line.share` is "52.50", `Line.share_vi` "52,50%".
- Age: completed years on the congress's opening date (`on`), computed from the dates (the
  35th birthday falling on the opening day makes 35). Someone born on 29 February turns a year
  older on 1 March in common years. Bands: under 35; 35 to under 45; 45 to under 55; 55 and
  over. A birth date after the opening date is an error in the data: counted as unknown and
  left out of the youngest and oldest.
- Party seniority (tuổi đảng): the roster keeps the year of joining only, so the years are
  counted by calendar year: opening year − year joined. Bands: under 10; 10 to under 20; 20 to
  under 30; 30 and over. A year after the opening year is unknown.
- Free text is compared NFC, case-folded, accents removed ("Đại học" = "dai hoc"), whole words
  only, and only on words that leave no doubt. Parts saying the person is still studying
  ("đang học thạc sĩ") do not count. The highest level named wins ("Thạc sĩ, Cử nhân Luật" is
  above university).
  - Education: "Trên đại học" (tiến sĩ, thạc sĩ, TS, ThS, TSKH, PGS, GS, sau/trên đại học,
    chuyên khoa I/II, CKI/CKII); "Đại học" (đại học, ĐH, cử nhân, kỹ sư, bác sĩ, dược sĩ,
    kiến trúc sư); "Cao đẳng" (cao đẳng, CĐ); "Trung cấp" (trung cấp, trung học chuyên
    nghiệp, THCN); anything else given ("12/12", "Cao học", "Sơ cấp") is "Khác".
  - Political theory: "Cao cấp, cử nhân" (cao cấp, cử nhân, CC, CCLLCT); "Trung cấp"
    (trung cấp, TC, TCLLCT); "Sơ cấp" (sơ cấp, SC, SCLLCT); "Chưa qua đào tạo" (the whole value
    is "không", "chưa", "chưa qua đào tạo", …); anything else given is "Khác".
  - Religion: the whole value "không" (or "không có", "không theo tôn giáo nào", "lương", …) is
    none;
    any other value is a religion (its name kept and counted per religion).
  - Ethnicity: "dân tộc" in front is dropped; "Kinh" (or "Việt", "Kinh (Việt)") is Kinh; any
    other value is an ethnic minority, counted per ethnicity (NFC, case-insensitive; shown as
    most often written).
  - Gender: "male"/"female" (the roster's codes) or "nam"/"nữ".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from daihoi.counting.shares import percent

UNKNOWN = "unknown"
UNKNOWN_LABEL = "Chưa có thông tin"
OTHER = "other"
OTHER_LABEL = "Khác"


@dataclass(frozen=True)
class DelegateRow:
    """One delegate holding a convened seat, as the report sees them."""

    full_name: str
    kind: str  # ex_officio | elected | appointed | alternate (substituting) | member
    gender: str = ""  # male | female | ""
    birth_date: dt.date | None = None
    ethnicity: str = ""
    religion: str = ""
    education: str = ""
    theory_level: str = ""
    party_joined_year: int | None = None


@dataclass(frozen=True)
class Line:
    """One line of a breakdown: `count` of `total`, and the raw values it counted."""

    key: str
    label: str
    count: int
    total: int
    raw: tuple[tuple[str, int], ...] = ()

    @property
    def share(self) -> str:
        """ "52.50": percent of the total, exact, half-up."""
        return percent(self.count, self.total)

    @property
    def share_vi(self) -> str:
        """ "52,50%": as documents print it."""
        return vi_share(self.share)


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    total: int
    lines: tuple[Line, ...]

    def line(self, key: str) -> Line:
        for line in self.lines:
            if line.key == key:
                return line
        return Line(key, key, 0, self.total)

    def count(self, key: str) -> int:
        return self.line(key).count


@dataclass(frozen=True)
class Extreme:
    """The youngest or the oldest delegate."""

    full_name: str
    birth_date: dt.date
    age: int


@dataclass(frozen=True)
class Composition:
    """The breakdowns of the delegates convened, at date `on` (the opening)."""

    on: dt.date
    total: int
    kind: Breakdown
    gender: Breakdown
    age: Breakdown
    ethnicity: Breakdown  # Kinh / ethnic minorities
    ethnicities: Breakdown  # one line per ethnicity (the minorities' detail)
    religion: Breakdown  # has / has not
    religions: Breakdown  # one line per religion, and "Không theo tôn giáo"
    education: Breakdown
    theory: Breakdown
    seniority: Breakdown
    youngest: tuple[Extreme, ...]  # several when they share the birth date
    oldest: tuple[Extreme, ...]

    @property
    def table(self) -> tuple[Breakdown, ...]:
        """The breakdowns of the report's table, in the customary order."""
        return (
            self.kind,
            self.gender,
            self.age,
            self.ethnicity,
            self.religion,
            self.education,
            self.theory,
            self.seniority,
        )


def vi_share(share: str) -> str:
    """ "52.50" → "52,50%"."""
    return share.replace(".", ",") + "%"


# --- Text ---------------------------------------------------------------------------------


def clean(value: str | None) -> str:
    """NFC, whitespace collapsed; "" for nothing or punctuation only ("-", "—", ".")."""
    text = " ".join(unicodedata.normalize("NFC", value or "").split())
    return text if any(ch.isalnum() for ch in text) else ""


def fold(text: str) -> str:
    """Lower case without accents: "Thạc sĩ Đại học" → "thac si dai hoc"."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_STUDYING = re.compile(r"\b(dang hoc|dang theo hoc|dang dao tao|nghien cuu sinh)\b")
_SEPARATORS = re.compile(r"[,;/+\n]")


def _settled(text: str) -> str:
    """The folded text without the parts that say the person is still studying."""
    parts = [fold(part) for part in _SEPARATORS.split(text)]
    return " ".join(part for part in parts if part and not _STUDYING.search(part))


def _words(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b")


EDUCATION: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "postgraduate",
        "Trên đại học",
        _words(
            "tien si",
            "tien sy",
            "thac si",
            "thac sy",
            "tren dai hoc",
            "sau dai hoc",
            "chuyen khoa i",
            "chuyen khoa ii",
            "chuyen khoa cap i",
            "chuyen khoa cap ii",
            "ts",
            "ths",
            "tskh",
            "pgs",
            "gs",
            "cki",
            "ckii",
        ),
    ),
    (
        "university",
        "Đại học",
        _words(
            "dai hoc",
            "dh",
            "cu nhan",
            "ky su",
            "ki su",
            "bac si",
            "bac sy",
            "duoc si",
            "duoc sy",
            "kien truc su",
        ),
    ),
    ("college", "Cao đẳng", _words("cao dang", "cd")),
    ("vocational", "Trung cấp", _words("trung cap", "trung hoc chuyen nghiep", "thcn")),
)

THEORY: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("high", "Cao cấp, cử nhân", _words("cao cap", "cu nhan", "cc", "ccllct", "cclct", "ccct")),
    ("middle", "Trung cấp", _words("trung cap", "tc", "tcllct", "tclct", "tcct")),
    ("elementary", "Sơ cấp", _words("so cap", "sc", "scllct", "sclct", "scct")),
)
THEORY_NONE = ("none", "Chưa qua đào tạo")
_THEORY_NONE = re.compile(
    r"^(khong|khong co|chua|chua co|chua hoc|chua qua dao tao|chua dao tao|chua qua dao tao ly"
    r" luan chinh tri)$"
)
_NO_RELIGION = re.compile(
    r"^khong( co)?( theo)?( ton giao| dao)?( nao)?$|^khong theo ton giao nao$|^luong$"
)
_KINH = {"kinh", "viet", "kinh viet", "viet kinh"}


def education_level(value: str) -> str:
    """The customary education category of a free-text value (see the module's notes)."""
    text = clean(value)
    if not text:
        return UNKNOWN
    settled = _settled(text)
    for key, _label, pattern in EDUCATION:
        if pattern.search(settled):
            return key
    return OTHER


def theory_level(value: str) -> str:
    """The political theory category of a free-text value."""
    text = clean(value)
    if not text:
        return UNKNOWN
    folded = fold(text)
    if _THEORY_NONE.match(folded):
        return THEORY_NONE[0]
    settled = _settled(text)
    for key, _label, pattern in THEORY:
        if pattern.search(settled):
            return key
    return OTHER


def religion_kind(value: str) -> str:
    """ "yes", "no" or unknown."""
    text = clean(value)
    if not text:
        return UNKNOWN
    return "no" if _NO_RELIGION.match(fold(text)) else "yes"


def ethnicity_name(value: str) -> str:
    """The ethnicity without "dân tộc" in front, as written ("" when not given)."""
    text = clean(value)
    if fold(text).startswith("dan toc "):
        text = text.split(" ", 2)[2]
    return text


def is_kinh(name: str) -> bool:
    return fold(name) in _KINH


def gender_kind(value: str) -> str:
    folded = fold(clean(value))
    if folded in ("male", "nam"):
        return "male"
    if folded in ("female", "nu"):
        return "female"
    return UNKNOWN


# --- Dates --------------------------------------------------------------------------------


def age_on(birth: dt.date, on: dt.date) -> int:
    """Completed years on `on` (negative when born after it)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("under_35", "Dưới 35 tuổi", 0, 35),
    ("35_45", "Từ 35 đến dưới 45 tuổi", 35, 45),
    ("45_55", "Từ 45 đến dưới 55 tuổi", 45, 55),
    ("55_up", "Từ 55 tuổi trở lên", 55, None),
)

SENIORITY_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("under_10", "Dưới 10 năm", 0, 10),
    ("10_20", "Từ 10 đến dưới 20 năm", 10, 20),
    ("20_30", "Từ 20 đến dưới 30 năm", 20, 30),
    ("30_up", "Từ 30 năm trở lên", 30, None),
)


def _band(value: int | None, bands: Sequence[tuple[str, str, int, int | None]]) -> str:
    if value is None or value < 0:
        return UNKNOWN
    for key, _label, low, high in bands:
        if value >= low and (high is None or value < high):
            return key
    return UNKNOWN  # pragma: no cover - the bands cover every non-negative value


def age_band(birth: dt.date | None, on: dt.date) -> str:
    return _band(age_on(birth, on) if birth else None, AGE_BANDS)


def seniority_years(joined_year: int | None, on: dt.date) -> int | None:
    """Years in the Party by calendar year (the roster keeps the year only)."""
    if joined_year is None or joined_year <= 0:
        return None
    return on.year - joined_year


def seniority_band(joined_year: int | None, on: dt.date) -> str:
    return _band(seniority_years(joined_year, on), SENIORITY_BANDS)


# --- Breakdowns -----------------------------------------------------------------------------

KINDS = (
    ("ex_officio", "Đại biểu đương nhiên"),
    ("elected", "Đại biểu được bầu"),
    ("appointed", "Đại biểu được chỉ định"),
    ("alternate", "Đại biểu dự khuyết được triệu tập thay thế"),
    ("member", "Đảng viên"),
)
GENDERS = (("male", "Nam"), ("female", "Nữ"))
ETHNIC_GROUPS = (("kinh", "Dân tộc Kinh"), ("minority", "Dân tộc thiểu số"))
RELIGION_GROUPS = (("yes", "Theo tôn giáo"), ("no", "Không theo tôn giáo"))

# Lines shown even when nobody is in them; the others (and "Khác", "Chưa có thông tin")
# appear only when someone is.
_ALWAYS_SHOWN_KINDS = {"ex_officio", "elected", "appointed", "alternate"}


def _breakdown(
    key: str,
    title: str,
    rows: Sequence[DelegateRow],
    classify: Callable[[DelegateRow], str],
    labels: Sequence[tuple[str, str]],
    raw: Callable[[DelegateRow], str] | None = None,
    always: set[str] | None = None,
) -> Breakdown:
    counts: Counter[str] = Counter()
    raws: dict[str, Counter[str]] = {}
    for row in rows:
        category = classify(row)
        counts[category] += 1
        if raw is not None:
            value = clean(raw(row))
            if value:
                raws.setdefault(category, Counter())[value] += 1
    total = len(rows)
    shown = [(k, label) for k, label in labels if always is None or k in always or counts[k]]
    known = {k for k, _label in labels}
    extra = [(OTHER, OTHER_LABEL), (UNKNOWN, UNKNOWN_LABEL)]
    shown += [(k, label) for k, label in extra if k not in known and counts[k]]
    lines = tuple(
        Line(k, label, counts[k], total, _raw_counts(raws.get(k, Counter()))) for k, label in shown
    )
    assert sum(line.count for line in lines) == total, f"{key}: the lines miss a category"
    return Breakdown(key, title, total, lines)


def _raw_counts(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], fold(item[0]), item[0])))


def _named(
    key: str, title: str, rows: Sequence[DelegateRow], name: Callable[[DelegateRow], str]
) -> Breakdown:
    """One line per name (NFC, case-insensitive; shown as most often written), the most
    frequent first, then "Chưa có thông tin" for rows without one: sums to the total."""
    spellings: dict[str, Counter[str]] = {}
    unknown = 0
    for row in rows:
        value = name(row)
        if value:
            spellings.setdefault(value.casefold(), Counter())[value] += 1
        else:
            unknown += 1
    total = len(rows)
    groups = []
    for folded, counter in spellings.items():
        raw = _raw_counts(counter)
        groups.append((sum(counter.values()), raw[0][0], folded, raw))
    groups.sort(key=lambda g: (-g[0], fold(g[1]), g[1]))
    lines = [Line(folded, shown, n, total, raw) for n, shown, folded, raw in groups]
    if unknown:
        lines.append(Line(UNKNOWN, UNKNOWN_LABEL, unknown, total))
    return Breakdown(key, title, total, tuple(lines))


def _extremes(rows: Sequence[DelegateRow], on: dt.date) -> tuple[tuple[Extreme, ...], ...]:
    dated = [r for r in rows if r.birth_date is not None and r.birth_date <= on]
    if not dated:
        return (), ()
    latest = max(r.birth_date for r in dated if r.birth_date)
    earliest = min(r.birth_date for r in dated if r.birth_date)

    def born(day: dt.date) -> tuple[Extreme, ...]:
        return tuple(
            Extreme(r.full_name, day, age_on(day, on))
            for r in sorted(dated, key=lambda r: (fold(r.full_name), r.full_name))
            if r.birth_date == day
        )

    return born(latest), born(earliest)


def composition(rows: Iterable[DelegateRow], on: dt.date) -> Composition:
    """Every breakdown of `rows` at date `on` (the congress's opening)."""
    rows = list(rows)
    youngest, oldest = _extremes(rows, on)
    kinds = dict(KINDS)
    return Composition(
        on=on,
        total=len(rows),
        kind=_breakdown(
            "kind",
            "Loại đại biểu",
            rows,
            lambda r: r.kind if r.kind in kinds else UNKNOWN,
            KINDS,
            always=_ALWAYS_SHOWN_KINDS,
        ),
        gender=_breakdown("gender", "Giới tính", rows, lambda r: gender_kind(r.gender), GENDERS),
        age=_breakdown(
            "age",
            "Độ tuổi (tính đến ngày khai mạc)",
            rows,
            lambda r: age_band(r.birth_date, on),
            [(k, label) for k, label, _low, _high in AGE_BANDS],
        ),
        ethnicity=_breakdown(
            "ethnicity",
            "Dân tộc",
            rows,
            lambda r: _ethnic_group(ethnicity_name(r.ethnicity)),
            ETHNIC_GROUPS,
            lambda r: ethnicity_name(r.ethnicity),
        ),
        ethnicities=_named(
            "ethnicities", "Từng dân tộc", rows, lambda r: ethnicity_name(r.ethnicity)
        ),
        religion=_breakdown(
            "religion",
            "Tôn giáo",
            rows,
            lambda r: religion_kind(r.religion),
            RELIGION_GROUPS,
            lambda r: r.religion,
        ),
        religions=_named("religions", "Từng tôn giáo", rows, _religion_name),
        education=_breakdown(
            "education",
            "Trình độ chuyên môn",
            rows,
            lambda r: education_level(r.education),
            [(k, label) for k, label, _pattern in EDUCATION],
            lambda r: r.education,
        ),
        theory=_breakdown(
            "theory",
            "Trình độ lý luận chính trị",
            rows,
            lambda r: theory_level(r.theory_level),
            [*((k, label) for k, label, _pattern in THEORY), THEORY_NONE],
            lambda r: r.theory_level,
        ),
        seniority=_breakdown(
            "seniority",
            "Tuổi đảng (tính theo năm vào Đảng)",
            rows,
            lambda r: seniority_band(r.party_joined_year, on),
            [(k, label) for k, label, _low, _high in SENIORITY_BANDS],
        ),
        youngest=youngest,
        oldest=oldest,
    )


def _religion_name(row: DelegateRow) -> str:
    kind = religion_kind(row.religion)
    if kind == "no":
        return RELIGION_GROUPS[1][1]
    return clean(row.religion) if kind == "yes" else ""


def _ethnic_group(name: str) -> str:
    if not name:
        return UNKNOWN
    return "kinh" if is_kinh(name) else "minority"
