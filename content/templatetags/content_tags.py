import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import notification_unread_count
from content.models import ItemStatus

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
def waiting_age(since: dt.datetime | None) -> str:
    """How long something has waited, in words of the active language: "3 ngày 4 giờ", "25 phút"."""
    if since is None:
        return "—"
    return duration_words(timezone.now() - since)


def duration_words(delta: dt.timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days})
    if hours and days < 7:
        parts.append(ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours})
    if not days and not hours:
        parts.append(ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes})
    return " ".join(parts)


@register.filter
def due_label(planned_at: dt.datetime | None) -> str:
    """The planned publication time as a deadline: overdue, or how long is left."""
    if planned_at is None:
        return _("Không có hạn")
    local = f"{timezone.localtime(planned_at):%H:%M %d/%m/%Y}"
    if planned_at <= timezone.now():
        return _("Quá hạn từ %(at)s") % {"at": local}
    return _("%(at)s (còn %(left)s)") % {"at": local, "left": duration_words(planned_at - timezone.now())}
