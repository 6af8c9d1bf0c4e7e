"""Text helpers: every name is stored NFC; search compares accent-free lower-case text."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """NFC-normalize and collapse runs of whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics ("Đảng bộ Phường Ất" → "dang bo phuong at")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())
