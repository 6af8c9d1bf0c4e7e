"""Two desks scan one badge at the same instant (a delegate shows it at one desk, then at the
next), each on its own connection: one CheckIn, the other desk gets C04, never an error. On
PostgreSQL the scan's first statement waits for the current session's and the audit chain
head's row locks, and the CheckIn's insert does nothing if the delegate has one (decision
0015); on SQLite the write transactions take turns. The audit chain stays one unbroken line.
Also: what a scan reads and writes, in how many statements, and who may scan."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core import actions as core_actions
from daihoi.core.audit import verify_chain
from daihoi.core.models import AuditEntry, User
from daihoi.delegates.actions import badges as badge_actions
from daihoi.delegates.actions import checkin as checkin_actions
from daihoi.delegates.actions import roster as roster_actions
from daihoi.delegates.actions import staff as staff_actions
from daihoi.delegates.actions.roster import PersonData
from daihoi.delegates.models import Badge, CheckIn, DelegateKind, SessionKind, StaffRole
from daihoi.testing import database_for_threads, run_together

NAMES = ["Trịnh Văn Bảo", "Lương Thị Hoa", "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


def hall(world) -> tuple[Congress, list[str], list[User]]:
    """District A's congress with its delegates' badges, a current session and two desks of
    its secretariat; returns (congress, tokens, desk users)."""
    congress = create_congress(
        world.district_a,
        acting_user=world.staff_a,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=0,
        starts_on=dt.date(2025, 7, 15),
    )
    for name in NAMES:
        roster_actions.add_delegate(
            congress, PersonData(name), kind=DelegateKind.EX_OFFICIO, unit=None, acting_user=None
        )
    badges = badge_actions.issue_badges(congress, acting_user=None)
    session = checkin_actions.add_session(
        congress,
        kind=SessionKind.OFFICIAL,
        day=congress.starts_on,
        half="morning",
        acting_user=None,
    )
    checkin_actions.set_current_session(session, acting_user=None)
    desks = []
    for i in (1, 2):
        user = core_actions.create_user(f"ban{i}", None, acting_user=None, full_name=f"Bàn {i}")
        staff_actions.add_congress_staff(
            congress, user, role=StaffRole.SECRETARIAT, acting_user=None
        )
        desks.append(user)
    return congress, [b.token for b in badges], desks


@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("threads")
def test_two_desks_scanning_one_badge_at_once_write_one_checkin(world, tmp_path):
    with database_for_threads(tmp_path) as connect:
        congress, tokens, desks = hall(world)
        codes: list[str] = []

        def desk_work(desk: User, i: int) -> Callable[[], None]:
            def work() -> None:
                for token in tokens:  # both desks scan the same badges in the same order
                    outcome = checkin_actions.check_in_badge(
                        congress.pk, token, acting_user=desk, method="scanner", desk=f"Bàn {i}"
                    )
                    codes.append(outcome.code or "ok")

            return work

        run_together(connect, [desk_work(desk, i) for i, desk in enumerate(desks, start=1)])

        assert Counter(codes) == {"ok": len(NAMES), "C04": len(NAMES)}
        assert CheckIn.objects.count() == len(NAMES)
        assert AuditEntry.objects.filter(action="delegate.check_in").count() == len(NAMES)
        checked, chain_break = verify_chain()
        assert chain_break is None and checked == AuditEntry.objects.count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("threads")
def test_two_desks_scanning_different_badges_at_once_keep_the_audit_chain_whole(world, tmp_path):
    """Each CheckIn is written once whatever the locks (the insert does nothing on a second);
    its audit entry follows the head read in the scan's first statement, so that statement
    must lock the head: without the lock both desks read one head, and the second entry with
    its number fails (PostgreSQL; SQLite's write transactions take turns)."""
    with database_for_threads(tmp_path) as connect:
        congress, tokens, desks = hall(world)
        codes: list[str] = []

        def desk_work(desk: User, share: list[str]) -> Callable[[], None]:
            def work() -> None:
                for token in share:
                    outcome = checkin_actions.check_in_badge(
                        congress.pk, token, acting_user=desk, method="scanner"
                    )
                    codes.append(outcome.code or "ok")

            return work

        shares = [tokens[0::2], tokens[1::2]]
        run_together(connect, [desk_work(d, share) for d, share in zip(desks, shares, strict=True)])

        assert codes == ["ok"] * len(NAMES)
        assert AuditEntry.objects.filter(action="delegate.check_in").count() == len(NAMES)
        checked, chain_break = verify_chain()
        assert chain_break is None and checked == AuditEntry.objects.count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("threads")
def test_a_scan_and_a_pick_by_name_of_one_delegate_at_once_write_one_checkin(world, tmp_path):
    with database_for_threads(tmp_path) as connect:
        congress, tokens, (scanner, searcher) = hall(world)
        holders = [Badge.objects.select_related("delegate__person").get(token=t) for t in tokens]
        codes: list[str] = []

        def scans() -> None:
            for token in tokens:
                outcome = checkin_actions.check_in_badge(
                    congress.pk, token, acting_user=scanner, method="camera"
                )
                codes.append(outcome.code or "ok")

        def picks() -> None:
            for badge in holders:
                outcome = checkin_actions.check_in_delegate(
                    badge.delegate, acting_user=searcher, method="search"
                )
                codes.append(outcome.code or "ok")

        run_together(connect, [scans, picks])

        assert Counter(codes) == {"ok": len(NAMES), "C04": len(NAMES)}
        assert sorted(CheckIn.objects.values_list("delegate_id", flat=True)) == sorted(
            b.delegate_id for b in holders
        )
        assert verify_chain()[1] is None


def _kinds(captured: CaptureQueriesContext) -> list[str]:
    """The statements that read or write (not the savepoints around the action)."""
    words = [q["sql"].split()[0].upper() for q in captured.captured_queries]
    return [w for w in words if w in ("SELECT", "INSERT", "UPDATE", "DELETE")]


@pytest.mark.django_db
def test_a_scan_reads_in_one_statement_then_writes_the_checkin_and_its_audit_entry(world):
    congress, tokens, (desk, _) = hall(world)

    with CaptureQueriesContext(connection) as written:
        outcome = checkin_actions.check_in_badge(
            congress.pk, tokens[0], acting_user=desk, method="scanner"
        )
    with CaptureQueriesContext(connection) as refused:
        again = checkin_actions.check_in_badge(
            congress.pk, tokens[0], acting_user=desk, method="scanner"
        )
    with CaptureQueriesContext(connection) as unknown:
        nobody = checkin_actions.check_in_badge(
            congress.pk, "khong-phai-ma-the", acting_user=desk, method="scanner"
        )

    assert outcome.ok and again.code == "C04" and nobody.code == "C01"
    at = formats.time_format(timezone.localtime(CheckIn.objects.get().at), "H:i:s")
    assert f"lúc {at}:" in again.message
    assert _kinds(written) == ["SELECT", "INSERT", "INSERT"]
    # The insert does nothing; only then is the earlier check-in's time read.
    assert _kinds(refused) == ["SELECT", "INSERT", "SELECT"]
    assert _kinds(unknown) == ["SELECT"]
    assert CheckIn.objects.count() == 1
    assert AuditEntry.objects.filter(action="delegate.check_in").count() == 1
    # The holder as the desk shows it, without another statement.
    badge = Badge.objects.select_related("delegate__person", "delegate__delegation")
    holder = badge.get(token=tokens[0]).delegate
    with CaptureQueriesContext(connection) as shown:
        assert outcome.delegate.person.full_name == holder.person.full_name
        assert outcome.delegate.number == holder.number
        assert outcome.delegate.delegation.name == holder.delegation.name
    assert not shown.captured_queries


@pytest.mark.django_db
def test_without_insert_returning_a_scan_reads_the_earlier_checkin_first(world, monkeypatch):
    """SQLite before 3.35 (no INSERT … RETURNING): the earlier check-in is read, then the
    CheckIn saved; the outcomes are the same. (PostgreSQL always returns.)"""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    congress, tokens, (desk, _) = hall(world)
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)

    outcome = checkin_actions.check_in_badge(
        congress.pk, tokens[0], acting_user=desk, method="scanner"
    )
    again = checkin_actions.check_in_badge(
        congress.pk, tokens[0], acting_user=desk, method="scanner"
    )

    assert outcome.ok and outcome.checkin.pk == CheckIn.objects.get().pk
    at = formats.time_format(timezone.localtime(CheckIn.objects.get().at), "H:i:s")
    assert again.code == "C04" and f"lúc {at}:" in again.message
    assert AuditEntry.objects.filter(action="delegate.check_in").count() == 1
    assert verify_chain()[1] is None


@pytest.mark.django_db
def test_whoever_may_not_run_the_desk_gets_404_from_the_scan(client, world):
    congress, tokens, _ = hall(world)
    scan = reverse("delegates:scan", args=[congress.pk])
    for user in (world.viewer_a, world.staff_b, world.outsider):
        client.force_login(user)
        assert client.post(scan, {"token": tokens[0]}).status_code == 404
        assert client.get(scan).status_code == 404
        with pytest.raises(checkin_actions.NotAtTheDesk):
            checkin_actions.check_in_badge(
                congress.pk, tokens[0], acting_user=user, method="scanner"
            )
    # A superuser; the organization departments of the district and of the province above it.
    for user, token in zip((world.admin, world.staff_a, world.staff_p), tokens, strict=False):
        client.force_login(user)
        assert client.get(scan).status_code == 405
        assert client.post(scan, {"token": token})["X-Checkin"] == "ok"
    assert CheckIn.objects.count() == 3
    assert (
        client.post(reverse("delegates:scan", args=[2**64]), {"token": tokens[4]}).status_code
        == 404
    )
