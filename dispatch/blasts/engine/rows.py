"""The claimed rows a batch decides on, loaded as plain records: what sending reads of a message, its
contact (rendering, consent, validity) and the contact's province.

Plain slotted records rather than three model instances per row: building Message, Contact and Province
objects cost about as much of the batch thread's time as deciding the message (bench/RESULTS.md). They
offer what the batch and the renderer read of the models (`pk`, `phone`, `contact.has_consent`,
`contact.province.name`, …).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dispatch.models import Message

from .db import one_of

FIELDS = (
    "id",
    "phone",
    "attempts",
    "in_doubt",
    "claimed_at",
    "updated_at",
    "contact_id",
    "contact__name",
    "contact__phone",
    "contact__consent_source",
    "contact__phone_invalid_at",
    "contact__province_id",
    "contact__province__name",
)


@dataclass(slots=True)
class Province:
    name: str


@dataclass(slots=True)
class RowContact:
    name: str
    phone: str
    consent_source: str
    phone_invalid_at: dt.datetime | None
    province_id: int | None
    province: Province | None

    @property
    def has_consent(self) -> bool:
        return bool(self.consent_source)


@dataclass(slots=True)
class Row:
    pk: int
    phone: str
    attempts: int
    in_doubt: bool
    claimed_at: dt.datetime | None
    updated_at: dt.datetime
    contact_id: int
    contact: RowContact


def load_rows(ids: list[int], owner: str) -> list[Row]:
    """The rows among `ids` that `owner` still holds, in id order."""
    values = (
        Message.objects.filter(pk__in=one_of(ids, "bigint"), lease_owner=owner)
        .order_by("id")
        .values_list(*FIELDS)
    )
    return [_row(*v) for v in values]


def _row(
    pk, phone, attempts, in_doubt, claimed, updated, cid, name, cphone, consent, invalid, prov, prov_name
):
    place = Province(prov_name) if prov else None
    contact = RowContact(name, cphone, consent, invalid, prov, place)
    return Row(pk, phone, attempts, in_doubt, claimed, updated, cid, contact)
