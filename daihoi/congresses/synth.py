"""Synthetic congress campaigns over a generated hierarchy, for benchmarks and demos.

    synthesize("national", seed=1, term="2025-2030", acting_user=None)

builds the hierarchy of `organizations.synth.synth_rows(scale, seed)` (or reuses it when it is
already in the database) and a congress for almost every organization at levels PROVINCIAL..
CELL, in every state, as the organization department would see it on one day of the round
(`as_of`, by default 60% of the way through the top level's window: the levels below
held, but for a few late ones and a few missing, the top level under way):

- dates follow the directive's deadlines bottom-up: cells first, then sub-committees, base
  organizations, upper-base committees, provinces; pilot congresses (đại hội điểm, about one
  per upper committee) two to four weeks ahead of their level;
- the kind follows the directive's rule (a chi bộ meets as all its members; a đảng bộ cơ sở
  below `general_meeting_below` members too; larger ones and every upper level elect
  delegates); contents mostly 4, a few 3 and 2; direct election of the secretary for most
  cells and base organizations, about half the upper-base committees, few provinces;
- a congress held by `as_of` is reported a few days later and approved one to three weeks
  after that; reported and approved ones get a CongressResult with committee sizes by level,
  15–25% women, 60–70% re-elected and secretaries elected with 82–100% of the votes.

`campaign_rows` is the pure part (rows from organizations and a seed: same input, same rows);
`synthesize` writes them in bulk inside one transaction with one audit entry for the run.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from daihoi.congresses import rules
from daihoi.congresses.dashboard_rules import secretary_percent
from daihoi.congresses.models import (
    Congress,
    CongressKind,
    CongressResult,
    CongressStatus,
    Contents,
    Directive,
    ResultSource,
)
from daihoi.core.audit import append_entry
from daihoi.core.formatting import vi_int
from daihoi.core.models import User
from daihoi.organizations.actions import insert_organizations
from daihoi.organizations.models import Level, Organization, OrganizationForm
from daihoi.organizations.synth import SCALES, synth_rows

HELD = (CongressStatus.HELD, CongressStatus.REPORTED, CongressStatus.APPROVED)
MISSING_SHARE = 0.004  # organizations with no congress row at all
LATE_SHARE = {Level.PROVINCIAL: 0.0, Level.UPPER_BASE: 0.03, Level.BASE: 0.02}
LATE_SHARE_DEFAULT = 0.015
# Share of congresses that elect the secretary directly (seeds: 45 of 46 base organizations
# of a city; Hà Nội planned it for 50% of its upper-base committees).
DIRECT_SHARE = {
    Level.PROVINCIAL: 0.05,
    Level.UPPER_BASE: 0.5,
    Level.BASE: 0.9,
    Level.SUB_BASE: 0.7,
    Level.CELL: 0.95,
}


@dataclass(frozen=True)
class OrgInfo:
    """What the generator needs of an organization."""

    id: int
    path: str
    level: int
    form: str
    parent_id: int | None
    official_members: int  # of its whole subtree


@dataclass(frozen=True)
class Window:
    """When the congresses of one level are held under a directive."""

    start: dt.date
    end: dt.date
    deadline: dt.date


@dataclass
class CongressRow:
    id: int
    organization_id: int
    org_path: str
    org_level: int
    kind: str
    contents: int
    ordinal: int
    convened: int
    direct_secretary: bool
    is_pilot: bool
    status: str
    starts_on: dt.date
    ends_on: dt.date
    held_on: dt.date | None
    status_changed_on: dt.date
    approved_on: dt.date | None
    secretary_percent: int | None = None


@dataclass
class ResultRow:
    congress_id: int
    committee_elected: int
    committee_reelected: int
    committee_women: int
    committee_young: int
    committee_ethnic_minority: int
    standing_elected: int
    secretary_elected: bool
    secretary_direct: bool
    secretary_votes: int | None
    secretary_base: int | None
    deputies_elected: int
    inspection_elected: int
    delegates_elected: int
    alternates_elected: int
    reported_on: dt.date


@dataclass
class Campaign:
    congresses: list[CongressRow]
    results: list[ResultRow]
    as_of: dt.date


def default_as_of(calendar: dict[int, Window], top_level: int) -> dt.date:
    """A day 60% of the way through the window of the top level's congresses: everything
    below is held (but the late ones), the top level is under way."""
    window = calendar[top_level]
    return window.start + dt.timedelta(days=(window.end - window.start).days * 6 // 10)


def windows(issued_on: dt.date, deadlines: dict[int, dt.date]) -> dict[int, Window]:
    """Bottom-up calendar: cells, then sub-committees, then the base organizations by their
    deadline; upper-base committees in the 7 weeks before theirs; provinces in the 6 weeks
    before theirs."""
    base = deadlines[Level.BASE]
    day = dt.timedelta(days=1)
    cell_start = max(issued_on + 10 * day, base - 100 * day)
    return {
        Level.CELL: Window(cell_start, base - 30 * day, deadlines[Level.CELL]),
        Level.SUB_BASE: Window(base - 35 * day, base - 20 * day, deadlines[Level.SUB_BASE]),
        Level.BASE: Window(base - 30 * day, base, base),
        Level.UPPER_BASE: Window(
            deadlines[Level.UPPER_BASE] - 50 * day,
            deadlines[Level.UPPER_BASE],
            deadlines[Level.UPPER_BASE],
        ),
        Level.PROVINCIAL: Window(
            deadlines[Level.PROVINCIAL] - 45 * day,
            deadlines[Level.PROVINCIAL],
            deadlines[Level.PROVINCIAL],
        ),
    }


class _Campaign:
    """The random stream and the rules of thumb; one method per decision."""

    def __init__(
        self,
        seed: int,
        term: str,
        directive_rule: int,
        issued_on: dt.date,
        deadlines: dict[int, dt.date],
        as_of: dt.date,
    ) -> None:
        # A string seed is hashed with SHA-512 by `random`: the same on every machine.
        self.rng = random.Random(f"daihoi-campaign/{seed}/{term}")
        self.term = term
        self.general_below = directive_rule
        self.windows = windows(issued_on, deadlines)
        self.as_of = as_of

    def date_in(self, start: dt.date, end: dt.date) -> dt.date:
        span = max(0, (end - start).days)
        return start + dt.timedelta(days=self.rng.randint(0, span))

    def late_start(self, deadline: dt.date) -> dt.date:
        """Postponed past the deadline: half of them held since, half still to come."""
        day = dt.timedelta(days=1)
        first = deadline + 5 * day
        if first < self.as_of and self.rng.random() < 0.5:
            return self.date_in(first, min(self.as_of, deadline + 60 * day))
        return self.date_in(max(first, self.as_of + 3 * day), max(first, self.as_of) + 60 * day)

    def kind(self, org: OrgInfo) -> str:
        """The directive's rule (congresses.rules.default_kind), as the plan pages apply it."""
        return rules.default_kind(
            form=org.form,
            level=org.level,
            subtree_official=org.official_members,
            general_meeting_below=self.general_below,
        )

    def contents(self) -> int:
        roll = self.rng.random()
        if roll < 0.02:
            return Contents.TWO
        if roll < 0.05:
            return Contents.THREE
        return Contents.FOUR

    def convened(self, org: OrgInfo, kind: str) -> int:
        if kind == CongressKind.GENERAL:
            return max(3, org.official_members)
        low, high = {
            Level.PROVINCIAL: (300, 450),
            Level.UPPER_BASE: (120, 300),
            Level.BASE: (100, 200),
        }.get(org.level, (60, 150))
        return self.rng.randint(low, high)

    def duration(self, level: int) -> int:
        return {Level.PROVINCIAL: self.rng.randint(3, 4), Level.UPPER_BASE: 2}.get(
            level, self.rng.randint(1, 2) if level == Level.BASE else 1
        )

    def congress(self, org: OrgInfo, pk: int, pilot: bool) -> tuple[CongressRow, ResultRow | None]:
        window = self.windows[org.level]
        day = dt.timedelta(days=1)
        if pilot:
            starts = self.date_in(window.start - 28 * day, window.start - 14 * day)
        elif self.rng.random() < LATE_SHARE.get(org.level, LATE_SHARE_DEFAULT):
            starts = self.late_start(window.deadline)
        else:
            starts = self.date_in(window.start, window.end)
        kind = self.kind(org)
        contents = self.contents()
        direct = contents == Contents.FOUR and self.rng.random() < DIRECT_SHARE[org.level]
        row = CongressRow(
            id=pk,
            organization_id=org.id,
            org_path=org.path,
            org_level=org.level,
            kind=kind,
            contents=contents,
            ordinal=self.ordinal(org.level),
            convened=self.convened(org, kind),
            direct_secretary=direct,
            is_pilot=pilot,
            status=CongressStatus.PLANNED,
            starts_on=starts,
            ends_on=starts + (self.duration(org.level) - 1) * day,
            held_on=None,
            status_changed_on=starts - self.rng.randint(40, 90) * day,
            approved_on=None,
        )
        if starts > self.as_of:
            # Documents and personnel go to the upper committee about a month ahead.
            if (starts - self.as_of).days <= 30:
                row.status = CongressStatus.PREPARING
                row.status_changed_on = starts - 30 * day
            return row, None
        row.held_on = starts
        row.status = CongressStatus.HELD
        row.status_changed_on = row.ends_on
        reported_on = row.ends_on + self.rng.randint(1, 7) * day
        if reported_on > self.as_of:
            return row, None
        row.status = CongressStatus.REPORTED
        row.status_changed_on = reported_on
        approved_on = reported_on + self.rng.randint(3, 20) * day
        if approved_on <= self.as_of:
            row.status = CongressStatus.APPROVED
            row.status_changed_on = approved_on
            row.approved_on = approved_on
        result = self.result(org, row, reported_on)
        row.secretary_percent = secretary_percent(
            result.secretary_direct, result.secretary_votes, result.secretary_base
        )
        return row, result

    def ordinal(self, level: int) -> int:
        low, high = {Level.PROVINCIAL: (14, 22), Level.UPPER_BASE: (1, 25)}.get(level, (3, 30))
        return self.rng.randint(low, high)

    def committee_size(self, org: OrgInfo) -> tuple[int, int, int, int]:
        """(committee, standing committee, deputies, inspection committee) by level."""
        r = self.rng.randint
        if org.level == Level.PROVINCIAL:
            return r(45, 65), r(13, 17), r(2, 3), r(9, 13)
        if org.level == Level.UPPER_BASE:
            return r(21, 33), r(9, 11), 2, r(5, 9)
        if org.form == OrganizationForm.CHI_BO:
            if org.official_members < 9:
                return 1, 0, r(0, 1), 0  # a secretary (and a deputy), no chi ủy
            return r(3, 5), 0, 1, 0
        if org.level == Level.SUB_BASE:
            return r(5, 9), 0, 1, 0
        committee = r(7, 15)
        return committee, (r(3, 5) if committee >= 9 else 0), r(1, 2), r(3, 5)

    def result(self, org: OrgInfo, row: CongressRow, reported_on: dt.date) -> ResultRow:
        r, u = self.rng.randint, self.rng.uniform
        elects = row.contents == Contents.FOUR
        committee, standing, deputies, inspection = (
            self.committee_size(org) if elects else (0, 0, 0, 0)
        )
        base = row.convened - r(0, row.convened // 40)
        if row.direct_secretary:
            share, votes_base = self.rng.triangular(0.82, 1.0, 0.97), base
        else:  # elected by the new committee at its first meeting
            share, votes_base = self.rng.triangular(0.82, 1.0, 0.95), committee
        votes = min(votes_base, max(votes_base // 2 + 1, math.ceil(votes_base * share)))
        delegates = 0
        if row.contents != Contents.TWO and org.level != Level.CELL:
            delegates = {Level.PROVINCIAL: r(10, 30), Level.UPPER_BASE: r(10, 40)}.get(
                org.level, r(3, 15)
            )
        return ResultRow(
            congress_id=row.id,
            committee_elected=committee,
            committee_reelected=round(committee * u(0.55, 0.75)),
            committee_women=round(committee * u(0.12, 0.28)),
            committee_young=round(committee * u(0.03, 0.12)),
            committee_ethnic_minority=round(committee * u(0.0, 0.15)),
            standing_elected=standing,
            secretary_elected=elects,
            secretary_direct=row.direct_secretary,
            secretary_votes=votes if elects and votes_base else None,
            secretary_base=votes_base if elects and votes_base else None,
            deputies_elected=deputies,
            inspection_elected=inspection,
            delegates_elected=delegates,
            alternates_elected=round(delegates * u(0.0, 0.2)),
            reported_on=reported_on,
        )


def pilots(orgs: Sequence[OrgInfo], rng: random.Random) -> set[int]:
    """Pilot congresses (đại hội điểm): about one of the provinces, one upper-base committee
    of each province, one base organization of each upper-base committee."""
    children: dict[int | None, list[OrgInfo]] = {}
    for org in orgs:
        if Level.PROVINCIAL <= org.level <= Level.BASE:
            children.setdefault(org.parent_id, []).append(org)
    chosen: set[int] = set()
    for kids in children.values():
        if len(kids) >= 4 and rng.random() < 0.8:
            chosen.add(rng.choice(kids).id)
    return chosen


def campaign_rows(
    orgs: Sequence[OrgInfo],
    *,
    seed: int,
    term: str,
    directive: Directive,
    deadlines: dict[int, dt.date],
    first_id: int,
    as_of: dt.date | None = None,
) -> Campaign:
    """The congresses and results of one term over `orgs` (in path order); congress ids
    are numbered from `first_id`. Same input and seed → the same rows."""
    top_level = min((o.level for o in orgs if o.level >= Level.PROVINCIAL), default=Level.CELL)
    as_of = as_of or default_as_of(windows(directive.issued_on, deadlines), top_level)
    gen = _Campaign(
        seed, term, directive.general_meeting_below, directive.issued_on, deadlines, as_of
    )
    pilot_ids = pilots(orgs, gen.rng)
    congresses: list[CongressRow] = []
    results: list[ResultRow] = []
    for org in orgs:
        if org.level < Level.PROVINCIAL or gen.rng.random() < MISSING_SHARE:
            continue
        row, result = gen.congress(org, first_id + len(congresses), org.id in pilot_ids)
        congresses.append(row)
        if result is not None:
            results.append(result)
    return Campaign(congresses, results, as_of)


# --- Writing ---------------------------------------------------------------------------------


class SynthError(Exception):
    """A synth run that cannot go ahead (message in Vietnamese)."""


@dataclass(frozen=True)
class SynthSummary:
    scale: str
    seed: int
    term: str
    as_of: dt.date
    organizations: int
    organizations_created: int
    congresses: int
    results: int
    by_status: dict[str, int]
    seconds: float


Progress = Callable[[str], None]


def org_infos(orgs: Sequence[Organization]) -> list[OrgInfo]:
    """OrgInfo in path order, with members summed over each subtree."""
    ordered = sorted(orgs, key=lambda o: o.path)
    totals = {o.id: o.official_members for o in ordered}
    for org in reversed(ordered):  # children after parents in path order
        if org.parent_id in totals:
            totals[org.parent_id] += totals[org.id]
    return [OrgInfo(o.id, o.path, o.level, o.form, o.parent_id, totals[o.id]) for o in ordered]


def _reserve_ids(table: str, count: int) -> int:
    """The first of `count` consecutive ids for a bulk insert (the transaction holds the
    write lock on SQLite; on PostgreSQL the sequence is moved past them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
            start = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + count]
            )
            return start
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
        return int(cursor.fetchone()[0])


def _insert(model: type, columns: Sequence[str], rows: Sequence[tuple[object, ...]]) -> None:
    """Bulk rows: COPY on PostgreSQL, plain multi-row INSERTs in chunks on SQLite (both
    several times faster than bulk_create for the national run's 660,000 rows)."""
    table = model._meta.db_table  # type: ignore[attr-defined]
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        chunk = max(1, 900 // len(columns))
        for i in range(0, len(rows), chunk):
            part = rows[i : i + chunk]
            flat = [value for row in part for value in row]
            cursor.execute(
                f'INSERT INTO "{table}" ({names}) VALUES {", ".join([one] * len(part))}', flat
            )


CONGRESS_COLUMNS = (
    "id",
    "organization_id",
    "term",
    "ordinal",
    "kind",
    "starts_on",
    "ends_on",
    "place",
    "convened",
    "direct_secretary",
    "is_pilot",
    "created_at",
    "directive_id",
    "contents",
    "status",
    "status_changed_on",
    "held_on",
    "approved_on",
    "org_path",
    "org_level",
    "secretary_percent",
)
RESULT_COLUMNS = (
    "congress_id",
    "source",
    "committee_elected",
    "committee_reelected",
    "committee_women",
    "committee_young",
    "committee_ethnic_minority",
    "standing_elected",
    "secretary_elected",
    "secretary_direct",
    "secretary_votes",
    "secretary_base",
    "deputies_elected",
    "inspection_elected",
    "delegates_elected",
    "alternates_elected",
    "reported_on",
)


def _adapted(value: object) -> object:
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _rows(
    items: Sequence[object], columns: Sequence[str], fixed: dict[str, object]
) -> list[tuple[object, ...]]:
    """Each item's values in column order (attributes of the item, else `fixed`)."""
    return [
        tuple(_adapted(fixed[c] if c in fixed else getattr(item, c)) for c in columns)
        for item in items
    ]


def _write(campaign: Campaign, term: str, directive: Directive) -> None:
    created_at = connection.ops.adapt_datetimefield_value(timezone.now())
    fixed = {"term": term, "place": "", "created_at": created_at, "directive_id": directive.pk}
    _insert(Congress, CONGRESS_COLUMNS, _rows(campaign.congresses, CONGRESS_COLUMNS, fixed))
    fixed = {"source": ResultSource.FORM.value}
    _insert(CongressResult, RESULT_COLUMNS, _rows(campaign.results, RESULT_COLUMNS, fixed))


def refresh_statistics() -> None:
    """Planner statistics after a big insert (see organizations.actions and docs/scaling.md):
    ANALYZE on SQLite, VACUUM ANALYZE on PostgreSQL (outside the transaction)."""
    tables = [Organization._meta.db_table, Congress._meta.db_table, CongressResult._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(f'VACUUM (ANALYZE) "{table}"')
            else:
                cursor.execute(f'ANALYZE "{table}"')


def _hierarchy(scale: str, seed: int, progress: Progress) -> tuple[list[Organization], int]:
    """The generated hierarchy: inserted, or found when the same scale and seed ran before."""
    rows = synth_rows(scale, seed)
    codes = [row.code for row in rows]
    existing = Organization.objects.filter(code__in=codes[:1])
    if existing.exists():
        found = list(
            Organization.objects.filter(path__gte=existing[0].path, path__lt=existing[0].path + "~")
        )
        if {o.code for o in found} != set(codes):
            raise SynthError(
                f"Đã có tổ chức mã “{codes[0]}” nhưng cây tổ chức khác với cây sinh ra "
                f"(quy mô {scale}, hạt giống {seed}): hãy dùng một cơ sở dữ liệu khác."
            )
        progress(f"Dùng lại {vi_int(len(found))} tổ chức đã có.")
        return found, 0
    clash = set(Organization.objects.values_list("code", flat=True).iterator()) & set(codes)
    if clash:
        raise SynthError(f"Mã tổ chức “{min(clash)}” đã có trong cơ sở dữ liệu.")
    created = insert_organizations(rows)
    progress(f"Đã tạo {vi_int(len(created))} tổ chức.")
    return list(created.values()), len(created)


def synthesize(
    scale: str,
    seed: int,
    *,
    term: str = "2025-2030",
    as_of: dt.date | None = None,
    acting_user: User | None,
    progress: Progress = lambda line: None,
) -> SynthSummary:
    """Write a synthetic hierarchy (unless the same scale and seed is already there) and
    the term's campaign over it: all or nothing, one audit entry; the planner's statistics
    are refreshed once it is committed."""
    if scale not in SCALES:
        raise SynthError(f"Quy mô “{scale}” không có: chọn một trong {', '.join(SCALES)}.")
    started = time.perf_counter()
    with transaction.atomic():
        orgs, created = _hierarchy(scale, seed, progress)
        return write_campaign(
            orgs,
            seed=seed,
            term=term,
            as_of=as_of,
            acting_user=acting_user,
            progress=progress,
            label=f"quy mô {scale}",
            organizations_created=created,
            started=started,
        )


def _after_commit(progress: Progress) -> None:
    def refresh() -> None:
        refresh_statistics()
        progress("Đã cập nhật thống kê cho bộ lập kế hoạch truy vấn.")

    transaction.on_commit(refresh, robust=True)


@transaction.atomic
def write_campaign(
    orgs: Sequence[Organization],
    *,
    seed: int,
    term: str,
    acting_user: User | None,
    as_of: dt.date | None = None,
    progress: Progress = lambda line: None,
    label: str = "",
    organizations_created: int = 0,
    started: float | None = None,
) -> SynthSummary:
    """The term's synthetic congresses (and results) over a whole subtree `orgs` that has
    none yet: bulk inserts, one audit entry."""
    started = time.perf_counter() if started is None else started
    directive = Directive.objects.filter(term=term).order_by("-issued_on").first()
    if directive is None:
        raise SynthError(f"Chưa có chỉ thị nào cho nhiệm kỳ {term}.")
    deadlines = dict(directive.deadlines.values_list("level", "deadline"))
    root = min(orgs, key=lambda o: o.path)
    if Congress.objects.filter(
        term=term, org_path__gte=root.path, org_path__lt=root.subtree_end
    ).exists():
        raise SynthError(f"Các tổ chức này đã có đại hội nhiệm kỳ {term}.")
    campaign = campaign_rows(
        org_infos(orgs),
        seed=seed,
        term=term,
        directive=directive,
        deadlines=deadlines,
        first_id=_reserve_ids(Congress._meta.db_table, len(orgs)),
        as_of=as_of,
    )
    congresses, results = vi_int(len(campaign.congresses)), vi_int(len(campaign.results))
    progress(f"Đang ghi {congresses} đại hội và {results} kết quả…")
    _write(campaign, term, directive)
    by_status: dict[str, int] = {s.value: 0 for s in CongressStatus}
    for row in campaign.congresses:
        by_status[row.status] += 1
    summary = SynthSummary(
        scale=label,
        seed=seed,
        term=term,
        as_of=campaign.as_of,
        organizations=len(orgs),
        organizations_created=organizations_created,
        congresses=len(campaign.congresses),
        results=len(campaign.results),
        by_status=by_status,
        seconds=time.perf_counter() - started,
    )
    append_entry(
        acting_user=acting_user,
        action="congress.synth",
        object_type="organization",
        object_id=root.pk,
        summary=(
            f"Sinh dữ liệu mẫu {label} (hạt giống {seed}), nhiệm kỳ {term}: "
            f"{organizations_created} tổ chức mới, {summary.congresses} đại hội, "
            f"{summary.results} kết quả"
        ),
        after={
            "scale": label,
            "seed": seed,
            "term": term,
            "as_of": campaign.as_of,
            "root": root.code,
            "organizations_created": organizations_created,
            "congresses": summary.congresses,
            "results": summary.results,
            "by_status": by_status,
        },
    )
    _after_commit(progress)
    return summary
