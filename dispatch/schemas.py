from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from .contacts.phones import phone_mask


class ProvinceIn(Schema):
    code: str
    map: str = "2022"


class ProvinceBrief(Schema):
    code: str
    name: str
    map: str


class ContactOut(Schema):
    id: int  # its page: /dispatch/contacts/{id}/
    phone: str  # E.164 for editors; "0912 *** 678" for viewers
    carrier: str
    name: str
    kind: str
    tags: list[str]
    province: ProvinceBrief | None = None
    province_2025: ProvinceBrief | None = None
    consent_source: str
    consent_at: datetime | None
    organisation: str

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return obj.tag_list

    @staticmethod
    def resolve_phone(obj) -> str:
        return obj.phone if getattr(obj, "numbers_visible", False) else phone_mask(obj.phone)

    @staticmethod
    def resolve_province_2025(obj):
        return obj.province.successor if obj.province_id else None

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.code


class PhoneCheckOut(Schema):
    ok: bool
    e164: str | None = None
    carrier: str | None = None
    converted_from: str | None = None
    reason: str | None = None
    message: str | None = None


class ImportOut(Schema):
    id: int
    kind: str
    organisation: str
    filename: str
    status: str
    progress: int
    rows_done: int
    accepted: int
    merged: int
    rejected: int
    error: str
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.code


class RejectionOut(Schema):
    line: int
    reason: str
    message: str
    raw: str


class SuppressionIn(Schema):
    phone: str
    reason: str = "staff"
    note: str = ""


class SuppressionOut(Schema):
    phone: str
    reason: str
    note: str
    created_at: datetime


class SuppressionRemoveIn(Schema):
    reason: str


class SuppressionRemovalOut(Schema):
    phone: str
    suppression_reason: str
    reason: str
    removed_at: datetime


class AudienceFilterIn(Schema):
    organisation: str
    provinces: list[ProvinceIn] = []
    kinds: list[str] = []
    tags: list[str] = []
    consent_required: bool = True


class AudienceIn(AudienceFilterIn):
    name: str = Field(..., min_length=1, max_length=200)


class BreakdownOut(Schema):
    total: int
    eligible: int
    suppressed: int
    no_consent: int
    invalid: int


class AudienceOut(Schema):
    id: int
    name: str
    organisation: str
    provinces: list[ProvinceBrief]
    kinds: list[str]
    tags: list[str]
    consent_required: bool
    created_at: datetime

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.code

    @staticmethod
    def resolve_provinces(obj):
        return list(obj.provinces.all())


class CountOut(BreakdownOut):
    category: str


class PreviewIn(Schema):
    """Either draft `text` or an approved SMS `content_item_id`."""

    audience_id: int
    text: str | None = Field(None, min_length=1, max_length=2000)
    content_item_id: int | None = None
    category: str = "advertising"
    brandname: str = ""
    sample_size: int = Field(3, ge=1, le=10)


class TextInfoOut(Schema):
    encoding: str
    length: int
    parts: int
    cost_vnd: int


class SampleOut(Schema):
    phone: str
    name: str
    text: str | None
    unaccented: str | None
    error: str | None


class WarningOut(Schema):
    code: str
    message: str


class PreviewOut(Schema):
    text: str  # the template previewed (the approved revision's body for a content item)
    samples: list[SampleOut]
    accented: TextInfoOut
    unaccented: TextInfoOut
    recipients: BreakdownOut
    accented_blast_vnd: int
    unaccented_blast_vnd: int
    price_per_part_vnd: int
    warnings: list[WarningOut]
    send_now: bool
    next_allowed_at: datetime | None


class BlastProgressOut(Schema):
    id: int
    name: str
    status: str
    status_label: str
    state_text: str  # "Tạm hoãn đến 07:00 ngày 29/11 theo khung giờ quy định" when it waits for a time
    status_reason: str
    total: int
    done: int
    processed: int  # sent, delivered, undelivered or failed
    to_send: int  # total minus skipped
    percent: int  # processed ÷ to_send: skipped recipients are not progress
    counts: dict[str, int]
    rate_per_minute: int
    next_deferred_at: str | None


class BlastIn(Schema):
    """A blast of an approved SMS item to one of your audiences; `start` also starts it (the preview must
    be clean, as on the blast's page)."""

    name: str = Field("", max_length=200)
    organisation: int
    content_item: int
    audience: int
    category: Literal["advertising", "public_service"]
    sender: str = Field(..., min_length=1, max_length=64)
    unaccented: bool = False
    scheduled_at: datetime | None = None
    expires_at: datetime | None = None
    start: bool = False


class BlastOut(Schema):
    id: int
    name: str
    organisation: int
    content_item: int
    audience: int
    category: str
    sender: str
    unaccented: bool
    status: str
    status_reason: str
    scheduled_at: datetime | None
    expires_at: datetime | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_content_item(obj) -> int:
        return obj.content_item_id

    @staticmethod
    def resolve_audience(obj) -> int:
        return obj.audience_id


class MessageOut(Schema):
    id: int
    contact_id: int  # the contact's page: /dispatch/contacts/{contact_id}/ (404 outside the viewer's scope)
    phone: str  # masked ("0912 *** 678") unless the viewer edits for the sending organisation
    name: str
    status: str
    status_label: str
    reason: str
    reason_text: str
    parts: int
    attempts: int
    sent_at: datetime | None
    defer_until: datetime | None
    error_code: str


class MessagePageOut(Schema):
    count: int
    full_numbers: bool
    items: list[MessageOut]
