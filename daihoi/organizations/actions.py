"""The only code that writes organizations. Every action is atomic and audited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.utils import timezone

from daihoi.core.audit import append_entry
from daihoi.core.models import User
from daihoi.core.text import fold, nfc
from daihoi.organizations.models import Organization, PendingImport, encode_segment


@dataclass(frozen=True)
class NewOrganization:
    """One organization to insert; `parent_code` names an existing or an earlier new one."""

    code: str
    name: str
    level: int
    kind: str
    form: str
    official_members: int
    probationary_members: int
    parent_code: str | None


def _reserve_ids(count: int) -> list[int]:
    """Ids for a bulk insert, taken before the rows exist so paths are written in one pass."""
    if count == 0:
        return []
    table = Organization._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the IMMEDIATE transaction holds the write lock, so max(id) is stable.
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


def _nfc_codes(row: NewOrganization) -> NewOrganization:
    code = nfc(row.code)
    parent_code = nfc(row.parent_code) if row.parent_code else None
    if code == row.code and parent_code == row.parent_code:
        return row  # the usual case: no copy
    return replace(row, code=code, parent_code=parent_code)


INSERT_BATCH = 5000


def insert_organizations(
    rows: Sequence[NewOrganization],
    *,
    batch_size: int | None = None,
    written: Callable[[int], None] | None = None,
) -> dict[str, Organization]:
    """Insert rows (parents before children) and return them by code; `written(n)` is told
    how many are inserted after each batch (a job's progress). No audit entry: callers
    (actions) write one for the whole operation."""
    # Codes are matched as stored (NFC): a code or parent code typed in NFD must still
    # find its parent, and the result is keyed by the stored code.
    rows = [_nfc_codes(row) for row in rows]
    ids = _reserve_ids(len(rows))
    codes = {row.code for row in rows}
    existing_parents = {
        org.code: org
        for org in Organization.objects.filter(
            code__in={r.parent_code for r in rows if r.parent_code and r.parent_code not in codes}
        ).only("id", "code", "path", "depth")
    }
    by_code: dict[str, Organization] = dict(existing_parents)
    created: dict[str, Organization] = {}
    for pk, row in zip(ids, rows, strict=True):
        parent = by_code[row.parent_code] if row.parent_code else None
        name = nfc(row.name)
        org = Organization(
            id=pk,
            code=nfc(row.code),
            name=name,
            search_name=fold(name),
            level=row.level,
            kind=row.kind,
            form=row.form,
            official_members=row.official_members,
            probationary_members=row.probationary_members,
            parent_id=parent.id if parent else None,
            path=(parent.path if parent else "") + encode_segment(pk),
            depth=(parent.depth + 1) if parent else 0,
        )
        by_code[org.code] = org
        created[org.code] = org
    batch_size = batch_size or INSERT_BATCH
    new_rows = list(created.values())
    for start in range(0, len(new_rows), batch_size):
        Organization.objects.bulk_create(new_rows[start : start + batch_size])
        if written is not None:
            written(min(start + batch_size, len(new_rows)))
    return created


def organization_snapshot(org: Organization) -> dict[str, object]:
    return {
        "code": org.code,
        "name": org.name,
        "level": org.level,
        "kind": org.kind,
        "form": org.form,
        "official_members": org.official_members,
        "probationary_members": org.probationary_members,
        "parent_id": org.parent_id,
    }


@transaction.atomic
def create_organization(row: NewOrganization, *, acting_user: User | None) -> Organization:
    org = insert_organizations([row])[nfc(row.code)]
    append_entry(
        acting_user=acting_user,
        action="organization.create",
        object_type="organization",
        object_id=org.pk,
        summary=f"Tạo tổ chức {org.code} — {org.name}",
        after=organization_snapshot(org),
    )
    return org


# An import at least this big refreshes PostgreSQL's statistics once it is committed.
BIG_IMPORT_ROWS = 1000


def refresh_planner_statistics() -> None:
    """VACUUM ANALYZE the organizations table on PostgreSQL (nothing to do on SQLite).

    Right after a bulk insert the new rows are not yet marked all-visible, so the subtree
    rollup cannot be answered from its covering index alone, and the planner's row estimates
    are stale (ANALYZE alone then picks an index scan that visits the table, 2-3x slower; see
    docs/scaling.md). Autovacuum would fix both within a minute for a first import, but not
    for a province added to a national table. VACUUM cannot run inside a transaction: this
    runs after the import's commit (on_commit); it takes well under a second for 330,000
    rows and blocks neither reads nor writes. (With synchronous_commit off, as in the test
    cluster, a VACUUM this soon after the commit cannot yet mark the new pages visible.)"""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM (ANALYZE) "{Organization._meta.db_table}"')


@transaction.atomic
def import_organizations(
    rows: Sequence[NewOrganization],
    *,
    acting_user: User | None,
    source_name: str = "",
    written: Callable[[int], None] | None = None,
) -> dict[str, Organization]:
    """Write a whole validated import: all rows or none (the caller validated them)."""
    created = insert_organizations(rows, written=written)
    if len(created) >= BIG_IMPORT_ROWS:
        transaction.on_commit(refresh_planner_statistics, robust=True)
    append_entry(
        acting_user=acting_user,
        action="organization.import",
        object_type="organization",
        summary=f"Nhập {len(created)} tổ chức từ tệp {source_name}".strip(),
        after={"count": len(created), "codes": sorted(created)[:1000], "file": source_name},
    )
    return created


@transaction.atomic
def update_organization(
    org: Organization,
    *,
    acting_user: User | None,
    name: str,
    kind: str,
    official_members: int,
    probationary_members: int,
) -> Organization:
    before = organization_snapshot(org)
    org.name = nfc(name)
    org.search_name = fold(org.name)
    org.kind = kind
    org.official_members = official_members
    org.probationary_members = probationary_members
    org.save(
        update_fields=["name", "search_name", "kind", "official_members", "probationary_members"]
    )
    append_entry(
        acting_user=acting_user,
        action="organization.update",
        object_type="organization",
        object_id=org.pk,
        summary=f"Sửa tổ chức {org.code}",
        before=before,
        after=organization_snapshot(org),
    )
    return org


# --- Hierarchy import: the upload kept for preview, then the confirmed write ---------------


@transaction.atomic
def create_pending_import(
    *, owner: User, file_name: str, rows: list[list[object]], acting_user: User | None
) -> PendingImport:
    """Keep an uploaded file's rows until its owner confirms them (nothing is imported)."""
    pending = PendingImport.objects.create(
        owner=owner, file_name=nfc(file_name)[:255], rows=rows, row_count=len(rows)
    )
    append_entry(
        acting_user=acting_user,
        action="organization.import_upload",
        object_type="pending_import",
        object_id=pending.pk,
        summary=f"Tải lên tệp {pending.file_name} ({len(rows)} dòng) để xem trước",
        after={"file": pending.file_name, "rows": len(rows), "owner": owner.username},
    )
    return pending


@transaction.atomic
def confirm_pending_import(
    pending: PendingImport,
    rows: Sequence[NewOrganization],
    *,
    acting_user: User | None,
    written: Callable[[int], None] | None = None,
) -> dict[str, Organization]:
    """Write the rows of a pending import (validated again by the caller in this same
    transaction) and mark it used, so that it cannot be imported twice. The audit entry is
    import_organizations' own."""
    created = import_organizations(
        rows, acting_user=acting_user, source_name=pending.file_name, written=written
    )
    pending.used_at = timezone.now()
    pending.save(update_fields=["used_at"])
    return created
