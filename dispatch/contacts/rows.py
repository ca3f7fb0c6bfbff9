"""One imported row -> a Contact (unsaved) or a precise reason it is refused; and how two records merge.

Pure functions over prepared lookups, so the import loop touches the database once per batch, not per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import unaccent
from dispatch.contacts.models import ConsentSource, Contact, ContactKind

from .phones import InvalidPhone, phone_normalize

HCM = ZoneInfo("Asia/Ho_Chi_Minh")

KIND_ALIASES = {
    **{k.value: k.value for k in ContactKind},
    **dict.fromkeys(
        [
            "ho sxnn",
            "ho san xuat",
            "ho san xuat nong nghiep",
            "nong dan",
            "ho nong dan",
            "farmer",
            "household",
        ],
        ContactKind.FARM_HOUSEHOLD.value,
    ),
    **dict.fromkeys(["nguoi tieu dung", "khach hang", "ntd"], ContactKind.CONSUMER.value),
    **dict.fromkeys(["htx", "hop tac xa", "coop", "co-op"], ContactKind.COOPERATIVE.value),
    **dict.fromkeys(["thuong lai", "dai ly", "merchant"], ContactKind.TRADER.value),
    "khac": ContactKind.OTHER.value,
}
YES = {"co", "yes", "y", "1", "x", "true", "dong y", "da dong y", "ok"}
NO = {"", "khong", "no", "n", "0", "false", "chua", "tu choi"}
_PROVINCE_WORDS = ("thanh pho ", "tinh ", "tp. ", "tp ")


class RowError(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class RowContext:
    """What every row of one import shares: its owner, scope, consent policy and province lookup."""

    organisation_id: int
    provinces: dict[str, int]  # normalised code or name -> 2022 province id; None value = ambiguous
    allowed_province_ids: set[int] | None  # None = every province
    default_province_id: int | None
    consent_column: bool
    consent_evidence: str
    now: dt.datetime = field(default_factory=timezone.now)

    def may_write(self, existing: ContactRow) -> bool:
        """Whether this import may update a contact already known: every contact for a national body,
        else one in the organisation's provinces (the rule of selectors.contact_scope_q for a DIC)."""
        return self.allowed_province_ids is None or existing.province_id in self.allowed_province_ids


@lru_cache(maxsize=8192)
def _flat_text(value: str) -> str:
    return " ".join(unaccent(value).lower().replace("-", " ").split())


def _flat(value) -> str:
    """Lower-case, unaccented, single-spaced; cached because a column holds few distinct values."""
    return _flat_text(str(value))


