"""Named test users and a small two-district hierarchy, shared by every app's tests.

Like Zulip's named test users: tests read "staff_a cannot see district B", not "user 3".
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, connections

from daihoi.core import actions as core_actions
from daihoi.core.models import Role, User
from daihoi.organizations.actions import NewOrganization, insert_organizations
from daihoi.organizations.models import Level, Organization, OrganizationForm, OrganizationKind

PASSWORD = "mat-khau-kiem-thu-2025"


@dataclass
class World:
    """Province P with two upper-base committees A and B, each with base orgs and cells."""

    province: Organization
    district_a: Organization
    district_b: Organization
    base_a: Organization  # a đảng bộ cơ sở in A with two cells
    cell_a: Organization
    base_b: Organization
    cell_b: Organization
    admin: User  # superuser
    staff_p: User  # organization department of the province
    staff_a: User  # organization department of district A
    viewer_a: User  # read-only on district A
    staff_b: User
    outsider: User  # logged in, no grant at all


def _row(
    code: str,
    name: str,
    level: int,
    parent: str | None,
    official: int = 0,
    probationary: int = 0,
    form: str = OrganizationForm.DANG_BO,
) -> NewOrganization:
    return NewOrganization(
        code, name, level, OrganizationKind.TERRITORIAL, form, official, probationary, parent
    )


def build_world() -> World:
    rows = [
        _row("P", "Đảng bộ tỉnh Phú Thịnh", Level.PROVINCIAL, None),
        _row("A", "Đảng bộ huyện An Lạc", Level.UPPER_BASE, "P"),
        _row("A1", "Đảng bộ xã An Bình", Level.BASE, "A"),
        _row("A1-1", "Chi bộ thôn Đông", Level.CELL, "A1", 30, 2, OrganizationForm.CHI_BO),
        _row("A1-2", "Chi bộ thôn Đoài", Level.CELL, "A1", 25, 1, OrganizationForm.CHI_BO),
        _row(
            "A2", "Chi bộ Trường Tiểu học An Lạc", Level.BASE, "A", 18, 0, OrganizationForm.CHI_BO
        ),
        _row("B", "Đảng bộ huyện Bảo Yên", Level.UPPER_BASE, "P"),
        _row("B1", "Đảng bộ xã Bảo Hà", Level.BASE, "B"),
        _row("B1-1", "Chi bộ thôn Bắc", Level.CELL, "B1", 40, 3, OrganizationForm.CHI_BO),
    ]
    orgs = insert_organizations(rows)

    def user(
        name: str,
        full_name: str,
        role: str | None = None,
        org: str | None = None,
        superuser: bool = False,
    ) -> User:
        u = core_actions.create_user(
            name, PASSWORD, acting_user=None, full_name=full_name, is_superuser=superuser
        )
        if role and org:
            core_actions.grant_role(u, role, orgs[org], acting_user=None)
        return u

    return World(
        province=orgs["P"],
        district_a=orgs["A"],
        district_b=orgs["B"],
        base_a=orgs["A1"],
        cell_a=orgs["A1-1"],
        base_b=orgs["B1"],
        cell_b=orgs["B1-1"],
        admin=user("admin", "Quản Trị Viên", superuser=True),
        staff_p=user("staff_p", "Phạm Văn Tỉnh", Role.ORG_STAFF, "P"),
        staff_a=user("staff_a", "Nguyễn Thị An", Role.ORG_STAFF, "A"),
        viewer_a=user("viewer_a", "Lê Văn Xem", Role.VIEWER, "A"),
        staff_b=user("staff_b", "Trần Văn Bảo", Role.ORG_STAFF, "B"),
        outsider=user("outsider", "Hoàng Văn Ngoài"),
    )


def add_unit_past_id_999(world: World, *, official: int = 1234) -> Organization:
    """A base organization "X" of district A whose id (and its cell "X-1"'s) is 1,000 or more,
    the size at which a grouped "1.391" broke links and forms: a thousand filler cells under
    base B are inserted first (one bulk insert; ids come from the same sequence on SQLite and
    PostgreSQL)."""
    filler = [
        _row(f"F{i:04d}", f"Chi bộ {i}", Level.CELL, "B1", form=OrganizationForm.CHI_BO)
        for i in range(1000)
    ]
    insert_organizations(filler)
    units = insert_organizations(
        [
            _row("X", "Đảng bộ xã Xuân Lộc", Level.BASE, "A", official),
            _row("X-1", "Chi bộ thôn Xuân", Level.CELL, "X", 12, 1, OrganizationForm.CHI_BO),
        ]
    )
    assert units["X"].pk >= 1000 and units["X-1"].pk >= 1000
    return units["X"]


@contextmanager
def database_for_threads(tmp_path: Path) -> Iterator[Callable[[], None]]:
    """Yield a function each thread calls first to get its own connection.

    SQLite's in-memory test database is opened in shared-cache mode, where a second writer
    fails at once ("database table is locked") instead of waiting: busy_timeout does not
    apply there. Installations use a file (WAL, busy timeout), so on in-memory SQLite the
    threads (and this test's own checks) run on a file copy of the empty test database.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield lambda: None
        return
    import sqlite3

    path = tmp_path / "concurrent.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    file_settings = {**connection.settings_dict, "NAME": str(path)}
    original = connections["default"]

    def use_file_copy() -> None:
        connections["default"] = type(original)(dict(file_settings), "default")

    use_file_copy()
    try:
        yield use_file_copy
    finally:
        connections["default"].close()
        connections["default"] = original


def run_together(connect: Callable[[], None], works: Sequence[Callable[[], None]]) -> None:
    """Run each work on its own thread and database connection (`connect`, from
    database_for_threads), all starting at the same instant; re-raise the first failure."""
    start = threading.Barrier(len(works))
    errors: list[BaseException] = []

    def run(work: Callable[[], None]) -> None:
        connect()
        try:
            start.wait()
            work()
        except BaseException as error:  # reported to the calling thread below
            errors.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
