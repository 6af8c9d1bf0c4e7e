"""Reads of the campaign dashboard: progress of the congresses under an organization X for a
term, as of a day.

Definitions (docs/decisions/0008-campaign-dashboards.md):
- under X: X's subtree, X included (organizations.queries.subtree); the congress levels are
  PROVINCIAL..CELL (the Centre's own congress is the national one, outside the campaign);
- planned: every congress of the term; held: status held, reported or approved;
- late: not held, and the day is after the deadline of its level in the term's directive;
- missing: a unit of a congress level with no congress for the term (units − planned).

How it stays fast at national scale (330,000 congresses). Every query is a range of the
denormalized `org_path` (path >= P AND path < P || '~') inside an index whose leading
columns are the keys being counted, and the counting is done by the database:
- the tables of counts (by level, by child, kinds, pilots, direct elections, the share
  histogram) are ONE query each of the form
      WITH k(...) AS (VALUES <keys>) SELECT k.*, (SELECT count(*) FROM … WHERE <key columns> =
      k.… AND org_path >= lo AND org_path < hi) FROM k
  i.e. one index seek per key, then a count of index entries with nothing decoded; SQLite's
  GROUP BY would instead sort every row of the range (4× the floor for the Centre, see
  docs/scaling.md). The keys are the small domains of the columns (5 levels × 5 statuses ×
  2 kinds × 2 × 2) and the children of X;
- the progress over time is a GROUP BY held_on, org_level that follows its index's order;
- the lists (late, missing, pilots, units of a level) read one page in path order, and their
  totals come from the counts above, not from a COUNT of their own;
- the top organization (the Centre) reads its counts by child, level and status, the kinds,
  pilots and direct elections, the series and the histogram from the tallies per branch
  that triggers keep (congresses/tallies.py, decision 0012): a few thousand rows instead of
  three passes over every congress of the term.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet

from daihoi.congresses import tallies
from daihoi.congresses.models import (
    Congress,
    CongressKind,
    CongressResult,
    CongressStatus,
    Directive,
    DirectiveDeadline,
)
from daihoi.counting.shares import percent
from daihoi.organizations.models import SUBTREE_END, Level, Organization

HELD = (CongressStatus.HELD, CongressStatus.REPORTED, CongressStatus.APPROVED)
NOT_HELD = (CongressStatus.PLANNED, CongressStatus.PREPARING)
CONGRESS_LEVELS = (Level.PROVINCIAL, Level.UPPER_BASE, Level.BASE, Level.SUB_BASE, Level.CELL)
STATUSES = tuple(s.value for s in CongressStatus)
KINDS = tuple(k.value for k in CongressKind)
PAGE_SIZE = 10  # the lists beside each other on the dashboard
UNITS_PAGE_SIZE = 25  # the table of the units of one level
SHARE_VALUES = range(0, 101)  # Congress.secretary_percent: whole percents


# --- The term, its directive and deadlines -------------------------------------------------


def terms() -> list[str]:
    """Terms with a directive, newest first."""
    return list(Directive.objects.order_by("-term").values_list("term", flat=True).distinct())


def default_term() -> str:
    return next(iter(terms()), "2025-2030")


def directive_of(term: str) -> Directive | None:
    """The term's directive (the latest issued, should there be two): its deadlines decide
    lateness, as on the plan pages (congresses.queries.late_condition)."""
    return Directive.objects.filter(term=term).order_by("-issued_on").first()


def deadlines_of(directive: Directive | None) -> dict[int, dt.date]:
    if directive is None:
        return {}
    return dict(
        DirectiveDeadline.objects.filter(directive=directive).values_list("level", "deadline")
    )


@dataclass(frozen=True)
class Scope:
    """What a dashboard shows: the congresses under `org` for `term`, as of `day`."""

    org: Organization
    term: str
    day: dt.date
    deadlines: dict[int, dt.date] = field(default_factory=dict)

    @classmethod
    def of(cls, org: Organization, term: str, day: dt.date) -> Scope:
        return cls(org, term, day, deadlines_of(directive_of(term)))

    @property
    def levels(self) -> tuple[int, ...]:
        """The congress levels at and below X."""
        return tuple(level for level in CONGRESS_LEVELS if level >= self.org.level)

    @property
    def late_levels(self) -> tuple[int, ...]:
        return tuple(
            level
            for level in self.levels
            if level in self.deadlines and self.day > self.deadlines[level]
        )

    @property
    def lo(self) -> str:
        return self.org.path

    @property
    def hi(self) -> str:
        return self.org.path + SUBTREE_END


# --- Counting per key by index seeks -------------------------------------------------------


def _literal(value: object) -> str:
    """SQL for a key drawn from the code's own enums (levels, statuses, kinds, flags)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.date):
        # PostgreSQL types an untyped literal in VALUES as text; SQLite stores dates as text.
        prefix = "DATE " if connection.vendor == "postgresql" else ""
        return f"{prefix}'{value.isoformat()}'"
    if isinstance(value, int):
        return str(int(value))
    text = str(value)
    if not text.replace("_", "").isalnum():
        raise ValueError(f"not a key: {value!r}")
    return f"'{text}'"


