"""The order of names on a ballot (rules.md §4; docs/rules/name-order.md).

Given name (the last word) first, then family name (the first word), then the middle
name(s), then the date of birth (earliest first) when it is known. Words compare on the
Vietnamese alphabet

    a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y

with the base letters as the primary difference and the tone of the syllable as a
secondary one, in dictionary order: none, huyền, hỏi, ngã, sắc, nặng. NFC and NFD input sort
the same, and so do the two placements of a tone ("Hoà"/"Hòa", "Thuý"/"Thúy"): the tone
belongs to the syllable, not to a letter. Letters outside the Vietnamese alphabet (f, j, w,
z in foreign names) take their Latin places; anything else comes after the letters.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

#: Letters in alphabet order, with f, j, w, z at their Latin places for foreign names.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

#: A base letter and the combining mark that make a letter of the alphabet (NFD pairs).
_MARKED = {
    "a\u0306": "ă",
    "a\u0302": "â",
    "e\u0302": "ê",
    "o\u0302": "ô",
    "o\u031b": "ơ",
    "u\u031b": "ư",
}
#: Tone marks, in dictionary order after the level tone (ngang = 0).
_TONE_RANK = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}

WordKey = tuple[tuple[int, ...], tuple[int, ...]]
NameKey = tuple[WordKey, WordKey, tuple[WordKey, ...], tuple[int, ...], str]


def clean(name: str) -> str:
    """A name as it is stored and printed: NFC, single spaces, no outer spaces."""
    return " ".join(unicodedata.normalize("NFC", name).split())


@lru_cache(maxsize=4096)
def word_key(word: str) -> WordKey:
    """(letters, tones) of one word: its letters on the Vietnamese alphabet, then its tones
    in the order they appear (a Vietnamese syllable has one; none counts as level)."""
    chars: list[str] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _TONE_RANK:
            tones.append(_TONE_RANK[char])
        elif chars and chars[-1] + char in _MARKED:
            chars[-1] = _MARKED[chars[-1] + char]
        elif not unicodedata.combining(char):
            chars.append(char)
    letters = tuple(_LETTER_RANK.get(c, len(_ALPHABET) + ord(c)) for c in chars)
    return letters, tuple(tones) or (0,)


def name_key(name: str, birth_date: datetime.date | None = None) -> NameKey:
    """Sort key of a full name on a ballot; `birth_date` breaks ties (earliest first,
    unknown last)."""
    words = clean(name).split()
    given = words[-1] if words else ""
    family = words[0] if len(words) > 1 else ""
    middle = tuple(word_key(w) for w in words[1:-1])
    born = (0, birth_date.toordinal()) if birth_date else (1,)
    # Last the spelling itself, so that the order never depends on the input order.
    return word_key(given), word_key(family), middle, born, " ".join(words)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_birth_date(text: str) -> datetime.date:
    """A date of birth written YYYY-MM-DD; ValueError otherwise."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return datetime.date.fromisoformat(text)


def sort_names(names: Iterable[str]) -> list[str]:
    """`names` in ballot order, each cleaned (NFC, single spaces)."""
    return sorted((clean(n) for n in names), key=name_key)
