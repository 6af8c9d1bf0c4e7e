"""Between the preview and the confirmation: the rows travel signed (django.core.signing),
so the confirmation writes exactly what was previewed, checked again; nothing is stored in
between."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.core import signing
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress
from daihoi.delegates.imports.rows import RawDelegateRow, RosterFileError

SIGNING_SALT = "daihoi.delegates.import-roster"


def sign_rows(congress: Congress, rows: Sequence[RawDelegateRow], file_name: str) -> str:
    payload = {"congress": congress.pk, "file": file_name, "rows": [asdict(r) for r in rows]}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def unsign_rows(congress: Congress, token: str) -> tuple[list[RawDelegateRow], str]:
    """The rows of a preview of this congress; RosterFileError when the token was altered, is
    older than a day, or belongs to another congress."""
    try:
        payload: dict[str, Any] = signing.loads(token, salt=SIGNING_SALT, max_age=86_400)
    except signing.BadSignature:
        raise RosterFileError(
            _("Bản xem trước đã hết hạn hoặc bị thay đổi: tải tệp lên lại.")
        ) from None
    if payload.get("congress") != congress.pk:
        raise RosterFileError(_("Bản xem trước không thuộc đại hội này: tải tệp lên lại."))
    rows = [
        RawDelegateRow(**{**row, "formulas": tuple(row.get("formulas", ()))})
        for row in payload["rows"]
    ]
    return rows, str(payload.get("file", ""))
