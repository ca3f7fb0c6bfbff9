from datetime import datetime

from ninja import Field, Schema


class OrganisationOut(Schema):
    code: str
    name: str
    kind: str
    province_code: str | None = None

    @staticmethod
    def resolve_province_code(obj) -> str | None:
        return obj.province.code if obj.province_id else None


class RoleOut(Schema):
    organisation: OrganisationOut
    role: str


class MeOut(Schema):
    username: str | None
    api_key: bool
    roles: list[RoleOut]


class ApiKeyIn(Schema):
    organisation: str
    name: str
    role: str = "editor"


class ApiKeyOut(Schema):
    id: int
    organisation: str
    name: str
    prefix: str
    role: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.code


class NewApiKeyOut(ApiKeyOut):
    key: str


class NotificationOut(Schema):
    id: int
    verb: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NotificationListOut(Schema):
    unread: int
    items: list[NotificationOut]


class MarkedReadOut(Schema):
    marked: int = Field(description="How many of the caller's unread notifications were marked read")
