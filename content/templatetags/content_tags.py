import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import notification_unread_count
from content.models import ItemStatus
from core.formatting import duration

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    return notification_unread_count(user=getattr(request, "user", None))


@register.filter
def diff_class(line: str) -> str:
    if line.startswith(("+++", "---")):
        return "diff-file"
    if line.startswith("@@"):
        return "diff-hunk"
    if line.startswith("+"):
        return "diff-add"
    if line.startswith("-"):
        return "diff-del"
    return ""


@register.filter
def status_label(value: str) -> str:
    """The Vietnamese (or English) label of a stored item status."""
    return ItemStatus(value).label if value in ItemStatus.values else value


@register.filter
def due_label(planned_at: dt.datetime | None) -> str:
    """The planned publication time as a deadline: overdue, or how long is left."""
    if planned_at is None:
        return _("Không có hạn")
    local = f"{timezone.localtime(planned_at):%H:%M %d/%m/%Y}"
    if planned_at <= timezone.now():
        return _("Quá hạn từ %(at)s") % {"at": local}
    return _("%(at)s (còn %(left)s)") % {"at": local, "left": duration(planned_at - timezone.now())}
