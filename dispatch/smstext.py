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

from calendars.text import unaccent  # one folding for every app; re-exported for dispatch callers

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}[]~\\|€\f")

GSM7 = "GSM-7"
UCS2 = "UCS-2"
LIMITS = {GSM7: (160, 153), UCS2: (70, 67)}

DEFAULT_PRICE_PER_PART_VND = 800


def encoding(text: str) -> str:
    """GSM-7 when every character is in the default alphabet or its extension, else UCS-2."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        return GSM7
    return UCS2


def _units(ch: str, enc: str) -> int:
    if enc == GSM7:
        return 2 if ch in GSM7_EXTENSION else 1
    return 2 if ord(ch) > 0xFFFF else 1


def length(text: str) -> int:
    """Length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2."""
    enc = encoding(text)
    return sum(_units(ch, enc) for ch in text)


def parts(text: str) -> int:
    """How many SMS the text is sent as (0 for an empty text)."""
    enc = encoding(text)
    single, per_part = LIMITS[enc]
    total = sum(_units(ch, enc) for ch in text)
    if total <= single:
        return 1 if text else 0
    count, used = 1, 0
    for ch in text:
        units = _units(ch, enc)
        if used + units > per_part:
            count, used = count + 1, 0
        used += units
    return count


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
    n = parts(text)
    return TextInfo(text=text, encoding=enc, length=length(text), parts=n, cost_vnd=n * price_per_part())


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
