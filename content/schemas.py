from datetime import date, datetime

from ninja import Field, Schema

from core.patch import PatchSchema


class RevisionOut(Schema):
    number: int
    title: str
    body: str
    outlet: str
    airtime: str
    media_links: list[str]
    content_hash: str
    author: str = Field(alias="author_label")
    created_at: datetime


class ItemIn(Schema):
    organisation: str | None = None
    channel: str
    audience: str
    language: str = "vi"
    title: str
    body: str
    outlet: str = ""
    airtime: str = ""
    media_links: list[str] = []
    planned_at: datetime | None = None
    campaign: int | None = None
    theme: str = Field("", max_length=48)  # a content theme's code, e.g. nguoi-viet-dung-hang-viet


class ItemPatch(PatchSchema):
    nullable = frozenset({"planned_at", "campaign"})  # null clears them
    channel: str | None = None
    audience: str | None = None
    language: str | None = None
    title: str | None = None
    body: str | None = None
    outlet: str | None = None
    airtime: str | None = None
    media_links: list[str] | None = None
    planned_at: datetime | None = None
    campaign: int | None = None
    theme: str | None = Field(None, max_length=48)


class ItemOut(Schema):
    id: int
    organisation: str
    author: str | None
    channel: str
    audience: str
    language: str
    title: str
    outlet: str
    planned_at: datetime | None
    campaign: int | None = Field(None, alias="campaign_id")
    theme: str
    status: str
    current_revision: RevisionOut | None
    approved_revision_number: int | None
    submitted_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.code

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.username if obj.author_id else None

    @staticmethod
    def resolve_theme(obj) -> str:
        return obj.theme.code if obj.theme_id else ""

    @staticmethod
    def resolve_approved_revision_number(obj) -> int | None:
        return obj.approved_revision.number if obj.approved_revision_id else None


class ItemUpdateOut(Schema):
    item: ItemOut
    revision_created: bool


class ScheduleIn(Schema):
    planned_at: datetime


class WithdrawIn(Schema):
    comment: str = ""


class DecisionIn(Schema):
    decision: str
    revision: int
    comment: str = ""


class ReviewOut(Schema):
    id: int
    revision: int
    requested_by: str | None
    requested_at: datetime
    reviewer: str | None
    decision: str
    comment: str
    decided_at: datetime | None

    @staticmethod
    def resolve_revision(obj) -> int:
        return obj.revision.number

    @staticmethod
    def resolve_requested_by(obj) -> str | None:
        return obj.requested_by.username if obj.requested_by_id else None

    @staticmethod
    def resolve_reviewer(obj) -> str | None:
        return obj.reviewer.username if obj.reviewer_id else None


class CommentIn(Schema):
    body: str
    parent: int | None = None
    revision: int | None = None


class CommentOut(Schema):
    id: int
    parent: int | None = Field(None, alias="parent_id")
    revision: int | None
    author: str = Field(alias="author_label")
    body: str
    created_at: datetime
    resolved_at: datetime | None

    @staticmethod
    def resolve_revision(obj) -> int | None:
        return obj.revision.number if obj.revision_id else None


class AuditOut(Schema):
    at: datetime
    actor: str = Field(alias="actor_label")
    action: str
    from_status: str
    to_status: str
    revision: int | None
    comment: str

    @staticmethod
    def resolve_revision(obj) -> int | None:
        return obj.revision.number if obj.revision_id else None


class PublicationIn(Schema):
    """What a person reports; the channel (the item's) and the source (manual) are the server's."""

    outlet: str
    published_at: datetime
    url: str = ""


class PublicationOut(Schema):
    id: int
    item: int | None = Field(None, alias="item_id")
    revision: int | None
    campaign: int | None = Field(None, alias="campaign_id")
    channel: str
    outlet: str
    title: str
    url: str
    published_at: datetime
    iso_week: str
    source: str
    feed_entry: int | None = Field(None, alias="feed_entry_id")

    @staticmethod
    def resolve_revision(obj) -> int | None:
        return obj.revision.number if obj.revision_id else None


class QueueItemOut(Schema):
    id: int
    title: str
    channel: str
    organisation: str
    province: str | None
    revision: int
    planned_at: datetime | None
    campaign: int | None = Field(None, alias="campaign_id")
    prep_due: date | None
    submitted_at: datetime | None

    @staticmethod
    def resolve_prep_due(obj) -> date | None:
        return obj.campaign.prep_due if obj.campaign_id else None

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.code

    @staticmethod
    def resolve_province(obj) -> str | None:
        return obj.organisation.province.code if obj.organisation.province_id else None

    @staticmethod
    def resolve_revision(obj) -> int:
        return obj.current_revision.number


class QueueCountsOut(Schema):
    total: int
    overdue: int
    due_within_7_days: int
    expiring_within_48h: int
    by_channel: dict[str, int]


class QueueOut(Schema):
    counts: QueueCountsOut
    items: list[QueueItemOut]


class FieldDiffOut(Schema):
    field: str
    label: str
    changed: bool
    words_inserted: int
    words_deleted: int
    html: str  # escaped text with <ins>/<del> around what changed


class CompareOut(Schema):
    against: str  # "reviewed" (the revision last decided on) or "approved"
    base: int  # revision number compared with
    current: int
    fields: list[FieldDiffOut]
