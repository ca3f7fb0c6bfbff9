import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import notification_unread_count
from content.models import ItemStatus
from core import formatting

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    return notification_unread_count(user=getattr(request, "user", None))


@register.filter
def status_label(value: str) -> str:
    """The Vietnamese (or English) label of a stored item status."""
    return ItemStatus(value).label if value in ItemStatus.values else value


@register.filter
def waiting(since: dt.datetime | None) -> str:
    """How long an item has waited for review, in words of the active language: "chờ 3 ngày 4 giờ"."""
    if since is None:
        return "—"
    if timezone.now() - since < dt.timedelta(minutes=1):
        return _("vừa gửi")
    return _("chờ %(age)s") % {"age": formatting.age(since)}


@register.filter
def due_label(planned_at: dt.datetime | None) -> str:
    """The planned publication time as a deadline: overdue, or how long is left."""
    if planned_at is None:
        return _("Không có hạn")
    now = timezone.now()
    at = formatting.datetime(planned_at)
    if planned_at <= now:
        return _("Quá hạn từ %(at)s") % {"at": at}
    # formatting.age(then, now=later) is the time from `then` to `later`: here from now to the deadline.
    return _("%(at)s (còn %(left)s)") % {"at": at, "left": formatting.age(now, now=planned_at)}
