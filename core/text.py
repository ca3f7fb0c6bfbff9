"""Vietnamese text folding, shared by every app that compares or shortens Vietnamese text.

Neutral ground on purpose: content (feed matching) and dispatch (unaccented SMS) both need it, and
calendars depends on nothing of ours, so neither app has to import the other.
"""

import re
import unicodedata

# Unicode gives đ/Đ no decomposition (they are letters of their own, not d + a mark), so NFD leaves them.
_EXPLICIT = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def unaccent(text: str) -> str:
    """Strip Vietnamese diacritics, keeping case: 'Đắk Lắk' → 'Dak Lak'."""
    decomposed = unicodedata.normalize("NFD", text or "").translate(_EXPLICIT)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Unaccented lowercase with single spaces: how Mùa compares Vietnamese text ('Hòa' = 'Hoà' = 'hoa')."""
    return _SPACES.sub(" ", unaccent(text).lower()).strip()


def fold_words(text: str) -> str:
    """`fold`, with every run of punctuation turned into one space: ' bac giang ' style, for phrase search."""
    return " " + _NON_WORD.sub(" ", fold(text)).strip() + " "
