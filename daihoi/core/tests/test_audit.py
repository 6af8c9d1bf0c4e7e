"""The audit trail: one entry per action, a hash chain that `daihoi audit verify` checks,
rows the database refuses to change, and one unbroken chain under concurrent writers."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from types import ModuleType
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from daihoi.core import actions as core_actions
from daihoi.core.audit import GENESIS_HASH, append_entry, compute_hash, verify_chain
from daihoi.core.models import AuditChainHead, AuditEntry, Role, RoleGrant, User
from daihoi.organizations import actions as org_actions
from daihoi.organizations.models import Level, OrganizationForm, OrganizationKind
from daihoi.testing import database_for_threads, run_together

pytestmark = pytest.mark.django_db


# --- Every action appends exactly one entry ------------------------------------------------


def _new_org(code: str, parent_code: str | None, level: int = Level.CELL) -> Any:
    return org_actions.NewOrganization(
        code=code,
        name=f"Chi bộ {code}",
        level=level,
        kind=OrganizationKind.TERRITORIAL,
        form=OrganizationForm.CHI_BO,
        official_members=12,
        probationary_members=1,
        parent_code=parent_code,
    )


def _create_user(w: Any) -> dict[str, Any]:
    user = core_actions.create_user(
        "nguoi_moi", "mot-mat-khau-dai", acting_user=w.staff_a, full_name="Đỗ Văn Mới"
    )
    return dict(
        actor=w.staff_a,
        action="user.create",
        object_type="user",
        object_id=str(user.pk),
        before=None,
        after={"username": "nguoi_moi", "full_name": "Đỗ Văn Mới", "is_superuser": False},
    )


def _grant_role(w: Any) -> dict[str, Any]:
    core_actions.grant_role(w.outsider, Role.VIEWER, w.base_a, acting_user=w.staff_a)
    return dict(
        actor=w.staff_a,
        action="role.grant",
        object_type="user",
        object_id=str(w.outsider.pk),
        before=None,
        after={"role": "viewer", "organization_id": w.base_a.pk},
    )


def _revoke_role(w: Any) -> dict[str, Any]:
    grant = RoleGrant.objects.get(user=w.viewer_a)
    core_actions.revoke_role(grant, acting_user=w.staff_a)
    return dict(
        actor=w.staff_a,
        action="role.revoke",
        object_type="user",
        object_id=str(w.viewer_a.pk),
        before={"user_id": w.viewer_a.pk, "role": "viewer", "organization_id": w.district_a.pk},
        after=None,
    )


def _record_login_failure(w: Any) -> dict[str, Any]:
    core_actions.record_login_failure("staff_a", "10.0.0.7")
    return dict(
        actor=None,
        action="auth.login_failed",
        object_type="user",
        before=None,
        after={"username": "staff_a", "address": "10.0.0.7"},
    )


def _record_login(w: Any) -> dict[str, Any]:
    core_actions.record_login(w.staff_a, "10.0.0.7")
    return dict(
        actor=w.staff_a,
        action="auth.login",
        object_type="user",
        object_id=str(w.staff_a.pk),
        before=None,
        after={"address": "10.0.0.7"},
    )


def _create_organization(w: Any) -> dict[str, Any]:
    org = org_actions.create_organization(_new_org("A1-3", "A1"), acting_user=w.staff_a)
    return dict(
        actor=w.staff_a,
        action="organization.create",
        object_type="organization",
        object_id=str(org.pk),
        before=None,
        after={"code": "A1-3", "name": "Chi bộ A1-3", "parent_id": w.base_a.pk},
    )


def _import_organizations(w: Any) -> dict[str, Any]:
    rows = [_new_org("A3", "A", Level.BASE), _new_org("A4", "A", Level.BASE)]
    org_actions.import_organizations(rows, acting_user=w.staff_a, source_name="to-chuc.xlsx")
    return dict(
        actor=w.staff_a,
        action="organization.import",
        object_type="organization",
        before=None,
        after={"count": 2, "codes": ["A3", "A4"], "file": "to-chuc.xlsx"},
    )


def _update_organization(w: Any) -> dict[str, Any]:
    org_actions.update_organization(
        w.cell_a,
        acting_user=w.staff_a,
        name="Chi bộ thôn Đông Mới",
        kind=OrganizationKind.TERRITORIAL,
        official_members=31,
        probationary_members=0,
    )
    return dict(
        actor=w.staff_a,
        action="organization.update",
        object_type="organization",
        object_id=str(w.cell_a.pk),
        before={"name": "Chi bộ thôn Đông", "official_members": 30, "probationary_members": 2},
        after={"name": "Chi bộ thôn Đông Mới", "official_members": 31, "probationary_members": 0},
    )


def _create_pending_import(w: Any) -> dict[str, Any]:
    pending = org_actions.create_pending_import(
        owner=w.staff_a, file_name="to-chuc.xlsx", rows=[[2, "A3"]], acting_user=w.staff_a
    )
    return dict(
        actor=w.staff_a,
        action="organization.import_upload",
        object_type="pending_import",
        object_id=str(pending.pk),
        before=None,
        after={"file": "to-chuc.xlsx", "rows": 1, "owner": "staff_a"},
    )


def _confirm_pending_import(w: Any) -> dict[str, Any]:
    from daihoi.organizations.models import PendingImport

    pending = PendingImport.objects.create(
        owner=w.staff_a, file_name="to-chuc.xlsx", rows=[], row_count=1
    )
    rows = [_new_org("A3", "A", Level.BASE)]
    org_actions.confirm_pending_import(pending, rows, acting_user=w.staff_a)
    pending.refresh_from_db()
    assert pending.used_at is not None
    return dict(
        actor=w.staff_a,
        action="organization.import",
        object_type="organization",
        before=None,
        after={"count": 1, "codes": ["A3"], "file": "to-chuc.xlsx"},
    )


# The registry of audited actions: every atomic function in an actions module must have a
# scenario here (test_every_action_has_an_audit_scenario fails for a new one without).
ACTION_SCENARIOS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "daihoi.core.actions.create_user": _create_user,
    "daihoi.core.actions.grant_role": _grant_role,
    "daihoi.core.actions.revoke_role": _revoke_role,
    "daihoi.core.actions.record_login_failure": _record_login_failure,
    "daihoi.core.actions.record_login": _record_login,
    "daihoi.organizations.actions.create_organization": _create_organization,
    "daihoi.organizations.actions.import_organizations": _import_organizations,
    "daihoi.organizations.actions.update_organization": _update_organization,
    "daihoi.organizations.actions.create_pending_import": _create_pending_import,
    "daihoi.organizations.actions.confirm_pending_import": _confirm_pending_import,
}
ACTION_MODULES: list[ModuleType] = [core_actions, org_actions]


def _atomic_functions(module: ModuleType) -> set[str]:
    """The actions of a module: its own functions wrapped in transaction.atomic."""
    found = set()
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if fn.__module__ == module.__name__ and hasattr(fn, "__wrapped__"):
            found.add(f"{module.__name__}.{name}")
    return found


def test_every_action_has_an_audit_scenario():
    actions = set().union(*(_atomic_functions(m) for m in ACTION_MODULES))
    missing = sorted(actions - set(ACTION_SCENARIOS))
    assert not missing, f"actions without an audit scenario in {__file__}: {missing}"
    assert set(ACTION_SCENARIOS) <= actions, "a scenario names an action that no longer exists"


def _assert_contains(actual: Any, expected: Any) -> None:
    if expected is None:
        assert actual is None
        return
    assert isinstance(actual, dict)
    for key, value in expected.items():
        assert actual.get(key) == value, (key, actual.get(key), value)


@pytest.mark.parametrize("name", sorted(ACTION_SCENARIOS))
def test_each_action_appends_exactly_one_entry_with_who_what_before_and_after(world, name):
    before_count = AuditEntry.objects.count()
    expected = ACTION_SCENARIOS[name](world)
    assert AuditEntry.objects.count() == before_count + 1
    entry = AuditEntry.objects.order_by("seq").last()
    actor = expected.pop("actor")
    assert entry.actor == actor
    assert entry.actor_username == (actor.username if actor else "")
    _assert_contains(entry.before, expected.pop("before"))
    _assert_contains(entry.after, expected.pop("after"))
    for field, value in expected.items():
        assert getattr(entry, field) == value, field
    assert entry.summary
    assert entry.at is not None
    assert verify_chain() == (entry.seq, None)


def test_granting_a_role_the_user_already_holds_writes_nothing(world):
    before_count = AuditEntry.objects.count()
    core_actions.grant_role(world.staff_a, Role.ORG_STAFF, world.district_a, acting_user=None)
    assert AuditEntry.objects.count() == before_count


def test_createsuperuser_is_audited(db):
    call_command("createsuperuser", "--noinput", username="quantri", email="")
    entry = AuditEntry.objects.get()
    assert entry.action == "user.create_superuser"
    assert entry.after == {"username": "quantri", "is_superuser": True}


def test_an_action_that_fails_leaves_no_entry_behind(world):
    before_count = AuditEntry.objects.count()
    with pytest.raises(DatabaseError):
        # A duplicate code: the insert fails inside the action, the entry goes with it.
        org_actions.create_organization(_new_org("A1-1", "A1"), acting_user=world.staff_a)
    assert AuditEntry.objects.count() == before_count
    assert verify_chain()[1] is None


def test_append_entry_refuses_to_run_outside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError):
        append_entry(acting_user=None, action="test")


# --- The chain and `daihoi audit verify` ---------------------------------------------------


def test_entries_form_a_chain_from_the_genesis_hash(world):
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == GENESIS_HASH
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.entry_hash
        assert entry.entry_hash == compute_hash(entry)
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (entries[-1].seq, entries[-1].entry_hash)


def test_the_head_follows_every_inserted_entry_whoever_inserts_it(world):
    """A trigger moves the head (no statement of append_entry does), so an entry written
    around append_entry moves it too, and the next append chains onto that entry."""
    last = AuditEntry.objects.order_by("seq").last()
    stray = AuditEntry(
        seq=last.seq + 1,
        at=last.at,
        action="test.stray",
        prev_hash=last.entry_hash,
    )
    stray.entry_hash = compute_hash(stray)
    stray.save()
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (stray.seq, stray.entry_hash)
    with transaction.atomic():
        after = append_entry(acting_user=None, action="test.after")
    assert (after.seq, after.prev_hash) == (stray.seq + 1, stray.entry_hash)
    assert verify_chain() == (after.seq, None)


def test_audit_verify_reports_an_intact_chain(world):
    stdout = _run_verify_command()
    assert "Nhật ký toàn vẹn" in stdout
    assert verify_chain() == (AuditEntry.objects.count(), None)


@contextmanager
def _triggers_off() -> Iterator[None]:
    """Play the attacker with database access: lift the append-only trigger. The test's
    transaction rolls this back afterwards on both engines (DDL is transactional)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditentry_no_update")
        else:
            # Deferred foreign-key checks of the rows written so far would block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_no_change")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield


