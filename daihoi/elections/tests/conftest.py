"""Election tests: golden files for generated documents.

Extracted text of generated documents (never their bytes) is compared with the plain-text
files in golden/. To accept a deliberate change, re-run the election tests with
`--update-golden` (registered in the root conftest):

    .venv/bin/pytest daihoi/elections/tests --update-golden
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"

#: Every closing in document tests happens at this moment (the minutes carry the date).
CLOSED_AT = dt.datetime(2025, 7, 16, 2, 30, tzinfo=dt.UTC)  # 09:30 in Hà Nội


@pytest.fixture
def golden(request: Any) -> Callable[[str, str], None]:
    update = bool(request.config.getoption("--update-golden", default=False))

    def check(name: str, text: str) -> None:
        # The result's SHA-256 covers the candidates' database ids, which differ from one
        # database to the next: the golden text has a placeholder where it stands.
        text = re.sub(r"\b[0-9a-f]{64}\b", "<SHA-256>", text)
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"thiếu tệp mẫu {path}: chạy pytest với --update-golden"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"văn bản khác tệp mẫu {name} (chạy --update-golden nếu cố ý)"

    return check


@pytest.fixture
def fixed_now(monkeypatch: Any) -> dt.datetime:
    """Freeze django.utils.timezone.now so that documents dated by the closing are stable."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: CLOSED_AT)
    return CLOSED_AT
