"""Vietnamese mobile numbers: the forms people really type, old 11-digit prefixes, and precise refusals.

Every number that enters Mùa goes through `phone_normalize`. The fast path (a Vietnamese number in any of
the usual national or +84 forms) is plain string work, because imports call it a million times; anything
that is not obviously Vietnamese is handed to `phonenumbers` (region VN) to be classified. The current
mobile prefixes are an explicit allow-list: `phonenumbers`' metadata lags the regulator's allocations
(it rejects most of 055, 089 and 052, which are live).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import phonenumbers

from core.errors import DomainError

# Current 3-digit mobile prefixes (with the trunk 0) and their network.
MOBILE_PREFIXES: dict[str, str] = {
    **{
        p: "Viettel"
        for p in ("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098")
    },
    **{p: "MobiFone" for p in ("070", "076", "077", "078", "079", "089", "090", "093")},
    **{p: "VinaPhone" for p in ("081", "082", "083", "084", "085", "088", "091", "094")},
    **{p: "Vietnamobile" for p in ("052", "056", "058", "092")},
    **{p: "Gmobile" for p in ("059", "099")},
    "087": "Itelecom",
    "055": "Wintel",
}

# The 2018 conversion of 11-digit mobile numbers (4-digit prefix -> 3-digit prefix, same 7 digits after).
OLD_PREFIXES: dict[str, str] = {
    **{f"016{d}": f"03{d}" for d in "23456789"},  # Viettel 0162-0169 -> 032-039
    "0120": "070",  # MobiFone
    "0121": "079",
    "0122": "077",
    "0126": "076",
    "0128": "078",
    "0123": "083",  # VinaPhone
    "0124": "084",
    "0125": "085",
    "0127": "081",
    "0129": "082",
    "0186": "056",  # Vietnamobile
    "0188": "058",
    "0199": "059",  # Gmobile
}

# Refusal codes and the message an officer reads.
REASONS: dict[str, str] = {
    "empty": "Thiếu số điện thoại.",
    "not_a_number": "Không phải số điện thoại (có chữ hoặc ký tự lạ).",
    "excel_truncated": "Số bị Excel đổi sang dạng khoa học (vd. 8.49123E+10) và mất chữ số; hãy định dạng "
    "cột là Văn bản rồi xuất lại.",
    "too_short": "Số quá ngắn: di động Việt Nam có 10 chữ số (0xx xxx xxxx).",
    "too_long": "Số quá dài: di động Việt Nam có 10 chữ số (0xx xxx xxxx).",
    "landline": "Số cố định (không nhận được SMS).",
    "not_mobile": "Không phải số di động (tổng đài, dịch vụ).",
    "unknown_prefix": "Đầu số di động không có trong danh sách đầu số đang dùng.",
    "not_vietnamese": "Không phải số Việt Nam.",
    "several_numbers": "Ô chứa nhiều số điện thoại; mỗi dòng chỉ ghi một số.",
}

# Characters people put between digits; removed before reading the number.
_SEPARATORS = re.compile(r"[\s\-.()/\u00a0\u2010-\u2015]")
# Two runs of 9+ digits (allowing the usual separators inside each) mean two numbers in one cell.
_SEVERAL = re.compile(r"\+?\d(?:[\d .\-()]*\d){8,}")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")


class InvalidPhone(DomainError):
    """A number Mùa refuses; `code` is one of REASONS."""

    def __init__(self, code: str, raw: object = ""):
        super().__init__(REASONS[code], field="phone")
        self.code = code
        self.raw = raw


@dataclass(frozen=True)
class Phone:
    e164: str  # +84xxxxxxxxx
    carrier: str
    converted_from: str | None = None  # the old 11-digit national form, when converted

    @property
    def national(self) -> str:
        return "0" + self.e164[3:]


def phone_normalize(raw: object) -> Phone:
    """Read a Vietnamese mobile number from what a person or a spreadsheet produced, or raise InvalidPhone."""
    if type(raw) is str and len(raw) == 10 and raw[0] == "0" and raw.isdigit() and raw.isascii():
        return _mobile(raw[1:], raw)  # the common, clean case: skip normalisation
    text = _clean(raw)
    if text.startswith("+"):
        if not text.startswith("+84"):
            raise InvalidPhone(_classify_foreign(text), raw)
        nsn = text[3:].removeprefix("0")  # "+84 (0) 912 345 678"
    elif text.startswith("00"):
        if not text.startswith("0084"):
            raise InvalidPhone(_classify_foreign("+" + text[2:]), raw)
        nsn = text[4:].removeprefix("0")
    elif text.startswith("84") and len(text) in (11, 12):
        # 84912345678 (9-digit number), 84168... (old 10-digit number), 840912345678 (trunk 0 kept)
        nsn = text[2:] if not (text[2] == "0" and len(text) == 12) else text[3:]
    elif text.startswith("0"):
        nsn = text[1:]
    else:
        nsn = text  # 912345678: the leading 0 was eaten by a spreadsheet
    return _mobile(nsn, raw)


def phone_reason(raw: object) -> str | None:
    """The refusal code for a number, or None when it is accepted."""
    try:
        phone_normalize(raw)
    except InvalidPhone as exc:
        return exc.code
    return None


def _clean(raw: object) -> str:
    if raw is None:
        raise InvalidPhone("empty", raw)
    if isinstance(raw, bool):
        raise InvalidPhone("not_a_number", raw)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        # A numeric spreadsheet cell: exact while below 2**53, which every phone number is.
        if not raw.is_integer():
            raise InvalidPhone("not_a_number", raw)
        return str(int(raw))
    text = unicodedata.normalize("NFKC", str(raw)).strip().lstrip("'’‘`").strip()
    if not text:
        raise InvalidPhone("empty", raw)
    if _SCIENTIFIC.match(text):
        return _from_scientific(text, raw)
    if len(_SEVERAL.findall(text)) > 1:
        raise InvalidPhone("several_numbers", raw)
    text = _SEPARATORS.sub("", text)
    if text.startswith("+"):
        body = text[1:]
        if not body.isdigit():
            raise InvalidPhone("not_a_number", raw)
        return text
    if not text.isdigit() or not text.isascii():
        raise InvalidPhone("not_a_number", raw)
    return text


def _from_scientific(text: str, raw: object) -> str:
    """`8.4912345678E+10` is exact and accepted; `8.49123E+10` lost digits and is refused."""
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InvalidPhone("not_a_number", raw) from None
    if value != value.to_integral_value():
        raise InvalidPhone("not_a_number", raw)
    digits = str(int(value))
    mantissa = text.lower().split("e")[0].replace(",", ".").replace(".", "").lstrip("0")
    # Excel shows 6 significant digits; a mantissa shorter than the number means the rest were lost.
    if len(mantissa) < len(digits.rstrip("0")) or len(mantissa) < 9:
        raise InvalidPhone("excel_truncated", raw)
    return digits


def _mobile(nsn: str, raw: object) -> Phone:
    """A national significant number (no trunk 0) -> Phone, converting old 11-digit prefixes."""
    converted_from = None
    if len(nsn) == 10 and ("0" + nsn[:3]) in OLD_PREFIXES:
        converted_from = "0" + nsn
        nsn = OLD_PREFIXES["0" + nsn[:3]][1:] + nsn[3:]
    if len(nsn) == 9:
        carrier = MOBILE_PREFIXES.get("0" + nsn[:2])
        if carrier is not None:
            return Phone(e164="+84" + nsn, carrier=carrier, converted_from=converted_from)
    raise InvalidPhone(_classify_vietnamese(nsn), raw)


def _classify_vietnamese(nsn: str) -> str:
    """Why a +84 number that is not a current mobile number is refused."""
    try:
        number = phonenumbers.parse("+84" + nsn, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        kind = phonenumbers.number_type(number)
        if kind == phonenumbers.PhoneNumberType.FIXED_LINE:
            return "landline"
        if kind not in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            return "not_mobile"
    if nsn.startswith("2") and len(nsn) == 10:
        return "landline"  # 02x area codes, including ranges phonenumbers does not know yet
    if nsn.startswith(("1800", "1900")):
        return "not_mobile"
    if len(nsn) < 9:
        return "too_short"
    if len(nsn) > 10 or (len(nsn) == 10 and not nsn.startswith("1")):
        return "too_long"
    return "unknown_prefix"


def _classify_foreign(text: str) -> str:
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return "not_a_number"
    if phonenumbers.region_code_for_number(number) == "VN":  # pragma: no cover - +84 handled before
        return "unknown_prefix"
    return "not_vietnamese"


def phone_mask(e164: str) -> str:
    """+84912345678 -> 0912 *** 678, for pages that show real contacts to staff."""
    national = "0" + e164[3:]
    return f"{national[:4]} *** {national[-3:]}"