def _sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def _run_verify_command() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def _verify_fails_naming(entry_seq: int, capsys: Any, monkeypatch: Any) -> None:
    """Both ways in: Django's call_command and the installed `daihoi` console command."""
    with pytest.raises(CommandError) as failure:
        _run_verify_command()
    assert f"mục số {entry_seq}" in str(failure.value)

    from daihoi import cli

    # The management runner closes connections when it finishes; here that connection
    # holds the test's transaction (and the tampering), so keep it open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["audit", "verify"])
    assert exit_info.value.code not in (0, None)
    assert f"mục số {entry_seq}" in capsys.readouterr().err


@pytest.fixture
def five_entries(world: Any) -> list[AuditEntry]:
    """A chain of a known length: the world's entries plus some more, seq 1..n."""
    entries = list(AuditEntry.objects.order_by("seq"))
    assert len(entries) >= 5
    return entries


def test_verify_names_an_entry_whose_content_was_edited(five_entries, capsys, monkeypatch):
    target = five_entries[2]
    with _triggers_off():
        _sql(
            "UPDATE core_auditentry SET summary = %s WHERE seq = %s",
            ["Cấp vai trò cho kẻ gian", target.seq],
        )
    assert verify_chain()[1].seq == target.seq
    _verify_fails_naming(target.seq, capsys, monkeypatch)