def _values(names: Sequence[str], keys: Iterable[Sequence[object]]) -> str:
    rows = ", ".join("(" + ", ".join(_literal(v) for v in key) + ")" for key in keys)
    return f"k({', '.join(names)}) AS (VALUES {rows})"


def _fetch(sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


CONGRESS = Congress._meta.db_table
ORGANIZATION = Organization._meta.db_table


def _children_counts(
    scope: Scope,
    key_names: Sequence[str],
    keys: list[tuple[object, ...]],
    table: str,
    conditions: str,
    path: str,
    extra: Sequence[object],
) -> dict[tuple[int, tuple[object, ...]], int]:
    """{(child id, key): count} for every child of X and key: one statement, one index
    seek per (child, key) on `table` over the child's path range."""
    if not keys:
        return {}
    width = len(key_names)
    sql = (
        f"WITH {_values(key_names, keys)} "
        f"SELECT ch.id, {', '.join('k.' + n for n in key_names)}, "
        f"(SELECT count(*) FROM {table} t WHERE {conditions} "
        f"AND t.{path} >= ch.path AND t.{path} < ch.path || '{SUBTREE_END}') "
        f"FROM {ORGANIZATION} ch CROSS JOIN k WHERE ch.parent_id = %s"
    )
    rows = _fetch(sql, [*extra, scope.org.pk])
    return {(row[0], tuple(row[1 : 1 + width])): row[1 + width] for row in rows if row[-1]}


def _range_counts(
    scope: Scope,
    key_names: Sequence[str],
    keys: list[tuple[object, ...]],
    conditions: str,
    extra: Sequence[object],
) -> dict[tuple[object, ...], int]:
    """{key: count} over X's whole range of congresses: one index seek per key."""
    if not keys:
        return {}
    width = len(key_names)
    sql = (
        f"WITH {_values(key_names, keys)} "
        f"SELECT {', '.join('k.' + n for n in key_names)}, "
        f"(SELECT count(*) FROM {CONGRESS} t WHERE {conditions} "
        f"AND t.org_path >= %s AND t.org_path < %s) FROM k"
    )
    rows = _fetch(sql, [*extra, scope.lo, scope.hi])
    return {tuple(row[:width]): row[width] for row in rows if row[width]}


# --- The top organization: counts from the tallies per branch --------------------------------


def use_tallies(scope: Scope) -> bool:
    """The tallies are per child of a top organization: only its dashboard can read them."""
    return scope.org.parent_id is None


def _tally_rows(scope: Scope, facet: tallies.Facet) -> list[tuple[Any, ...]]:
    """(branch, *keys, n) of the facet's non-empty rows under X, the top organization."""
    sql = (
        f"SELECT branch, {', '.join(facet.keys)}, n FROM {facet.table} "
        "WHERE term = %s AND branch >= %s AND branch < %s AND n <> 0"
    )
    return _fetch(sql, [scope.term, scope.lo, scope.hi])


def _tallied_children_counts(
    scope: Scope, children: list[Organization]
) -> dict[tuple[int, tuple[object, ...]], int]:
    """As `_children_counts` by level and status: {(child id, (level, status)): congresses}.
    X's own congress (branch = X's path) belongs to no child."""
    child_of = {child.path: child.pk for child in children}
    levels = set(scope.levels)
    out: dict[tuple[int, tuple[object, ...]], int] = {}
    for branch, level, status, _kind, _pilot, _direct, n in _tally_rows(scope, tallies.STATUS):
        if branch in child_of and level in levels:
            key = (child_of[branch], (level, status))
            out[key] = out.get(key, 0) + n
    return out


def _tallied_flag_counts(scope: Scope) -> dict[tuple[str, int, str], int]:
    """As `_flag_counts`: {(flag, level, status): congresses} on the minority side."""
    levels = set(scope.levels)
    out: dict[tuple[str, int, str], int] = {}
    for _branch, level, status, kind, pilot, direct, n in _tally_rows(scope, tallies.STATUS):
        if level not in levels:
            continue
        sides = (("delegates", kind == "delegates"), ("pilots", pilot), ("not_direct", not direct))
        for flag, on in sides:
            if on:
                out[(flag, level, status)] = out.get((flag, level, status), 0) + n
    return out


def _tallied_held_and_shares(scope: Scope) -> tuple[DayLevelCounts, PercentCounts]:
    """As `grouped_held_and_shares`, from the day and share tallies."""
    levels = set(scope.levels)
    by_day: DayLevelCounts = {}
    for _branch, day, level, n in _tally_rows(scope, tallies.DAY):
        if level in levels:
            day = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
            by_day[(day, level)] = by_day.get((day, level), 0) + n
    by_percent: PercentCounts = {}
    for _branch, whole_percent, n in _tally_rows(scope, tallies.SHARE):
        by_percent[whole_percent] = by_percent.get(whole_percent, 0) + n
    return by_day, by_percent


# --- Progress by level and by child --------------------------------------------------------


@dataclass
class Tally:
    """The counts of one row of the progress tables (a level, a child, or the total)."""

    units: int = 0
    planned: int = 0
    held: int = 0
    late: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    @property
    def missing(self) -> int:
        return max(0, self.units - self.planned)

    @property
    def not_held(self) -> int:
        return self.planned - self.held

    @property
    def held_percent(self) -> str:
        return percent(self.held, self.planned)

    def add_congresses(self, status: str, count: int, late_level: bool) -> None:
        self.planned += count
        self.by_status[status] += count
        if status in HELD:
            self.held += count
        elif late_level:
            self.late += count

    def add(self, other: Tally) -> None:
        self.units += other.units
        self.planned += other.planned
        self.held += other.held
        self.late += other.late
        for status, count in other.by_status.items():
            self.by_status[status] += count


@dataclass
class ChildRow:
    org: Organization
    tally: Tally


@dataclass
class Progress:
    by_level: dict[int, Tally]
    children: list[ChildRow]
    own: Congress | None  # X's own congress of the term

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.by_level.values():
            total.add(tally)
        return total


def children_of(org: Organization) -> list[Organization]:
    return list(Organization.objects.filter(parent=org).order_by("level", "name", "id"))


def own_congress(scope: Scope) -> Congress | None:
    return Congress.objects.filter(organization=scope.org, term=scope.term).first()


UnitCounts = dict[tuple[int, tuple[object, ...]], int]  # (child id, (level,)) → units


def unit_counts(scope: Scope) -> UnitCounts:
    """Units per child of X and level: one seek per (child, level) on (level, path)."""
    levels = [lv for lv in scope.levels if lv > scope.org.level]
    return _children_counts(
        scope, ["l"], [(lv,) for lv in levels], ORGANIZATION, "t.level = k.l", "path", []
    )


def group_in_one_pass() -> bool:
    """Whether the series and the histogram come from one GROUP BY (PostgreSQL: hashed, one
    pass) or from seeks per day and per percent (SQLite, whose GROUP BY sorts every row)."""
    return connection.vendor == "postgresql"


def progress(scope: Scope, tallied: bool | None = None) -> Progress:
    """Units, congresses, held, late and missing by level under X and for each child of X:
    the children, units per child and level, congresses per child, level and status (from
    the tallies for the top organization, `use_tallies`), and X's own congress (four
    statements)."""
    children = children_of(scope.org)
    levels = [lv for lv in scope.levels if lv > scope.org.level]
    late_levels = set(scope.late_levels)
    units = unit_counts(scope)
    if use_tallies(scope) if tallied is None else tallied:
        congresses = _tallied_children_counts(scope, children)
    else:
        congresses = _children_counts(
            scope,
            ["l", "s"],
            list(itertools.product(levels, STATUSES)),
            CONGRESS,
            "t.term = %s AND t.org_level = k.l AND t.status = k.s",
            "org_path",
            [scope.term],
        )
    by_child = {child.pk: Tally() for child in children}
    by_level = {level: Tally() for level in scope.levels}
    for (child_id, (level,)), count in units.items():
        by_child[child_id].units += count
        by_level[level].units += count
    for (child_id, (level, status)), count in congresses.items():
        by_child[child_id].add_congresses(status, count, level in late_levels)
        by_level[level].add_congresses(status, count, level in late_levels)
    own = own_congress(scope)
    if scope.org.level in by_level:
        by_level[scope.org.level].units += 1
        if own is not None:
            by_level[own.org_level].add_congresses(own.status, 1, own.org_level in late_levels)
    return Progress(by_level, [ChildRow(c, by_child[c.pk]) for c in children], own)


# --- Kinds, pilots, direct elections by level ----------------------------------------------


@dataclass
class LevelFlags:
    """Per level: kinds of congress, pilots and direct elections of the secretary, each
    among all congresses and among the held ones."""

    planned: int = 0
    held: int = 0
    delegates: int = 0
    general: int = 0
    delegates_held: int = 0
    general_held: int = 0
    pilots: int = 0
    pilots_held: int = 0
    direct: int = 0
    direct_held: int = 0

    @property
    def delegates_percent(self) -> str:
        return percent(self.delegates, self.planned)

    @property
    def direct_held_percent(self) -> str:
        return percent(self.direct_held, self.held)


# The minority side of each flag, counted on its partial index (models: congress_*_idx);
# the other side is the level's total minus it. Each condition is written exactly as the
# index's WHERE so that both engines recognize the index.
FLAG_CONDITIONS = {
    "delegates": "t.kind = 'delegates'",
    "pilots": "t.is_pilot",
    "not_direct": "NOT t.direct_secretary",
}


def _flag_counts(scope: Scope) -> dict[tuple[str, int, str], int]:
    """{(flag, level, status): congresses} under X: one statement, one seek per flag,
    level and status on the flag's partial index."""
    arms = []
    for flag, condition in FLAG_CONDITIONS.items():
        arms.append(
            f"SELECT '{flag}', k.l, k.s, (SELECT count(*) FROM {CONGRESS} t WHERE {condition} "
            "AND t.term = %s AND t.org_level = k.l AND t.status = k.s "
            "AND t.org_path >= %s AND t.org_path < %s) FROM k"
        )
    keys = list(itertools.product(scope.levels, STATUSES))
    sql = f"WITH {_values(['l', 's'], keys)} " + " UNION ALL ".join(arms)
    rows = _fetch(sql, [scope.term, scope.lo, scope.hi] * len(arms))
    return {(flag, level, status): n for flag, level, status, n in rows if n}


def flags_by_level(
    scope: Scope, prog: Progress, tallied: bool | None = None
) -> dict[int, LevelFlags]:
    """Kinds, pilots and direct elections by level under X: the minority side of each flag
    from its partial index (or the tallies), the rest from the progress's counts by level
    and status."""
    tallied = use_tallies(scope) if tallied is None else tallied
    counts = _tallied_flag_counts(scope) if tallied else _flag_counts(scope)
    out = {}
    for level in scope.levels:
        tally = prog.by_level[level]

        def side(flag: str, statuses: Iterable[str], level: int = level) -> int:
            return sum(counts.get((flag, level, status), 0) for status in statuses)

        row = LevelFlags(planned=tally.planned, held=tally.held)
        row.delegates, row.delegates_held = side("delegates", STATUSES), side("delegates", HELD)
        row.general, row.general_held = row.planned - row.delegates, row.held - row.delegates_held
        row.pilots, row.pilots_held = side("pilots", STATUSES), side("pilots", HELD)
        row.direct = row.planned - side("not_direct", STATUSES)
        row.direct_held = row.held - side("not_direct", HELD)
        out[level] = row
    return out


# --- Secretaries' vote shares ----------------------------------------------------------------


@dataclass
class ShareHistogram:
    """Secretaries elected directly at the congress, by the whole percent of their votes."""

    counts: dict[int, int]  # whole percent → congresses
    lowest: Fraction | None  # exact lowest and highest shares (votes / base)
    highest: Fraction | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def bins(self) -> list[tuple[int, int]]:
        """(percent, count) from the lowest percent present to 100, gaps included."""
        if not self.counts:
            return []
        return [(p, self.counts.get(p, 0)) for p in range(min(self.counts), 101)]


def _exact_share(scope: Scope, whole_percent: int, lowest: bool) -> Fraction:
    """The exact lowest (or highest) share among the congresses of one whole percent."""
    rows = CongressResult.objects.filter(
        congress__term=scope.term,
        congress__secretary_percent=whole_percent,
        congress__org_path__gte=scope.lo,
        congress__org_path__lt=scope.hi,
    ).values_list("secretary_votes", "secretary_base")
    shares = [Fraction(votes, base) for votes, base in rows if base]
    return min(shares) if lowest else max(shares)


PercentCounts = dict[int, int]  # whole percent → congresses
DayLevelCounts = dict[tuple[dt.date, int], int]  # (held_on, level) → congresses


def _percent_counts(scope: Scope) -> PercentCounts:
    """One statement: a seek per whole percent (0–100) over X's range."""
    counts = _range_counts(
        scope,
        ["v"],
        [(v,) for v in SHARE_VALUES],
        "t.term = %s AND t.secretary_percent = k.v",
        [scope.term],
    )
    return {key[0]: n for key, n in counts.items()}


def share_histogram(scope: Scope, counts: PercentCounts | None = None) -> ShareHistogram:
    """The histogram (from its own statement, or from `counts`) and the exact extremes."""
    counts = _percent_counts(scope) if counts is None else counts
    if not counts:
        return ShareHistogram({}, None, None)
    top = max(counts)
    highest = Fraction(1) if top == 100 else _exact_share(scope, top, lowest=False)
    return ShareHistogram(counts, _exact_share(scope, min(counts), lowest=True), highest)


# --- Progress over time ----------------------------------------------------------------------


@dataclass
class Series:
    """Cumulative congresses held by date (from held_on), per level and in all."""

    days: list[dt.date]
    by_level: dict[int, list[int]]
    total: list[int]


MAX_SERIES_DAYS = 1000


def _held_on_bounds(term: str) -> tuple[dt.date, dt.date] | None:
    """The first and last held_on of the whole term (two seeks on congress_held_on_idx)."""
    rows = Congress.objects.filter(term=term, held_on__isnull=False).values_list(
        "held_on", flat=True
    )
    first = rows.order_by("held_on").first()
    last = rows.order_by("-held_on").first()
    return (first, last) if first and last else None


def _day_level_counts(scope: Scope) -> DayLevelCounts:
    """One statement: a seek per (day, level) over X's range, the days running from the
    term's first held_on to its last (a longer span than MAX_SERIES_DAYS is grouped)."""
    bounds = _held_on_bounds(scope.term)
    if bounds is None:
        return {}
    span = (bounds[1] - bounds[0]).days
    if span > MAX_SERIES_DAYS:
        return grouped_held_and_shares(scope)[0]
    days = [bounds[0] + dt.timedelta(days=i) for i in range(span + 1)]
    counts = _range_counts(
        scope,
        ["d", "l"],
        list(itertools.product(days, scope.levels)),
        "t.term = %s AND t.held_on = k.d AND t.org_level = k.l",
        [scope.term],
    )
    return {
        (day if isinstance(day, dt.date) else dt.date.fromisoformat(day), level): n
        for (day, level), n in counts.items()
    }


def grouped_held_and_shares(scope: Scope) -> tuple[DayLevelCounts, PercentCounts]:
    """The series and the histogram from ONE pass: GROUP BY held_on, org_level,
    secretary_percent over X's range (see `group_in_one_pass`)."""
    rows = (
        congresses_under(scope)
        .values_list("held_on", "org_level", "secretary_percent")
        .annotate(n=Count("*"))
        .order_by()
    )
    by_day: DayLevelCounts = {}
    by_percent: PercentCounts = {}
    for day, level, whole_percent, n in rows:
        if day is not None:
            by_day[(day, level)] = by_day.get((day, level), 0) + n
        if whole_percent is not None:
            by_percent[whole_percent] = by_percent.get(whole_percent, 0) + n
    return by_day, by_percent


def held_over_time(scope: Scope, counts: DayLevelCounts | None = None) -> Series:
    """Cumulative congresses held per level and in all, by day of held_on."""
    counts = _day_level_counts(scope) if counts is None else counts
    per_day: dict[dt.date, dict[int, int]] = {}
    for (day, level), n in counts.items():
        per_day.setdefault(day, {})[level] = n
    days = sorted(per_day)
    running = dict.fromkeys(scope.levels, 0)
    by_level: dict[int, list[int]] = {level: [] for level in scope.levels}
    total: list[int] = []
    for day in days:
        for level, n in per_day[day].items():
            running[level] += n
        for level in scope.levels:
            by_level[level].append(running[level])
        total.append(sum(running.values()))
    return Series(days, by_level, total)


# --- Lists: late, missing, pilots, units of one level ---------------------------------------


class KnownCountPaginator(Paginator):
    """A paginator whose total is already known (from the counts): no COUNT query."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def _page(rows: Any, count: int, number: object, size: int | None = None) -> Page:
    """One page, read now. On PostgreSQL without parallel workers: for 25 rows in index
    order, starting workers costs more than the whole read (measured: 60 → 20 ms for the
    Centre's first page of units without a plan)."""
    page = KnownCountPaginator(rows, size or PAGE_SIZE, count).get_page(number)
    if connection.vendor != "postgresql":
        page.object_list = list(page.object_list)
        return page
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        page.object_list = list(page.object_list)
    return page


def congresses_under(scope: Scope) -> QuerySet[Congress]:
    return Congress.objects.filter(term=scope.term, org_path__gte=scope.lo, org_path__lt=scope.hi)


def late_congresses(scope: Scope) -> QuerySet[Congress]:
    """Not held, at a level whose deadline has passed; in hierarchy order."""
    return (
        congresses_under(scope)
        .filter(status__in=NOT_HELD, org_level__in=scope.late_levels)
        .select_related("organization")
        .order_by("org_path")
    )


def missing_units(scope: Scope) -> QuerySet[Organization]:
    """Units of the congress levels under X with no congress for the term."""
    has_congress = Congress.objects.filter(organization=OuterRef("pk"), term=scope.term)
    return (
        Organization.objects.filter(path__gte=scope.lo, path__lt=scope.hi, level__in=scope.levels)
        .filter(~Exists(has_congress))
        .order_by("path")
    )


def pilot_congresses(scope: Scope) -> QuerySet[Congress]:
    return (
        congresses_under(scope)
        .filter(is_pilot=True)
        .select_related("organization")
        .order_by("org_path")
    )


def units_at_level(scope: Scope, level: int) -> QuerySet[Organization]:
    return Organization.objects.filter(path__gte=scope.lo, path__lt=scope.hi, level=level).order_by(
        "path"
    )


def late_page(scope: Scope, prog: Progress, number: object) -> Page:
    return _page(late_congresses(scope), sum(t.late for t in prog.by_level.values()), number)


def missing_page(scope: Scope, prog: Progress, number: object) -> Page:
    return _page(missing_units(scope), sum(t.missing for t in prog.by_level.values()), number)


def pilots_page(scope: Scope, flags: dict[int, LevelFlags], number: object) -> Page:
    return _page(pilot_congresses(scope), sum(f.pilots for f in flags.values()), number)


def units_page(scope: Scope, prog: Progress, level: int, number: object) -> Page:
    """One page of the units of a level, each with its congress of the term (or None) as
    `.congress`: two statements."""
    tally = prog.by_level.get(level)
    page = _page(units_at_level(scope, level), tally.units if tally else 0, number, UNITS_PAGE_SIZE)
    units = list(page.object_list)
    congresses = {
        c.organization_id: c
        for c in Congress.objects.filter(term=scope.term, organization__in=units)
    }
    for unit in units:
        unit.congress = congresses.get(unit.pk)  # type: ignore[attr-defined]
    page.object_list = units
    return page


# --- Everything for one page -----------------------------------------------------------------


@dataclass
class Dashboard:
    scope: Scope
    progress: Progress
    flags: dict[int, LevelFlags]
    shares: ShareHistogram
    series: Series


def dashboard(
    scope: Scope, *, grouped: bool | None = None, tallied: bool | None = None
) -> Dashboard:
    """The counts of every panel (the lists' pages are read by their own functions).
    `tallied`: from the tallies per branch (default `use_tallies`: the top organization);
    otherwise `grouped`: the series and the histogram from one GROUP BY rather than from
    seeks (default `group_in_one_pass()`). Every way gives the same figures."""
    tallied = use_tallies(scope) if tallied is None else tallied
    prog = progress(scope, tallied)
    by_day = by_percent = None
    if tallied:
        by_day, by_percent = _tallied_held_and_shares(scope)
    elif group_in_one_pass() if grouped is None else grouped:
        by_day, by_percent = grouped_held_and_shares(scope)
    return Dashboard(
        scope=scope,
        progress=prog,
        flags=flags_by_level(scope, prog, tallied),
        shares=share_histogram(scope, by_percent),
        series=held_over_time(scope, by_day),
    )