def province_key(value) -> str:
    """'Tỉnh Bắc Giang', 'bac giang', '24', 24.0 -> one lookup key."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _flat(value)
    if text.isdigit():
        return text.zfill(2)
    for word in _PROVINCE_WORDS:
        text = text.removeprefix(word)
    return text.replace(" ", "")


# The columns an import writes, in the order ContactRow holds them.
COLUMNS = [
    "phone",
    "name",
    "province_id",
    "kind",
    "tags",
    "consent_source",
    "consent_at",
    "consent_evidence",
    "organisation_id",
    "created_at",
    "updated_at",
]
MERGE_FIELDS = ["name", "province_id", "kind", "tags", "consent_source", "consent_at", "consent_evidence"]


@dataclass(slots=True)
class ContactRow:
    """A contact as an import sees it: a plain record, because a model instance per row costs more than
    parsing the row itself at a million rows."""

    phone: str
    name: str
    province_id: int | None
    kind: str
    tags: str
    consent_source: str
    consent_at: dt.datetime | None
    consent_evidence: str
    organisation_id: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]

    def as_tuple(self) -> tuple:
        return _columns_of(self)

    def as_model(self) -> Contact:
        return Contact(**{c: getattr(self, c) for c in COLUMNS})


_columns_of = attrgetter(*COLUMNS)


def contact_from_row(values: dict, ctx: RowContext) -> ContactRow:
    """A ContactRow for this row, or RowError saying which field is wrong and why."""
    try:
        phone = phone_normalize(values.get("phone"))
    except InvalidPhone as exc:
        raise RowError(f"phone_{exc.code}", exc.message) from None
    province_id = _province(values.get("province"), ctx)
    return ContactRow(
        phone=phone.e164,
        name=" ".join(str(values.get("name") or "").split())[:200],
        province_id=province_id,
        kind=_kind(values.get("kind")),
        tags=tags_normalize(values.get("tags")),
        organisation_id=ctx.organisation_id,
        created_at=ctx.now,
        updated_at=ctx.now,
        **_consent(values, ctx),
    )


def _province(value, ctx: RowContext) -> int | None:
    if value in (None, ""):
        if ctx.default_province_id is None and ctx.allowed_province_ids is not None:
            raise RowError("province_missing", _("Thiếu tỉnh/thành."))
        return ctx.default_province_id
    key = province_key(value)
    if key not in ctx.provinces:
        raise RowError("province_unknown", _("Không nhận ra tỉnh/thành '%(v)s'.") % {"v": value})
    province_id = ctx.provinces[key]
    if province_id is None:
        raise RowError(
            "province_ambiguous",
            _("'%(v)s' là đơn vị sau sáp nhập gồm nhiều tỉnh cũ; hãy ghi tỉnh theo bản đồ 63 tỉnh.")
            % {"v": value},
        )
    if ctx.allowed_province_ids is not None and province_id not in ctx.allowed_province_ids:
        raise RowError(
            "province_out_of_scope", _("Tỉnh/thành '%(v)s' ngoài phạm vi của tổ chức.") % {"v": value}
        )
    return province_id


def _kind(value) -> str:
    """Kind code; an empty cell is '' so a merge keeps the kind already known."""
    if value in (None, ""):
        return ""
    kind = KIND_ALIASES.get(_flat(value))
    if kind is None:
        raise RowError(
            "kind_unknown", _("Đối tượng '%(v)s' không có (hộ SXNN, người tiêu dùng, HTX, …).") % {"v": value}
        )
    return kind


def tags_normalize(value) -> str:
    """'Vải thiều; OCOP' -> ',ocop,vai-thieu,' (sorted, de-duplicated slugs)."""
    if value in (None, ""):
        return ""
    return _tags(str(value))


@lru_cache(maxsize=8192)
def _tags(value: str) -> str:
    parts = value.replace(";", ",").replace("|", ",").split(",")
    slugs = sorted({"-".join(_flat(p).split()) for p in parts} - {""})
    text = "," + ",".join(slugs) + "," if slugs else ""
    if len(text) > 500:
        raise RowError("tags_too_long", _("Quá nhiều nhãn (tối đa 500 ký tự)."))
    return text


def _consent(values: dict, ctx: RowContext) -> dict:
    if ctx.consent_column:
        answer = _flat(values.get("consent") or "")
        if answer in NO:
            return {"consent_source": "", "consent_at": None, "consent_evidence": ""}
        if answer not in YES:
            raise RowError(
                "consent_unknown", _("Cột đồng ý '%(v)s' phải là có/không.") % {"v": values.get("consent")}
            )
    elif not ctx.consent_evidence:
        return {"consent_source": "", "consent_at": None, "consent_evidence": ""}
    return {
        "consent_source": ConsentSource.IMPORT.value,
        "consent_at": _consent_time(values.get("consent_at"), ctx),
        "consent_evidence": ctx.consent_evidence[:300],
    }


def _consent_time(value, ctx: RowContext) -> dt.datetime:
    if value in (None, ""):
        return ctx.now
    if isinstance(value, dt.datetime):
        moment = value if timezone.is_aware(value) else value.replace(tzinfo=HCM)
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(), tzinfo=HCM)
    else:
        moment = None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S"):
            try:
                moment = dt.datetime.strptime(str(value).strip(), fmt).replace(tzinfo=HCM)
                break
            except ValueError:
                continue
        if moment is None:
            raise RowError(
                "consent_at_invalid", _("Ngày đồng ý '%(v)s' không đọc được (dd/mm/yyyy).") % {"v": value}
            )
    if moment > ctx.now:
        raise RowError("consent_at_future", _("Ngày đồng ý '%(v)s' ở tương lai.") % {"v": value})
    return moment


def merge(
    old: ContactRow, new: ContactRow, *, keep_province: bool = False, keep_consent: bool = False
) -> ContactRow:
    """The record after `new` is imported over `old`: filled-in fields win, tags add up, first consent stays.

    The owner and creation time stay with `old`. `keep_province` protects a contact an importer may not move;
    `keep_consent` keeps `old`'s consent (or its absence) when the importer is not the contact's holder.
    """
    source = old if old.consent_source or keep_consent else new
    return ContactRow(
        phone=old.phone,
        name=new.name or old.name,
        province_id=old.province_id if keep_province or not new.province_id else new.province_id,
        kind=new.kind or old.kind,
        tags=old.tags
        if new.tags in ("", old.tags)
        else tags_normalize(",".join(old.tag_list + new.tag_list)),
        consent_source=source.consent_source,
        consent_at=source.consent_at,
        consent_evidence=source.consent_evidence,
        organisation_id=old.organisation_id,
        created_at=old.created_at,
        updated_at=old.updated_at,
    )


def same(a: ContactRow, b: ContactRow) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in MERGE_FIELDS)