def test_verify_names_an_entry_whose_json_was_edited(five_entries, capsys, monkeypatch):
    target = five_entries[3]
    with _triggers_off():
        _sql(
            "UPDATE core_auditentry SET after = %s WHERE seq = %s",
            ['{"role": "org_staff", "organization_id": 1}', target.seq],
        )
    _verify_fails_naming(target.seq, capsys, monkeypatch)


def test_rewriting_an_entry_and_its_hash_breaks_the_link_to_the_next(
    five_entries, capsys, monkeypatch
):
    target = five_entries[1]
    target.summary = "Sửa lại cho khớp"
    forged_hash = compute_hash(target)
    with _triggers_off():
        _sql(
            "UPDATE core_auditentry SET summary = %s, entry_hash = %s WHERE seq = %s",
            [target.summary, forged_hash, target.seq],
        )
    chain_break = verify_chain()[1]
    assert (chain_break.seq, chain_break.reason) == (target.seq + 1, "prev_hash")
    _verify_fails_naming(target.seq + 1, capsys, monkeypatch)


def test_verify_names_the_gap_left_by_a_deleted_entry(five_entries, capsys, monkeypatch):
    target = five_entries[2]
    with _triggers_off():
        _sql("DELETE FROM core_auditentry WHERE seq = %s", [target.seq])
    chain_break = verify_chain()[1]
    assert (chain_break.seq, chain_break.reason) == (target.seq, "missing")
    _verify_fails_naming(target.seq, capsys, monkeypatch)


def test_verify_notices_that_the_last_entry_was_deleted(five_entries, capsys, monkeypatch):
    last = five_entries[-1]
    with _triggers_off():
        _sql("DELETE FROM core_auditentry WHERE seq = %s", [last.seq])
    chain_break = verify_chain()[1]
    assert (chain_break.seq, chain_break.reason) == (last.seq, "missing")
    _verify_fails_naming(last.seq, capsys, monkeypatch)


