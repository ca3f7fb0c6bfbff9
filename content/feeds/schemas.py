from datetime import datetime, timedelta

from ninja import Field, Schema


class FeedIn(Schema):
    outlet: str
    url: str
    kind: str = "press"
    channel: str = ""
    language: str = "vi"
    organisation: str | None = None
    poll_interval_minutes: int = 60


class FeedOut(Schema):
    id: int
    outlet: str
    url: str
    kind: str
    channel: str = Field(alias="publication_channel")
    language: str
    organisation: str | None
    owner: str | None
    active: bool
    healthy: bool
    poll_interval_minutes: int
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_status: int | None
    next_poll_at: datetime
    error_count: int
    last_error: str
    bozo_reason: str
    disabled_reason: str
    alerted_at: datetime | None

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.organisation.code if obj.organisation_id else None

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return obj.owner.username if obj.owner_id else None

    @staticmethod
    def resolve_poll_interval_minutes(obj) -> int:
        return int(obj.poll_interval / timedelta(minutes=1))


class PauseIn(Schema):
    reason: str = ""


class EntryOut(Schema):
    id: int
    feed: int = Field(alias="feed_id")
    outlet: str
    title: str
    link: str
    canonical_url: str
    published_at: datetime | None
    undated: bool
    edits: int
    status: str
    score: float
    campaign: int | None = Field(None, alias="campaign_id")
    candidates: list[dict]
    reasons: list[str] = Field(alias="match_reasons")

    @staticmethod
    def resolve_outlet(obj) -> str:
        return obj.feed.outlet


class ConfirmIn(Schema):
    campaign: int
    published_at: datetime | None = None


class PollQueuedOut(Schema):
    feed: int
    queued: bool


class WeekCountOut(Schema):
    week: str
    publications: int
