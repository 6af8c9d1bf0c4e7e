"""The append-only, hash-chained audit log.

Every action appends one entry inside its own transaction (so the entry exists exactly when
the change does). Each entry's hash covers the previous entry's hash, so removing, reordering
or editing any entry breaks the chain from that point; `verify_chain` finds the first break.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from daihoi.core.models import AuditChainHead, AuditEntry, User

GENESIS_HASH = "0" * 64


def to_json_value(value: Any) -> Any:
    """Turn a Python value (dates, Decimals, UUIDs…) into plain JSON data, as stored."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return {
        "seq": entry.seq,
        "at": at,
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "summary": entry.summary,
        "before": entry.before,
        "after": entry.after,
        "prev_hash": entry.prev_hash,
    }


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(_hashed_fields(entry))).hexdigest()


def append_entry(
    *,
    acting_user: User | None,
    action: str,
    object_type: str = "",
    object_id: object = "",
    summary: str = "",
    before: Any = None,
    after: Any = None,
    head: ChainHead | None = None,
) -> AuditEntry:
    """Append one entry; must run inside the caller's transaction (the action's). `head`:
    the chain's head, if the action has already read it, locked, in one of its own statements
    of this transaction (with locked_head_select): one round trip less."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("append_entry must run inside the action's transaction")
    last_seq, last_hash = (head.last_seq, head.last_hash) if head else _lock_head(connection)
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    entry = AuditEntry(
        seq=last_seq + 1,
        at=timezone.now(),
        actor=actor,
        actor_username=actor.username if actor else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        summary=summary[:500],
        before=to_json_value(before),
        after=to_json_value(after),
        prev_hash=last_hash,
    )
    entry.entry_hash = compute_hash(entry)
    # A trigger (core migration 0005) moves the head to this entry as it is inserted.
    entry.save(force_insert=True)
    return entry


# Every action of every user passes here (each keyed ballot among them), so the head is read
# in plain SQL: the ORM takes ten times longer to build the statement than the database takes
# to run it (decision 0011).
_HEAD = AuditChainHead._meta.db_table


@dataclass(frozen=True)
class ChainHead:
    """The chain's last entry (0 and the genesis hash before the first)."""

    last_seq: int
    last_hash: str


def locked_head_select(connection: Any) -> str:
    """A SELECT of the head's last_seq and last_hash that locks its row until the action's
    transaction ends (SQLite: the IMMEDIATE transaction already holds the write lock), for an
    action to embed as a derived table in a statement of its own (outer-joined: there is no
    row before the database's first entry)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return f"SELECT last_seq, last_hash FROM {_HEAD} WHERE id = 1{lock}"


def _lock_head(connection: Any) -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(locked_head_select(connection))
        row = cursor.fetchone()
    if row is None:  # the first entry ever: create the head, then lock it
        AuditChainHead.objects.get_or_create(id=1)
        return _lock_head(connection)
    return int(row[0]), str(row[1])


def latest_entry_for(action: str, object_type: str, object_id: object) -> AuditEntry | None:
    """The most recent entry of `action` on the object (e.g. the closing of a round)."""
    entries = AuditEntry.objects.filter(
        action=action, object_type=object_type, object_id=str(object_id)
    )
    return entries.order_by("-seq").first()


# --- Anchors: entries written down outside the database ---------------------------------------
# The chain shows that nothing was removed, reordered or edited *unless the whole chain after
# the change was recomputed*, which whoever holds the database can do. An anchor — an entry's
# number and hash printed on a signed paper (the counting minutes print the closing of their
# round) — closes that gap: a recomputed chain no longer has that hash at that number.


@dataclass(frozen=True)
class Anchor:
    seq: int
    entry_hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.entry_hash}"


def parse_anchor(text: str) -> Anchor:
    """ "SEQ:HASH" (as printed on the minutes, the number without thousand separators)."""
    seq, _, entry_hash = text.strip().partition(":")
    entry_hash = entry_hash.strip().lower()
    if not seq.strip().isdigit() or len(entry_hash) != 64 or not _is_hex(entry_hash):
        raise ValueError(f"mốc “{text}” không hợp lệ: cần SỐ_MỤC:MÃ_BĂM (64 chữ số hệ 16)")
    return Anchor(int(seq), entry_hash)


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


def anchor_problem(anchor: Anchor) -> str | None:
    """Why the database does not hold the anchored entry as written down, or None."""
    entry = AuditEntry.objects.filter(seq=anchor.seq).first()
    if entry is None:
        return f"không còn mục số {anchor.seq}"
    if entry.entry_hash != anchor.entry_hash:
        return (
            f"mục số {anchor.seq} có mã băm khác mốc đã ghi ({entry.entry_hash[:12]}… thay vì "
            f"{anchor.entry_hash[:12]}…): nhật ký đã bị viết lại"
        )
    return None


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def _entries_in_order(batch_size: int = 2000) -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size)


def verify_chain() -> tuple[int, ChainBreak | None]:
    """Recompute the chain; return (entries checked, first break or None)."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for entry in _entries_in_order():
        if entry.seq != expected_seq:
            return checked, ChainBreak(expected_seq, "missing")
        if entry.prev_hash != expected_prev:
            return checked, ChainBreak(entry.seq, "prev_hash")
        if compute_hash(entry) != entry.entry_hash:
            return checked, ChainBreak(entry.seq, "content")
        expected_prev = entry.entry_hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_seq != checked:
        return checked, ChainBreak(checked + 1, "missing")
    return checked, None


BREAK_MESSAGES = {
    "missing": "mục số {seq} bị mất (chuỗi bị đứt)",
    "prev_hash": "mục số {seq} không nối với mục trước (mã băm trước không khớp)",
    "content": "nội dung mục số {seq} đã bị sửa (mã băm không khớp)",
}


def describe_break(chain_break: ChainBreak) -> str:
    return BREAK_MESSAGES[chain_break.reason].format(seq=chain_break.seq)