def _rewrite_chain_from(entry: AuditEntry, summary: str) -> None:
    """Play the attacker who holds the database: edit one entry and recompute every hash
    after it, so that the chain is consistent again."""
    entries = list(AuditEntry.objects.filter(seq__gte=entry.seq).order_by("seq"))
    previous = entry.prev_hash
    with _triggers_off():
        for each in entries:
            if each.seq == entry.seq:
                each.summary = summary
            each.prev_hash = previous
            each.entry_hash = compute_hash(each)
            _sql(
                "UPDATE core_auditentry SET summary = %s, prev_hash = %s, entry_hash = %s "
                "WHERE seq = %s",
                [each.summary, each.prev_hash, each.entry_hash, each.seq],
            )
            previous = each.entry_hash
        _sql("UPDATE core_auditchainhead SET last_hash = %s WHERE id = 1", [previous])


def test_an_anchor_written_on_paper_catches_a_chain_recomputed_after_an_edit(five_entries):
    anchored = five_entries[-1]
    anchor = f"{anchored.seq}:{anchored.entry_hash}"
    out = StringIO()
    call_command("audit", "verify", "--anchor", anchor, stdout=out)
    assert f"Mốc số {anchored.seq}: khớp." in out.getvalue()
    assert f"Mục cuối: số {anchored.seq}, mã băm {anchored.entry_hash}." in out.getvalue()
    _rewrite_chain_from(five_entries[1], "Cấp vai trò cho kẻ gian")
    assert verify_chain() == (len(five_entries), None)  # the chain alone cannot tell
    with pytest.raises(CommandError, match=rf"mục số {anchored.seq} có mã băm khác mốc"):
        call_command("audit", "verify", "--anchor", anchor)


@pytest.mark.parametrize("anchor", ["12", "x:" + "0" * 64, "3:abc", "3:" + "g" * 64])
def test_a_malformed_anchor_is_refused_with_a_message(world, anchor):
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("audit", "verify", "--anchor", anchor)


def test_an_anchor_beyond_the_log_is_reported_missing(world):
    with pytest.raises(CommandError, match="không còn mục số 99999"):
        call_command("audit", "verify", "--anchor", "99999:" + "a" * 64)


def test_verify_names_the_first_of_two_swapped_entries(five_entries, capsys, monkeypatch):
    first, second = five_entries[1], five_entries[2]
    with _triggers_off():
        # Three steps through a free number: seq is unique.
        _sql("UPDATE core_auditentry SET seq = %s WHERE seq = %s", [-1, first.seq])
        _sql("UPDATE core_auditentry SET seq = %s WHERE seq = %s", [first.seq, second.seq])
        _sql("UPDATE core_auditentry SET seq = %s WHERE seq = %s", [second.seq, -1])
    assert verify_chain()[1].seq == first.seq
    _verify_fails_naming(first.seq, capsys, monkeypatch)


# --- The database refuses changes ----------------------------------------------------------


def test_the_database_refuses_an_update_through_the_orm(world):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(summary="sửa")
    assert AuditEntry.objects.get(seq=1).summary != "sửa"


def test_the_database_refuses_an_update_in_raw_sql(world):
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE core_auditentry SET summary = 'sửa' WHERE seq = 1")
    assert AuditEntry.objects.get(seq=1).summary != "sửa"


def test_the_model_refuses_to_save_or_delete_an_existing_entry(world):
    entry = AuditEntry.objects.get(seq=1)
    entry.summary = "sửa"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_postgresql_refuses_a_delete(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE for the test runner's flush; the chain detects it")
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("DELETE FROM core_auditentry WHERE seq = 1")
    assert AuditEntry.objects.filter(seq=1).exists()


# --- Concurrent writers ---------------------------------------------------------------------


@pytest.mark.xdist_group("threads")
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_from_two_threads_form_one_unbroken_chain(tmp_path):
    per_thread = 15

    def writer(prefix: str) -> Callable[[], None]:
        def work() -> None:
            for i in range(per_thread):
                core_actions.create_user(f"{prefix}{i}", None, acting_user=None)

        return work

    with database_for_threads(tmp_path) as connect:
        run_together(connect, [writer("an"), writer("binh")])
        assert User.objects.count() == 2 * per_thread
        # One chain: seq 1..n without gaps or duplicates, each entry linked to the one
        # before, whichever thread wrote it.
        assert verify_chain() == (2 * per_thread, None)
        actors = list(AuditEntry.objects.order_by("seq").values_list("summary", flat=True))
        assert len(actors) == 2 * per_thread
        assert AuditChainHead.objects.get().last_seq == 2 * per_thread
