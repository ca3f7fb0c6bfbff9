"""Reads for organisations, API keys and notifications."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.permissions import actor_required
from core.errors import NotFound

from .models import ApiKey, Notification, Organisation, Profile
from .permissions import Actor


def organisation_list(*, kind: str | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("province").filter(is_active=True)
    return qs.filter(kind=kind) if kind else qs


@actor_required
def apikey_list(*, actor: Actor) -> QuerySet[ApiKey]:
    """Keys of the organisations the actor administers."""
    admin_orgs = [org_id for org_id, role in actor.roles.items() if role == "admin"]
    return ApiKey.objects.select_related("organisation").filter(organisation_id__in=admin_orgs)


def organisation_get(*, code: str) -> Organisation:
    try:
        return Organisation.objects.select_related("province").get(code=code)
    except Organisation.DoesNotExist:
        raise NotFound(_("Không có tổ chức mã '%(code)s'.") % {"code": code}, field="org") from None


@actor_required
def notification_list(*, actor: Actor, unread_only: bool = False) -> QuerySet[Notification]:
    """The caller's own notifications, newest first (an API key has none)."""
    if actor.user is None:
        return Notification.objects.none()
    qs = Notification.objects.filter(user=actor.user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


@dataclass(frozen=True)
class NotificationGroup:
    """One line of the notifications page: every notice of one kind about one thing (same verb and link),
    shown by its newest; "130 reminders of the same report" is one line with a count."""

    latest: Notification
    count: int
    unread: int
    first_at: dt.datetime


@actor_required
def notification_groups(*, actor: Actor) -> QuerySet:
    """The caller's notifications grouped by kind and object (verb, link), newest group first: rows of
    verb, link, count, unread, first_at, latest_at and latest_id, ready to be paged."""
    return (
        notification_list(actor=actor)
        .order_by()
        .values("verb", "link")
        .annotate(
            count=Count("pk"),
            unread=Count("pk", filter=Q(read_at__isnull=True)),
            first_at=Min("created_at"),
            latest_at=Max("created_at"),
            latest_id=Max("pk"),
        )
        .order_by("-latest_at", "-latest_id")
    )


def notification_group_rows(rows) -> list[NotificationGroup]:
    """A page of `notification_groups` rows with each group's newest notification (one query)."""
    rows = list(rows)
    latest = Notification.objects.in_bulk([row["latest_id"] for row in rows])
    return [
        NotificationGroup(latest[row["latest_id"]], row["count"], row["unread"], row["first_at"])
        for row in rows
        if row["latest_id"] in latest
    ]


def notification_unread_count(*, user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def user_language(*, user) -> str:
    """The language this person chose ('' when they never chose one)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return Profile.objects.filter(user=user).values_list("language", flat=True).first() or ""
