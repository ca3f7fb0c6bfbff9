"""SMS text rules: encoding, parts, the unaccented variant and cost.

GSM-7 (3GPP TS 23.038 default alphabet) fits 160 characters in one SMS and 153 per part when a message
is concatenated; the extension characters take an escape plus the character, so they count two. Any other
character switches the whole message to UCS-2: 70 characters, 67 per part, counted in UTF-16 code units
(an emoji counts two). Parts are counted by packing, not by division, because a two-unit character never
straddles a part boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from core.text import unaccent  # one folding for every app; re-exported for dispatch callers

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}[]~\\|€\f")

GSM7 = "GSM-7"
UCS2 = "UCS-2"
LIMITS = {GSM7: (160, 153), UCS2: (70, 67)}

DEFAULT_PRICE_PER_PART_VND = 800


GSM7_ALL = GSM7_BASIC | GSM7_EXTENSION


def encoding(text: str) -> str:
    """GSM-7 when every character is in the default alphabet or its extension, else UCS-2."""
    return GSM7 if GSM7_ALL.issuperset(text) else UCS2


def units(ch: str, enc: str) -> int:
    """Units one character takes in the encoding: an escaped GSM-7 extension or a UCS-2 character beyond
    the basic plane (an emoji: a surrogate pair) takes two, any other one."""
    if enc == GSM7:
        return 2 if ch in GSM7_EXTENSION else 1
    return 2 if ord(ch) > 0xFFFF else 1


def _length(text: str, enc: str) -> int:
    if enc == GSM7:
        return len(text) + sum(text.count(ch) for ch in GSM7_EXTENSION)
    return len(text.encode("utf-16-le")) // 2


def _parts(text: str, enc: str, total: int) -> int:
    single, per_part = LIMITS[enc]
    if total <= single:
        return 1 if text else 0
    if total == len(text):  # every character one unit: nothing can straddle a boundary
        return -(-total // per_part)
    count, used = 1, 0
    for ch in text:
        size = units(ch, enc)
        if used + size > per_part:
            count, used = count + 1, 0
        used += size
    return count


def length(text: str) -> int:
    """Length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2."""
    return _length(text, encoding(text))


def parts(text: str) -> int:
    """How many SMS the text is sent as (0 for an empty text)."""
    enc = encoding(text)
    return _parts(text, enc, _length(text, enc))


def price_per_part() -> int:
    """VND per SMS part, from settings (the provider contract)."""
    return int(getattr(settings, "MUA_SMS_PRICE_PER_PART_VND", DEFAULT_PRICE_PER_PART_VND))


@dataclass(frozen=True)
class TextInfo:
    text: str
    encoding: str
    length: int
    parts: int
    cost_vnd: int  # one recipient


def describe(text: str) -> TextInfo:
    enc = encoding(text)
    total = _length(text, enc)
    n = _parts(text, enc, total)
    return TextInfo(text=text, encoding=enc, length=total, parts=n, cost_vnd=n * price_per_part())


@dataclass(frozen=True)
class Variants:
    """The text as written and unaccented, side by side, with the blast cost of each."""

    accented: TextInfo
    unaccented: TextInfo
    recipients: int

    @property
    def accented_blast_vnd(self) -> int:
        return self.accented.cost_vnd * self.recipients

    @property
    def unaccented_blast_vnd(self) -> int:
        return self.unaccented.cost_vnd * self.recipients


def compare(text: str, *, recipients: int = 1) -> Variants:
    return Variants(accented=describe(text), unaccented=describe(unaccent(text)), recipients=recipients)
